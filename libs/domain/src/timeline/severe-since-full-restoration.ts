import { lengthensFullRestoration } from '../rules/restorations';
import type { CalendarDate } from '../values/calendar-date';
import type { LicenceFile } from './licence-file';
import { computeTimeline } from './timeline';

/**
 * L223-6 al. 1 (CE n° 392555): whether an infraction that withdrew points since the last full
 * restoration (or since the licence was issued) was severe, i.e. lengthens the next full
 * restoration to three years. Judged on `asOf`, on the timeline the law computes from the file:
 * what a withdrawal letter of that day must say about the holder's next full restoration.
 */
export function severeSinceLastFullRestoration(file: LicenceFile, asOf: CalendarDate): boolean {
  const decisions = computeTimeline(file, asOf);
  let lastFull: CalendarDate | undefined;
  for (const decision of decisions)
    if (decision.type === 'PointsRestored' && decision.data.kind === 'FULL')
      lastFull = decision.data.effectiveOn;
  const classes = new Map(
    file.infractions.map((infraction) => [infraction.infractionId, infraction.offenceClass]),
  );
  return decisions.some(
    (decision) =>
      decision.type === 'PointsWithdrawn' &&
      (lastFull === undefined || decision.data.effectiveOn >= lastFull) &&
      decision.data.infractionIds.some((id) => {
        const offenceClass = classes.get(id);
        return offenceClass !== undefined && lengthensFullRestoration(offenceClass);
      }),
  );
}
