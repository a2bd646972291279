/**
 * The walk down the golden thread from an impact subject, breadth-first, and the chains it leaves.
 * impact-step gives the hops one level down that the grammar allows on their own (type, dates,
 * evidence); the rules that depend on the chain are applied here, from the same grammar
 * (src/model/thread.ts), so the activities reached are exactly those whose trace reaches the
 * subject:
 * - a step with a maxPosition may only be taken that close to the activity: a state carries how
 *   many more hops may lie between the node and the activity (its budget, TRACE_MAX_HOPS at the
 *   subject), and such a step lowers it to its maxPosition;
 * - a chain may pass a stop (an Act, a body) only over one of the stop's `continuesOver` steps;
 * - after a partnersOnly step (a body bound by a duty, or that made an agreement or strategy) the
 *   activity counts only when the subject is one of its partnership's bodies (read.ts checks it).
 * A walk over states may repeat a node where trace's chains may not; dropping the loop gives a
 * shorter chain that meets every rule, so both reach the same activities.
 */
import type { ManagedTransaction } from 'neo4j-driver';
import { THREAD_STEPS, THREAD_STOPS, TRACE_MAX_HOPS, type ThreadStep } from '../../model/index.js';
import { query, THREAD } from '../queries.js';
import type { PathNodeRow } from '../rows.js';
import type { EntityRef } from '../shapes.js';
import type { EvidenceFilter } from '../../model/index.js';

interface StepRow extends Record<string, unknown> {
  readonly from: string;
  readonly rel: string;
  readonly relType: string;
  readonly node: string;
  readonly id: string;
  readonly type: EntityRef['type'];
  readonly name: string;
  readonly scope: string | null;
  readonly kind: string | null;
  readonly stops: readonly string[];
}

/**
 * One state of the walk: a node, whether a partnersOnly step was taken above it, and its budget.
 * States differ by budget too, so every hop between two states is one a trace chain may take,
 * and a programme found on the way from the subject to an activity lies on a real chain.
 */
export interface Reached {
  readonly node: string;
  readonly row: PathNodeRow;
  readonly partnersOnly: boolean;
  readonly budget: number;
  readonly hops: number;
  /** The state and relationship it was first reached from (none for the subject). */
  readonly from: string | null;
  readonly rel: string | null;
}

const STEP_OF = new Map<string, ThreadStep>(THREAD_STEPS.map((s) => [s.type, s]));
const CONTINUES = new Map<string, readonly string[]>(THREAD_STOPS.map((s) => [s.type, s.continuesOver]));

const stateKey = (node: string, partnersOnly: boolean, budget: number) => `${partnersOnly ? 'P' : '-'}${budget}:${node}`;

/** Runs one named query and returns its records as plain objects. */
export async function rows<T extends Record<string, unknown>>(tx: ManagedTransaction, name: string, params: Record<string, unknown>): Promise<T[]> {
  const result = await tx.run(query(name), params);
  return result.records.map((record) => record.toObject() as T);
}

/** Whether a chain may pass the node over this hop: not a stop, or a stop this step may leave. */
function mayPass(stops: readonly string[], relType: string): boolean {
  return stops.every((label) => (CONTINUES.get(label) ?? []).includes(relType));
}

export interface Walk {
  /** Every state reached, by key. */
  readonly states: ReadonlyMap<string, Reached>;
  /** Every allowed hop between states (from key → to keys), for finding what lies on a chain. */
  readonly below: ReadonlyMap<string, ReadonlySet<string>>;
}

/** Breadth-first from the subject over states, each state once, at its fewest hops. */
export async function walk(
  tx: ManagedTransaction,
  start: string,
  subject: PathNodeRow,
  args: { asOf: string | null; evidence: EvidenceFilter },
): Promise<Walk> {
  const first: Reached = { node: start, row: subject, partnersOnly: false, budget: TRACE_MAX_HOPS, hops: 0, from: null, rel: null };
  const states = new Map<string, Reached>([[stateKey(start, false, TRACE_MAX_HOPS), first]]);
  const below = new Map<string, Set<string>>();
  let frontier: Reached[] = [first];
  while (frontier.length > 0) {
    const byNode = new Map<string, Reached[]>();
    for (const state of frontier) byNode.set(state.node, [...(byNode.get(state.node) ?? []), state]);
    const next: Reached[] = [];
    const hops = await rows<StepRow>(tx, 'impact-step', { frontier: [...byNode.keys()], asOf: args.asOf, thread: THREAD, evidence: args.evidence });
    for (const hop of hops) {
      const step = STEP_OF.get(hop.relType);
      if (step === undefined || !mayPass(hop.stops, hop.relType)) continue;
      for (const at of byNode.get(hop.from) ?? []) {
        const budget = Math.min(at.budget - 1, step.maxPosition ?? Number.POSITIVE_INFINITY);
        if (budget < 0) continue;
        const partnersOnly = at.partnersOnly || step.partnersOnly === true;
        const fromKey = stateKey(at.node, at.partnersOnly, at.budget);
        const key = stateKey(hop.node, partnersOnly, budget);
        below.set(fromKey, (below.get(fromKey) ?? new Set()).add(key));
        if (states.has(key)) continue;
        const reached: Reached = {
          node: hop.node,
          row: { id: hop.id, type: hop.type, name: hop.name, scope: hop.scope, kind: hop.kind },
          partnersOnly,
          budget,
          hops: at.hops + 1,
          from: fromKey,
          rel: hop.rel,
        };
        states.set(key, reached);
        next.push(reached);
      }
    }
    frontier = next;
  }
  return { states, below };
}

/** The chain of hops that best reached a state, from the subject. */
export function chainTo(key: string, states: ReadonlyMap<string, Reached>): { nodes: PathNodeRow[]; rels: string[]; last: string } {
  const nodes: PathNodeRow[] = [];
  const rels: string[] = [];
  let last = '';
  for (let at = states.get(key); at !== undefined; at = at.from === null ? undefined : states.get(at.from)) {
    if (last === '') last = at.node;
    nodes.unshift(at.row);
    if (at.rel !== null) rels.unshift(at.rel);
  }
  return { nodes, rels, last };
}

/** The states that lie on some walk from the subject to one of `targets` (the targets included). */
export function onWayTo(targets: Iterable<string>, below: ReadonlyMap<string, ReadonlySet<string>>): Set<string> {
  const above = new Map<string, string[]>();
  for (const [from, tos] of below) for (const to of tos) above.set(to, [...(above.get(to) ?? []), from]);
  const marked = new Set<string>(targets);
  const queue = [...marked];
  while (queue.length > 0) {
    const key = queue.pop() as string;
    for (const from of above.get(key) ?? []) {
      if (marked.has(from)) continue;
      marked.add(from);
      queue.push(from);
    }
  }
  return marked;
}
