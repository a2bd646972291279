/**
 * The entity and evidence vocabulary the operations share. The result shapes are in shapes.ts,
 * the path rows and their mapping in rows.ts, argument parsing and quoting in input.ts.
 */
import { isGrounding, type EntityTypeName, type EvidenceBasis as Basis } from '../model/index.js';
import type { PathNodeRow } from './rows.js';

export type { Basis, EntityTypeName };

/** Legislation, a provision of it, or a national strategy: what a chain must reach to be grounded. */
export function isGroundingNode(node: PathNodeRow): boolean {
  return isGrounding(node);
}
