/**
 * The entity and evidence vocabulary the operations share. The result shapes are in shapes.ts,
 * the path rows and their mapping in rows.ts, argument parsing and quoting in input.ts.
 */
import type { PathNodeRow } from './rows.js';

export type EntityTypeName =
  | 'LEGISLATION' | 'PROVISION' | 'DUTY' | 'STRATEGY' | 'BOARD' | 'ORGANISATION' | 'AREA' | 'AGREEMENT'
  | 'PRIORITY' | 'OUTCOME' | 'ACTIVITY' | 'PROGRAMME' | 'PRINCIPLE' | 'DISCREPANCY';

export type Basis = 'STATED' | 'INFERRED' | 'EXTERNAL';

/** Legislation, a provision of it, or a national strategy: what a chain must reach to be grounded. */
export function isGroundingNode(node: PathNodeRow): boolean {
  return node.type === 'LEGISLATION' || node.type === 'PROVISION' || (node.type === 'STRATEGY' && node.scope === 'NATIONAL');
}
