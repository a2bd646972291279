import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkTargets } from '../../src/seed/check.js';
import { datasetYamlFiles, exportDataset } from '../../src/seed/export.js';
import { importSeed, type ImportReport } from '../../src/seed/import.js';
import type { SeedFile } from '../../src/seed/model.js';
import { formatProblem } from '../../src/seed/read.js';
import { readWorkbook, writeWorkbook } from '../../src/seed/workbook.js';
import { SEED_DIR } from '../support/graph.js';
import { startHarness, type Harness } from '../support/harness.js';

/**
 * A dataset exported from the graph imports again with no change, as YAML and as a workbook. The
 * re-import is a dry run (a read transaction), so this tier's shared graph is never written.
 */
const DATASETS = fs.readdirSync(SEED_DIR).filter((name) => name !== 'schema' && fs.statSync(path.join(SEED_DIR, name)).isDirectory());
let harness: Harness;
let tmp: string;

function sorted(file: SeedFile) {
  return {
    ...file,
    entities: [...(file.entities ?? [])].sort((a, b) => a.id.localeCompare(b.id)),
    relationships: [...(file.relationships ?? [])].sort((a, b) => `${a.from} ${a.type} ${a.to}`.localeCompare(`${b.from} ${b.type} ${b.to}`)),
  };
}

function seedContent(dataset: string): ReturnType<typeof sorted> {
  const dir = path.join(SEED_DIR, dataset);
  // A dataset folder also holds its source extracts (sources/) and notes (COMPLETENESS.md); the seed is its YAML.
  const files = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => parse(fs.readFileSync(path.join(dir, name), 'utf8')) as SeedFile);
  const first = files[0] as SeedFile;
  return sorted({
    dataset,
    ...(first.partnership === undefined ? {} : { partnership: first.partnership }),
    entities: files.flatMap((file) => file.entities ?? []),
    relationships: files.flatMap((file) => file.relationships ?? []),
  });
}

/** A dry run's changes, every list of them, which must all be empty. */
function changes(report: ImportReport) {
  return report.diffs.map((diff) => ({ dataset: diff.dataset, whole: diff.whole, entities: diff.entities, relationships: diff.relationships }));
}
const NONE = (dataset: string) => [
  { dataset, whole: true, entities: { added: [], changed: [], removed: [] }, relationships: { added: [], changed: [], removed: [] } },
];

beforeAll(async () => {
  harness = await startHarness();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gt-export-'));
});

afterAll(async () => {
  await harness?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe.each(DATASETS)('%s exported from the graph', (dataset) => {
  it('holds what its seed files say, and as YAML files imports again with no change', async () => {
    const data = (await exportDataset(harness.db, dataset)) as SeedFile;
    expect(sorted(data)).toEqual(seedContent(dataset));
    // The folder is named after the dataset, so the import would remove what the export left out.
    const folder = path.join(tmp, 'yaml', dataset);
    fs.mkdirSync(folder, { recursive: true });
    for (const file of datasetYamlFiles(data)) fs.writeFileSync(path.join(folder, file.name), file.text);
    const checked = await checkTargets([folder], { against: [SEED_DIR] });
    expect(checked.problems.map(formatProblem)).toEqual([]);
    const report = await importSeed(harness.db, checked, { dryRun: true, overwriteApiEdits: true });
    expect(changes(report)).toEqual(NONE(dataset));
  });

  it('as a workbook imports again with no change', async () => {
    const data = (await exportDataset(harness.db, dataset)) as SeedFile;
    const folder = path.join(tmp, 'xlsx', dataset);
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, `${dataset}.xlsx`), await writeWorkbook([data]));
    const checked = await checkTargets([folder], { against: [SEED_DIR] });
    expect(checked.problems.map(formatProblem)).toEqual([]);
    const report = await importSeed(harness.db, checked, { dryRun: true, overwriteApiEdits: true });
    expect(changes(report)).toEqual(NONE(dataset));
  });
});

describe('the export over HTTP', () => {
  const base = () => new URL('/', harness.app.url).toString();

  it('GET /datasets/:dataset/export.xlsx answers the workbook as an attachment, with no credentials', async () => {
    const dataset = 'lancashire-csa-2014-2016';
    const response = await fetch(`${base()}datasets/${dataset}/export.xlsx`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename=${dataset}.xlsx`);
    const body = Buffer.from(await response.arrayBuffer());
    const { parsed, problems } = await readWorkbook(body, `${dataset}.xlsx`);
    expect(problems).toEqual([]);
    expect(sorted(parsed?.data as SeedFile)).toEqual(seedContent(dataset));
    // A workbook any reader opens: the library alone (no checks of ours) finds its sheets.
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(body as unknown as ExcelJS.Buffer);
    expect(book.getWorksheet('Activity')?.actualRowCount).toBeGreaterThan(1);
  });

  it('GET /datasets/:dataset/export.yaml answers one seed file', async () => {
    const response = await fetch(`${base()}datasets/uk-legal-basis/export.yaml`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/yaml; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename=uk-legal-basis.yaml');
    expect(sorted(parse(await response.text()) as SeedFile)).toEqual(seedContent('uk-legal-basis'));
  });

  it.each(['no-such-dataset', 'Not%20A%20Name', 'a'.repeat(201)])('an unknown dataset (%s) is 404 with the error shape', async (name) => {
    for (const format of ['xlsx', 'yaml']) {
      const response = await fetch(`${base()}datasets/${name}/export.${format}`);
      expect(response.status).toBe(404);
      const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors[0]?.extensions.code).toBe('NOT_FOUND');
      expect(body.errors[0]?.message).toMatch(/^No dataset ".*" in the graph\.$/);
    }
  });
});
