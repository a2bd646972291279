/** What a mutation's arguments may ask for at all, whoever asks: pure checks on the input. */
import neo4j from 'neo4j-driver';
import { ErrorCode, userError } from '../errors.js';
import { idProblem, LIMITS, valueProblem } from '../model/index.js';
import type { EntityChange, EntityState } from './audit-trail.js';
import type { MutationVerb } from './neo4j-graphql/generated-mutations.js';

/** A mutation may touch at most this many entities directly: bulk changes go through seed files. */
export const MAX_ENTITIES_PER_MUTATION = 100;

const badInput = (message: string) => userError(ErrorCode.BAD_USER_INPUT, message);

/** Connects nested inside connects would change entities the audit does not snapshot. */
export function refuseDeepNesting(value: unknown, insideConnect = false, path = 'input'): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => refuseDeepNesting(item, insideConnect, `${path}[${index}]`));
    return;
  }
  if (value === null || typeof value !== 'object' || neo4j.isDate(value as never)) return;
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    const isNesting = key === 'connect' || key === 'disconnect';
    if (isNesting && insideConnect && inner !== undefined && inner !== null) {
      throw badInput(`${path}.${key}: connect or disconnect one level at a time; a ${key} nested inside another changes entities other than the one named.`);
    }
    refuseDeepNesting(inner, insideConnect || isNesting, `${path}.${key}`);
  }
}

/** An update or delete must name what it changes: an empty filter would match every entity of the type. */
export function requireWhere(operation: string, verb: MutationVerb, where: unknown): void {
  if (verb !== 'create' && (where === undefined || where === null || Object.keys(where as object).length === 0)) {
    throw badInput(`${operation} needs a where that names what to ${verb}; an empty filter would ${verb} every entity of the type.`);
  }
}

/**
 * The ids a create names in its input, each one the seed format accepts: the graph is exported to
 * and re-imported from seed files, and an id with a control character, a direction override or a
 * trailing space would also pass for another in a page or a log.
 */
export function createdIds(args: Readonly<Record<string, unknown>>): string[] {
  const input = Array.isArray(args.input) ? (args.input as { id?: unknown }[]) : [];
  if (input.length > MAX_ENTITIES_PER_MUTATION) throw badInput(`A create may make at most ${MAX_ENTITIES_PER_MUTATION} entities at once; this one has ${input.length}.`);
  return input.map((item, index) => {
    const id = String(item.id);
    const problem = idProblem(id);
    if (problem !== undefined) throw badInput(`input[${index}].id ${problem}.`);
    return id;
  });
}

/** The ids an update or delete matched, refused when there are more than a mutation may touch. */
export function limitMatched(ids: readonly string[]): string[] {
  if (ids.length > MAX_ENTITIES_PER_MUTATION) {
    throw badInput(`This change matches more than ${MAX_ENTITIES_PER_MUTATION} entities; narrow its where (bulk changes belong in the seed files).`);
  }
  return [...ids];
}

/**
 * Properties every entity keeps once it has them: the seed format requires a name, and the
 * partnership decides who may change the entity. Clearing one would fail deep in the library
 * (with Java text in development mode), so it is refused as the user's mistake it is.
 */
const KEPT_PROPERTIES: Readonly<Record<string, string>> = {
  name: 'every entity needs a name; set a new one instead',
  partnership: "an entity made through the API always belongs to a partnership; set another partnership's id instead",
};

/** Refuses `{ set: null }` on a property every entity keeps, anywhere in an update's input. */
export function refuseClearingKept(value: unknown, path = 'update'): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => refuseClearingKept(item, `${path}[${index}]`));
    return;
  }
  if (value === null || typeof value !== 'object' || neo4j.isDate(value as never)) return;
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    const why = KEPT_PROPERTIES[key];
    if (why !== undefined && (inner === null || (typeof inner === 'object' && 'set' in inner && inner.set === null))) {
      throw badInput(`${path}.${key} cannot be cleared: ${why}.`);
    }
    refuseClearingKept(inner, `${path}.${key}`);
  }
}

/**
 * A `push` or `pop` on a list property the entity does not have yet fails in the library's Cypher;
 * the first values of a list are given with `set`. Read from the entities as they are before the change.
 */
export function refuseListEditsOfMissing(update: unknown, before: ReadonlyMap<string, EntityState>): void {
  if (update === null || typeof update !== 'object') return;
  for (const [key, inner] of Object.entries(update as Record<string, unknown>)) {
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) continue;
    const edit = ['push', 'pop'].find((verb) => verb in inner && (inner as Record<string, unknown>)[verb] !== undefined);
    if (edit === undefined) continue;
    const missing = [...before.values()].filter((state) => state.properties[key] === null || state.properties[key] === undefined).map((state) => state.id);
    if (missing.length > 0) {
      throw badInput(`update.${key}.${edit}: ${missing.join(', ')} has no ${key} yet; give its first values with { set: [...] }.`);
    }
  }
}

/**
 * Every value a change leaves in the graph keeps the seed format's size limits and text rule
 * (src/model/limits.ts, ids.ts), checked on the entities as the change left them, before the
 * commit: so a `push` is judged by the list it makes, and a property the change did not touch is
 * not held against it.
 */
export function refuseInvalidValues(changes: readonly EntityChange[]): void {
  for (const change of changes) {
    const properties = change.after?.properties ?? {};
    for (const name of change.changedProperties) {
      const problem = valueProblem(name, properties[name]);
      if (problem !== undefined) throw badInput(`${change.id}: ${name} ${problem}; nothing was changed.`);
    }
    for (const relationship of change.added) {
      for (const [name, value] of Object.entries(relationship.evidence)) {
        const problem = valueProblem(name, value);
        if (problem !== undefined) throw badInput(`${change.id}: the evidence ${name} of its ${relationship.type} relationship with ${relationship.other} ${problem}; nothing was changed.`);
      }
    }
  }
}

/** Characters of text in an input, its variables filled in: one variable used many times counts each time. */
function inputCharacters(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + inputCharacters(item), 0);
  if (value === null || typeof value !== 'object' || neo4j.isDate(value as never)) return 0;
  return Object.values(value as Record<string, unknown>).reduce((sum: number, inner) => sum + inputCharacters(inner), 0);
}

/** The longest text anywhere in an input, and where it is. */
function longestText(value: unknown, path = 'input'): { path: string; length: number } | undefined {
  if (typeof value === 'string') return { path, length: value.length };
  let entries: [string, unknown][];
  if (Array.isArray(value)) entries = value.map((item, index) => [`${path}[${index}]`, item]);
  else if (value !== null && typeof value === 'object' && !neo4j.isDate(value as never)) entries = Object.entries(value as Record<string, unknown>).map(([key, inner]) => [`${path}.${key}`, inner]);
  else return undefined;
  let longest: { path: string; length: number } | undefined;
  for (const [where, inner] of entries) {
    const found = longestText(inner, where);
    if (found !== undefined && (longest === undefined || found.length > longest.length)) longest = found;
  }
  return longest;
}

/**
 * The body limit bounds what a client sends, not what it asks to store: a 90 kB variable named a
 * thousand times in one list is 90 MB in the database's transaction before any after-state check
 * could refuse it. An input holding more text than an audit event may record is refused before it runs.
 */
export function refuseOversizeInput(input: unknown, path = 'input'): void {
  // No property may hold more than the longest text allowed, so a far longer value is refused here,
  // before a write transaction is spent on it (the soak's 50 kB description cost one each time).
  // Over twice the limit in UTF-16 units is over the limit in characters, whatever they are; the
  // exact limit of each property is still checked on what the change leaves.
  const longest = longestText(input, path);
  if (longest !== undefined && longest.length > 2 * LIMITS.longText) {
    throw badInput(`${longest.path} is longer than ${LIMITS.longText.toLocaleString('en-GB')} characters, the most any property may hold. Nothing was changed.`);
  }
  const found = inputCharacters(input);
  if (found > LIMITS.auditEventBytes) {
    throw badInput(
      `This change's input holds ${found.toLocaleString('en-GB')} characters of text once its variables are filled in; the limit is ${LIMITS.auditEventBytes.toLocaleString('en-GB')}. Nothing was changed.`,
    );
  }
}

/** A filter that names nothing: absent, or only empty objects and lists all the way down. */
const namesNothing = (filter: unknown): boolean => {
  if (filter === undefined || filter === null) return true;
  if (Array.isArray(filter)) return filter.every(namesNothing);
  if (typeof filter === 'object' && !neo4j.isDate(filter as never)) return Object.values(filter as Record<string, unknown>).every(namesNothing);
  return false;
};

/**
 * Every connect and disconnect must name what it joins or parts: without a `where` the library
 * links (or unlinks) every entity of the target type, 368 of them from one line of input.
 */
export function requireLinkWhere(value: unknown, path = 'input'): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => requireLinkWhere(item, `${path}[${index}]`));
    return;
  }
  if (value === null || typeof value !== 'object' || neo4j.isDate(value as never)) return;
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    if ((key === 'connect' || key === 'disconnect') && inner !== undefined && inner !== null) {
      (Array.isArray(inner) ? inner : [inner]).forEach((item: unknown, index) => {
        if (namesNothing((item as { where?: unknown } | null)?.where)) {
          throw badInput(`${path}.${key}[${index}] needs a where that names the entities to ${key}; without one it would ${key} every entity of the type.`);
        }
      });
    }
    requireLinkWhere(inner, `${path}.${key}`);
  }
}

/** A mutation may create or remove at most as many relationships as it may touch entities: bulk linking goes through seed files. */
export function limitRelationships(added: number, removed: number): void {
  if (added + removed > MAX_ENTITIES_PER_MUTATION) {
    throw badInput(
      `This change would create ${added} and remove ${removed} relationships; a mutation may create or remove at most ${MAX_ENTITIES_PER_MUTATION} in all (narrow its where; bulk links belong in the seed files). Nothing was written.`,
    );
  }
}
