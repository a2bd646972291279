/**
 * The audit trail: what a change records (the change, not two whole snapshots), who may read the
 * person behind it, and how an admin takes personal data back out of it.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import neo4j, { type Transaction } from 'neo4j-driver';
import { bumpGeneration } from '../database/generation.js';
import { cypher } from '../database/cypher.js';
import { ErrorCode, userError } from '../errors.js';
import { LIMITS, valueProblem } from '../model/index.js';
import type { Claims } from './credentials.js';
import type { RequestContext } from './context.js';
import { requireHiddenFromQueries } from './neo4j-graphql/read-only-fields.js';

/** One relationship of an entity, as the audit trail records it. */
export interface RelationshipState {
  readonly direction: 'OUT' | 'IN';
  readonly type: string;
  readonly other: string;
  readonly otherPartnership: string | null;
  readonly evidence: Record<string, unknown>;
}

/** An entity's whole state at one moment of a transaction. */
export interface EntityState {
  readonly id: string;
  readonly type: string;
  readonly properties: Record<string, unknown>;
  readonly relationships: readonly RelationshipState[];
}

/** What one mutation did to one entity. */
export interface EntityChange {
  readonly id: string;
  readonly type: string;
  readonly action: 'CREATE' | 'UPDATE' | 'DELETE';
  readonly before: EntityState | undefined;
  readonly after: EntityState | undefined;
  readonly changedProperties: readonly string[];
  readonly added: readonly RelationshipState[];
  readonly removed: readonly RelationshipState[];
}

/** Who made a change and through what, for every event of one mutation. */
export interface ChangeAuthor {
  readonly actor: string;
  readonly roles: readonly string[];
  readonly actorPartnership: string | undefined;
  readonly operation: string;
  readonly changeId: string;
}

const isTemporal = (value: unknown): boolean =>
  neo4j.isDate(value as never) || neo4j.isDateTime(value as never) || neo4j.isLocalDateTime(value as never) || neo4j.isLocalTime(value as never) || neo4j.isTime(value as never) || neo4j.isDuration(value as never);

/** Plain JSON of database values: dates as their ISO text, keys in a stable order. */
function plain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (isTemporal(value)) return String(value);
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)).map(([key, inner]) => [key, plain(inner)]));
  }
  return value;
}

const json = (value: unknown): string => JSON.stringify(plain(value));

const relationshipKey = (relationship: RelationshipState): string => json([relationship.direction, relationship.type, relationship.other, relationship.evidence]);

/** Reads the state of the given entities inside the mutation's transaction. */
export async function snapshot(tx: Transaction, ids: readonly string[]): Promise<Map<string, EntityState>> {
  if (ids.length === 0) return new Map();
  const result = await tx.run(cypher('audit/snapshot'), { ids: [...new Set(ids)] });
  return new Map(
    result.records.map((record) => {
      const state: EntityState = {
        id: record.get('id') as string,
        type: record.get('type') as string,
        properties: record.get('properties') as Record<string, unknown>,
        relationships: record.get('relationships') as RelationshipState[],
      };
      return [state.id, state];
    }),
  );
}

/** Compares two snapshots of the same ids; entities the mutation left alone yield nothing. */
export function changesBetween(ids: readonly string[], before: ReadonlyMap<string, EntityState>, after: ReadonlyMap<string, EntityState>): EntityChange[] {
  const changes: EntityChange[] = [];
  for (const id of new Set(ids)) {
    const old = before.get(id);
    const now = after.get(id);
    if (!old && !now) continue;
    const oldProps = old?.properties ?? {};
    const newProps = now?.properties ?? {};
    const changedProperties = [...new Set([...Object.keys(oldProps), ...Object.keys(newProps)])]
      .filter((key) => json(oldProps[key]) !== json(newProps[key]))
      .sort();
    const oldKeys = new Set((old?.relationships ?? []).map(relationshipKey));
    const newKeys = new Set((now?.relationships ?? []).map(relationshipKey));
    const added = (now?.relationships ?? []).filter((relationship) => !oldKeys.has(relationshipKey(relationship)));
    const removed = (old?.relationships ?? []).filter((relationship) => !newKeys.has(relationshipKey(relationship)));
    const action = !old ? 'CREATE' : !now ? 'DELETE' : 'UPDATE';
    if (action === 'UPDATE' && changedProperties.length === 0 && added.length === 0 && removed.length === 0) continue;
    changes.push({ id, type: (now ?? old)?.type ?? 'UNKNOWN', action, before: old, after: now, changedProperties, added, removed });
  }
  return changes;
}

const describeRelationships = (relationships: readonly RelationshipState[]): string | null =>
  relationships.length === 0 ? null : json(relationships.map(({ direction, type, other, evidence }) => ({ direction, type, other, evidence })));

const only = (properties: Record<string, unknown> | undefined, names: readonly string[]): Record<string, unknown> =>
  Object.fromEntries(names.map((name) => [name, properties?.[name] ?? null]));

/**
 * What an event keeps of a change: an UPDATE the changed properties' values before and after; a
 * CREATE what it created; a DELETE all it removed, so it can be put back. Two whole snapshots per
 * event made 40 edits of one long list 152 MB of audit.
 */
function recorded(change: EntityChange): { before: string | null; after: string | null } {
  switch (change.action) {
    case 'CREATE':
      return { before: null, after: json(change.after?.properties) };
    case 'DELETE':
      return { before: json(change.before?.properties), after: null };
    case 'UPDATE':
      return { before: json(only(change.before?.properties, change.changedProperties)), after: json(only(change.after?.properties, change.changedProperties)) };
  }
}

/** UTF-8 bytes of what an event records of its change. */
export const recordedBytes = (event: { before: string | null; after: string | null; relationshipsAdded: string | null; relationshipsRemoved: string | null }): number =>
  [event.before, event.after, event.relationshipsAdded, event.relationshipsRemoved].reduce((sum, text) => sum + (text === null ? 0 : Buffer.byteLength(text)), 0);

/** Writes one AuditEvent per change, in the same transaction as the change. */
export async function record(tx: Transaction, author: ChangeAuthor, changes: readonly EntityChange[]): Promise<void> {
  if (changes.length === 0) return;
  const events = changes.map((change) => {
    const event = {
      id: randomUUID(),
      actor: author.actor,
      roles: [...author.roles],
      actorPartnership: author.actorPartnership ?? null,
      operation: author.operation,
      changeId: author.changeId,
      action: change.action,
      entityId: change.id,
      entityType: change.type,
      changedProperties: [...change.changedProperties],
      ...recorded(change),
      relationshipsAdded: describeRelationships(change.added),
      relationshipsRemoved: describeRelationships(change.removed),
    };
    const bytes = recordedBytes(event);
    if (bytes > LIMITS.auditEventBytes) {
      throw userError(
        ErrorCode.BAD_USER_INPUT,
        `${change.id}: this change would need an audit record of ${bytes.toLocaleString('en-GB')} bytes; the limit is ${LIMITS.auditEventBytes.toLocaleString('en-GB')}. Make it in smaller steps (fewer relationships or less text at once); nothing was changed.`,
      );
    }
    return event;
  });
  await tx.run(cypher('audit/record'), { events });
}

/** What an actor's subject is replaced with by redaction. */
export const REDACTED = 'redacted';
/** What each recorded value is replaced with by redaction; the property names stay, so the trail still says what changed. */
export const REDACTED_VALUE = '[redacted]';

/**
 * The key of actor pseudonyms: derived from the token secret, so they are the same across restarts
 * and replicas; with a JWKS (no secret of ours) a random one, so they hold until the next restart.
 */
export function actorPseudonymKey(jwtSecret: string | undefined): Buffer {
  return jwtSecret === undefined ? randomBytes(32) : createHmac('sha256', jwtSecret).update('golden-thread audit actor pseudonyms').digest();
}

/** A stable stand-in for an actor's subject that cannot be turned back into it. */
export function actorPseudonym(key: Buffer, actor: string): string {
  if (actor === REDACTED) return REDACTED;
  return `actor-${createHmac('sha256', key).update(actor).digest('hex').slice(0, 16)}`;
}

const isAdmin = (claims: Claims | undefined): boolean => claims?.roles.includes('admin') === true;

/**
 * Who reads the subject behind a change: an admin always, an editor on its own changes; everyone
 * else a pseudonym. The field cannot be filtered, sorted or aggregated on (schema/auth.graphql), so
 * its resolver is the only way out, and this checks that at start.
 */
export function pseudonymousActors(schema: GraphQLSchema, key: Buffer): void {
  const field = requireHiddenFromQueries(schema, 'AuditEvent', 'actor');
  const original = field.resolve ?? defaultFieldResolver;
  const resolve: GraphQLFieldResolver<unknown, RequestContext> = (source, args, ctx, info) => {
    const actor: unknown = original(source, args, ctx, info);
    if (typeof actor !== 'string' || isAdmin(ctx.claims) || (ctx.claims !== undefined && actor === ctx.claims.sub)) return actor;
    return actorPseudonym(key, actor);
  };
  field.resolve = resolve as GraphQLFieldResolver<unknown, unknown>;
}

interface StoredEvent {
  readonly id: string;
  readonly entityId: string;
  readonly entityType: string;
  readonly before: string | null;
  readonly after: string | null;
  readonly relationshipsAdded: string | null;
  readonly relationshipsRemoved: string | null;
}

/** Every value in a recorded JSON object replaced, its names kept; relationships keep their ends and type. */
function blankValues(text: string | null, relationships: boolean): string | null {
  if (text === null) return null;
  const parsed: unknown = JSON.parse(text);
  const blank = (object: unknown): Record<string, string> => Object.fromEntries(Object.keys((object ?? {}) as object).map((name) => [name, REDACTED_VALUE]));
  if (relationships && Array.isArray(parsed)) {
    return json(parsed.map((item: Record<string, unknown>) => ({ direction: item.direction, type: item.type, other: item.other, evidence: blank(item.evidence) })));
  }
  return json(blank(parsed));
}

export interface RedactionRequest {
  readonly actor?: string | null;
  readonly entityId?: string | null;
  readonly reason: string;
}

/**
 * Takes personal data out of the trail, in one transaction, and records that it did: from the
 * events by `actor` it removes the subject, from those about `entityId` every recorded value (both
 * given: those by that actor about that entity, both removed). One REDACT event per entity says
 * who redacted, when and why. Admins only.
 */
export async function redactAuditEvents(ctx: RequestContext, request: RedactionRequest): Promise<{ redactedEvents: number; entityIds: string[] }> {
  const claims = ctx.claims;
  if (claims === undefined) throw userError(ErrorCode.UNAUTHENTICATED, 'redactAuditEvents needs a signed-in admin.');
  if (!isAdmin(claims)) throw userError(ErrorCode.FORBIDDEN, 'Only an admin may redact the audit trail.');
  const actor = request.actor ?? undefined;
  const entityId = request.entityId ?? undefined;
  if (actor === undefined && entityId === undefined) throw userError(ErrorCode.BAD_USER_INPUT, 'Name the actor or the entityId (or both) whose events to redact.');
  const reasonProblem = valueProblem('reason', request.reason);
  if (reasonProblem !== undefined) throw userError(ErrorCode.BAD_USER_INPUT, `reason ${reasonProblem}.`);
  const changeId = randomUUID();
  const session = ctx.db.driver.session({ database: ctx.db.name, defaultAccessMode: neo4j.session.WRITE });
  const tx = session.beginTransaction({ timeout: ctx.db.queryTimeoutMs, metadata: { app: 'golden-thread', actor: claims.sub, operation: 'redactAuditEvents', changeId } });
  try {
    const result = await tx.run(cypher('audit/redaction-targets'), { actor: actor ?? null, entityId: entityId ?? null });
    const targets = result.records.map((row) => row.toObject() as StoredEvent);
    const redactions = targets.map((event) => ({
      id: event.id,
      actor: actor === undefined ? null : REDACTED,
      values: entityId !== undefined,
      before: blankValues(event.before, false),
      after: blankValues(event.after, false),
      relationshipsAdded: blankValues(event.relationshipsAdded, true),
      relationshipsRemoved: blankValues(event.relationshipsRemoved, true),
    }));
    await tx.run(cypher('audit/redact'), { redactions });
    const byEntity = new Map<string, { type: string; count: number }>();
    for (const event of targets) byEntity.set(event.entityId, { type: event.entityType, count: (byEntity.get(event.entityId)?.count ?? 0) + 1 });
    const blanked = [...(actor === undefined ? [] : ['actor']), ...(entityId === undefined ? [] : ['before', 'after', 'relationshipsAdded', 'relationshipsRemoved'])];
    const events = [...byEntity].map(([id, { type, count }]) => ({
      id: randomUUID(),
      actor: claims.sub,
      roles: [...claims.roles],
      actorPartnership: claims.partnership ?? null,
      operation: 'redactAuditEvents',
      changeId,
      action: 'REDACT',
      entityId: id,
      entityType: type,
      changedProperties: blanked,
      before: null,
      after: json({ reason: request.reason, redactedEvents: count }),
      relationshipsAdded: null,
      relationshipsRemoved: null,
    }));
    if (events.length > 0) await tx.run(cypher('audit/record'), { events });
    await bumpGeneration(tx);
    await tx.commit();
    return { redactedEvents: targets.length, entityIds: [...byEntity.keys()] };
  } catch (error) {
    await tx.rollback().catch(() => undefined);
    throw error;
  } finally {
    await session.close();
  }
}
