/** impact(id, asOf): what local work depends on an entity, and by which paths. */
import { cypher } from '../database/cypher.js';
import type { Database } from '../database/driver.js';
import { ErrorCode } from '../errors.js';
import { notFoundMessage, type Loaders } from './loaders.js';
import { clientError, parseAsOf, requireId, sortRefs, toTracePath, type EntityRef, type PathRow, type TracePath } from './model.js';
import { renderMermaid } from './render/mermaid.js';
import { pathEdges } from './trace.js';

export interface Impact {
  readonly subject: EntityRef;
  readonly asOf: string | null;
  readonly agreements: readonly EntityRef[];
  readonly activities: readonly EntityRef[];
  readonly programmes: readonly EntityRef[];
  readonly paths: readonly TracePath[];
  readonly message: string;
  readonly mermaid: string;
}

interface ImpactRow extends Record<string, unknown> {
  readonly subject: EntityRef;
  readonly paths: readonly PathRow[];
}

function ends(rows: readonly PathRow[], type: EntityRef['type']): EntityRef[] {
  const found = new Map<string, EntityRef>();
  for (const row of rows) {
    for (const node of row.nodes.slice(1)) if (node.type === type && !found.has(node.id)) found.set(node.id, { id: node.id, type: node.type, name: node.name });
  }
  return sortRefs([...found.values()]);
}

export async function impact(db: Database, args: { id: unknown; asOf?: unknown }, loaders?: Loaders): Promise<Impact> {
  const id = requireId(args.id, 'id');
  const asOf = parseAsOf(args.asOf);
  const [row] = await db.run<ImpactRow>(cypher('queries/impact'), { id, asOf }, 'READ');
  if (row === undefined) throw clientError(ErrorCode.NOT_FOUND, await notFoundMessage(loaders, 'entity', id));
  const agreements = ends(row.paths, 'AGREEMENT');
  const activities = ends(row.paths, 'ACTIVITY');
  const programmes = ends(row.paths, 'PROGRAMME');
  // A chain to an agreement through one of its activities says nothing the activity's chain does not.
  const kept = row.paths.filter((path) => {
    const last = path.nodes[path.nodes.length - 1];
    return !(last?.type === 'AGREEMENT' && path.nodes.slice(1, -1).some((node) => node.type === 'ACTIVITY'));
  });
  const paths = kept.map(toTracePath);
  const when = asOf === null ? '' : ` as at ${asOf}`;
  const message = activities.length + programmes.length + agreements.length === 0
    ? `No local work depends on "${row.subject.name}"${when}.`
    : `Changing "${row.subject.name}" touches${when} ${activities.length} activit${activities.length === 1 ? 'y' : 'ies'} and ${programmes.length} programme${programmes.length === 1 ? '' : 's'} in ${agreements.length} agreement${agreements.length === 1 ? '' : 's'}.`;
  return {
    subject: row.subject,
    asOf,
    agreements,
    activities,
    programmes,
    paths,
    message,
    mermaid: renderMermaid({ direction: 'RL', nodes: [row.subject], edges: pathEdges(paths), highlight: [row.subject.id] }),
  };
}
