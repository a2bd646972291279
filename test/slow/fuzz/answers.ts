/**
 * Judges one answer of the API to one bad input: what is true of every answer (no 5xx, JSON,
 * coded errors, nothing internal in a message), then what this case must get.
 */
import type { Expectation, HttpCase } from './cases.js';
import type { HttpAnswer } from './http.js';

export interface GraphQLErrorBody {
  readonly message?: unknown;
  readonly path?: unknown;
  readonly extensions?: { readonly code?: unknown; readonly stacktrace?: unknown };
}

export interface Judged {
  /** The codes of the errors, or ['OK'] for an answer with data and no errors. */
  readonly codes: readonly string[];
  /** What is wrong with the answer; empty when it is right. */
  readonly problems: readonly string[];
}

/** A stack frame, a source file of ours or a dependency's, or a JavaScript engine error name. */
const STACK = /\n\s+at |\bat [\w.$<>]+ \(|node_modules|\/work\/|\/src\/|\.[cm]?[jt]s:\d+|\b(?:TypeError|RangeError|ReferenceError|SyntaxError|AggregateError):/;
/** Java and Neo4j internals. */
const JAVA = /\b(?:org\.neo4j|java\.[a-z]+\.|javax\.|scala\.)|\bNeo\.(?:ClientError|TransientError|DatabaseError)|\b[A-Z]\w+Exception\b|Neo4jError/;
/** Cypher text: clauses, procedures, Neo4j's own syntax-error phrasing. */
const CYPHER =
  /\b(?:OPTIONAL MATCH|MATCH \(|MERGE \(|DETACH DELETE|UNWIND \$|RETURN [a-z]|CALL \{|WITH [a-z]\w* AS)\b|\b(?:SKIP|LIMIT): |\bCALL (?:db|apoc)\.|\bapoc\.[a-z]|db\.index\.fulltext|Invalid input '|\$[a-z]\w*\b.*\bparameter/;
/** Words that mean an internal failure reached the client as its message. */
const UNCLEAR = /Maximum call stack|\bNaN\b|\[object Object\]|\bundefined\b|is not a function|Cannot read propert|Unexpected error|Internal server error/i;
/** Raw C0 controls other than tab and newline: a message is also a log line. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;
/** Longest message an operation of ours may answer with (errors with a `path` come from resolvers). */
const RESOLVER_MESSAGE_MAX = 600;

function excerpt(text: string, max = 300): string {
  const shown = JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
  return text.length > max ? `${shown} (${text.length} chars)` : shown;
}

/** The message with the client's own text (raw, JSON-quoted or GraphQL-printed) taken out. */
function withoutEchoes(message: string, echoes: readonly string[]): string {
  let rest = message;
  for (const echo of echoes) {
    if (echo.length === 0) continue;
    for (const form of [echo, JSON.stringify(echo).slice(1, -1), echo.trim()]) {
      if (form.length > 0) rest = rest.split(form).join(' ');
    }
  }
  return rest;
}

function checkMessage(error: GraphQLErrorBody, echoes: readonly string[], expect: Expectation): string[] {
  const problems: string[] = [];
  const message = error.message;
  if (typeof message !== 'string' || message.trim() === '') return ['an error without a message'];
  const own = withoutEchoes(message, echoes);
  if (STACK.test(own)) problems.push(`a stack trace or source path in the message ${excerpt(message)}`);
  if (JAVA.test(own)) problems.push(`Java or Neo4j internals in the message ${excerpt(message)}`);
  if (CYPHER.test(own)) problems.push(`Cypher in the message ${excerpt(message)}`);
  if (UNCLEAR.test(own)) problems.push(`an unclear message ${excerpt(message)}`);
  if (RAW_CONTROL.test(message)) problems.push(`raw control characters in the message ${excerpt(message)}`);
  if (error.path !== undefined) {
    if (message.length > RESOLVER_MESSAGE_MAX) problems.push(`a ${message.length}-character message from an operation`);
    if (/\p{Cf}/u.test(message)) problems.push(`invisible format characters (bidi marks and the like) in the message ${excerpt(message)}`);
  }
  if (expect.message && !expect.message.test(message)) problems.push(`message ${excerpt(message)} does not match ${String(expect.message)}`);
  if (error.extensions?.stacktrace !== undefined) problems.push('a stacktrace in the extensions');
  return problems;
}

export function judge(testCase: HttpCase, answer: HttpAnswer): Judged {
  const problems: string[] = [];
  const { expect } = testCase;
  if (answer.status >= 500) problems.push(`HTTP ${answer.status}`);
  if (!/^application\/(?:graphql-response\+)?json\b/.test(answer.contentType)) problems.push(`content-type "${answer.contentType}", not JSON`);
  let body: { data?: unknown; errors?: unknown };
  try {
    body = JSON.parse(answer.text) as { data?: unknown; errors?: unknown };
  } catch {
    return { codes: ['NOT_JSON'], problems: [...problems, `a body that is not JSON: ${excerpt(answer.text)}`] };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { codes: ['NOT_JSON'], problems: [...problems, `a JSON body that is not an object: ${excerpt(answer.text)}`] };

  if (body.errors === undefined) {
    if (!expect.ok) problems.push(`an answer without errors (expected ${expect.codes.join(' or ')}): ${excerpt(answer.text)}`);
    if (answer.status !== 200) problems.push(`HTTP ${answer.status} for an answer without errors`);
    if (typeof body.data !== 'object' || body.data === null) problems.push(`no data: ${excerpt(answer.text)}`);
    return { codes: ['OK'], problems };
  }
  if (!Array.isArray(body.errors) || body.errors.length === 0)
    return { codes: ['MALFORMED'], problems: [...problems, `errors is not a non-empty list: ${excerpt(answer.text)}`] };
  const errors = body.errors as GraphQLErrorBody[];
  const codes = errors.map((error) => (typeof error.extensions?.code === 'string' ? error.extensions.code : 'NO_CODE'));
  for (const [i, error] of errors.entries()) {
    const code = codes[i] ?? 'NO_CODE';
    if (!expect.codes.includes(code)) problems.push(`code ${code} (expected ${expect.codes.join(' or ') || 'no error'}): ${excerpt(String(error.message))}`);
    problems.push(...checkMessage(error, testCase.echoes, expect));
  }
  if (!expect.status.includes(answer.status)) problems.push(`HTTP ${answer.status} (expected ${expect.status.join(' or ')})`);
  return { codes, problems };
}
