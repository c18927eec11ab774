import { Kind, type FieldNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';

/** What `selects` reads of a resolver's GraphQLResolveInfo. */
export interface SelectionInfo {
  fieldNodes: readonly FieldNode[];
  fragments: Record<string, FragmentDefinitionNode>;
}

/**
 * Whether the request may select `field` directly under the field being resolved: through any
 * alias, inline fragment or named fragment, whatever its directives (an @skip or @include is not
 * evaluated, so the answer errs on "selected"). Lets a resolver skip a read whose result the
 * answer would not carry; without `info` (a direct call), everything counts as selected.
 */
export function selects(info: SelectionInfo | undefined, field: string): boolean {
  if (info === undefined) return true;
  const seen = new Set<string>();
  const within = (set: SelectionSetNode | undefined): boolean => {
    if (set === undefined) return false;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === field) return true;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (within(selection.selectionSet)) return true;
      } else {
        const name = selection.name.value;
        if (seen.has(name)) continue;
        seen.add(name);
        const fragment = info.fragments[name];
        if (fragment === undefined || within(fragment.selectionSet)) return true;
      }
    }
    return false;
  };
  return info.fieldNodes.some((node) => within(node.selectionSet));
}
