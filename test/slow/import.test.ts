import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Database } from '../../src/database/driver.js';
import { ErrorCode } from '../../src/errors.js';
import { importSeed, SeedInvalidError } from '../../src/seed/import.js';
import type { SeedFile } from '../../src/seed/model.js';
import { listSeedFiles } from '../../src/seed/read.js';
import { resetToSeed, SEED_DIR, testDatabase } from '../support/graph.js';

let db: Database;

/** What the files declare, counted independently of the loader. */
function declared(): { entities: Map<string, number>; relationships: Map<string, number> } {
  const entities = new Map<string, number>();
  const relationships = new Map<string, number>();
  for (const file of listSeedFiles([SEED_DIR]).files) {
    const data = parse(fs.readFileSync(file, 'utf8')) as SeedFile;
    for (const entity of data.entities ?? []) entities.set(entity.type, (entities.get(entity.type) ?? 0) + 1);
    for (const rel of data.relationships ?? []) relationships.set(rel.type, (relationships.get(rel.type) ?? 0) + 1);
  }
  return { entities, relationships };
}

async function graphCounts(): Promise<{ labels: Record<string, number>; types: Record<string, number>; checksum: string }> {
  const labels = await db.run<{ label: string; n: number }>(
    'MATCH (n:Entity) UNWIND [l IN labels(n) WHERE l <> "Entity"] AS label RETURN label, count(*) AS n',
  );
  const types = await db.run<{ type: string; n: number }>('MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n');
  const checksum = await db.run<{ c: string }>(
    'MATCH (a:Entity)-[r]->(b:Entity) WITH a.id + "|" + type(r) + "|" + b.id + "|" + coalesce(r.quote, "") + "|" + r.basis AS row ORDER BY row RETURN apoc.util.md5(collect(row)) AS c',
  );
  return {
    labels: Object.fromEntries(labels.map((row) => [row.label, row.n])),
    types: Object.fromEntries(types.map((row) => [row.type, row.n])),
    checksum: checksum[0]?.c ?? '',
  };
}

/** A copy of the seed folder with one file changed, for the failure cases. */
function brokenCopy(file: string, edit: (text: string) => string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gt-seed-'));
  fs.cpSync(SEED_DIR, dir, { recursive: true });
  const target = path.join(dir, file);
  fs.writeFileSync(target, edit(fs.readFileSync(target, 'utf8')));
  return dir;
}

beforeAll(async () => {
  db = await testDatabase();
  await resetToSeed(db);
});

afterAll(async () => {
  await db.close();
});

describe('the seed import', () => {
  it('writes every entity and relationship the files declare', async () => {
    const expected = declared();
    const counts = await graphCounts();
    for (const [label, n] of expected.entities) expect(counts.labels[label], label).toBe(n);
    for (const [type, n] of expected.relationships) expect(counts.types[type], type).toBe(n);
  });

  it('is idempotent: a second import leaves identical counts and content', async () => {
    const before = await graphCounts();
    await importSeed(db, [SEED_DIR]);
    expect(await graphCounts()).toEqual(before);
  });

  it('gives every relationship its evidence (basis, source; a quote when STATED)', async () => {
    const missing = await db.run<{ n: number }>(
      `MATCH (:Entity)-[r]->(:Entity)
       WHERE r.basis IS NULL OR NOT r.basis IN ['STATED', 'INFERRED', 'EXTERNAL'] OR r.source IS NULL OR trim(r.source) = ''
          OR (r.basis = 'STATED' AND (r.quote IS NULL OR trim(r.quote) = ''))
          OR (r.basis = 'INFERRED' AND r.note IS NULL)
       RETURN count(r) AS n`,
    );
    expect(missing[0]?.n).toBe(0);
  });

  it('refuses a dangling reference, names it, and writes nothing', async () => {
    const before = await graphCounts();
    const dir = brokenCopy('lancashire-csa-2014-2016/agreement.yaml', (text) => text);
    const file = path.join(dir, 'lancashire-csa-2014-2016', 'zz-broken.yaml');
    // The file names the dataset's partnership, as its other files do, so the dangling reference is its only problem.
    fs.writeFileSync(
      file,
      'dataset: lancashire-csa-2014-2016\npartnership: lancashire-community-safety-strategy-group\nrelationships:\n  - {from: lancashire-csa-2014-2016, type: CITES, to: ukpga/1999/99, basis: INFERRED, source: test, note: dangling}\n',
    );
    const error = await importSeed(db, [dir]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SeedInvalidError);
    const invalid = error as SeedInvalidError;
    expect(invalid.code).toBe(ErrorCode.SEED_INVALID);
    expect(invalid.problems).toContainEqual({ file, path: '/relationships/0/to', reason: 'no entity "ukpga/1999/99" in these files or in the graph' });
    expect(await graphCounts()).toEqual(before);
  });

  it('reports every shape problem with file, path and reason, and writes nothing', async () => {
    const before = await graphCounts();
    const dir = brokenCopy('lancashire-csa-2014-2016/agreement.yaml', (text) => text);
    const file = path.join(dir, 'lancashire-csa-2014-2016', 'zz-broken.yaml');
    fs.writeFileSync(
      file,
      [
        'dataset: lancashire-csa-2014-2016',
        'entities:',
        '  - {id: Bad Id, type: Activity, name: x}',
        '  - {id: some-outcome, type: Outcome, name: y, colour: red}',
        'relationships:',
        '  - {from: some-outcome, type: CONTRIBUTES_TO, to: some-outcome, basis: STATED, source: "Appendix A"}',
      ].join('\n'),
    );
    const error = (await importSeed(db, [dir]).catch((e: unknown) => e)) as SeedInvalidError;
    expect(error).toBeInstanceOf(SeedInvalidError);
    const reasons = error.problems.map((p) => `${p.path} ${p.reason}`);
    expect(reasons).toContain('/entities/0/id must be an id: a lowercase slug, or a legislation.gov.uk path such as ukpga/1998/37/section/17A');
    expect(reasons).toContain('/entities/1 unknown property "colour"');
    expect(reasons).toContain('/relationships/0 missing required property "quote"');
    expect(error.problems.every((p) => p.file === file)).toBe(true);
    expect(await graphCounts()).toEqual(before);
  });

  it('reports YAML syntax errors with their line', async () => {
    const dir = brokenCopy('lancashire-csa-2014-2016/agreement.yaml', (text) => text);
    const file = path.join(dir, 'lancashire-csa-2014-2016', 'zz-broken.yaml');
    fs.writeFileSync(file, 'dataset: lancashire-csa-2014-2016\nentities:\n  - {id: x, type: Outcome\n');
    const error = (await importSeed(db, [dir]).catch((e: unknown) => e)) as SeedInvalidError;
    expect(error.problems[0]?.file).toBe(file);
    expect(error.problems[0]?.reason).toMatch(/^YAML syntax: .*\(line \d+\)$/);
  });

  it('removes what a re-import no longer declares, and refuses to remove what another dataset uses', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gt-seed-'));
    const file = path.join(dir, 'extra.yaml');
    fs.writeFileSync(
      file,
      'dataset: test-extra\nentities:\n  - {id: test-extra-board, type: Board, name: Extra board, kind: OTHER}\n  - {id: test-extra-area, type: Area, name: Extra area, kind: DISTRICT}\nrelationships:\n  - {from: test-extra-board, type: SERVES, to: test-extra-area, basis: INFERRED, source: test, note: test}\n',
    );
    await importSeed(db, [dir]);
    fs.writeFileSync(file, 'dataset: test-extra\nentities:\n  - {id: test-extra-area, type: Area, name: Extra area, kind: DISTRICT}\n');
    const report = await importSeed(db, [dir]);
    expect(report.deletedEntities).toBe(1);
    const left = await db.run<{ n: number }>("MATCH (n:Entity) WHERE n.id STARTS WITH 'test-extra' RETURN count(n) AS n");
    expect(left[0]?.n).toBe(1);

    const other = path.join(dir, 'other');
    fs.mkdirSync(other);
    fs.writeFileSync(
      path.join(other, 'o.yaml'),
      'dataset: test-other\nentities:\n  - {id: test-other-board, type: Board, name: Other, kind: OTHER}\nrelationships:\n  - {from: test-other-board, type: SERVES, to: test-extra-area, basis: INFERRED, source: test, note: test}\n',
    );
    await importSeed(db, [path.join(other, 'o.yaml')]);
    fs.writeFileSync(file, 'dataset: test-extra\nentities: []\n');
    const error = (await importSeed(db, [file]).catch((e: unknown) => e)) as SeedInvalidError;
    expect(error).toBeInstanceOf(SeedInvalidError);
    expect(error.problems[0]?.reason).toBe('"test-extra-area" was removed from the files but dataset "test-other" still refers to it');
    const still = await db.run<{ n: number }>("MATCH (n:Entity {id: 'test-extra-area'}) RETURN count(n) AS n");
    expect(still[0]?.n).toBe(1);
  });

  it('refuses an id that another dataset owns', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gt-seed-'));
    fs.writeFileSync(path.join(dir, 'x.yaml'), 'dataset: test-thief\nentities:\n  - {id: ukpga/1998/37, type: Legislation, name: Stolen}\n');
    const error = (await importSeed(db, [dir]).catch((e: unknown) => e)) as SeedInvalidError;
    expect(error.problems[0]?.reason).toBe('"ukpga/1998/37" belongs to dataset "uk-legal-basis"; refer to it instead of declaring it again');
  });
});
