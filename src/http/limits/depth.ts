/** The depth limit: a pure rule, and the plugin that applies it before anything runs. */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Kind, type DocumentNode, type GraphQLError, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { ErrorCode, requestError } from '../../errors.js';
import { fragmentsOf } from './fragments.js';

/**
 * How many fields deep the operation nests, counting the root field as 1: `{ activities { id } }`
 * is 2. Introspection fields are left out: their depth is bounded by the schema, and the standard
 * introspection query nests `ofType` further than any real query needs.
 */
export function queryDepth(operation: OperationDefinitionNode, document: DocumentNode): number {
  const fragments = fragmentsOf(document);
  const depthOf = (selectionSet: SelectionSetNode, inFragments: ReadonlySet<string>): number => {
    let deepest = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        deepest = Math.max(deepest, 1 + (selection.selectionSet ? depthOf(selection.selectionSet, inFragments) : 0));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, depthOf(selection.selectionSet, inFragments));
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        // Validation has already refused cycles; the guard only keeps this function total.
        if (!fragment || inFragments.has(name)) continue;
        deepest = Math.max(deepest, depthOf(fragment.selectionSet, new Set([...inFragments, name])));
      }
    }
    return deepest;
  };
  return depthOf(operation.selectionSet, new Set());
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

export function depthLimitPlugin(maxDepth: number): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation }) {
          // Apollo has refused a document without a runnable operation before this hook.
          if (!operation) return;
          const refusal = depthRule(operation, document, maxDepth);
          if (refusal) throw refusal;
        },
      };
    },
  };
}
