import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/database/driver.js';
import { importSeed, STATE_DATASETS, type RelationshipKey } from '../../src/seed/import.js';
import { resetToSeed, testDatabase } from '../support/graph.js';

let db: Database;
let root: string;

// One past the datasets read in one round: the first round ends at the last but one, the second holds the last.
const COUNT = STATE_DATASETS + 1;
const name = (i: number) => `test-batch-${String(i).padStart(3, '0')}`;
const board = (i: number) => `${name(i)}-board`;
// Every dataset states this same pair between two nodes none of them owns, each its own copy.
const SHARED: RelationshipKey = { from: 'lancashire-safeguarding-children-board', type: 'SERVES', to: 'lancashire-county' };
const OWN = (i: number): RelationshipKey => ({ from: 'duty-cda-1998-s17-due-regard', type: 'BINDS', to: board(i) });

function write(i: number, shared: boolean): string {
  const dir = path.join(root, name(i));
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'data.yaml'),
    [
      `dataset: ${name(i)}`,
      'entities:',
      `  - {id: ${board(i)}, type: Board, name: Board ${i}, kind: OTHER}`,
      'relationships:',
      `  - {from: ${OWN(i).from}, type: BINDS, to: ${board(i)}, basis: INFERRED, source: test, note: test}`,
      ...(shared ? [`  - {from: ${SHARED.from}, type: SERVES, to: ${SHARED.to}, basis: INFERRED, source: test, note: test}`] : []),
      '',
    ].join('\n'),
  );
  return dir;
}

const copiesOfShared = async () =>
  (
    await db.run<{ n: number }>("MATCH (:Entity {id: $from})-[r:SERVES]->(:Entity {id: $to}) WHERE r.dataset STARTS WITH 'test-batch-' RETURN count(r) AS n", {
      from: SHARED.from,
      to: SHARED.to,
    })
  )[0]?.n;

beforeAll(async () => {
  db = await testDatabase();
  await resetToSeed(db);
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'gt-import-batched-'));
});

afterAll(async () => {
  await resetToSeed(db);
  await db.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('an import of more datasets than one read holds (issue 16)', () => {
  it("reports, records and audits each dataset's own counts when all of them state the same relationship and point at the same duty", async () => {
    const folders = Array.from({ length: COUNT }, (_, i) => write(i + 1, true));
    const report = await importSeed(db, folders, { actor: 'batched-test' });
    expect(report.datasets).toHaveLength(COUNT);
    expect([report.entities, report.relationships]).toEqual([COUNT, 2 * COUNT]);
    for (const [index, diff] of report.diffs.entries()) {
      const i = index + 1;
      expect(diff.dataset).toBe(name(i));
      expect(diff.total).toEqual({ entities: 1, relationships: 2 });
      expect(diff.entities).toEqual({ added: [board(i)], changed: [], removed: [] });
      expect(diff.relationships).toEqual({ added: [OWN(i), SHARED], changed: [], removed: [] });
    }
    expect(await copiesOfShared()).toBe(COUNT);

    const recorded = await db.run<{ id: string; entities: number; relationships: number; touched: string[] }>(
      "MATCH (d:Dataset) WHERE d.id STARTS WITH 'test-batch-' RETURN d.id AS id, d.entities AS entities, d.relationships AS relationships, d.touched AS touched ORDER BY id",
    );
    expect(recorded).toHaveLength(COUNT);
    for (const [index, row] of recorded.entries()) {
      expect(row).toMatchObject({ id: name(index + 1), entities: 1, relationships: 2 });
      expect([...row.touched].sort()).toEqual([OWN(index + 1).from, board(index + 1), SHARED.to, SHARED.from].sort());
    }
    const events = await db.run<{ entityId: string; after: string }>(
      "MATCH (a:AuditEvent {action: 'IMPORT', actor: 'batched-test'}) RETURN a.entityId AS entityId, a.after AS after ORDER BY entityId",
    );
    expect(events.map((event) => event.entityId)).toEqual(Array.from({ length: COUNT }, (_, i) => name(i + 1)));
    for (const event of events) expect(JSON.parse(event.after)).toMatchObject({ entities: 1, relationships: 2 });
  }, 600_000);

  it('removes the shared relationship only from the datasets that no longer state it, on both sides of the boundary between reads', async () => {
    // The last dataset of the first read and the one dataset of the second drop the shared pair.
    const dropped = new Set([STATE_DATASETS, COUNT]);
    const folders = Array.from({ length: COUNT }, (_, i) => write(i + 1, !dropped.has(i + 1)));
    const report = await importSeed(db, folders);
    for (const [index, diff] of report.diffs.entries()) {
      const i = index + 1;
      expect(diff.dataset).toBe(name(i));
      expect(diff.entities).toEqual({ added: [], changed: [], removed: [] });
      if (dropped.has(i)) {
        expect(diff.relationships).toEqual({ added: [], changed: [], removed: [SHARED] });
        expect(diff.total).toEqual({ entities: 1, relationships: 1 });
      } else {
        expect(diff.relationships).toEqual({ added: [], changed: [], removed: [] });
        expect(diff.total).toEqual({ entities: 1, relationships: 2 });
      }
    }
    expect(await copiesOfShared()).toBe(COUNT - dropped.size);
    // The seed's own copy of the pair, if it states one, and every other dataset's BINDS from the duty are untouched.
    const binds = await db.run<{ n: number }>("MATCH (:Entity {id: $duty})-[r:BINDS]->() WHERE r.dataset STARTS WITH 'test-batch-' RETURN count(r) AS n", {
      duty: OWN(1).from,
    });
    expect(binds[0]?.n).toBe(COUNT);
  }, 600_000);
});
