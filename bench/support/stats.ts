/** The statistics every benchmark prints: medians of runs, percentiles of latencies. */

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Nearest-rank percentile (p in 0–100) of a sample. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

const grouped = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

/** 12345.6 → "12,346"; small values keep a few significant digits. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 100) return grouped.format(value);
  if (Math.abs(value) >= 1) return value.toFixed(2).replace(/\.?0+$/, '');
  return value.toPrecision(2);
}
