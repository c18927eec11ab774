import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { isCalendarDate, normaliseLicenceNumber, OFFENCE_CODES } from '@ledger/domain';
import {
  decodeUnverified,
  segment,
  startFakeIssuer,
  type FakeIssuer,
} from '../../libs/auth/test/support/fake-issuer';
import { loginAsHolder } from '../e2e/support/holder-login';
import { apiChildEnv } from './support/api-child';
import { API_ENTRY, ChildService } from './support/child-service';
import { codesOf, dataOf, HostileTally, refusedClearly, type Probe } from './support/hostile-probe';
import { headOf } from './support/ledger-oracle';
import { LONG, recordFigures, SEED, short } from './support/reliability-run';

// Issue 6, item 3: hostile input over HTTP, against the API as its own OS process (so that a crash
// is a crash, not a caught exception): every GraphQL input fuzzed field by field with values the
// API must refuse, random operations, deep, wide, aliased and batched queries, oversized and
// malformed bodies, forged, expired, foreign and unsigned tokens, and a holder's session trying every
// way to read someone else's file. Each gets a clear error, nothing is stored, the process serves on.

const TODAY = '2024-07-01';
const DAY_BEFORE = '2024-06-30';
const CASES = short(1, 15); // multiplies every generated group
const TARGET = '555500000001';
const VICTIM = { login: 'thomas', number: '98AB12 69 03', familyName: 'DUPONT MOREAU' };
const ATTACKER = { login: 'camille', number: '150375100001' };
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:\-/]{0,99}$/;

/** Samples an arbitrary reproducibly (RELIABILITY_SEED). */
const sample = <T>(arbitrary: fc.Arbitrary<T>, count: number, salt: number): T[] =>
  fc.sample(arbitrary, { numRuns: count, seed: SEED + salt });

// ---- values each kind of field must refuse, by construction -------------------------------------------------

const junkText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    "'; DROP TABLE events; --",
    '{"$gt":""}',
    '__proto__',
    '<img src=x onerror=alert(1)>',
    '\u0000',
    '\u202e',
    '${7*7}',
    '%00',
    '../../etc/passwd',
  ),
);
const invalid = {
  id: fc
    .oneof(
      fc.constant(''),
      fc.string({ minLength: 101, maxLength: 400 }).map((s) => `a${s}`),
      fc
        .tuple(
          junkText,
          fc.constantFrom(' ', '\u0000', 'é', '<', '"', '\n', '$', '{', '\u202e', '#', '?'),
          junkText,
        )
        .map(([a, c, b]) => `x${a}${c}${b}`),
      fc.constantFrom('-leading', '.dot', '/slash', true, { id: 1 }, [], 1.5),
    )
    .filter((v) => typeof v !== 'string' || !ID_PATTERN.test(v)),
  licence: fc
    .oneof(
      junkText,
      fc.stringMatching(/^[0-9A-Za-z .-]{0,30}$/),
      fc.string({ minLength: 65, maxLength: 500 }),
      fc.constantFrom(
        150375100001,
        true,
        null,
        ['150375100001'],
        { n: '150375100001' },
        '１５０３７５１０００００１',
        '15037510000',
        '1503751000011',
      ),
    )
    .filter((v) => typeof v !== 'string' || normaliseLicenceNumber(v) === null),
  date: fc
    .oneof(
      junkText,
      fc.stringMatching(/^\d{1,5}-\d{1,2}-\d{1,2}$/),
      fc.constantFrom(
        '2024-02-30',
        '2023-02-29',
        '2024-13-01',
        '2024-00-10',
        '0000-01-01',
        '2024-6-1',
        '2024/06/01',
        '01/06/2024',
        '2024-06-01T00:00:00Z',
        ' 2024-06-01',
        20240601,
        null,
        {},
        { toString: [] },
        { valueOf: 1, toString: 'x' },
        ['2024-06-01'],
      ),
      fc
        .date({ min: new Date('2024-07-02'), max: new Date('2199-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10)),
    )
    .filter((v) => typeof v !== 'string' || !isCalendarDate(v) || v > TODAY),
  enum: (values: readonly string[]) =>
    fc
      .oneof(
        junkText,
        fc.constantFrom(...values.map((v) => v.toLowerCase())),
        fc.constantFrom(1, true, null, {}),
      )
      .filter((v) => !values.includes(v as string)),
  int: (min: number, max: number) =>
    fc.oneof(
      fc.integer({ min: -1e9, max: min - 1 }),
      fc.integer({ min: max + 1, max: 2 ** 31 - 1 }),
      fc.constantFrom(2 ** 31, 2 ** 53, 1.5, -0.5, '12', true, {}, Number.MAX_VALUE),
    ),
  float: (min: number, max: number) =>
    fc.oneof(
      fc.double({ max: min - 0.001, noNaN: true, min: -1e12 }),
      fc.double({ min: max + 0.001, max: 1e12, noNaN: true }),
      fc.constantFrom('0.5', true, {}, []),
    ),
  bool: fc.constantFrom('true', 1, 0, 'yes', {}, [], 'false'),
  text: (min: number, max: number) =>
    fc.oneof(
      min > 0 ? fc.constant('') : fc.string({ minLength: max + 1, maxLength: max + 50 }),
      fc.string({ minLength: max + 1, maxLength: max + 300 }),
      fc.constantFrom(12, true, {}, []),
    ),
  pattern: (pattern: RegExp) =>
    fc
      .oneof(junkText, fc.stringMatching(/^[0-9A-Za-z]{0,8}$/), fc.constantFrom(99100, true, {}))
      .filter((v) => typeof v !== 'string' || !pattern.test(v)),
  list: (item: fc.Arbitrary<unknown>, max: number) =>
    fc.oneof(
      fc.constant([]),
      fc.array(item, { minLength: 1, maxLength: 4 }),
      fc.constant(Array.from({ length: max + 1 }, (_, i) => `L-${i}`)),
      fc.constantFrom('L-1', true, {}),
    ),
};

type Kind = fc.Arbitrary<unknown>;
interface MutationSpec {
  field: string;
  inputType: string;
  base: () => Record<string, unknown>;
  /** Dotted paths into the input, with what each must refuse. */
  fields: Record<string, Kind>;
  required: string[];
}

const holderFields = {
  'holder.familyName': invalid.text(1, 100),
  'holder.givenNames': invalid.text(1, 200),
  'holder.birthdate': invalid.date.filter((v) => typeof v !== 'string' || !isCalendarDate(v)),
  'holder.gender': invalid.enum(['MALE', 'FEMALE']),
  'holder.birthplace': invalid.pattern(/^(\d{5}|2[AB]\d{3})$/i),
  'holder.birthcountry': invalid.pattern(/^99\d{3}$/),
};
const addressFields = (prefix: string) => ({
  [`${prefix}.lines`]: invalid
    .list(invalid.text(1, 100), 100)
    .filter(
      (v) =>
        !(
          Array.isArray(v) &&
          v.length > 0 &&
          v.length <= 100 &&
          v.every((l) => typeof l === 'string' && l.length >= 1 && l.length <= 100)
        ),
    ),
  [`${prefix}.postalCode`]: invalid.pattern(/^[0-9A-Za-z -]{2,10}$/),
  [`${prefix}.city`]: invalid.text(1, 100),
  [`${prefix}.country`]: invalid.text(1, 100).filter((v) => v !== null),
});
const address = { lines: ['1 rue de la Paix'], postalCode: '75002', city: 'Paris' };
const common = { commandId: invalid.id, licenceNumber: invalid.licence };

const MUTATIONS: MutationSpec[] = [
  {
    field: 'issueLicence',
    inputType: 'IssueLicenceInput',
    required: ['commandId', 'licenceNumber', 'issuedOn', 'holder', 'probationary'],
    base: () => ({
      licenceNumber: '555500000099',
      issuedOn: '2020-01-01',
      probationary: false,
      holder: {
        familyName: 'X',
        givenNames: 'Y',
        birthdate: '1990-01-01',
        gender: 'MALE',
        birthplace: '75056',
        birthcountry: '99100',
      },
      address,
    }),
    fields: {
      ...common,
      issuedOn: invalid.date,
      ...holderFields,
      probationary: invalid.bool,
      earlyLearning: invalid.bool,
      openingBalance: invalid.int(1, 12),
      ...addressFields('address'),
    },
  },
  {
    field: 'recordInfraction',
    inputType: 'RecordInfractionInput',
    required: ['commandId', 'licenceNumber', 'infractionId', 'offenceCode', 'committedOn'],
    base: () => ({
      licenceNumber: TARGET,
      infractionId: 'fz-new',
      offenceCode: 'SPEEDING',
      committedOn: '2024-06-01',
      retainedExcessKmh: 12,
      speedLimitKmh: 90,
    }),
    fields: {
      ...common,
      infractionId: invalid.id,
      offenceCode: invalid.enum(OFFENCE_CODES),
      committedOn: invalid.date,
      checkId: invalid.id,
      retainedExcessKmh: invalid.int(1, 300),
      speedLimitKmh: invalid.int(1, 130),
      alcoholGramsPerLitreBlood: invalid.float(0, 10),
      natinf: invalid.pattern(/^\d{1,6}$/),
    },
  },
  {
    field: 'establishInfraction',
    inputType: 'EstablishInfractionInput',
    required: ['commandId', 'licenceNumber', 'infractionId', 'mode', 'establishedOn'],
    base: () => ({
      licenceNumber: TARGET,
      infractionId: 'fz-recorded',
      mode: 'FINE_PAID',
      establishedOn: '2024-06-20',
    }),
    fields: {
      ...common,
      infractionId: fc.oneof(invalid.id, fc.constantFrom('fz-unknown', 'FZ-RECORDED', 'fz-recorded ')),
      mode: invalid.enum([
        'FINE_PAID',
        'INCREASED_FINE_ISSUED',
        'COMPOSITION_PENALE_EXECUTED',
        'CONVICTION_FINAL',
      ]),
      establishedOn: fc.oneof(invalid.date, fc.constant('2024-05-01')),
    },
  },
  {
    field: 'cancelInfraction',
    inputType: 'CancelInfractionInput',
    required: ['commandId', 'licenceNumber', 'infractionId', 'cancelledOn', 'reason'],
    base: () => ({
      licenceNumber: TARGET,
      infractionId: 'fz-recorded',
      cancelledOn: '2024-06-20',
      reason: 'erreur de saisie',
    }),
    fields: {
      ...common,
      infractionId: fc.oneof(invalid.id, fc.constant('fz-unknown')),
      cancelledOn: invalid.date,
      reason: invalid.text(1, 500),
    },
  },
  {
    field: 'recordTrainingCourse',
    inputType: 'RecordTrainingCourseInput',
    required: ['commandId', 'licenceNumber', 'courseId', 'firstDay', 'lastDay'],
    base: () => ({
      licenceNumber: TARGET,
      courseId: 'fz-course',
      firstDay: '2024-06-10',
      lastDay: '2024-06-11',
    }),
    fields: {
      ...common,
      courseId: invalid.id,
      firstDay: invalid.date,
      lastDay: fc.oneof(invalid.date, fc.constant('2024-06-09')),
    },
  },
  {
    field: 'recordComplementaryTraining',
    inputType: 'RecordComplementaryTrainingInput',
    required: ['commandId', 'licenceNumber', 'completedOn'],
    base: () => ({ licenceNumber: TARGET, completedOn: '2024-06-10' }),
    fields: { ...common, completedOn: invalid.date },
  },
  {
    field: 'recordInvalidationDelivered',
    inputType: 'RecordInvalidationDeliveredInput',
    required: ['commandId', 'licenceNumber', 'deliveredOn'],
    base: () => ({ licenceNumber: TARGET, deliveredOn: '2024-06-10' }),
    fields: { ...common, deliveredOn: invalid.date },
  },
  {
    field: 'recordLicenceSurrendered',
    inputType: 'RecordLicenceSurrenderedInput',
    required: ['commandId', 'licenceNumber', 'surrenderedOn'],
    base: () => ({ licenceNumber: TARGET, surrenderedOn: '2024-06-10' }),
    fields: { ...common, surrenderedOn: invalid.date },
  },
  {
    field: 'changeHolderAddress',
    inputType: 'ChangeHolderAddressInput',
    required: ['commandId', 'licenceNumber', 'address', 'changedOn'],
    base: () => ({
      licenceNumber: TARGET,
      address: { ...address, lines: ['2 rue du Bac'] },
      changedOn: '2024-06-10',
    }),
    fields: { ...common, ...addressFields('address'), changedOn: invalid.date },
  },
  {
    field: 'markLettersPosted',
    inputType: 'MarkLettersPostedInput',
    required: ['commandId', 'letterIds', 'postedOn'],
    base: () => ({ letterIds: ['L-unknown-letter'], postedOn: '2024-06-10' }),
    fields: { commandId: invalid.id, letterIds: invalid.list(invalid.id, 500), postedOn: invalid.date },
  },
];

/** The fields that write: every mutation above, and the daily run. */
const WRITES: ReadonlySet<string> = new Set([...MUTATIONS.map((m) => m.field), 'applyDueChanges']);

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  // defineProperty, not `=`: so that "__proto__" becomes a key of the JSON sent, as an attacker sends it.
  Object.defineProperty(node, keys[keys.length - 1], {
    value,
    enumerable: true,
    configurable: true,
    writable: true,
  });
}
function deletePath(target: Record<string, unknown>, path: string): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  delete node[keys[keys.length - 1]];
}

describe('hostile input against the API process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-hostile-'));
  let issuer: FakeIssuer;
  let foreign: FakeIssuer;
  let api: ChildService;
  let tally: HostileTally;
  let env: NodeJS.ProcessEnv;
  let everything: string;
  let clerk: string;
  let headBefore: bigint;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    issuer = await startFakeIssuer('points-ledger');
    foreign = await startFakeIssuer('points-ledger');
    env = await apiChildEnv(dir, TODAY, {
      STAFF_OIDC_ISSUER: issuer.issuer,
      STAFF_OIDC_AUDIENCE: 'points-ledger',
      SEED_DEV_DATA: 'true',
      RATE_LIMIT_STAFF: '1000000',
      RATE_LIMIT_HOLDER: '1000000',
      RATE_LIMIT_ANONYMOUS: '1000000',
      RATE_LIMIT_LOGIN: '1000000',
    });
    // The test holders are seeded the day before, so that their letters have gone out (RULES §6:
    // once the day is over) when the attacker asks for the victim's PDFs.
    const seeding = ChildService.start(API_ENTRY, { ...env, LEDGER_TODAY: DAY_BEFORE });
    await seeding.waitFor(/Points Ledger API on/, 60_000); // printed once the seed is in
    await seeding.stop('SIGTERM');
    api = ChildService.start(API_ENTRY, env);
    await api.waitFor(/Points Ledger API on/, 30_000);
    // The worker's start-up daily run appends the seeded licences' due decisions in the background:
    // the log's head is taken as "before" only once it is done (a loaded machine made it land later).
    await api.waitFor(/Next daily run at/, 60_000);
    tally = new HostileTally(env.PUBLIC_URL!);
    everything = await issuer.sign({
      sub: 'fuzz-agent',
      roles: ['ledger.clerk', 'ledger.reader', 'ledger.system'],
    });
    clerk = await issuer.sign({ sub: 'fuzz-clerk', roles: ['ledger.clerk'] });
    // The licence the fuzzed commands aim at, with an infraction recorded and not yet established.
    const setup = [
      {
        query: 'mutation($i: IssueLicenceInput!) { issueLicence(input: $i) { version } }',
        variables: {
          i: {
            commandId: 'fz-setup-1',
            licenceNumber: TARGET,
            issuedOn: '2015-01-01',
            probationary: false,
            holder: {
              familyName: 'CIBLE',
              givenNames: 'Fuzz',
              birthdate: '1980-01-01',
              gender: 'FEMALE',
              birthplace: '75056',
              birthcountry: '99100',
            },
          },
        },
      },
      {
        query: 'mutation($i: RecordInfractionInput!) { recordInfraction(input: $i) { version } }',
        variables: {
          i: {
            commandId: 'fz-setup-2',
            licenceNumber: TARGET,
            infractionId: 'fz-recorded',
            offenceCode: 'RED_LIGHT',
            committedOn: '2024-06-01',
          },
        },
      },
    ];
    for (const body of setup) {
      const response = await fetch(`${env.PUBLIC_URL}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer(clerk) },
        body: JSON.stringify(body),
      });
      expect(await response.json()).not.toHaveProperty('errors');
    }
    headBefore = headOf(env.EVENT_STORE_PATH!);
  }, 60_000);

  afterAll(async () => {
    if (tally && Object.keys(tally.byGroup).length > 0) {
      const groups = Object.fromEntries(Object.keys(tally.byGroup).map((g) => [g, tally.figuresOf(g)]));
      const total = (key: keyof ReturnType<HostileTally['figuresOf']>) =>
        Object.values(groups).reduce((sum, figures) => sum + figures[key], 0);
      recordFigures('hostile-input', {
        command: LONG
          ? 'RELIABILITY_LONG=1 npx jest test/reliability/hostile-input'
          : 'npx jest test/reliability/hostile-input',
        requestsTried: tally.tried,
        hostileRequests: total('hostile'),
        answeredAsTheyMustBe: total('answeredAsTheyMustBe'),
        accepted: total('accepted'),
        serverErrors: total('serverErrors'),
        crashes: total('crashed') + (api?.running ? 0 : 1),
        eventsAppendedByHostileRequests: Number(headOf(env.EVENT_STORE_PATH!) - headBefore),
        groups,
      });
    }
    await api?.stop('SIGTERM');
    await issuer?.close();
    await foreign?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** After each group: the same process, alive, serving, and nothing appended. */
  afterEach(async () => {
    expect(api.running).toBe(true);
    const live = await fetch(`${env.PUBLIC_URL}/health/live`);
    expect(live.status).toBe(200);
    expect(headOf(env.EVENT_STORE_PATH!)).toBe(headBefore);
  });

  test('every mutation input, field by field: wrong values, wrong types, missing, unknown and null fields are refused', async () => {
    let n = 0;
    for (const [m, spec] of MUTATIONS.entries()) {
      const paths = Object.keys(spec.fields);
      const cases = sample(
        fc.oneof(
          {
            weight: 8,
            arbitrary: fc
              .constantFrom(...paths)
              .chain((path) => spec.fields[path].map((value) => ({ how: 'value' as const, path, value }))),
          },
          {
            weight: 1,
            arbitrary: fc
              .constantFrom(...spec.required)
              .map((path) => ({ how: 'missing' as const, path, value: undefined })),
          },
          {
            weight: 1,
            arbitrary: fc
              .constantFrom(...spec.required)
              .map((path) => ({ how: 'null' as const, path, value: null })),
          },
          {
            weight: 1,
            arbitrary: fc
              .constantFrom('evil', '__proto__', 'constructor', 'actor', 'today')
              .map((path) => ({ how: 'unknown' as const, path, value: 'x' })),
          },
        ),
        30 * CASES,
        m,
      );
      for (const hostile of cases) {
        const input: Record<string, unknown> = { commandId: `fz-${m}-${n++}`, ...spec.base() };
        if (hostile.how === 'missing') deletePath(input, hostile.path);
        else setPath(input, hostile.path, hostile.value);
        const label = `${spec.field} ${hostile.how} ${hostile.path}=${JSON.stringify(hostile.value)?.slice(0, 60)}`;
        const probe = await tally.graphql(
          'mutation-inputs',
          label,
          {
            query: `mutation($input: ${spec.inputType}!) { ${spec.field}(input: $input) { __typename } }`,
            variables: { input },
          },
          bearer(everything),
        );
        if (probe && !refusedClearly(probe, spec.field))
          tally.accept('mutation-inputs', label, probe.text.slice(0, 200));
      }
    }
    expect(tally.byGroup['mutation-inputs']).toBe(n);
    expect(tally.failuresOf('mutation-inputs')).toEqual([]);
  }, 300_000);

  test('every operation with random arguments of the right types answers a clear error or an answer, never a failure', async () => {
    const introspection = (await (
      await fetch(`${env.PUBLIC_URL}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer(everything) },
        body: JSON.stringify({
          query:
            '{ __schema { queryType { fields { name args { name type { kind name ofType { kind name ofType { kind name } } } } } } mutationType { fields { name } } } }',
        }),
      })
    ).json()) as {
      data: {
        __schema: {
          queryType: {
            fields: {
              name: string;
              args: {
                name: string;
                type: {
                  kind: string;
                  name: string | null;
                  ofType: { name: string | null; ofType: { name: string | null } | null } | null;
                };
              }[];
            }[];
          };
          mutationType: { fields: { name: string }[] };
        };
      };
    };
    const schema = introspection.data.__schema;
    // Every mutation of the served schema is fuzzed field by field above: a new one must be added there.
    expect(
      schema.mutationType.fields
        .map((f) => f.name)
        .filter((name) => name !== 'applyDueChanges')
        .sort(),
    ).toEqual(MUTATIONS.map((m) => m.field).sort());
    const scalar = (name: string | null): fc.Arbitrary<unknown> =>
      name === 'Int'
        ? fc.integer()
        : name === 'Boolean'
          ? fc.boolean()
          : name === 'Date'
            ? invalid.date.filter((v) => typeof v === 'string')
            : fc.oneof(junkText, fc.stringMatching(/^[0-9A-Z ]{0,14}$/));
    for (const [q, query] of schema.queryType.fields.entries()) {
      const typeName = (t: (typeof query.args)[number]['type']): string =>
        t.kind === 'NON_NULL' ? `${t.ofType!.name ?? 'String'}!` : (t.name ?? 'String');
      const leaf = (t: (typeof query.args)[number]['type']) =>
        t.kind === 'NON_NULL' ? t.ofType!.name : t.name;
      const declared = query.args.map((a) => `$${a.name}: ${typeName(a.type)}`).join(', ');
      const passed = query.args.map((a) => `${a.name}: $${a.name}`).join(', ');
      const variables = sample(
        fc.record(
          Object.fromEntries(
            query.args.map((a) => [
              a.name,
              leaf(a.type) === 'LetterChannel' ? fc.constantFrom('REGISTERED', 'x') : scalar(leaf(a.type)),
            ]),
          ),
        ),
        15 * CASES,
        100 + q,
      );
      for (const [i, vars] of variables.entries()) {
        const text = `query${declared ? `(${declared})` : ''} { ${query.name}${passed ? `(${passed})` : ''} { __typename } }`;
        for (const [who, headers] of [
          ['staff', bearer(everything)],
          ['anonymous', {}],
        ] as const) {
          const label = `${query.name}#${i} ${who} ${JSON.stringify(vars).slice(0, 80)}`;
          const probe = await tally.graphql('operations', label, { query: text, variables: vars }, headers);
          if (!probe || refusedClearly(probe, query.name)) continue;
          // Only a reader asking for a well-formed number on a real day may get an answer (the file
          // of a licence that happens to exist); every other random call must be refused.
          if (who === 'staff' && mayBeAnswered(query.name, vars)) tally.answer('operations');
          else tally.accept('operations', label, probe.text.slice(0, 200));
        }
      }
    }
    // applyDueChanges with dates it must refuse (malformed, or after today).
    for (const [i, date] of sample(invalid.date, 10 * CASES, 200).entries()) {
      const probe = await tally.graphql(
        'operations',
        `applyDueChanges#${i}`,
        {
          query: 'mutation($d: Date!) { applyDueChanges(asOf: $d) { eventsAppended } }',
          variables: { d: date },
        },
        bearer(everything),
      );
      if (probe && !refusedClearly(probe, 'applyDueChanges'))
        tally.accept('operations', `applyDueChanges ${JSON.stringify(date)}`, probe.text);
    }
    expect(tally.byGroup.operations).toBeGreaterThan(0);
    expect(tally.failuresOf('operations')).toEqual([]);
  }, 300_000);

  test('deep, wide, aliased, batched and malformed requests, and oversized bodies, are refused before execution', async () => {
    const n = JSON.stringify(TARGET);
    // Each shape with what it must come to: refused, or (a few harmless ones, counted apart from the
    // hostile requests) answered with nothing but the harmless answer.
    const shapes: Array<[string, RequestInit, (p: Probe) => boolean, 'answered'?]> = [];
    const post = (body: string, headers: Record<string, string> = {}): RequestInit => ({
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(everything), ...headers },
      body,
    });
    const q = (query: string, variables: unknown = {}) => post(JSON.stringify({ query, variables }));
    const refused = (p: Probe) => p.status >= 400 || (codesOf(p).length > 0 && !dataOf(p));
    const typenameOnly = (p: Probe) =>
      p.status === 200 && codesOf(p).length === 0 && JSON.stringify(dataOf(p)) === '{"__typename":"Query"}';
    const fragments =
      Array.from({ length: 30 }, (_, i) => `fragment F${i} on LicenceFile { ...F${i + 1} }`).join(' ') +
      ' fragment F30 on LicenceFile { version }';
    shapes.push(
      [
        'aliases x50',
        q(
          `{ ${Array.from({ length: 50 }, (_, i) => `a${i}: licenceFile(licenceNumber: ${n}) { version }`).join(' ')} }`,
        ),
        refused,
      ],
      [
        'aliases x6',
        q(
          `{ ${Array.from({ length: 6 }, (_, i) => `a${i}: licenceFile(licenceNumber: ${n}) { version }`).join(' ')} }`,
        ),
        refused,
      ],
      [
        'wide x5000 fields',
        q(`{ licenceFile(licenceNumber: ${n}) { ${'version '.repeat(5000)} } }`),
        refused,
      ],
      [
        'directives x200',
        q(`{ licenceFile(licenceNumber: ${n}) { version ${'@include(if: true) '.repeat(200)} } }`),
        refused,
      ],
      ['fragment chain x30', q(`{ licenceFile(licenceNumber: ${n}) { ...F0 } } ${fragments}`), refused],
      [
        'fragment cycle',
        q(
          `{ licenceFile(licenceNumber: ${n}) { ...A } } fragment A on LicenceFile { ...B } fragment B on LicenceFile { ...A }`,
        ),
        refused,
      ],
      // Introspection is off in production (production-guards.int.spec.ts); here it is answered.
      [
        'introspection depth 12',
        q(
          `{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } }`,
        ),
        (p) =>
          p.status === 200 &&
          codesOf(p).length === 0 &&
          Array.isArray((dataOf(p)?.__schema as { types?: unknown })?.types),
        'answered',
      ],
      [
        'deep __typename nesting',
        q(
          `{ ${'licenceFile(licenceNumber: "x") { balance { '.repeat(1)}${'history { '.repeat(1)} kind } } } }`,
        ),
        refused,
      ],
      [
        'batched x2',
        post(JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }])),
        refused,
      ],
      [
        'batched x1000',
        post(JSON.stringify(Array.from({ length: 1000 }, () => ({ query: '{ __typename }' })))),
        refused,
      ],
      ['body 110 kB', q('{ __typename }', { pad: 'x'.repeat(110_000) }), (p) => p.status === 413],
      [
        'body 5 MB',
        post(JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(5_000_000) } })),
        (p) => p.status === 413,
      ],
      [
        'nested JSON 90 kB',
        post(`{"query":"{ __typename }","variables":{"a":${'['.repeat(45_000)}${']'.repeat(45_000)}}}`),
        (p) => refused(p) || typenameOnly(p),
      ],
      ['not JSON', post('{"query": "{ __typename }"'), refused],
      ['JSON null', post('null'), refused],
      ['JSON number', post('42'), refused],
      ['query not a string', post(JSON.stringify({ query: 42 })), refused],
      ['query an object', post(JSON.stringify({ query: { toString: 'x' } })), refused],
      [
        'variables a string',
        post(
          JSON.stringify({
            query: 'query($n: String!) { licenceFile(licenceNumber: $n) { version } }',
            variables: 'x',
          }),
        ),
        refused,
      ],
      [
        'operationName unknown',
        post(JSON.stringify({ query: '{ __typename }', operationName: 'Nope' })),
        refused,
      ],
      [
        'two operations, no name',
        post(JSON.stringify({ query: 'query A { __typename } query B { __typename }' })),
        refused,
      ],
      ['mutation inside GET', { method: 'GET', headers: bearer(everything) }, refused],
      [
        'text/plain (CSRF)',
        {
          method: 'POST',
          headers: { 'content-type': 'text/plain', ...bearer(everything) },
          body: JSON.stringify({ query: '{ __typename }' }),
        },
        refused,
      ],
      [
        'form (CSRF)',
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'query=%7B__typename%7D',
        },
        refused,
      ],
      [
        'multipart (CSRF)',
        {
          method: 'POST',
          headers: { 'content-type': 'multipart/form-data; boundary=x' },
          body: '--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{"query":"{ __typename }"}\r\n--x--',
        },
        refused,
      ],
      [
        'invalid UTF-8',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...bearer(everything) },
          body: Buffer.from([0x7b, 0x22, 0x71, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
        },
        refused,
      ],
      [
        'charset utf-16',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json; charset=utf-16', ...bearer(everything) },
          body: JSON.stringify({ query: '{ __typename }' }),
        },
        refused,
      ],
      ['query 90 kB of whitespace', q(`{ ${' '.repeat(90_000)} __typename }`), typenameOnly, 'answered'],
      [
        'string literal 90 kB',
        q(`{ licenceFile(licenceNumber: "${'9'.repeat(90_000)}") { version } }`),
        refused,
      ],
      [
        '10,000 variables',
        post(
          JSON.stringify({
            query: '{ __typename }',
            variables: Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`v${i}`, i])),
          }),
        ),
        (p) => refused(p) || typenameOnly(p),
      ],
      [
        '__proto__ variables',
        post(
          '{"query":"query($n: String!) { licenceFile(licenceNumber: $n) { version } }","variables":{"__proto__":{"n":"150375100001"}}}',
        ),
        refused,
      ],
    );
    for (const [label, init, check, expected] of shapes) {
      const probe = await tally.send(
        'query-shapes',
        label,
        label.includes('GET')
          ? `/graphql?query=${encodeURIComponent(`mutation { recordLicenceSurrendered(input: {commandId: "get-1", licenceNumber: ${n}, surrenderedOn: "2024-06-10"}) { version } }`)}`
          : '/graphql',
        init,
      );
      if (probe && !check(probe))
        tally.accept('query-shapes', label, `${probe.status} ${probe.text.slice(0, 200)}`);
      else if (probe && (expected === 'answered' || !refused(probe))) tally.answer('query-shapes');
    }
    // Random operations: GraphQL-looking token soup and arbitrary text.
    const token = fc.constantFrom(
      '{',
      '}',
      '(',
      ')',
      ':',
      '$n',
      '...',
      '@include(if: true)',
      'query',
      'mutation',
      'fragment F on LicenceFile',
      'licenceFile',
      'myPointsBalance',
      'recordInfraction',
      '"150375100001"',
      'version',
      'balance',
      '__schema',
      '__typename',
      'input:',
      'true',
      '123',
      ',',
      '[',
      ']',
      '#',
    );
    const soups = sample(
      fc.oneof(
        fc.array(token, { maxLength: 60 }).map((t) => t.join(' ')),
        fc.string({ unit: 'binary', maxLength: 300 }),
      ),
      80 * CASES,
      300,
    );
    for (const [i, query] of soups.entries()) {
      const label = `soup#${i} ${JSON.stringify(query).slice(0, 80)}`;
      const probe = await tally.graphql('query-shapes', label, { query }, bearer(everything));
      if (!probe) continue;
      // A soup that happens to be well-formed may be answered as a read (by a reader, as any read, or
      // `__typename`); a mutation's field answered is a write (and the log would have moved: the
      // afterEach checks it); anything else must be a clear refusal.
      const answered = Object.entries(dataOf(probe) ?? {}).filter(([, value]) => value !== null);
      if (answered.some(([field]) => WRITES.has(field)))
        tally.accept('query-shapes', label, `a write: ${probe.text.slice(0, 200)}`);
      else if (answered.length > 0) tally.answer('query-shapes');
      else if (codesOf(probe).length === 0)
        tally.accept('query-shapes', label, `no clear refusal: ${probe.status} ${probe.text.slice(0, 200)}`);
    }
    expect(tally.failuresOf('query-shapes')).toEqual([]);
  }, 300_000);

  test('forged, altered, expired, foreign and unsigned tokens are refused as UNAUTHENTICATED; nothing is read or stored', async () => {
    const genuine = await issuer.sign({ sub: 'agent-1', roles: ['ledger.reader', 'ledger.clerk'] });
    const { header, payload } = decodeUnverified(genuine);
    const [h, p, s] = genuine.split('.');
    const now = Math.floor(Date.now() / 1000);
    const jwk = (await (await fetch(`${issuer.issuer}/jwks`)).json()) as { keys: Record<string, unknown>[] };
    const publicKeyText = JSON.stringify(jwk.keys[0]);
    const hs256 = (secret: string, claims: Record<string, unknown> = payload) => {
      const head = `${segment({ ...header, alg: 'HS256' })}.${segment(claims)}`;
      return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
    };
    const tokens: Array<[string, string]> = [
      ['unsigned alg none', `${segment({ alg: 'none', typ: 'JWT' })}.${p}.`],
      ['alg none, signature kept', `${segment({ ...header, alg: 'none' })}.${p}.${s}`],
      ['alg NONE', `${segment({ alg: 'NONE' })}.${p}.`],
      ['HS256 with the public key as secret', hs256(publicKeyText)],
      ['HS256 with "secret"', hs256('secret')],
      ['HS256 with the audience', hs256('points-ledger')],
      [
        'roles raised, signature kept',
        `${h}.${segment({ ...payload, roles: ['ledger.system', 'ledger.reader', 'ledger.clerk'] })}.${s}`,
      ],
      ['subject changed, signature kept', `${h}.${segment({ ...payload, sub: 'someone-else' })}.${s}`],
      ['expiry pushed, signature kept', `${h}.${segment({ ...payload, exp: now + 999_999 })}.${s}`],
      ['signature of another token', `${h}.${p}.${(await issuer.sign({ sub: 'x' })).split('.')[2]}`],
      ['signature truncated', `${h}.${p}.${s.slice(0, -4)}`],
      ['signature empty', `${h}.${p}.`],
      ['kid pointing elsewhere', `${segment({ ...header, kid: '../../etc/passwd' })}.${p}.${s}`],
      ['jku header', `${segment({ ...header, jku: 'http://127.0.0.1:1/jwks' })}.${p}.${s}`],
      ['expired', await issuer.sign({ roles: ['ledger.reader'], exp: now - 60, iat: now - 3600 })],
      ['not yet valid', await issuer.sign({ roles: ['ledger.reader'], nbf: now + 3600 })],
      ['no expiry', await issuer.sign({ roles: ['ledger.reader'] }, { omit: ['exp'] })],
      ['no subject', await issuer.sign({ roles: ['ledger.reader'] }, { omit: ['sub'] })],
      ['empty subject', await issuer.sign({ roles: ['ledger.reader'], sub: '' })],
      ['another audience', await issuer.sign({ roles: ['ledger.reader'], aud: 'another-api' })],
      [
        'another issuer claimed',
        await issuer.sign({ roles: ['ledger.reader'], iss: 'https://agents.example' }),
      ],
      ['foreign issuer, same kid', await foreign.sign({ roles: ['ledger.reader'] })],
      ['foreign issuer claiming ours', await foreign.sign({ roles: ['ledger.reader'], iss: issuer.issuer })],
      ['20 kB token', `${h}.${'A'.repeat(20_000)}.${s}`],
      ['two dots only', '..'],
      ['JSON as token', JSON.stringify(payload)],
    ];
    for (const [i, random] of sample(
      fc.tuple(
        fc.base64String({ maxLength: 200 }),
        fc.base64String({ maxLength: 400 }),
        fc.base64String({ maxLength: 100 }),
      ),
      20 * CASES,
      400,
    ).entries()) {
      tokens.push([
        `random #${i}`,
        random.map((part) => part.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')).join('.'),
      ]);
    }
    const headerVariants: Array<[string, Record<string, string>]> = [
      ['Basic credentials', { authorization: `Basic ${Buffer.from('clerk:secret').toString('base64')}` }],
      ['two bearer tokens', { authorization: `Bearer ${genuine} ${genuine}` }],
      ['bearer without token', { authorization: 'Bearer' }],
      ['token without scheme', { authorization: genuine }],
      ['empty authorization', { authorization: '' }],
    ];
    const read = `query { licenceFile(licenceNumber: ${JSON.stringify(VICTIM.number)}) { holder { familyName } balance { points } } }`;
    const write = `mutation { recordLicenceSurrendered(input: { commandId: "forged-1", licenceNumber: "${TARGET}", surrenderedOn: "2024-06-10" }) { version } }`;
    for (const [label, token] of tokens) {
      for (const query of [read, write]) {
        const probe = await tally.graphql('tokens', label, { query }, bearer(token));
        // UNAUTHENTICATED, or refused by the HTTP server itself (431: a header over 16 kB).
        if (probe && (dataOf(probe) || (probe.status < 400 && !codesOf(probe).includes('UNAUTHENTICATED'))))
          tally.accept('tokens', label, probe.text.slice(0, 200));
      }
    }
    for (const [label, headers] of headerVariants) {
      const probe = await tally.graphql('tokens', label, { query: read }, headers);
      if (probe && (dataOf(probe) || probe.text.includes(VICTIM.familyName)))
        tally.accept('tokens', label, probe.text.slice(0, 200));
    }
    // What no HTTP client sends: header bytes outside Latin-1, smuggling, garbage. A 4xx, or the
    // connection closed; never a 5xx, never an answer with data.
    const host = new URL(env.PUBLIC_URL!).host;
    const body = JSON.stringify({ query: read });
    const rawRequests: Array<[string, Buffer | string]> = [
      [
        'scheme with Cyrillic е (UTF-8 bytes)',
        Buffer.concat([
          Buffer.from(
            `POST /graphql HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nAuthorization: B`,
          ),
          Buffer.from('е', 'utf8'),
          Buffer.from(
            `arer ${genuine}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
          ),
        ]),
      ],
      [
        'Content-Length and Transfer-Encoding (smuggling)',
        `POST /graphql HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\nGET /health HTTP/1.1\r\nHost: ${host}\r\n\r\n`,
      ],
      [
        'two Content-Length',
        `POST /graphql HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 20\r\nConnection: close\r\n\r\n{}`,
      ],
      [
        'bad chunk size',
        `POST /graphql HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
      ],
      [
        'NUL in the request line',
        `POST /graph\u0000ql HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
      ],
      ['garbage', 'GARBAGE\r\n\r\n'],
      [
        '500 headers',
        `GET /health HTTP/1.1\r\nHost: ${host}\r\n${Array.from({ length: 500 }, (_, i) => `X-H${i}: ${i}\r\n`).join('')}Connection: close\r\n\r\n`,
      ],
      [
        'header of 40 kB',
        `GET /health HTTP/1.1\r\nHost: ${host}\r\nX-Big: ${'a'.repeat(40_000)}\r\nConnection: close\r\n\r\n`,
      ],
    ];
    for (const [label, bytes] of rawRequests) {
      const status = await tally.raw('tokens', label, bytes);
      // 500 headers are within Node's limit (2000): /health answers them; the others must be refused.
      if (/^HTTP\/1\.[01] 2/.test(status) && label !== '500 headers') tally.accept('tokens', label, status);
    }

    // The genuine token still works: the refusals above were about the tokens, not the service.
    const probe = await tally.graphql('tokens', 'genuine', { query: read }, bearer(genuine));
    expect(probe && dataOf(probe)).toBeTruthy();
    tally.answer('tokens');
    expect(tally.failuresOf('tokens')).toEqual([]);
  }, 300_000);

  test("a holder's session tries every way to read someone else's file and is refused each time", async () => {
    const attacker = await loginAsHolder(env.PUBLIC_URL!, ATTACKER.login);
    const reader = await issuer.sign({ sub: 'reader', roles: ['ledger.reader'] });
    // The victim's letters exist: the attacker will ask for their PDFs too.
    const victimLettersNow = async () =>
      (
        (await (
          await fetch(`${env.PUBLIC_URL}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...bearer(reader) },
            body: JSON.stringify({
              query: `{ licenceFile(licenceNumber: ${JSON.stringify(VICTIM.number)}) { balance { letters { letterId pdfUrl } } } }`,
            }),
          })
        ).json()) as { data: { licenceFile: { balance: { letters: { letterId: string; pdfUrl: string }[] } } } }
      ).data.licenceFile.balance.letters;
    let victimLetters = await victimLettersNow();
    for (let attempt = 0; victimLetters.length === 0 && attempt < 200; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50)); // the worker's first letters pass
      victimLetters = await victimLettersNow();
    }
    expect(victimLetters.length).toBeGreaterThan(0);
    const cookie = { cookie: attacker.cookieHeader };
    const balance = (n: string, c: string) => ({
      query:
        'query($n: String!, $c: String!) { myPointsBalance(licenceNumber: $n, licenceNumberConfirmation: $c) { licenceNumber points capital history { kind } letters { letterId } } }',
      variables: { n, c },
    });
    const spellings = [
      '98AB12 69 03',
      '98ab12 69 03',
      '98AB12-69-03',
      '98AB12.69.03',
      ' 98AB12\t69\t03 ',
      '98AB12\u00a069\u00a003',
      '98AB12  69  03',
      '98AB126903',
      '98AB12 69 3',
      '98АB12 69 03',
      '%39%38AB12 69 03',
    ];
    const attempts: Array<[string, unknown, Record<string, string>]> = [
      ...spellings.map((s): [string, unknown, Record<string, string>] => [
        `balance typed as ${JSON.stringify(s)}`,
        balance(s, s),
        cookie,
      ]),
      ['own number, then theirs', balance(ATTACKER.number, VICTIM.number), cookie],
      ['theirs, then own number', balance(VICTIM.number, ATTACKER.number), cookie],
      [
        'theirs in an alias beside own',
        {
          query: `{ mine: myPointsBalance(licenceNumber: "${ATTACKER.number}", licenceNumberConfirmation: "${ATTACKER.number}") { points } theirs: myPointsBalance(licenceNumber: "${VICTIM.number}", licenceNumberConfirmation: "${VICTIM.number}") { points history { kind } } }`,
        },
        cookie,
      ],
      [
        'licence file',
        {
          query: `{ licenceFile(licenceNumber: ${JSON.stringify(VICTIM.number)}) { holder { familyName } } }`,
        },
        cookie,
      ],
      ['print run', { query: '{ printRun(issuedOn: "2024-04-10") { letterId } }' }, cookie],
      [
        'a mutation',
        {
          query: `mutation { recordLicenceSurrendered(input: { commandId: "holder-1", licenceNumber: ${JSON.stringify(VICTIM.number)}, surrenderedOn: "2024-06-10" }) { version } }`,
        },
        cookie,
      ],
      [
        'session + forged bearer',
        balance(VICTIM.number, VICTIM.number),
        {
          ...cookie,
          authorization: `Bearer ${segment({ alg: 'none' })}.${segment({ sub: 'x', roles: ['ledger.reader'] })}.`,
        },
      ],
      [
        'session id altered',
        balance(VICTIM.number, VICTIM.number),
        { cookie: `${attacker.cookieHeader.slice(0, -1)}${attacker.cookieHeader.endsWith('A') ? 'B' : 'A'}` },
      ],
      [
        'two session cookies',
        balance(VICTIM.number, VICTIM.number),
        { cookie: `ledger_session=${'A'.repeat(43)}; ${attacker.cookieHeader}` },
      ],
      [
        'session cookie quoted',
        balance(VICTIM.number, VICTIM.number),
        { cookie: attacker.cookieHeader.replace('=', '="') + '"' },
      ],
      ['no session', balance(VICTIM.number, VICTIM.number), {}],
    ];
    for (const number of sample(
      fc.oneof(fc.stringMatching(/^\d{12}$/), fc.stringMatching(/^[0-9A-Z]{1,6} \d{2} \d{2}$/)),
      30 * CASES,
      500,
    )) {
      attempts.push([`guessed ${number}`, balance(number, number), cookie]);
    }
    // What the victim's file would show (the number itself may be echoed back in a refusal: the attacker typed it).
    const victimSeen = (p: Probe) =>
      p.text.includes(VICTIM.familyName) ||
      /THOMAS/i.test(p.text) ||
      (/"points"\s*:/.test(p.text) && !p.label.startsWith('guessed'));
    for (const [label, body, headers] of attempts) {
      const probe = await tally.graphql('holder-session', label, body, headers);
      if (!probe) continue;
      const mine = (dataOf(probe) as { mine?: unknown } | null | undefined)?.mine;
      const others = Object.entries(dataOf(probe) ?? {}).filter(([key, value]) => key !== 'mine' && value);
      const guessedOwn =
        label.startsWith('guessed') && (body as { variables: { n: string } }).variables.n === ATTACKER.number;
      if (
        victimSeen(probe) ||
        (others.length > 0 && !guessedOwn) ||
        (mine === undefined && codesOf(probe).length === 0)
      )
        tally.accept('holder-session', label, probe.text.slice(0, 200));
    }
    // The victim's letters, as PDFs, with the attacker's session, without one, and guessed.
    for (const letter of victimLetters) {
      for (const headers of [cookie, {}]) {
        const probe = await tally.send(
          'holder-session',
          `letter ${letter.letterId}`,
          new URL(letter.pdfUrl, env.PUBLIC_URL).pathname,
          { headers },
        );
        if (probe && (probe.status < 400 || probe.headers.get('content-type')?.includes('pdf')))
          tally.accept('holder-session', `letter ${letter.letterId}`, String(probe.status));
      }
    }
    for (const path of [
      '/letters/print-run/2024-04-10.pdf',
      '/letters/..%2f..%2fetc%2fpasswd',
      `/letters/${victimLetters[0].letterId.toUpperCase()}.pdf`,
      '/letters/L-00000000-0000-0000-0000-000000000000.pdf',
    ]) {
      const probe = await tally.send('holder-session', `path ${path}`, path, { headers: cookie });
      if (probe && probe.status < 400) tally.accept('holder-session', path, String(probe.status));
    }
    // Login links that would send the holder to another site once signed in (an open redirect).
    for (const returnTo of [
      '//evil.example',
      '/.//evil.example',
      '/a/..//evil.example',
      '/%2e//evil.example',
      'https://evil.example',
      '/\\evil.example',
      '/./\\evil.example',
    ]) {
      tally.tried += 1;
      tally.byGroup['holder-session'] += 1;
      const login = await loginAsHolder(env.PUBLIC_URL!, ATTACKER.login, { returnTo });
      const target = new URL(login.location, env.PUBLIC_URL);
      if (target.origin !== new URL(env.PUBLIC_URL!).origin || login.location.startsWith('//'))
        tally.accept('holder-session', `returnTo ${returnTo}`, login.location);
    }

    // And the attacker's own balance is still theirs to read: the refusals were about the victim.
    const own = await tally.graphql(
      'holder-session',
      'own balance',
      balance(ATTACKER.number, ATTACKER.number),
      cookie,
    );
    expect(own && dataOf(own)?.myPointsBalance).toBeTruthy();
    tally.answer('holder-session');
    expect(tally.failuresOf('holder-session')).toEqual([]);
  }, 300_000);
});

/** A random call that a reader may see answered: licenceFile of a well-formed number on a real day. */
function mayBeAnswered(queryName: string, variables: Record<string, unknown>): boolean {
  return (
    queryName === 'licenceFile' &&
    typeof variables.licenceNumber === 'string' &&
    normaliseLicenceNumber(variables.licenceNumber) !== null &&
    (variables.asOf === undefined || (typeof variables.asOf === 'string' && isCalendarDate(variables.asOf)))
  );
}
