import { measurement, pair } from '../../bench/support/results';

const target = { text: '≥ 0.5', test: (ratio: number) => ratio >= 0.5 };

describe("a pair's ratio", () => {
  // Runs 1–3 fell in a slow phase of the machine on both sides, runs 4–5 in a fast one.
  const command = measurement('command', '/s', [1770, 1703, 1853, 3042, 3107]);
  const raw = measurement('raw', '/s', [4693, 2575, 2714, 4626, 4670]);

  it('is the median of the runs’ own ratios when each run measured both sides back to back', () => {
    const result = pair('R1', 'R1', command, raw, target, '', [], { backToBack: true });
    expect(result.ratio).toBeCloseTo(1703 / 2575, 10); // the ratios: 0.38, 0.66, 0.68, 0.66, 0.67
    expect(result.ratioOf).toBe('runs');
    expect(result.met).toBe(true);
  });

  it('is the ratio of the medians when the sides were measured apart', () => {
    const result = pair('R4 command', 'R4', command, raw, target, '');
    expect(result.ratio).toBeCloseTo(1853 / 4626, 10);
    expect(result.ratioOf).toBe('medians');
    expect(result.met).toBe(false);
  });

  it('falls back to the medians when the two sides do not have as many runs', () => {
    const result = pair('R', 'R', command, measurement('raw', '/s', [4000]), target, '', [], {
      backToBack: true,
    });
    expect(result.ratio).toBeCloseTo(1853 / 4000, 10);
    expect(result.ratioOf).toBe('medians');
  });
});
