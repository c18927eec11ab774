import fc from 'fast-check';
import {
  CANONICAL_LICENCE_NUMBER,
  confirmLicenceNumber,
  isDomainError,
  matchesHolder,
  normaliseLicenceNumber,
  parseLicenceNumber,
  type CivilStatus,
  type FranceConnectIdentity,
} from '@ledger/domain';
import { readCookie } from '../../libs/auth/src/http/cookies';
import { safeReturnTo } from '../../libs/auth/src/http/return-to';
import { openPendingLogin, sealPendingLogin } from '../../libs/auth/src/franceconnect/pending-login-cookie';
import { pivotIdentityFrom } from '../../libs/auth/src/franceconnect/pivot-identity';
import { looksLikeSessionId } from '../../libs/auth/src/session/session-id';
import { DateScalar } from '../../apps/ledger-api/src/graphql/scalars';
import { loadRateLimits } from '../../apps/ledger-api/src/rate-limits/rate-limits.config';
import { ParserTally, type InputKind, type Verdict } from './support/parser-tally';
import { LONG, recordFigures, SEED, short } from './support/reliability-run';

// Issue 6, item 3, at the level of the parsers: every function that reads what a caller typed or
// sent (licence numbers, identities, cookies, return URLs, dates, settings) is given arbitrary input,
// hostile strings included. None may throw anything but its own coded refusal, and none may accept
// what it should refuse.

const RUNS = short(2_000, 100_000);
const params = { numRuns: RUNS, seed: SEED };
const tally = new ParserTally();

/** A property over `arbitrary`, each input counted with its verdict; marked passed once it held. */
function holds<T>(
  name: string,
  kind: InputKind,
  arbitrary: fc.Arbitrary<T>,
  body: (input: T) => Verdict,
): void {
  fc.assert(fc.property(arbitrary, tally.check(name, kind, body)), params);
  tally.passed(name);
}

/** Strings an attacker would try: control and invisible characters, look-alikes, injections, lengths. */
const HOSTILE = [
  '',
  ' ',
  '\u0000',
  '\u202e150375100001',
  '１５０３７５１０００００１',
  '150375100001\u0000',
  "1' OR '1'='1",
  '{"$ne":null}',
  '__proto__',
  'constructor',
  '../../../etc/passwd',
  '<script>alert(1)</script>',
  '9'.repeat(10_000),
  '150375100001'.repeat(6),
  '15037510000l',
  'I50375100001',
  '150375 100001',
  '15 03 75 10 00 01',
  'ß 01 02',
  'ı 01 02',
  '98AB12\u00a069\u00a003',
  '\ud800',
  '😀'.repeat(20),
];
const hostileString = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.stringMatching(/^[0-9A-Za-z \t.\-_/]{0,30}$/),
);

describe('hostile input to the parsers', () => {
  afterAll(() => {
    const hostile = tally.total('hostile');
    if (hostile.properties === 0) return; // nothing ran: nothing to report
    recordFigures('hostile-parsing', {
      command: LONG
        ? 'RELIABILITY_LONG=1 npx jest test/reliability/hostile-parsing'
        : 'npx jest test/reliability/hostile-parsing',
      runsPerProperty: RUNS,
      hostile,
      valid: tally.total('valid'),
      properties: tally.figures(),
    });
  });

  test('a licence number is read into its canonical form or refused as LICENCE.MALFORMED_NUMBER, never anything else', () => {
    holds('licence numbers', 'hostile', hostileString, (raw) => {
      const normalised = normaliseLicenceNumber(raw);
      if (normalised !== null) {
        expect(normalised).toMatch(CANONICAL_LICENCE_NUMBER);
        expect(normaliseLicenceNumber(normalised)).toBe(normalised); // idempotent
        expect(parseLicenceNumber(raw)).toBe(normalised);
        return 'read';
      }
      try {
        parseLicenceNumber(raw);
      } catch (error) {
        if (!(isDomainError(error) && error.code === 'LICENCE.MALFORMED_NUMBER')) throw error;
        // The refusal never echoes more than 64 characters, nor a control character.
        // eslint-disable-next-line no-control-regex
        expect(error.message).not.toMatch(/[\u0000-\u001f]/);
        return 'refused';
      }
      throw new Error(`parseLicenceNumber read ${JSON.stringify(raw)}, which normaliseLicenceNumber refuses`);
    });
  });

  // Valid input, not hostile: counted apart from the hostile figures.
  test('a valid number typed with any separators reads the same; re-cut or altered it is refused', () => {
    const field = fc.stringMatching(/^[A-Z0-9]{1,15}$/);
    const separators = fc
      .array(fc.constantFrom(' ', '\t', '-', '.', '\u00a0', '\n'), { minLength: 1, maxLength: 3 })
      .map((s) => s.join(''));
    holds(
      'valid numbers with separators',
      'valid',
      fc.tuple(
        field,
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        separators,
        separators,
      ),
      ([first, a, b, s1, s2]) => {
        const two = (n: number) => String(n).padStart(2, '0');
        const canonical = `${first} ${two(a)} ${two(b)}`;
        expect(normaliseLicenceNumber(`${first.toLowerCase()}${s1}${two(a)}${s2}${two(b)}`)).toBe(canonical);
        // Fields glued together are never re-cut into some other valid number.
        const glued = `${first}${two(a)}${two(b)}`;
        if (!/^\d{12}$/.test(glued)) expect(normaliseLicenceNumber(glued)).toBeNull();
        return 'read';
      },
    );
  });

  test('the number typed twice: the same number, MALFORMED_NUMBER or NUMBERS_DIFFER, nothing else', () => {
    holds(
      'the number typed twice',
      'hostile',
      fc.tuple(hostileString, hostileString),
      ([typed, confirmation]) => {
        let number: string;
        try {
          number = confirmLicenceNumber(typed, confirmation);
        } catch (error) {
          if (
            isDomainError(error) &&
            ['LICENCE.MALFORMED_NUMBER', 'LICENCE.NUMBERS_DIFFER'].includes(error.code)
          )
            return 'refused';
          throw error;
        }
        expect(number).toBe(normaliseLicenceNumber(typed));
        expect(number).toBe(normaliseLicenceNumber(confirmation));
        return 'read';
      },
    );
  });

  const holder: CivilStatus = {
    familyName: 'Le Goff',
    givenNames: 'Anne-Sophie Marie',
    birthdate: '1985-03-14',
    gender: 'FEMALE',
    birthplace: '29019',
    birthcountry: '99100',
  };
  const genuine: FranceConnectIdentity = {
    family_name: 'LE GOFF',
    given_name: 'Anne-Sophie Marie',
    birthdate: '1985-03-14',
    gender: 'female',
    birthplace: '29019',
    birthcountry: '99100',
  };

  test('identity matching never throws, whatever the claims, and fails closed', () => {
    const claim = fc.oneof(
      hostileString,
      fc.constant(undefined),
      fc.constant(null),
      fc.integer(),
      fc.boolean(),
      fc.object(),
      fc.array(fc.string()),
    );
    holds(
      'identity claims',
      'hostile',
      fc.record(
        {
          family_name: claim,
          given_name: claim,
          birthdate: claim,
          gender: claim,
          birthplace: claim,
          birthcountry: claim,
          sub: claim,
        },
        { requiredKeys: [] },
      ),
      (claims) => {
        const identity = claims as unknown as FranceConnectIdentity;
        const result = matchesHolder(identity, holder);
        expect(typeof result).toBe('boolean');
        // Random claims match this holder only if each criterion really is the holder's.
        if (result) {
          expect(String(identity.birthdate).trim()).toBe(holder.birthdate);
          expect(String(identity.birthcountry).trim()).toBe(holder.birthcountry);
        }
        const pivot = pivotIdentityFrom(claims as Record<string, unknown>, 'sub');
        expect('identity' in pivot || 'missing' in pivot).toBe(true);
        return result ? 'read' : 'refused';
      },
    );
  });

  test("someone else's identity differing in one criterion never matches the holder", () => {
    const mutations: Array<(id: FranceConnectIdentity, junk: string) => FranceConnectIdentity> = [
      (id, junk) => ({ ...id, family_name: `${id.family_name}${junk || 'X'}` }),
      (id) => ({ ...id, birthdate: '1985-03-15' }),
      (id) => ({ ...id, gender: 'male' }),
      (id) => ({ ...id, birthplace: '29020' }),
      (id) => ({ ...id, birthcountry: '99350' }),
      (id, junk) => ({ ...id, given_name: `Z${junk.replace(/[\s,]/g, '')} Anne-Sophie` }),
      (id) => ({ ...id, family_name: '' }),
      (id) => ({ ...id, birthplace: '' }),
    ];
    expect(matchesHolder(genuine, holder)).toBe(true);
    holds(
      'identity differing in one criterion',
      'hostile',
      fc.tuple(fc.nat(mutations.length - 1), fc.stringMatching(/^[A-Z]{1,8}$/)),
      ([index, junk]) => {
        expect(matchesHolder(mutations[index](genuine, junk), holder)).toBe(false);
        return 'refused';
      },
    );
  });

  test('cookies, session ids, pending logins and return addresses: read or refused, never thrown', () => {
    const secret = 's'.repeat(40);
    const sealed = sealPendingLogin(
      { state: 'a'.repeat(43), nonce: 'b'.repeat(43), returnTo: '/', expiresAt: 2_000_000_000_000 },
      secret,
    );
    holds(
      'cookies, session ids, pending logins, return addresses',
      'hostile',
      // Not the last character: base64url's last of 43 carries 2 padding bits, so its sibling decodes to
      // the same signature (the same signed content, not a forgery: see RELIABILITY.md).
      fc.tuple(hostileString, fc.nat(sealed.length - 2), hostileString),
      ([junk, at, other]) => {
        readCookie(`${junk}; ledger_session=${other}; ${junk}`, 'ledger_session'); // a throw is a crash
        expect(looksLikeSessionId(junk)).toBe(/^[A-Za-z0-9_-]{43}$/.test(junk));
        // A pending-login cookie altered, or forged, opens as nothing.
        const tampered = `${sealed.slice(0, at)}${sealed[at] === 'A' ? 'B' : 'A'}${sealed.slice(at + 1)}`;
        expect(openPendingLogin(tampered, secret, 1_000)).toBeNull();
        expect(openPendingLogin(junk, secret, 1_000)).toBeNull();
        const target = safeReturnTo(junk, 'https://ledger.example');
        expect(target.startsWith('/') && !target.startsWith('//')).toBe(true);
        return 'refused';
      },
    );
    expect(openPendingLogin(sealed, secret, 1_000)).not.toBeNull();
    // Paths that normalise to a protocol-relative URL ("//evil.example"): an open redirect after login.
    for (const path of [
      '/.//evil.example',
      '/a/..//evil.example',
      '/%2e//evil.example',
      '/./\\evil.example',
      '/.//evil.example/x?y#z',
    ]) {
      expect(safeReturnTo(path, 'https://ledger.example')).toBe('/');
    }
  });

  test('a GraphQL Date is a real calendar day or a BAD_USER_INPUT error', () => {
    holds(
      'GraphQL dates',
      'hostile',
      fc.oneof(
        hostileString,
        fc.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        fc.integer(),
        fc.constant(null),
        fc.object(),
      ),
      (value) => {
        let date: string;
        try {
          date = DateScalar.parseValue(value) as string;
        } catch (error) {
          // An object whose toString is not callable makes the scalar's own message fail (a TypeError);
          // graphql-js wraps whatever parseValue throws into a variable error (400), which the HTTP
          // suite checks. Anything printable is refused with the scalar's BAD_USER_INPUT.
          const printable =
            typeof value !== 'object' ||
            value === null ||
            typeof (value as { toString?: unknown }).toString === 'function';
          const code = (error as { extensions?: { code?: string } }).extensions?.code;
          if (printable ? code === 'BAD_USER_INPUT' : error instanceof Error) return 'refused';
          throw error;
        }
        expect(new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10)).toBe(date);
        return 'read';
      },
    );
  });

  test('a rate limit setting is a whole number in range or the start-up stops with its name', () => {
    holds('rate-limit settings', 'hostile', hostileString, (value) => {
      let limits: ReturnType<typeof loadRateLimits>;
      try {
        limits = loadRateLimits({ RATE_LIMIT_HOLDER: value, RATE_LIMIT_WINDOW_SECONDS: value });
      } catch (error) {
        if (/RATE_LIMIT_(HOLDER|WINDOW_SECONDS)/.test((error as Error).message)) return 'refused';
        throw error;
      }
      expect(Number.isSafeInteger(limits.holder.limit) && limits.holder.limit >= 1).toBe(true);
      expect(Number.isSafeInteger(limits.holder.windowSeconds) && limits.holder.windowSeconds >= 1).toBe(
        true,
      );
      return 'read';
    });
  });
});
