import { ApolloServer } from '@apollo/server';
import { buildServedSchema } from '../src/graphql/served-schema';
import { graphqlOptions } from '../src/graphql/graphql-options';
import { startApi } from '../src/start-api';
import type { CallerResolver } from '@ledger/auth';

const noCaller = { resolve: async () => ({ kind: 'anonymous' }) } as unknown as CallerResolver;

/** An Apollo server on the served schema with the options the API uses in one mode. */
async function startServer(production: boolean): Promise<ApolloServer> {
  const options = graphqlOptions(noCaller, production);
  const server = new ApolloServer({
    schema: await buildServedSchema(),
    introspection: options.introspection,
    plugins: options.plugins,
    validationRules: options.validationRules,
    formatError: options.formatError,
  });
  await server.start();
  return server;
}

/** Runs an operation against the served schema with the options the API uses in one mode. */
async function execute(production: boolean, query: string) {
  const server = await startServer(production);
  try {
    const response = await server.executeOperation({ query });
    return response.body.kind === 'single' ? response.body.singleResult : undefined;
  } finally {
    await server.stop();
  }
}

describe('in production', () => {
  test('the API refuses to start without real identity providers', async () => {
    await expect(startApi({ NODE_ENV: 'production', PORT: '0' })).rejects.toThrow(/FRANCECONNECT_ISSUER/);
  });

  test('introspection is off (and on in development)', async () => {
    const query = '{ __schema { queryType { name } } }';
    expect((await execute(true, query))?.errors?.[0].message).toMatch(/introspection/i);
    expect((await execute(false, query))?.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  test('field suggestions are off (and on in development)', async () => {
    const query = '{ licenceFil(licenceNumber: "x") { version } }';
    expect((await execute(true, query))?.errors?.[0].message).not.toMatch(/Did you mean/);
    expect((await execute(false, query))?.errors?.[0].message).toMatch(/Did you mean "licenceFile"/);
  });
});

describe('caching', () => {
  test('every GraphQL answer, data or refusal, says Cache-Control: no-store (as Apollo cache-control plugin did)', async () => {
    for (const production of [true, false]) {
      const server = await startServer(production);
      try {
        for (const query of ['{ __typename }', '{ licenceFile(licenceNumber: "x") { version } }', '{ nope }', '{ __typename']) {
          const response = await server.executeOperation({ query });
          expect({ query, cacheControl: response.http.headers.get('cache-control') }).toEqual({ query, cacheControl: 'no-store' });
        }
      } finally {
        await server.stop();
      }
    }
  });
});
