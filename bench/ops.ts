/**
 * The questions the benchmarks ask (bench/run.ts, bench/profile.ts): each as a GraphQL request
 * and as the Cypher the API runs for it, with the same parameters, so the two can be compared.
 */
import type { Database } from '../src/database/driver.js';
import { IMPACT_DEFAULT_FIRST, readImpact } from '../src/operations/impact.js';
import { parseEvidence } from '../src/operations/input.js';
import { query, THREAD } from '../src/operations/queries.js';
import { searchParameters } from '../src/operations/search.js';

const ACTIVITY = 'lancashire-csa-2014-2016/activity/11';
const AGREEMENT = 'lancashire-csa-2014-2016';
const ACT = 'ukpga/1998/37';
const SEARCH_TEXT = 'domestic abuse';

export interface Op {
  name: string;
  graphql: string;
  variables: Record<string, unknown>;
  cypher: string;
  params: Record<string, unknown>;
  /**
   * The direct measurement when the operation is more than one statement (impact walks one
   * level per statement): the same statements through the driver, without GraphQL.
   */
  direct?: (db: Database) => Promise<unknown>;
}

export const OPS: Op[] = [
  {
    // The floor under every answer: an operation that asks the database nothing, beside a
    // statement that reads nothing. An uncached answer costs at least the first plus its own statement.
    name: 'floor',
    graphql: 'query Floor { __typename }',
    variables: {},
    cypher: 'RETURN 1 AS one',
    params: {},
  },
  {
    name: 'trace',
    graphql:
      'query Trace($id: ID!) { trace(activityId: $id) { activity { id name } grounded message paths { grounded endsAt { id } steps { relationship from { id } to { id } } } legislation { id } duties { id } } }',
    variables: { id: ACTIVITY },
    cypher: query('trace'),
    // The parameters trace.ts sends: the thread from the model and no evidence filter.
    params: { activityId: ACTIVITY, asOf: null, thread: THREAD, evidence: parseEvidence(undefined, undefined) },
  },
  {
    name: 'impact',
    graphql: 'query Impact($id: ID!) { impact(id: $id) { subject { id } totalCount agreements { id } activities { id } programmes { id } } }',
    variables: { id: ACT },
    cypher: query('impact'),
    params: { id: ACT, asOf: null },
    direct: (db) => readImpact(db, { id: ACT, asOf: null, first: IMPACT_DEFAULT_FIRST, after: null }),
  },
  {
    name: 'coverage',
    graphql:
      'query Coverage($id: ID!) { coverage(agreementId: $id) { agreement { id } duties { duty { id } gap dischargedBy { id } } activities { activity { id } backed discharges { id } } message } }',
    variables: { id: AGREEMENT },
    cypher: query('coverage'),
    // The parameters coverage.ts sends for one agreement.
    params: { agreementIds: [AGREEMENT], asOf: null, thread: THREAD, evidence: parseEvidence(undefined, undefined) },
  },
  {
    name: 'search',
    graphql: 'query Search($text: String!) { search(text: $text, first: 20) { id type name score } }',
    variables: { text: SEARCH_TEXT },
    cypher: query('search'),
    params: { ...searchParameters(SEARCH_TEXT, null) },
  },
  {
    name: 'crud-read',
    graphql: 'query Activity($id: ID!) { activities(where: { id: { eq: $id } }) { id name contributesTo { id } } }',
    variables: { id: ACTIVITY },
    cypher: 'MATCH (a:Activity {id: $id}) RETURN a {.id, .name, contributesTo: [(a)-[:CONTRIBUTES_TO]->(o:Outcome) | o {.id}]} AS activity',
    params: { id: ACTIVITY },
  },
];
