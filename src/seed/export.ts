/**
 * A dataset written back out of the graph, which is the source of truth once editors change it
 * through the API: the same files a seed folder holds, so that importing them again changes
 * nothing. Used by `npm run export` and the HTTP export (src/http/dataset-export.ts).
 */
import neo4j, { type ManagedTransaction } from 'neo4j-driver';
import { stringify } from 'yaml';
import { cypher } from '../database/cypher.js';
import { describeDriverError, type Database } from '../database/driver.js';
import { ENTITY_TYPE_OF_LABEL, ENTITY_TYPES, EVIDENCE_PROPERTIES, LIMITS, propertiesOf, type EntityType } from '../model/index.js';
import type { SeedEntity, SeedFile, SeedRelationship } from './model.js';

const TYPE_OF_NAME = new Map<string, EntityType>(ENTITY_TYPES.map((type) => [ENTITY_TYPE_OF_LABEL[type], type]));

/** A stored value as the seed format writes it: a date as YYYY-MM-DD, a list as a list. */
function seedValue(value: unknown): unknown {
  if (neo4j.isDate(value as never)) return String(value);
  if (neo4j.isInt(value as never)) return (value as { toNumber(): number }).toNumber();
  return value;
}

/** Only the properties the model knows, in its order: system ones (dataset, partnership, type) stay in the graph. */
function pick(props: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of names) if (props[name] !== null && props[name] !== undefined) out[name] = seedValue(props[name]);
  return out;
}

async function read(tx: ManagedTransaction, dataset: string): Promise<SeedFile | undefined> {
  const head = (await tx.run(cypher('seed/export-dataset'), { dataset })).records[0];
  const entities: SeedEntity[] = [];
  let partnership: string | undefined;
  for (const record of (await tx.run(cypher('seed/dataset-entities'), { dataset })).records) {
    const props = record.get('props') as Record<string, unknown>;
    const type = TYPE_OF_NAME.get(String(props.type));
    if (type === undefined) continue;
    if (typeof props.partnership === 'string') partnership = props.partnership;
    entities.push({ id: record.get('id') as string, type, ...pick(props, Object.keys(propertiesOf(type))) } as SeedEntity);
  }
  if (head?.get('found') !== true && entities.length === 0) return undefined;
  const ids = [...new Set([...((head?.get('touched') as string[] | undefined) ?? []), ...entities.map((entity) => entity.id)])];
  const relationships: SeedRelationship[] = [];
  for (const record of (await tx.run(cypher('seed/dataset-relationships'), { dataset, ids })).records) {
    const props = record.get('props') as Record<string, unknown>;
    relationships.push({ from: record.get('from') as string, type: record.get('type') as string, to: record.get('to') as string, ...pick(props, Object.keys(EVIDENCE_PROPERTIES)) } as SeedRelationship);
  }
  const order = new Map<string, number>(ENTITY_TYPES.map((type, index) => [type, index]));
  entities.sort((a, b) => (order.get(a.type) ?? 0) - (order.get(b.type) ?? 0) || a.id.localeCompare(b.id));
  relationships.sort((a, b) => a.from.localeCompare(b.from) || a.type.localeCompare(b.type) || a.to.localeCompare(b.to));
  return {
    dataset,
    ...(partnership === undefined ? {} : { partnership }),
    ...(entities.length > 0 ? { entities } : {}),
    ...(relationships.length > 0 ? { relationships } : {}),
  };
}

/**
 * What the graph holds of one dataset, as seed data: its entities (with only the model's
 * properties) and the relationships it states, in one read transaction. Undefined when no such
 * dataset was ever imported.
 */
export async function exportDataset(database: Database, dataset: string): Promise<SeedFile | undefined> {
  const session = database.driver.session({ database: database.name, defaultAccessMode: neo4j.session.READ });
  try {
    return await session.executeRead((tx) => read(tx, dataset), { timeout: database.queryTimeoutMs });
  } catch (error) {
    throw describeDriverError(error, database.target);
  } finally {
    await session.close();
  }
}

/** A seed file as YAML text, long lines left whole. */
export function seedYaml(file: SeedFile): string {
  return stringify(file, { lineWidth: 0 });
}

/**
 * A dataset as YAML seed files no larger than a seed file may be, named `<dataset>.yaml`, or
 * `<dataset>-1.yaml`, `<dataset>-2.yaml`… when it needs more than one.
 */
export function datasetYamlFiles(data: SeedFile): { name: string; text: string }[] {
  const head = { dataset: data.dataset, ...(data.partnership === undefined ? {} : { partnership: data.partnership }) };
  const whole = seedYaml(data);
  if (Buffer.byteLength(whole) <= LIMITS.seedFileBytes) return [{ name: `${data.dataset}.yaml`, text: whole }];
  // Room for the head and the list keys of each part, far above what they take.
  const budget = LIMITS.seedFileBytes - 4_096;
  const parts: { entities: SeedEntity[]; relationships: SeedRelationship[]; bytes: number }[] = [];
  const add = (kind: 'entities' | 'relationships', item: SeedEntity | SeedRelationship) => {
    const bytes = Buffer.byteLength(stringify([item], { lineWidth: 0 }));
    let part = parts[parts.length - 1];
    if (!part || part.bytes + bytes > budget) {
      part = { entities: [], relationships: [], bytes: 0 };
      parts.push(part);
    }
    (part[kind] as (SeedEntity | SeedRelationship)[]).push(item);
    part.bytes += bytes;
  };
  for (const entity of data.entities ?? []) add('entities', entity);
  for (const relationship of data.relationships ?? []) add('relationships', relationship);
  return parts.map((part, index) => ({
    name: `${data.dataset}-${index + 1}.yaml`,
    text: seedYaml({
      ...head,
      ...(part.entities.length > 0 ? { entities: part.entities } : {}),
      ...(part.relationships.length > 0 ? { relationships: part.relationships } : {}),
    }),
  }));
}
