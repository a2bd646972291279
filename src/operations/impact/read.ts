/** Reading one page of an impact answer from the database. */
import neo4j from 'neo4j-driver';
import { describeDriverError, type Database } from '../../database/driver.js';
import { ErrorCode, GoldenThreadError } from '../../errors.js';
import { IMPACT_DEPENDENTS, typeName } from '../../model/index.js';
import type { PathNodeRow, PathRelRow, PathRow } from '../rows.js';
import type { EntityRef } from '../shapes.js';
import { compareKey } from './paging.js';
import { THREAD } from '../queries.js';
import { chainTo, rows, walk, type Reached } from './walk.js';

const DEPENDENT_TYPES: readonly EntityRef['type'][] = IMPACT_DEPENDENTS.map(typeName);

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

interface HopRow extends Record<string, unknown> {
  readonly rel: string;
  readonly type: string;
  readonly start: string;
  readonly evidence: PathRelRow['evidence'];
}

/**
 * Reads one page of an impact answer in one read transaction (element ids are only stable
 * within one). Undefined when no entity has the id. The cost follows what depends on the
 * subject, not the size of the graph, and only the page's chains carry evidence.
 */
export async function readImpact(
  db: Database,
  args: { id: string; asOf: string | null; first: number; after: { name: string; id: string } | null },
): Promise<ImpactReading | undefined> {
  const session = db.driver.session({ database: db.name, defaultAccessMode: neo4j.session.READ });
  try {
    return await session.executeRead(
      async (tx) => {
        const [head] = await rows<SubjectRow>(tx, 'impact', { id: args.id, asOf: args.asOf, thread: THREAD });
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
        const hops = new Map((await rows<HopRow>(tx, 'impact-hops', { rels: relIds })).map((hop) => [hop.rel, hop]));
        const page = chosen.map((dependent, i) => {
          const chain = chains[i]!;
          const rels: PathRelRow[] = chain.rels.map((rel) => {
            const hop = hops.get(rel);
            if (hop === undefined)
              throw new GoldenThreadError(ErrorCode.INTERNAL_SERVER_ERROR, `A relationship on an impact chain (${rel}) could not be read back.`);
            return { type: hop.type, start: hop.start, evidence: hop.evidence };
          });
          return { entity: dependent.entity, hops: dependent.hops, chain: { nodes: chain.nodes, rels } };
        });
        return { subject, counts, page, hasNextPage: candidates.length > chosen.length };
      },
      { timeout: db.queryTimeoutMs },
    );
  } catch (error) {
    throw describeDriverError(error, db.target);
  } finally {
    await session.close();
  }
}
