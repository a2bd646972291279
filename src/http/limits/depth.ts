/** The depth limit: a pure rule, applied before validation by the document guard (document.ts). */
import { Kind, type DocumentNode, type GraphQLError, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { ErrorCode, requestError } from '../../errors.js';
import { fragmentsOf } from './fragments.js';

/**
 * How many fields deep the operation nests, counting the root field as 1: `{ activities { id } }`
 * is 2. Introspection fields are left out: their depth is bounded by the schema, and the standard
 * introspection query nests `ofType` further than any real query needs. Each fragment's depth is
 * counted once, wherever it is spread, so this is linear in the document even before validation.
 */
export function queryDepth(operation: OperationDefinitionNode, document: DocumentNode): number {
  const fragments = fragmentsOf(document);
  const fragmentDepths = new Map<string, number>();
  const counting = new Set<string>();
  const depthOf = (selectionSet: SelectionSetNode): number => {
    let deepest = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        deepest = Math.max(deepest, 1 + (selection.selectionSet ? depthOf(selection.selectionSet) : 0));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, depthOf(selection.selectionSet));
      } else {
        const name = selection.name.value;
        let depth = fragmentDepths.get(name);
        if (depth === undefined) {
          const fragment = fragments.get(name);
          // Validation refuses unknown fragments and cycles; skipping them keeps this function total.
          if (!fragment || counting.has(name)) continue;
          counting.add(name);
          depth = depthOf(fragment.selectionSet);
          counting.delete(name);
          fragmentDepths.set(name, depth);
        }
        deepest = Math.max(deepest, depth);
      }
    }
    return deepest;
  };
  return depthOf(operation.selectionSet);
}

/** The refusal for an operation deeper than `maxDepth`, or undefined when it is within it. */
export function depthRule(operation: OperationDefinitionNode, document: DocumentNode, maxDepth: number): GraphQLError | undefined {
  const depth = queryDepth(operation, document);
  if (depth <= maxDepth) return undefined;
  return requestError(
    ErrorCode.QUERY_TOO_DEEP,
    `The query nests ${depth} fields deep; the limit is ${maxDepth}. Ask for fewer levels and follow up with a query by id.`,
    {
      depth,
      limit: maxDepth,
    },
  );
}
