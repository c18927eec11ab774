import { Inject, Injectable } from '@nestjs/common';
import type { CalendarDate, LicenceIssued } from '@ledger/domain';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { DueLicenceFinder } from './due-licence-finder';

const PAGE_SIZE = 500;

/**
 * STOP-GAP until the read models exist: every licence ever issued, found by scanning the whole global
 * log for `LicenceIssued`. Correct (it never misses a licence) but linear in the size of the log; the
 * read-model index of next decision dates replaces it with the API issue.
 *
 * The scan stops at the head read when it started, so that the run's own appends do not extend it.
 */
@Injectable()
export class LogScanDueLicenceFinder extends DueLicenceFinder {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {
    super();
  }

  async *findDue(_asOf: CalendarDate): AsyncIterable<string> {
    const head = await this.store.headPosition();
    const seen = new Set<string>();
    let after = 0n;
    while (after < head) {
      const page = await this.store.readAll({ after, maxCount: PAGE_SIZE });
      if (page.length === 0) return;
      for (const event of page) {
        if (event.globalPosition > head) return;
        if (event.type !== 'LicenceIssued') continue;
        const { licenceNumber } = event.data as LicenceIssued['data'];
        if (seen.has(licenceNumber)) continue;
        seen.add(licenceNumber);
        yield licenceNumber;
      }
      after = page[page.length - 1].globalPosition;
    }
  }
}
