import {
  displayedBalance,
  licencePeriods,
  openingRawBalance,
  situationFrom,
  type CalendarDate,
  type LicenceDecision,
  type LicenceFile as DomainLicenceFile,
  type LicencePeriod,
} from '@ledger/domain';
import type { LedgerEntry, PointsBalance, UpcomingRestoration } from '../graphql/balance.types';
import type { Infraction, LicenceFile } from '../graphql/licence-file.types';
import { infractionWordings } from './infraction-wording';
import { articleOf, conditionOf, explain, type WordInfraction } from './ledger-explanations';
import { LEGAL_NOTICES } from './legal-notices';

/** What the read model holds of one licence: its file and its whole timeline. */
export interface StoredLicence {
  licenceNumber: string;
  streamVersion: string;
  file: DomainLicenceFile;
  timeline: LicenceDecision[];
}

type EntryKind = LedgerEntry['kind'];

function kindOf(decision: LicenceDecision): EntryKind | null {
  switch (decision.type) {
    case 'PointsWithdrawn':
      return 'WITHDRAWAL';
    case 'PointsRestored':
      return decision.data.kind === 'FULL'
        ? 'RESTORATION_FULL'
        : decision.data.kind === 'SIX_MONTHS'
          ? 'RESTORATION_SIX_MONTHS'
          : 'RESTORATION_TEN_YEARS';
    case 'TrainingCourseCredited':
      return 'TRAINING_COURSE';
    case 'ProbationIncrementGranted':
      return 'PROBATION_INCREMENT';
    case 'ProbationEnded':
      return 'PROBATION_END';
    case 'LicenceInvalidated':
      return null;
  }
}

function infractionIdsOf(decision: LicenceDecision): string[] {
  if (decision.type === 'PointsWithdrawn') return [...decision.data.infractionIds];
  if (decision.type === 'PointsRestored' && decision.data.infractionId) return [decision.data.infractionId];
  return [];
}

/**
 * The history: the law's timeline up to asOf, as changes of the displayed balance. A number issued
 * again after an invalidation keeps every period (RULES §2); each starts from its own balance.
 */
function historyOf(
  decisions: readonly LicenceDecision[],
  periods: readonly LicencePeriod[],
  word: WordInfraction,
): LedgerEntry[] {
  let period = 0;
  let previousRaw = openingRawBalance(periods[0]);
  const entries: LedgerEntry[] = [];
  for (const decision of decisions) {
    while (period + 1 < periods.length && decision.data.effectiveOn >= periods[period + 1].issuedOn) {
      period++;
      previousRaw = openingRawBalance(periods[period]);
    }
    const kind = kindOf(decision);
    const raw = decision.data.rawBalanceAfter;
    if (kind) {
      entries.push({
        effectiveOn: decision.data.effectiveOn,
        kind,
        points: displayedBalance(raw) - displayedBalance(previousRaw),
        balanceAfter: displayedBalance(raw),
        capitalAfter: decision.data.capitalAfter,
        infractionId: infractionIdsOf(decision)[0] ?? null,
        explanation: explain(decision, word),
        article: articleOf(decision),
      });
    }
    previousRaw = raw;
  }
  return entries;
}

function upcomingOf(decisions: readonly LicenceDecision[]): UpcomingRestoration[] {
  return decisions.flatMap((decision) => {
    const kind = kindOf(decision);
    if (!kind || kind === 'WITHDRAWAL' || !('points' in decision.data) || decision.data.points <= 0)
      return [];
    return [
      {
        expectedOn: decision.data.effectiveOn,
        kind,
        points: decision.data.points,
        condition: conditionOf(decision),
      },
    ];
  });
}

export function presentBalance(
  licence: StoredLicence,
  asOf: CalendarDate,
): Omit<PointsBalance, 'consultations' | 'letters'> & { rawPoints: number } {
  const situation = situationFrom(licence.file, licence.timeline, asOf);
  const periods = licencePeriods(licence.file);
  return {
    licenceNumber: licence.licenceNumber,
    points: situation.points,
    rawPoints: situation.rawPoints,
    capital: situation.capital,
    asOf,
    status: situation.status,
    invalidatedOn: situation.invalidatedOn,
    newLicenceAllowedFrom: situation.newLicenceAllowedFrom,
    probation: situation.probation,
    notices: [...LEGAL_NOTICES],
    history: historyOf(
      situation.decisions,
      periods,
      infractionWordings(periods.flatMap((period) => period.infractions)),
    ),
    upcomingRestorations: upcomingOf(situation.upcoming),
  };
}

/** The infractions as they stood on asOf: committed by then, established or cancelled by then. */
export function presentInfractions(file: DomainLicenceFile, asOf: CalendarDate): Infraction[] {
  return file.infractions
    .filter((i) => i.committedOn <= asOf)
    .map((i) => {
      const established = i.establishedOn !== undefined && i.establishedOn <= asOf;
      const cancelled = i.cancelledOn !== undefined && i.cancelledOn <= asOf;
      return {
        infractionId: i.infractionId,
        offenceCode: i.offenceCode,
        contraventionClass: i.offenceClass === 'DELIT' ? 'DELIT' : String(i.offenceClass),
        committedOn: i.committedOn,
        checkId: i.checkId ?? null,
        status: cancelled ? 'CANCELLED' : established ? 'ESTABLISHED' : 'RECORDED',
        establishedOn: established ? i.establishedOn! : null,
        establishedBy: established ? (i.establishedBy ?? null) : null,
        pointsWithdrawn: established && !cancelled ? i.withdrawn : 0,
      };
    });
}

export function presentLicenceFile(
  licence: StoredLicence,
  asOf: CalendarDate,
  extras: Pick<PointsBalance, 'consultations' | 'letters'>,
): LicenceFile {
  const { rawPoints, ...balance } = presentBalance(licence, asOf);
  const { holder } = licence.file;
  return {
    licenceNumber: licence.licenceNumber,
    holder: { ...holder, birthplace: holder.birthplace ?? null },
    issuedOn: licence.file.issuedOn,
    balance: { ...balance, ...extras },
    rawPoints,
    infractions: presentInfractions(licence.file, asOf),
    version: licence.streamVersion,
    postalAddress: licence.file.address
      ? {
          ...licence.file.address,
          lines: [...licence.file.address.lines],
          country: licence.file.address.country ?? null,
        }
      : null,
  };
}
