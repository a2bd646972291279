/** alignment(agreementId): activities against national strategies and outcomes, with who leads each. */
import type { Database } from '../database/driver.js';
import { ErrorCode, GoldenThreadError } from '../errors.js';
import type { OperationCost } from './cost.js';
import { notFoundMessage, type Loaders } from './loaders.js';
import { query } from './queries.js';
import { requireId } from './input.js';
import { sortRefs, uniqueRefs, type EntityRef } from './shapes.js';
import { renderCsv } from './render/csv.js';

export interface AlignmentRow {
  readonly activity: EntityRef;
  readonly outcomes: readonly EntityRef[];
  readonly strategies: readonly EntityRef[];
  readonly priorityStrategies: readonly EntityRef[];
  readonly localStrategies: readonly EntityRef[];
  readonly leads: readonly EntityRef[];
}

export interface Alignment {
  readonly agreement: EntityRef;
  readonly outcomes: readonly EntityRef[];
  readonly strategies: readonly EntityRef[];
  readonly rows: readonly AlignmentRow[];
  readonly csv: string;
}

interface AlignmentQueryRow extends Record<string, unknown> {
  readonly agreement: EntityRef;
  readonly outcomes: readonly EntityRef[];
  readonly rows: readonly AlignmentRow[];
}

/** One row per activity; each outcome and strategy column is headed by its name and id, each list of names has a column of ids beside it. */
export function alignmentCsv(alignment: Pick<Alignment, 'outcomes' | 'strategies' | 'rows'>): string {
  const { header, rows } = alignmentTable(alignment);
  return renderCsv(header, rows);
}

/** The matrix as a header and rows of text, for the CSV and the evidence pack's workbook. */
export function alignmentTable(alignment: Pick<Alignment, 'outcomes' | 'strategies' | 'rows'>): { header: string[]; rows: string[][] } {
  const header = [
    'activity_id',
    'activity',
    ...alignment.outcomes.map((o) => `outcome: ${o.name} (${o.id})`),
    ...alignment.strategies.map((s) => `strategy: ${s.name} (${s.id})`),
    'local_strategies',
    'local_strategy_ids',
    'leads',
    'lead_ids',
  ];
  const rows = alignment.rows.map((row) => [
    row.activity.id,
    row.activity.name,
    ...alignment.outcomes.map((o) => (row.outcomes.some((x) => x.id === o.id) ? 'x' : '')),
    ...alignment.strategies.map((s) => (row.strategies.some((x) => x.id === s.id) ? 'x' : row.priorityStrategies.some((x) => x.id === s.id) ? '(x)' : '')),
    row.localStrategies.map((s) => s.name).join('; '),
    row.localStrategies.map((s) => s.id).join('; '),
    row.leads.map((l) => l.name).join('; '),
    row.leads.map((l) => l.id).join('; '),
  ]);
  return { header, rows };
}

/** Reads one agreement's neighbourhood, whatever is selected. */
export const alignmentCost: OperationCost = (_args, child) => 100 + child;

export async function alignment(db: Database, args: { agreementId: unknown }, loaders?: Loaders): Promise<Alignment> {
  const agreementId = requireId(args.agreementId, 'agreementId');
  const [row] = await db.run<AlignmentQueryRow>(query('alignment'), { agreementId }, 'READ');
  if (row === undefined) throw new GoldenThreadError(ErrorCode.NOT_FOUND, await notFoundMessage(loaders, 'agreement', agreementId));
  const rows: AlignmentRow[] = row.rows.map((r) => ({
    activity: r.activity,
    outcomes: uniqueRefs(r.outcomes),
    strategies: sortRefs(uniqueRefs(r.strategies)),
    priorityStrategies: sortRefs(uniqueRefs(r.priorityStrategies).filter((p) => !r.strategies.some((x) => x.id === p.id))),
    localStrategies: sortRefs(uniqueRefs(r.localStrategies)),
    leads: sortRefs(uniqueRefs(r.leads)),
  }));
  const outcomeColumns = uniqueRefs([...row.outcomes, ...rows.flatMap((r) => r.outcomes)]);
  const ordered = rows.map((r) => ({ ...r, outcomes: outcomeColumns.filter((o) => r.outcomes.some((x) => x.id === o.id)) }));
  const strategies = sortRefs(uniqueRefs(rows.flatMap((r) => [...r.strategies, ...r.priorityStrategies])));
  return {
    agreement: row.agreement,
    outcomes: outcomeColumns,
    strategies,
    rows: ordered,
    csv: alignmentCsv({ outcomes: outcomeColumns, strategies, rows: ordered }),
  };
}
