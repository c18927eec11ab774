import fc from 'fast-check';
import {
  addDays,
  decide,
  evolve,
  initialState,
  isDomainError,
  situationAt,
  timeline,
  type LicenceCommand,
  type LicenceEvent,
  type LicenceState,
} from '@ledger/domain';
import { historyArbitrary } from '@ledger/testing';

/** Sends a command; a refusal of the law appends nothing and leaves the state as it was. */
function send(state: LicenceState, command: LicenceCommand): { state: LicenceState; appended: LicenceEvent[] } {
  try {
    const appended = decide(command, state);
    return { state: appended.reduce(evolve, state), appended };
  } catch (error) {
    if (isDomainError(error)) return { state, appended: [] };
    throw error;
  }
}

function replay(commands: readonly LicenceCommand[]): LicenceState {
  return commands.reduce((state, command) => send(state, command).state, initialState());
}

const activeIds = (state: LicenceState) => [...state.recorded.keys()].sort();
const RUNS = { numRuns: Number(process.env.PROPERTY_RUNS ?? 300) };

describe('properties of the ledger over random histories', () => {
  test('the displayed balance stays between 0 and the ceiling on every day that matters', () => {
    fc.assert(
      fc.property(historyArbitrary, fc.array(fc.integer({ min: 0, max: 6000 }), { minLength: 1, maxLength: 8 }), (history, offsets) => {
        const state = replay(history.commands);
        const issuedOn = history.commands[0].today;
        for (const offset of offsets) {
          const situation = situationAt(state.facts, addDays(issuedOn, offset))!;
          expect(situation.points).toBeGreaterThanOrEqual(0);
          expect(situation.points).toBeLessThanOrEqual(situation.capital);
          expect(situation.rawPoints).toBeLessThanOrEqual(situation.capital);
          expect([6, 8, 9, 10, 12]).toContain(situation.capital);
        }
      }),
      RUNS,
    );
  });

  test('the same facts always give the same decisions', () => {
    fc.assert(
      fc.property(historyArbitrary, (history) => {
        const state = replay(history.commands);
        const horizon = addDays(history.lastDay, 4000);
        expect(timeline(state.facts, horizon)).toEqual(timeline(structuredClone(state.facts), horizon));
        expect(replay(history.commands)).toEqual(state);
      }),
      RUNS,
    );
  });

  test('sending a command twice changes nothing the second time', () => {
    fc.assert(
      fc.property(historyArbitrary, (history) => {
        let state = initialState();
        for (const command of history.commands) {
          state = send(state, command).state;
          const again = send(state, command);
          expect(again.appended).toEqual([]);
        }
      }),
      RUNS,
    );
  });

  test('appending the difference twice yields nothing the second time', () => {
    fc.assert(
      fc.property(historyArbitrary, fc.integer({ min: 0, max: 4000 }), (history, ahead) => {
        const state = replay(history.commands);
        if (state.licenceNumber === null) return;
        const today = addDays(history.lastDay, ahead);
        const first = send(state, { type: 'ApplyDueChanges', today, data: { asOf: today } });
        const second = send(first.state, { type: 'ApplyDueChanges', today, data: { asOf: today } });
        expect(second.appended).toEqual([]);
      }),
      RUNS,
    );
  });

  test("a late fact's corrections, applied, leave the ledger equal to the timeline recomputed from scratch", () => {
    fc.assert(
      fc.property(historyArbitrary, (history) => {
        let state = initialState();
        for (const command of history.commands) {
          const result = send(state, command);
          state = result.state;
          if (result.appended.length === 0 || state.licenceNumber === null) continue;
          // a fact brings the decisions dated up to yesterday; the daily run those up to its date
          const upTo = command.type === 'ApplyDueChanges' ? command.data.asOf : addDays(command.today, -1);
          const expected = timeline(state.facts, upTo).map((d) => d.data.decisionId).sort();
          const ledger = activeIds(state).filter((id) => state.recorded.get(id)!.data.effectiveOn <= upTo);
          expect(ledger).toEqual(expected);
          // and the raw balance the ledger holds is the timeline's
          const ledgerRaw = [...state.recorded.values()]
            .filter((d) => d.data.effectiveOn <= upTo)
            .sort((a, b) => (a.data.effectiveOn < b.data.effectiveOn ? -1 : 1));
          const situation = situationAt(state.facts, upTo)!;
          if (ledgerRaw.length > 0) expect(situation.decisions.length).toBe(ledgerRaw.length);
        }
      }),
      RUNS,
    );
  });
});
