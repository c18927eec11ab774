import type { LicenceDecision } from '../events/decisions';
import type { LicenceFact } from '../events/facts';
import { isDecision, isFact, type LicenceEvent } from '../events/licence-event';
import { LicenceErrors } from '../errors/licence-errors';
import { timeline } from '../timeline/timeline';
import type { ApplyDueChanges, LicenceCommand } from './licence-commands';
import { ledgerDifference } from './ledger-difference';
import type { LicenceState } from './licence-state';
import { factFor } from './fact-for-command';
import { requireDate } from './input-checks';
import { addDays } from '../values/calendar-date';

export function initialState(): LicenceState {
  return { licenceNumber: null, facts: [], recorded: new Map() };
}

export function evolve(state: LicenceState, event: LicenceEvent): LicenceState {
  if (isFact(event)) {
    return {
      ...state,
      licenceNumber: event.type === 'LicenceIssued' ? event.data.licenceNumber : state.licenceNumber,
      facts: [...state.facts, event],
    };
  }
  if (isDecision(event)) {
    const recorded = new Map(state.recorded);
    recorded.set(event.data.decisionId, event);
    return { ...state, recorded };
  }
  if (event.type === 'DecisionReversed') {
    const recorded = new Map(state.recorded);
    recorded.delete(event.data.reversedDecisionId);
    return { ...state, recorded };
  }
  const exhaustive: never = event;
  return exhaustive;
}

/**
 * decide(command, state): the fact the command records, if any, followed by the difference
 * between the timeline and the ledger up to yesterday (RULES §1); the daily run appends the rest. Throws a DomainError when the law or
 * the facts refuse the command; an identical command sent again decides nothing.
 */
export function decide(command: LicenceCommand, state: LicenceState): LicenceEvent[] {
  requireDate('date of today', command.today);
  if (command.type === 'ApplyDueChanges') return applyDueChanges(command, state);
  const fact = factFor(command, state);
  if (fact === null) return [];
  const facts: LicenceFact[] = [...state.facts, fact];
  // Decisions "whose date is already past" come with the fact (RULES §1): those dated today wait
  // for the daily run, so that the establishments of one check recorded one after another today
  // make one withdrawal and one letter (RULES §3), not a withdrawal corrected twice.
  const yesterday = addDays(command.today, -1);
  return [fact, ...ledgerDifference(timeline(facts, yesterday), state.recorded, yesterday, command.today)];
}

function applyDueChanges(command: ApplyDueChanges, state: LicenceState): LicenceEvent[] {
  const asOf = requireDate('date of the run', command.data.asOf);
  if (asOf > command.today) throw LicenceErrors.dateInFuture('date of the run', asOf, command.today);
  if (state.licenceNumber === null) throw LicenceErrors.unknownLicence();
  return ledgerDifference(timeline(state.facts, asOf), state.recorded, asOf, command.today);
}

/** The decisions the ledger holds, for callers that read the state. */
export function recordedDecisions(state: LicenceState): LicenceDecision[] {
  return [...state.recorded.values()];
}
