import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import neo4j, { type ManagedTransaction } from 'neo4j-driver';
import { bumpGeneration } from '../database/generation.js';
import { cypher } from '../database/cypher.js';
import type { Database } from '../database/driver.js';
import { describeDriverError } from '../database/driver.js';
import { ErrorCode, GoldenThreadError } from '../errors.js';
import { checkFiles, type CheckedFiles } from './check.js';
import type { EntityType } from './model.js';
import { formatProblem, withPositions, type SeedProblem } from './read.js';
import { dateProperties, referenceProblems, type ExistingEntity } from './validate.js';

export interface RelationshipKey {
  readonly from: string;
  readonly type: string;
  readonly to: string;
}

/** What an import did (or, in a dry run, would do) to one dataset, entity by entity and relationship by relationship. */
export interface DatasetDiff {
  readonly dataset: string;
  /** The dataset's whole folder was given, so what its files no longer say is removed. */
  readonly whole: boolean;
  readonly files: number;
  /** SHA-256 of the dataset's files' bytes, in path order. */
  readonly sha256: string;
  readonly entities: { readonly added: readonly string[]; readonly changed: readonly string[]; readonly removed: readonly string[] };
  readonly relationships: { readonly added: readonly RelationshipKey[]; readonly changed: readonly RelationshipKey[]; readonly removed: readonly RelationshipKey[] };
  /** What the dataset owns in the graph afterwards (read back), or now in a dry run. */
  readonly total: { readonly entities: number; readonly relationships: number };
}

export interface ImportReport {
  readonly datasets: readonly string[];
  readonly files: number;
  /** Entities and relationships the imported datasets own after the write, read back from the graph. */
  readonly entities: number;
  readonly relationships: number;
  readonly deletedEntities: number;
  readonly dryRun: boolean;
  readonly diffs: readonly DatasetDiff[];
  readonly ms: number;
}

export interface ImportProgress {
  readonly written: number;
  readonly total: number;
  readonly elapsedMs: number;
  /** Estimated from the pace so far; undefined until something is written. */
  readonly remainingMs: number | undefined;
}

export interface ImportOptions {
  /** Plan and report the diff, write nothing. */
  readonly dryRun?: boolean;
  /** Who the audit event names; the operating-system user by default. */
  readonly actor?: string;
  /** Overwrite (or remove) entities changed through the API since the dataset was last imported whole. */
  readonly overwriteApiEdits?: boolean;
  readonly onProgress?: (progress: ImportProgress) => void;
  /** Set when the files came through the API's upload (src/http/upload.ts) rather than from the seed folder. */
  readonly upload?: UploadImport;
}

/**
 * What an upload adds to an import: who sent it (the audit event's roles and partnership), the
 * SHA-256 of the bytes it sent, and a review of the planned diff inside the import's transaction,
 * before anything is written (dry runs too): throwing there writes nothing. Its Dataset is
 * marked as uploaded, so a later import of files from disk does not silently put the old files back.
 */
export interface UploadImport {
  readonly roles: readonly string[];
  readonly actorPartnership: string | null;
  readonly sha256: string;
  readonly review: (diffs: readonly DatasetDiff[]) => void | Promise<void>;
}

/** Thrown with every problem found, so a reviewer fixes them all in one pass. */
export class SeedInvalidError extends GoldenThreadError {
  readonly problems: readonly SeedProblem[];

  constructor(problems: readonly SeedProblem[]) {
    super(ErrorCode.SEED_INVALID, `The seed files have ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was written.`, {
      details: problems.map(formatProblem),
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

const isTemporal = (value: unknown): boolean => neo4j.isDate(value as never) || neo4j.isDateTime(value as never) || neo4j.isLocalDateTime(value as never);

/** A stored or declared value as comparable text: dates as ISO text, keys sorted, absent and null alike. */
function plain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (isTemporal(value)) return String(value);
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, inner]) => inner !== null && inner !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, inner]) => [key, plain(inner)]),
    );
  }
  return value;
}

const canonical = (value: unknown): string => JSON.stringify(plain(value));
const relationshipId = (key: RelationshipKey): string => `${key.from}\u0000${key.type}\u0000${key.to}`;
const describeRelationship = (key: RelationshipKey): string => `${key.from} -[${key.type}]-> ${key.to}`;

interface EntityRow {
  readonly id: string;
  readonly type: EntityType;
  readonly props: Record<string, unknown>;
}

interface RelationshipRow extends RelationshipKey {
  readonly props: Record<string, unknown>;
}

/** What a dataset owns in the graph at one moment: each entity and relationship as comparable text. */
interface DatasetState {
  readonly entities: Map<string, string>;
  readonly relationships: Map<string, { key: RelationshipKey; text: string }>;
  readonly partnerships: Set<string | null>;
  readonly ids: string[];
}

async function readState(tx: ManagedTransaction, dataset: string, reach: readonly string[]): Promise<DatasetState> {
  const entities = new Map<string, string>();
  const partnerships = new Set<string | null>();
  for (const record of (await tx.run(cypher('seed/dataset-entities'), { dataset })).records) {
    const props = record.get('props') as Record<string, unknown>;
    entities.set(record.get('id') as string, canonical(props));
    partnerships.add((props.partnership as string | undefined) ?? null);
  }
  const touched = (await tx.run(cypher('seed/dataset-touched'), { dataset })).records[0]?.get('touched') as string[] | undefined;
  const ids = [...new Set([...(touched ?? []), ...entities.keys(), ...reach])];
  const relationships = new Map<string, { key: RelationshipKey; text: string }>();
  for (const record of (await tx.run(cypher('seed/dataset-relationships'), { dataset, ids })).records) {
    const key = { from: record.get('from') as string, type: record.get('type') as string, to: record.get('to') as string };
    relationships.set(relationshipId(key), { key, text: canonical(record.get('props')) });
  }
  return { entities, relationships, partnerships, ids };
}

/** The difference between two states of a dataset; `keepMissing` leaves out what `after` lacks (a single file removes nothing). */
function compare(before: DatasetState, after: { entities: ReadonlyMap<string, string>; relationships: ReadonlyMap<string, { key: RelationshipKey; text: string }> }, keepMissing: boolean) {
  const entities = { added: [] as string[], changed: [] as string[], removed: [] as string[] };
  for (const [id, text] of after.entities) {
    const old = before.entities.get(id);
    if (old === undefined) entities.added.push(id);
    else if (old !== text) entities.changed.push(id);
  }
  if (!keepMissing) for (const id of before.entities.keys()) if (!after.entities.has(id)) entities.removed.push(id);
  const relationships = { added: [] as RelationshipKey[], changed: [] as RelationshipKey[], removed: [] as RelationshipKey[] };
  for (const [id, { key, text }] of after.relationships) {
    const old = before.relationships.get(id);
    if (old === undefined) relationships.added.push(key);
    else if (old.text !== text) relationships.changed.push(key);
  }
  if (!keepMissing) for (const [id, { key }] of before.relationships) if (!after.relationships.has(id)) relationships.removed.push(key);
  for (const list of [entities.added, entities.changed, entities.removed]) list.sort();
  for (const list of [relationships.added, relationships.changed, relationships.removed]) list.sort((a, b) => relationshipId(a).localeCompare(relationshipId(b)));
  return { entities, relationships };
}

interface Declared {
  readonly entities: EntityRow[];
  readonly relationships: RelationshipRow[];
  readonly files: string[];
  readonly partnership: string | null;
}

/** The rows each dataset's files declare, with their properties as they will be stored. */
function declaredRows(checked: CheckedFiles): Map<string, Declared> {
  const { run } = checked;
  const byDataset = new Map<string, Declared>();
  for (const [dataset, files] of run.datasets) byDataset.set(dataset, { entities: [], relationships: [], files: [...files], partnership: run.partnerships.get(dataset) ?? null });
  for (const { dataset, value } of run.entities) {
    const { type, ...rest } = value;
    const props: Record<string, unknown> = { ...rest, dataset, partnership: run.partnerships.get(dataset) ?? null, type: type.toUpperCase() };
    byDataset.get(dataset)?.entities.push({ id: value.id, type, props });
  }
  for (const { dataset, value } of run.relationships) {
    const { from, type, to, ...evidence } = value;
    byDataset.get(dataset)?.relationships.push({ from, type, to, props: { ...evidence, dataset } });
  }
  return byDataset;
}

function storedEntity(row: EntityRow) {
  const props: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(row.props)) if (value !== null && value !== undefined) props[name] = value;
  for (const name of dateProperties(row.type)) if (typeof props[name] === 'string') props[name] = toNeo4jDate(props[name] as string);
  return { id: row.id, type: row.type, props };
}

function storedRelationship(row: RelationshipRow) {
  const props: Record<string, unknown> = { ...row.props };
  for (const name of ['validFrom', 'validTo']) if (typeof props[name] === 'string') props[name] = toNeo4jDate(props[name] as string);
  return { from: row.from, type: row.type, to: row.to, props };
}

interface Plan {
  readonly dataset: string;
  readonly declared: Declared;
  readonly before: DatasetState;
  readonly diff: ReturnType<typeof compare>;
}

/** Who would lose work if the plan ran: relationships it would take away, API edits it would undo. */
async function blockers(tx: ManagedTransaction, plan: Plan, checked: CheckedFiles, overwriteApiEdits: boolean, uploading: boolean): Promise<SeedProblem[]> {
  const { dataset, diff, declared, before } = plan;
  const where = path.dirname(declared.files[0] ?? dataset);
  const problems: SeedProblem[] = [];
  if (!checked.whole.has(dataset) && before.entities.size > 0 && ![...before.partnerships].every((owner) => owner === declared.partnership)) {
    problems.push({
      file: declared.files[0] ?? dataset,
      path: '/partnership',
      reason: `dataset "${dataset}" is in the graph for partnership "${[...before.partnerships].join('", "') || '(none)'}", but this file names "${declared.partnership ?? '(none)'}"; every file of a dataset must name the same one`,
    });
  }
  if (diff.entities.removed.length > 0) {
    const result = await tx.run(cypher('seed/removal-blockers'), { dataset, ids: diff.entities.removed });
    for (const record of result.records) {
      const id = record.get('id') as string;
      const by = record.get('byDataset') as string | null;
      const link = describeRelationship({ from: record.get('from') as string, type: record.get('type') as string, to: record.get('to') as string });
      problems.push({
        file: where,
        path: '',
        reason:
          by === null
            ? `"${id}" is no longer in dataset "${dataset}"'s files, but a relationship made through the API uses it (${link}); removing the entity would delete that relationship: remove the relationship through the API first, or keep "${id}" in the files`
            : `"${id}" is no longer in dataset "${dataset}"'s files, but dataset "${by}" still refers to it (${link}); keep it in the files, or change "${by}" first`,
      });
    }
  }
  const changes = [...Object.values(diff.entities), ...Object.values(diff.relationships)].reduce((sum, list) => sum + list.length, 0);
  if (!overwriteApiEdits && !uploading && changes > 0) {
    // An upload's content exists nowhere on disk: files imported over it would put the old plan back.
    const uploadedAt = (await tx.run(cypher('seed/dataset-uploaded'), { dataset })).records[0]?.get('uploadedAt') as string | null | undefined;
    if (uploadedAt) {
      problems.push({
        file: where,
        path: '',
        reason: `dataset "${dataset}" was last loaded by an upload through the API (at ${uploadedAt}), so the graph holds what was uploaded, not these files; importing would replace it: export the dataset and bring the upload's changes into the files, or import again with --overwrite-api-edits`,
      });
    }
  }
  if (!overwriteApiEdits) {
    const ids = [...diff.entities.added, ...diff.entities.changed, ...diff.entities.removed];
    const ends = [...diff.relationships.added, ...diff.relationships.changed, ...diff.relationships.removed].flatMap((key) => [key.from, key.to]);
    if (ids.length + ends.length > 0) {
      const result = await tx.run(cypher('seed/api-edits'), { dataset, ids, ends: [...new Set(ends)], marker: `"dataset":${JSON.stringify(dataset)}` });
      const removed = new Set(diff.entities.removed);
      for (const record of result.records) {
        const id = record.get('id') as string;
        const change = `${String(record.get('action'))} by ${String(record.get('actor'))} with ${String(record.get('operation'))} at ${String(record.get('at'))}`;
        const effect = removed.has(id) ? 'remove the entity' : diff.entities.added.includes(id) ? 'create it again' : 'overwrite that change';
        problems.push({
          file: where,
          path: '',
          reason: `"${id}" was changed through the API after dataset "${dataset}" was last imported whole (${change}); importing would ${effect}: bring the change into the files, or import again with --overwrite-api-edits`,
        });
      }
    }
  }
  return problems;
}

/**
 * Validates the given seed files or folders completely (with no database), then compares what
 * they declare with the graph and writes the difference in one transaction, with one AuditEvent
 * per dataset. A dataset given whole (its folder) is replaced; a file given on its own adds and
 * updates, and removes nothing. Nothing is written when any problem is found, when a removal
 * would take another dataset's or the API's relationships, or when it would undo an API edit.
 */
export async function importSeed(database: Database, targets: readonly string[] | CheckedFiles, options: ImportOptions = {}): Promise<ImportReport> {
  const started = Date.now();
  const checked = Array.isArray(targets) ? checkFiles(targets as readonly string[]) : (targets as CheckedFiles);
  if (checked.problems.length > 0) throw new SeedInvalidError(checked.problems);
  const { run } = checked;

  const referenced = new Set<string>();
  for (const { value } of run.entities) referenced.add(value.id);
  for (const { value } of run.relationships) {
    referenced.add(value.from);
    referenced.add(value.to);
  }
  const existingRows = await database.run<{ id: string; type: EntityType; dataset: string | null; partnership: string | null }>(cypher('seed/existing-entities'), {
    ids: [...referenced],
  });
  const existing = new Map<string, ExistingEntity>(existingRows.map((row) => [row.id, { type: row.type, dataset: row.dataset, partnership: row.partnership }]));
  const refProblems = referenceProblems(run, existing);
  if (refProblems.length > 0) throw new SeedInvalidError(withPositions(refProblems));

  const declared = declaredRows(checked);
  const work = async (tx: ManagedTransaction): Promise<Omit<ImportReport, 'ms'>> => {
    const plans: Plan[] = [];
    const problems: SeedProblem[] = [];
    for (const [dataset, rows] of declared) {
      const reach = rows.relationships.flatMap((row) => [row.from, row.to]);
      const before = await readState(tx, dataset, reach);
      const wanted = {
        entities: new Map(rows.entities.map((row) => [row.id, canonical(storedEntity(row).props)])),
        relationships: new Map(rows.relationships.map((row) => [relationshipId(row), { key: { from: row.from, type: row.type, to: row.to }, text: canonical(storedRelationship(row).props) }])),
      };
      const plan = { dataset, declared: rows, before, diff: compare(before, wanted, !checked.whole.has(dataset)) };
      plans.push(plan);
      problems.push(...(await blockers(tx, plan, checked, options.overwriteApiEdits ?? false, options.upload !== undefined)));
    }
    // Throwing inside the transaction function rolls everything back.
    if (problems.length > 0) throw new SeedInvalidError(problems);
    const diffOf = (plan: Plan, diff: ReturnType<typeof compare>, total: { entities: number; relationships: number }): DatasetDiff => ({
      dataset: plan.dataset,
      whole: checked.whole.has(plan.dataset),
      files: plan.declared.files.length,
      sha256: checked.sha256.get(plan.dataset) ?? '',
      ...diff,
      total,
    });
    const planned = () =>
      plans.map((plan) =>
        diffOf(plan, plan.diff, {
          entities: plan.before.entities.size + plan.diff.entities.added.length - plan.diff.entities.removed.length,
          relationships: plan.before.relationships.size + plan.diff.relationships.added.length - plan.diff.relationships.removed.length,
        }),
      );
    if (options.upload) await options.upload.review(planned());
    if (options.dryRun) return summary(planned(), checked, true);

    for (const { dataset, diff } of plans) {
      if (diff.relationships.removed.length > 0) await tx.run(cypher('seed/delete-relationships'), { dataset, rows: diff.relationships.removed });
      if (diff.entities.removed.length > 0) await tx.run(cypher('seed/delete-entities'), { dataset, ids: diff.entities.removed });
    }
    // Every dataset's entities before any relationship: one dataset may point at another's new entity.
    const writeEntities = plans.flatMap(({ declared: rows, diff }) => {
      const wanted = new Set([...diff.entities.added, ...diff.entities.changed]);
      return rows.entities.filter((row) => wanted.has(row.id)).map(storedEntity);
    });
    const createRelationships = plans.flatMap(({ declared: rows, diff }) => {
      const wanted = new Set(diff.relationships.added.map(relationshipId));
      return rows.relationships.filter((row) => wanted.has(relationshipId(row))).map(storedRelationship);
    });
    const total = writeEntities.length + createRelationships.length;
    const writeStarted = Date.now();
    let written = 0;
    const progress = (n: number) => {
      written += n;
      const elapsedMs = Date.now() - writeStarted;
      options.onProgress?.({ written, total, elapsedMs, remainingMs: written === 0 ? undefined : Math.round((elapsedMs / written) * (total - written)) });
    };
    for (const rows of chunks(writeEntities)) {
      await tx.run(cypher('seed/upsert-entities'), { rows });
      progress(rows.length);
    }
    for (const rows of chunks(createRelationships)) {
      await tx.run(cypher('seed/create-relationships'), { rows });
      progress(rows.length);
    }
    for (const { dataset, declared: rows, diff } of plans) {
      if (diff.relationships.changed.length === 0) continue;
      const wanted = new Set(diff.relationships.changed.map(relationshipId));
      for (const chunk of chunks(rows.relationships.filter((row) => wanted.has(relationshipId(row))).map(storedRelationship))) {
        await tx.run(cypher('seed/update-relationships'), { dataset, rows: chunk });
      }
    }

    // Answers kept in memory by any API process were made from the graph before this import.
    await bumpGeneration(tx);

    // The report and the audit trail say what the graph holds now, read back, not what was sent.
    const diffs: DatasetDiff[] = [];
    const actor = options.actor ?? os.userInfo().username;
    const changeId = randomUUID();
    const events: Record<string, unknown>[] = [];
    for (const plan of plans) {
      const after = await readState(tx, plan.dataset, plan.before.ids);
      const diff = diffOf(plan, compare(plan.before, after, false), { entities: after.entities.size, relationships: after.relationships.size });
      diffs.push(diff);
      const touched = [...new Set([...after.relationships.values()].flatMap(({ key }) => [key.from, key.to]))];
      await tx.run(cypher('seed/record-dataset'), {
        dataset: plan.dataset,
        touched,
        files: diff.files,
        entities: diff.total.entities,
        relationships: diff.total.relationships,
        whole: diff.whole,
        sha256: diff.sha256,
        uploaded: options.upload !== undefined,
      });
      const counts = (lists: { added: readonly unknown[]; changed: readonly unknown[]; removed: readonly unknown[] }) => ({
        added: lists.added.length,
        changed: lists.changed.length,
        removed: lists.removed.length,
      });
      events.push({
        id: randomUUID(),
        actor,
        roles: [...(options.upload?.roles ?? [])],
        actorPartnership: options.upload ? options.upload.actorPartnership : plan.declared.partnership,
        operation: options.upload ? 'upload' : 'import',
        changeId,
        action: 'IMPORT',
        entityId: plan.dataset,
        entityType: 'DATASET',
        changedProperties: [],
        before: JSON.stringify({ entities: plan.before.entities.size, relationships: plan.before.relationships.size }),
        after: JSON.stringify({
          entities: diff.total.entities,
          relationships: diff.total.relationships,
          entityChanges: counts(diff.entities),
          relationshipChanges: counts(diff.relationships),
          whole: diff.whole,
          overwriteApiEdits: options.overwriteApiEdits ?? false,
          files: plan.declared.files.map((file) => path.basename(file)),
          sha256: diff.sha256,
          ...(options.upload ? { uploadSha256: options.upload.sha256 } : {}),
        }),
        relationshipsAdded: null,
        relationshipsRemoved: null,
      });
    }
    await tx.run(cypher('audit/record'), { events });
    return summary(diffs, checked, false);
  };

  const session = database.driver.session({ database: database.name, defaultAccessMode: options.dryRun ? neo4j.session.READ : neo4j.session.WRITE });
  try {
    const report = options.dryRun ? await session.executeRead(work) : await session.executeWrite(work);
    return { ...report, ms: Date.now() - started };
  } catch (error) {
    if (error instanceof GoldenThreadError) throw error;
    throw describeDriverError(error, database.target);
  } finally {
    await session.close();
  }
}

function summary(diffs: readonly DatasetDiff[], checked: CheckedFiles, dryRun: boolean): Omit<ImportReport, 'ms'> {
  return {
    datasets: diffs.map((diff) => diff.dataset),
    files: checked.files.length,
    entities: diffs.reduce((sum, diff) => sum + diff.total.entities, 0),
    relationships: diffs.reduce((sum, diff) => sum + diff.total.relationships, 0),
    deletedEntities: diffs.reduce((sum, diff) => sum + diff.entities.removed.length, 0),
    dryRun,
    diffs,
  };
}

/** The report as an officer reads it: counts per dataset, then each change and removal (in a dry run, each addition too), one per line. */
export function describeReport(report: ImportReport): string[] {
  const lines: string[] = [];
  const verb = report.dryRun ? 'would' : '';
  for (const diff of report.diffs) {
    const e = diff.entities;
    const r = diff.relationships;
    lines.push(
      `${report.dryRun ? 'dry run, nothing written: ' : ''}${diff.dataset} (${diff.whole ? 'whole dataset: what its files no longer say is removed' : 'single files: adds and updates, removes nothing'}; ${diff.files} file${diff.files === 1 ? '' : 's'}, sha256 ${diff.sha256})`,
      `  entities: ${e.added.length} added, ${e.changed.length} changed, ${e.removed.length} removed; ${diff.total.entities} in the dataset${report.dryRun ? ' afterwards' : ''}`,
      `  relationships: ${r.added.length} added, ${r.changed.length} changed, ${r.removed.length} removed; ${diff.total.relationships} in the dataset${report.dryRun ? ' afterwards' : ''}`,
    );
    // A first import adds everything: a real import lists what it changed and removed, a dry run every line.
    if (report.dryRun) for (const id of e.added) lines.push(`  would add entity ${id}`);
    for (const id of e.changed) lines.push(`  ${verb ? 'would change' : 'changed'} entity ${id}`);
    for (const id of e.removed) lines.push(`  ${verb ? 'would remove' : 'removed'} entity ${id}`);
    if (report.dryRun) for (const key of r.added) lines.push(`  would add relationship ${describeRelationship(key)}`);
    for (const key of r.changed) lines.push(`  ${verb ? 'would change' : 'changed'} relationship ${describeRelationship(key)}`);
    for (const key of r.removed) lines.push(`  ${verb ? 'would remove' : 'removed'} relationship ${describeRelationship(key)}`);
  }
  return lines;
}
