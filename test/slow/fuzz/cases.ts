/**
 * The bad inputs thrown at the running API, generated from tables and a seeded generator, each
 * with the answer it must get. Nothing here talks to the server: see answers.ts and fuzz.test.ts.
 */
import { createHmac } from 'node:crypto';
import zlib from 'node:zlib';
import { parse } from 'graphql';
import type { HttpRequest } from './http.js';
import { Rng } from './random.js';
import { ABSURD_STRINGS, codePoints, hasLoneSurrogate, HUGE, randomStrings } from './strings.js';

export type Category = 'parse' | 'validation' | 'variables' | 'not-found' | 'strings' | 'http' | 'nesting' | 'oversize' | 'auth';

export const CATEGORIES: readonly Category[] = ['parse', 'validation', 'variables', 'not-found', 'strings', 'http', 'nesting', 'oversize', 'auth'];

/**
 * Wrong answers already known, from code this suite's author does not own. Their cases still run,
 * in a test that is expected to fail until the owner fixes them (then it fails the other way).
 */
// Empty: the five found by this suite's first run (lenient dates, negative paging, subscriptions,
// undecodable compressed bodies, parser stack exhaustion) were fixed where they lived.
export const KNOWN_ISSUES: Readonly<Record<string, { readonly owner: string; readonly what: string }>> = {};

export type KnownIssue = string;

export interface Expectation {
  /** The HTTP statuses that are right. */
  readonly status: readonly number[];
  /** The error codes that are right; every error must carry one of them. */
  readonly codes: readonly string[];
  /** An answer with data and no errors (HTTP 200) is right too. */
  readonly ok?: boolean;
  /** Every error message must match this. */
  readonly message?: RegExp;
}

export interface HttpCase {
  readonly category: Category;
  readonly name: string;
  readonly request: HttpRequest;
  readonly expect: Expectation;
  /** Client text the answer may quote back: left out of the checks for leaked internals. */
  readonly echoes: readonly string[];
  readonly known?: KnownIssue;
}

const JSON_HEADERS = { 'content-type': 'application/json' } as const;

// The cases send no Accept, so the answer is application/json: GraphQL's own request errors
// answer 200 there (src/http/graphql-over-http.ts), our limits keep their 400.
const PARSE: Expectation = { status: [200], codes: ['GRAPHQL_PARSE_FAILED'] };
const VALIDATION: Expectation = { status: [200], codes: ['GRAPHQL_VALIDATION_FAILED'] };
const VARIABLE: Expectation = { status: [200], codes: ['BAD_USER_INPUT'] };
const BAD_REQUEST = (status = 400): Expectation => ({ status: [status], codes: ['BAD_REQUEST'] });
const ANSWER: Expectation = { status: [200], codes: [], ok: true };
const NOT_FOUND: Expectation = { status: [200], codes: ['NOT_FOUND'], message: /^No (activity|entity|agreement) has the id "/ };
const BLANK_ID: Expectation = { status: [200], codes: ['BAD_USER_INPUT'], message: /must be a non-empty id/ };

function post(query: string, variables?: Record<string, unknown> | null, extra: Record<string, unknown> = {}): HttpRequest {
  return { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ query, ...(variables === undefined ? {} : { variables }), ...extra }) };
}

function parses(document: string): boolean {
  try {
    parse(document);
    return true;
  } catch {
    return false;
  }
}

/** A GraphQL string literal for any text without lone surrogates (JSON's escapes are GraphQL's). */
function literal(text: string): string {
  return JSON.stringify(text);
}

const ACTIVITY = 'lancashire-csa-2014-2016/activity/11';
const AGREEMENT = 'lancashire-csa-2014-2016';

/** Valid documents, cut and mutated into broken ones. */
const VALID = [
  '{ search(text: "domestic abuse") { id type name score } }',
  `{ trace(activityId: "${ACTIVITY}", asOf: "2014-06-01") { message paths { steps { relationship } } } }`,
  'query Impact($id: ID!) { impact(id: $id) { message activities { id } } }',
  `{ coverage(agreementId: "${AGREEMENT}") { message gaps { id name } } }`,
  '{ activities(where: { name: { contains: "abuse" } }, limit: 5) { id name contributesTo { number } } }',
  'query { path(fromId: "lancashire-csa-2014-2016/activity/7", toId: "ukpga/1998/37") { relationship evidence { basis } } }',
  '{ agreements(limit: 1) { id requiredByConnection { edges { node { id } properties { basis } } } } }',
  `{ alignment(agreementId: "${AGREEMENT}") { rows { activity { ...Ref } } } } fragment Ref on EntityRef { id name }`,
];

function parseCases(rng: Rng): HttpCase[] {
  const cases: HttpCase[] = [];
  const add = (name: string, query: string) => {
    if (parses(query)) throw new Error(`parse case "${name}" parses: ${query}`);
    cases.push({ category: 'parse', name, request: post(query), expect: PARSE, echoes: [query] });
  };
  // Cut short: every prefix that does not happen to be a complete document.
  VALID.forEach((valid, v) => {
    let made = 0;
    for (let tries = 0; made < 3 && tries < 50; tries++) {
      const cut = valid.slice(0, rng.int(1, valid.length - 1));
      if (parses(cut) || cut.trim() === '') continue;
      add(`valid document #${v} cut at ${cut.length}`, cut);
      made++;
    }
  });
  // One random edit: delete, insert or double a character; keep the edits that break the syntax.
  const inserts = ['{', '}', '(', ')', '"', '$', '@', ':', '!', '[', ']', '...', '\u0001', '#', '=', '|', '&', '\\', '\u00e9'];
  VALID.forEach((valid, v) => {
    let made = 0;
    for (let tries = 0; made < 3 && tries < 100; tries++) {
      const at = rng.int(0, valid.length - 1);
      const op = rng.int(0, 2);
      const mutated =
        op === 0
          ? valid.slice(0, at) + valid.slice(at + 1)
          : op === 1
            ? valid.slice(0, at) + rng.pick(inserts) + valid.slice(at)
            : valid.slice(0, at) + valid.slice(at, at + 1).repeat(2) + valid.slice(at + 1);
      if (parses(mutated)) continue;
      add(`valid document #${v} with one ${['character deleted', 'character inserted', 'character doubled'][op]} at ${at}`, mutated);
      made++;
    }
  });
  const fixed: [string, string][] = [
    ['whitespace only', '   \n\t '],
    ['lone opening brace', '{'],
    ['lone closing brace', '}'],
    ['empty selection', '{}'],
    ['extra closing brace', `${VALID[0]}}`],
    ['extra opening brace', `{${VALID[0]}`],
    ['unclosed argument list', '{ search(text: "a" { id } }'],
    ['unterminated string', '{ search(text: "unterminated) { id } }'],
    ['unterminated block string', '{ search(text: """never closed) { id } }'],
    ['bad escape', '{ search(text: "bad \\x escape") { id } }'],
    ['short unicode escape', '{ search(text: "\\u12") { id } }'],
    ['lone surrogate escape', '{ search(text: "\\ud800") { id } }'],
    ['leading zero', '{ search(text: "a", first: 01) { id } }'],
    ['bad float', '{ search(text: "a", first: 1.e) { id } }'],
    ['hex number', '{ search(text: "a", first: 0x1F) { id } }'],
    ['variable without a name', 'query ($: Int) { __typename }'],
    ['variable without a colon', 'query Q($a Int) { __typename }'],
    ['fragment named on', 'fragment on on on { id }'],
    ['spread without a name', '{ ... }'],
    ['dangling directive', '{ __typename @ }'],
    ['bare mutation keyword', 'mutation'],
    ['unfinished subscription', 'subscription {'],
    ['NUL', '\u0000'],
    ['SQL', 'SELECT * FROM activities;'],
    ['Cypher', 'MATCH (n) DETACH DELETE n'],
    ['HTML', '<html><body>query</body></html>'],
    ['JSON in the query string', '{"query": "{ __typename }"}'],
    ['a 60 kB name with a hyphen in it', `{ ${'a'.repeat(60_000)}-b }`],
    ['a number where a name goes', '{ 123 }'],
  ];
  for (const [name, query] of fixed) add(name, query);
  // Junk behind a character no document may start with.
  const junk = [...'abcxyz{}()[]:!$@"\\/.;,<>=|&*%^~`\'', '\u0000', '\u0002', '\u00ff', '😀', '\u202e', '\n'];
  for (let i = 0; i < 16; i++) {
    const query = rng.pick(['}', ')', ']', '$', '@', '!', '=', '|', '&', '%', '\u0003']) + rng.string(rng.int(1, 400), junk);
    if (!parses(query)) add(`junk #${i}`, query);
  }
  return cases;
}

function validationCases(rng: Rng): HttpCase[] {
  const cases: HttpCase[] = [];
  const add = (name: string, query: string, variables?: Record<string, unknown>, known?: KnownIssue, expect: Expectation = VALIDATION) => {
    if (!parses(query)) throw new Error(`validation case "${name}" does not parse: ${query}`);
    cases.push({ category: 'validation', name, request: post(query, variables), expect, echoes: [query], ...(known ? { known } : {}) });
  };
  const roots: [string, string][] = [
    ['search', 'search(text: "abuse")'],
    ['trace', `trace(activityId: "${ACTIVITY}")`],
    ['impact', 'impact(id: "ukpga/1998/37")'],
    ['coverage', `coverage(agreementId: "${AGREEMENT}")`],
    ['alignment', `alignment(agreementId: "${AGREEMENT}")`],
    ['path', `path(fromId: "${AGREEMENT}", toId: "ukpga/1998/37")`],
    ['activities', 'activities(limit: 1)'],
    ['legislations', 'legislations(limit: 1)'],
    ['entities', 'entities(limit: 1)'],
    ['agreements', 'agreements(limit: 1)'],
  ];
  for (const [name, field] of roots) add(`unknown field under ${name}`, `{ ${field} { ${rng.unknownName()} } }`);
  for (let i = 0; i < 6; i++) add(`unknown root field #${i}`, `{ ${rng.unknownName()} }`);
  add('unknown root field colour', '{ colour }');
  add('reserved name __proto__', '{ __proto__ }');
  add('a 60 kB field name', `{ ${'a'.repeat(60_000)} }`);
  add('a 60 kB field name in a selection', `{ search(text: "a") { ${'b'.repeat(60_000)} } }`);
  add('a 60 kB argument name', `{ search(text: "a", ${'c'.repeat(60_000)}: 1) { id } }`);
  const fixed: [string, string][] = [
    ['unknown argument on search', '{ search(text: "a", colour: 1) { id } }'],
    ['unknown argument on trace', `{ trace(activityId: "${ACTIVITY}", depth: 3) { message } }`],
    ['first on a generated list', '{ activities(first: 5) { id } }'],
    ['unknown filter field', '{ activities(where: { colour: { eq: "x" } }) { id } }'],
    ['unknown filter operator', '{ activities(where: { name: { like: "x" } }) { id } }'],
    ['regular-expression filter (not enabled)', '{ activities(where: { name: { matches: ".*" } }) { id } }'],
    ['unknown sort field', '{ activities(sort: [{ colour: ASC }]) { id } }'],
    ['missing activityId', '{ trace { message } }'],
    ['missing search text', '{ search { id } }'],
    ['missing toId', '{ path(fromId: "a") { relationship } }'],
    ['missing agreementId', '{ coverage { message } }'],
    ['number for a string', '{ search(text: 5) { id } }'],
    ['string for an Int', '{ search(text: "a", first: "x") { id } }'],
    ['float for an Int', '{ search(text: "a", first: 1.5) { id } }'],
    ['Int out of range', '{ search(text: "a", first: 2147483648) { id } }'],
    ['Int far out of range', '{ activities(where: { number: { gt: 99999999999999999999 } }) { id } }'],
    ['list for a string', '{ search(text: ["a", "b"]) { id } }'],
    ['object for an ID', '{ trace(activityId: { id: "x" }) { message } }'],
    ['null for an ID!', '{ trace(activityId: null) { message } }'],
    ['number for a Date', `{ trace(activityId: "${ACTIVITY}", asOf: 20140101) { message } }`],
    ['string for a number filter', '{ activities(where: { number: { eq: "seven" } }) { id } }'],
    ['boolean for a Date filter', '{ activities(where: { validFrom: { eq: true } }) { id } }'],
    ['unknown enum value', '{ activities(sort: [{ number: SIDEWAYS }]) { id } }'],
    ['string for an enum', '{ activities(sort: [{ number: "ASC" }]) { id } }'],
    ['lower-case enum value', '{ activities(sort: [{ number: asc }]) { id } }'],
    ['string for limit', '{ activities(limit: "5") { id } }'],
    ['object without a selection', '{ search(text: "a") }'],
    ['selection on a scalar', '{ search(text: "a") { id { x } } }'],
    ['operation without a selection', `{ trace(activityId: "${ACTIVITY}") }`],
    ['fragment on an unknown type', '{ ... on Widget { id } }'],
    ['fragment on a scalar', '{ search(text: "a") { ...F } } fragment F on String { x }'],
    ['unused fragment', '{ __typename } fragment F on Query { __typename }'],
    ['undefined fragment', '{ search(text: "a") { ...Nope } }'],
    ['fragment cycle', '{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }'],
    ['duplicate fragment names', '{ ...A } fragment A on Query { __typename } fragment A on Query { __typename }'],
    ['impossible spread', '{ search(text: "a") { ... on Activity { id } } }'],
    ['undeclared variable', '{ search(text: $text) { id } }'],
    ['unused variable', 'query Q($x: Int) { __typename }'],
    ['variable of an unknown type', 'query Q($x: Widget) { __typename }'],
    ['variable of an output type', 'query Q($x: Trace) { __typename }'],
    ['variable of the wrong type', 'query Q($t: Int) { search(text: $t) { id } }'],
    ['duplicate variable', 'query Q($t: String!, $t: String!) { search(text: $t) { id } }'],
    ['unknown directive', '{ __typename @nope }'],
    ['skip without if', '{ __typename @skip }'],
    ['include with a string', '{ __typename @include(if: "yes") }'],
    ['directive twice', '{ __typename @skip(if: true) @skip(if: false) }'],
    ['duplicate operation names', 'query A { __typename } query A { __typename }'],
    ['anonymous operation beside a named one', '{ __typename } query A { __typename }'],
    ['a type definition', 'type Widget { a: Int }'],
    ['a schema definition', 'schema { query: Query }'],
    ['conflicting aliases', `{ a: search(text: "x") { id } a: trace(activityId: "${ACTIVITY}") { message } }`],
    ['query field on the mutation root', 'mutation { search(text: "a") { id } }'],
    ['introspection of the schema (off in production)', '{ __schema { types { name } } }'],
    ['introspection of a type (off in production)', '{ __type(name: "Activity") { name } }'],
  ];
  for (const [name, query] of fixed) add(name, query);
  for (const date of ['2014-13-45', 'garbage', '2014-02-30-', '']) {
    add(`inline Date ${JSON.stringify(date)}`, `{ trace(activityId: "${ACTIVITY}", asOf: ${literal(date)}) { asOf } }`);
  }
  // Answers INTERNAL_SERVER_ERROR today; a client asking for a subscription deserves a plain refusal.
  add('subscription operation', 'subscription { activities { id } }', undefined, undefined, {
    status: [200, 400],
    codes: ['GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST'],
  });
  return cases;
}

function variableCases(): HttpCase[] {
  const cases: HttpCase[] = [];
  const targets = {
    id: 'query Q($v: ID!) { trace(activityId: $v) { message } }',
    text: 'query Q($v: String!) { search(text: $v) { id } }',
    int: 'query Q($v: Int) { search(text: "abuse", first: $v) { id } }',
    date: `query Q($v: Date) { trace(activityId: "${ACTIVITY}", asOf: $v) { asOf } }`,
    dateFilter: 'query Q($v: Date) { activities(where: { validFrom: { lt: $v } }) { id } }',
    direction: 'query Q($v: SortDirection!) { activities(sort: [{ number: $v }], limit: 3) { id } }',
    where: 'query Q($v: ActivityWhere) { activities(where: $v, limit: 3) { id } }',
    ids: 'query Q($v: [ID!]) { activities(where: { id: { in: $v } }) { id } }',
    bool: 'query Q($v: Boolean) { activities(where: { verified: { eq: $v } }, limit: 3) { id } }',
  } as const;
  const bad: [keyof typeof targets, string, unknown, KnownIssue?][] = [
    ['id', 'null for ID!', null],
    ['id', 'object for ID', { a: 1 }],
    ['id', 'list for ID', [1]],
    ['id', 'boolean for ID', true],
    ['id', 'float for ID', 1.5],
    ['text', 'number for String!', 5],
    ['text', 'boolean for String!', true],
    ['text', 'null for String!', null],
    ['text', 'object for String!', {}],
    ['text', 'list for String!', ['a']],
    ['int', 'numeric string for Int', '5'],
    ['int', 'word for Int', 'x'],
    ['int', 'float for Int', 1.5],
    ['int', '2^31 for Int', 2 ** 31],
    ['int', '-2^31-1 for Int', -(2 ** 31) - 1],
    ['int', '1e300 for Int', 1e300],
    ['int', 'boolean for Int', true],
    ['int', 'object for Int', {}],
    ['int', 'list for Int', [1]],
    ['date', 'month 13', '2014-13-45'],
    ['date', 'not a date', 'not-a-date'],
    ['date', 'empty Date', ''],
    ['date', 'number for Date', 20140101],
    ['date', 'object for Date', { year: 2014 }],
    ['date', 'boolean for Date', true],
    ['date', 'list for Date', ['2014-01-01']],
    ['date', '30 February', '2014-02-30'],
    ['date', '31 April', '2014-04-31'],
    ['date', '29 February 2015', '2015-02-29'],
    ['date', '29 February 1900', '1900-02-29'],
    ['date', 'a bare number as text', '1'],
    ['date', 'words', 'March 7 2014'],
    ['date', 'hour 25', '2014-06-01T25:00:00'],
    ['dateFilter', '30 February in a filter', '2014-02-30'],
    ['dateFilter', 'month 13 in a filter', '2014-13-01'],
    ['dateFilter', 'object in a filter', { y: 1 }],
    ['direction', 'unknown enum value', 'SIDEWAYS'],
    ['direction', 'lower-case enum value', 'asc'],
    ['direction', 'number for an enum', 1],
    ['direction', 'null for a non-null enum', null],
    ['direction', 'list for an enum', ['ASC']],
    ['where', 'unknown filter field', { colour: { eq: 1 } }],
    ['where', 'number for a string filter', { name: { eq: 5 } }],
    ['where', 'string for a filter object', { name: 'x' }],
    ['where', 'string for the where object', 'string'],
    ['where', 'list for the where object', [1]],
    ['where', 'word for a number filter', { number: { gt: 'x' } }],
    ['where', 'string for AND', { AND: 'x' }],
    ['where', 'number inside OR', { OR: [{}, 5] }],
    ['where', 'month 13 inside a filter', { validFrom: { eq: '2014-13-45' } }],
    ['ids', 'null inside [ID!]', [null]],
    ['ids', 'object inside [ID!]', [{}]],
    ['ids', 'nested list inside [ID!]', [[1]]],
    ['bool', 'string for Boolean', 'true'],
    ['bool', 'number for Boolean', 1],
  ];
  // A negative page size meets the page rule (src/http/request-checks.ts) before GraphQL coerces
  // the variable: that refusal is ours, and keeps its 400 whatever the client accepts.
  const ownRuleFirst: Partial<Record<string, Expectation>> = { '-2^31-1 for Int': { status: [400], codes: ['BAD_USER_INPUT'] } };
  for (const [target, name, value, known] of bad) {
    const query = targets[target];
    cases.push({
      category: 'variables',
      name: `${target}: ${name}`,
      request: post(query, { v: value }),
      expect: ownRuleFirst[name] ?? VARIABLE,
      echoes: [query, JSON.stringify(value) ?? ''],
      ...(known ? { known } : {}),
    });
  }
  for (const target of ['id', 'text', 'direction'] as const) {
    cases.push({
      category: 'variables',
      name: `${target}: required variable left out`,
      request: post(targets[target], {}),
      expect: VARIABLE,
      echoes: [targets[target]],
    });
  }
  // Paging values Neo4j refuses: the client should hear which argument is wrong, not a 500.
  const PAGE: Expectation = { status: [200, 400], codes: ['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED'] };
  const paging: [string, string, unknown][] = [
    ['negative limit', 'query Q($v: Int) { activities(limit: $v) { id } }', -1],
    ['negative offset', 'query Q($v: Int) { activities(offset: $v) { id } }', -1],
    ['negative first on a connection', 'query Q($v: Int) { activitiesConnection(first: $v) { edges { node { id } } } }', -5],
    [
      'cursor that decodes to offset -5',
      'query Q($v: String) { activitiesConnection(after: $v) { edges { node { id } } } }',
      Buffer.from('arrayconnection:-5').toString('base64'),
    ],
  ];
  for (const [name, query, value] of paging) {
    cases.push({ category: 'variables', name: `paging: ${name}`, request: post(query, { v: value }), expect: PAGE, echoes: [query] });
  }
  cases.push({
    category: 'variables',
    name: 'paging: cursor that is not base64 of anything',
    request: post('query Q($v: String) { activitiesConnection(after: $v, first: 2) { edges { node { id } } } }', { v: 'garbage!' }),
    // A forged cursor is refused (README, Limits), not read as the first page.
    expect: { status: [400], codes: ['BAD_USER_INPUT'] },
    echoes: [],
  });
  // Right answers, to show the suite tells bad from merely odd.
  cases.push({
    category: 'variables',
    name: 'extra unknown variables are ignored',
    request: post(targets.text, { v: 'abuse', other: { deep: [1, 2] } }),
    expect: ANSWER,
    echoes: [],
  });
  cases.push({ category: 'variables', name: 'variables: null', request: post('{ search(text: "abuse") { id } }', null), expect: ANSWER, echoes: [] });
  cases.push({
    category: 'variables',
    name: 'one ID where a list is declared is a list of one',
    request: post(targets.ids, { v: 'x' }),
    expect: ANSWER,
    echoes: [],
  });
  return cases;
}

function notFoundCases(rng: Rng): HttpCase[] {
  const cases: HttpCase[] = [];
  const operations = [
    ['trace', 'query Q($id: ID!) { trace(activityId: $id) { message } }'],
    ['impact', 'query Q($id: ID!) { impact(id: $id) { message } }'],
    ['coverage', 'query Q($id: ID!) { coverage(agreementId: $id) { message } }'],
    ['alignment', 'query Q($id: ID!) { alignment(agreementId: $id) { csv } }'],
    ['path from', 'query Q($id: ID!) { path(fromId: $id, toId: "ukpga/1998/37") { relationship } }'],
    ['path to', 'query Q($id: ID!) { path(fromId: "ukpga/1998/37", toId: $id) { relationship } }'],
    ['path both ends', 'query Q($id: ID!) { path(fromId: $id, toId: $id) { relationship } }'],
  ] as const;
  const words = ['lancashire', 'cumbria', 'csa', 'ukpga', 'uksi', 'activity', 'outcome', 'section', 'duty', 'x', '2014', '9999'];
  const ids: string[] = [
    'lancashire-csa-2014-2016/activity/0',
    'lancashire-csa-2014-2016/activity/99',
    'lancashire-csa-2014-2016/activity/7/',
    'Lancashire-csa-2014-2016/activity/7',
    'lancashire-csa-2014-2016/activity/07',
    'lancashire-csa-2014-2016/activity/7\u200b',
    'lancashire-csa-2014-2016/activity/７',
    'ukpga/1998/37/',
    'ukpga/1998/38',
    'nowhere-csa-2099',
    '*',
    '%',
    '.*',
    "' OR 1=1 //",
    '"}) MATCH (n) DETACH DELETE n //',
    'x'.repeat(HUGE),
    '\u001b[31mred\u0000',
    '\u202egnp.exe',
  ];
  for (let i = 0; i < 14; i++) ids.push(`${rng.pick(words)}-${rng.pick(words)}/${rng.pick(words)}/${rng.int(0, 10_000)}`);
  ids.forEach((id, i) => {
    const [op, query] = operations[i % operations.length] as (typeof operations)[number];
    cases.push({
      category: 'not-found',
      name: `${op}: unknown id #${i} ${JSON.stringify(id.slice(0, 40))}`,
      request: post(query, { id }),
      expect: NOT_FOUND,
      echoes: [id],
    });
  });
  // Real ids of the wrong kind: NOT_FOUND, saying what the id is.
  const wrongKind: [string, string][] = [
    ['trace', 'ukpga/1998/37'],
    ['trace', AGREEMENT],
    ['trace', 'lancashire-csa-2014-2016/outcome/3'],
    ['coverage', 'lancashire-csa-2014-2016/activity/7'],
    ['coverage', 'lancashire-community-safety-strategy-group'],
    ['alignment', 'ukpga/1998/37'],
    ['alignment', 'duty-cda-1998-s17-due-regard'],
  ];
  for (const [op, id] of wrongKind) {
    const query = operations.find(([name]) => name === op)?.[1] ?? '';
    cases.push({
      category: 'not-found',
      name: `${op}: id of another kind ${id}`,
      request: post(query, { id }),
      expect: { ...NOT_FOUND, message: /; it is an? [a-z]+ \(".+"\)\.$/ },
      echoes: [id],
    });
  }
  for (const [op, query] of operations) {
    for (const blank of ['', '   ', '\t\n']) {
      cases.push({
        category: 'not-found',
        name: `${op}: blank id ${JSON.stringify(blank)}`,
        request: post(query, { id: blank }),
        expect: BLANK_ID,
        echoes: [],
      });
    }
  }
  return cases;
}

function stringCases(rng: Rng): HttpCase[] {
  const cases: HttpCase[] = [];
  const all = [...ABSURD_STRINGS, ...randomStrings(rng, 14)];
  all.forEach(([name, text], i) => {
    const blank = text.trim() === '';
    const tooLong = codePoints(text) > 500;
    const search: Expectation = blank || tooLong ? { status: [200], codes: ['BAD_USER_INPUT'], message: blank ? /must not be empty/ : /limit is 500/ } : ANSWER;
    const add = (target: string, request: HttpRequest, expect: Expectation) =>
      cases.push({ category: 'strings', name: `${target}: ${name}`, request, expect, echoes: [text] });
    add('search variable', post('query Q($s: String!) { search(text: $s) { id score } }', { s: text }), search);
    add('contains filter', post('query Q($s: String) { activities(where: { name: { contains: $s } }) { id } }', { s: text }), ANSWER);
    add('trace id', post('query Q($s: ID!) { trace(activityId: $s) { message } }', { s: text }), blank ? BLANK_ID : NOT_FOUND);
    // One more target per string, in turn, so every filter sees a share of the corpus.
    const inline = hasLoneSurrogate(text) ? PARSE : search;
    const extra: [string, HttpRequest, Expectation][] = [
      ['eq filter on id', post('query Q($s: ID) { entities(where: { id: { eq: $s } }) { id } }', { s: text }), ANSWER],
      ['startsWith filter', post('query Q($s: String) { legislations(where: { description: { startsWith: $s } }) { id } }', { s: text }), ANSWER],
      [
        'OR of filters',
        post('query Q($s: String, $i: ID!) { provisions(where: { OR: [{ name: { endsWith: $s } }, { id: { in: [$i] } }] }) { id } }', {
          s: text,
          i: text.slice(0, 1_000),
        }),
        ANSWER,
      ],
      ['inline search literal', post(`{ search(text: ${literal(text)}) { id } }`), inline],
    ];
    const [target, request, expect] = extra[i % extra.length] as [string, HttpRequest, Expectation];
    add(target, request, expect);
  });
  return cases;
}

function httpCases(): HttpCase[] {
  const good = JSON.stringify({ query: '{ __typename }' });
  const preflight = { accept: 'application/json', 'apollo-require-preflight': 'true' };
  const q = (query: string) => `?query=${encodeURIComponent(query)}`;
  const rows: [string, HttpRequest, Expectation][] = [
    ['POST without a body', { method: 'POST', headers: JSON_HEADERS }, BAD_REQUEST()],
    ['empty JSON object', { method: 'POST', headers: JSON_HEADERS, body: '{}' }, BAD_REQUEST()],
    ['query is a number', { method: 'POST', headers: JSON_HEADERS, body: '{"query": 5}' }, BAD_REQUEST()],
    ['query is true', { method: 'POST', headers: JSON_HEADERS, body: '{"query": true}' }, BAD_REQUEST()],
    ['query is an object', { method: 'POST', headers: JSON_HEADERS, body: '{"query": {"a": 1}}' }, BAD_REQUEST()],
    ['query is a list', { method: 'POST', headers: JSON_HEADERS, body: '{"query": ["{ __typename }"]}' }, BAD_REQUEST()],
    ['query is null', { method: 'POST', headers: JSON_HEADERS, body: '{"query": null}' }, BAD_REQUEST()],
    ['query is empty', { method: 'POST', headers: JSON_HEADERS, body: '{"query": ""}' }, BAD_REQUEST()],
    ['query missing, variables given', { method: 'POST', headers: JSON_HEADERS, body: '{"variables": {"a": 1}}' }, BAD_REQUEST()],
    ['variables is a number', { method: 'POST', headers: JSON_HEADERS, body: '{"query": "{ __typename }", "variables": 5}' }, BAD_REQUEST()],
    ['variables is a string', { method: 'POST', headers: JSON_HEADERS, body: '{"query": "{ __typename }", "variables": "{}"}' }, BAD_REQUEST()],
    ['variables is a list', { method: 'POST', headers: JSON_HEADERS, body: '{"query": "{ __typename }", "variables": [1]}' }, BAD_REQUEST()],
    ['variables is true', { method: 'POST', headers: JSON_HEADERS, body: '{"query": "{ __typename }", "variables": true}' }, BAD_REQUEST()],
    ['operationName is a number', { method: 'POST', headers: JSON_HEADERS, body: '{"query": "{ __typename }", "operationName": 5}' }, BAD_REQUEST()],
    ['operationName is an object', { method: 'POST', headers: JSON_HEADERS, body: '{"query": "{ __typename }", "operationName": {}}' }, BAD_REQUEST()],
    [
      'operationName names no operation',
      post('{ __typename }', undefined, { operationName: 'Nope' }),
      { status: [400], codes: ['OPERATION_RESOLUTION_FAILURE'] },
    ],
    ['two operations and no operationName', post('query A { __typename } query B { __typename }'), { status: [400], codes: ['OPERATION_RESOLUTION_FAILURE'] }],
    ['extensions is a number', { method: 'POST', headers: JSON_HEADERS, body: '{"query": "{ __typename }", "extensions": 5}' }, BAD_REQUEST()],
    ['extensions is a string', { method: 'POST', headers: JSON_HEADERS, body: '{"query": "{ __typename }", "extensions": "x"}' }, BAD_REQUEST()],
    ['empty batch', { method: 'POST', headers: JSON_HEADERS, body: '[]' }, BAD_REQUEST()],
    ['batch of one', { method: 'POST', headers: JSON_HEADERS, body: `[${good}]` }, BAD_REQUEST()],
    ['batch of two', { method: 'POST', headers: JSON_HEADERS, body: `[${good}, ${good}]` }, BAD_REQUEST()],
    ['JSON number', { method: 'POST', headers: JSON_HEADERS, body: '5' }, BAD_REQUEST()],
    ['JSON null', { method: 'POST', headers: JSON_HEADERS, body: 'null' }, BAD_REQUEST()],
    ['JSON string', { method: 'POST', headers: JSON_HEADERS, body: '"{ __typename }"' }, BAD_REQUEST()],
    ['not JSON', { method: 'POST', headers: JSON_HEADERS, body: 'not json' }, BAD_REQUEST()],
    ['truncated JSON', { method: 'POST', headers: JSON_HEADERS, body: good.slice(0, -3) }, BAD_REQUEST()],
    ['single-quoted JSON', { method: 'POST', headers: JSON_HEADERS, body: "{'query': '{ __typename }'}" }, BAD_REQUEST()],
    ['NUL byte', { method: 'POST', headers: JSON_HEADERS, body: '\u0000' }, BAD_REQUEST()],
    ['invalid UTF-8', { method: 'POST', headers: JSON_HEADERS, body: Buffer.from([0x7b, 0x22, 0x71, 0xff, 0xfe, 0x22, 0x7d]) }, BAD_REQUEST()],
    [
      'JSON escape of a lone surrogate in the query',
      { method: 'POST', headers: JSON_HEADERS, body: '{"query": "{ search(text: \\"\\ud800\\") { id } }"}' },
      PARSE,
    ],
    ['text/plain (a cross-site form could send it)', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: good }, BAD_REQUEST()],
    ['form encoding', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'query=%7B__typename%7D' }, BAD_REQUEST()],
    [
      'multipart',
      {
        method: 'POST',
        headers: { 'content-type': 'multipart/form-data; boundary=x' },
        body: '--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n{ __typename }\r\n--x--',
      },
      BAD_REQUEST(),
    ],
    ['no content-type', { method: 'POST', headers: {}, body: good }, BAD_REQUEST()],
    ['application/xml', { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<query>{ __typename }</query>' }, BAD_REQUEST()],
    ['application/graphql', { method: 'POST', headers: { 'content-type': 'application/graphql' }, body: '{ __typename }' }, BAD_REQUEST()],
    ['JSON declared as UTF-16', { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-16' }, body: good }, BAD_REQUEST()],
    ['JSON in an unknown charset', { method: 'POST', headers: { 'content-type': 'application/json; charset=klingon' }, body: good }, BAD_REQUEST(415)],
    ['gzip that is not gzip', { method: 'POST', headers: { ...JSON_HEADERS, 'content-encoding': 'gzip' }, body: good }, BAD_REQUEST()],
    ['brotli that is not brotli', { method: 'POST', headers: { ...JSON_HEADERS, 'content-encoding': 'br' }, body: good }, BAD_REQUEST()],
    ['an unknown content-encoding', { method: 'POST', headers: { ...JSON_HEADERS, 'content-encoding': 'compress' }, body: good }, BAD_REQUEST(415)],
    ['PUT', { method: 'PUT', headers: JSON_HEADERS, body: good }, BAD_REQUEST(405)],
    ['DELETE', { method: 'DELETE', headers: JSON_HEADERS, body: good }, BAD_REQUEST(405)],
    ['PATCH', { method: 'PATCH', headers: JSON_HEADERS, body: good }, BAD_REQUEST(405)],
    ['GET with a mutation', { method: 'GET', search: q('mutation { deleteActivities { nodesDeleted } }'), headers: preflight }, BAD_REQUEST(405)],
    ['GET with variables that are not JSON', { method: 'GET', search: `${q('{ __typename }')}&variables=nope`, headers: preflight }, BAD_REQUEST()],
    ['GET with extensions that are not JSON', { method: 'GET', search: `${q('{ __typename }')}&extensions=nope`, headers: preflight }, BAD_REQUEST()],
    ['GET without a query', { method: 'GET', search: '?foo=1', headers: preflight }, BAD_REQUEST()],
    ['GET with the query twice', { method: 'GET', search: '?query=a&query=b', headers: preflight }, BAD_REQUEST()],
    ['GET without a preflight header (CSRF)', { method: 'GET', search: q('{ __typename }'), headers: { accept: 'application/json' } }, BAD_REQUEST()],
    ['GET from a browser with a query', { method: 'GET', search: q('{ __typename }'), headers: { accept: 'text/html' } }, BAD_REQUEST()],
    ['GET with a broken query', { method: 'GET', search: q('{ search('), headers: preflight }, PARSE],
  ];
  const known: Record<string, KnownIssue> = {};
  return rows.map(([name, request, expect]) => ({
    category: 'http' as const,
    name,
    request,
    expect,
    echoes: [],
    ...(known[name] ? { known: known[name] } : {}),
  }));
}

function nestingCases(): HttpCase[] {
  const deep = (n: number) => `{ ${'activities(limit: 1) { agreement(limit: 1) { '.repeat(n)}id${' } }'.repeat(n)} }`;
  const TOO_DEEP: Expectation = { status: [200, 400], codes: ['QUERY_TOO_DEEP', 'QUERY_TOO_COMPLEX', 'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED'] };
  const fragments = Array.from(
    { length: 12 },
    (_, i) => `fragment F${i} on Query { ${i === 11 ? '__typename' : `a: __typename ...F${i + 1} b: __typename ...F${i + 1}`} }`,
  ).join(' ');
  const rows: [string, string, Expectation, KnownIssue?][] = [
    ['fields 40 deep', deep(20), TOO_DEEP],
    ['fields 600 deep', deep(300), TOO_DEEP],
    ['fields 2,000 deep', deep(1_000), TOO_DEEP],
    ['braces 30,000 deep', '{'.repeat(30_000), PARSE],
    [
      'list literal 20,000 deep',
      `{ search(text: ${'['.repeat(20_000)}"a"${']'.repeat(20_000)}) { id } }`,
      { status: [200], codes: ['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED'] },
    ],
    [
      'object literal 5,000 deep',
      `{ activities(where: ${'{ AND: ['.repeat(5_000)}{}${'] }'.repeat(5_000)}) { id } }`,
      { status: [200, 400], codes: ['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'QUERY_TOO_DEEP', 'QUERY_TOO_COMPLEX'] },
    ],
    ['fragments doubling 12 times', `{ ...F0 } ${fragments}`, { status: [200, 400], codes: ['QUERY_TOO_COMPLEX', 'GRAPHQL_VALIDATION_FAILED'], ok: true }],
    [
      'every page at its largest',
      '{ activities(limit: 500) { contributesTo(limit: 500) { contributors(limit: 500) { id } } } }',
      { status: [400], codes: ['QUERY_TOO_COMPLEX'] },
    ],
  ];
  return rows.map(([name, query, expect, known]) => ({
    category: 'nesting' as const,
    name,
    request: post(query),
    expect,
    echoes: [query],
    ...(known ? { known } : {}),
  }));
}

function oversizeCases(): HttpCase[] {
  const LIMIT = 100 * 1024;
  const TOO_LARGE: Expectation = { status: [413], codes: ['PAYLOAD_TOO_LARGE'] };
  /** A valid request padded with insignificant whitespace to exactly `bytes`. */
  const padded = (bytes: number) => {
    const body = JSON.stringify({ query: '{ search(text: "abuse") { id } }' });
    return `${body.slice(0, -1)}${' '.repeat(bytes - body.length)}}`;
  };
  const bomb = zlib.gzipSync(Buffer.from(padded(2_000_000)));
  const rows: [string, HttpRequest, Expectation][] = [
    ['exactly at the limit (accepted)', { method: 'POST', headers: JSON_HEADERS, body: padded(LIMIT) }, ANSWER],
    ['one byte over the limit', { method: 'POST', headers: JSON_HEADERS, body: padded(LIMIT + 1) }, TOO_LARGE],
    ['150 kB', { method: 'POST', headers: JSON_HEADERS, body: padded(150_000) }, TOO_LARGE],
    ['1 MB', { method: 'POST', headers: JSON_HEADERS, body: padded(1_000_000) }, TOO_LARGE],
    ['200 kB chunked, without a length', { method: 'POST', headers: JSON_HEADERS, body: padded(200_000), chunked: true }, TOO_LARGE],
    ['200 kB of variables', post('query Q($s: String!) { search(text: $s) { id } }', { s: 'a'.repeat(200_000) }), TOO_LARGE],
    ['200 kB query', post(`{ search(text: ${JSON.stringify('b'.repeat(200_000))}) { id } }`), TOO_LARGE],
    [`gzip bomb (${bomb.length} bytes inflating to 2 MB)`, { method: 'POST', headers: { ...JSON_HEADERS, 'content-encoding': 'gzip' }, body: bomb }, TOO_LARGE],
  ];
  return rows.map(([name, request, expect]) => ({ category: 'oversize' as const, name, request, expect, echoes: [] }));
}

/** The secret the fuzzed server checks tokens with (the suite starts it with GT_JWT_SECRET set to this). */
export const JWT_SECRET = 'fuzz-secret-of-at-least-thirty-two-bytes';

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** A JWT signed with HS256 (or, with `secret` null, with `alg: none` and no signature). */
function token(claims: Record<string, unknown>, secret: string | null): string {
  const head = base64url({ alg: secret === null ? 'none' : 'HS256', typ: 'JWT' });
  const body = base64url(claims);
  if (secret === null) return `${head}.${body}.`;
  return `${head}.${body}.${createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url')}`;
}

function authCases(): HttpCase[] {
  const mutations: [string, string][] = [
    ['create an activity', 'mutation { createActivities(input: [{ id: "fuzz-activity", name: "Fuzz" }]) { activities { id } } }'],
    [
      'rename an activity',
      'mutation { updateActivities(where: { id: { eq: "lancashire-csa-2014-2016/activity/7" } }, update: { name: { set: "Renamed" } }) { activities { id } } }',
    ],
    ['delete an activity', 'mutation { deleteActivities(where: { id: { eq: "lancashire-csa-2014-2016/activity/7" } }) { nodesDeleted } }'],
    ['delete all legislation', 'mutation { deleteLegislations { nodesDeleted relationshipsDeleted } }'],
    ['create legislation', 'mutation { createLegislations(input: [{ id: "ukpga/2099/1", name: "Fuzz Act" }]) { legislations { id } } }'],
  ];
  const admin = { sub: 'fuzz@example.org', roles: ['admin'] };
  const future = 4_102_444_800;
  const credentials: [string, Record<string, string>][] = [
    ['no credentials', {}],
    ['a garbage bearer token', { authorization: 'Bearer garbage' }],
    ['an empty bearer token', { authorization: 'Bearer ' }],
    ['an unsigned admin token (alg none)', { authorization: `Bearer ${token({ ...admin, exp: future }, null)}` }],
    [
      'an admin token signed with another secret',
      { authorization: `Bearer ${token({ ...admin, exp: future }, 'another-secret-of-at-least-thirty-two-bytes')}` },
    ],
    ['an expired admin token', { authorization: `Bearer ${token({ ...admin, exp: 1_000_000_000 }, JWT_SECRET)}` }],
    ['a token with its signature cut off', { authorization: `Bearer ${token({ ...admin, exp: future }, JWT_SECRET).replace(/\.[^.]*$/, '.')}` }],
    ['a token without roles', { authorization: `Bearer ${token({ sub: 'fuzz@example.org', exp: future }, JWT_SECRET)}` }],
    ['Basic credentials', { authorization: 'Basic Zm9vOmJhcg==' }],
  ];
  const refused: Expectation = { status: [200, 401], codes: ['UNAUTHENTICATED'] };
  const cases: HttpCase[] = [];
  mutations.forEach(([what, query], m) => {
    credentials.forEach(([how, headers], c) => {
      // Every mutation once without credentials; the broken credentials are shared out between them.
      if (c !== 0 && c % mutations.length !== m && (c + 2) % mutations.length !== m) return;
      cases.push({
        category: 'auth',
        name: `${what} with ${how}`,
        request: { method: 'POST', headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify({ query }) },
        expect: refused,
        echoes: [query],
      });
    });
  });
  // A broken Authorization header is refused even on a read, rather than quietly ignored.
  for (const [how, headers] of credentials.slice(1, 5)) {
    cases.push({
      category: 'auth',
      name: `a search with ${how}`,
      request: { method: 'POST', headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify({ query: '{ search(text: "abuse") { id } }' }) },
      expect: { status: [401], codes: ['UNAUTHENTICATED'] },
      echoes: [],
    });
  }
  return cases;
}

/** Every HTTP case, in category order, the same on every run. */
export function allHttpCases(seed: number): HttpCase[] {
  const rng = new Rng(seed);
  return [
    ...parseCases(rng),
    ...validationCases(rng),
    ...variableCases(),
    ...notFoundCases(rng),
    ...stringCases(rng),
    ...httpCases(),
    ...nestingCases(),
    ...oversizeCases(),
    ...authCases(),
  ];
}
