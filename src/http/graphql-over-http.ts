/**
 * Status codes as the GraphQL-over-HTTP specification asks of each response media type. A client
 * that accepts `application/graphql-response+json` (Apollo Client, GraphiQL, graphql-http) reads
 * the status: a document that fails to parse or validate, or variables that do not fit it, is 400.
 * One that asks for plain `application/json` (or sends no Accept, or `*\/*`: curl, a browser's
 * fetch) is a legacy client, to whom the specification says every well-formed request answers
 * 200, the errors in the body. Apollo answers 400 to both; this plugin gives the legacy client its 200.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { Request, Response } from 'express';
import type { GraphQLError } from 'graphql';
import { ErrorCode } from '../errors.js';

const APPLICATION_JSON = 'application/json';
const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';

/**
 * Whether the answer to `request` is `application/json`: Apollo's own choice, made by the same
 * negotiation (it prefers application/json on a tie and without an Accept header).
 */
export function answersAsJson(request: Request): boolean {
  return request.accepts([APPLICATION_JSON, GRAPHQL_RESPONSE_JSON]) === APPLICATION_JSON;
}

/**
 * Sends a parse failure found before Apollo (the bracket-nesting guard) as Apollo sends its own:
 * 200 as application/json, else the table's status as application/graphql-response+json.
 */
export function sendParseFailure(request: Request, response: Response, answer: { status: number; body: unknown }): void {
  if (answersAsJson(request)) response.status(200).json(answer.body);
  else response.status(answer.status).type(GRAPHQL_RESPONSE_JSON).json(answer.body);
}

/**
 * Marks a context whose answer is `application/json`; the plugin sees no Express request. A
 * property, not a WeakSet, because Apollo hands the plugins a copy of the context (own enumerable
 * properties, symbols included).
 */
const LEGACY_JSON = Symbol('answers application/json');

/** Notes, from the request's context factory, how its answer will be written. */
export function rememberMediaType(context: object, request: Request): void {
  if (answersAsJson(request)) Object.defineProperty(context, LEGACY_JSON, { value: true, enumerable: true });
}

/**
 * An error GraphQL itself raises before executing anything (a request error in its terms): a
 * document that does not parse or validate, or variables that cannot be coerced (Apollo gives
 * these BAD_USER_INPUT and no HTTP status of their own). Our own refusals, which carry their status
 * (`requestError` in src/errors.ts: limits, page arguments, cursors), keep it for both media types.
 */
function isGraphQLRequestError(error: GraphQLError): boolean {
  const code = error.extensions.code;
  if (code === ErrorCode.GRAPHQL_PARSE_FAILED || code === ErrorCode.GRAPHQL_VALIDATION_FAILED) return true;
  return code === ErrorCode.BAD_USER_INPUT && error.extensions.http === undefined;
}

/** Answers an application/json request that failed to parse, validate or coerce its variables with 200. */
export function graphqlOverHttpPlugin(): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response, errors }) {
          if (!(LEGACY_JSON in contextValue)) return;
          // Data, even null, means execution started: its status is already 200 or our own.
          if (response.body.kind !== 'single' || response.body.singleResult.data !== undefined) return;
          if (errors === undefined || errors.length === 0 || !errors.every(isGraphQLRequestError)) return;
          response.http.status = 200;
        },
      };
    },
  };
}
