import type { ApolloServerPlugin } from '@apollo/server';
import type { OperationDefinitionNode } from 'graphql';
import type { LedgerMetrics } from '@ledger/observability';

/**
 * The operation's label: its root fields (`myPointsBalance`, `recordInfraction+establishInfraction`),
 * which the schema bounds, rather than the client's free-form operation name, which would let any
 * caller create series without end. A request that did not parse or validate is `invalid`.
 */
export function operationLabel(operation: OperationDefinitionNode | undefined | null, valid: boolean): string {
  if (!operation || !valid) return 'invalid';
  const fields = operation.selectionSet.selections
    .map((selection) => (selection.kind === 'Field' ? selection.name.value : '…'))
    .sort();
  return [...new Set(fields)].join('+') || 'invalid';
}

/** Each GraphQL request's duration, by operation and outcome (`ok`, or its first error's code). */
export function metricsPlugin(metrics: LedgerMetrics): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const stop = metrics.graphqlRequests.startTimer();
      let valid = false;
      return {
        async didResolveOperation() {
          valid = true;
        },
        async willSendResponse({ operation, response, errors }) {
          const body = response.body;
          // The answer's errors, as formatError coded them (the raw ones may not carry a code yet).
          const firstError = (body.kind === 'single' ? body.singleResult.errors?.[0] : undefined) ?? errors?.[0];
          const code = firstError?.extensions?.code;
          stop({
            operation: operationLabel(operation, valid),
            outcome: firstError ? (typeof code === 'string' ? code : 'ERROR') : 'ok',
          });
        },
      };
    },
  };
}
