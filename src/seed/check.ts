import { createHash } from 'node:crypto';
import path from 'node:path';
import type { SeedFile } from './model.js';
import { readManifests } from './manifest.js';
import { listSeedFiles, parseSeedFile, withPositions, type SeedProblem } from './read.js';
import { collect, referenceProblems, schemaProblems, type CheckedRun, type ExistingEntity } from './validate.js';
import { readWorkbookFile, withCells, type ReadWorkbook } from './workbook.js';

/** What reading and checking seed files found, before any database is involved. */
export interface CheckedFiles {
  readonly run: CheckedRun;
  /** Every problem, each with its line and column where the file could be read. */
  readonly problems: readonly SeedProblem[];
  readonly files: readonly string[];
  /**
   * Datasets given whole: every file of theirs came from walking a folder named after the
   * dataset, or from a manifest naming the dataset. Only these may lose entities and
   * relationships; a file given on its own adds and updates.
   */
  readonly whole: ReadonlySet<string>;
  /** Per dataset, the SHA-256 of its files' bytes, in path order. */
  readonly sha256: ReadonlyMap<string, string>;
  /** Gives problems found later (against the graph) the workbook cell their pointer reaches. */
  readonly locate?: (problems: readonly SeedProblem[]) => SeedProblem[];
}

export interface CheckOptions {
  /**
   * Folders whose other files resolve references (usually `seed/`): a dataset given whole is
   * checked without its old files there, a single file with its dataset's other files. Without
   * it, references are left for the import to resolve against the graph.
   */
  readonly against?: readonly string[];
  /** Workbooks (.xlsx) among the targets, already read: reading one is asynchronous (see checkTargets). */
  readonly workbooks?: ReadonlyMap<string, ReadWorkbook>;
}

const isWorkbook = (file: string): boolean => file.endsWith('.xlsx');

/** checkFiles for YAML files and workbooks alike: the workbooks among the targets are read first. */
export async function checkTargets(targets: readonly string[], options: CheckOptions = {}): Promise<CheckedFiles> {
  const workbooks = new Map<string, ReadWorkbook>();
  for (const file of listSeedFiles(targets).files) if (isWorkbook(file)) workbooks.set(file, await readWorkbookFile(file));
  return checkFiles(targets, { ...options, workbooks });
}

/**
 * Every file, every rule and (with `against`) every reference, in one pass and with no database:
 * the check `npm run validate` makes and `npm run import` makes before it connects.
 */
export function checkFiles(targets: readonly string[], options: CheckOptions = {}): CheckedFiles {
  const found = listSeedFiles(targets);
  const manifests = readManifests(found.manifests);
  const walkedToo = new Set(found.files);
  const listed = { ...found, files: [...found.files, ...manifests.files.filter((file) => !walkedToo.has(file))] };
  const problems: SeedProblem[] = [...listed.problems, ...manifests.problems];
  if (listed.files.length === 0 && problems.length === 0) {
    problems.push({ file: targets.join(', '), path: '', reason: 'no .yaml seed files or .xlsx workbooks found here' });
  }
  const files: { file: string; data: SeedFile }[] = [];
  const invalidIds = new Set<string>();
  const hashes = new Map<string, ReturnType<typeof createHash>>();
  const locators = new Map<string, (pointer: string) => string | undefined>();
  for (const file of listed.files) {
    const { parsed, problems: parseProblems } = isWorkbook(file)
      ? (options.workbooks?.get(file) ?? { problems: [{ file, path: '', reason: 'a workbook is read by checkTargets, which reads it before checking (this check was given none)' }] })
      : parseSeedFile(file);
    problems.push(...parseProblems);
    if (!parsed) continue;
    if (parsed.locate) locators.set(file, parsed.locate);
    const shape = schemaProblems(parsed);
    problems.push(...shape);
    const data = shape.length === 0 ? (parsed.data as SeedFile) : soundPart(parsed.data, shape, invalidIds);
    if (!data) continue;
    const manifest = manifests.listedBy.get(file);
    if (manifest && data.dataset !== manifest.dataset) {
      problems.push({ file, path: '/dataset', reason: `dataset "${data.dataset}" differs from "${manifest.dataset}", which ${path.basename(manifest.manifest)} lists this file for` });
      continue;
    }
    files.push({ file, data });
    const hash = hashes.get(data.dataset) ?? createHash('sha256');
    hashes.set(data.dataset, hash);
    if (parsed.bytes) hash.update(parsed.bytes);
  }
  const { run, problems: runProblems } = collect(files);
  problems.push(...runProblems);

  const whole = new Set<string>();
  for (const [dataset, datasetFiles] of run.datasets) {
    const givenWhole = (file: string) =>
      (listed.walked.has(file) && path.basename(path.dirname(file)) === dataset) || manifests.listedBy.get(file)?.dataset === dataset;
    if (datasetFiles.every(givenWhole)) whole.add(dataset);
  }

  if (options.against && options.against.length > 0) {
    const existing = knownElsewhere(options.against, new Set(listed.files), whole);
    const where = `in ${options.against.map((folder) => path.relative(process.cwd(), folder) || '.').join(', ')}`;
    problems.push(...referenceProblems(run, existing, where, invalidIds));
  }
  const located = withCells(withPositions(problems), locators).sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return {
    run,
    problems: located,
    files: listed.files,
    whole,
    sha256: new Map([...hashes].map(([dataset, hash]) => [dataset, hash.digest('hex')])),
    locate: (later) => withCells(withPositions(later), locators),
  };
}

/**
 * The entities the other files under the given folders declare. A dataset given whole is judged
 * without its own old files (an entity it dropped must not still resolve); problems in those
 * other files are theirs, not this check's.
 */
function knownElsewhere(folders: readonly string[], given: ReadonlySet<string>, whole: ReadonlySet<string>): Map<string, ExistingEntity> {
  const existing = new Map<string, ExistingEntity>();
  for (const file of listSeedFiles(folders).files) {
    if (given.has(file)) continue;
    const { parsed } = parseSeedFile(file);
    if (!parsed || schemaProblems(parsed).length > 0) continue;
    const data = parsed.data as SeedFile;
    if (whole.has(data.dataset)) continue;
    // The same file given from another place (a copy being edited) still counts as that dataset's.
    for (const entity of data.entities ?? []) if (!existing.has(entity.id)) existing.set(entity.id, { type: entity.type, dataset: data.dataset });
  }
  return existing;
}

/**
 * The entities and relationships of a file with shape problems that have none of their own, so
 * that one pass also checks their references; the ids of the faulty entities are noted, so a
 * reference to one is not reported as a second problem. Undefined when the file itself (its
 * dataset or partnership) is wrong.
 */
function soundPart(data: unknown, shape: readonly SeedProblem[], invalidIds: Set<string>): SeedFile | undefined {
  const faulty = new Set(shape.map((problem) => /^\/(entities|relationships)\/\d+/.exec(problem.path)?.[0] ?? ''));
  if (faulty.has('')) return undefined;
  const file = data as { dataset: string; partnership?: string; entities?: unknown; relationships?: unknown };
  // Faulty items become holes rather than going, so the rest keep their positions in the file.
  const keep = (list: unknown, kind: string): unknown[] => (Array.isArray(list) ? list.map((item: unknown, index) => (faulty.has(`/${kind}/${index}`) ? null : item)) : []);
  if (Array.isArray(file.entities)) {
    (file.entities as unknown[]).forEach((entity, index) => {
      const id = (entity as { id?: unknown } | null)?.id;
      if (faulty.has(`/entities/${index}`) && typeof id === 'string') invalidIds.add(id);
    });
  }
  return { ...file, entities: keep(file.entities, 'entities'), relationships: keep(file.relationships, 'relationships') } as SeedFile;
}
