import { type OperationDefinitionNode, parse } from 'graphql';
import { operationLabel } from './metrics-plugin';

const operationOf = (source: string) => parse(source).definitions[0] as OperationDefinitionNode;

describe('the operation label of the request metrics', () => {
  it('is the root fields, whatever the client named the operation or aliased the fields', () => {
    expect(operationLabel(operationOf('query AnythingAtAll { myPointsBalance(licenceNumber: "1", licenceNumberConfirmation: "1") { points } }'), true)).toBe('myPointsBalance');
    expect(operationLabel(operationOf('mutation { b: establishInfraction { v } a: recordInfraction { v } c: recordInfraction { v } }'), true)).toBe(
      'establishInfraction+recordInfraction',
    );
  });

  it('is "invalid" for a request that did not parse or validate, so that no client can invent series', () => {
    expect(operationLabel(undefined, false)).toBe('invalid');
    expect(operationLabel(operationOf('{ madeUpField' + 'x'.repeat(50) + ' }'), false)).toBe('invalid');
  });
});
