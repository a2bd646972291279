/**
 * The shape limits: what a document may hold, checked on the parsed document before GraphQL
 * validation, which is where the time goes (validation compares every pair of fields sharing a
 * response name, so 11,900 repeats of one field took 20 s of a blocked event loop to refuse).
 */
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { RequestHandler } from 'express';
import { Kind, parse, validate, visit, type DocumentNode, type GraphQLError, type GraphQLSchema, type SelectionNode, type SelectionSetNode } from 'graphql';
import { ErrorCode, errorAnswer } from '../../errors.js';
import { fragmentsOf } from './fragments.js';

export interface DocumentLimits {
  /** Aliases in one operation, its fragments expanded. */
  readonly aliases: number;
  /** Distinct root fields one operation runs: each is its own database query. */
  readonly rootFields: number;
  /** Directives in one operation, its fragments expanded. */
  readonly directives: number;
  /** Times one response name, fragment spread or inline fragment may appear in one selection set. */
  readonly repeats: number;
}

/**
 * Far above what the explorer and the documented queries use (a handful of aliases, no repeats),
 * far below what makes validation or the database pool suffer.
 */
export const DOCUMENT_LIMITS: DocumentLimits = { aliases: 100, rootFields: 100, directives: 50, repeats: 5 };

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

/** A selection's key in its selection set: the response name, or the fragment it spreads. */
function selectionKey(selection: SelectionNode): string {
  if (selection.kind === Kind.FIELD) return selection.alias?.value ?? selection.name.value;
  if (selection.kind === Kind.FRAGMENT_SPREAD) return `...${selection.name.value}`;
  return `... on ${selection.typeCondition?.name.value ?? ''}`;
}

/** The most times one key appears in any single selection set of the document, and that key. */
export function mostRepeated(document: DocumentNode): { key: string; count: number } {
  let most = { key: '', count: 0 };
  visit(document, {
    SelectionSet(node: SelectionSetNode) {
      const counts = new Map<string, number>();
      for (const selection of node.selections) {
        const key = selectionKey(selection);
        const count = (counts.get(key) ?? 0) + 1;
        counts.set(key, count);
        if (count > most.count) most = { key, count };
      }
    },
  });
  return most;
}

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

/**
 * The refusal for a document over one of the shape limits, or undefined. Aliases and directives
 * are counted by graphql-armor's rules, run alone: one linear pass, not the full validation.
 */
export function documentRule(schema: GraphQLSchema, document: DocumentNode, limits: DocumentLimits = DOCUMENT_LIMITS): DocumentRefusal | undefined {
  const repeated = mostRepeated(document);
  if (repeated.count > limits.repeats) {
    return {
      message: `The query asks for ${repeated.key} ${repeated.count} times in one selection; at most ${limits.repeats} are allowed. Ask for each field once.`,
      extensions: { rule: 'repeats', found: repeated.count, limit: limits.repeats, selection: repeated.key },
    };
  }
  const roots = rootFieldCount(document);
  if (roots > limits.rootFields) return refusal('rootFields', roots, limits.rootFields, 'root fields');
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

/**
 * Applies the rule before Apollo sees the request, since an Apollo plugin cannot refuse between
 * parsing and validation (a hook that throws there becomes a 500). A document that does not
 * parse is left for Apollo to refuse with its own message.
 */
export function documentGuard(schema: GraphQLSchema, limits: DocumentLimits = DOCUMENT_LIMITS): RequestHandler {
  return (request, response, next) => {
    const body: unknown = request.body;
    const query = typeof body === 'object' && body !== null && 'query' in body ? body.query : request.query.query;
    if (typeof query !== 'string') return next();
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: MAX_TOKENS });
    } catch {
      return next();
    }
    const refused = documentRule(schema, document, limits);
    if (!refused) return next();
    const answer = errorAnswer(ErrorCode.QUERY_TOO_COMPLEX, refused.message, refused.extensions);
    response.status(answer.status).json(answer.body);
  };
}
