// The page's only contact with the server: the GraphQL documents it sends and how it sends them,
// and the upload of a partnership's plan (POST /datasets/<dataset>/upload).
const REF = 'id type name';
const STEP = `from { ${REF} } relationship to { ${REF} } reversed evidence { basis source quote note verified validFrom validTo }`;

export const QUERIES = {
  search: `query Search($text: String!) { search(text: $text, first: 30) { id type name score } }`,
  trace: `query Trace($id: ID!, $asOf: Date) { trace(activityId: $id, asOf: $asOf) {
    activity { ${REF} } asOf grounded unbacked message
    legislation { ${REF} } provisions { ${REF} } duties { ${REF} } strategies { ${REF} } outcomes { ${REF} }
    paths { grounded verified endsAt { ${REF} } steps { ${STEP} } } mermaid jsonld } }`,
  impact: `query Impact($id: ID!, $asOf: Date, $first: Int, $after: String) { impact(id: $id, asOf: $asOf, first: $first, after: $after) {
    subject { ${REF} } asOf message totalCount agreementCount activityCount programmeCount hasNextPage endCursor
    agreements { ${REF} } activities { ${REF} } programmes { ${REF} }
    paths { endsAt { ${REF} } steps { ${STEP} } } mermaid } }`,
  coverage: `query Coverage($id: ID!, $asOf: Date) { coverage(agreementId: $id, asOf: $asOf) {
    agreement { ${REF} } madeBy { ${REF} } asOf inForce outOfForce { entity { ${REF} } reason } message mermaid csv
    duties { duty { ${REF} } kind imposedBy { ${REF} } binds { ${REF} } reasons dischargedBy { ${REF} } gap }
    gaps { ${REF} } unbacked { ${REF} }
    activities { activity { ${REF} } discharges { ${REF} } nationalStrategies { ${REF} } backed } } }`,
  alignment: `query Alignment($id: ID!) { alignment(agreementId: $id) { csv } }`,
  agreements: `query Agreements { agreements(sort: [{ name: ASC }], limit: 500) { id name } }`,
  compare: `query Compare($ids: [ID!]!, $asOf: Date) { compare(agreementIds: $ids, asOf: $asOf) {
    message csv generatedAt datasets { id checksum }
    agreements { agreement { ${REF} } inForce message }
    duties { duty { ${REF} } cells { agreement { id } status credits { by { ${REF} } kind evidence { basis } } } }
    priorities { name key commonality holders { agreement { id } entities { ${REF} } } }
    strategies { strategy { ${REF} } commonality holders { agreement { id } routes } }
    indicators { name commonality cells { agreement { id } indicator { ${REF} } unit measurements { kind value text periodStart periodEnd } } } } }`,
  // One entity's own facts: the properties every entity has, and its kind's own (aliased where two
  // kinds give one name different types, as GraphQL requires).
  entity: `query Entity($id: ID!) { entities(where: { id: { eq: $id } }, limit: 1) {
    id type name aliases description url verified validFrom validFromPrecision validTo validToPrecision notes dataset partnership
    ... on Legislation { legislationKind: kind year legislationNumber: number enacted enactedPrecision }
    ... on Provision { provisionKind: kind provisionNumber: number }
    ... on Duty { dutyKind: kind text }
    ... on Strategy { strategyKind: kind scope publisher reference published publishedPrecision }
    ... on Activity { activityNumber: number text }
    ... on Agreement { periodStart periodStartPrecision periodEnd periodEndPrecision vision measuringSuccess }
    ... on Outcome { outcomeNumber: number }
    ... on Programme { programmeKind: kind progress }
    ... on Discrepancy { discrepancyKind: kind text correction }
    ... on Indicator { unit polarity dataSource } } }`,
  home: `query Home($id: ID!) { coverage(agreementId: $id) { agreement { ${REF} } activities { activity { ${REF} } backed } } }`,
};

/** `sha256:` and the hex digest of the document, as the server's manifest names it (web/persisted-documents.json). */
async function documentId(query) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(query));
  return `sha256:${[...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

// Each view's requests share one controller: opening another view cancels them, so a slow answer
// for a page the reader has left stops costing the server and cannot arrive late.
let controller = new AbortController();

export function cancelPending() {
  controller.abort();
  controller = new AbortController();
}

async function post(query, variables, signal) {
  return fetch('/graphql', {
    signal,
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
}

// A persisted document goes as a short GET the browser's cache can revalidate; should the server
// not know it (a page older than the server), the whole document goes by POST instead.
export async function gql(query, variables) {
  const { signal } = controller;
  let body;
  if (globalThis.crypto?.subtle) {
    const params = new URLSearchParams({ documentId: await documentId(query), variables: JSON.stringify(variables ?? {}) });
    const response = await fetch(`/graphql?${params}`, { headers: { accept: 'application/json' }, signal });
    body = await response.json();
    if (body.errors?.some((e) => e.extensions?.code === 'PERSISTED_DOCUMENT_NOT_FOUND')) body = undefined;
  }
  body ??= await (await post(query, variables, signal)).json();
  if (body.errors && body.errors.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data;
}

/**
 * Sends a plan's files: without `confirm` a dry run (the problems, or what would change, and a
 * plan); with the plan the dry run gave, the change itself. Answers { status, body }.
 */
export async function uploadPlan(dataset, files, { token, confirm, replace, overwriteApiEdits }) {
  const form = new FormData();
  for (const file of files) form.append('files', file, file.name);
  if (replace) form.append('replace', 'true');
  if (overwriteApiEdits) form.append('overwriteApiEdits', 'true');
  if (confirm) form.append('confirm', confirm);
  const response = await fetch(`/datasets/${encodeURIComponent(dataset)}/upload`, {
    method: 'POST',
    // The header that tells the server this is not another site's form (as /graphql asks).
    headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true', accept: 'application/json' },
    body: form,
  });
  return { status: response.status, body: await response.json() };
}
