import { EVENT_ID_NAMESPACE, eventIdFor, isUuid, uuidV5 } from './event-ids';

const V5_LOWER_CASE = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('event ids', () => {
  it('follow RFC 9562 version 5 (the published DNS example)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('the same command and index always give the same id', () => {
    expect(eventIdFor('command-1', 0)).toBe(eventIdFor('command-1', 0));
    expect(eventIdFor('command-1', 0)).toBe(uuidV5('command-1/0', EVENT_ID_NAMESPACE));
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

  it('refuse an empty command id or an index that is not a non-negative integer', () => {
    expect(() => eventIdFor('', 0)).toThrow(TypeError);
    expect(() => eventIdFor('c', -1)).toThrow(TypeError);
    expect(() => eventIdFor('c', 1.5)).toThrow(TypeError);
  });
});
