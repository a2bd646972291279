/** The cost limit: a pure rule that estimates what an operation could read, and its thin plugin. */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError, Kind, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import { getComplexity, simpleEstimator, type ComplexityEstimator, type ComplexityEstimatorArgs } from 'graphql-query-complexity';
import { ErrorCode, requestError } from '../../errors.js';
import type { OperationCost } from '../../operations/cost.js';
import { readsPageByPage } from '../../schema/neo4j-graphql/complexity.js';
import { fragmentsOf } from './fragments.js';
import type { CostCharge } from './rate.js';
import { pageSize, type PageLimits } from '../../schema/neo4j-graphql/page-limits.js';

export interface CostLimits {
  readonly maxCost: number;
  readonly pageLimits: PageLimits;
  /** The hand-written operations' own prices, by `Type.field` (src/schema/resolvers.ts). */
  readonly operationCosts: Readonly<Record<string, OperationCost>>;
}

/**
 * More field nodes than this (fragments expanded) is refused before its cost is even summed: a
 * few nested fragment spreads can otherwise expand to millions of nodes to walk.
 */
export const MAX_QUERY_NODES = 10_000;

/**
 * Each operation's own price first; then the fields @neo4j/graphql marks as reading the database
 * page by page, priced by the page @limit really gives (its own estimator counts a list without
 * `limit`/`first` as one node); everything else costs one.
 */
export function costEstimators(limits: Pick<CostLimits, 'pageLimits' | 'operationCosts'>): ComplexityEstimator[] {
  const operations: ComplexityEstimator = ({ type, field, args, childComplexity }: ComplexityEstimatorArgs) =>
    limits.operationCosts[`${type.name}.${field.name}`]?.(args, childComplexity);
  const pages: ComplexityEstimator = ({ field, args, childComplexity }: ComplexityEstimatorArgs) => {
    if (!readsPageByPage(field)) return undefined;
    return childComplexity * pageSize(field, args, limits.pageLimits) + 1;
  };
  return [operations, pages, simpleEstimator({ defaultComplexity: 1 })];
}

/** What the rule found: the estimated cost, or a refusal. */
export type CostVerdict = { readonly cost: number } | { readonly refusal: GraphQLError } | { readonly unknown: true };

/**
 * The estimated cost of the operation that will run (another operation in the same document costs
 * nothing), or the refusal when it is above the limit. Bad variables leave it unknown: execution
 * refuses them with its own, clearer, error.
 */
export function costRule(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  document: DocumentNode,
  variables: Readonly<Record<string, unknown>>,
  limits: CostLimits,
  estimators: ComplexityEstimator[] = costEstimators(limits),
): CostVerdict {
  const query: DocumentNode = { kind: Kind.DOCUMENT, definitions: [operation, ...fragmentsOf(document).values()] };
  let cost: number;
  try {
    cost = getComplexity({ schema, query, estimators, variables: { ...variables }, maxQueryNodes: MAX_QUERY_NODES });
  } catch (error) {
    if (error instanceof GraphQLError && /maximum allowed number of nodes/.test(error.message)) {
      return {
        refusal: requestError(
          ErrorCode.QUERY_TOO_COMPLEX,
          `The query has more than ${MAX_QUERY_NODES} fields once its fragments are expanded; the cost limit is ${limits.maxCost}.`,
          {
            cost: null,
            limit: limits.maxCost,
          },
        ),
      };
    }
    return { unknown: true };
  }
  if (cost > limits.maxCost) {
    return {
      refusal: requestError(
        ErrorCode.QUERY_TOO_COMPLEX,
        `The query could read about ${cost} nodes; the limit is ${limits.maxCost}. Ask for smaller pages (limit, first) or fewer nested lists.`,
        { cost, limit: limits.maxCost },
      ),
    };
  }
  return { cost };
}

/**
 * Applies the rule once the operation is known and before it runs; an answered query reports its
 * cost in the response's `extensions.cost` so clients can see their budget. With `charge`, an
 * accepted cost is charged to the client's budget (src/http/limits/rate.ts) once every other
 * check has passed, and a query that does not fit is answered by the charge instead of running.
 */
export function costLimitPlugin(limits: CostLimits, charge?: CostCharge): ApolloServerPlugin<BaseContext> {
  const estimators = costEstimators(limits);
  // Accepted costs by operation and variables. Apollo keeps each parsed document (its document
  // store), so a repeated request brings the same operation node and its cost is not summed again.
  const accepted = new WeakMap<OperationDefinitionNode, LRUCache<string, number>>();
  const verdictOf = (schema: GraphQLSchema, operation: OperationDefinitionNode, document: DocumentNode, variables: Record<string, unknown>): CostVerdict => {
    let costs = accepted.get(operation);
    const key = JSON.stringify(variables);
    const known = costs?.get(key);
    if (known !== undefined) return { cost: known };
    const verdict = costRule(schema, operation, document, variables, limits, estimators);
    if ('cost' in verdict) {
      if (costs === undefined) accepted.set(operation, (costs = new LRUCache<string, number>({ max: 256 })));
      costs.set(key, verdict.cost);
    }
    return verdict;
  };
  return {
    async requestDidStart() {
      let cost: number | undefined;
      return {
        async didResolveOperation({ document, operation, request, schema }) {
          if (!operation) return;
          const verdict = verdictOf(schema, operation, document, request.variables ?? {});
          if ('refusal' in verdict) throw verdict.refusal;
          if ('cost' in verdict) cost = verdict.cost;
        },
        // Runs after every plugin's didResolveOperation has passed, so a refused request is not charged.
        async responseForOperation({ contextValue }) {
          return cost === undefined || !charge ? null : charge(contextValue, cost);
        },
        async willSendResponse({ response }) {
          // Another rule may have refused the request after this one accepted it.
          if (cost === undefined || response.body.kind !== 'single' || response.body.singleResult.data === undefined) return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, cost: { estimated: cost, limit: limits.maxCost } };
        },
      };
    },
  };
}
