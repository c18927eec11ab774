import { Kind, parse, type FieldNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { selects, type SelectionInfo } from './selection';

/** The info a resolver of the query's first root field receives. */
function infoOf(query: string): SelectionInfo {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  return { fieldNodes: [operation.selectionSet.selections[0] as FieldNode], fragments };
}

describe('whether a field is selected under the resolved field', () => {
  it('sees a field selected directly, under an alias, or with a directive', () => {
    expect(selects(infoOf('{ b { points letters { text } } }'), 'letters')).toBe(true);
    expect(selects(infoOf('{ b { points mine: letters { text } } }'), 'letters')).toBe(true);
    expect(selects(infoOf('query($s: Boolean!) { b { letters @skip(if: $s) { text } } }'), 'letters')).toBe(true);
  });

  it('sees it through inline and named fragments, nested ones included', () => {
    expect(selects(infoOf('{ b { ... on PointsBalance { letters { text } } } }'), 'letters')).toBe(true);
    expect(selects(infoOf('{ b { ...F } } fragment F on PointsBalance { points ...G } fragment G on PointsBalance { letters { text } }'), 'letters')).toBe(true);
  });

  it('errs on "selected" for a fragment it cannot find, and without info', () => {
    expect(selects(infoOf('{ b { ...Missing } }'), 'letters')).toBe(true);
    expect(selects(undefined, 'letters')).toBe(true);
  });

  it('does not see a field only selected deeper down, or not at all', () => {
    expect(selects(infoOf('{ b { points history { letters } } }'), 'letters')).toBe(false);
    expect(selects(infoOf('{ b { points ...F } } fragment F on PointsBalance { capital ...F }'), 'letters')).toBe(false);
    expect(selects(infoOf('{ b { points capital } }'), 'letters')).toBe(false);
  });
});
