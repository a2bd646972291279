import neo4j, { type ManagedTransaction } from 'neo4j-driver';
import { cypher } from '../database/cypher.js';
import type { Database } from '../database/driver.js';
import { describeDriverError } from '../database/driver.js';
import { ErrorCode, GoldenThreadError } from '../errors.js';
import type { EntityType, SeedFile } from './model.js';
import { listSeedFiles, parseSeedFile, type SeedProblem } from './read.js';
import { collect, dateProperties, referenceProblems, schemaProblems, type ExistingEntity } from './validate.js';

export interface ImportReport {
  readonly datasets: readonly string[];
  readonly files: number;
  readonly entities: number;
  readonly relationships: number;
  readonly deletedEntities: number;
  readonly ms: number;
}

/** Thrown with every problem found, so a reviewer fixes them all in one pass. */
export class SeedInvalidError extends GoldenThreadError {
  readonly problems: readonly SeedProblem[];

  constructor(problems: readonly SeedProblem[]) {
    super(ErrorCode.SEED_INVALID, `The seed files have ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was written.`, {
      details: problems.map((problem) => `${problem.file}${problem.path ? ` ${problem.path}` : ''}: ${problem.reason}`),
    });
    this.problems = problems;
  }
}

const BATCH = 5_000;

function toNeo4jDate(value: string) {
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  return new neo4j.types.Date(year, month, day);
}

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += BATCH) out.push(rows.slice(i, i + BATCH));
  return out;
}

/**
 * Validates the given seed files or folders completely, then writes them in one transaction.
 * Re-importing the same files leaves the graph as it was; a bad file writes nothing.
 */
export async function importSeed(database: Database, targets: readonly string[]): Promise<ImportReport> {
  const started = Date.now();
  const listed = listSeedFiles(targets);
  const problems: SeedProblem[] = [...listed.problems];
  if (listed.files.length === 0 && problems.length === 0) {
    problems.push({ file: targets.join(', '), path: '', reason: 'no .yaml seed files found' });
  }
  const files: { file: string; data: SeedFile }[] = [];
  for (const file of listed.files) {
    const { parsed, problems: parseProblems } = parseSeedFile(file);
    problems.push(...parseProblems);
    if (!parsed) continue;
    const shape = schemaProblems(parsed);
    problems.push(...shape);
    if (shape.length === 0) files.push({ file, data: parsed.data as SeedFile });
  }
  const { run, problems: runProblems } = collect(files);
  problems.push(...runProblems);
  if (problems.length > 0) throw new SeedInvalidError(problems);

  const referenced = new Set<string>();
  for (const { value } of run.entities) referenced.add(value.id);
  for (const { value } of run.relationships) {
    referenced.add(value.from);
    referenced.add(value.to);
  }
  const existingRows = await database.run<{ id: string; type: EntityType; dataset: string | null }>(cypher('seed/existing-entities'), { ids: [...referenced] });
  const existing = new Map<string, ExistingEntity>(existingRows.map((row) => [row.id, { type: row.type, dataset: row.dataset }]));
  const refProblems = referenceProblems(run, existing);
  if (refProblems.length > 0) throw new SeedInvalidError(refProblems);

  const entityRows = run.entities.map(({ dataset, value }) => {
    const { type, ...rest } = value;
    const props: Record<string, unknown> = { ...rest, dataset, partnership: run.partnerships.get(dataset) ?? null, type: type.toUpperCase() };
    for (const name of dateProperties(type)) {
      if (typeof props[name] === 'string') props[name] = toNeo4jDate(props[name] as string);
    }
    return { id: value.id, type, props };
  });
  const relationshipRows = run.relationships.map(({ dataset, value }) => {
    const { from, type, to, ...evidence } = value;
    const props: Record<string, unknown> = { ...evidence, dataset };
    for (const name of ['validFrom', 'validTo']) {
      if (typeof props[name] === 'string') props[name] = toNeo4jDate(props[name] as string);
    }
    return { from, type, to, props };
  });

  // Grouped once: filtering the whole run for each dataset made a batch of 100 datasets
  // O(datasets x rows) in this loop.
  const declaredBy = new Map<string, string[]>();
  for (const { dataset, value } of run.entities) {
    const ids = declaredBy.get(dataset);
    if (ids) ids.push(value.id);
    else declaredBy.set(dataset, [value.id]);
  }
  const relationshipsBy = new Map<string, (typeof run.relationships)[number]['value'][]>();
  for (const { dataset, value } of run.relationships) {
    const values = relationshipsBy.get(dataset);
    if (values) values.push(value);
    else relationshipsBy.set(dataset, [value]);
  }

  const session = database.driver.session({ database: database.name, defaultAccessMode: neo4j.session.WRITE });
  try {
    const deletedEntities = await session.executeWrite(async (tx: ManagedTransaction) => {
      const datasets = [...run.datasets.keys()];
      const previous = await tx.run(cypher('seed/dataset-state'), { datasets });
      const touchedBefore = new Map<string, string[]>(previous.records.map((record) => [record.get('dataset') as string, record.get('touched') as string[]]));
      let deleted = 0;
      const stillReferenced: SeedProblem[] = [];
      for (const dataset of datasets) {
        const declared = declaredBy.get(dataset) ?? [];
        const owned = relationshipsBy.get(dataset) ?? [];
        const touchedNow = new Set(declared);
        for (const value of owned) {
          touchedNow.add(value.from);
          touchedNow.add(value.to);
        }
        const before = touchedBefore.get(dataset);
        // A dataset never imported owns nothing yet: skipping the clean-up keeps a first import
        // from scanning the shared legal nodes, whose edges grow with every agreement loaded.
        const firstImport = before === undefined || before.length === 0;
        const ids = [...new Set([...(before ?? []), ...touchedNow])];
        if (!firstImport) await tx.run(cypher('seed/delete-relationships'), { dataset, ids });
        const blockers = await tx.run(cypher('seed/still-referenced'), { dataset, keep: declared });
        for (const record of blockers.records) {
          stillReferenced.push({ file: dataset, path: '', reason: `"${record.get('id') as string}" was removed from the files but dataset "${record.get('byDataset') as string}" still refers to it` });
        }
        if (blockers.records.length > 0) continue;
        const result = await tx.run(cypher('seed/delete-entities'), { dataset, keep: declared });
        deleted += Number(result.records[0]?.get('deleted') ?? 0);
        const files = run.datasets.get(dataset) ?? [];
        await tx.run(cypher('seed/record-dataset'), {
          dataset,
          touched: [...touchedNow],
          files: files.length,
          entities: declared.length,
          relationships: owned.length,
        });
      }
      // Throwing inside the transaction function rolls everything back.
      if (stillReferenced.length > 0) throw new SeedInvalidError(stillReferenced);
      for (const rows of chunks(entityRows)) await tx.run(cypher('seed/upsert-entities'), { rows });
      for (const rows of chunks(relationshipRows)) await tx.run(cypher('seed/create-relationships'), { rows });
      return deleted;
    });
    return {
      datasets: [...run.datasets.keys()],
      files: files.length,
      entities: entityRows.length,
      relationships: relationshipRows.length,
      deletedEntities,
      ms: Date.now() - started,
    };
  } catch (error) {
    if (error instanceof GoldenThreadError) throw error;
    throw describeDriverError(error, database.target);
  } finally {
    await session.close();
  }
}
