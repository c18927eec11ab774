import { closeSync, openSync, readSync } from 'node:fs';

const CHUNK = 8 << 20;

/**
 * Reads a file once from start to end, so that the operating system holds it in its page cache, as
 * it holds the log of a service that has been running. A data set's log is copied for each run, and
 * a copy need not be left in the cache: R4's commands on the 1M-holder copy then read index pages
 * from the disk that no running service would (about one 4 KB page per command, on the `event_id`
 * index), and that is the disk's latency, not the log's size.
 */
export function warmPageCache(path: string): void {
  const fd = openSync(path, 'r');
  const buffer = Buffer.allocUnsafe(CHUNK);
  try {
    while (readSync(fd, buffer, 0, CHUNK, null) > 0);
  } finally {
    closeSync(fd);
  }
}
