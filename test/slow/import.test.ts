import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { startApplication, type Application } from '../../src/app.js';
import type { Database } from '../../src/database/driver.js';
import { ErrorCode } from '../../src/errors.js';
import { createLogger } from '../../src/logger.js';
import { describeReport, importSeed, SeedInvalidError } from '../../src/seed/import.js';
import type { SeedFile } from '../../src/seed/model.js';
import { seedOnStart } from '../../src/seed/on-start.js';
import { listSeedFiles } from '../../src/seed/read.js';
import { graphFingerprint, LANCASHIRE, lancashireEditor, postGraphql, SECRET, token } from '../support/auth.js';
import { resetToSeed, SEED_DIR, testConfig, testDatabase } from '../support/graph.js';
import { ACTIVITY, OUTCOME } from '../support/harness.js';

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
    expect(invalid.problems).toContainEqual({
      file,
      path: '/relationships/0/to',
      line: 4,
      column: 55,
      reason: 'no entity "ukpga/1999/99" in these files or in the graph',
    });
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
    expect(reasons).toContain('/entities/0/id "id" must be an id: a lowercase slug, or a legislation.gov.uk path such as ukpga/1998/37/section/17A');
    expect(reasons).toContain('/entities/1/colour "colour" is not a property an Outcome may have (see seed/FORMAT.md for the list)');
    expect(reasons).toContain('/relationships/0 this relationship is missing "quote", which it must have');
    expect(error.problems.every((p) => p.file === file && p.line !== undefined)).toBe(true);
    expect(await graphCounts()).toEqual(before);
  });

  it('reports YAML syntax errors with their line and column, before it reads the graph', async () => {
    const dir = brokenCopy('lancashire-csa-2014-2016/agreement.yaml', (text) => text);
    const file = path.join(dir, 'lancashire-csa-2014-2016', 'zz-broken.yaml');
    fs.writeFileSync(file, 'dataset: lancashire-csa-2014-2016\nentities:\n  - {id: x, type: Outcome\n');
    const error = (await importSeed(db, [dir]).catch((e: unknown) => e)) as SeedInvalidError;
    expect(error.problems).toEqual([
      { file, path: '', line: 4, column: 1, reason: 'YAML syntax: a { is not closed with its } (or its next line is not indented enough)' },
    ]);
  });

  it('removes what a re-import of the whole dataset folder no longer declares, and refuses to remove what another dataset uses', async () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gt-seed-')), 'test-extra');
    fs.mkdirSync(dir);
    const file = path.join(dir, 'extra.yaml');
    fs.writeFileSync(
      file,
      'dataset: test-extra\nentities:\n  - {id: test-extra-board, type: Board, name: Extra board, kind: OTHER}\n  - {id: test-extra-area, type: Area, name: Extra area, kind: DISTRICT}\nrelationships:\n  - {from: test-extra-board, type: SERVES, to: test-extra-area, basis: INFERRED, source: test, note: test}\n',
    );
    await importSeed(db, [dir]);
    fs.writeFileSync(file, 'dataset: test-extra\nentities:\n  - {id: test-extra-area, type: Area, name: Extra area, kind: DISTRICT}\n');
    // The file on its own is not the dataset: it adds and updates, and removes nothing.
    const single = await importSeed(db, [file]);
    expect(single.deletedEntities).toBe(0);
    expect(single.diffs[0]?.whole).toBe(false);
    const report = await importSeed(db, [dir]);
    expect(report.deletedEntities).toBe(1);
    expect(report.diffs[0]?.entities.removed).toEqual(['test-extra-board']);
    expect(report.diffs[0]?.relationships.removed).toEqual([{ from: 'test-extra-board', type: 'SERVES', to: 'test-extra-area' }]);
    expect(describeReport(report)).toContain('  removed entity test-extra-board');
    const left = await db.run<{ n: number }>("MATCH (n:Entity) WHERE n.id STARTS WITH 'test-extra' RETURN count(n) AS n");
    expect(left[0]?.n).toBe(1);

    const other = path.join(path.dirname(dir), 'test-other');
    fs.mkdirSync(other);
    fs.writeFileSync(
      path.join(other, 'o.yaml'),
      'dataset: test-other\nentities:\n  - {id: test-other-board, type: Board, name: Other, kind: OTHER}\nrelationships:\n  - {from: test-other-board, type: SERVES, to: test-extra-area, basis: INFERRED, source: test, note: test}\n',
    );
    await importSeed(db, [path.join(other, 'o.yaml')]);
    fs.writeFileSync(file, 'dataset: test-extra\nentities: []\n');
    const error = (await importSeed(db, [dir]).catch((e: unknown) => e)) as SeedInvalidError;
    expect(error).toBeInstanceOf(SeedInvalidError);
    expect(error.problems.map((p) => p.reason)).toEqual([
      '"test-extra-area" is no longer in dataset "test-extra"\'s files, but dataset "test-other" still refers to it (test-other-board -[SERVES]-> test-extra-area); keep it in the files, or change "test-other" first',
    ]);
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

const LANCASHIRE_DIR = path.join(SEED_DIR, 'lancashire-csa-2014-2016');
const LANCASHIRE_DATASET = 'lancashire-csa-2014-2016';

/** Everything one dataset owns, as text: its entities' properties and its relationships' evidence. */
async function datasetFingerprint(dataset: string): Promise<{ entities: number; relationships: number; digest: string }> {
  const [row] = await db.run<{ entities: number; relationships: number; digest: string }>(
    `MATCH (n:Entity {dataset: $dataset})
     WITH collect(n.id + ' ' + apoc.convert.toJson(properties(n))) AS entities
     OPTIONAL MATCH (a:Entity)-[r]->(b:Entity) WHERE r.dataset = $dataset
     WITH entities, collect(a.id + ' ' + type(r) + ' ' + b.id + ' ' + apoc.convert.toJson(properties(r))) AS relationships
     RETURN size(entities) AS entities, size(relationships) AS relationships, apoc.util.md5(apoc.coll.sort(entities) + apoc.coll.sort(relationships)) AS digest`,
    { dataset },
  );
  if (!row) throw new Error('no fingerprint');
  return row;
}

/** A copy of a seed file (or of a dataset's folder, named as the dataset) with its YAML changed. */
function editedCopy(source: string, edit: (data: SeedFile) => SeedFile, folderName?: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gt-import-'));
  const folder = folderName ? path.join(root, folderName) : root;
  fs.mkdirSync(folder, { recursive: true });
  const stat = fs.statSync(source);
  const files = stat.isDirectory() ? fs.readdirSync(source).map((name) => path.join(source, name)) : [source];
  for (const file of files) fs.copyFileSync(file, path.join(folder, path.basename(file)));
  const target = path.join(folder, path.basename(stat.isDirectory() ? path.join(source, 'discrepancies.yaml') : source));
  fs.writeFileSync(target, stringify(edit(parse(fs.readFileSync(target, 'utf8')) as SeedFile)));
  return stat.isDirectory() ? folder : target;
}

const importEvents = async () =>
  db.run<{ entityId: string; entityType: string; actor: string; after: string; changeId: string }>(
    "MATCH (a:AuditEvent {action: 'IMPORT'}) RETURN a.entityId AS entityId, a.entityType AS entityType, a.actor AS actor, a.after AS after, a.changeId AS changeId ORDER BY a.at",
  );

describe('imports never lose data (issue 13) and respect what the API made (issue 12, finding 9)', () => {
  let app: Application;
  const admin = () => token({ roles: ['admin'] }, { subject: 'admin@example.org' });
  const graphql = (query: string, variables: Record<string, unknown>, bearer: string) => postGraphql(app.url, query, variables, bearer);

  beforeAll(async () => {
    await resetToSeed(db);
    app = await startApplication(testConfig({ GT_JWT_SECRET: SECRET }), createLogger({ logLevel: 'silent' }));
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('imports one file of a multi-file dataset without touching the rest of it', async () => {
    const before = await datasetFingerprint(LANCASHIRE_DATASET);
    const report = await importSeed(db, [path.join(LANCASHIRE_DIR, 'discrepancies.yaml')]);
    expect(await datasetFingerprint(LANCASHIRE_DATASET)).toEqual(before);
    expect(report.diffs).toHaveLength(1);
    const [diff] = report.diffs;
    expect(diff?.whole).toBe(false);
    expect(diff?.entities).toEqual({ added: [], changed: [], removed: [] });
    expect(diff?.relationships).toEqual({ added: [], changed: [], removed: [] });
    // Counts read back from the graph: the whole dataset, not the file's share of it.
    expect(report.entities).toBe(before.entities);
    expect(report.relationships).toBe(before.relationships);

    // The same file edited on its own, with an entity left out and another renamed: one change, no removal.
    const [first, second] = (parse(fs.readFileSync(path.join(LANCASHIRE_DIR, 'discrepancies.yaml'), 'utf8')) as SeedFile).entities ?? [];
    const edited = editedCopy(path.join(LANCASHIRE_DIR, 'discrepancies.yaml'), (data) => ({
      ...data,
      entities: (data.entities ?? [])
        .filter((entity) => entity.id !== first?.id)
        .map((entity) => (entity.id === second?.id ? { ...entity, name: 'Renamed by a single-file import' } : entity)),
    }));
    const partial = await importSeed(db, [edited]);
    expect(partial.diffs[0]?.entities).toEqual({ added: [], changed: [second?.id], removed: [] });
    expect(partial.deletedEntities).toBe(0);
    const after = await datasetFingerprint(LANCASHIRE_DATASET);
    expect([after.entities, after.relationships]).toEqual([before.entities, before.relationships]);
    const kept = await db.run<{ n: number }>('MATCH (n:Entity {id: $id}) RETURN count(n) AS n', { id: first?.id });
    expect(kept[0]?.n).toBe(1);
    await importSeed(db, [path.join(LANCASHIRE_DIR, 'discrepancies.yaml')]);
    expect(await datasetFingerprint(LANCASHIRE_DATASET)).toEqual(before);
  });

  it('adds one new file of the shared legal layer on its own, removing nothing', async () => {
    const before = await datasetFingerprint('uk-legal-basis');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gt-import-'));
    const file = path.join(dir, 'new-act.yaml');
    fs.writeFileSync(file, 'dataset: uk-legal-basis\nentities:\n  - {id: ukpga/2099/1, type: Legislation, name: Test Act 2099, kind: ACT, year: 2099}\n');
    const report = await importSeed(db, [file]);
    expect(report.diffs[0]?.entities).toEqual({ added: ['ukpga/2099/1'], changed: [], removed: [] });
    const after = await datasetFingerprint('uk-legal-basis');
    expect([after.entities, after.relationships]).toEqual([before.entities + 1, before.relationships]);
    await db.run("MATCH (n:Entity {id: 'ukpga/2099/1'}) DETACH DELETE n", {}, 'WRITE');
  });

  it('lists, in a dry run, what a whole folder would remove, writing nothing; then removes it and says so', async () => {
    const removedId = 'lancashire-csa-2014-2016/discrepancy/police-and-crime-act-2009';
    const folder = editedCopy(
      LANCASHIRE_DIR,
      (data) => ({
        ...data,
        entities: (data.entities ?? []).filter((e) => e.id !== removedId),
        relationships: (data.relationships ?? []).filter((r) => r.from !== removedId),
      }),
      LANCASHIRE_DATASET,
    );
    const graphBefore = await graphFingerprint(db);
    const events = (await importEvents()).length;
    const dry = await importSeed(db, [folder], { dryRun: true });
    expect(await graphFingerprint(db)).toBe(graphBefore);
    expect((await importEvents()).length).toBe(events);
    expect(dry.dryRun).toBe(true);
    expect(dry.diffs[0]?.whole).toBe(true);
    expect(dry.diffs[0]?.entities).toEqual({ added: [], changed: [], removed: [removedId] });
    expect(dry.diffs[0]?.relationships.removed).toEqual([{ from: removedId, type: 'CONCERNS', to: 'ukpga/2009/26' }]);
    const lines = describeReport(dry);
    expect(lines).toContain(`  would remove entity ${removedId}`);
    expect(lines).toContain(`  would remove relationship ${removedId} -[CONCERNS]-> ukpga/2009/26`);

    const real = await importSeed(db, [folder]);
    expect(real.diffs[0]?.entities.removed).toEqual([removedId]);
    expect(describeReport(real)).toContain(`  removed entity ${removedId}`);
    const gone = await db.run<{ n: number }>('MATCH (n:Entity {id: $id}) RETURN count(n) AS n', { id: removedId });
    expect(gone[0]?.n).toBe(0);
    const restored = await importSeed(db, [LANCASHIRE_DIR]);
    expect(restored.diffs[0]?.entities.added).toEqual([removedId]);
  });

  it('refuses to take over an id made through the API, naming it, and writes nothing', async () => {
    const id = 'test-api-made/activity/1';
    const created = await graphql(
      'mutation ($id: ID!, $p: String!) { createActivities(input: [{ id: $id, name: "Made through the API", partnership: $p, notes: "API notes" }]) { activities { id } } }',
      { id, p: LANCASHIRE },
      await admin(),
    );
    expect(created.body.errors).toBeUndefined();
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gt-import-')), 'test-taker');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 't.yaml'), `dataset: test-taker\nentities:\n  - {id: ${id}, type: Activity, name: Taken over}\n`);
    const before = await graphFingerprint(db);
    const error = (await importSeed(db, [dir]).catch((e: unknown) => e)) as SeedInvalidError;
    expect(error).toBeInstanceOf(SeedInvalidError);
    expect(error.problems).toEqual([
      {
        file: path.join(dir, 't.yaml'),
        path: '/entities/0/id',
        line: 3,
        column: 10,
        reason: `"${id}" was made through the API for partnership "${LANCASHIRE}", not by an import; an import may not take it over: choose another id, or refer to it instead of declaring it`,
      },
    ]);
    expect(await graphFingerprint(db)).toBe(before);
    const [row] = await db.run<{ partnership: string; notes: string; dataset: string | null }>(
      'MATCH (n:Entity {id: $id}) RETURN n.partnership AS partnership, n.notes AS notes, n.dataset AS dataset',
      { id },
    );
    expect(row).toEqual({ partnership: LANCASHIRE, notes: 'API notes', dataset: null });
  });

  it('refuses a re-import that would delete a link made through the API, naming it, and keeps both', async () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gt-import-')), 'test-linked');
    fs.mkdirSync(dir);
    const file = path.join(dir, 'l.yaml');
    fs.writeFileSync(
      file,
      `dataset: test-linked\npartnership: ${LANCASHIRE}\nentities:\n  - {id: test-linked/activity/1, type: Activity, name: Linked}\n  - {id: test-linked/activity/2, type: Activity, name: Stays}\n`,
    );
    await importSeed(db, [dir]);
    const linked = await graphql(
      `mutation { updateActivities(where: { id: { eq: "test-linked/activity/1" } }, update: { contributesTo: [{ connect: [{ where: { node: { id: { eq: "${OUTCOME(3)}" } } }, edge: { basis: INFERRED, source: "Board meeting", note: "Added by the editor" } }] }] }) { activities { id } } }`,
      {},
      await lancashireEditor(),
    );
    expect(linked.body.errors).toBeUndefined();
    // The entity goes from the files; the API-made link to it must not go silently with it.
    fs.writeFileSync(file, `dataset: test-linked\npartnership: ${LANCASHIRE}\nentities:\n  - {id: test-linked/activity/2, type: Activity, name: Stays}\n`);
    const before = await graphFingerprint(db);
    for (const options of [{ dryRun: true }, {}, { overwriteApiEdits: true }]) {
      const error = (await importSeed(db, [dir], options).catch((e: unknown) => e)) as SeedInvalidError;
      expect(error).toBeInstanceOf(SeedInvalidError);
      expect(error.problems.map((p) => p.reason)).toContain(
        `"test-linked/activity/1" is no longer in dataset "test-linked"'s files, but a relationship made through the API uses it (test-linked/activity/1 -[CONTRIBUTES_TO]-> ${OUTCOME(3)}); removing the entity would delete that relationship: remove the relationship through the API first, or keep "test-linked/activity/1" in the files`,
      );
      expect(await graphFingerprint(db)).toBe(before);
    }
  });

  it('refuses to undo an edit made through the API since the last whole import, unless told to overwrite it', async () => {
    const edited = await graphql(
      `mutation { updateActivities(where: { id: { eq: "${ACTIVITY(7)}" } }, update: { notes: { set: "Edited through the API" } }) { activities { id } } }`,
      {},
      await lancashireEditor(),
    );
    expect(edited.body.errors).toBeUndefined();
    const before = await graphFingerprint(db);
    const error = (await importSeed(db, [LANCASHIRE_DIR]).catch((e: unknown) => e)) as SeedInvalidError;
    expect(error).toBeInstanceOf(SeedInvalidError);
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]?.reason).toMatch(
      new RegExp(
        `^"${ACTIVITY(7)}" was changed through the API after dataset "${LANCASHIRE_DATASET}" was last imported whole \\(UPDATE by editor@lancashire\\.gov\\.uk with updateActivities at \\S+\\); importing would overwrite that change: bring the change into the files, or import again with --overwrite-api-edits$`,
      ),
    );
    expect(await graphFingerprint(db)).toBe(before);
    // A server started with GT_SEED=always logs the refusal and serves the graph as it is.
    await expect(seedOnStart(db, testConfig({ GT_SEED: 'always' }), createLogger({ logLevel: 'silent' }))).resolves.toBeUndefined();
    expect(await graphFingerprint(db)).toBe(before);
    // A file of the dataset that does not declare the edited entity goes ahead: it would not undo the edit.
    await importSeed(db, [path.join(LANCASHIRE_DIR, 'discrepancies.yaml')]);

    const report = await importSeed(db, [LANCASHIRE_DIR], { overwriteApiEdits: true, actor: 'data-officer' });
    expect(report.diffs[0]?.entities.changed).toEqual([ACTIVITY(7)]);
    const [row] = await db.run<{ notes: string | null }>('MATCH (n:Entity {id: $id}) RETURN n.notes AS notes', { id: ACTIVITY(7) });
    expect(row?.notes).not.toBe('Edited through the API');
    const events = await importEvents();
    expect(events.at(-1)).toMatchObject({ entityId: LANCASHIRE_DATASET, actor: 'data-officer' });
    expect(JSON.parse(events.at(-1)?.after ?? '{}')).toMatchObject({ overwriteApiEdits: true, entityChanges: { added: 0, changed: 1, removed: 0 } });
    // Reconciled: the next whole import has nothing to refuse.
    await importSeed(db, [LANCASHIRE_DIR]);
  });

  it('writes exactly one import audit event per dataset, with counts read back and the SHA-256 of its files, readable through the API', async () => {
    const events = await importEvents();
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gt-import-')), 'test-audited');
    fs.mkdirSync(dir);
    const files = ['a.yaml', 'b.yaml'].map((name) => path.join(dir, name));
    fs.writeFileSync(files[0] ?? '', 'dataset: test-audited\nentities:\n  - {id: test-audited/area/1, type: Area, name: One, kind: DISTRICT}\n');
    fs.writeFileSync(
      files[1] ?? '',
      'dataset: test-audited\nentities:\n  - {id: test-audited/board/1, type: Board, name: B, kind: OTHER}\nrelationships:\n  - {from: test-audited/board/1, type: SERVES, to: test-audited/area/1, basis: INFERRED, source: s, note: n}\n',
    );
    const report = await importSeed(db, [dir], { actor: 'audit-test' });
    const after = await importEvents();
    expect(after).toHaveLength(events.length + 1);
    const event = after.at(-1);
    const hash = createHash('sha256');
    for (const file of files) hash.update(fs.readFileSync(file));
    expect(event).toMatchObject({ entityId: 'test-audited', entityType: 'DATASET', actor: 'audit-test' });
    expect(JSON.parse(event?.after ?? '{}')).toEqual({
      entities: 2,
      relationships: 1,
      entityChanges: { added: 2, changed: 0, removed: 0 },
      relationshipChanges: { added: 1, changed: 0, removed: 0 },
      whole: true,
      overwriteApiEdits: false,
      files: ['a.yaml', 'b.yaml'],
      sha256: hash.digest('hex'),
    });
    expect(report.diffs[0]?.sha256).toBe(JSON.parse(event?.after ?? '{}').sha256);
    // A second import of the same files changes nothing, and says so in its own single event.
    await importSeed(db, [dir]);
    const again = await importEvents();
    expect(again).toHaveLength(events.length + 2);
    expect(JSON.parse(again.at(-1)?.after ?? '{}')).toMatchObject({ entityChanges: { added: 0, changed: 0, removed: 0 } });
    // The API serves them: the action and the subject are in its enums.
    const read = await postGraphql(app.url, '{ auditEvents(where: { entityId: { eq: "test-audited" } }) { action entityType entityId operation } }');
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data?.auditEvents).toEqual([
      { action: 'IMPORT', entityType: 'DATASET', entityId: 'test-audited', operation: 'import' },
      { action: 'IMPORT', entityType: 'DATASET', entityId: 'test-audited', operation: 'import' },
    ]);
  });
});
