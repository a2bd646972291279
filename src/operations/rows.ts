/** The rows the named path queries return, and how they become the shapes in answers. */
import { ErrorCode, GoldenThreadError } from '../errors.js';
import { asserterOf, BASIS_STRENGTH, isGrounding, type EvidenceBasis as Basis, type EntityTypeName } from '../model/index.js';
import { ref, sortRefs, type EntityRef, type HopEvidence, type TracePath, type TraceStep } from './shapes.js';

/** A node as the path queries return it. */
export interface PathNodeRow extends EntityRef {
  readonly scope: string | null;
  /** Read so that the national rule can tell a national review or report from a strategy. */
  readonly kind: string | null;
}

/** A relationship's evidence as the queries return it (properties(r)): any of it may be missing. */
export interface EvidenceRow {
  readonly basis: Basis | null;
  readonly source: string | null;
  readonly quote: string | null;
  readonly note: string | null;
  readonly verified: boolean | null;
  readonly validFrom: string | null;
  readonly validTo: string | null;
  readonly dataset: string | null;
  readonly changeId: string | null;
}

/** Evidence as answers give it: a missing basis reads INFERRED, and who asserted it is said. */
export function toHopEvidence(e: EvidenceRow): HopEvidence {
  return {
    basis: e.basis ?? 'INFERRED',
    source: e.source ?? '',
    quote: e.quote ?? null,
    note: e.note ?? null,
    verified: e.verified ?? null,
    validFrom: e.validFrom ?? null,
    validTo: e.validTo ?? null,
    assertedBy: asserterOf(e),
    dataset: e.dataset ?? null,
    changeId: e.changeId ?? null,
  };
}

/** A relationship as the path queries return it: rels[i] joins nodes[i] and nodes[i + 1]. */
export interface PathRelRow {
  readonly type: string;
  readonly start: string;
  readonly evidence: EvidenceRow;
}

export interface PathRow {
  readonly nodes: readonly PathNodeRow[];
  readonly rels: readonly PathRelRow[];
}

/** Turns a path row into steps in walk order, with each relationship's stored direction. */
export function toTracePath(row: PathRow): TracePath {
  const steps: TraceStep[] = row.rels.map((rel, i) => {
    const here = row.nodes[i];
    const next = row.nodes[i + 1];
    if (here === undefined || next === undefined)
      throw new GoldenThreadError(ErrorCode.INTERNAL_SERVER_ERROR, 'A path row has fewer nodes than relationships.');
    const reversed = rel.start !== here.id;
    return {
      from: ref(reversed ? next : here),
      relationship: rel.type,
      to: ref(reversed ? here : next),
      reversed,
      evidence: toHopEvidence(rel.evidence),
    };
  });
  const last = row.nodes[row.nodes.length - 1];
  const weakest = weakestOf(steps.map((step) => step.evidence));
  if (last === undefined) throw new GoldenThreadError(ErrorCode.INTERNAL_SERVER_ERROR, 'A path row has no nodes.');
  return {
    steps,
    endsAt: ref(last),
    grounded: row.nodes.slice(1).some(isGrounding),
    verified: row.rels.every((rel) => rel.evidence.verified !== false),
    editorMade: steps.some((step) => step.evidence.assertedBy === 'EDITOR'),
    weakestBasis: weakest?.basis ?? null,
    weakestEvidence: weakest,
  };
}

/** How weak a hop's evidence is: its basis first, then unverified (verified: false) before checked. */
function weakness(e: HopEvidence): number {
  return BASIS_STRENGTH.indexOf(e.basis) * 2 + (e.verified === false ? 1 : 0);
}

/** The weakest of a chain's evidence (the first of equals), or null for a chain of no hops. */
export function weakestOf(evidence: readonly HopEvidence[]): HopEvidence | null {
  return evidence.reduce<HopEvidence | null>((worst, e) => (worst === null || weakness(e) > weakness(worst) ? e : worst), null);
}

/** De-duplicated entities of the given types found on the paths, sorted by name. */
export function collectRefs(rows: readonly PathRow[], types: readonly EntityTypeName[], skipFirst = true): EntityRef[] {
  const found = new Map<string, EntityRef>();
  for (const row of rows) {
    row.nodes.forEach((node, i) => {
      if ((i > 0 || !skipFirst) && types.includes(node.type) && !found.has(node.id)) found.set(node.id, ref(node));
    });
  }
  return sortRefs([...found.values()]);
}
