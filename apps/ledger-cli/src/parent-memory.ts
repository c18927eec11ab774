/**
 * `rebuild` and `replay` re-run themselves in a child process with a heap ceiling (main.ts); the
 * parent stays alive, waiting, for the whole run. The memory of the rebuild is therefore both
 * processes': the child's report passes through the parent, which adds its own peak.
 */
/** Each JSON report line's `peakRssMb` made the sum of the child's and this parent's peaks, both kept. */
export function withParentMemory(stdout: string, parentPeakRssMb: number): string {
  return stdout.replace(/^\[.*\]$/gm, (line) => {
    let reports: unknown;
    try {
      reports = JSON.parse(line);
    } catch {
      return line;
    }
    if (!Array.isArray(reports)) return line;
    return JSON.stringify(
      reports.map((report: { peakRssMb?: unknown }) =>
        typeof report?.peakRssMb === 'number'
          ? {
              ...report,
              peakRssMb: report.peakRssMb + parentPeakRssMb,
              childPeakRssMb: report.peakRssMb,
              parentPeakRssMb,
            }
          : report,
      ),
    );
  });
}
