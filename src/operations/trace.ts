/** trace(activityId, asOf): everything that backs one strategic activity. */
import type { Database } from '../database/driver.js';
import { ErrorCode, GoldenThreadError } from '../errors.js';
import type { OperationCost } from './cost.js';
import { isNationalStrategy, outOfForceReason, PARTNERSHIP, typeName, type DatedProperties, type EntityTypeName } from '../model/index.js';
import { notFoundMessage, type Loaders } from './loaders.js';
import { query, THREAD } from './queries.js';
import { parseAsOf, parseEvidence, requireId } from './input.js';
import { collectRefs, toTracePath, type PathNodeRow, type PathRelRow, type PathRow } from './rows.js';
import type { EntityRef, TracePath } from './shapes.js';
import { renderTraceJsonLd } from './render/jsonld.js';
import { renderMermaid, type DiagramEdge } from './render/mermaid.js';

export interface Trace {
  readonly activity: EntityRef;
  readonly asOf: string | null;
  readonly paths: readonly TracePath[];
  readonly legislation: readonly EntityRef[];
  readonly provisions: readonly EntityRef[];
  readonly duties: readonly EntityRef[];
  readonly strategies: readonly EntityRef[];
  readonly outcomes: readonly EntityRef[];
  readonly grounded: boolean;
  readonly unbacked: boolean;
  readonly message: string;
  /** False when the activity, or its agreement, is not in force on asOf (then there are no chains). */
  readonly inForce: boolean;
  /** When not in force: which entity (the activity or its agreement) and why. */
  readonly outOfForce: { readonly entity: EntityRef; readonly reason: string } | null;
}

interface TraceRow extends Record<string, unknown> {
  readonly activity: EntityRef;
  readonly inForce: boolean;
  readonly dated: readonly { readonly ref: EntityRef; readonly dates: DatedProperties }[];
  readonly nodes: readonly PathNodeRow[];
  readonly rels: readonly (PathRelRow & { readonly key: string })[];
  readonly chains: readonly { readonly nodes: readonly string[]; readonly rels: readonly string[] }[];
}

/** The maximal chains, each node and relationship sent once by the query, as path rows again. */
function chainRows(row: TraceRow): PathRow[] {
  const nodes = new Map(row.nodes.map((node) => [node.id, node]));
  const rels = new Map(row.rels.map((rel) => [rel.key, rel]));
  const lookup = <T>(found: T | undefined, what: string): T => {
    if (found === undefined) throw new GoldenThreadError(ErrorCode.INTERNAL_SERVER_ERROR, `A trace chain names a ${what} the answer does not carry.`);
    return found;
  };
  return row.chains.map((chain) => ({
    nodes: chain.nodes.map((id) => lookup(nodes.get(id), 'node')),
    rels: chain.rels.map((key) => lookup(rels.get(key), 'relationship')),
  }));
}

/** Diagram edges for a set of paths: each relationship once, as stored; one an editor asserted says so on its label. */
export function pathEdges(paths: readonly TracePath[]): DiagramEdge[] {
  return paths.flatMap((path) =>
    path.steps.map((step) => ({
      from: step.from,
      label: step.evidence.assertedBy === 'EDITOR' ? `${step.relationship}, editor-made` : step.relationship,
      to: step.to,
      dotted: step.evidence.basis === 'INFERRED' || step.evidence.verified === false,
    })),
  );
}

const BODIES: readonly EntityTypeName[] = PARTNERSHIP.bodies.map(typeName);

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** One fixed walk from the activity (a few hundred relationships on the Lancashire graph); the selection only trims what is sent. */
export const traceCost: OperationCost = (_args, child) => 100 + child;

export async function trace(
  db: Database,
  args: { activityId: unknown; asOf?: unknown; basis?: unknown; verifiedOnly?: unknown },
  loaders?: Loaders,
): Promise<Trace> {
  const activityId = requireId(args.activityId, 'activityId');
  const asOf = parseAsOf(args.asOf);
  const evidence = parseEvidence(args.basis, args.verifiedOnly);
  const [row] = await db.run<TraceRow>(query('trace'), { activityId, asOf, thread: THREAD, evidence }, 'READ');
  if (row === undefined) throw new GoldenThreadError(ErrorCode.NOT_FOUND, await notFoundMessage(loaders, 'activity', activityId));
  const rows = row.inForce ? chainRows(row) : [];
  const paths = rows
    .map(toTracePath)
    .sort((a, b) => Number(b.grounded) - Number(a.grounded) || a.endsAt.id.localeCompare(b.endsAt.id) || b.steps.length - a.steps.length);
  const legislation = collectRefs(rows, ['LEGISLATION']);
  const provisions = collectRefs(rows, ['PROVISION']);
  const duties = collectRefs(rows, ['DUTY']);
  const strategies = collectRefs(rows, ['STRATEGY']);
  const outcomes = collectRefs(rows, ['OUTCOME']);
  const grounded = paths.some((path) => path.grounded);
  const nationalCount = new Set(rows.flatMap((r) => r.nodes.filter(isNationalStrategy).map((n) => n.id))).size;
  const when = asOf === null ? '' : ` as at ${asOf}`;
  const outOfForce = row.inForce || asOf === null ? null : whyOutOfForce(row.dated, asOf);
  // A chain that ends at a body says who, not what backs it: counted apart from the chains that stop short.
  const toBodies = paths.filter((p) => !p.grounded && BODIES.includes(p.endsAt.type)).length;
  const short = paths.filter((p) => !p.grounded).length - toBodies;
  let message: string;
  if (outOfForce !== null)
    message =
      outOfForce.entity.id === row.activity.id
        ? `"${row.activity.name}" is not in force${when}: ${outOfForce.reason} Nothing backs it then.`
        : `"${row.activity.name}" was not in force${when}: its agreement "${outOfForce.entity.name}" was not; ${outOfForce.reason} Nothing backs it then.`;
  else if (grounded) {
    message =
      `"${row.activity.name}" is backed${when} by ${plural(legislation.length, 'piece')} of legislation (${plural(provisions.length, 'provision')}, ${plural(duties.length, 'duty')}) and ${plural(nationalCount, 'national strategy')}`
        .replace('strategys', 'strategies')
        .replace('dutys', 'duties') +
      `; ${plural(short, 'chain')} end${short === 1 ? 's' : ''} short of legislation or a national strategy` +
      (toBodies === 0 ? '.' : `, and ${plural(toBodies, 'chain')} name${toBodies === 1 ? 's' : ''} the bodies that lead it, made it or are bound to do it.`);
  } else {
    message = `Nothing statutory or national backs "${row.activity.name}"${when}: none of its ${plural(paths.length, 'chain')} reaches legislation or a national strategy.`;
  }
  // Said in the sentence as well as on each chain, so a reader of the message alone cannot take an editor's link for a dataset's.
  const editorMade = paths.filter((p) => p.editorMade && p.grounded).length;
  if (editorMade > 0) {
    message += ` ${editorMade} of the grounded chains rest${editorMade === 1 ? 's' : ''} on a link an editor made through the API (assertedBy EDITOR), not on a seed dataset.`;
  }
  return {
    activity: row.activity,
    asOf,
    paths,
    legislation,
    provisions,
    duties,
    strategies,
    outcomes,
    grounded,
    unbacked: !grounded,
    message,
    inForce: row.inForce,
    outOfForce,
  };
}

/** The first of the activity and its agreements that is not in force on the day, and why. */
function whyOutOfForce(dated: TraceRow['dated'], day: string): { entity: EntityRef; reason: string } {
  for (const { ref, dates } of dated) {
    const reason = outOfForceReason(ref.type, dates, day);
    if (reason !== null) return { entity: ref, reason };
  }
  const first = dated[0];
  if (first === undefined) throw new GoldenThreadError(ErrorCode.INTERNAL_SERVER_ERROR, 'A trace answer names no activity.');
  return { entity: first.ref, reason: 'It is not in force then.' };
}

/*
 * The renderings are the Trace type's own field resolvers (src/schema/resolvers.ts), so they are
 * drawn only when a client selects them: together about a millisecond of the API's one thread
 * per trace on the Lancashire graph, and most callers want the chains, not the drawings.
 */

export function traceMermaid(trace: Trace): string {
  return renderMermaid({ nodes: [trace.activity], edges: pathEdges(trace.paths), highlight: [trace.activity.id] });
}

export function traceJsonLd(trace: Trace): string {
  return renderTraceJsonLd({ subject: trace.activity, asOf: trace.asOf, paths: trace.paths });
}
