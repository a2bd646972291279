/**
 * How long the API takes to refuse a document far deeper than GT_MAX_QUERY_DEPTH: a chain of 30
 * fragments, each nesting fields 120 deep and spreading the next at its bottom (3,600 deep, about
 * 11,000 tokens, under the token and field limits). Nothing reaches the database (the driver never
 * connects), so this measures only the work done before a query would run.
 * Run: npx tsx bench/refuse-deep.ts
 */
import { timeRefusal } from './time-refusal.js';

const FRAGMENTS = 30;
const LEVELS = 120;

/** Activity -> contributesTo (Outcome) -> contributors (Activity) -> …, `levels` deep, ending on an Activity. */
function nest(levels: number, inner: string): string {
  let text = inner;
  for (let level = levels; level >= 1; level -= 1) text = `${level % 2 === 1 ? 'contributesTo' : 'contributors'} { ${text} }`;
  return text;
}

const fragments = Array.from({ length: FRAGMENTS }, (_, i) => `fragment F${i} on Activity { ${nest(LEVELS, i + 1 < FRAGMENTS ? `...F${i + 1}` : 'id')} }`);
const query = `{ activities(limit: 1) { ...F0 } } ${fragments.join(' ')}`;
await timeRefusal(query);
