/** impact(id, asOf, first, after): what local work depends on an entity, a page at a time, each with one chain. */
import type { Database } from '../database/driver.js';
import { ErrorCode, GoldenThreadError } from '../errors.js';
import { pricedPage, type OperationCost } from './cost.js';
import { readImpact, type ImpactPartnership, type OutOfForce } from './impact/read.js';
import { decodeCursor, encodeCursor, IMPACT_DEFAULT_FIRST, IMPACT_MAX_FIRST, impactLimit } from './impact/paging.js';
import { parseAsOf, parseEvidence, requireId } from './input.js';
import { notFoundMessage, type Loaders } from './loaders.js';
import { renderMermaid } from './render/mermaid.js';
import { toTracePath } from './rows.js';
import type { EntityRef, TracePath } from './shapes.js';
import { pathEdges } from './trace.js';

// bench/run.ts measures the read on its own.
export { IMPACT_DEFAULT_FIRST } from './impact/paging.js';
export { readImpact, type ImpactPartnership, type OutOfForce } from './impact/read.js';

/** Walks the whole dependency set once, then builds one chain per dependent on the page. */
export const impactCost: OperationCost = (args, child) => 100 + pricedPage(args.first, IMPACT_DEFAULT_FIRST, IMPACT_MAX_FIRST) + child;

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
  /** Why the subject is not in force on asOf, or null. */
  readonly subjectOutOfForce: string | null;
  /** Every dependent activity, grouped by the agreement (partnership) it belongs to. */
  readonly partnerships: readonly ImpactPartnership[];
  /** Agreements whose work would depend on the subject but which were not in force on asOf, each with why. */
  readonly outOfForce: readonly OutOfForce[];
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export async function impact(
  db: Database,
  args: { id: unknown; asOf?: unknown; first?: unknown; after?: unknown; basis?: unknown; verifiedOnly?: unknown },
  loaders?: Loaders,
): Promise<Impact> {
  const id = requireId(args.id, 'id');
  const asOf = parseAsOf(args.asOf);
  const first = impactLimit(args.first);
  const after = decodeCursor(args.after);
  const evidence = parseEvidence(args.basis, args.verifiedOnly);
  const reading = await readImpact(db, { id, asOf, first, after, evidence });
  if (reading === undefined) throw new GoldenThreadError(ErrorCode.NOT_FOUND, await notFoundMessage(loaders, 'entity', id));
  const dependents: ImpactDependent[] = reading.page.map((d) => ({
    entity: d.entity,
    hops: d.hops,
    path: toTracePath(d.chain),
    cursor: encodeCursor(d.entity),
  }));
  const ofType = (type: EntityRef['type']) => dependents.filter((d) => d.entity.type === type).map((d) => d.entity);
  const paths = dependents.map((d) => d.path);
  const { AGREEMENT: agreementCount, ACTIVITY: activityCount, PROGRAMME: programmeCount } = reading.counts;
  const totalCount = agreementCount + activityCount + programmeCount;
  const name = reading.subject.name;
  const when = asOf === null ? '' : ` as at ${asOf}`;
  const partnerships = reading.partnerships.length;
  const across = partnerships > 1 ? ` across ${plural(partnerships, 'partnership', 'partnerships')}` : '';
  let message =
    totalCount === 0
      ? `No local work depends on "${name}"${when}.`
      : `Changing "${name}" touches${when} ${plural(activityCount, 'activity', 'activities')} and ${plural(programmeCount, 'programme', 'programmes')} in ${plural(agreementCount, 'agreement', 'agreements')}${across}.`;
  if (reading.subjectOutOfForce !== null) message = `"${name}" is not in force${when}: ${reading.subjectOutOfForce} No local work depends on it then.`;
  else if (reading.outOfForce.length > 0)
    message += ` The work of ${plural(reading.outOfForce.length, 'agreement', 'agreements')} not in force then is left out (see outOfForce).`;
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
    subjectOutOfForce: reading.subjectOutOfForce,
    partnerships: reading.partnerships,
    outOfForce: reading.outOfForce,
  };
}
