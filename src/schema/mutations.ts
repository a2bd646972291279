/**
 * The audit wrapper around every generated mutation: the transaction, the before/after snapshots
 * and the audit record. Who may change what is decided in ownership.ts, what input is acceptable
 * in mutation-input.ts, and what we rely on of @neo4j/graphql in neo4j-graphql/.
 */
import { randomUUID } from 'node:crypto';
import { astFromValue, execute, type GraphQLFieldResolver, type GraphQLInputType, type GraphQLSchema } from 'graphql';
import neo4j, { type Transaction } from 'neo4j-driver';
import { ErrorCode, userError } from '../errors.js';
import { cypher } from '../database/cypher.js';
import { bumpGeneration } from '../database/generation.js';
import { changesBetween, record, snapshot, type EntityChange } from './audit-trail.js';
import type { RequestContext } from './context.js';
import {
  createdIds,
  limitMatched,
  limitRelationships,
  MAX_ENTITIES_PER_MUTATION,
  refuseClearingKept,
  refuseDeepNesting,
  refuseInvalidValues,
  refuseListEditsOfMissing,
  refuseOversizeInput,
  requireLinkWhere,
  requireWhere,
} from './mutation-input.js';
import { inTransaction } from './neo4j-graphql/execution-context.js';
import { generatedMutations, matchingIdsQuery } from './neo4j-graphql/generated-mutations.js';
import { refuseBeforeChange, refuseForeignChanges, requireEditor } from './ownership.js';

/**
 * The ids an update or delete will touch, found with the generated query for the same `where`
 * inside the mutation's transaction, so the library (not us) interprets the filter.
 */
async function matchedIds(schema: GraphQLSchema, listField: string, whereType: GraphQLInputType, where: unknown, ctx: RequestContext, tx: Transaction): Promise<string[]> {
  const whereAst = astFromValue(where, whereType);
  if (!whereAst) throw userError(ErrorCode.BAD_USER_INPUT, 'The where filter could not be read.');
  const document = matchingIdsQuery(listField, whereAst, MAX_ENTITIES_PER_MUTATION + 1);
  const result = await execute({ schema, document, contextValue: { ...ctx, executionContext: tx } });
  if (result.errors?.length) throw result.errors[0];
  return limitMatched(((result.data as Record<string, { id: string }[]> | null | undefined)?.[listField] ?? []).map((row) => row.id));
}

/**
 * A created entity must have the `type` its label gives it (set by @populatedBy, see
 * neo4j-graphql/populated-by.ts): search, impact, trace and the audit trail read `type`, and would
 * silently pass over one without. Should a library upgrade stop setting it, the create fails and
 * rolls back rather than store an entity nothing can find.
 */
function refuseUntyped(changes: readonly EntityChange[]): void {
  const untyped = changes.filter((change) => change.action === 'CREATE' && !change.after?.type).map((change) => change.id);
  if (untyped.length > 0) throw new Error(`created without a type: ${untyped.join(', ')}; @populatedBy did not set it`);
}

/**
 * The relationships a change added, marked with its changeId so that every hop says who asserted
 * it (a seed dataset, or a change in the audit trail), and refused past the bound before anything
 * else is read: the counts are of relationships, each once, whichever ends the change named.
 */
async function stampAdded(tx: Transaction, ids: readonly string[], before: readonly string[], changeId: string): Promise<void> {
  const result = await tx.run(cypher('mutations/stamp-added'), { ids, before, changeId });
  const counts = result.records[0];
  limitRelationships(Number(counts?.get('added') ?? 0), Number(counts?.get('removed') ?? 0));
}

/**
 * Wraps every generated mutation so that it runs in a transaction of ours: the entities it will
 * touch are read before and after, an editor's change outside their partnership is refused, and
 * one AuditEvent per changed entity is written before the commit. Any failure rolls back all of
 * it, so a refused or failing change leaves the graph as it was and records nothing.
 */
export function auditMutations(schema: GraphQLSchema): void {
  for (const { field, verb, listField, whereType, relationshipFields } of generatedMutations(schema)) {
    const original = field.resolve;
    if (!original) continue;
    const resolve: GraphQLFieldResolver<unknown, RequestContext> = async (root, args: Record<string, unknown>, ctx, info) => {
      const claims = requireEditor(ctx.claims, field.name);
      refuseDeepNesting(args.input ?? args.update, false, args.input === undefined ? 'update' : 'input');
      requireWhere(field.name, verb, args.where);
      refuseClearingKept(args.update);
      refuseOversizeInput(args.input ?? args.update, args.input === undefined ? 'update' : 'input');
      requireLinkWhere(args.input ?? args.update, args.input === undefined ? 'update' : 'input');
      const changeId = randomUUID();
      const session = ctx.db.driver.session({ database: ctx.db.name, defaultAccessMode: neo4j.session.WRITE });
      const tx = session.beginTransaction({ timeout: ctx.db.queryTimeoutMs, metadata: { app: 'golden-thread', actor: claims.sub, operation: field.name, changeId } });
      try {
        const ids = verb === 'create' ? createdIds(args) : await matchedIds(schema, listField, whereType as GraphQLInputType, args.where, ctx, tx);
        const before = await snapshot(tx, ids);
        refuseBeforeChange(verb, args, relationshipFields, before, claims);
        refuseListEditsOfMissing(args.update, before);
        const linked = await tx.run(cypher('mutations/relationships-of'), { ids });
        const result: unknown = await inTransaction(ctx, tx, async () => original(root, args, ctx, info));
        const changes = changesBetween(ids, before, await snapshot(tx, ids));
        await stampAdded(tx, ids, (linked.records[0]?.get('rels') as string[] | undefined) ?? [], changeId);
        refuseUntyped(changes);
        refuseInvalidValues(changes);
        refuseForeignChanges(changes, claims);
        await record(tx, { actor: claims.sub, roles: claims.roles, actorPartnership: claims.partnership, operation: field.name, changeId }, changes);
        await bumpGeneration(tx);
        await tx.commit();
        return result;
      } catch (error) {
        await tx.rollback().catch(() => undefined);
        throw error;
      } finally {
        await session.close();
      }
    };
    // The client-side deadline (src/database/deadline.ts): a frozen server answers DATABASE_TIMEOUT on time, and the session is closed, so the change cannot commit later.
    const deadlined: GraphQLFieldResolver<unknown, RequestContext> = (root, args: Record<string, unknown>, ctx, info) => ctx.db.withDeadline(async () => resolve(root, args, ctx, info));
    field.resolve = deadlined as GraphQLFieldResolver<unknown, unknown>;
  }
}
