/**
 * The shape limits: what a document may hold, checked on the parsed document before GraphQL
 * validation, which is where the time goes (validation compares every pair of fields sharing a
 * response name, so 11,900 repeats of one field took 20 s of a blocked event loop to refuse).
 */
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { RequestHandler } from 'express';
import { LRUCache } from 'lru-cache';
import {
  getOperationAST,
  Kind,
  NoFragmentCyclesRule,
  parse,
  validate,
  type DocumentNode,
  type GraphQLError,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { ErrorCode, errorAnswer } from '../../errors.js';
import { costRule, type CostLimits } from './cost.js';
import { depthRule } from './depth.js';
import { fragmentsOf } from './fragments.js';

export interface DocumentLimits {
  /** Aliases in one operation, its fragments expanded. */
  readonly aliases: number;
  /** Distinct root fields one operation runs: each is its own database query. */
  readonly rootFields: number;
  /** Directives in one operation, its fragments expanded. */
  readonly directives: number;
  /** Fields landing on one place in the answer (the same response path), fragments expanded. */
  readonly repeats: number;
  /** Fields in the document, fragments expanded. */
  readonly fields: number;
}

/**
 * Far above what the explorer and the documented queries use (a handful of aliases, a field at one
 * place once or twice through fragments),
 * far below what makes validation or the database pool suffer.
 */
export const DOCUMENT_LIMITS: DocumentLimits = { aliases: 100, rootFields: 100, directives: 50, repeats: 10, fields: 10_000 };

/** Also the parser's token budget (Apollo's parseOptions), so both parse the same documents. */
export const MAX_TOKENS = 12_000;

type Rule = keyof DocumentLimits;

/** Why a document is refused: QUERY_TOO_COMPLEX, with the rule, what was found and the limit. */
export interface DocumentRefusal {
  readonly message: string;
  readonly extensions: { readonly rule: Rule; readonly found: number | null; readonly limit: number; readonly selection?: string };
}

function refusal(rule: Rule, found: number | undefined, limit: number, what: string): DocumentRefusal {
  return {
    message: `The query has ${found ?? 'more than ' + limit} ${what}; at most ${limit} are allowed.`,
    extensions: { rule, found: found ?? null, limit },
  };
}

/**
 * How many field nodes land on each place in the answer (`activities.id`), fragments expanded,
 * and the most crowded place. Validation compares every pair of fields at one place, and the
 * pairs of their children, so `{ a { a { id } } a { a { id } } … }` grows as the square of the
 * repeats at every level: counting per place, not per selection set, catches that too. Expanding
 * of fragments stops once `maxFields` nodes have been counted, which nested spreads can otherwise
 * multiply past any budget.
 */
export function crowdedPlaces(document: DocumentNode, maxFields: number): { place: string; count: number; fields: number } {
  const fragments = fragmentsOf(document);
  // A tree of places rather than path strings as keys: a path thousands of fields deep, spelt out
  // at every field, cost time as the square of the depth (0.15 s for 3,600 deep).
  const root: Place = { name: '', parent: undefined, count: 0, children: new Map() };
  let most = root;
  let fields = 0;
  const walk = (selectionSet: SelectionSetNode, place: Place, inFragments: readonly string[]) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        fields += 1;
        const name = selection.alias?.value ?? selection.name.value;
        let at = place.children.get(name);
        if (!at) {
          at = { name, parent: place, count: 0, children: new Map() };
          place.children.set(name, at);
        }
        at.count += 1;
        if (at.count > most.count) most = at;
        if (selection.selectionSet) walk(selection.selectionSet, at, inFragments);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet, place, inFragments);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        // A cycle is validation's to refuse; a chain as deep as the bracket limit is one too. Only
        // fragments multiply the work: the document's own fields are bounded by the token limit.
        if (fragment && fields <= maxFields && !inFragments.includes(name) && inFragments.length < MAX_FRAGMENT_CHAIN)
          walk(fragment.selectionSet, place, [...inFragments, name]);
      }
    }
  };
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) walk(definition.selectionSet, root, []);
  }
  const path: string[] = [];
  for (let place: Place | undefined = most; place && place !== root; place = place.parent) path.unshift(place.name);
  return { place: path.join('.'), count: most.count, fields };
}

/** One place in the answer: a response name under its parent place, and the fields landing there. */
interface Place {
  readonly name: string;
  readonly parent: Place | undefined;
  count: number;
  readonly children: Map<string, Place>;
}

/** Fragments spreading fragments deeper than this are not expanded further (validation refuses the cycles). */
const MAX_FRAGMENT_CHAIN = 128;

/** The distinct response names at the root of each operation, through its fragments; the largest. */
export function rootFieldCount(document: DocumentNode): number {
  const fragments = fragmentsOf(document);
  let largest = 0;
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const names = new Set<string>();
    const seen = new Set<string>();
    const collect = (selectionSet: SelectionSetNode) => {
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) names.add(selection.alias?.value ?? selection.name.value);
        else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet);
        else if (!seen.has(selection.name.value)) {
          // Spreading a fragment twice adds no new root field; cycles are refused by validation later.
          seen.add(selection.name.value);
          const fragment = fragments.get(selection.name.value);
          if (fragment) collect(fragment.selectionSet);
        }
      }
    };
    collect(definition.selectionSet);
    largest = Math.max(largest, names.size);
  }
  return largest;
}

/** Whether any alias or directive is written in the document, fragments not expanded. */
function writesAliasesOrDirectives(document: DocumentNode): boolean {
  const inSelections = (selectionSet: SelectionSetNode): boolean =>
    selectionSet.selections.some(
      (selection) =>
        (selection.directives?.length ?? 0) > 0 ||
        (selection.kind === Kind.FIELD && selection.alias !== undefined) ||
        (selection.kind !== Kind.FRAGMENT_SPREAD && selection.selectionSet !== undefined && inSelections(selection.selectionSet)),
    );
  return document.definitions.some(
    (definition) =>
      (definition.kind === Kind.OPERATION_DEFINITION || definition.kind === Kind.FRAGMENT_DEFINITION) &&
      ((definition.directives?.length ?? 0) > 0 || inSelections(definition.selectionSet)),
  );
}

/**
 * The refusal for a document over one of the shape limits, or undefined. Aliases and directives
 * are counted by graphql-armor's rules, run alone: one linear pass, not the full validation.
 */
export function documentRule(schema: GraphQLSchema, document: DocumentNode, limits: DocumentLimits = DOCUMENT_LIMITS): DocumentRefusal | undefined {
  const crowded = crowdedPlaces(document, limits.fields);
  if (crowded.count > limits.repeats) {
    return {
      message: `The query asks for ${crowded.place} ${crowded.count} times; at most ${limits.repeats} are allowed. Ask for each field once.`,
      extensions: { rule: 'repeats', found: crowded.count, limit: limits.repeats, selection: crowded.place },
    };
  }
  if (crowded.fields > limits.fields) return refusal('fields', undefined, limits.fields, 'fields once its fragments are expanded');
  const roots = rootFieldCount(document);
  if (roots > limits.rootFields) return refusal('rootFields', roots, limits.rootFields, 'root fields');
  // Without a single alias or directive written anywhere, neither rule can find one; they walk the
  // document with full type information, the slowest of these checks (40 ms for 3,600 fields).
  if (!writesAliasesOrDirectives(document)) return undefined;
  let refused: DocumentRefusal | undefined;
  const found = (error: GraphQLError) => Number(/found (\d+)/.exec(error.message)?.[1]) || undefined;
  validate(schema, document, [
    maxAliasesRule({
      n: limits.aliases,
      propagateOnRejection: false,
      onReject: [(_context, error) => void (refused ??= refusal('aliases', found(error), limits.aliases, 'aliases'))],
    }),
    maxDirectivesRule({
      n: limits.directives,
      propagateOnRejection: false,
      onReject: [(_context, error) => void (refused ??= refusal('directives', found(error), limits.directives, 'directives'))],
    }),
  ]);
  return refused;
}

/** The limits checked on the operation that will run, once the document's shape has passed. */
export interface OperationLimits {
  readonly maxDepth: number;
  readonly cost: CostLimits;
}

/**
 * The operation's depth, then its cost, before validation: a chain of fragments thousands of
 * fields deep took 0.2 to 0.6 s to validate before the depth rule refused it. A document whose
 * fragments form a cycle is left to validation, which refuses it; so are bad variables, which
 * leave the cost unknown. The cost plugin prices the operation again after validation, for
 * `extensions.cost` and the client's budget.
 */
export function operationRule(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Readonly<Record<string, unknown>>,
  limits: OperationLimits,
): GraphQLError | undefined {
  // No single operation to run (several without a name, or a wrong name): Apollo refuses it.
  const operation = getOperationAST(document, operationName);
  if (!operation) return undefined;
  const tooDeep = depthRule(operation, document, limits.maxDepth);
  if (tooDeep) return tooDeep;
  if (validate(schema, document, [NoFragmentCyclesRule]).length > 0) return undefined;
  const verdict = costRule(schema, operation, document, variables, limits.cost);
  return 'refusal' in verdict ? verdict.refusal : undefined;
}

const objectOrEmpty = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/**
 * Applies the rules before Apollo sees the request, since an Apollo plugin cannot refuse between
 * parsing and validation (a hook that throws there becomes a 500). A document that does not
 * parse is left for Apollo to refuse with its own message.
 */
/**
 * Requests the guard has passed, by document, operation name and variables: every rule here is a
 * function of those three, so a repeat (a client polling, the explorer's permalinks) is not parsed
 * and checked again. Only passes are kept, so a refusal is always worked out afresh. Bounded by the
 * characters held; a request larger than a twentieth of that is checked every time.
 */
const PASSED_MAX_CHARS = 4 * 1024 * 1024;

export function documentGuard(schema: GraphQLSchema, operationLimits: OperationLimits, limits: DocumentLimits = DOCUMENT_LIMITS): RequestHandler {
  const passed = new LRUCache<string, true>({ maxSize: PASSED_MAX_CHARS, sizeCalculation: (_value, key) => Math.max(1, key.length) });
  return (request, response, next) => {
    const body = objectOrEmpty(request.body);
    const fromBody = 'query' in body;
    const query = fromBody ? body.query : request.query.query;
    if (typeof query !== 'string') return next();
    const operationName = fromBody ? body.operationName : request.query.operationName;
    const asked = fromBody ? body.variables : request.query.variables;
    const seen = JSON.stringify([query, operationName ?? null, asked ?? null]);
    if (passed.has(seen)) return next();
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: MAX_TOKENS });
    } catch {
      return next();
    }
    const refused = documentRule(schema, document, limits);
    if (refused) {
      const answer = errorAnswer(ErrorCode.QUERY_TOO_COMPLEX, refused.message, refused.extensions);
      response.status(answer.status).json(answer.body);
      return;
    }
    let variables: unknown = asked;
    if (typeof variables === 'string') {
      try {
        variables = JSON.parse(variables);
      } catch {
        return next();
      }
    }
    const error = operationRule(schema, document, typeof operationName === 'string' ? operationName : undefined, objectOrEmpty(variables), operationLimits);
    if (!error) {
      if (seen.length <= PASSED_MAX_CHARS / 20) passed.set(seen, true);
      return next();
    }
    // The rules speak GraphQLError for Apollo; here the status comes from the code, and `http` stays in.
    const extensions = Object.fromEntries(Object.entries(error.extensions).filter(([key]) => key !== 'http' && key !== 'code'));
    const answer = errorAnswer(error.extensions.code as ErrorCode, error.message, extensions);
    response.status(answer.status).json(answer.body);
  };
}
