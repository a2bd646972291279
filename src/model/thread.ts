/**
 * The golden thread's grammar: which relationships lead from local work up to law and national
 * strategy, and the two rules every walk shares ("in force on a day", "a national strategy").
 * trace and impact walk these steps; coverage and alignment share the two rules; path follows any
 * relationship in either direction, so it has no grammar of its own. The Cypher in cypher/queries
 * takes these as parameters ($thread) or as the fragments rendered below, never as its own copy.
 */
import type { RelationshipType } from './relationships.js';
import type { EntityType } from './entities.js';

/** One step of the upward walk: follow `type` in `direction` from the node reached so far. */
export interface ThreadStep {
  readonly type: RelationshipType;
  /** 'out': along the stored direction; 'in': against it. */
  readonly direction: 'out' | 'in';
  /**
   * The last position in a chain (0 = the activity's own hop) where this step may be taken, so a
   * chain never wanders from one programme through a shared priority into another's work.
   */
  readonly maxPosition?: number;
}

/** trace: the steps from an activity up to the duties, law and strategies that back it. */
export const TRACE_STEPS: readonly ThreadStep[] = [
  { type: 'DISCHARGES', direction: 'out' },
  { type: 'IMPOSED_BY', direction: 'out' },
  { type: 'PART_OF', direction: 'out' },
  { type: 'SUPPORTS', direction: 'out' },
  { type: 'UNDER', direction: 'out' },
  { type: 'REQUIRED_BY', direction: 'out' },
  { type: 'CONTRIBUTES_TO', direction: 'out', maxPosition: 1 },
  { type: 'ADDRESSES', direction: 'out', maxPosition: 0 },
  { type: 'DELIVERED_THROUGH', direction: 'out', maxPosition: 1 },
  { type: 'HAS_ACTIVITY', direction: 'in' },
  { type: 'SUCCEEDED_BY', direction: 'out' },
];

/** A chain ends when it reaches one of these: the law itself. */
export const TRACE_STOPS_AT: readonly EntityType[] = ['Legislation'];

/** The longest chain trace walks. */
export const TRACE_MAX_HOPS = 8;

/**
 * impact: the steps from an entity down to what depends on it. A dependent is reached against
 * the direction of these types, or along LEADS (a body's work depends on the body).
 */
export const IMPACT_STEPS: readonly ThreadStep[] = [
  ...(
    [
      'PART_OF',
      'IMPOSED_BY',
      'DISCHARGES',
      'SUPPORTS',
      'UNDER',
      'REQUIRED_BY',
      'CONSTITUTED_UNDER',
      'CONTRIBUTES_TO',
      'ADDRESSES',
      'DELIVERED_THROUGH',
      'HAS_ACTIVITY',
      'HAS_PRIORITY',
      'HAS_OUTCOME',
      'CITES',
      'AMENDED_BY',
      'COMMENCED_BY',
      'SUCCEEDED_BY',
      'MADE_BY',
      'BINDS',
    ] as const
  ).map((type): ThreadStep => ({ type, direction: 'in' })),
  { type: 'LEADS', direction: 'out' },
];

/** impact does not walk on from these: an agreement's dependents are its own, not its makers'. */
export const IMPACT_STOPS_AT: readonly EntityType[] = ['Agreement'];

/** What impact counts and lists as a dependent: local work. */
export const IMPACT_DEPENDENTS: readonly EntityType[] = ['Agreement', 'Activity', 'Programme'];

/** The longest chain impact follows. */
export const IMPACT_MAX_HOPS = 8;

/**
 * A step whose `validFrom` starts the new node's life (a successor): the node it leaves need not
 * itself be in force on the day.
 */
export const SUCCESSION: RelationshipType = 'SUCCEEDED_BY';

/** The grammar as query parameters: what trace.cypher and impact-step.cypher take as $thread. */
export interface ThreadParameters {
  /** APOC's relationshipFilter for trace: 'DISCHARGES>|…|<HAS_ACTIVITY'. */
  readonly traceFilter: string;
  /** Relationship type → the last position it may take in a trace chain. */
  readonly traceMaxPosition: Readonly<Record<string, number>>;
  readonly traceStopsAt: readonly string[];
  readonly traceMaxHops: number;
  readonly impactIn: readonly string[];
  readonly impactOut: readonly string[];
  readonly impactStopsAt: readonly string[];
  readonly succession: string;
}

export function threadParameters(): ThreadParameters {
  return {
    traceFilter: TRACE_STEPS.map((s) => (s.direction === 'out' ? `${s.type}>` : `<${s.type}`)).join('|'),
    traceMaxPosition: Object.fromEntries(TRACE_STEPS.flatMap((s) => (s.maxPosition === undefined ? [] : [[s.type, s.maxPosition]]))),
    traceStopsAt: TRACE_STOPS_AT,
    traceMaxHops: TRACE_MAX_HOPS,
    impactIn: IMPACT_STEPS.filter((s) => s.direction === 'in').map((s) => s.type),
    impactOut: IMPACT_STEPS.filter((s) => s.direction === 'out').map((s) => s.type),
    impactStopsAt: IMPACT_STOPS_AT,
    succession: SUCCESSION,
  };
}

/**
 * "National": a strategy set nationally. What a chain must reach, with legislation or a
 * provision of it, to be grounded.
 */
export const NATIONAL_SCOPE = 'NATIONAL';
/**
 * Strategy kinds that inform work without backing it: a national review or inspection report is
 * not a strategy an activity delivers, so it never counts as national backing.
 */
export const NOT_BACKING_KINDS: readonly string[] = ['REVIEW', 'ASSESSMENT', 'STANDARD', 'REPORT'];
export const GROUNDING_TYPES: readonly EntityType[] = ['Legislation', 'Provision'];

interface NodeKind {
  readonly type: string;
  readonly scope?: string | null;
  /** The strategy's kind; a node read without it is judged by its scope alone. */
  readonly kind?: string | null;
}

/** Whether a node (as the queries return it: type in capitals, scope, kind) is a national strategy. */
export function isNationalStrategy(node: NodeKind): boolean {
  return node.type === 'STRATEGY' && node.scope === NATIONAL_SCOPE && !NOT_BACKING_KINDS.includes(node.kind ?? '');
}

/** Whether a node on a chain grounds it: law, or a national strategy. */
export function isGrounding(node: NodeKind): boolean {
  return GROUNDING_TYPES.some((t) => t.toUpperCase() === node.type) || isNationalStrategy(node);
}

/**
 * Cypher fragments, written once and placed into the named queries where they write
 * `{{name variable}}` (src/operations/queries.ts). Each assumes `day` (a date or null) in scope.
 */
export const CYPHER_FRAGMENTS: Readonly<Record<string, (variable: string) => string>> = {
  /** In force on `day`: no date given, or validFrom <= day <= validTo, a missing end open. */
  inForce: (x) => `(day IS NULL OR ((${x}.validFrom IS NULL OR ${x}.validFrom <= day) AND (${x}.validTo IS NULL OR ${x}.validTo >= day)))`,
  /** A strategy set nationally, of a kind that backs work (not a review, assessment, standard or report). */
  national: (x) => `(${x}.scope = '${NATIONAL_SCOPE}' AND NOT coalesce(${x}.kind, '') IN [${NOT_BACKING_KINDS.map((k) => `'${k}'`).join(', ')}])`,
  /** Any strategy not set nationally (no scope counts as local). */
  local: (x) => `coalesce(${x}.scope, '') <> '${NATIONAL_SCOPE}'`,
};
