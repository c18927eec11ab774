import { nextParisMidnight } from './next-paris-midnight';

describe('the next midnight in Europe/Paris', () => {
  it.each([
    ['2024-01-15T10:00:00Z', '2024-01-15T23:00:00.000Z'], // winter, UTC+1
    ['2024-01-15T23:30:00Z', '2024-01-16T23:00:00.000Z'], // already the 16th in Paris
    ['2024-06-15T10:00:00Z', '2024-06-15T22:00:00.000Z'], // summer, UTC+2
    ['2024-03-30T12:00:00Z', '2024-03-30T23:00:00.000Z'], // the night before the clocks go forward
    ['2024-03-31T12:00:00Z', '2024-03-31T22:00:00.000Z'], // the day they did
    ['2024-10-27T12:00:00Z', '2024-10-27T23:00:00.000Z'], // the day they go back
    ['2024-12-31T22:59:59Z', '2024-12-31T23:00:00.000Z'], // one second before the new year in Paris
  ])('after %s it is %s', (now, expected) => {
    expect(nextParisMidnight(new Date(now)).toISOString()).toBe(expected);
  });
});
