import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError } from 'graphql';
import type { Request, Response } from 'express';
import { isAuthError, isSharedStateUnavailable, type CallerResolver } from '@ledger/auth';
import { type LedgerMetrics, requestIdOf } from '@ledger/observability';
import { formatGraphqlError } from './error-formatting';
import type { GraphqlContext } from './graphql-context';
import { metricsPlugin } from './metrics-plugin';

/**
 * Limits on what one request may ask (the "abuse" list): depth, aliases, cost, tokens and
 * directives, each refused with a GraphQL error before execution. The contract's deepest honest
 * query (licenceFile → balance → history/letters/consultations → field) is depth 4.
 */
export const QUERY_LIMITS = {
  maxDepth: 8,
  maxAliases: 5,
  maxCost: 5_000,
  maxTokens: 1_000,
  maxDirectives: 10,
} as const;

/** A Cache-Control value Apollo's cache-control plugin recognises (and then replaces). */
const CACHEABLE_HEADER = /^max-age=(\d+), (public|private)$/;

/**
 * \`Cache-Control: no-store\` on every GraphQL answer, as Apollo's cache-control plugin (on by default)
 * sent it, without that plugin's cost: it wraps every field's resolution (~60 fields for the
 * balance page) to gather cache hints, and the API sets none, so its verdict is always "no-store".
 * As the plugin did, a header already set that it could not parse is left alone.
 */
export const noStorePlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        const existing = response.http.headers.get('cache-control');
        if (existing && existing !== 'no-store' && !CACHEABLE_HEADER.test(existing)) return;
        response.http.headers.set('cache-control', 'no-store');
      },
    };
  },
};

/** 503, its code and Retry-After: the caller may simply send the request again shortly. */
function unavailableError(error: Error & { code: string }): GraphQLError {
  return new GraphQLError(error.message, {
    extensions: { code: error.code, http: { status: 503, headers: new Map([['retry-after', '30']]) } },
  });
}

/**
 * A resolver whose shared store did not answer (the audit of a consultation, above all) fails the
 * whole request with 503: the answer it would have given is not sent without its audit line.
 */
export const unavailablePlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        const body = response.body;
        const errors = body.kind === 'single' ? body.singleResult.errors : undefined;
        if (!errors?.some((e) => e.extensions?.code === 'SHARED_STATE.UNAVAILABLE')) return;
        // No `data` at all: nothing of the answer leaves, and @nestjs/apollo's plugin, which resets
        // the status of answers that carry data to 200, leaves this one at 503.
        if (body.kind === 'single') delete body.singleResult.data;
        response.http.status = 503;
        response.http.headers.set('retry-after', '30');
      },
    };
  },
};

export function graphqlOptions(
  callers: CallerResolver,
  production: boolean,
  metrics?: LedgerMetrics,
): ApolloDriverConfig {
  const armor = new ApolloArmor({
    maxDepth: { n: QUERY_LIMITS.maxDepth, flattenFragments: true },
    maxAliases: { n: QUERY_LIMITS.maxAliases },
    costLimit: { maxCost: QUERY_LIMITS.maxCost },
    // Not Armor's token limit: its Apollo plugin parses in a plugin hook, so a syntax error or a
    // request over the limit came out as HTTP 500. graphql-js's own limit (parseOptions below) makes
    // them the parse errors they are: 400, GRAPHQL_PARSE_FAILED.
    maxTokens: { enabled: false },
    maxDirectives: { n: QUERY_LIMITS.maxDirectives },
    blockFieldSuggestion: { enabled: production },
  });
  const protection = armor.protect();
  return {
    driver: ApolloDriver,
    path: '/graphql',
    autoSchemaFile: true,
    sortSchema: true,
    introspection: !production,
    playground: false,
    csrfPrevention: true,
    parseOptions: { maxTokens: QUERY_LIMITS.maxTokens },
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: !production,
    plugins: [
      ...protection.plugins,
      ApolloServerPluginCacheControlDisabled(),
      noStorePlugin,
      unavailablePlugin,
      ...(metrics ? [metricsPlugin(metrics)] : []),
      production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ embed: false }),
    ],
    validationRules: protection.validationRules,
    formatError: formatGraphqlError(!production),
    context: async ({ req, res }: { req: Request; res: Response }): Promise<GraphqlContext> => {
      try {
        return { req, res, caller: await callers.resolve(req), requestId: requestIdOf(req) };
      } catch (error) {
        if (isAuthError(error)) {
          throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status: error.code === 'FORBIDDEN' ? 403 : 401 } } });
        }
        if (isSharedStateUnavailable(error)) throw unavailableError(error);
        throw error;
      }
    },
  };
}
