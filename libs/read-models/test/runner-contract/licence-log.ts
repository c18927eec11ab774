import type { EventStore } from '@ledger/event-store';
import { appendTo, scenarioFor } from '../read-model-test-bed';

/**
 * Licences `from` … `from + count - 1` appended to the log, each with withdrawals, a course and a
 * cancellation: about a dozen events each. Returns the last position written.
 */
export async function writeLicences(log: EventStore, from: number, count: number): Promise<bigint> {
  const numberAt = (i: number) => String(901004310100 + i);
  let last = 0n;
  for (let i = from; i < from + count; i++) {
    const scenario = scenarioFor(numberAt(i), '2015-01-10')
      .paid(`a${i}`, 'SPEEDING', '2024-05-20', '2024-06-01', { retainedExcessKmh: 12, speedLimitKmh: 110 })
      .paid(`b${i}`, 'RED_LIGHT', '2024-06-10', '2024-06-20')
      .course('2024-07-01', '2024-07-02')
      .cancel(`b${i}`, '2024-08-01')
      .runUntil('2025-01-01');
    last = await appendTo(log, numberAt(i), scenario.events);
  }
  return last;
}

/** Other licences for the rebuild tests, every other one probationary. Returns the last position written. */
export async function writeLicencesToRebuild(log: EventStore, from: number, count: number): Promise<bigint> {
  const numberAt = (i: number) => String(901004310200 + i);
  let last = 0n;
  for (let i = from; i < from + count; i++) {
    const scenario = scenarioFor(numberAt(i), '2016-02-29', i % 2 === 0)
      .paid(`a${i}`, 'PHONE_HELD', '2024-01-05', '2024-01-15')
      .paid(`b${i}`, 'SPEEDING', '2024-02-01', '2024-02-11', { retainedExcessKmh: 8, speedLimitKmh: 90 })
      .cancel(`a${i}`, '2024-03-01')
      .runUntil('2024-08-11');
    last = await appendTo(log, numberAt(i), scenario.events);
  }
  return last;
}
