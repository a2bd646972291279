import { randomUUID } from 'node:crypto';
import neo4j, { type Transaction } from 'neo4j-driver';
import { cypher } from '../database/cypher.js';

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

/** Writes one AuditEvent per change, in the same transaction as the change. */
export async function record(tx: Transaction, author: ChangeAuthor, changes: readonly EntityChange[]): Promise<void> {
  if (changes.length === 0) return;
  const events = changes.map((change) => ({
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
    before: change.before ? json(change.before.properties) : null,
    after: change.after ? json(change.after.properties) : null,
    relationshipsAdded: describeRelationships(change.added),
    relationshipsRemoved: describeRelationships(change.removed),
  }));
  await tx.run(cypher('audit/record'), { events });
}
