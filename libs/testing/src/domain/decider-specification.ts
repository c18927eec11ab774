import {
  decide,
  evolve,
  initialState,
  isDomainError,
  type LicenceCommand,
  type LicenceEvent,
  type LicenceState,
} from '@ledger/domain';

/**
 * Given/when/then for the licence decider (CONVENTIONS 8; anchor: emmett's
 * `testing/deciderSpecification.ts`): the given events are folded with `evolve` from
 * `initialState()`, the command is decided once, and the outcome is compared.
 *
 *   givenLicence([issued]).when(recordInfraction).then([recorded, withdrawn]);
 *   givenLicence([issued]).when(badCommand).thenThrows('DATE.IN_FUTURE');
 *   givenLicence(stream).when(sameCommandAgain).thenAppendsNothing();
 *
 * The assertions use jest's `expect`, so a failure shows a readable diff of the events.
 */
export interface DeciderOutcome {
  /** The events appended are exactly these, in this order (deep equality). */
  then(expectedEvents: LicenceEvent[]): void;
  /** The command is refused with a DomainError of this code, and nothing would be appended. */
  thenThrows(code: string): void;
  /** The command is accepted and decides nothing (a retry, a run with nothing due). */
  thenAppendsNothing(): void;
  /** The events the command appends, for assertions the three verbs above do not cover. */
  appended(): LicenceEvent[];
}

export interface GivenLicence {
  when(command: LicenceCommand): DeciderOutcome;
}

/** Folds a stream into the decider's state, as the command handler does after reading it. */
export function foldLicence(events: readonly LicenceEvent[]): LicenceState {
  return events.reduce<LicenceState>(evolve, initialState());
}

export function givenLicence(events: readonly LicenceEvent[]): GivenLicence {
  return {
    when(command: LicenceCommand): DeciderOutcome {
      const decideOnce = (): LicenceEvent[] => decide(command, foldLicence(events));
      return {
        then(expectedEvents) {
          expect(decideOnce()).toEqual(expectedEvents);
        },
        thenThrows(code) {
          const snapshot = JSON.stringify(events);
          let appended: LicenceEvent[] | undefined;
          let thrown: unknown;
          try {
            appended = decideOnce();
          } catch (error) {
            thrown = error;
          }
          if (appended !== undefined) {
            throw new Error(
              `Expected the command to be refused with ${code}, but it was accepted and would append:\n` +
                JSON.stringify(appended, null, 2),
            );
          }
          if (!isDomainError(thrown)) {
            throw new Error(`Expected a DomainError with code ${code}, but got: ${String(thrown)}`);
          }
          expect({ code: thrown.code, message: thrown.message }).toEqual({
            code,
            message: expect.any(String),
          });
          // A refusal decides nothing: no event is returned and the given stream is left untouched.
          expect(JSON.stringify(events)).toBe(snapshot);
        },
        thenAppendsNothing() {
          expect(decideOnce()).toEqual([]);
        },
        appended() {
          return decideOnce();
        },
      };
    },
  };
}
