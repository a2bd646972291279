/**
 * Synthetic agreements for the benchmark: copies of the Lancashire dataset with every id it owns
 * rewritten (`lancashire-csa-2014-2016/activity/11` -> `csp-0042/activity/11`,
 * `blackpool-council` -> `csp-0042-blackpool-council`), and every reference to the shared legal
 * layer (seed/uk-legal-basis) left unchanged, so each copy fans out into the same Acts,
 * provisions, duties and national strategies as the real agreement does.
 *
 * Usage: tsx bench/generate.ts [count=999] [outDir=bench/out/generated]
 * Writes one folder per dataset, each with the same files as seed/lancashire-csa-2014-2016.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(BENCH_DIR, '..');
export const SOURCE_DATASET = 'lancashire-csa-2014-2016';
const SOURCE_DIR = path.join(ROOT, 'seed', SOURCE_DATASET);

interface SeedDoc {
  dataset: string;
  entities?: Record<string, unknown>[];
  relationships?: Record<string, unknown>[];
}

export function datasetName(index: number): string {
  return `csp-${String(index).padStart(4, '0')}`;
}

function loadSource(): { file: string; doc: SeedDoc }[] {
  return fs
    .readdirSync(SOURCE_DIR)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((file) => ({ file, doc: YAML.parse(fs.readFileSync(path.join(SOURCE_DIR, file), 'utf8')) as SeedDoc }));
}

/** Text fields that read differently per copy, so full-text search sees many distinct documents. */
const TEXT_FIELDS = ['name', 'description', 'vision', 'progress', 'text'];

export function generate(count: number, outDir: string): { datasets: string[]; entities: number; relationships: number } {
  const source = loadSource();
  const owned = new Set<string>();
  for (const { doc } of source) for (const entity of doc.entities ?? []) owned.add(String(entity.id));
  fs.rmSync(outDir, { recursive: true, force: true });
  // One template per file, with markers where the dataset name and place go; each copy is then a
  // string replacement (YAML.stringify per copy is ~100 ms, too slow for 1000 copies).
  const DS = '@@DS@@';
  const PLACE = '@@PLACE@@';
  const rewrite = (id: unknown): unknown => {
    const text = String(id);
    if (!owned.has(text)) return text; // the shared legal layer: unchanged
    if (text === SOURCE_DATASET || text.startsWith(`${SOURCE_DATASET}/`)) return DS + text.slice(SOURCE_DATASET.length);
    return `${DS}-${text}`;
  };
  let perCopyEntities = 0;
  let perCopyRelationships = 0;
  const templates = source.map(({ file, doc }) => {
    const out: SeedDoc = { dataset: DS };
    if (doc.entities) {
      out.entities = doc.entities.map((entity) => {
        const copy: Record<string, unknown> = { ...entity, id: rewrite(entity.id) };
        for (const field of TEXT_FIELDS) {
          if (typeof copy[field] === 'string') copy[field] = (copy[field] as string).replace(/Lancashire/g, PLACE);
        }
        return copy;
      });
      perCopyEntities += out.entities.length;
    }
    if (doc.relationships) {
      out.relationships = doc.relationships.map((rel) => ({ ...rel, from: rewrite(rel.from), to: rewrite(rel.to) }));
      perCopyRelationships += out.relationships.length;
    }
    return { file, text: YAML.stringify(out, { lineWidth: 0 }) };
  });
  const datasets: string[] = [];
  for (let i = 1; i <= count; i += 1) {
    const name = datasetName(i);
    const place = `Area ${String(i).padStart(4, '0')}`;
    const dir = path.join(outDir, name);
    fs.mkdirSync(dir, { recursive: true });
    for (const { file, text } of templates) {
      fs.writeFileSync(path.join(dir, file), text.replaceAll(DS, name).replaceAll(PLACE, place));
    }
    datasets.push(name);
  }
  const entities = perCopyEntities * count;
  const relationships = perCopyRelationships * count;
  return { datasets, entities, relationships };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const count = Number(process.argv[2] ?? 999);
  const outDir = path.resolve(process.argv[3] ?? path.join(BENCH_DIR, 'out', 'generated'));
  const started = Date.now();
  const report = generate(count, outDir);
  console.log(
    `generated ${report.datasets.length} datasets (${report.entities} entities, ${report.relationships} relationships) in ${outDir} in ${Date.now() - started} ms`,
  );
}
