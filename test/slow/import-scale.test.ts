import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { generate } from '../../bench/generate.js';
import { PROJECT_ROOT } from '../../src/config.js';
import type { Database } from '../../src/database/driver.js';
import { importSeed, SeedInvalidError, type ImportProgress } from '../../src/seed/import.js';
import type { SeedFile } from '../../src/seed/model.js';
import { graphFingerprint } from '../support/auth.js';
import { resetToSeed, SEED_DIR, testDatabase } from '../support/graph.js';

let db: Database;
const roots: string[] = [];

function tempRoot(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gt-import-scale-'));
  roots.push(root);
  return root;
}

beforeAll(async () => {
  db = await testDatabase();
  await resetToSeed(db);
});

afterAll(async () => {
  // The generated agreements go; the next slow file finds the seeded graph.
  await resetToSeed(db);
  await db.close();
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
});

/** The import command, run as an officer runs it, with stderr a pipe (not a terminal). */
function runImport(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const target = inject('neo4j');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src', 'cli', 'seed.ts'), ...args], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      NEO4J_URI: target.uri,
      NEO4J_USER: target.user,
      NEO4J_PASSWORD: target.password,
      ...(target.database ? { NEO4J_DATABASE: target.database } : {}),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

// 41 agreements: 6,396 entities and 32,636 relationships, more than one 5,000-row batch of each.
const COPIES = 41;
// A few minutes on a quiet 2-core machine; generous, as the CI machine's two cores are busy.
const LONG = 1_200_000;

describe('a long import (issue 13, item 6)', () => {
  it(
    'writes a generated set of agreements in batches, prints its progress on stderr as plain lines, and reports the counts read back',
    async () => {
      const root = tempRoot();
      const generated = generate(COPIES, root);
      expect(generated.entities).toBeGreaterThan(5_000);

      const run = await runImport([root]);
      expect(run.code, run.stderr).toBe(0);
      const lines = run.stderr.split('\n').filter((line) => line.startsWith('written '));
      const shape = new RegExp(
        `^written (\\d+) of ${generated.entities} entities and (\\d+) of ${generated.relationships} relationships in \\d+\\.\\d s(, about \\d+ s to go|, done)$`,
      );
      expect(lines.length, run.stderr).toBeGreaterThan(0);
      for (const line of lines) expect(line).toMatch(shape);
      // Not a spinner: no carriage returns or terminal codes when stderr is not a terminal.
      expect([run.stderr.includes('\r'), run.stderr.includes('\u001b')]).toEqual([false, false]);
      expect(lines.at(-1)).toMatch(
        new RegExp(
          `^written ${generated.entities} of ${generated.entities} entities and ${generated.relationships} of ${generated.relationships} relationships in .*, done$`,
        ),
      );
      expect(run.stdout).toContain(`the datasets hold ${generated.entities} entities and ${generated.relationships} relationships (read back)`);

      const [counted] = await db.run<{ entities: number; relationships: number }>(
        `MATCH (n:Entity) WHERE n.dataset STARTS WITH 'csp-'
       WITH count(n) AS entities
       OPTIONAL MATCH ()-[r]->() WHERE r.dataset STARTS WITH 'csp-'
       RETURN entities, count(r) AS relationships`,
      );
      expect(counted).toEqual({ entities: generated.entities, relationships: generated.relationships });
    },
    LONG,
  );

  it(
    'calls back after each batch with rising counts, and a second import of the same files writes nothing',
    async () => {
      const root = tempRoot();
      const generated = generate(COPIES, root);
      const seen: ImportProgress[] = [];
      const report = await importSeed(db, [root], { onProgress: (progress) => seen.push(progress) });
      // Already in the graph from the first test: nothing to write, so no batch and no progress.
      expect(seen).toEqual([]);
      expect([report.entities, report.relationships]).toEqual([generated.entities, generated.relationships]);
      expect(report.diffs.every((diff) => diff.entities.added.length + diff.entities.changed.length + diff.relationships.added.length === 0)).toBe(true);

      // One agreement renamed everywhere is new: its rows are written, in order, entities first.
      const renamed = path.join(tempRoot(), 'csp-9999');
      fs.mkdirSync(renamed);
      for (const name of fs.readdirSync(path.join(root, 'csp-0001'))) {
        fs.writeFileSync(path.join(renamed, name), fs.readFileSync(path.join(root, 'csp-0001', name), 'utf8').replaceAll('csp-0001', 'csp-9999'));
      }
      const again = await importSeed(db, [renamed], { onProgress: (progress) => seen.push(progress) });
      expect(again.diffs[0]?.entities.added).toHaveLength(generated.entities / COPIES);
      const last = seen.at(-1);
      expect(last?.entities).toEqual({ written: generated.entities / COPIES, total: generated.entities / COPIES });
      expect(last?.relationships).toEqual({ written: generated.relationships / COPIES, total: generated.relationships / COPIES });
      expect(last?.remainingMs).toBe(0);
      for (const [index, progress] of seen.entries()) {
        if (index > 0) expect(progress.written).toBeGreaterThan(seen[index - 1]?.written ?? 0);
        if (progress.relationships.written > 0) expect(progress.entities.written).toBe(progress.entities.total);
      }
    },
    LONG,
  );
});

const LANCASHIRE = 'lancashire-csa-2014-2016';
const REMOVED = `${LANCASHIRE}/discrepancy/police-and-crime-act-2009`;

/** Lancashire's files in a folder not named after the dataset (as a download would be), with one entity and its relationship left out. */
function downloadedCopy(): string {
  const folder = path.join(tempRoot(), 'our-plan-download');
  fs.mkdirSync(folder);
  for (const name of fs.readdirSync(path.join(SEED_DIR, LANCASHIRE))) fs.copyFileSync(path.join(SEED_DIR, LANCASHIRE, name), path.join(folder, name));
  const file = path.join(folder, 'discrepancies.yaml');
  const data = parse(fs.readFileSync(file, 'utf8')) as SeedFile;
  fs.writeFileSync(
    file,
    stringify({
      ...data,
      entities: (data.entities ?? []).filter((e) => e.id !== REMOVED),
      relationships: (data.relationships ?? []).filter((r) => r.from !== REMOVED),
    }),
  );
  return folder;
}

/** The dataset's seed files in a folder, in name order: the folder also holds notes (COMPLETENESS.md). */
function yamlFiles(folder: string): string[] {
  return fs
    .readdirSync(folder)
    .filter((name) => name.endsWith('.yaml'))
    .sort();
}

function writeManifest(folder: string, files: readonly string[]): string {
  const manifest = path.join(folder, 'manifest.yaml');
  fs.writeFileSync(manifest, stringify({ dataset: LANCASHIRE, files }));
  return manifest;
}

describe('a manifest gives a dataset whole, as its folder does (issue 13, item 1)', () => {
  it('replaces the dataset like its folder: the same removals, listed; one of its files on its own still removes nothing', async () => {
    await resetToSeed(db);
    const folder = downloadedCopy();
    const manifest = writeManifest(folder, yamlFiles(folder));
    // The folder is not named after the dataset, but it holds the manifest: given, it is the manifest given.
    const byFolder = await importSeed(db, [folder], { dryRun: true });
    expect(byFolder.diffs[0]?.whole).toBe(true);
    const copyNamedAsDataset = path.join(tempRoot(), LANCASHIRE);
    fs.cpSync(folder, copyNamedAsDataset, { recursive: true });
    fs.rmSync(path.join(copyNamedAsDataset, 'manifest.yaml'));
    const byNamedFolder = await importSeed(db, [copyNamedAsDataset], { dryRun: true });
    const byManifest = await importSeed(db, [manifest], { dryRun: true });
    for (const report of [byFolder, byNamedFolder, byManifest]) {
      expect(report.diffs[0]?.whole).toBe(true);
      expect(report.diffs[0]?.entities).toEqual({ added: [], changed: [], removed: [REMOVED] });
      expect(report.diffs[0]?.relationships.removed).toEqual([{ from: REMOVED, type: 'CONCERNS', to: 'ukpga/2009/26' }]);
    }
    expect(byManifest.diffs[0]?.sha256).toBe(byNamedFolder.diffs[0]?.sha256);

    const owned = async () => (await db.run<{ n: number }>('MATCH (n:Entity {dataset: $dataset}) RETURN count(n) AS n', { dataset: LANCASHIRE }))[0]?.n;
    const before = await owned();
    const single = await importSeed(db, [path.join(folder, 'discrepancies.yaml')]);
    expect(single.diffs[0]?.whole).toBe(false);
    expect(single.deletedEntities).toBe(0);
    expect(single.diffs[0]?.entities).toEqual({ added: [], changed: [], removed: [] });
    expect(await owned()).toBe(before);

    const real = await importSeed(db, [manifest]);
    expect(real.diffs[0]?.entities.removed).toEqual([REMOVED]);
    const gone = await db.run<{ n: number }>('MATCH (n:Entity {id: $id}) RETURN count(n) AS n', { id: REMOVED });
    expect(gone[0]?.n).toBe(0);
    await importSeed(db, [path.join(SEED_DIR, LANCASHIRE)]);
  });

  it('refuses, naming the file, a file in the folder the manifest does not list and a listed file that is not there; nothing is written', async () => {
    const folder = downloadedCopy();
    const names = yamlFiles(folder);
    const before = await graphFingerprint(db);

    const unlisted = writeManifest(
      folder,
      names.filter((name) => name !== 'boards.yaml'),
    );
    const left = (await importSeed(db, [unlisted]).catch((e: unknown) => e)) as SeedInvalidError;
    expect(left).toBeInstanceOf(SeedInvalidError);
    expect(left.problems).toEqual([
      {
        file: unlisted,
        path: '/files',
        line: 3,
        column: 3,
        reason: `"boards.yaml" is in the manifest's folder but not in its list: add it to "files", or move it out of the folder (giving the manifest replaces dataset "${LANCASHIRE}" with exactly the files it lists)`,
      },
    ]);

    const missing = writeManifest(folder, [...names, 'activities-2.yaml']);
    const absent = (await importSeed(db, [missing]).catch((e: unknown) => e)) as SeedInvalidError;
    expect(absent.problems).toEqual([
      {
        file: missing,
        path: `/files/${names.length}`,
        line: names.length + 3,
        column: 5,
        reason: `"activities-2.yaml" is listed, but there is no such file in ${folder}`,
      },
    ]);
    // The folder given with its manifest is held to the manifest too.
    const viaFolder = (await importSeed(db, [folder]).catch((e: unknown) => e)) as SeedInvalidError;
    expect(viaFolder.problems.map((problem) => problem.reason)).toEqual(absent.problems.map((problem) => problem.reason));
    expect(await graphFingerprint(db)).toBe(before);
  });
});
