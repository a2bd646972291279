import { randomUUID } from 'node:crypto';
import {
  astFromValue,
  execute,
  getNamedType,
  getNullableType,
  isInputObjectType,
  isListType,
  Kind,
  type DocumentNode,
  type GraphQLFieldResolver,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import neo4j, { type Transaction } from 'neo4j-driver';
import { ErrorCode, userError } from '../errors.js';
import { changesBetween, record, snapshot, type EntityChange, type EntityState } from './audit-trail.js';
import type { RequestContext } from './context.js';
import type { Claims } from './credentials.js';

/** A mutation may touch at most this many entities directly: bulk changes go through seed files. */
export const MAX_ENTITIES_PER_MUTATION = 100;

const forbidden = (message: string) => userError(ErrorCode.FORBIDDEN, message);
const badInput = (message: string) => userError(ErrorCode.BAD_USER_INPUT, message);

/** Who owns an entity, as a refusal names it. */
const ownerOf = (partnership: unknown): string =>
  typeof partnership === 'string' ? `partnership "${partnership}"` : 'no partnership (shared national data, which only an admin may change)';

/** Why a change without a token is refused; also said before execution by refuseAnonymousMutations. */
export const anonymousChange = (operation: string): string =>
  `${operation} changes the graph, which needs a bearer token (Authorization: Bearer <JWT>) with the role editor or admin.`;

/** Who may try to change anything at all; the rules on each type then decide what. */
function requireEditor(claims: Claims | undefined, operation: string): Claims {
  if (!claims) {
    throw userError(ErrorCode.UNAUTHENTICATED, anonymousChange(operation));
  }
  if (claims.roles.includes('admin')) return claims;
  if (!claims.roles.includes('editor')) throw forbidden(`Your token's roles (${claims.roles.join(', ') || 'none'}) do not include editor or admin, which changing the graph needs.`);
  if (!claims.partnership) throw forbidden('Your token has the editor role but names no partnership; an editor may change only its own partnership\'s entities.');
  return claims;
}

/**
 * The rule the schema's @authorization cannot state on its own: a relationship is an editor's
 * to make or remove only if at least one of its ends is their partnership's, and an entity's own
 * properties only if it is theirs before and after. Admins may change anything.
 */
function refuseForeignChanges(changes: readonly EntityChange[], claims: Claims): void {
  if (claims.roles.includes('admin')) return;
  const mine = claims.partnership;
  for (const change of changes) {
    const before = change.before?.properties.partnership;
    const after = change.after?.properties.partnership;
    const touchesEntity = change.action !== 'UPDATE' || change.changedProperties.length > 0;
    if (touchesEntity && ((change.before && before !== mine) || (change.after && after !== mine))) {
      throw forbidden(`"${change.id}" belongs to ${ownerOf(change.before ? before : after)}; editors of "${mine}" may change only their partnership's entities.`);
    }
    const ownsEnd = change.before ? before === mine : after === mine;
    for (const relationship of [...change.added, ...change.removed]) {
      if (!ownsEnd && relationship.otherPartnership !== mine) {
        throw forbidden(`The ${relationship.type} relationship between "${change.id}" and "${relationship.other}" joins entities outside partnership "${mine}"; an editor may link or unlink only where one end is their partnership's.`);
      }
    }
  }
}

/**
 * Refuses, before @neo4j/graphql runs, what its own rules would refuse: its generated check
 * compares a missing partnership with null and fails inside the database instead of answering
 * FORBIDDEN. Also names an id that already exists, which the library reports without the id.
 */
function refuseBeforehand(verb: string, args: Record<string, unknown>, relationshipFields: ReadonlySet<string>, before: ReadonlyMap<string, EntityState>, claims: Claims): void {
  if (verb === 'create') {
    for (const item of args.input as { id: string; partnership?: string | null }[]) {
      if (before.has(item.id)) throw badInput(`An entity with id "${item.id}" already exists; ids are unique across the graph.`);
      if (!claims.roles.includes('admin') && item.partnership !== claims.partnership) {
        throw forbidden(`"${item.id}" would belong to ${item.partnership ? `partnership "${item.partnership}"` : 'no partnership'}; an editor of "${claims.partnership}" may create only entities with partnership "${claims.partnership}".`);
      }
    }
    return;
  }
  if (claims.roles.includes('admin')) return;
  const changesProperties = verb === 'delete' || Object.keys((args.update as Record<string, unknown> | undefined) ?? {}).some((key) => !relationshipFields.has(key));
  if (!changesProperties) return;
  for (const state of before.values()) {
    if (state.properties.partnership !== claims.partnership) {
      throw forbidden(`"${state.id}" belongs to ${ownerOf(state.properties.partnership)}; editors of "${claims.partnership}" may change only their partnership's entities.`);
    }
  }
}

/** Connects nested inside connects would change entities the audit does not snapshot. */
function refuseDeepNesting(value: unknown, insideConnect = false, path = 'input'): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => refuseDeepNesting(item, insideConnect, `${path}[${index}]`));
    return;
  }
  if (value === null || typeof value !== 'object' || neo4j.isDate(value as never)) return;
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    const isNesting = key === 'connect' || key === 'disconnect';
    if (isNesting && insideConnect && inner !== undefined && inner !== null) {
      throw badInput(`${path}.${key}: connect or disconnect one level at a time; a ${key} nested inside another changes entities other than the one named.`);
    }
    refuseDeepNesting(inner, insideConnect || isNesting, `${path}.${key}`);
  }
}

/** The ids a create names in its input. */
function createdIds(args: Record<string, unknown>): string[] {
  const input = Array.isArray(args.input) ? (args.input as { id?: unknown }[]) : [];
  if (input.length > MAX_ENTITIES_PER_MUTATION) throw badInput(`A create may make at most ${MAX_ENTITIES_PER_MUTATION} entities at once; this one has ${input.length}.`);
  return input.map((item) => String(item.id));
}

/**
 * The ids an update or delete will touch, found with the generated query for the same `where`
 * inside the mutation's transaction, so the library (not us) interprets the filter.
 */
async function matchedIds(schema: GraphQLSchema, listField: string, whereType: GraphQLInputType, where: unknown, ctx: RequestContext, tx: Transaction): Promise<string[]> {
  const whereAst = astFromValue(where, whereType);
  if (!whereAst) throw badInput('The where filter could not be read.');
  const document: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [
      {
        kind: Kind.OPERATION_DEFINITION,
        operation: 'query' as never,
        selectionSet: {
          kind: Kind.SELECTION_SET,
          selections: [
            {
              kind: Kind.FIELD,
              name: { kind: Kind.NAME, value: listField },
              arguments: [
                { kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'where' }, value: whereAst },
                { kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'limit' }, value: { kind: Kind.INT, value: String(MAX_ENTITIES_PER_MUTATION + 1) } },
              ],
              selectionSet: { kind: Kind.SELECTION_SET, selections: [{ kind: Kind.FIELD, name: { kind: Kind.NAME, value: 'id' } }] },
            },
          ],
        },
      },
    ],
  };
  const result = await execute({ schema, document, contextValue: { ...ctx, executionContext: tx } });
  if (result.errors?.length) throw result.errors[0];
  const rows = ((result.data as Record<string, { id: string }[]> | null | undefined)?.[listField] ?? []).map((row) => row.id);
  if (rows.length > MAX_ENTITIES_PER_MUTATION) {
    throw badInput(`This change matches more than ${MAX_ENTITIES_PER_MUTATION} entities; narrow its where (bulk changes belong in the seed files).`);
  }
  return rows;
}

/**
 * Wraps every generated mutation so that it runs in a transaction of ours: the entities it will
 * touch are read before and after, an editor's change outside their partnership is refused, and
 * one AuditEvent per changed entity is written before the commit. Any failure rolls back all of
 * it, so a refused or failing change leaves the graph as it was and records nothing.
 */
export function auditMutations(schema: GraphQLSchema): void {
  const mutation = schema.getMutationType();
  const query = schema.getQueryType();
  if (!mutation || !query) return;
  for (const field of Object.values(mutation.getFields())) {
    const match = /^(create|update|delete)(\w+)$/.exec(field.name);
    const original = field.resolve;
    if (!match?.[1] || !match[2] || !original) continue;
    const verb = match[1];
    const listField = match[2].charAt(0).toLowerCase() + match[2].slice(1);
    const whereType = field.args.find((arg) => arg.name === 'where')?.type;
    // In an update input, relationship fields are lists of connect/disconnect; properties are not.
    const updateType = getNamedType(field.args.find((arg) => arg.name === 'update')?.type);
    const relationshipFields = new Set(isInputObjectType(updateType) ? Object.values(updateType.getFields()).filter((input) => isListType(getNullableType(input.type))).map((input) => input.name) : []);
    if (!query.getFields()[listField]) throw new Error(`No query ${listField} for mutation ${field.name}`);
    const resolve: GraphQLFieldResolver<unknown, RequestContext> = async (root, args: Record<string, unknown>, ctx, info) => {
      const claims = requireEditor(ctx.claims, field.name);
      refuseDeepNesting(args.input ?? args.update, false, args.input === undefined ? 'update' : 'input');
      if (verb !== 'create' && (args.where === undefined || args.where === null || Object.keys(args.where as object).length === 0)) {
        throw badInput(`${field.name} needs a where that names what to ${verb}; an empty filter would ${verb} every entity of the type.`);
      }
      const changeId = randomUUID();
      const session = ctx.db.driver.session({ database: ctx.db.name, defaultAccessMode: neo4j.session.WRITE });
      const tx = session.beginTransaction({ timeout: ctx.db.queryTimeoutMs, metadata: { app: 'golden-thread', actor: claims.sub, operation: field.name, changeId } });
      const previous = ctx.executionContext;
      try {
        const ids = verb === 'create' ? createdIds(args) : await matchedIds(schema, listField, whereType as GraphQLInputType, args.where, ctx, tx);
        const before = await snapshot(tx, ids);
        refuseBeforehand(verb, args, relationshipFields, before, claims);
        // @neo4j/graphql runs its Cypher in whatever executionContext the request carries.
        ctx.executionContext = tx;
        const result: unknown = await original(root, args, ctx, info);
        ctx.executionContext = previous;
        const changes = changesBetween(ids, before, await snapshot(tx, ids));
        refuseForeignChanges(changes, claims);
        await record(tx, { actor: claims.sub, roles: claims.roles, actorPartnership: claims.partnership, operation: field.name, changeId }, changes);
        await tx.commit();
        return result;
      } catch (error) {
        await tx.rollback().catch(() => undefined);
        throw error;
      } finally {
        ctx.executionContext = previous;
        await session.close();
      }
    };
    field.resolve = resolve as GraphQLFieldResolver<unknown, unknown>;
  }
}
