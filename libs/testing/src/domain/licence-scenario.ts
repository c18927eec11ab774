import {
  addDays,
  decide,
  evolve,
  initialState,
  isDecision,
  letterFor,
  situationAt,
  type CalendarDate,
  type CivilStatus,
  type LicenceCommand,
  type LicenceDecision,
  type LicenceEvent,
  type LicenceSituation,
  type LicenceState,
  type LetterReference,
  type OffenceCode,
  type EstablishmentMode,
} from '@ledger/domain';

/** Facts are recorded the day after they happen, as a clerk's batch would: the daily run of that
 * morning has appended what was due before (RULES §1). */
const dayAfter = (date: CalendarDate): CalendarDate => addDays(date, 1);

export const A_HOLDER: CivilStatus = {
  familyName: 'Martin',
  givenNames: 'Camille Marie',
  birthdate: '1990-04-12',
  gender: 'FEMALE',
  birthplace: '75056',
  birthcountry: '99100',
};

type Data<T extends LicenceCommand['type']> = Extract<LicenceCommand, { type: T }>['data'];

/**
 * A licence's life told as a story, one dated command after another, through the real decider:
 * what a clerk records on a day, and the daily run on the days in between.
 */
export class LicenceScenario {
  private state: LicenceState = initialState();
  readonly events: LicenceEvent[] = [];
  private counter = 0;

  static fullLicence(issuedOn: CalendarDate, openingBalance?: number): LicenceScenario {
    return new LicenceScenario().issue({
      licenceNumber: '901004310016',
      issuedOn,
      holder: A_HOLDER,
      probationary: false,
      ...(openingBalance !== undefined ? { openingBalance } : {}),
    });
  }

  static firstLicence(issuedOn: CalendarDate, earlyLearning = false): LicenceScenario {
    return new LicenceScenario().issue({
      licenceNumber: '901004310016',
      issuedOn,
      holder: A_HOLDER,
      probationary: true,
      earlyLearning,
    });
  }

  /**
   * The same number issued again after its invalidation (RULES §2): a new probationary licence.
   * `today` defaults to the issue date, as for the first issue.
   */
  issueAgain(issuedOn: CalendarDate, data: Partial<Data<'IssueLicence'>> = {}, today = issuedOn): this {
    return this.issue({ licenceNumber: '901004310016', issuedOn, holder: A_HOLDER, probationary: true, ...data }, today);
  }

  /** Sends a command as on `today` (default: the date it records), folding what it appends. */
  send(command: LicenceCommand): LicenceEvent[] {
    const appended = decide(command, this.state);
    for (const event of appended) {
      this.state = evolve(this.state, event);
      this.events.push(event);
    }
    return appended;
  }

  issue(data: Data<'IssueLicence'>, today = data.issuedOn): this {
    this.send({ type: 'IssueLicence', today, data });
    return this;
  }

  infraction(
    infractionId: string,
    offenceCode: OffenceCode,
    committedOn: CalendarDate,
    extra: Partial<Data<'RecordInfraction'>> = {},
    today = dayAfter(committedOn),
  ): this {
    this.send({ type: 'RecordInfraction', today, data: { infractionId, offenceCode, committedOn, ...extra } });
    return this;
  }

  establish(infractionId: string, establishedOn: CalendarDate, mode: EstablishmentMode = 'FINE_PAID', today = dayAfter(establishedOn)): this {
    this.send({ type: 'EstablishInfraction', today, data: { infractionId, establishedOn, mode } });
    return this;
  }

  /** Records and establishes in one go, each on its own date. */
  paid(
    infractionId: string,
    offenceCode: OffenceCode,
    committedOn: CalendarDate,
    establishedOn: CalendarDate,
    extra: Partial<Data<'RecordInfraction'>> = {},
  ): this {
    return this.infraction(infractionId, offenceCode, committedOn, extra, establishedOn).establish(infractionId, establishedOn);
  }

  cancel(infractionId: string, cancelledOn: CalendarDate, today = dayAfter(cancelledOn)): this {
    this.send({ type: 'CancelInfraction', today, data: { infractionId, cancelledOn, reason: 'Annulée par le tribunal' } });
    return this;
  }

  course(firstDay: CalendarDate, lastDay: CalendarDate, today = dayAfter(lastDay), courseId = `course-${++this.counter}`): this {
    this.send({ type: 'RecordTrainingCourse', today, data: { courseId, firstDay, lastDay } });
    return this;
  }

  complementaryTraining(completedOn: CalendarDate, today = dayAfter(completedOn)): this {
    this.send({ type: 'RecordComplementaryTraining', today, data: { completedOn } });
    return this;
  }

  delivered(deliveredOn: CalendarDate, today = dayAfter(deliveredOn)): this {
    this.send({ type: 'RecordInvalidationDelivered', today, data: { deliveredOn } });
    return this;
  }

  surrendered(surrenderedOn: CalendarDate, today = dayAfter(surrenderedOn)): this {
    this.send({ type: 'RecordLicenceSurrendered', today, data: { surrenderedOn } });
    return this;
  }

  /** The daily run on `asOf`. */
  runUntil(asOf: CalendarDate, today = asOf): this {
    this.send({ type: 'ApplyDueChanges', today, data: { asOf } });
    return this;
  }

  get currentState(): LicenceState {
    return this.state;
  }

  facts() {
    return this.state.facts;
  }

  /** The law's view on a date (the balance "at this instant"). */
  on(asOf: CalendarDate): LicenceSituation {
    const situation = situationAt(this.state.facts, asOf);
    if (!situation) throw new Error('no licence issued');
    return situation;
  }

  /** Decisions the ledger recorded (facts left out), in order of appending. */
  recordedDecisions(): LicenceDecision[] {
    return this.events.filter(isDecision);
  }

  /** The letters the law calls for up to a date, from the timeline (what stands, corrections aside). */
  lettersDue(until: CalendarDate): Array<{ on: CalendarDate; ref: LetterReference }> {
    return this.on(until).decisions.flatMap((d) => {
      const ref = letterFor(d);
      return ref ? [{ on: d.data.effectiveOn, ref }] : [];
    });
  }

  /** The letters due from the recorded decisions and corrections, in order. */
  lettersRecorded(): Array<{ on: CalendarDate; ref: LetterReference }> {
    return this.events.flatMap((e) => {
      if (!isDecision(e) && e.type !== 'DecisionReversed') return [];
      const ref = letterFor(e);
      return ref ? [{ on: e.data.effectiveOn, ref }] : [];
    });
  }
}
