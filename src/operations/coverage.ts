/** coverage(agreementId, asOf): duties binding the agreement's partners, what discharges them on the day, and what nothing backs. */
import type { Database } from '../database/driver.js';
import { ErrorCode, GoldenThreadError } from '../errors.js';
import type { OperationCost } from './cost.js';
import { ALL_EVIDENCE, outOfForceReason, type DatedProperties } from '../model/index.js';
import { notFoundMessage, type Loaders } from './loaders.js';
import { query, THREAD } from './queries.js';
import { parseAsOf, parseEvidence, requireId } from './input.js';
import { toHopEvidence, type EvidenceRow } from './rows.js';
import { sortRefs, uniqueRefs, type DischargeCredit, type DischargeKind, type EntityRef } from './shapes.js';
import { renderCsv } from './render/csv.js';
import { renderMermaid, type DiagramEdge } from './render/mermaid.js';

export type CoverageReason = 'BINDS_PARTNER' | 'REQUIRES_AGREEMENT' | 'DISCHARGED';

export interface DutyCoverage {
  readonly duty: EntityRef;
  readonly kind: string | null;
  readonly imposedBy: readonly EntityRef[];
  readonly binds: readonly EntityRef[];
  readonly reasons: readonly CoverageReason[];
  readonly dischargedBy: readonly EntityRef[];
  readonly credits: readonly DischargeCredit[];
  readonly gap: boolean;
}

export interface ActivityBacking {
  readonly activity: EntityRef;
  readonly discharges: readonly EntityRef[];
  readonly nationalStrategies: readonly EntityRef[];
  readonly backed: boolean;
}

export interface Coverage {
  readonly agreement: EntityRef;
  /** The day asked for (yyyy-mm-dd), or null for no date filter. */
  readonly asOf: string | null;
  /** False when the agreement is not in force on asOf: then nothing of it discharges a duty. */
  readonly inForce: boolean;
  /** When inForce is false: the agreement, and why it is not in force on asOf; null otherwise. */
  readonly outOfForce: { readonly entity: EntityRef; readonly reason: string } | null;
  readonly madeBy: readonly EntityRef[];
  readonly duties: readonly DutyCoverage[];
  readonly gaps: readonly EntityRef[];
  readonly activities: readonly ActivityBacking[];
  readonly unbacked: readonly EntityRef[];
  readonly message: string;
  readonly mermaid: string;
  readonly csv: string;
}

interface CoverageRow extends Record<string, unknown> {
  readonly agreement: EntityRef;
  readonly inForce: boolean;
  readonly dated: DatedProperties;
  readonly madeBy: readonly EntityRef[];
  readonly activities: readonly { activity: EntityRef; national: readonly EntityRef[] }[];
  readonly duties: readonly {
    duty: EntityRef;
    kind: string | null;
    imposedBy: readonly EntityRef[];
    binds: readonly EntityRef[];
    bindsPartner: boolean;
    requiresAgreement: boolean;
    credits: readonly CreditRow[];
  }[];
}

interface CreditRow {
  readonly by: EntityRef;
  readonly kind: DischargeKind;
  readonly via: EntityRef | null;
  readonly evidence: EvidenceRow;
}

const KIND_ORDER: readonly DischargeKind[] = ['AGREEMENT', 'STRATEGY', 'BOARD', 'ACTIVITY'];

function toCredit(row: CreditRow): DischargeCredit {
  return { by: row.by, kind: row.kind, via: row.via, evidence: toHopEvidence(row.evidence) };
}

/** The agreement's own discharges first, then its strategies, boards and activities; stable within each. */
function sortCredits(credits: readonly DischargeCredit[]): DischargeCredit[] {
  return [...credits].sort(
    (a, b) =>
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      a.by.id.localeCompare(b.by.id) ||
      (a.via?.id ?? '').localeCompare(b.via?.id ?? '') ||
      a.evidence.source.localeCompare(b.evidence.source),
  );
}

/**
 * One row per duty and what discharges it (or its gap), then one per unbacked activity; every id
 * has its name beside it (imposed_by lists ids, imposed_by_names their names, in the same order).
 * The agreement,
 * a strategy or a board that discharges a duty is named in activity_id and activity, with status
 * DISCHARGED_BY_AGREEMENT, DISCHARGED_BY_STRATEGY or DISCHARGED_BY_BOARD.
 */
export function coverageCsv(coverage: Pick<Coverage, 'duties' | 'unbacked'>): string {
  const rows: (string | null)[][] = [];
  for (const duty of coverage.duties) {
    const provisions = duty.imposedBy.map((p) => p.id).join('; ');
    const provisionNames = duty.imposedBy.map((p) => p.name).join('; ');
    const reasons = duty.reasons.join('; ');
    const row = (by: EntityRef | null, status: string) => [
      'duty',
      duty.duty.id,
      duty.duty.name,
      duty.kind,
      provisions,
      provisionNames,
      reasons,
      by?.id ?? '',
      by?.name ?? '',
      status,
    ];
    if (duty.credits.length === 0) rows.push(row(null, duty.gap ? 'GAP' : 'UNUSED_POWER'));
    for (const activity of duty.dischargedBy) rows.push(row(activity, 'DISCHARGED'));
    for (const credit of uniqueCredits(duty.credits.filter((c) => c.kind !== 'ACTIVITY'))) rows.push(row(credit.by, `DISCHARGED_BY_${credit.kind}`));
  }
  for (const activity of coverage.unbacked) rows.push(['activity', '', '', '', '', '', '', activity.id, activity.name, 'UNBACKED']);
  return renderCsv(['row', 'duty_id', 'duty', 'kind', 'imposed_by', 'imposed_by_names', 'reasons', 'activity_id', 'activity', 'status'], rows);
}

/** One credit per entity: a board that states the same discharge twice is one row. */
function uniqueCredits(credits: readonly DischargeCredit[]): DischargeCredit[] {
  return [...new Map(credits.map((c) => [c.by.id, c] as const)).values()];
}

/** Reads one agreement's neighbourhood, whatever is selected. */
export const coverageCost: OperationCost = (_args, child) => 100 + child;

export async function coverage(
  db: Database,
  args: { agreementId: unknown; asOf?: unknown; basis?: unknown; verifiedOnly?: unknown },
  loaders?: Loaders,
): Promise<Coverage> {
  const agreementId = requireId(args.agreementId, 'agreementId');
  const asOf = parseAsOf(args.asOf);
  const evidence = parseEvidence(args.basis, args.verifiedOnly);
  const [row] = await db.run<CoverageRow>(query('coverage'), { agreementIds: [agreementId], asOf, thread: THREAD, evidence }, 'READ');
  if (row === undefined) throw new GoldenThreadError(ErrorCode.NOT_FOUND, await notFoundMessage(loaders, 'agreement', agreementId));
  return toCoverage(row, asOf);
}

/**
 * Several agreements' coverage in one query (compare): the same rule and answer as coverage() for
 * each, by id; an unknown id is simply absent. The query is planned and run once, not once per
 * agreement.
 */
export async function coverages(db: Database, agreementIds: readonly string[], asOf: string | null): Promise<Map<string, Coverage>> {
  const rows = await db.run<CoverageRow>(query('coverage'), { agreementIds, asOf, thread: THREAD, evidence: ALL_EVIDENCE }, 'READ');
  return new Map(rows.map((row) => [row.agreement.id, toCoverage(row, asOf)]));
}

function toCoverage(row: CoverageRow, asOf: string | null): Coverage {
  // What an activity discharges is exactly its credits: one rule, read once.
  const dischargesOf = new Map<string, EntityRef[]>();
  for (const d of row.duties) for (const c of d.credits) if (c.kind === 'ACTIVITY') dischargesOf.set(c.by.id, [...(dischargesOf.get(c.by.id) ?? []), d.duty]);
  const activities: ActivityBacking[] = row.activities.map((a) => {
    const discharges = sortRefs(uniqueRefs(dischargesOf.get(a.activity.id) ?? []));
    const nationalStrategies = sortRefs(uniqueRefs(a.national));
    return { activity: a.activity, discharges, nationalStrategies, backed: discharges.length > 0 || nationalStrategies.length > 0 };
  });
  const duties: DutyCoverage[] = row.duties
    .map((d) => {
      const dischargedBy = activities.filter((a) => a.discharges.some((x) => x.id === d.duty.id)).map((a) => a.activity);
      const credits = sortCredits(d.credits.map(toCredit));
      const reasons: CoverageReason[] = [];
      if (d.bindsPartner) reasons.push('BINDS_PARTNER');
      if (d.requiresAgreement) reasons.push('REQUIRES_AGREEMENT');
      if (credits.length > 0) reasons.push('DISCHARGED');
      return {
        duty: d.duty,
        kind: d.kind,
        imposedBy: sortRefs(uniqueRefs(d.imposedBy)),
        binds: sortRefs(uniqueRefs(d.binds)),
        reasons,
        dischargedBy,
        credits,
        gap: credits.length === 0 && d.kind !== 'POWER',
      };
    })
    .sort((a, b) => a.duty.id.localeCompare(b.duty.id));
  const gaps = duties.filter((d) => d.gap).map((d) => d.duty);
  const unbacked = activities.filter((a) => !a.backed).map((a) => a.activity);
  const discharged = duties.filter((d) => d.dischargedBy.length > 0).length;
  const byOwn = duties.filter((d) => d.credits.some((c) => c.kind !== 'ACTIVITY')).length;
  const own = byOwn === 0 ? '' : `, ${byOwn} by the agreement itself, its strategies or its partnership's boards`;
  const reason = row.inForce || asOf === null ? null : (outOfForceReason(row.agreement.type, row.dated, asOf) ?? 'It is not in force then.');
  const outOfForce = reason === null ? null : { entity: row.agreement, reason };
  const when = asOf === null ? '' : ` as at ${asOf}`;
  const notInForce = reason === null ? '' : `not in force: ${reason} Nothing of it discharges a duty then; `;
  const message = `${row.agreement.name}${when}: ${notInForce}${duties.length} dut${duties.length === 1 ? 'y' : 'ies'} and powers in scope, ${discharged} discharged by its activities${own}, ${gaps.length} dut${gaps.length === 1 ? 'y' : 'ies'} with nothing discharging it; ${unbacked.length} of ${activities.length} activities backed by nothing statutory or national.`;
  const edges: DiagramEdge[] = [];
  for (const duty of duties) {
    for (const activity of duty.dischargedBy) edges.push({ from: activity, label: 'DISCHARGES', to: duty.duty });
    for (const credit of duty.credits) if (credit.kind !== 'ACTIVITY') edges.push({ from: credit.by, label: 'DISCHARGES', to: duty.duty });
    for (const provision of duty.imposedBy) edges.push({ from: duty.duty, label: 'IMPOSED_BY', to: provision });
  }
  for (const a of activities) for (const s of a.nationalStrategies) edges.push({ from: a.activity, label: 'SUPPORTS', to: s, dotted: true });
  const mermaid = renderMermaid({
    nodes: [row.agreement, ...activities.map((a) => a.activity), ...duties.map((d) => d.duty)],
    edges: [...activities.map((a) => ({ from: row.agreement, label: 'HAS_ACTIVITY', to: a.activity })), ...edges],
    highlight: [row.agreement.id],
    gaps: [...gaps.map((g) => g.id), ...unbacked.map((u) => u.id)],
  });
  return {
    agreement: row.agreement,
    asOf,
    inForce: row.inForce,
    outOfForce,
    madeBy: sortRefs(row.madeBy),
    duties,
    gaps,
    activities,
    unbacked,
    message,
    mermaid,
    csv: coverageCsv({ duties, unbacked }),
  };
}
