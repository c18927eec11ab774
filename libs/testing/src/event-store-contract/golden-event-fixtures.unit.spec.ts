import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UpcasterRegistry } from '@ledger/event-store';
import { describeGoldenEvents, loadGoldenEvents } from './golden-event-fixtures';

/** Golden files are written before the tests are defined: jest collects tests synchronously. */
function goldenDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'golden-events-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), JSON.stringify(content));
  }
  return dir;
}

const valid = goldenDir({
  'Tagged/v1.json': { type: 'Tagged', schemaVersion: 1, data: { tag: 'a' }, comment: 'before lists' },
  'Tagged/v2.json': { type: 'Tagged', schemaVersion: 2, data: { tags: ['a'] } },
  'Noted/v1.json': { type: 'Noted', schemaVersion: 1, data: { text: 'x' } },
});
afterAll(() => rmSync(valid, { recursive: true, force: true }));

describeGoldenEvents(
  valid,
  new UpcasterRegistry({
    Tagged: [{ fromVersion: 1, upcast: ({ tag }: { tag: string }) => ({ tags: [tag] }) }],
  }),
);

describe('loading golden event files', () => {
  it('reads every version of every type, sorted by type then version', () => {
    expect(loadGoldenEvents(valid).map((event) => `${event.type} v${event.schemaVersion}`)).toEqual([
      'Noted v1',
      'Tagged v1',
      'Tagged v2',
    ]);
  });

  it('a missing folder holds no golden events yet', () => {
    expect(loadGoldenEvents(join(valid, 'absent'))).toEqual([]);
  });

  it.each([
    ['a file not named v<N>.json', { 'T/one.json': { type: 'T', schemaVersion: 1, data: {} } }],
    ['a type that differs from its folder', { 'T/v1.json': { type: 'U', schemaVersion: 1, data: {} } }],
    ['a version that differs from its name', { 'T/v1.json': { type: 'T', schemaVersion: 2, data: {} } }],
    ['no data', { 'T/v1.json': { type: 'T', schemaVersion: 1 } }],
  ])('%s is refused', (_, files) => {
    const dir = goldenDir(files);
    try {
      expect(() => loadGoldenEvents(dir)).toThrow(/expected v<N>\.json/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
