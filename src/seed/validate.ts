import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { DATE_PATTERN, datasetJsonSchema } from '../model/generate/json-schema.js';
import { ID_RULE, LONG_TEXT_PATTERN, propertiesOf, relationshipAllowed, SHORT_TEXT_PATTERN, TEXT_RULE, type EntityType } from '../model/index.js';
import type { SeedEntity, SeedFile, SeedRelationship } from './model.js';
import type { ParsedFile, SeedProblem } from './read.js';

const ajv = new Ajv2020({ allErrors: true, strict: false });
(addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
const validateFile = ajv.compile<SeedFile>(datasetJsonSchema());

/** The range of GraphQL's Int, which the API serves integer properties as: a larger year or number could be stored but never read back. */
const INT_MIN = -2_147_483_648;
const INT_MAX = 2_147_483_647;

const REAL_DATE = 'must be a real date written YYYY-MM-DD';

/** The property a pointer ends at, as a reader names it: `/relationships/3/quote` is "quote". */
function field(pointer: string): string {
  if (pointer === '') return 'the file';
  const last = pointer.split('/').pop() ?? '';
  if (!/^\d+$/.test(last)) return `"${last}"`;
  // An item of a list (an alias) is named by its list and place, not taken for an entity.
  const parts = pointer.split('/');
  if (parts.length > 3) return `item ${Number(last) + 1} of "${parts[parts.length - 2] ?? ''}"`;
  return pointer.startsWith('/relationships') ? 'this relationship' : 'this entity';
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list (lines starting "- ", or [a, b])',
  object: 'a mapping of "name: value" lines',
  null: 'empty',
};

/** An ajv error as a sentence a policy officer reads: the field named, the allowed values or limits listed. */
function describe(error: ErrorObject, data: unknown): string {
  const name = field(error.instancePath);
  switch (error.keyword) {
    case 'type': {
      if (error.instancePath === '') return 'a seed file must be a YAML mapping with "dataset", and optionally "entities" and "relationships" (see seed/FORMAT.md)';
      const wanted = String(error.params.type)
        .split(',')
        .map((type) => TYPE_WORDS[type] ?? type)
        .join(' or ');
      return `${name} must be ${wanted}`;
    }
    case 'format':
      return error.params.format === 'date' ? `${name} ${REAL_DATE}` : `${name} must be a ${String(error.params.format)}`;
    case 'additionalProperties': {
      const entity = /^\/entities\/(\d+)$/.exec(error.instancePath);
      const type = entity ? (data as { entities?: { type?: unknown }[] }).entities?.[Number(entity[1])]?.type : undefined;
      const owner = error.instancePath.startsWith('/relationships') ? 'a relationship' : error.instancePath === '' ? 'a seed file' : typeof type === 'string' ? `${withArticle(type)}` : 'this entity';
      return `"${String(error.params.additionalProperty)}" is not a property ${owner} may have (see seed/FORMAT.md for the list)`;
    }
    case 'enum':
      return `${name} must be one of ${(error.params.allowedValues as unknown[]).join(', ')}`;
    case 'const':
      return `${name} must be ${JSON.stringify(error.params.allowedValue)}`;
    case 'required':
      return `${name} is missing "${String(error.params.missingProperty)}", which it must have`;
    case 'minLength':
      return Number(error.params.limit) <= 1 ? `${name} must not be empty` : `${name} must be at least ${String(error.params.limit)} characters long`;
    case 'maxLength':
      return `${name} is too long: at most ${String(error.params.limit)} characters`;
    case 'uniqueItems':
      return `${name} must not list the same value twice (it is item ${Math.min(Number(error.params.i), Number(error.params.j)) + 1} and item ${Math.max(Number(error.params.i), Number(error.params.j)) + 1})`;
    case 'pattern':
      if (error.params.pattern === DATE_PATTERN) return `${name} ${REAL_DATE}`;
      if (error.instancePath === '/dataset') return '"dataset" must be a dataset name: lowercase letters and digits in words joined by hyphens, such as lancashire-csa-2014-2016';
      return error.instancePath.endsWith('id') || error.instancePath.endsWith('from') || error.instancePath.endsWith('to')
        ? `${name} ${ID_RULE}`
        : error.params.pattern === SHORT_TEXT_PATTERN
          ? `${name} ${TEXT_RULE}, on one line`
          : error.params.pattern === LONG_TEXT_PATTERN
            ? `${name} ${TEXT_RULE} (line breaks and tabs are allowed)`
            : `${name} must match ${String(error.params.pattern)}`;
    default:
      return `${name} ${error.message ?? error.keyword}`;
  }
}

/** Shape problems in one file, from the JSON Schema; `if`/`then` wrappers are left out as noise. */
export function schemaProblems(parsed: ParsedFile): SeedProblem[] {
  if (validateFile(parsed.data)) return [];
  const seen = new Set<string>();
  return (validateFile.errors ?? [])
    .filter((error) => error.keyword !== 'if' && !(error.keyword === 'const' && error.instancePath.endsWith('/type')))
    // An unknown property is pointed at itself, so its line and column are the property's own.
    .map((error) => ({
      file: parsed.file,
      path: error.keyword === 'additionalProperties' ? `${error.instancePath}/${String(error.params.additionalProperty).replace(/~/g, '~0').replace(/\//g, '~1')}` : error.instancePath,
      reason: describe(error, parsed.data),
    }))
    // A date such as "yesterday" fails both the pattern and the format: one problem, said once.
    .filter((problem) => {
      const key = `${problem.path} ${problem.reason}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/**
 * Integer properties outside GraphQL's Int. JSON Schema's `integer` admits 1e23 and even .inf,
 * which Neo4j would store as floats that the API then fails to serve.
 */
function integerProblems(file: string, path: string, entity: SeedEntity): SeedProblem[] {
  const specs = propertiesOf(entity.type);
  return Object.entries(specs)
    .filter(([name, spec]) => spec.type === 'integer' && typeof entity[name] === 'number')
    .filter(([name]) => {
      const value = entity[name] as number;
      return !Number.isSafeInteger(value) || value < INT_MIN || value > INT_MAX;
    })
    .map(([name]) => ({ file, path: `${path}/${name}`, reason: `must be a whole number from ${INT_MIN} to ${INT_MAX}` }));
}

export interface Located<T> {
  readonly file: string;
  readonly path: string;
  readonly dataset: string;
  readonly value: T;
}

export interface CheckedRun {
  readonly entities: readonly Located<SeedEntity>[];
  readonly relationships: readonly Located<SeedRelationship>[];
  readonly datasets: ReadonlyMap<string, readonly string[]>;
  /** Each dataset's partnership, where its files name one. */
  readonly partnerships: ReadonlyMap<string, string>;
}

/** Collects what the files declare, reporting problems that span files (duplicate ids, dates). */
export function collect(files: readonly { file: string; data: SeedFile }[]): { run: CheckedRun; problems: SeedProblem[] } {
  const problems: SeedProblem[] = [];
  const entities: Located<SeedEntity>[] = [];
  const relationships: Located<SeedRelationship>[] = [];
  const datasets = new Map<string, string[]>();
  const seenIds = new Map<string, Located<SeedEntity>>();
  const seenRelationships = new Map<string, Located<SeedRelationship>>();
  const partnerships = new Map<string, { partnership: string | undefined; file: string }>();
  for (const { file, data } of files) {
    datasets.set(data.dataset, [...(datasets.get(data.dataset) ?? []), file]);
    // Ownership decides who may edit, so one dataset must not be split between partnerships.
    const first = partnerships.get(data.dataset);
    if (first === undefined) partnerships.set(data.dataset, { partnership: data.partnership, file });
    else if (first.partnership !== data.partnership) {
      problems.push({ file, path: '/partnership', reason: `partnership "${data.partnership ?? '(none)'}" differs from "${first.partnership ?? '(none)'}" in ${first.file}; every file of dataset "${data.dataset}" must name the same one` });
    }
    (data.entities ?? []).forEach((entity, index) => {
      // A hole left where an entity with problems of its own was (see check.ts).
      if (!entity) return;
      const located = { file, path: `/entities/${index}`, dataset: data.dataset, value: entity };
      const earlier = seenIds.get(entity.id);
      if (earlier) {
        problems.push({ file, path: `${located.path}/id`, reason: `duplicate id "${entity.id}", first declared in ${earlier.file} at ${earlier.path}` });
        return;
      }
      seenIds.set(entity.id, located);
      entities.push(located);
      problems.push(...integerProblems(file, located.path, entity));
      for (const [from, to] of [['validFrom', 'validTo'], ['periodStart', 'periodEnd']] as const) {
        const start = entity[from];
        const end = entity[to];
        if (typeof start === 'string' && typeof end === 'string' && start > end) {
          problems.push({ file, path: `${located.path}/${to}`, reason: `${to} ${end} is before ${from} ${start}` });
        }
      }
    });
    (data.relationships ?? []).forEach((relationship, index) => {
      if (!relationship) return;
      const located = { file, path: `/relationships/${index}`, dataset: data.dataset, value: relationship };
      const key = `${data.dataset} ${relationship.from} ${relationship.type} ${relationship.to}`;
      const earlier = seenRelationships.get(key);
      if (earlier) {
        problems.push({ file, path: located.path, reason: `duplicate relationship ${relationship.from} -[${relationship.type}]-> ${relationship.to}, first stated in ${earlier.file} at ${earlier.path}` });
        return;
      }
      if (relationship.validFrom && relationship.validTo && relationship.validFrom > relationship.validTo) {
        problems.push({ file, path: `${located.path}/validTo`, reason: `validTo ${relationship.validTo} is before validFrom ${relationship.validFrom}` });
      }
      seenRelationships.set(key, located);
      relationships.push(located);
    });
  }
  const owners = new Map<string, string>();
  for (const [dataset, { partnership }] of partnerships) if (partnership !== undefined) owners.set(dataset, partnership);
  return { run: { entities, relationships, datasets, partnerships: owners }, problems };
}

function withArticle(type: string): string {
  return `${/^[AEIOU]/.test(type) ? 'an' : 'a'} ${type}`;
}

export interface ExistingEntity {
  readonly type: EntityType;
  /** The dataset that declared it; null for an entity made through the API. */
  readonly dataset: string | null;
  readonly partnership?: string | null;
}

/**
 * References and ownership, once the ids already in the graph are known: every endpoint must
 * resolve (in this run or the graph), join types the model allows, and no dataset may
 * redeclare another's entity.
 */
export function referenceProblems(
  run: CheckedRun,
  existing: ReadonlyMap<string, ExistingEntity>,
  elsewhere = 'in the graph',
  /** Ids declared by entities that have problems of their own: they resolve, without a type check, so one mistake is reported once. */
  alsoDeclared: ReadonlySet<string> = new Set(),
): SeedProblem[] {
  const problems: SeedProblem[] = [];
  const typeOf = new Map<string, EntityType>();
  for (const { value } of run.entities) typeOf.set(value.id, value.type);
  for (const { file, path, dataset, value } of run.entities) {
    const found = existing.get(value.id);
    const owner = found?.dataset;
    // An API-made entity has no dataset: taking it over would re-own it and overwrite its edits.
    if (found && owner === null) {
      const partnership = found.partnership ? ` for partnership "${found.partnership}"` : '';
      problems.push({
        file,
        path: `${path}/id`,
        reason: `"${value.id}" was made through the API${partnership}, not by an import; an import may not take it over: choose another id, or refer to it instead of declaring it`,
      });
    } else if (owner && owner !== dataset) {
      problems.push({ file, path: `${path}/id`, reason: `"${value.id}" belongs to dataset "${owner}"; refer to it instead of declaring it again` });
    }
  }
  for (const { file, path, value } of run.relationships) {
    const from = typeOf.get(value.from) ?? existing.get(value.from)?.type;
    const to = typeOf.get(value.to) ?? existing.get(value.to)?.type;
    if (alsoDeclared.has(value.from) || alsoDeclared.has(value.to)) {
      if (!from && !alsoDeclared.has(value.from)) problems.push({ file, path: `${path}/from`, reason: `no entity "${value.from}" in these files or ${elsewhere}` });
      if (!to && !alsoDeclared.has(value.to)) problems.push({ file, path: `${path}/to`, reason: `no entity "${value.to}" in these files or ${elsewhere}` });
      continue;
    }
    if (!from) problems.push({ file, path: `${path}/from`, reason: `no entity "${value.from}" in these files or ${elsewhere}` });
    if (!to) problems.push({ file, path: `${path}/to`, reason: `no entity "${value.to}" in these files or ${elsewhere}` });
    if (from && to && !relationshipAllowed(value.type, from, to)) {
      problems.push({ file, path: `${path}/type`, reason: `${value.type} cannot join ${withArticle(from)} to ${withArticle(to)} (see seed/FORMAT.md)` });
    }
  }
  return problems;
}

/** Property names whose values are ISO dates, per entity type (for conversion to Neo4j dates). */
export function dateProperties(type: EntityType): string[] {
  return Object.entries(propertiesOf(type)).filter(([, spec]) => spec.type === 'date').map(([name]) => name);
}
