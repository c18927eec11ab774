/**
 * How each older shape of an event's data becomes the current one (CONVENTIONS 9): per type, the
 * ordered steps from a schema version to the next. Plain data, so the domain stays free of the
 * store; the application hands it to the store (`new UpcasterRegistry(LEDGER_UPCASTERS)`).
 * Every event type is at version 1: nothing to upcast yet. When a shape changes, add its step
 * here and its `v<N+1>.json` under test/fixtures/events/ in the same change.
 */
export interface EventUpcastStep {
  readonly fromVersion: number;
  upcast(data: unknown): unknown;
}

export const LEDGER_UPCASTERS: Readonly<Record<string, readonly EventUpcastStep[]>> = {};
