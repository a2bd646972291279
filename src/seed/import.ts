import { createHash, randomUUID } from 'node:crypto';
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
import { estimateRemainingMs } from './progress.js';
import { dateProperties, referenceProblems, type ExistingEntity, type Located } from './validate.js';
import type { SeedEntity, SeedRelationship } from './model.js';

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
  /** Entities and relationships together. */
  readonly written: number;
  readonly total: number;
  readonly entities: { readonly written: number; readonly total: number };
  readonly relationships: { readonly written: number; readonly total: number };
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
  /** The import transaction's timeout; IMPORT_TIMEOUT_MS by default. */
  readonly timeoutMs?: number;
  /** Told how long each phase of the transaction took (`read before`, `write`, `read after`, `audit`…): where an import's time goes. */
  readonly onPhase?: (phase: string, ms: number) => void;
}

/**
 * How long one import's transaction may run. The database's own default (two minutes for the
 * embedded one) suits a question, not a load: 108,498 generated entities and 555,972 relationships
 * were stopped by it part-way through on a busy 2-core machine. A real dataset takes seconds;
 * the bound still ends an import that hangs.
 */
export const IMPORT_TIMEOUT_MS = 30 * 60_000;

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

/** Rows sent in one UNWIND: each batch is built just before it is sent, so the rows never exist all at once. */
const BATCH = 5_000;

function toNeo4jDate(value: string) {
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  return new neo4j.types.Date(year, month, day);
}

/** Batches of rows (BATCH by default), each made only when it is reached. */
function* batches<R>(rows: Iterable<R>, size = BATCH): Generator<R[]> {
  let batch: R[] = [];
  for (const row of rows) {
    batch.push(row);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
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

/**
 * A value's comparable text, kept as its SHA-1: the diff of 100,000 entities then holds 28
 * characters per entity, not a second copy of every property.
 */
const canonical = (value: unknown): string => createHash('sha1').update(JSON.stringify(plain(value))).digest('base64');
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
}

/** Datasets read in one round: 100 agreements' relationships are about 87,000 rows. */
export const STATE_DATASETS = 100;

/**
 * What each dataset owns, in two queries for all of them: entities by the dataset index and
 * relationships by the per-type relationship indexes. One round per dataset that walked each one's
 * endpoints took 11 s a batch of 100 agreements at 100 loaded and 26 s at 900 (each shared duty's
 * every BINDS was crossed), and inside the import's transaction every read also merges its writes.
 */
async function readStates(tx: ManagedTransaction, datasets: readonly string[]): Promise<Map<string, DatasetState>> {
  const states = new Map<string, DatasetState>();
  for (const dataset of datasets) states.set(dataset, { entities: new Map(), relationships: new Map(), partnerships: new Set() });
  const stateOf = (dataset: unknown): DatasetState => states.get(dataset as string)!;
  // Records are taken as they arrive: a large dataset's rows are never all held by the driver.
  for await (const record of tx.run(cypher('seed/owned-entities'), { datasets })) {
    const state = stateOf(record.get('dataset'));
    const props = record.get('props') as Record<string, unknown>;
    state.entities.set(record.get('id') as string, canonical(props));
    state.partnerships.add((props.partnership as string | undefined) ?? null);
  }
  for await (const record of tx.run(cypher('seed/owned-relationships'), { datasets })) {
    const key = { from: record.get('from') as string, type: record.get('type') as string, to: record.get('to') as string };
    stateOf(record.get('dataset')).relationships.set(relationshipId(key), { key, text: canonical(record.get('props')) });
  }
  return states;
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
  readonly entities: Located<SeedEntity>[];
  readonly relationships: Located<SeedRelationship>[];
  readonly files: string[];
  readonly partnership: string | null;
}

/** What each dataset's files declare: references into the checked run, not copies of it. */
function declaredRows(checked: CheckedFiles): Map<string, Declared> {
  const { run } = checked;
  const byDataset = new Map<string, Declared>();
  for (const [dataset, files] of run.datasets) byDataset.set(dataset, { entities: [], relationships: [], files: [...files], partnership: run.partnerships.get(dataset) ?? null });
  for (const located of run.entities) byDataset.get(located.dataset)?.entities.push(located);
  for (const located of run.relationships) byDataset.get(located.dataset)?.relationships.push(located);
  return byDataset;
}

/** An entity with its properties as they will be stored, made when it is compared or written. */
function entityRow({ dataset, value }: Located<SeedEntity>, partnership: string | null): EntityRow {
  const { type, ...rest } = value;
  return { id: value.id, type, props: { ...rest, dataset, partnership, type: type.toUpperCase() } };
}

function relationshipRow({ dataset, value }: Located<SeedRelationship>): RelationshipRow {
  const { from, type, to, ...evidence } = value;
  return { from, type, to, props: { ...evidence, dataset } };
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
  /** The declared items the write sends: new or changed entities, new and changed relationships. */
  readonly write: { readonly entities: Located<SeedEntity>[]; readonly added: Located<SeedRelationship>[]; readonly changed: Located<SeedRelationship>[] };
}

/**
 * The difference between the graph and what a dataset's files declare, one item at a time (no
 * second copy of the declared rows); `keepMissing` leaves removals out (a single file removes nothing).
 */
function planned(dataset: string, rows: Declared, before: DatasetState, keepMissing: boolean): Plan {
  const entities = { added: [] as string[], changed: [] as string[], removed: [] as string[] };
  const relationships = { added: [] as RelationshipKey[], changed: [] as RelationshipKey[], removed: [] as RelationshipKey[] };
  const write = { entities: [] as Located<SeedEntity>[], added: [] as Located<SeedRelationship>[], changed: [] as Located<SeedRelationship>[] };
  for (const located of rows.entities) {
    const old = before.entities.get(located.value.id);
    if (old !== undefined && old === canonical(storedEntity(entityRow(located, rows.partnership)).props)) continue;
    (old === undefined ? entities.added : entities.changed).push(located.value.id);
    write.entities.push(located);
  }
  for (const located of rows.relationships) {
    const { from, type, to } = located.value;
    const old = before.relationships.get(relationshipId(located.value));
    if (old === undefined) {
      relationships.added.push({ from, type, to });
      write.added.push(located);
    } else if (old.text !== canonical(storedRelationship(relationshipRow(located)).props)) {
      relationships.changed.push({ from, type, to });
      write.changed.push(located);
    }
  }
  if (!keepMissing && before.entities.size > 0) {
    const ids = new Set(rows.entities.map(({ value }) => value.id));
    for (const id of before.entities.keys()) if (!ids.has(id)) entities.removed.push(id);
  }
  if (!keepMissing && before.relationships.size > 0) {
    const keys = new Set(rows.relationships.map(({ value }) => relationshipId(value)));
    for (const [id, { key }] of before.relationships) if (!keys.has(id)) relationships.removed.push(key);
  }
  for (const list of [entities.added, entities.changed, entities.removed]) list.sort();
  for (const list of [relationships.added, relationships.changed, relationships.removed]) list.sort((a, b) => relationshipId(a).localeCompare(relationshipId(b)));
  return { dataset, declared: rows, before, diff: { entities, relationships }, write };
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
      const added = new Set(diff.entities.added);
      for (const record of result.records) {
        const id = record.get('id') as string;
        const change = `${String(record.get('action'))} by ${String(record.get('actor'))} with ${String(record.get('operation'))} at ${String(record.get('at'))}`;
        const effect = removed.has(id) ? 'remove the entity' : added.has(id) ? 'create it again' : 'overwrite that change';
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
  let lapStarted = started;
  const lap = (phase: string) => {
    const now = Date.now();
    options.onPhase?.(phase, now - lapStarted);
    lapStarted = now;
  };
  lap('check files');

  const referenced = new Set<string>();
  for (const { value } of run.entities) referenced.add(value.id);
  for (const { value } of run.relationships) {
    referenced.add(value.from);
    referenced.add(value.to);
  }
  // In batches: each call has the query deadline, and 100,000 ids in one call passed it on a busy machine.
  const existing = new Map<string, ExistingEntity>();
  for (const ids of batches(referenced)) {
    const rows = await database.run<{ id: string; type: EntityType; dataset: string | null; partnership: string | null }>(cypher('seed/existing-entities'), { ids });
    for (const row of rows) existing.set(row.id, { type: row.type, dataset: row.dataset, partnership: row.partnership });
  }
  lap('existing entities');
  const refProblems = withPositions(referenceProblems(run, existing));
  // An upload hears first whose data it would change (its review, in the transaction below).
  if (refProblems.length > 0 && !options.upload) throw new SeedInvalidError(refProblems);

  const declared = declaredRows(checked);
  const work = async (tx: ManagedTransaction): Promise<Omit<ImportReport, 'ms'>> => {
    lapStarted = Date.now();
    const plans: Plan[] = [];
    const problems: SeedProblem[] = [];
    for (const names of batches(declared.keys(), STATE_DATASETS)) {
      const states = await readStates(tx, names);
      for (const dataset of names) plans.push(planned(dataset, declared.get(dataset)!, states.get(dataset)!, !checked.whole.has(dataset)));
    }
    lap('read before');
    const diffOf = (plan: Plan, diff: ReturnType<typeof compare>, total: { entities: number; relationships: number }): DatasetDiff => ({
      dataset: plan.dataset,
      whole: checked.whole.has(plan.dataset),
      files: plan.declared.files.length,
      sha256: checked.sha256.get(plan.dataset) ?? '',
      ...diff,
      total,
    });
    const expected = () =>
      plans.map((plan) =>
        diffOf(plan, plan.diff, {
          entities: plan.before.entities.size + plan.diff.entities.added.length - plan.diff.entities.removed.length,
          relationships: plan.before.relationships.size + plan.diff.relationships.added.length - plan.diff.relationships.removed.length,
        }),
      );
    // Whose data the upload would change comes before what it would undo: an editor reaching for
    // another partnership's entities hears that, not a seed-file problem about them.
    if (options.upload) await options.upload.review(expected());
    if (refProblems.length > 0) throw new SeedInvalidError(refProblems);
    for (const plan of plans) problems.push(...(await blockers(tx, plan, checked, options.overwriteApiEdits ?? false, options.upload !== undefined)));
    // Throwing inside the transaction function rolls everything back.
    if (problems.length > 0) throw new SeedInvalidError(problems);
    lap('review and blockers');
    if (options.dryRun) return summary(expected(), checked, true);

    for (const { dataset, diff } of plans) {
      if (diff.relationships.removed.length > 0) await tx.run(cypher('seed/delete-relationships'), { dataset, rows: diff.relationships.removed });
      if (diff.entities.removed.length > 0) await tx.run(cypher('seed/delete-entities'), { dataset, ids: diff.entities.removed });
    }
    // Every dataset's entities before any relationship: one dataset may point at another's new entity.
    const entityTotal = plans.reduce((sum, plan) => sum + plan.write.entities.length, 0);
    const relationshipTotal = plans.reduce((sum, plan) => sum + plan.write.added.length, 0);
    const writeStarted = Date.now();
    const count = { entities: 0, relationships: 0 };
    const progress = () => {
      const written = count.entities + count.relationships;
      const total = entityTotal + relationshipTotal;
      const elapsedMs = Date.now() - writeStarted;
      options.onProgress?.({
        written,
        total,
        entities: { written: count.entities, total: entityTotal },
        relationships: { written: count.relationships, total: relationshipTotal },
        elapsedMs,
        remainingMs: estimateRemainingMs(written, total, elapsedMs),
      });
    };
    const entityRows = function* () {
      for (const plan of plans) for (const located of plan.write.entities) yield storedEntity(entityRow(located, plan.declared.partnership));
    };
    for (const rows of batches(entityRows())) {
      await tx.run(cypher('seed/upsert-entities'), { rows });
      count.entities += rows.length;
      progress();
    }
    const relationshipRows = function* () {
      for (const plan of plans) for (const located of plan.write.added) yield storedRelationship(relationshipRow(located));
    };
    for (const rows of batches(relationshipRows())) {
      await tx.run(cypher('seed/create-relationships'), { rows });
      count.relationships += rows.length;
      progress();
    }
    for (const { dataset, write } of plans) {
      for (const rows of batches(write.changed.map((located) => storedRelationship(relationshipRow(located))))) {
        await tx.run(cypher('seed/update-relationships'), { dataset, rows });
      }
    }

    // Answers kept in memory by any API process were made from the graph before this import.
    await bumpGeneration(tx);
    lap('write');

    // The report and the audit trail say what the graph holds now, read back, not what was sent.
    const diffs: DatasetDiff[] = [];
    const actor = options.actor ?? os.userInfo().username;
    const changeId = randomUUID();
    const events: Record<string, unknown>[] = [];
    const counts = (lists: { added: readonly unknown[]; changed: readonly unknown[]; removed: readonly unknown[] }) => ({
      added: lists.added.length,
      changed: lists.changed.length,
      removed: lists.removed.length,
    });
    const auditEvent = (plan: Plan, diff: DatasetDiff): Record<string, unknown> => ({
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
    for (const chunk of batches(plans, STATE_DATASETS)) {
      // One chunk's read-back at a time: 642 agreements' relationships at once would be 556,000 rows held.
      const states = await readStates(
        tx,
        chunk.map((plan) => plan.dataset),
      );
      const recorded: Record<string, unknown>[] = [];
      for (const plan of chunk) {
        const after = states.get(plan.dataset)!;
        const diff = diffOf(plan, compare(plan.before, after, false), { entities: after.entities.size, relationships: after.relationships.size });
        diffs.push(diff);
        // Export still finds a dataset's relationships from the ids they reach.
        const touched = [...new Set([...after.relationships.values()].flatMap(({ key }) => [key.from, key.to]))];
        recorded.push({
          dataset: plan.dataset,
          touched,
          files: diff.files,
          entities: diff.total.entities,
          relationships: diff.total.relationships,
          whole: diff.whole,
          sha256: diff.sha256,
        });
        events.push(auditEvent(plan, diff));
      }
      await tx.run(cypher('seed/record-dataset'), { rows: recorded, uploaded: options.upload !== undefined });
    }
    lap('read after and record');
    await tx.run(cypher('audit/record'), { events });
    lap('audit');
    return summary(diffs, checked, false);
  };

  const session = database.driver.session({ database: database.name, defaultAccessMode: options.dryRun ? neo4j.session.READ : neo4j.session.WRITE });
  try {
    const txConfig = { timeout: options.timeoutMs ?? IMPORT_TIMEOUT_MS };
    const report = options.dryRun ? await session.executeRead(work, txConfig) : await session.executeWrite(work, txConfig);
    lap('commit');
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

/** One progress line: `written 5000 of 100000 entities and 0 of 510236 relationships in 12.3 s, about 95 s to go`. */
export function describeProgress(progress: ImportProgress): string {
  const { entities, relationships, elapsedMs, remainingMs } = progress;
  const remaining = remainingMs === undefined ? '' : remainingMs === 0 ? ', done' : `, about ${Math.ceil(remainingMs / 1000)} s to go`;
  return `written ${entities.written} of ${entities.total} entities and ${relationships.written} of ${relationships.total} relationships in ${(elapsedMs / 1000).toFixed(1)} s${remaining}`;
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
