/** What a mutation's arguments may ask for at all, whoever asks: pure checks on the input. */
import neo4j from 'neo4j-driver';
import { ErrorCode, userError } from '../errors.js';
import { idProblem } from '../model/index.js';
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
