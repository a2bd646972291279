/**
 * The golden thread's grammar, defined once: which relationships lead from local work up to law,
 * national strategy and the bodies behind it, where a chain stops, and the rules every walk shares
 * ("in force on a day", "a national strategy", "a partnership", the evidence filter). trace walks
 * the steps up from an activity; impact walks the same steps down and keeps exactly the activities
 * whose trace reaches its subject; coverage and alignment read parts of it with fixed patterns
 * (checked against it by test/unit/grammar-queries.test.ts); path follows its steps up from one
 * entity to the other, or from the other up to the one, never a relationship outside it. The Cypher in cypher/queries takes these as
 * parameters ($thread) or as the fragments rendered below, never as its own copy.
 */
import { RELATIONSHIPS, type RelationshipType } from './relationships.js';
import type { EntityType } from './entities.js';
import type { EvidenceBasis } from './enums.js';

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
  /**
   * The body this step reaches counts only when it is a partner of the activity's partnership
   * (PARTNERSHIP below): a duty binds every police force, but a force is bound to do only its own
   * partnership's work, never another's.
   */
  readonly partnersOnly?: boolean;
}

/**
 * The golden thread, once: the steps from local work (an activity) up to the duties, law,
 * strategies and bodies behind it. trace walks them up from an activity; impact walks the same
 * steps down from a subject and keeps exactly the activities whose trace reaches it; coverage and
 * alignment read parts of it (test/unit/grammar-queries.test.ts fails when their patterns use a
 * relationship or a direction the thread does not have).
 */
export const THREAD_STEPS: readonly ThreadStep[] = [
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
  // Who: the body that leads the activity itself, the partnership that made its agreement (or a
  // strategy on its chain), and the partners a duty it discharges binds.
  { type: 'LEADS', direction: 'in', maxPosition: 0 },
  { type: 'MADE_BY', direction: 'out', partnersOnly: true },
  { type: 'BINDS', direction: 'out', partnersOnly: true },
];

/** trace's name for the thread (kept for readers of the model). */
export const TRACE_STEPS: readonly ThreadStep[] = THREAD_STEPS;

/**
 * Where a chain ends: the law, and the bodies. A chain may pass a stop only over one of its
 * `continuesOver` steps: a statutory instrument or a code goes on, over UNDER, to the section of
 * the Act it is made or issued under, wherever the graph knows it.
 */
export interface ThreadStop {
  readonly type: EntityType;
  readonly continuesOver: readonly RelationshipType[];
}
export const THREAD_STOPS: readonly ThreadStop[] = [
  { type: 'Legislation', continuesOver: ['UNDER'] },
  { type: 'Organisation', continuesOver: [] },
  { type: 'Board', continuesOver: [] },
];
export const TRACE_STOPS_AT: readonly EntityType[] = THREAD_STOPS.map((s) => s.type);

/** The entity types a step can reach (RELATIONSHIPS), '*' when any. */
export function stepReaches(step: ThreadStep): readonly (EntityType | '*')[] {
  return RELATIONSHIPS[step.type].links.map((l) => (step.direction === 'out' ? l.to : l.from));
}

/**
 * Whether a step always ends a chain: everything it can reach is a stop that no step leaves (a
 * body). trace walks the other steps and takes these as a chain's last hop: a shared duty binds
 * every partnership's bodies, thousands of them, and only the activity's own partners count.
 */
export function isLastStep(step: ThreadStep): boolean {
  return stepReaches(step).every((type) => THREAD_STOPS.some((s) => s.type === type && s.continuesOver.length === 0));
}

/** The longest chain, in relationships. */
export const TRACE_MAX_HOPS = 8;
export const IMPACT_MAX_HOPS = TRACE_MAX_HOPS;

/** Where every chain starts: local work. */
export const THREAD_START: EntityType = 'Activity';

/**
 * impact: the thread walked down. Each step is taken against its trace direction; the same stops,
 * positions, partner rule and dates apply, so the activities it reaches are exactly those whose
 * trace reaches the subject (test/read/grammar.test.ts checks it on every seeded activity).
 */
export const IMPACT_STEPS: readonly ThreadStep[] = THREAD_STEPS.map((s) => ({ ...s, direction: s.direction === 'out' ? 'in' : 'out' }));

/**
 * What impact lists as dependents: the activities, the programmes on their chains to the
 * subject, and the agreements they belong to.
 */
export const IMPACT_DEPENDENTS: readonly EntityType[] = ['Agreement', 'Activity', 'Programme'];

/**
 * A partnership: the bodies that made an agreement, and the organisations and boards that are
 * members of those (one step). A body's work in the thread is its work in these.
 */
export const PARTNERSHIP = { madeBy: 'MADE_BY', memberOf: 'MEMBER_OF', bodies: ['Organisation', 'Board'] } as const satisfies {
  madeBy: RelationshipType;
  memberOf: RelationshipType;
  bodies: readonly EntityType[];
};

/**
 * A step whose `validFrom` starts the new node's life (a successor): the node it leaves need not
 * itself be in force on the day.
 */
export const SUCCESSION: RelationshipType = 'SUCCEEDED_BY';

/**
 * When an entity is in force: each window's start and end property (missing = open), for every
 * entity or only for one type; a date's precision companion (`validToPrecision`: MONTH or YEAR)
 * widens it to the whole month or year. An agreement is in force only within its period too.
 */
export interface ValidityWindow {
  readonly from: string;
  readonly to: string;
  readonly of?: EntityType;
}
export const VALIDITY: readonly ValidityWindow[] = [
  { from: 'validFrom', to: 'validTo' },
  { from: 'periodStart', to: 'periodEnd', of: 'Agreement' },
];

/** How much of a date the source gives, and how far it reaches. */
const PRECISION_UNITS = { MONTH: 'month', YEAR: 'year' } as const;

/** The first and last day a date stands for, given its precision (DAY when missing). */
export function dateSpan(date: string, precision: string | null | undefined): { first: string; last: string } {
  const [y, m] = [Number(date.slice(0, 4)), Number(date.slice(5, 7))];
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  if (precision === 'YEAR') return { first: `${date.slice(0, 4)}-01-01`, last: `${date.slice(0, 4)}-12-31` };
  if (precision === 'MONTH') return { first: `${date.slice(0, 7)}-01`, last: iso(new Date(Date.UTC(y, m, 0))) };
  return { first: date, last: date };
}

/** An entity's dates as the queries return them (yyyy-mm-dd strings), by property name. */
export type DatedProperties = Readonly<Record<string, string | null | undefined>>;

/** The first validity window (VALIDITY) that leaves `day` (yyyy-mm-dd) out, and why in words; null when the entity is in force. */
export function outOfForceWindow(type: string, props: DatedProperties, day: string): { window: ValidityWindow; reason: string } | null {
  for (const w of VALIDITY) {
    if (w.of !== undefined && w.of.toUpperCase() !== type) continue;
    const from = props[w.from];
    const to = props[w.to];
    const start = from ? dateSpan(from, props[`${w.from}Precision`]).first : null;
    const end = to ? dateSpan(to, props[`${w.to}Precision`]).last : null;
    const span = `${w.from} ${start ?? 'open'} to ${w.to} ${end ?? 'open'}`;
    if (start !== null && day < start) return { window: w, reason: `${day} is before it begins (${span}).` };
    if (end !== null && day > end) return { window: w, reason: `${day} is after it ends (${span}).` };
  }
  return null;
}

/** Why an entity is not in force on `day` (yyyy-mm-dd), in words; null when it is. */
export function outOfForceReason(type: string, props: DatedProperties, day: string): string | null {
  return outOfForceWindow(type, props, day)?.reason ?? null;
}

/** Which evidence a walk may cross: the bases it accepts, and whether unverified links count. */
export interface EvidenceFilter {
  readonly basis: readonly EvidenceBasis[];
  readonly verifiedOnly: boolean;
}
export const ALL_EVIDENCE: EvidenceFilter = { basis: ['STATED', 'EXTERNAL', 'INFERRED'], verifiedOnly: false };

/** Strongest first: the source's own words, a checked outside fact, our inference. */
export const BASIS_STRENGTH: readonly EvidenceBasis[] = ['STATED', 'EXTERNAL', 'INFERRED'];

/** The grammar as query parameters: what trace.cypher and impact-step.cypher take as $thread. */
export interface ThreadParameters {
  /**
   * APOC's relationshipFilter for trace's walk: the steps that are not last steps (isLastStep),
   * one list per position in a chain (0 = the activity's own hop, up to TRACE_MAX_HOPS - 1), each
   * with only the steps its maxPosition allows there: 'DISCHARGES>|…|<HAS_ACTIVITY,DISCHARGES>|…'.
   */
  readonly traceWalk: string;
  /** The last steps, in the thread's order: each taken after the walk, from any chain it may end. */
  readonly traceLast: readonly {
    readonly type: string;
    readonly direction: 'out' | 'in';
    readonly partnersOnly: boolean;
    readonly maxPosition: number | null;
  }[];
  /** Relationship type → its place among the steps: the order a node's next hops are found in. */
  readonly stepOrder: Readonly<Record<string, number>>;
  /** The same steps as two lists: the types walked up along their stored direction, and against it. */
  readonly up: { readonly out: readonly string[]; readonly in: readonly string[] };
  /** Relationship type → the last position it may take in a trace chain. */
  readonly traceMaxPosition: Readonly<Record<string, number>>;
  /** Stop label → the relationship types a chain may leave it by. */
  readonly stops: Readonly<Record<string, readonly string[]>>;
  readonly partnersOnly: readonly string[];
  readonly traceMaxHops: number;
  /** impact's walk down: types followed against their stored direction, and along it. */
  readonly impactIn: readonly string[];
  readonly impactOut: readonly string[];
  readonly succession: string;
  /** The properties that say when an entity is in force, with their precision companions. */
  readonly dated: readonly string[];
}

export function threadParameters(): ThreadParameters {
  return {
    traceWalk: Array.from({ length: TRACE_MAX_HOPS }, (_, position) =>
      THREAD_STEPS.filter((s) => !isLastStep(s) && (s.maxPosition ?? position) >= position)
        .map((s) => (s.direction === 'out' ? `${s.type}>` : `<${s.type}`))
        .join('|'),
    ).join(','),
    stepOrder: Object.fromEntries(THREAD_STEPS.map((s, i) => [s.type, i])),
    traceLast: THREAD_STEPS.filter(isLastStep).map((s) => ({
      type: s.type,
      direction: s.direction,
      partnersOnly: s.partnersOnly === true,
      maxPosition: s.maxPosition ?? null,
    })),
    up: { out: THREAD_STEPS.filter((s) => s.direction === 'out').map((s) => s.type), in: THREAD_STEPS.filter((s) => s.direction === 'in').map((s) => s.type) },
    traceMaxPosition: Object.fromEntries(THREAD_STEPS.flatMap((s) => (s.maxPosition === undefined ? [] : [[s.type, s.maxPosition]]))),
    stops: Object.fromEntries(THREAD_STOPS.map((s) => [s.type, s.continuesOver])),
    partnersOnly: THREAD_STEPS.filter((s) => s.partnersOnly === true).map((s) => s.type),
    traceMaxHops: TRACE_MAX_HOPS,
    impactIn: IMPACT_STEPS.filter((s) => s.direction === 'in').map((s) => s.type),
    impactOut: IMPACT_STEPS.filter((s) => s.direction === 'out').map((s) => s.type),
    succession: SUCCESSION,
    dated: VALIDITY.flatMap((w) => [w.from, w.to, `${w.from}Precision`, `${w.to}Precision`]),
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
/** A date property as the first (or last) day it stands for, given its precision companion. */
function firstDay(x: string, p: string): string {
  const cases = Object.entries(PRECISION_UNITS).map(([k, unit]) => `WHEN '${k}' THEN date.truncate('${unit}', ${x}.${p})`);
  return `(CASE ${x}.${p}Precision ${cases.join(' ')} ELSE ${x}.${p} END)`;
}
function lastDay(x: string, p: string): string {
  const cases = Object.entries(PRECISION_UNITS).map(
    ([k, unit]) => `WHEN '${k}' THEN date.truncate('${unit}', ${x}.${p}) + duration('P1${unit === 'year' ? 'Y' : 'M'}') - duration('P1D')`,
  );
  return `(CASE ${x}.${p}Precision ${cases.join(' ')} ELSE ${x}.${p} END)`;
}

/** The last steps (isLastStep) that count only to a partner, or those that do not. */
function lastSteps(partnersOnly: boolean): ThreadStep[] {
  return THREAD_STEPS.filter((s) => isLastStep(s) && (s.partnersOnly === true) === partnersOnly);
}

/** impact's steps followed against their stored direction ('in'), or along it ('out'). */
function impactSteps(direction: ThreadStep['direction']): ThreadStep[] {
  return IMPACT_STEPS.filter((s) => s.direction === direction);
}

/** `r:A|B`: a relationship variable typed with some steps, so a pattern reads only their relationships. */
function typed(r: string, steps: readonly ThreadStep[]): string {
  if (steps.length === 0) throw new Error(`No step of the thread to type ${r} with.`);
  return `${r}:${steps.map((s) => s.type).join('|')}`;
}

/**
 * Cypher fragments, written once and placed into the named queries where they write
 * `{{name variable}}` (src/operations/queries.ts). Each assumes `day` (a date or null) in scope;
 * `evidence` assumes the parameter $evidence (an EvidenceFilter).
 */
export const CYPHER_FRAGMENTS: Readonly<Record<string, (variable: string) => string>> = {
  /** In force on `day`: no date given, or within every validity window (VALIDITY) that applies, a missing end open. */
  inForce: (x) =>
    `(day IS NULL OR (${VALIDITY.map((w) => {
      const within = `(${x}.${w.from} IS NULL OR ${firstDay(x, w.from)} <= day) AND (${x}.${w.to} IS NULL OR ${lastDay(x, w.to)} >= day)`;
      return w.of === undefined ? within : `(coalesce(${x}.type, '') <> '${w.of.toUpperCase()}' OR (${within}))`;
    }).join(' AND ')}))`,
  /** A strategy set nationally, of a kind that backs work (not a review, assessment, standard or report). */
  national: (x) => `(${x}.scope = '${NATIONAL_SCOPE}' AND NOT coalesce(${x}.kind, '') IN [${NOT_BACKING_KINDS.map((k) => `'${k}'`).join(', ')}])`,
  /** Any strategy not set nationally (no scope counts as local). */
  local: (x) => `coalesce(${x}.scope, '') <> '${NATIONAL_SCOPE}'`,
  /** A relationship whose evidence the filter accepts: a missing basis reads INFERRED, a missing verified reads checked. */
  evidence: (r) => `(coalesce(${r}.basis, 'INFERRED') IN $evidence.basis AND (NOT $evidence.verifiedOnly OR coalesce(${r}.verified, true)))`,
  /** A relationship variable typed with impact's steps followed against their stored direction (IMPACT_STEPS 'in'). */
  impactIn: (r) => typed(r, impactSteps('in')),
  /** A relationship variable typed with impact's steps followed along their stored direction (IMPACT_STEPS 'out'). */
  impactOut: (r) => typed(r, impactSteps('out')),
  /** A relationship variable typed with the last steps (isLastStep) to any body: `r:LEADS`. */
  lastHop: (r) => typed(r, lastSteps(false)),
  /** A relationship variable typed with the last steps that count only to a partner: `r:MADE_BY|BINDS`. */
  partnerHop: (r) => typed(r, lastSteps(true)),
  /** The partnership of agreement `ag` (PARTNERSHIP): the bodies that made it and their member organisations and boards. */
  partners: (ag) =>
    `apoc.coll.toSet([(${ag})-[:${PARTNERSHIP.madeBy}]->(m) | m] + [(${ag})-[:${PARTNERSHIP.madeBy}]->()<-[:${PARTNERSHIP.memberOf}]-(p) WHERE ${PARTNERSHIP.bodies.map((b) => `p:${b}`).join(' OR ')} | p])`,
};
