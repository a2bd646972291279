/**
 * The result shapes shared by the operations (mirroring schema/operations.graphql), the rows
 * the named Cypher queries return, and the helpers that turn one into the other.
 */
import neo4j from 'neo4j-driver';
import { ErrorCode, GoldenThreadError } from '../errors.js';

export type EntityTypeName =
  | 'LEGISLATION' | 'PROVISION' | 'DUTY' | 'STRATEGY' | 'BOARD' | 'ORGANISATION' | 'AREA' | 'AGREEMENT'
  | 'PRIORITY' | 'OUTCOME' | 'ACTIVITY' | 'PROGRAMME' | 'PRINCIPLE' | 'DISCREPANCY';

export type Basis = 'STATED' | 'INFERRED' | 'EXTERNAL';

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
}

/** A node as the path queries return it. */
export interface PathNodeRow extends EntityRef {
  readonly scope: string | null;
}

/** A relationship as the path queries return it: rels[i] joins nodes[i] and nodes[i + 1]. */
export interface PathRelRow {
  readonly type: string;
  readonly start: string;
  readonly evidence: {
    readonly basis: Basis | null;
    readonly source: string | null;
    readonly quote: string | null;
    readonly note: string | null;
    readonly verified: boolean | null;
    readonly validFrom: string | null;
    readonly validTo: string | null;
  };
}

export interface PathRow {
  readonly nodes: readonly PathNodeRow[];
  readonly rels: readonly PathRelRow[];
}

export function ref(node: EntityRef): EntityRef {
  return { id: node.id, type: node.type, name: node.name };
}

/** Legislation, a provision of it, or a national strategy: what a chain must reach to be grounded. */
export function isGroundingNode(node: PathNodeRow): boolean {
  return node.type === 'LEGISLATION' || node.type === 'PROVISION' || (node.type === 'STRATEGY' && node.scope === 'NATIONAL');
}

/** Turns a path row into steps in walk order, with each relationship's stored direction. */
export function toTracePath(row: PathRow): TracePath {
  const steps: TraceStep[] = row.rels.map((rel, i) => {
    const here = row.nodes[i];
    const next = row.nodes[i + 1];
    if (here === undefined || next === undefined) throw new GoldenThreadError(ErrorCode.INTERNAL_SERVER_ERROR, 'A path row has fewer nodes than relationships.');
    const reversed = rel.start !== here.id;
    return {
      from: ref(reversed ? next : here),
      relationship: rel.type,
      to: ref(reversed ? here : next),
      reversed,
      evidence: {
        basis: rel.evidence.basis ?? 'INFERRED',
        source: rel.evidence.source ?? '',
        quote: rel.evidence.quote ?? null,
        note: rel.evidence.note ?? null,
        verified: rel.evidence.verified ?? null,
        validFrom: rel.evidence.validFrom ?? null,
        validTo: rel.evidence.validTo ?? null,
      },
    };
  });
  const last = row.nodes[row.nodes.length - 1];
  if (last === undefined) throw new GoldenThreadError(ErrorCode.INTERNAL_SERVER_ERROR, 'A path row has no nodes.');
  return {
    steps,
    endsAt: ref(last),
    grounded: row.nodes.slice(1).some(isGroundingNode),
    verified: row.rels.every((rel) => rel.evidence.verified !== false),
  };
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

export function sortRefs(refs: readonly EntityRef[]): EntityRef[] {
  return [...refs].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

export function uniqueRefs(refs: readonly EntityRef[]): EntityRef[] {
  const found = new Map<string, EntityRef>();
  for (const r of refs) if (!found.has(r.id)) found.set(r.id, ref(r));
  return [...found.values()];
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The asOf argument as 'yyyy-mm-dd', or null. The Date scalar hands over a neo4j Date (or, for
 * some inputs, a string); anything that is not a real calendar day is BAD_USER_INPUT.
 */
export function parseAsOf(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  let text: string;
  if (neo4j.isDate(value as never)) {
    const date = value as { year: unknown; month: unknown; day: unknown };
    const [y, m, d] = [Number(date.year), Number(date.month), Number(date.day)];
    text = Number.isInteger(y) && Number.isInteger(m) && Number.isInteger(d) ? `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` : 'invalid';
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    throw new GoldenThreadError(ErrorCode.BAD_USER_INPUT, 'asOf must be a date written yyyy-mm-dd.');
  }
  const match = ISO_DAY.exec(text);
  if (match) {
    const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const probe = new Date(Date.UTC(y, m - 1, d));
    if (probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d) return text;
  }
  throw new GoldenThreadError(ErrorCode.BAD_USER_INPUT, `asOf ${quoteInput(text)} is not a real date written yyyy-mm-dd.`);
}

/** Longer input is cut here when a message quotes it: enough to recognise, never a wall of text. */
const QUOTE_MAX = 200;

/**
 * Client input as a message quotes it: in double quotes, JSON-escaped so control characters and
 * lone surrogates show as \u escapes (a message is also a log line and a terminal's text), with
 * bidirectional marks, other invisible format characters and line separators escaped too (they
 * would reorder or hide the message around them), and cut at QUOTE_MAX characters.
 */
export function quoteInput(text: string): string {
  const chars = [...text];
  const cut = chars.length > QUOTE_MAX ? `${chars.slice(0, QUOTE_MAX).join('')}…` : text;
  const quoted = JSON.stringify(cut).replace(/[\p{Cf}\p{Zl}\p{Zp}]/gu, (c) => {
    const code = c.codePointAt(0) ?? 0;
    return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
  return chars.length > QUOTE_MAX ? `${quoted} (${chars.length} characters)` : quoted;
}

/** An id argument: non-empty after trimming, else BAD_USER_INPUT. */
export function requireId(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new GoldenThreadError(ErrorCode.BAD_USER_INPUT, `${name} must be a non-empty id.`);
  return value.trim();
}
