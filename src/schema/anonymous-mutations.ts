import type { ApolloServerPlugin } from '@apollo/server';
import { ErrorCode, requestError } from '../errors.js';
import type { RequestContext } from './context.js';
import { anonymousChange } from './ownership.js';

/**
 * A mutation without a token is refused before it runs, so the whole request is a 401 that HTTP
 * clients and proxies understand. Once execution starts an answer is 200 whatever its field
 * errors (src/errors.ts), so the mutation wrapper's own check would only ever say it in the body.
 */
export function refuseAnonymousMutations(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation?.operation !== 'mutation' || contextValue.claims !== undefined) return;
          const first = operation.selectionSet.selections.find((selection) => selection.kind === 'Field');
          throw requestError(ErrorCode.UNAUTHENTICATED, anonymousChange(first?.kind === 'Field' ? first.name.value : 'This mutation'));
        },
      };
    },
  };
}
