/** coverage(agreementId): duties binding the agreement's partners, what discharges them, and what nothing backs. */
import type { Database } from '../database/driver.js';
import { ErrorCode, GoldenThreadError } from '../errors.js';
import type { OperationCost } from './cost.js';
import { notFoundMessage, type Loaders } from './loaders.js';
import { query } from './queries.js';
import { requireId } from './input.js';
import { sortRefs, uniqueRefs, type EntityRef } from './shapes.js';
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
  readonly madeBy: readonly EntityRef[];
  readonly activities: readonly { activity: EntityRef; discharges: readonly EntityRef[]; national: readonly EntityRef[] }[];
  readonly duties: readonly {
    duty: EntityRef;
    kind: string | null;
    imposedBy: readonly EntityRef[];
    binds: readonly EntityRef[];
    bindsPartner: boolean;
    requiresAgreement: boolean;
  }[];
}

export function coverageCsv(coverage: Pick<Coverage, 'duties' | 'unbacked'>): string {
  const rows: (string | null)[][] = [];
  for (const duty of coverage.duties) {
    const provisions = duty.imposedBy.map((p) => p.id).join('; ');
    const reasons = duty.reasons.join('; ');
    if (duty.dischargedBy.length === 0)
      rows.push(['duty', duty.duty.id, duty.duty.name, duty.kind, provisions, reasons, '', '', duty.gap ? 'GAP' : 'UNUSED_POWER']);
    for (const activity of duty.dischargedBy)
      rows.push(['duty', duty.duty.id, duty.duty.name, duty.kind, provisions, reasons, activity.id, activity.name, 'DISCHARGED']);
  }
  for (const activity of coverage.unbacked) rows.push(['activity', '', '', '', '', '', activity.id, activity.name, 'UNBACKED']);
  return renderCsv(['row', 'duty_id', 'duty', 'kind', 'imposed_by', 'reasons', 'activity_id', 'activity', 'status'], rows);
}

/** Reads one agreement's neighbourhood, whatever is selected. */
export const coverageCost: OperationCost = (_args, child) => 100 + child;

export async function coverage(db: Database, args: { agreementId: unknown }, loaders?: Loaders): Promise<Coverage> {
  const agreementId = requireId(args.agreementId, 'agreementId');
  const [row] = await db.run<CoverageRow>(query('coverage'), { agreementId }, 'READ');
  if (row === undefined) throw new GoldenThreadError(ErrorCode.NOT_FOUND, await notFoundMessage(loaders, 'agreement', agreementId));
  const activities: ActivityBacking[] = row.activities.map((a) => {
    const discharges = sortRefs(uniqueRefs(a.discharges));
    const nationalStrategies = sortRefs(uniqueRefs(a.national));
    return { activity: a.activity, discharges, nationalStrategies, backed: discharges.length > 0 || nationalStrategies.length > 0 };
  });
  const duties: DutyCoverage[] = row.duties
    .map((d) => {
      const dischargedBy = activities.filter((a) => a.discharges.some((x) => x.id === d.duty.id)).map((a) => a.activity);
      const reasons: CoverageReason[] = [];
      if (d.bindsPartner) reasons.push('BINDS_PARTNER');
      if (d.requiresAgreement) reasons.push('REQUIRES_AGREEMENT');
      if (dischargedBy.length > 0) reasons.push('DISCHARGED');
      return {
        duty: d.duty,
        kind: d.kind,
        imposedBy: sortRefs(uniqueRefs(d.imposedBy)),
        binds: sortRefs(uniqueRefs(d.binds)),
        reasons,
        dischargedBy,
        gap: dischargedBy.length === 0 && d.kind !== 'POWER',
      };
    })
    .sort((a, b) => a.duty.id.localeCompare(b.duty.id));
  const gaps = duties.filter((d) => d.gap).map((d) => d.duty);
  const unbacked = activities.filter((a) => !a.backed).map((a) => a.activity);
  const discharged = duties.filter((d) => d.dischargedBy.length > 0).length;
  const message = `${row.agreement.name}: ${duties.length} dut${duties.length === 1 ? 'y' : 'ies'} and powers in scope, ${discharged} discharged by its activities, ${gaps.length} dut${gaps.length === 1 ? 'y' : 'ies'} with no discharging activity; ${unbacked.length} of ${activities.length} activities backed by nothing statutory or national.`;
  const edges: DiagramEdge[] = [];
  for (const duty of duties) {
    for (const activity of duty.dischargedBy) edges.push({ from: activity, label: 'DISCHARGES', to: duty.duty });
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
