/** The result shapes the operations share, mirroring schema/operations.graphql. */
import type { Asserter, EvidenceBasis as Basis, EntityTypeName } from '../model/index.js';

/** One shape for every entity in an answer. */
export interface EntityRef {
  readonly id: string;
  readonly type: EntityTypeName;
  readonly name: string;
}

export interface HopEvidence {
  readonly basis: Basis;
  readonly source: string;
  readonly quote: string | null;
  readonly note: string | null;
  readonly verified: boolean | null;
  readonly validFrom: string | null;
  readonly validTo: string | null;
  /** Who asserted the relationship: a seed dataset, or an editor (or admin) through the API. */
  readonly assertedBy: Asserter;
  readonly dataset: string | null;
  readonly changeId: string | null;
}

export interface TraceStep {
  readonly from: EntityRef;
  readonly relationship: string;
  readonly to: EntityRef;
  readonly reversed: boolean;
  readonly evidence: HopEvidence;
}

export interface TracePath {
  readonly steps: readonly TraceStep[];
  readonly endsAt: EntityRef;
  readonly grounded: boolean;
  readonly verified: boolean;
  /** Some hop on it was asserted through the API, not stated by a seed dataset. */
  readonly editorMade: boolean;
  /** The weakest basis on it (STATED is strongest, then EXTERNAL, then INFERRED). */
  readonly weakestBasis: Basis | null;
  /** The evidence of its weakest hop: the weakest basis, an unverified hop before a verified one. */
  readonly weakestEvidence: HopEvidence | null;
}

/** What a coverage credit is: an activity of the agreement, the agreement itself, a strategy of it, or a board of its partnership. */
export type DischargeKind = 'ACTIVITY' | 'AGREEMENT' | 'STRATEGY' | 'BOARD';

/** Something that discharges a duty for an agreement, with the DISCHARGES relationship's evidence. */
export interface DischargeCredit {
  readonly by: EntityRef;
  readonly kind: DischargeKind;
  /** The programme an activity discharges the duty through (the evidence is then the programme's), or null. */
  readonly via: EntityRef | null;
  readonly evidence: HopEvidence;
}

export function ref(node: EntityRef): EntityRef {
  return { id: node.id, type: node.type, name: node.name };
}

export function sortRefs(refs: readonly EntityRef[]): EntityRef[] {
  return [...refs].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

export function uniqueRefs(refs: readonly EntityRef[]): EntityRef[] {
  const found = new Map<string, EntityRef>();
  for (const r of refs) if (!found.has(r.id)) found.set(r.id, ref(r));
  return [...found.values()];
}
