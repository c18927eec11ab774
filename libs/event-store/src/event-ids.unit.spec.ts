import { createHash } from 'node:crypto';
import { EVENT_ID_NAMESPACE, eventIdFor, isUuid, uuidV5 } from './event-ids';

/** RFC 9562 §5.5 spelled out step by step: the reference the one-shot implementation must match. */
function referenceUuidV5(name: string, namespace: string): string {
  const bytes = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const V5_LOWER_CASE = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('event ids', () => {
  it('follow RFC 9562 version 5 (the published DNS example)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('the same command and index always give the same id, in any process (ids already stored must not change)', () => {
    // Golden ids: what the logs already hold. A change of the namespace, the name's spelling or the
    // hashing would give other ids, and a command sent again after it would be appended twice.
    expect(eventIdFor('command-1', 0)).toBe('bbc6bbf4-5347-5955-a6a6-86a260accae3');
    expect(eventIdFor('command-1', 1)).toBe('a0c733b2-143b-52ad-ac7f-244eb3e63c52');
    expect(eventIdFor('command-1', 0)).toBe(uuidV5('command-1/0', EVENT_ID_NAMESPACE));
    // A freshly loaded module (no memo of this process) gives the same id.
    jest.isolateModules(() => {
      const fresh = jest.requireActual<typeof import('./event-ids')>('./event-ids');
      expect(fresh.eventIdFor('command-1', 0)).toBe('bbc6bbf4-5347-5955-a6a6-86a260accae3');
    });
  });

  it('another index or another command gives another id', () => {
    const ids = new Set([eventIdFor('a', 0), eventIdFor('a', 1), eventIdFor('b', 0), eventIdFor('a/0', 0)]);
    expect(ids.size).toBe(4);
  });

  it('are lower-case version 5 UUIDs, as EventStoreDB returns them', () => {
    for (let index = 0; index < 50; index++) {
      const id = eventIdFor(`Command-${index}-ÀÉ`, index);
      expect(id).toMatch(V5_LOWER_CASE);
      expect(isUuid(id)).toBe(true);
    }
  });

  it('are the ids the step-by-step RFC computation gives, for any name (ids already stored must not change)', () => {
    const names = ['', 'a', 'command-1/0', 'Commande-ÀÉ-€-🚗/3', 'x'.repeat(500)];
    for (let i = 0; i < 2000; i++) names.push(`bench:${i * 7919}:${(i * 104729).toString(36)}/${i % 6}`);
    for (const name of names) {
      expect(uuidV5(name, EVENT_ID_NAMESPACE)).toBe(referenceUuidV5(name, EVENT_ID_NAMESPACE));
      expect(uuidV5(name, '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
        referenceUuidV5(name, '6ba7b810-9dad-11d1-80b4-00c04fd430c8'),
      );
    }
    expect(() => uuidV5('a', 'not-a-uuid')).toThrow(TypeError);
  });

  it('refuse an empty command id or an index that is not a non-negative integer', () => {
    expect(() => eventIdFor('', 0)).toThrow(TypeError);
    expect(() => eventIdFor('c', -1)).toThrow(TypeError);
    expect(() => eventIdFor('c', 1.5)).toThrow(TypeError);
  });
});
