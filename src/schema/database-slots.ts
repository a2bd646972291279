/**
 * How many root query fields of one request run at once. Each root field is at least one
 * database query (a generated one is translated to a single Cypher statement, an operation runs
 * a few in turn), so 990 aliases of `coverage` once held the whole driver pool (100 connections)
 * and every other client got DATABASE_UNAVAILABLE. With a few slots per request, a wide query
 * waits for its own slots instead of taking everyone's connections.
 */
import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import pLimit, { type LimitFunction } from 'p-limit';

export type DatabaseSlots = LimitFunction;

/** A request's own slots: at most `concurrency` of its root query fields run at a time. */
export function databaseSlots(concurrency: number): DatabaseSlots {
  return pLimit(concurrency);
}

/**
 * Makes every root query field wait for one of the request's slots (`databaseSlots` in its
 * context). Mutations are left alone: GraphQL runs them one after another already.
 */
export function boundQueryFields(schema: GraphQLSchema): void {
  const fields = schema.getQueryType()?.getFields() ?? {};
  for (const field of Object.values(fields)) {
    const original: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
    field.resolve = (root, args, context, info) => {
      const slots = (context as { databaseSlots?: DatabaseSlots } | undefined)?.databaseSlots;
      return slots ? slots(() => original(root, args, context, info)) : original(root, args, context, info);
    };
  }
}
