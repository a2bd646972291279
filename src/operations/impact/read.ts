/** Reading one page of an impact answer from the database. */
import neo4j from 'neo4j-driver';
import { describeDriverError, type Database } from '../../database/driver.js';
import { ErrorCode, GoldenThreadError } from '../../errors.js';
import { ALL_EVIDENCE, outOfForceReason, type DatedProperties, type EvidenceFilter } from '../../model/index.js';
import type { PathNodeRow, PathRelRow, PathRow } from '../rows.js';
import type { EntityRef } from '../shapes.js';
import { compareKey } from './paging.js';
import { THREAD } from '../queries.js';
import { chainTo, onWayTo, rows, walk, type Reached } from './walk.js';

type DependentType = 'AGREEMENT' | 'ACTIVITY' | 'PROGRAMME';

/** Work that would hang on the subject, but whose agreement was not in force on the day. */
export interface OutOfForce {
  readonly entity: EntityRef;
  readonly reason: string;
}

/** One partnership's share of an impact answer: an agreement, who made it, and its work that depends on the subject. */
export interface ImpactPartnership {
  readonly agreement: EntityRef;
  readonly madeBy: readonly EntityRef[];
  readonly activityCount: number;
  readonly activities: readonly EntityRef[];
}

/** What the walk read, before it is rendered: one page of dependents with their chains. */
export interface ImpactReading {
  readonly subject: EntityRef;
  /** Why the subject is not in force on the day, or null. */
  readonly subjectOutOfForce: string | null;
  readonly counts: Readonly<Record<DependentType, number>>;
  readonly page: readonly { readonly entity: EntityRef; readonly hops: number; readonly chain: PathRow }[];
  readonly hasNextPage: boolean;
  readonly partnerships: readonly ImpactPartnership[];
  readonly outOfForce: readonly OutOfForce[];
}

interface SubjectRow extends Record<string, unknown> {
  readonly subject: PathNodeRow;
  readonly node: string;
  readonly open: boolean;
  readonly dates: DatedProperties;
}

interface ScopeRow extends Record<string, unknown> {
  readonly node: string;
  readonly agreements: readonly {
    readonly agreement: EntityRef;
    readonly node: string;
    readonly rel: string;
    readonly inForce: boolean;
    readonly dates: DatedProperties;
    readonly madeBy: readonly EntityRef[];
    readonly partners: readonly string[];
  }[];
}

interface HopRow extends Record<string, unknown> {
  readonly rel: string;
  readonly type: string;
  readonly start: string;
  readonly evidence: PathRelRow['evidence'];
}

interface Dependent {
  readonly entity: EntityRef;
  /** The state whose chain is this dependent's, and for an agreement the HAS_ACTIVITY hop that ends it. */
  readonly key: string;
  readonly tail: { readonly node: PathNodeRow; readonly rel: string } | null;
}

const byName = (a: EntityRef, b: EntityRef) => compareKey(a, b);

/**
 * Reads one page of an impact answer in one read transaction (element ids are only stable
 * within one). Undefined when no entity has the id. The cost follows what depends on the
 * subject, not the size of the graph, and only the page's chains carry evidence.
 */
export async function readImpact(
  db: Database,
  args: { id: string; asOf: string | null; first: number; after: { name: string; id: string } | null; evidence?: EvidenceFilter },
): Promise<ImpactReading | undefined> {
  const session = db.driver.session({ database: db.name, defaultAccessMode: neo4j.session.READ });
  try {
    return await session.executeRead(
      async (tx) => {
        const [head] = await rows<SubjectRow>(tx, 'impact', { id: args.id, asOf: args.asOf, thread: THREAD });
        if (head === undefined) return undefined;
        const subject: EntityRef = { id: head.subject.id, type: head.subject.type, name: head.subject.name };
        const subjectOutOfForce =
          head.open || args.asOf === null ? null : (outOfForceReason(subject.type, head.dates, args.asOf) ?? 'It is not in force then.');
        const { states, below } = head.open
          ? await walk(tx, head.node, head.subject, { asOf: args.asOf, evidence: args.evidence ?? ALL_EVIDENCE })
          : { states: new Map<string, Reached>(), below: new Map<string, Set<string>>() };

        // The activities reached, then their agreements and partnerships: an activity counts when its
        // agreement is in force and, after a partnersOnly step, when the subject is its partner.
        const activityStates = [...states.entries()].filter(([, s]) => s.row.type === 'ACTIVITY' && s.hops > 0);
        const activityNodes = [...new Set(activityStates.map(([, s]) => s.node))];
        const scope = new Map(
          (await rows<ScopeRow>(tx, 'impact-scope', { activities: activityNodes, asOf: args.asOf, thread: THREAD })).map((r) => [r.node, r]),
        );
        const kept = new Map<string, string>();
        const qualifying: string[] = [];
        const outOfForce = new Map<string, OutOfForce>();
        for (const [key, state] of activityStates) {
          const agreements = scope.get(state.node)?.agreements ?? [];
          if (state.partnersOnly && !agreements.some((g) => g.partners.includes(subject.id))) continue;
          const closed = agreements.filter((g) => !g.inForce);
          if (closed.length > 0) {
            for (const g of closed)
              outOfForce.set(g.agreement.id, {
                entity: g.agreement,
                reason: (args.asOf === null ? null : outOfForceReason(g.agreement.type, g.dates, args.asOf)) ?? 'It is not in force then.',
              });
            continue;
          }
          qualifying.push(key);
          const best = kept.get(state.node);
          if (best === undefined || (states.get(best)?.hops ?? Infinity) > state.hops) kept.set(state.node, key);
        }

        const dependents: Dependent[] = [];
        const partnerships = new Map<string, { agreement: EntityRef; madeBy: readonly EntityRef[]; activities: EntityRef[] }>();
        for (const [node, key] of kept) {
          const state = states.get(key) as Reached;
          const entity: EntityRef = { id: state.row.id, type: state.row.type, name: state.row.name };
          dependents.push({ entity, key, tail: null });
          for (const g of scope.get(node)?.agreements ?? []) {
            const group = partnerships.get(g.agreement.id) ?? { agreement: g.agreement, madeBy: g.madeBy, activities: [] };
            group.activities.push(entity);
            if (partnerships.has(g.agreement.id)) continue;
            partnerships.set(g.agreement.id, group);
            // The subject is not its own dependent: an agreement's work is its activities.
            if (g.agreement.id !== subject.id)
              dependents.push({ entity: g.agreement, key, tail: { node: { ...g.agreement, scope: null, kind: null }, rel: g.rel } });
          }
        }
        // Programmes on some chain from the subject to a counted activity.
        for (const key of onWayTo(qualifying, below)) {
          const state = states.get(key);
          if (state === undefined || state.row.type !== 'PROGRAMME' || state.hops === 0) continue;
          if (dependents.some((d) => d.entity.id === state.row.id)) continue;
          dependents.push({ entity: { id: state.row.id, type: state.row.type, name: state.row.name }, key, tail: null });
        }

        const counts: Record<DependentType, number> = { AGREEMENT: 0, ACTIVITY: 0, PROGRAMME: 0 };
        for (const d of dependents) counts[d.entity.type as DependentType] += 1;
        const candidates = dependents.filter((d) => args.after === null || compareKey(d.entity, args.after) > 0).sort((a, b) => byName(a.entity, b.entity));
        const chosen = candidates.slice(0, args.first);
        const chains = chosen.map((d) => {
          const chain = chainTo(d.key, states);
          return d.tail === null ? chain : { nodes: [...chain.nodes, d.tail.node], rels: [...chain.rels, d.tail.rel] };
        });
        const relIds = [...new Set(chains.flatMap((chain) => chain.rels))];
        const hops = new Map((await rows<HopRow>(tx, 'impact-hops', { rels: relIds })).map((hop) => [hop.rel, hop]));
        const page = chosen.map((d, i) => {
          const chain = chains[i] as (typeof chains)[number];
          const rels: PathRelRow[] = chain.rels.map((rel) => {
            const hop = hops.get(rel);
            if (hop === undefined)
              throw new GoldenThreadError(ErrorCode.INTERNAL_SERVER_ERROR, `A relationship on an impact chain (${rel}) could not be read back.`);
            return { type: hop.type, start: hop.start, evidence: hop.evidence };
          });
          return { entity: d.entity, hops: rels.length, chain: { nodes: chain.nodes, rels } };
        });
        return {
          subject,
          subjectOutOfForce,
          counts,
          page,
          hasNextPage: candidates.length > chosen.length,
          partnerships: [...partnerships.values()]
            .map((p) => ({
              agreement: p.agreement,
              madeBy: [...p.madeBy].sort(byName),
              activityCount: p.activities.length,
              activities: p.activities.sort(byName),
            }))
            .sort((a, b) => byName(a.agreement, b.agreement)),
          outOfForce: [...outOfForce.values()].sort((a, b) => byName(a.entity, b.entity)),
        };
      },
      { timeout: db.queryTimeoutMs },
    );
  } catch (error) {
    throw describeDriverError(error, db.target);
  } finally {
    await session.close();
  }
}
