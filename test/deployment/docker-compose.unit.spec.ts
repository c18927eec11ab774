import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { loadStoreConfig } from '@ledger/application';
import { loadAuthConfig } from '@ledger/auth';

// No Docker engine (nor the compose plugin) on the machines that run the tests: this checks what
// `docker compose config` would, and what matters to us, on the parsed files: the services, their
// health checks, the port bindings, the volumes, and that the apps would accept their environment.

const ROOT = join(__dirname, '../..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

type Service = {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  profiles?: string[];
  network_mode?: string;
};
type Compose = { name?: string; services: Record<string, Service>; volumes?: Record<string, unknown> };

function load(file: string): Compose {
  const document = parseDocument(read(file), { merge: true });
  expect(document.errors.map(String)).toEqual([]);
  expect(document.warnings.map(String)).toEqual([]);
  return document.toJS({ maxAliasCount: 100 }) as Compose;
}

/** Compose's interpolation with nothing set: ${NAME:-default} gives the default, ${NAME} nothing. */
const interpolate = (value: string, env: Record<string, string> = {}): string =>
  value.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}/g,
    (_, name: string, fallback?: string) => env[name] || (fallback ?? ''),
  );
const environmentOf = (service: Service) =>
  Object.fromEntries(
    Object.entries(service.environment ?? {}).map(([name, value]) => [name, interpolate(String(value))]),
  );

/** Named volumes a service mounts (not bind mounts). */
const namedVolumes = (service: Service) =>
  (service.volumes ?? []).map((volume) => volume.split(':')[0]).filter((source) => !/^[./~]/.test(source));

const APIS = ['ledger-api-a', 'ledger-api-b'];

describe('docker-compose.yml', () => {
  const compose = load('docker-compose.yml');
  const { services } = compose;

  it('uses only well-formed variables (a lone $ would be taken for one)', () => {
    for (const file of ['docker-compose.yml', 'docker-compose.cluster.yml']) {
      const text = read(file).replace(/\$\$/g, '');
      const dollars = text.match(/\$[^{]|\$$/gm) ?? [];
      expect({ file, dollars }).toEqual({ file, dollars: [] });
      for (const [expression] of text.matchAll(/\$\{[^}]*\}/g))
        expect(expression).toMatch(/^\$\{[A-Za-z_][A-Za-z0-9_]*(:?-[^}]*)?\}$/);
    }
  });

  it('runs the event store, PostgreSQL, a proxy, two API instances, one worker and, in the dev profile, the identity providers', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['dev-identity-provider', 'eventstore', 'ledger-api-a', 'ledger-api-b', 'ledger-worker', 'postgres', 'proxy'].sort(),
    );
    expect(services['dev-identity-provider'].profiles).toEqual(['dev']);
    for (const name of ['eventstore', 'postgres', 'proxy', ...APIS, 'ledger-worker'])
      expect({ name, profiles: services[name].profiles }).toEqual({ name, profiles: undefined });
  });

  it('a single insecure KurrentDB node of a maintained line, its port bound to 127.0.0.1, its data in a volume', () => {
    const eventstore = services.eventstore;
    // KurrentDB 26.x (EventStoreDB renamed in 25.0); EventStoreDB 24.10 LTS left its support in 2026.
    expect(eventstore.image).toMatch(/^kurrentplatform\/kurrentdb:26\.\d+$/);
    expect(eventstore.environment).toMatchObject({ EVENTSTORE_DB: '/var/lib/eventstore', EVENTSTORE_LOG: '/var/log/eventstore' });
    expect(eventstore.environment).toMatchObject({
      EVENTSTORE_CLUSTER_SIZE: '1',
      EVENTSTORE_INSECURE: 'true',
    });
    expect(eventstore.ports).toEqual(['127.0.0.1:2113:2113']);
    expect(eventstore.volumes).toContain('eventstore-data:/var/lib/eventstore');
    expect(services.postgres.volumes).toContain('postgres-data:/var/lib/postgresql/data');
  });

  it('every service has a health check, and every published port is bound to 127.0.0.1', () => {
    for (const [name, service] of Object.entries(services)) {
      expect({ name, test: service.healthcheck?.test?.[0] }).toEqual({
        name,
        test: expect.stringMatching(/^CMD(-SHELL)?$/),
      });
      for (const port of service.ports ?? [])
        expect({ name, port }).toEqual({ name, port: expect.stringMatching(/^127\.0\.0\.1:\d+:\d+$/) });
    }
    expect(services.postgres.healthcheck!.test.join(' ')).toMatch(/pg_isready/);
  });

  it('the apps start once the stores are healthy (the APIs once the proxy whose network they join started), and every named volume is declared', () => {
    const stores = { eventstore: { condition: 'service_healthy' }, postgres: { condition: 'service_healthy' } };
    expect(services['ledger-worker'].depends_on).toEqual(stores);
    for (const name of APIS)
      expect(services[name].depends_on).toEqual({ ...stores, proxy: { condition: 'service_started' } });
    const declared = Object.keys(compose.volumes ?? {});
    for (const service of Object.values(services))
      for (const volume of namedVolumes(service)) expect(declared).toContain(volume);
  });

  it('the apps are built from the Dockerfile (a maintained Node LTS, npm ci, npm run build) and run what the build makes', () => {
    const dockerfile = read('Dockerfile');
    // Node 22 or 24: Node 20 reached its end of life in April 2026.
    const bases = [...dockerfile.matchAll(/^FROM node:(\d+)\b/gm)].map((m) => Number(m[1]));
    expect(bases.length).toBeGreaterThan(0);
    for (const major of bases) expect([22, 24]).toContain(major);
    expect(dockerfile).toMatch(/^RUN npm ci$/m);
    expect(dockerfile).toMatch(/^RUN npm run build\b/m);
    for (const name of [...APIS, 'ledger-worker', 'dev-identity-provider']) {
      const service = services[name];
      expect(service.build).toBe('.');
      const [node, entry] = service.command!;
      expect(node).toBe('node');
      // nest build (tsc) writes apps/<app>/src/main.ts to dist/apps/<app>/src/main.js
      expect(existsSync(join(ROOT, entry.replace(/^dist\//, '').replace(/\.js$/, '.ts')))).toBe(true);
    }
  });

  it('the APIs and the worker get a valid store configuration: the event store and PostgreSQL on the compose network', () => {
    for (const name of [...APIS, 'ledger-worker']) {
      const stores = loadStoreConfig(environmentOf(services[name]));
      expect(stores.eventStore).toEqual({
        kind: 'esdb',
        connectionString: 'esdb://eventstore:2113?tls=false',
      });
      expect(stores.readModels).toEqual({
        kind: 'postgres',
        url: 'postgres://ledger:ledger@postgres:5432/ledger',
        schema: 'public',
      });
    }
    const postgres = services.postgres.environment!;
    expect(
      `postgres://${postgres.POSTGRES_USER}:${postgres.POSTGRES_PASSWORD}@postgres:5432/${postgres.POSTGRES_DB}`,
    ).toBe(environmentOf(services['ledger-api-a']).DATABASE_URL);
  });

  it('two API instances without the worker, each on a loopback port the proxy forwards to, one public URL and one session secret', () => {
    const [a, b] = APIS.map((name) => environmentOf(services[name]));
    for (const api of [a, b]) {
      expect(api).toMatchObject({ RUN_WORKER: 'false', HOST: '127.0.0.1', TRUST_PROXY: 'loopback', LOG_FORMAT: 'json', PUBLIC_URL: 'http://localhost:3000' });
      expect(() => loadAuthConfig(api)).not.toThrow();
    }
    expect(a.SESSION_SECRET).toBe(b.SESSION_SECRET);
    expect(a.PORT).not.toBe(b.PORT);
    expect(a.METRICS_PORT).not.toBe(b.METRICS_PORT);
    expect(new Set([a.PORT, b.PORT, a.METRICS_PORT, b.METRICS_PORT]).size).toBe(4);
    for (const name of APIS) {
      expect(services[name].network_mode).toBe('service:proxy');
      expect(services[name].ports).toBeUndefined(); // reached through the proxy only
    }
    // nginx forwards to exactly these two ports, and never /metrics.
    const nginx = read('deploy/nginx.conf');
    const upstreams = [...nginx.matchAll(/^\s*server 127\.0\.0\.1:(\d+)/gm)].map((m) => m[1]).sort();
    expect(upstreams).toEqual([a.PORT, b.PORT].sort());
    expect(nginx).toMatch(/location = \/metrics \{\s*return 404;/);
    expect(nginx).toMatch(/proxy_set_header X-Request-Id \$request_id;/);
    expect(services.proxy.image).toMatch(/^nginx:/);
    expect(services.proxy.volumes).toContain('./deploy/nginx.conf:/etc/nginx/nginx.conf:ro');
  });

  it('the stand-ins share the proxy’s network, so http://localhost:4000 is one issuer for browsers and both APIs', () => {
    const api = environmentOf(services['ledger-api-a']);
    const idp = services['dev-identity-provider'];
    expect(idp.network_mode).toBe('service:proxy');
    const idpEnv = environmentOf(idp);
    expect(services.proxy.ports).toContain(`127.0.0.1:${idpEnv.DEV_IDP_PORT}:${idpEnv.DEV_IDP_PORT}`);
    expect(api.FRANCECONNECT_ISSUER).toBe(`${idpEnv.DEV_IDP_PUBLIC_URL}/franceconnect`);
    expect(api.STAFF_OIDC_ISSUER).toBe(`${idpEnv.DEV_IDP_PUBLIC_URL}/agents`);
  });

  it('health checks probe readiness: each API on its own port, the worker on WORKER_PORT', () => {
    for (const name of APIS) expect(services[name].healthcheck!.test.join(' ')).toContain("process.env.PORT + '/health/ready'");
    const worker = environmentOf(services['ledger-worker']);
    expect(services['ledger-worker'].healthcheck!.test.join(' ')).toContain(`http://127.0.0.1:${worker.WORKER_PORT}/health/ready`);
  });

  it('every variable given to the apps is documented in the README', () => {
    const readme = read('README.md');
    for (const name of [...APIS, 'ledger-worker', 'dev-identity-provider'])
      for (const variable of Object.keys(services[name].environment ?? {}))
        expect({ variable, documented: readme.includes(`\`${variable}\``) }).toEqual({
          variable,
          documented: true,
        });
  });
});

describe('docker-compose.cluster.yml: the three-node EventStoreDB cluster', () => {
  const { services, volumes } = load('docker-compose.cluster.yml');
  const nodes = ['eventstore', 'eventstore-2', 'eventstore-3'];

  it('three nodes with TLS, each seeded with the other two and its own certificate', () => {
    const certificates = new Set<string>();
    for (const node of nodes) {
      const env = services[node].environment!;
      expect(env).toMatchObject({ EVENTSTORE_CLUSTER_SIZE: '3', EVENTSTORE_INSECURE: 'false' });
      expect(env.EVENTSTORE_GOSSIP_SEED.split(',').sort()).toEqual(
        nodes
          .filter((other) => other !== node)
          .map((other) => `${other}:2113`)
          .sort(),
      );
      certificates.add(env.EVENTSTORE_CERTIFICATE_FILE);
      expect(services[node].depends_on).toEqual({
        'eventstore-certs': { condition: 'service_completed_successfully' },
      });
      expect(services[node].healthcheck!.test.join(' ')).toMatch(/https:\/\/localhost:2113\/health\/live/);
    }
    expect(certificates.size).toBe(3);
    expect(services['eventstore-2'].ports).toBeUndefined(); // only node 1 is published (by docker-compose.yml)
    for (const service of Object.values(services))
      for (const volume of namedVolumes(service)) {
        if (!['eventstore-data', 'eventstore-logs'].includes(volume))
          expect(Object.keys(volumes ?? {})).toContain(volume);
      }
  });

  it('the apps list the three nodes as gossip seeds over TLS and trust the cluster CA', () => {
    for (const name of [...APIS, 'ledger-worker']) {
      const { eventStore } = loadStoreConfig({
        ...environmentOf(services[name]),
        DATABASE_URL: 'postgres://ledger@postgres/ledger',
      });
      expect(eventStore).toEqual({
        kind: 'esdb',
        connectionString:
          'esdb://eventstore:2113,eventstore-2:2113,eventstore-3:2113?tls=true&tlsCAFile=/certs/ca/ca.crt',
      });
      expect(services[name].volumes).toContain('eventstore-certs:/certs:ro');
    }
  });
});
