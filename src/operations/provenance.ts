/**
 * What makes an answer checkable later (issue 15 item 8): when it was made, the day it is as at,
 * the datasets it read with the SHA-256 of their last import, and the newest change made through
 * the API. An inspector who quotes an answer can ask again and see whether the graph behind it
 * changed: same checksums and same last change, same graph.
 *
 * Which datasets an answer read is taken from the answer itself: the datasets of the entities it
 * names and the datasets its relationships' evidence names. That is computed only when asked for
 * (once per answer), so an answer that does not select it costs no extra read.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Database } from '../database/driver.js';
import { query } from './queries.js';
import { CONTEXT, datasetIri } from './render/jsonld.js';

export interface DatasetVersion {
  readonly id: string;
  readonly checksum: string;
  readonly importedAt: string;
  readonly files: number | null;
  readonly entities: number | null;
  readonly relationships: number | null;
}

export interface Provenance {
  readonly datasets: readonly DatasetVersion[];
  readonly lastChangeId: string | null;
  readonly lastChangeAt: string | null;
}

/** The fields every answer gains when it is made. */
export interface Stamp {
  readonly generatedAt: string;
  readonly asOf: string | null;
  /** When the work behind the answer began, where the caller measured it (the JSON-LD pack's prov:startedAtTime). */
  readonly startedAt?: string;
}

interface ProvenanceRow extends Record<string, unknown> {
  readonly datasets: readonly (Omit<DatasetVersion, 'checksum'> & { checksum: string | null })[];
  readonly lastChange: { changeId: string | null; at: string | null } | null;
}

/** Adds when the answer was made and its as-at day; an answer that already states its asOf keeps it. */
export function stamp<T extends object>(answer: T, asOf: string | null, now: Date = new Date(), started?: Date): T & Stamp {
  const own = (answer as { asOf?: unknown }).asOf;
  return {
    ...answer,
    generatedAt: now.toISOString(),
    asOf: typeof own === 'string' ? own : asOf,
    ...(started === undefined ? {} : { startedAt: started.toISOString() }),
  };
}

/** The entity ids an answer names and the datasets its evidence names, wherever they sit in it. */
export function answerSources(answer: unknown): { ids: string[]; datasets: string[] } {
  const ids = new Set<string>();
  const datasets = new Set<string>();
  const seen = new Set<object>();
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    const record = value as Record<string, unknown>;
    if (typeof record.id === 'string' && typeof record.type === 'string' && typeof record.name === 'string') ids.add(record.id);
    if (typeof record.assertedBy === 'string' && typeof record.dataset === 'string') datasets.add(record.dataset);
    for (const child of Object.values(record)) visit(child);
  };
  visit(answer);
  return { ids: [...ids].sort(), datasets: [...datasets].sort() };
}

const cache = new WeakMap<object, Promise<Provenance>>();

/** The answer's datasets and the last API change, read once per answer however many fields ask. */
export function provenance(db: Database, answer: object): Promise<Provenance> {
  let found = cache.get(answer);
  if (found === undefined) {
    found = readProvenance(db, answer);
    cache.set(answer, found);
  }
  return found;
}

async function readProvenance(db: Database, answer: object): Promise<Provenance> {
  const { ids, datasets } = answerSources(answer);
  const [row] = await db.run<ProvenanceRow>(query('provenance'), { ids, datasets }, 'READ');
  return {
    datasets: (row?.datasets ?? []).map((d) => ({ ...d, checksum: d.checksum ?? '', importedAt: isoInstant(d.importedAt) })),
    lastChangeId: row?.lastChange?.changeId ?? null,
    lastChangeAt: row?.lastChange?.at ? isoInstant(row.lastChange.at) : null,
  };
}

/**
 * A stored instant as every stamp writes it (`toISOString`: milliseconds, three digits). Neo4j's
 * own text drops trailing zeros (`…32.19Z`), so a pack's JSON-LD and its GraphQL fields, whose
 * DateTime scalar writes `…32.190Z`, disagreed one time in ten.
 */
function isoInstant(text: string): string {
  return new Date(text).toISOString();
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The key of the JSON-LD pack's own checksum. */
export const PACK_CHECKSUM = 'gt:contentSha256';

/**
 * No dataset in the model records a licence, so a pack says it is unknown rather than guess one
 * (the text a person sees, as gt:licence; dct:license is left out, as it would need a licence IRI).
 */
export const LICENCE_UNKNOWN = 'unknown: no licence is recorded for the datasets this answer read';

const dateTime = (value: string) => ({ '@value': value, '@type': 'xsd:dateTime' });

/**
 * A JSON-LD evidence pack: the document is a prov:Bundle (a named graph of provenance, its
 * `@graph`), itself a prov:Entity with an IRI of its own (urn:uuid), generated at
 * prov:generatedAtTime by a prov:Activity (the answer's making: prov:startedAtTime when measured,
 * prov:endedAtTime) that used the datasets; each dataset is an entity with its import's SHA-256,
 * and the pack prov:wasDerivedFrom them. The SHA-256 of its content is the hex digest of the
 * pack's compact JSON text (JSON.stringify with no spacing, keys in the order given) without the
 * `gt:contentSha256` key itself. Anyone can check it: parse, delete that key, stringify compactly,
 * hash. The pack is sent indented for people; the indentation is not hashed.
 */
export function sealJsonLd(jsonld: string, answer: Stamp, found: Provenance): string {
  const pack = JSON.parse(jsonld) as Record<string, unknown>;
  const { '@context': context, '@graph': graph, ...rest } = pack;
  delete rest[PACK_CHECKSUM];
  const datasets = found.datasets.map((d) => ({
    '@id': datasetIri(d.id),
    '@type': 'prov:Entity',
    'gt:dataset': d.id,
    'gt:sha256': d.checksum,
    'gt:importedAt': dateTime(d.importedAt),
    'gt:licence': 'unknown',
  }));
  const sealed: Record<string, unknown> = {
    '@context': { ...CONTEXT, ...(context as object | undefined) },
    ...rest,
    '@id': typeof rest['@id'] === 'string' && rest['@id'].startsWith('urn:uuid:') ? rest['@id'] : `urn:uuid:${randomUUID()}`,
    '@type': ['prov:Bundle', 'prov:Entity', 'gt:EvidencePack'],
    'prov:generatedAtTime': dateTime(answer.generatedAt),
    'prov:wasGeneratedBy': {
      '@type': 'prov:Activity',
      ...(answer.startedAt === undefined ? {} : { 'prov:startedAtTime': dateTime(answer.startedAt) }),
      'prov:endedAtTime': dateTime(answer.generatedAt),
      'prov:used': datasets.map((d) => ({ '@id': d['@id'] })),
    },
    ...(answer.asOf === null ? {} : { 'gt:asOf': { '@value': answer.asOf, '@type': 'xsd:date' } }),
    'gt:datasets': datasets,
    'prov:wasDerivedFrom': datasets.map((d) => ({ '@id': d['@id'] })),
    ...(found.lastChangeId === null ? {} : { 'gt:lastChangeId': found.lastChangeId }),
    'gt:licence': LICENCE_UNKNOWN,
    '@graph': graph,
  };
  return JSON.stringify({ ...sealed, [PACK_CHECKSUM]: sha256(JSON.stringify(sealed)) }, null, 2);
}
