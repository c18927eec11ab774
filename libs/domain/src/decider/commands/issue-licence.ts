import type { LicenceFact, LicenceIssued, PreviousLicence } from '../../events/facts';
import { isDomainError } from '../../errors/domain-error';
import { LicenceErrors, ReissueErrors } from '../../errors/licence-errors';
import { initialCeiling } from '../../rules/capital';
import { buildLicenceFile, type LicenceFile } from '../../timeline/licence-file';
import { situationOf } from '../../timeline/situation';
import { computeTimeline, licencePeriods } from '../../timeline/timeline';
import type { CalendarDate } from '../../values/calendar-date';
import { parseLicenceNumber } from '../../values/licence-number';
import { requirePastDate, sameData, stripUndefined } from '../input-checks';
import { parseAddress } from '../input/address-input';
import { parseHolder } from '../input/holder-input';
import type { IssueLicence } from '../licence-commands';
import type { LicenceState } from '../licence-state';

type IssueData = Omit<LicenceIssued['data'], 'firstLicence' | 'previousLicence'> & {
  previousLicenceNumber?: string;
};

/**
 * A licence issued, or imported with its balance. The same number may be issued again once its
 * invalidation took effect, it was handed in, and `newLicenceAllowedFrom` has come (RULES §2,
 * §5): a new probationary licence with 6 points that is not a first licence. A licence issued
 * after an earlier number's invalidation names it, under the same conditions on that number.
 */
export function issueLicence(command: IssueLicence, state: LicenceState): LicenceIssued | null {
  const input = parseIssue(command);
  const issues = state.facts.filter((f): f is LicenceIssued => f.type === 'LicenceIssued');
  if (issues.some((issue) => sameData(issuedAsTyped(issue), input))) return null; // the same command again
  const { previousLicenceNumber, ...data } = input;
  const previousLicence =
    previousLicenceNumber === undefined
      ? undefined
      : previousLicenceOf(previousLicenceNumber, command.previousLicenceFacts ?? [], data);
  const onThisNumber = buildLicenceFile(state.facts);
  if (onThisNumber !== null) requireIssuedAgainAllowed(onThisNumber, data);
  // R223-1 II: a first licence is probationary and follows no invalidation, on this number or another.
  const firstLicence = data.probationary && onThisNumber === null && previousLicence === undefined;
  return { type: 'LicenceIssued', data: stripUndefined({ ...data, firstLicence, previousLicence }) };
}

function parseIssue(command: IssueLicence): IssueData {
  const d = command.data;
  const licenceNumber = parseLicenceNumber(d.licenceNumber);
  const issuedOn = requirePastDate('issue date', d.issuedOn, command.today);
  if (typeof d.probationary !== 'boolean')
    throw LicenceErrors.invalid('probationary', 'Say whether the licence is probationary.');
  const earlyLearning = d.earlyLearning ?? false;
  if (earlyLearning && !d.probationary) throw LicenceErrors.earlyLearningNotProbationary();
  const ceiling = initialCeiling(d.probationary);
  if (
    d.openingBalance !== undefined &&
    (!Number.isInteger(d.openingBalance) || d.openingBalance < 1 || d.openingBalance > ceiling)
  ) {
    throw LicenceErrors.invalidOpeningBalance(d.openingBalance, ceiling);
  }
  const holder = parseHolder(d.holder, issuedOn);
  const address = d.address === undefined ? undefined : parseAddress(d.address);
  const previousLicenceNumber =
    d.previousLicenceNumber === undefined
      ? undefined
      : parsePreviousNumber(d.previousLicenceNumber, licenceNumber);
  return stripUndefined({
    licenceNumber,
    issuedOn,
    holder,
    probationary: d.probationary,
    earlyLearning,
    openingBalance: d.openingBalance,
    address,
    previousLicenceNumber,
  });
}

/** A recorded issue as the command that recorded it had it, to recognise that command sent again. */
function issuedAsTyped(issue: LicenceIssued): IssueData {
  const { firstLicence: _first, previousLicence, ...data } = issue.data;
  return stripUndefined({ ...data, previousLicenceNumber: previousLicence?.licenceNumber });
}

function parsePreviousNumber(value: string, licenceNumber: string): string {
  let previous: string;
  try {
    previous = parseLicenceNumber(value);
  } catch (error) {
    // The same refusal, naming the field the clerk filled in; anything else is not a refusal.
    if (isDomainError(error)) throw ReissueErrors.malformedPreviousNumber(value);
    throw error;
  }
  if (previous === licenceNumber) throw ReissueErrors.previousIsThisNumber(previous);
  return previous;
}

/** The same number again: only once its invalidation took effect, it was handed in and the wait is over (L223-5). */
function requireIssuedAgainAllowed(file: LicenceFile, data: IssueData): void {
  if (data.issuedOn <= file.issuedOn) throw LicenceErrors.alreadyIssued(file.licenceNumber);
  requireNewLicenceAllowed(file, data.issuedOn, file.licenceNumber, () =>
    LicenceErrors.alreadyIssued(file.licenceNumber),
  );
  // L223-5, R223-1 II: after an invalidation the holder obtains a new probationary licence, with 6 points.
  if (!data.probationary || data.openingBalance !== undefined)
    throw ReissueErrors.notProbationary(file.licenceNumber);
}

/** The earlier number, invalidated, handed in, its wait over; its invalidations carried for the 1-year wait. */
function previousLicenceOf(
  previousNumber: string,
  facts: readonly LicenceFact[],
  data: IssueData,
): PreviousLicence {
  const file = buildLicenceFile(facts);
  if (file === null) throw ReissueErrors.previousUnknown(previousNumber);
  requireNewLicenceAllowed(file, data.issuedOn, previousNumber, () =>
    ReissueErrors.previousNotInvalidated(previousNumber),
  );
  const onThatNumber = computeTimeline(file, data.issuedOn)
    .filter((d) => d.type === 'LicenceInvalidated')
    .map((d) => d.data.effectiveOn);
  const onItsEarlierNumbers = licencePeriods(file).flatMap((p) => p.previousLicence?.invalidatedOn ?? []);
  return {
    licenceNumber: previousNumber,
    invalidatedOn: [...new Set([...onItsEarlierNumbers, ...onThatNumber])].sort(),
  };
}

function requireNewLicenceAllowed(
  file: LicenceFile,
  issuedOn: CalendarDate,
  number: string,
  notInvalidated: () => Error,
): void {
  const situation = situationOf(file, issuedOn);
  if (situation.status !== 'INVALIDATED') throw notInvalidated();
  if (situation.newLicenceAllowedFrom === null)
    throw ReissueErrors.notHandedIn(number, situation.invalidatedOn!);
  if (issuedOn < situation.newLicenceAllowedFrom)
    throw ReissueErrors.waitNotOver(number, issuedOn, situation.newLicenceAllowedFrom);
}
