/** impact(id, asOf, first, after): what local work depends on an entity, a page at a time, each with one chain. */
import neo4j, { type ManagedTransaction } from 'neo4j-driver';
import { cypher } from '../database/cypher.js';
import { describeDriverError, type Database } from '../database/driver.js';
import { ErrorCode, GoldenThreadError } from '../errors.js';
import { notFoundMessage, type Loaders } from './loaders.js';
import { parseAsOf, requireId } from './input.js';
import { toTracePath, type PathNodeRow, type PathRelRow, type PathRow } from './rows.js';
import type { EntityRef, TracePath } from './shapes.js';
import { pricedPage, type OperationCost } from './cost.js';
import { renderMermaid } from './render/mermaid.js';
import { pathEdges } from './trace.js';

export const IMPACT_DEFAULT_FIRST = 50;
export const IMPACT_MAX_FIRST = 500;

/** Walks the whole dependency set once, then builds one chain per dependent on the page. */
export const impactCost: OperationCost = (args, child) => 100 + pricedPage(args.first, IMPACT_DEFAULT_FIRST, IMPACT_MAX_FIRST) + child;
/** The longest chain followed, as before the walk was breadth-first. */
const MAX_HOPS = 8;
const DEPENDENT_TYPES: readonly EntityRef['type'][] = ['AGREEMENT', 'ACTIVITY', 'PROGRAMME'];

export interface ImpactDependent {
  readonly entity: EntityRef;
  readonly hops: number;
  readonly path: TracePath;
  readonly cursor: string;
}

export interface Impact {
  readonly subject: EntityRef;
  readonly asOf: string | null;
  readonly totalCount: number;
  readonly agreementCount: number;
  readonly activityCount: number;
  readonly programmeCount: number;
  readonly dependents: readonly ImpactDependent[];
  readonly agreements: readonly EntityRef[];
  readonly activities: readonly EntityRef[];
  readonly programmes: readonly EntityRef[];
  readonly paths: readonly TracePath[];
  readonly hasNextPage: boolean;
  readonly endCursor: string | null;
  readonly message: string;
  readonly mermaid: string;
}

/** What the walk read, before it is rendered: one page of dependents with their chains. */
export interface ImpactReading {
  readonly subject: EntityRef;
  readonly counts: Readonly<Record<'AGREEMENT' | 'ACTIVITY' | 'PROGRAMME', number>>;
  readonly page: readonly { readonly entity: EntityRef; readonly hops: number; readonly chain: PathRow }[];
  readonly hasNextPage: boolean;
}

interface SubjectRow extends Record<string, unknown> {
  readonly subject: PathNodeRow;
  readonly node: string;
  readonly open: boolean;
}

interface StepRow extends Record<string, unknown> {
  readonly node: string;
  readonly id: string;
  readonly type: EntityRef['type'];
  readonly name: string;
  readonly scope: string | null;
  readonly from: string;
  readonly rel: string;
}

interface HopRow extends Record<string, unknown> {
  readonly rel: string;
  readonly type: string;
  readonly start: string;
  readonly evidence: PathRelRow['evidence'];
}

/** A node the walk reached, and the hop it was first reached by (none for the subject). */
interface Reached {
  readonly row: PathNodeRow;
  readonly hops: number;
  readonly from: string | null;
  readonly rel: string | null;
}

export function impactLimit(first: unknown): number {
  if (first === undefined || first === null) return IMPACT_DEFAULT_FIRST;
  if (typeof first !== 'number' || !Number.isInteger(first) || first < 1) throw new GoldenThreadError(ErrorCode.BAD_USER_INPUT, 'first must be a whole number of at least 1.');
  return Math.min(first, IMPACT_MAX_FIRST);
}

/**
 * Pages are ordered by name, then id, compared code point by code point: the same order on every
 * server whatever its locale, so a cursor means the same thing everywhere. The cursor carries
 * that key rather than an offset, so a page does not shift when dependents are added before it.
 */
function compareKey(a: EntityRef, b: { name: string; id: string }): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.id === b.id ? 0 : a.id < b.id ? -1 : 1;
}

export function encodeCursor(ref: EntityRef): string {
  return Buffer.from(JSON.stringify([ref.name, ref.id]), 'utf8').toString('base64url');
}

function decodeCursor(after: unknown): { name: string; id: string } | null {
  if (after === undefined || after === null) return null;
  if (typeof after === 'string') {
    try {
      const key: unknown = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
      if (Array.isArray(key) && key.length === 2 && typeof key[0] === 'string' && typeof key[1] === 'string') return { name: key[0], id: key[1] };
    } catch {
      // Falls through to the same answer as any other string that is not a cursor.
    }
  }
  throw new GoldenThreadError(ErrorCode.BAD_USER_INPUT, 'after must be an endCursor (or a dependent\'s cursor) from an earlier impact answer.');
}

async function rows<T extends Record<string, unknown>>(tx: ManagedTransaction, name: string, params: Record<string, unknown>): Promise<T[]> {
  const result = await tx.run(cypher(name), params);
  return result.records.map((record) => record.toObject() as T);
}

/** Breadth-first from the subject: each node once, at its fewest hops, with the hop that first reached it. */
async function walk(tx: ManagedTransaction, start: string, subject: PathNodeRow, asOf: string | null): Promise<Map<string, Reached>> {
  const reached = new Map<string, Reached>([[start, { row: subject, hops: 0, from: null, rel: null }]]);
  let frontier = [start];
  for (let hops = 1; hops <= MAX_HOPS && frontier.length > 0; hops++) {
    const next: string[] = [];
    for (const step of await rows<StepRow>(tx, 'queries/impact-step', { frontier, asOf })) {
      if (reached.has(step.node)) continue;
      reached.set(step.node, { row: { id: step.id, type: step.type, name: step.name, scope: step.scope }, hops, from: step.from, rel: step.rel });
      next.push(step.node);
    }
    frontier = next;
  }
  return reached;
}

/** The chain of hops that first reached `node`, from the subject: a shortest one. */
function chainTo(node: string, reached: ReadonlyMap<string, Reached>): { nodes: PathNodeRow[]; rels: string[] } {
  const nodes: PathNodeRow[] = [];
  const rels: string[] = [];
  for (let at: Reached | undefined = reached.get(node); at !== undefined; at = at.from === null ? undefined : reached.get(at.from)) {
    nodes.unshift(at.row);
    if (at.rel !== null) rels.unshift(at.rel);
  }
  return { nodes, rels };
}

/**
 * Reads one page of an impact answer in one read transaction (element ids are only stable
 * within one). Undefined when no entity has the id. The cost follows what depends on the
 * subject, not the size of the graph, and only the page's chains carry evidence.
 */
export async function readImpact(db: Database, args: { id: string; asOf: string | null; first: number; after: { name: string; id: string } | null }): Promise<ImpactReading | undefined> {
  const session = db.driver.session({ database: db.name, defaultAccessMode: neo4j.session.READ });
  try {
    return await session.executeRead(async (tx) => {
      const [head] = await rows<SubjectRow>(tx, 'queries/impact', { id: args.id, asOf: args.asOf });
      if (head === undefined) return undefined;
      const subject: EntityRef = { id: head.subject.id, type: head.subject.type, name: head.subject.name };
      const reached = head.open ? await walk(tx, head.node, head.subject, args.asOf) : new Map<string, Reached>();
      const counts = { AGREEMENT: 0, ACTIVITY: 0, PROGRAMME: 0 };
      const candidates: { node: string; entity: EntityRef; hops: number }[] = [];
      for (const [node, at] of reached) {
        if (at.hops === 0 || !DEPENDENT_TYPES.includes(at.row.type)) continue;
        counts[at.row.type as keyof typeof counts] += 1;
        const entity: EntityRef = { id: at.row.id, type: at.row.type, name: at.row.name };
        if (args.after === null || compareKey(entity, args.after) > 0) candidates.push({ node, entity, hops: at.hops });
      }
      candidates.sort((a, b) => compareKey(a.entity, b.entity));
      const chosen = candidates.slice(0, args.first);
      const chains = chosen.map((dependent) => chainTo(dependent.node, reached));
      const relIds = [...new Set(chains.flatMap((chain) => chain.rels))];
      const hops = new Map((await rows<HopRow>(tx, 'queries/impact-hops', { rels: relIds })).map((hop) => [hop.rel, hop]));
      const page = chosen.map((dependent, i) => {
        const chain = chains[i]!;
        const rels: PathRelRow[] = chain.rels.map((rel) => {
          const hop = hops.get(rel);
          if (hop === undefined) throw new GoldenThreadError(ErrorCode.INTERNAL_SERVER_ERROR, `A relationship on an impact chain (${rel}) could not be read back.`);
          return { type: hop.type, start: hop.start, evidence: hop.evidence };
        });
        return { entity: dependent.entity, hops: dependent.hops, chain: { nodes: chain.nodes, rels } };
      });
      return { subject, counts, page, hasNextPage: candidates.length > chosen.length };
    }, { timeout: db.queryTimeoutMs });
  } catch (error) {
    throw describeDriverError(error, db.target);
  } finally {
    await session.close();
  }
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export async function impact(db: Database, args: { id: unknown; asOf?: unknown; first?: unknown; after?: unknown }, loaders?: Loaders): Promise<Impact> {
  const id = requireId(args.id, 'id');
  const asOf = parseAsOf(args.asOf);
  const first = impactLimit(args.first);
  const after = decodeCursor(args.after);
  const reading = await readImpact(db, { id, asOf, first, after });
  if (reading === undefined) throw new GoldenThreadError(ErrorCode.NOT_FOUND, await notFoundMessage(loaders, 'entity', id));
  const dependents: ImpactDependent[] = reading.page.map((d) => ({ entity: d.entity, hops: d.hops, path: toTracePath(d.chain), cursor: encodeCursor(d.entity) }));
  const ofType = (type: EntityRef['type']) => dependents.filter((d) => d.entity.type === type).map((d) => d.entity);
  const paths = dependents.map((d) => d.path);
  const { AGREEMENT: agreementCount, ACTIVITY: activityCount, PROGRAMME: programmeCount } = reading.counts;
  const totalCount = agreementCount + activityCount + programmeCount;
  const name = reading.subject.name;
  const when = asOf === null ? '' : ` as at ${asOf}`;
  const message = totalCount === 0
    ? `No local work depends on "${name}"${when}.`
    : `Changing "${name}" touches${when} ${plural(activityCount, 'activity', 'activities')} and ${plural(programmeCount, 'programme', 'programmes')} in ${plural(agreementCount, 'agreement', 'agreements')}.`;
  return {
    subject: reading.subject,
    asOf,
    totalCount,
    agreementCount,
    activityCount,
    programmeCount,
    dependents,
    agreements: ofType('AGREEMENT'),
    activities: ofType('ACTIVITY'),
    programmes: ofType('PROGRAMME'),
    paths,
    hasNextPage: reading.hasNextPage,
    endCursor: dependents.at(-1)?.cursor ?? null,
    message,
    mermaid: renderMermaid({ direction: 'RL', nodes: [reading.subject], edges: pathEdges(paths), highlight: [reading.subject.id] }),
  };
}
