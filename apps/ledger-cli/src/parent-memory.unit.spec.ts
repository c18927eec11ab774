import { withParentMemory } from './parent-memory';

describe("a re-run child's report through its parent", () => {
  it("adds the parent's peak to each report's peakRssMb, keeping both", () => {
    const child = `${JSON.stringify([
      { projection: 'licences', peakRssMb: 200 },
      { projection: 'letters', peakRssMb: 210 },
    ])}\n`;
    expect(JSON.parse(withParentMemory(child, 45))).toEqual([
      { projection: 'licences', peakRssMb: 245, childPeakRssMb: 200, parentPeakRssMb: 45 },
      { projection: 'letters', peakRssMb: 255, childPeakRssMb: 210, parentPeakRssMb: 45 },
    ]);
  });

  it('passes any other output through unchanged', () => {
    const other = '[{"to":"2024-01-01","out":"x.sqlite"}]\nnot json [\n[oops\n';
    expect(withParentMemory(other, 45)).toBe(other);
  });
});
