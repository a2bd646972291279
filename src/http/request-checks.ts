import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  getNamedType,
  Kind,
  TypeInfo,
  valueFromAST,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { RequestHandler } from 'express';
import { ErrorCode, errorAnswer, requestError } from '../errors.js';
import { isForeignCursor, isGeneratedConnection } from '../schema/neo4j-graphql/cursors.js';
import { sendParseFailure } from './graphql-over-http.js';

/** Paging arguments Neo4j refuses below zero, where it would answer with its own wording. */
const PAGING_ARGUMENTS = new Set(['limit', 'offset', 'first']);

const refuse = (message: string, code: ErrorCode) => requestError(code, message);

/**
 * The response keys of a selection set's fields, through its fragments: each key is one field
 * executed (graphql-js merges selections of the same key into one). `__typename` runs nothing.
 */
export function rootFieldKeys(selectionSet: SelectionSetNode, document: DocumentNode, keys = new Set<string>(), spread = new Set<string>()): Set<string> {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value !== '__typename') keys.add(selection.alias?.value ?? selection.name.value);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      rootFieldKeys(selection.selectionSet, document, keys, spread);
    } else if (!spread.has(selection.name.value)) {
      spread.add(selection.name.value);
      const fragment = document.definitions.find(
        (d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === selection.name.value,
      );
      if (fragment) rootFieldKeys(fragment.selectionSet, document, keys, spread);
    }
  }
  return keys;
}

/**
 * Refuses, before anything runs, requests the layers below would fail on with an unhelpful
 * answer: subscriptions (this API has none) and negative page sizes, offsets or cursors, which
 * reach Neo4j as `LIMIT -1` and come back as an internal error, and a generated connection's
 * `after` that the library never gave out, which it would ignore and answer the first page.
 * Also a mutation with more than one root field: each generated mutation is its own transaction (with its own audit record), so
 * a second field refused or failing would leave the first committed; one field per request keeps
 * "a refused change writes nothing" true of the whole request.
 */
export function requestChecksPlugin(): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request, schema }) {
          if (operation?.operation === 'subscription') {
            throw refuse('This API has no subscriptions; ask with a query (or poll auditEvents for changes).', ErrorCode.BAD_REQUEST);
          }
          if (operation?.operation === 'mutation') {
            const fields = [...rootFieldKeys(operation.selectionSet, document)];
            if (fields.length > 1) {
              throw refuse(
                `A request may change the graph with one mutation field; this one has ${fields.length} (${fields.join(', ')}). Each is its own transaction, so send them as separate requests.`,
                ErrorCode.BAD_REQUEST,
              );
            }
          }
          const typeInfo = new TypeInfo(schema);
          visit(
            document,
            visitWithTypeInfo(typeInfo, {
              Argument(node) {
                const argument = typeInfo.getArgument();
                if (!argument) return;
                const value: unknown = valueFromAST(node.value, argument.type, request.variables ?? {});
                if (PAGING_ARGUMENTS.has(argument.name) && getNamedType(argument.type).name === 'Int' && typeof value === 'number' && value < 0) {
                  throw refuse(`${argument.name} must be 0 or more, not ${value}.`, ErrorCode.BAD_USER_INPUT);
                }
                const field = typeInfo.getFieldDef();
                if (argument.name === 'after' && typeof value === 'string' && field && isGeneratedConnection(field) && isForeignCursor(value)) {
                  throw refuse('after is not a cursor this API gave out; use an endCursor from a previous page.', ErrorCode.BAD_USER_INPUT);
                }
              },
            }),
          );
        },
      };
    },
  };
}

/** Deepest bracket nesting a document may have: far beyond any real query, far below the stack. */
export const MAX_DOCUMENT_NESTING = 128;

/** The deepest nesting of {, [ and ( in a GraphQL document, ignoring strings and comments. */
export function documentNesting(source: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < source.length; i += 1) {
    const char = source[i];
    if (char === '#') {
      while (i < source.length && source[i] !== '\n') i += 1;
    } else if (char === '"') {
      if (source.startsWith('"""', i)) {
        const end = source.indexOf('"""', i + 3);
        i = end === -1 ? source.length : end + 2;
      } else {
        for (i += 1; i < source.length && source[i] !== '"' && source[i] !== '\n'; i += 1) if (source[i] === '\\') i += 1;
      }
    } else if (char === '{' || char === '[' || char === '(') {
      depth += 1;
      if (depth > deepest) deepest = depth;
    } else if (char === '}' || char === ']' || char === ')') {
      depth -= 1;
    }
  }
  return deepest;
}

/**
 * graphql-js parses recursively, so a small body nested a few thousand deep exhausts the stack
 * and comes back as "Maximum call stack size exceeded". A linear scan before Apollo sees the
 * document refuses it with the numbers instead.
 */
export function nestingGuard(): RequestHandler {
  return (request, response, next) => {
    const body: unknown = request.body;
    const query = typeof body === 'object' && body !== null && 'query' in body ? body.query : request.query.query;
    if (typeof query === 'string') {
      const nesting = documentNesting(query);
      if (nesting > MAX_DOCUMENT_NESTING) {
        const answer = errorAnswer(
          ErrorCode.GRAPHQL_PARSE_FAILED,
          `The document nests brackets ${nesting} deep; at most ${MAX_DOCUMENT_NESTING} are allowed.`,
          { nesting, limit: MAX_DOCUMENT_NESTING },
        );
        sendParseFailure(request, response, answer);
        return;
      }
    }
    next();
  };
}
