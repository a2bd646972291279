/**
 * What one write test adds to or changes in the shared graph, so that it takes away exactly that
 * and nothing else (after neo4j/graphql's test helper, which deletes only the labels a test made).
 * A test records what it is about to create or change; afterwards the scope deletes what it
 * created, puts back what it changed, and removes the audit events its changes caused. Every
 * delete is scoped by id or by a marker nobody else carries: there is no way to ask it for
 * `MATCH (n) DETACH DELETE n`, and it refuses a marker that already matches anything.
 *
 * It also checks the test recorded everything: the graph's node and relationship counts must be
 * what they were before the test. That needs no other writer at the same time, which is why the
 * write tier runs its files one at a time, after the read tier.
 */
import { afterEach, beforeEach } from 'vitest';
import type { Database } from '../../src/database/driver.js';
import { bumpGeneration } from '../../src/database/generation.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

interface Link {
  readonly from: string;
  readonly type: string;
  readonly to: string;
  /** The relationships of this type between the two that were there before the test. */
  readonly existing: readonly string[];
}

interface Marker {
  readonly label: string;
  readonly property: string;
  readonly value: string;
}

async function counts(db: Database): Promise<{ nodes: number; relationships: number }> {
  const [nodes] = await db.run<{ n: number }>('MATCH (n) RETURN count(n) AS n');
  const [relationships] = await db.run<{ n: number }>('MATCH ()-[r]->() RETURN count(r) AS n');
  return { nodes: nodes?.n ?? 0, relationships: relationships?.n ?? 0 };
}

export class GraphScope {
  readonly #db: Database;
  readonly #since: string;
  readonly #before: { nodes: number; relationships: number };
  readonly #created = new Set<string>();
  readonly #saved = new Map<string, Record<string, unknown>>();
  readonly #links: Link[] = [];
  readonly #markers: Marker[] = [];

  private constructor(db: Database, since: string, before: { nodes: number; relationships: number }) {
    this.#db = db;
    this.#since = since;
    this.#before = before;
  }

  static async open(db: Database): Promise<GraphScope> {
    const [row] = await db.run<{ now: string }>('RETURN toString(datetime()) AS now');
    if (!row) throw new Error('the database did not tell the time');
    return new GraphScope(db, row.now, await counts(db));
  }

  /** Entities (by id) the test is about to create; refuses an id that already exists. */
  async creates(...ids: string[]): Promise<void> {
    if (ids.length === 0 || ids.some((id) => id.trim() === '')) throw new Error('creates() needs the ids of the entities the test creates');
    const taken = await this.#db.run<{ id: string }>('MATCH (n:Entity) WHERE n.id IN $ids RETURN n.id AS id', { ids });
    if (taken.length > 0) throw new Error(`creates(): ${taken.map((r) => r.id).join(', ')} already exist; a test may only remove what it created`);
    for (const id of ids) this.#created.add(id);
  }

  /**
   * Nodes the test is about to create in bulk, all carrying `label` with `property` = `value`;
   * refuses a marker that already matches a node (it would delete what the test did not create).
   */
  async marks(label: string, property: string, value: string): Promise<void> {
    if (!NAME.test(label) || !NAME.test(property) || value.trim() === '') throw new Error('marks() needs a label, a property and a non-empty value');
    const [row] = await this.#db.run<{ n: number }>(`MATCH (n:\`${label}\`) WHERE n.\`${property}\` = $value RETURN count(n) AS n`, { value });
    if ((row?.n ?? 0) > 0)
      throw new Error(`marks(): ${row?.n} ${label} nodes already have ${property} = ${JSON.stringify(value)}; choose a marker of the test's own`);
    this.#markers.push({ label, property, value });
  }

  /** Existing entities whose properties the test is about to change; put back exactly afterwards. */
  async changes(...ids: string[]): Promise<void> {
    const rows = await this.#db.run<{ id: string; properties: Record<string, unknown> }>(
      'MATCH (n:Entity) WHERE n.id IN $ids RETURN n.id AS id, properties(n) AS properties',
      { ids },
    );
    const missing = ids.filter((id) => !rows.some((r) => r.id === id));
    if (missing.length > 0) throw new Error(`changes(): no entity ${missing.join(', ')}`);
    for (const { id, properties } of rows) if (!this.#saved.has(id)) this.#saved.set(id, properties);
  }

  /** A relationship the test is about to create between two entities that outlive it. */
  async links(from: string, type: string, to: string): Promise<void> {
    if (!NAME.test(type)) throw new Error(`links(): ${JSON.stringify(type)} is not a relationship type`);
    const rows = await this.#db.run<{ id: string }>('MATCH (:Entity {id: $from})-[r]->(:Entity {id: $to}) WHERE type(r) = $type RETURN elementId(r) AS id', {
      from,
      to,
      type,
    });
    this.#links.push({ from, type, to, existing: rows.map((r) => r.id) });
  }

  /** Every entity id the test said it touches: their audit events from this test go too. */
  #touched(): string[] {
    return [...new Set([...this.#created, ...this.#saved.keys(), ...this.#links.flatMap((l) => [l.from, l.to])])];
  }

  /** Takes away what the test recorded, then checks nothing else was left behind. */
  async close(): Promise<void> {
    const db = this.#db;
    for (const link of this.#links) {
      await db.run(
        'MATCH (:Entity {id: $from})-[r]->(:Entity {id: $to}) WHERE type(r) = $type AND NOT elementId(r) IN $existing DELETE r',
        { from: link.from, to: link.to, type: link.type, existing: link.existing },
        'WRITE',
      );
    }
    if (this.#created.size > 0) await db.run('MATCH (n:Entity) WHERE n.id IN $ids DETACH DELETE n', { ids: [...this.#created] }, 'WRITE');
    for (const { label, property, value } of this.#markers) {
      await db.run(`MATCH (n:\`${label}\`) WHERE n.\`${property}\` = $value DETACH DELETE n`, { value }, 'WRITE');
    }
    for (const [id, properties] of this.#saved) await db.run('MATCH (n:Entity {id: $id}) SET n = $properties', { id, properties }, 'WRITE');
    const touched = this.#touched();
    if (touched.length > 0) {
      await db.run('MATCH (a:AuditEvent) WHERE a.entityId IN $ids AND a.at >= datetime($since) DETACH DELETE a', { ids: touched, since: this.#since }, 'WRITE');
    }
    // Put back behind the API's back: an answer an API process keeps in memory must not outlive it.
    await bumpGeneration({ run: (query, parameters) => db.run(query, parameters, 'WRITE') });
    const after = await counts(db);
    if (after.nodes !== this.#before.nodes || after.relationships !== this.#before.relationships) {
      throw new Error(
        `the test left the graph at ${after.nodes} nodes and ${after.relationships} relationships, not ${this.#before.nodes} and ${this.#before.relationships}: record what it creates with creates(), marks() or links()`,
      );
    }
  }
}

/**
 * A fresh scope for each test of the file (opened before it, closed after it):
 * `const scope = useGraphScope(() => db);` then `await scope().creates(id)` inside a test.
 */
export function useGraphScope(db: () => Database): () => GraphScope {
  let current: GraphScope | undefined;
  beforeEach(async () => {
    current = await GraphScope.open(db());
  });
  afterEach(async () => {
    const scope = current;
    current = undefined;
    await scope?.close();
  });
  return () => {
    if (!current) throw new Error('useGraphScope: no test is running');
    return current;
  };
}
