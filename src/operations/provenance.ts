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
import { createHash } from 'node:crypto';
import type { Database } from '../database/driver.js';
import { query } from './queries.js';

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
}

interface ProvenanceRow extends Record<string, unknown> {
  readonly datasets: readonly (Omit<DatasetVersion, 'checksum'> & { checksum: string | null })[];
  readonly lastChange: { changeId: string | null; at: string | null } | null;
}

/** Adds when the answer was made and its as-at day; an answer that already states its asOf keeps it. */
export function stamp<T extends object>(answer: T, asOf: string | null, now: Date = new Date()): T & Stamp {
  const own = (answer as { asOf?: unknown }).asOf;
  return { ...answer, generatedAt: now.toISOString(), asOf: typeof own === 'string' ? own : asOf };
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
    datasets: (row?.datasets ?? []).map((d) => ({ ...d, checksum: d.checksum ?? '' })),
    lastChangeId: row?.lastChange?.changeId ?? null,
    lastChangeAt: row?.lastChange?.at ?? null,
  };
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The key of the JSON-LD pack's own checksum. */
export const PACK_CHECKSUM = 'gt:contentSha256';

/**
 * A JSON-LD evidence pack with the answer's provenance, and the SHA-256 of its content: the hex
 * digest of the pack's compact JSON text (JSON.stringify with no spacing, keys in the order given)
 * without the `gt:contentSha256` key itself. Anyone can check it: parse, delete that key,
 * stringify compactly, hash. The pack is sent indented for people; the indentation is not hashed.
 */
export function sealJsonLd(jsonld: string, answer: Stamp, found: Provenance): string {
  const pack = JSON.parse(jsonld) as Record<string, unknown>;
  const sealed: Record<string, unknown> = {
    ...pack,
    'prov:generatedAtTime': { '@value': answer.generatedAt, '@type': 'xsd:dateTime' },
    'gt:asOf': answer.asOf === null ? null : { '@value': answer.asOf, '@type': 'xsd:date' },
    'gt:datasets': found.datasets.map((d) => ({
      'gt:dataset': d.id,
      'gt:sha256': d.checksum,
      'gt:importedAt': { '@value': d.importedAt, '@type': 'xsd:dateTime' },
    })),
    'gt:lastChangeId': found.lastChangeId,
  };
  delete sealed[PACK_CHECKSUM];
  return JSON.stringify({ ...sealed, [PACK_CHECKSUM]: sha256(JSON.stringify(sealed)) }, null, 2);
}
