/**
 * How each older shape of an event's data becomes the current one (CONVENTIONS 9): per type, the
 * ordered steps from a schema version to the next. Plain data, so the domain stays free of the
 * store; the application hands it to the store (`new UpcasterRegistry(LEDGER_UPCASTERS)`).
 * When a shape changes, add its step here, bump EVENT_SCHEMA_VERSIONS (licence-event.ts) and add
 * its `v<N+1>.json` under test/fixtures/events/ in the same change.
 */
export interface EventUpcastStep {
  readonly fromVersion: number;
  upcast(data: unknown): unknown;
}

interface LicenceIssuedV1 {
  probationary: boolean;
  [key: string]: unknown;
}

interface PointsWithdrawnV1 {
  infractionIds: string[];
  probationary: boolean;
  rawBalanceAfter: number;
  [key: string]: unknown;
}

// Both steps keep a field the data already has: writers outside the command side (test beds, the
// seed) label every event with CURRENT_SCHEMA_VERSION, and the data they got from the decider is
// already in the current shape.

/**
 * LicenceIssued v2 says whether the licence is a first licence (RULES §2). A v1 stream held one
 * issue and no earlier number, and v1 treated every probationary licence as a first licence.
 */
const licenceIssuedV1toV2: EventUpcastStep = {
  fromVersion: 1,
  upcast: (data) => {
    const v1 = data as LicenceIssuedV1;
    return { ...v1, firstLicence: v1.firstLicence ?? v1.probationary };
  },
};

/**
 * PointsWithdrawn v2 names the infractions committed during probation, which decide the 48N letter
 * (RULES §6: judged on the commission date), and says whether the day ended on a nil balance (the
 * 48SI, RULES §1). v1 judged on the establishment date: when the licence was probationary then,
 * every infraction of the withdrawal was taken as committed in probation; and v1 took the 48SI from
 * the withdrawal's own balance.
 */
const pointsWithdrawnV1toV2: EventUpcastStep = {
  fromVersion: 1,
  upcast: (data) => {
    const v1 = data as PointsWithdrawnV1;
    return {
      ...v1,
      committedInProbation: v1.committedInProbation ?? (v1.probationary ? [...v1.infractionIds] : []),
      nilBalance: v1.nilBalance ?? v1.rawBalanceAfter <= 0,
    };
  },
};

export const LEDGER_UPCASTERS: Readonly<Record<string, readonly EventUpcastStep[]>> = {
  LicenceIssued: [licenceIssuedV1toV2],
  PointsWithdrawn: [pointsWithdrawnV1toV2],
};
