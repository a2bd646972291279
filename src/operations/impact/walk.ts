/** The breadth-first walk from the subject to everything that depends on it, and the chains it leaves. */
import type { ManagedTransaction } from 'neo4j-driver';
import { IMPACT_MAX_HOPS } from '../../model/index.js';
import { query, THREAD } from '../queries.js';
import type { PathNodeRow } from '../rows.js';
import type { EntityRef } from '../shapes.js';

interface StepRow extends Record<string, unknown> {
  readonly node: string;
  readonly id: string;
  readonly type: EntityRef['type'];
  readonly name: string;
  readonly scope: string | null;
  readonly kind: string | null;
  readonly from: string;
  readonly rel: string;
}

/** A node the walk reached, and the hop it was first reached by (none for the subject). */
export interface Reached {
  readonly row: PathNodeRow;
  readonly hops: number;
  readonly from: string | null;
  readonly rel: string | null;
}

/** Runs one named query and returns its records as plain objects. */
export async function rows<T extends Record<string, unknown>>(tx: ManagedTransaction, name: string, params: Record<string, unknown>): Promise<T[]> {
  const result = await tx.run(query(name), params);
  return result.records.map((record) => record.toObject() as T);
}

/** Breadth-first from the subject: each node once, at its fewest hops, with the hop that first reached it. */
export async function walk(tx: ManagedTransaction, start: string, subject: PathNodeRow, asOf: string | null): Promise<Map<string, Reached>> {
  const reached = new Map<string, Reached>([[start, { row: subject, hops: 0, from: null, rel: null }]]);
  let frontier = [start];
  for (let hops = 1; hops <= IMPACT_MAX_HOPS && frontier.length > 0; hops++) {
    const next: string[] = [];
    for (const step of await rows<StepRow>(tx, 'impact-step', { frontier, asOf, thread: THREAD })) {
      if (reached.has(step.node)) continue;
      reached.set(step.node, {
        row: { id: step.id, type: step.type, name: step.name, scope: step.scope, kind: step.kind },
        hops,
        from: step.from,
        rel: step.rel,
      });
      next.push(step.node);
    }
    frontier = next;
  }
  return reached;
}

/** The chain of hops that first reached `node`, from the subject: a shortest one. */
export function chainTo(node: string, reached: ReadonlyMap<string, Reached>): { nodes: PathNodeRow[]; rels: string[] } {
  const nodes: PathNodeRow[] = [];
  const rels: string[] = [];
  for (let at: Reached | undefined = reached.get(node); at !== undefined; at = at.from === null ? undefined : reached.get(at.from)) {
    nodes.unshift(at.row);
    if (at.rel !== null) rels.unshift(at.rel);
  }
  return { nodes, rels };
}
