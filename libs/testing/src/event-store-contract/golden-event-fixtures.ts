import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { UpcasterRegistry } from '@ledger/event-store';

/**
 * Golden event files (CONVENTIONS 9): `<dir>/<Type>/v<N>.json`, one per schema version ever
 * written, each `{ "type": "<Type>", "schemaVersion": N, "data": {...} }` (other keys, such as a
 * "comment", are ignored). All versions of a type describe the same fact, so every old file must
 * upcast to exactly the data of the newest one: a changed shape without an upcaster, or an upcaster
 * that drops a field, fails here before it meets a real stream.
 */
export interface GoldenEvent {
  file: string;
  type: string;
  schemaVersion: number;
  data: unknown;
}

const VERSION_FILE = /^v([1-9][0-9]*)\.json$/;

/** Reads every golden file under `dir`, sorted by type then version; malformed files throw. */
export function loadGoldenEvents(dir: string): GoldenEvent[] {
  if (!existsSync(dir)) return [];
  const events: GoldenEvent[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory())) {
    for (const name of readdirSync(join(dir, entry.name)).filter((n) => n.endsWith('.json'))) {
      const file = join(dir, entry.name, name);
      const version = VERSION_FILE.exec(name);
      const content = JSON.parse(readFileSync(file, 'utf8')) as Partial<GoldenEvent>;
      if (
        !version ||
        content.type !== entry.name ||
        content.schemaVersion !== Number(version[1]) ||
        !('data' in content)
      ) {
        throw new Error(
          `${file}: expected v<N>.json holding { "type": "${entry.name}", "schemaVersion": N, "data": … }.`,
        );
      }
      events.push({ file, type: entry.name, schemaVersion: content.schemaVersion, data: content.data });
    }
  }
  return events.sort((a, b) => a.type.localeCompare(b.type) || a.schemaVersion - b.schemaVersion);
}

/** Defines one test per golden file, plus one proving every upcast type has its golden files. */
export function describeGoldenEvents(dir: string, upcasters: UpcasterRegistry): void {
  const golden = loadGoldenEvents(dir);
  const newest = new Map<string, GoldenEvent>();
  for (const event of golden) newest.set(event.type, event); // sorted: the last one wins

  describe(`golden events in ${relative(process.cwd(), dir) || '.'}`, () => {
    it('every upcast type has a golden file of its current version', () => {
      const missing = upcasters
        .types()
        .filter((type) => newest.get(type)?.schemaVersion !== upcasters.currentVersion(type))
        .map((type) => `${type} v${upcasters.currentVersion(type)}`);
      expect(missing).toEqual([]);
    });

    for (const event of golden) {
      const current = newest.get(event.type)!;
      it(`${event.type} v${event.schemaVersion} reads as ${event.type} v${current.schemaVersion}`, () => {
        expect(upcasters.upcast(event.type, event.schemaVersion, structuredClone(event.data))).toEqual({
          schemaVersion: current.schemaVersion,
          data: current.data,
        });
      });
    }
  });
}
