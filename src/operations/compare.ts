/**
 * compare(agreementIds, asOf): partnerships side by side (issue 15 item 7). For every duty in
 * scope of any agreement compared, each agreement's own coverage answer says what discharges it
 * or that it is a gap: this module reads coverages() (the coverage query, once for all of them) and never judges a discharge itself, so the
 * credit rule stays written once (cypher/queries/coverage.cypher). What coverage does not say
 * (priorities, national strategies a priority supports or the agreement cites, indicators and
 * their measurements) comes from cypher/queries/compare.cypher.
 */
import type { Database } from '../database/driver.js';
import { outOfForceWindow, VALIDITY, type DatedProperties } from '../model/index.js';
import { ErrorCode, GoldenThreadError } from '../errors.js';
import type { OperationCost } from './cost.js';
import { coverages, type Coverage, type CoverageReason } from './coverage.js';
import { parseAsOf, quoteInput, requireId } from './input.js';
import { notFoundMessage, type Loaders } from './loaders.js';
import { query, THREAD } from './queries.js';
import { sortRefs, uniqueRefs, type DischargeCredit, type EntityRef } from './shapes.js';
import { renderCsv, type Cell } from './render/csv.js';

/** The window that is an agreement's period (its own message says "outside its period"). */
const AGREEMENT_PERIOD = VALIDITY.find((w) => w.of === 'Agreement') as (typeof VALIDITY)[number];

/** The most agreements one compare reads: each is a coverage walk, so the answer's work grows with them. */
/**
 * Agreements one compare reads: every seeded agreement (31) at once, and every partnership of the
 * largest police force area with room to spare; a page of a few hundred would be a report, not a question.
 */
export const COMPARE_MAX_AGREEMENTS = 50;

export type DutyStatus = 'DISCHARGED' | 'GAP' | 'UNUSED_POWER' | 'NOT_IN_SCOPE';
export type Commonality = 'ALL' | 'SOME' | 'ONE';
export type StrategyRoute = 'WORK' | 'PRIORITY' | 'CITED';

export interface ComparedAgreement {
  readonly agreement: EntityRef;
  readonly madeBy: readonly EntityRef[];
  readonly periodStart: string | null;
  readonly periodStartPrecision: string | null;
  readonly periodEnd: string | null;
  readonly periodEndPrecision: string | null;
  readonly inForce: boolean;
  readonly message: string;
}

export interface DutyCell {
  readonly agreement: EntityRef;
  readonly status: DutyStatus;
  readonly reasons: readonly CoverageReason[];
  readonly binds: readonly EntityRef[];
  readonly credits: readonly DischargeCredit[];
}

export interface DutyComparison {
  readonly duty: EntityRef;
  readonly kind: string | null;
  readonly imposedBy: readonly EntityRef[];
  readonly cells: readonly DutyCell[];
  readonly gapIn: readonly EntityRef[];
  readonly dischargedIn: readonly EntityRef[];
}

export interface Holding {
  readonly agreement: EntityRef;
  readonly entities: readonly EntityRef[];
}

export interface ComparedPriority {
  readonly name: string;
  readonly key: string;
  readonly commonality: Commonality;
  readonly holders: readonly Holding[];
}

export interface StrategyHolding {
  readonly agreement: EntityRef;
  readonly routes: readonly StrategyRoute[];
}

export interface ComparedStrategy {
  readonly strategy: EntityRef;
  readonly commonality: Commonality;
  readonly holders: readonly StrategyHolding[];
}

export interface MeasurementValue {
  readonly measurement: EntityRef;
  readonly kind: string | null;
  readonly value: number | null;
  readonly text: string | null;
  readonly periodStart: string | null;
  readonly periodStartPrecision: string | null;
  readonly periodEnd: string | null;
  readonly periodEndPrecision: string | null;
}

export interface IndicatorCell {
  readonly agreement: EntityRef;
  readonly indicator: EntityRef;
  readonly unit: string | null;
  readonly polarity: string | null;
  readonly measurements: readonly MeasurementValue[];
}

export interface ComparedIndicator {
  readonly name: string;
  readonly key: string;
  readonly commonality: Commonality;
  readonly cells: readonly IndicatorCell[];
}

export interface Comparison {
  readonly agreements: readonly ComparedAgreement[];
  readonly asOf: string | null;
  readonly duties: readonly DutyComparison[];
  readonly priorities: readonly ComparedPriority[];
  readonly strategies: readonly ComparedStrategy[];
  readonly indicators: readonly ComparedIndicator[];
  readonly message: string;
  readonly csv: string;
}

interface DetailRow extends Record<string, unknown> {
  readonly agreement: EntityRef;
  readonly madeBy: readonly EntityRef[];
  readonly periodStart: string | null;
  readonly periodStartPrecision: string | null;
  readonly periodEnd: string | null;
  readonly periodEndPrecision: string | null;
  readonly inForce: boolean;
  readonly dated: DatedProperties;
  readonly priorities: readonly { priority: EntityRef; kind: string | null; aliases: readonly string[] }[];
  readonly priorityStrategies: readonly EntityRef[];
  readonly citedStrategies: readonly EntityRef[];
  readonly indicators: readonly {
    indicator: EntityRef;
    aliases: readonly string[];
    unit: string | null;
    polarity: string | null;
    measurements: readonly (EntityRef & Omit<MeasurementValue, 'measurement'>)[];
  }[];
}

/** Each agreement is one coverage walk and one detail read; priced like coverage per agreement. */
export const compareCost: OperationCost = (args, child) => {
  const ids = Array.isArray(args.agreementIds) ? Math.min(args.agreementIds.length, COMPARE_MAX_AGREEMENTS) : 1;
  return 150 * Math.max(ids, 1) + child;
};

/**
 * The wording two agreements are matched on: lower case, accents and punctuation gone, `&` read
 * as `and`, so "Anti-Social Behaviour" and "Antisocial behaviour" meet, and "Re-offending" and
 * "Reoffending". Nothing else: different words are different priorities.
 */
export function wordingKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** The compared ids, in the order given, each once; refused before any read when there are none or too many. */
export function compareIds(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0) throw new GoldenThreadError(ErrorCode.BAD_USER_INPUT, 'agreementIds must name at least one agreement.');
  const ids = [...new Set(value.map((id, i) => requireId(id, `agreementIds[${i}]`)))];
  if (ids.length > COMPARE_MAX_AGREEMENTS) {
    throw new GoldenThreadError(
      ErrorCode.BAD_USER_INPUT,
      `compare takes at most ${COMPARE_MAX_AGREEMENTS} agreements at once; ${ids.length} were given. Compare them in groups.`,
    );
  }
  return ids;
}

function commonality(holders: number, of: number): Commonality {
  if (holders === of) return 'ALL';
  return holders === 1 ? 'ONE' : 'SOME';
}

/** Groups items whose wordings share a key (union of every key of each item), across agreements. */
function groupByWording<T>(items: readonly { item: T; keys: readonly string[] }[]): T[][] {
  const parent = items.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i] as number] as number;
    return i;
  };
  const firstWithKey = new Map<string, number>();
  items.forEach(({ keys }, i) => {
    for (const key of keys) {
      if (key === '') continue;
      const other = firstWithKey.get(key);
      if (other === undefined) firstWithKey.set(key, i);
      else parent[root(i)] = root(other);
    }
  });
  const groups = new Map<number, T[]>();
  items.forEach(({ item }, i) => {
    const r = root(i);
    groups.set(r, [...(groups.get(r) ?? []), item]);
  });
  return [...groups.values()];
}

function dutyStatus(duty: Coverage['duties'][number] | undefined): DutyStatus {
  if (duty === undefined) return 'NOT_IN_SCOPE';
  if (duty.credits.length > 0) return 'DISCHARGED';
  return duty.gap ? 'GAP' : 'UNUSED_POWER';
}

function compareDuties(agreements: readonly EntityRef[], coverages: readonly Coverage[]): DutyComparison[] {
  const byDuty = new Map<string, Coverage['duties'][number][]>();
  for (const c of coverages) for (const d of c.duties) byDuty.set(d.duty.id, [...(byDuty.get(d.duty.id) ?? []), d]);
  return [...byDuty.values()]
    .map((entries) => {
      const first = entries[0] as Coverage['duties'][number];
      const cells: DutyCell[] = agreements.map((agreement, i) => {
        const own = coverages[i]?.duties.find((d) => d.duty.id === first.duty.id);
        return { agreement, status: dutyStatus(own), reasons: own?.reasons ?? [], binds: own?.binds ?? [], credits: own?.credits ?? [] };
      });
      return {
        duty: first.duty,
        kind: first.kind,
        imposedBy: sortRefs(uniqueRefs(entries.flatMap((e) => e.imposedBy))),
        cells,
        gapIn: cells.filter((c) => c.status === 'GAP').map((c) => c.agreement),
        dischargedIn: cells.filter((c) => c.status === 'DISCHARGED').map((c) => c.agreement),
      };
    })
    .sort((a, b) => a.duty.id.localeCompare(b.duty.id));
}

function comparePriorities(agreements: readonly EntityRef[], details: readonly DetailRow[]): ComparedPriority[] {
  const items = details.flatMap((d, i) =>
    d.priorities.map((p) => ({ item: { at: i, priority: p.priority }, keys: [p.priority.name, ...p.aliases].map(wordingKey) })),
  );
  return groupByWording(items)
    .map((group) => {
      const holders = agreements
        .map((agreement, i) => ({ agreement, entities: sortRefs(group.filter((g) => g.at === i).map((g) => g.priority)) }))
        .filter((h) => h.entities.length > 0);
      const name = (group[0] as { priority: EntityRef }).priority.name;
      return { name, key: wordingKey(name), commonality: commonality(holders.length, agreements.length), holders };
    })
    .sort((a, b) => b.holders.length - a.holders.length || a.name.localeCompare(b.name));
}

function compareStrategies(agreements: readonly EntityRef[], details: readonly DetailRow[], coverages: readonly Coverage[]): ComparedStrategy[] {
  const found = new Map<string, { strategy: EntityRef; routes: Map<number, Set<StrategyRoute>> }>();
  const add = (strategy: EntityRef, at: number, route: StrategyRoute) => {
    const entry = found.get(strategy.id) ?? { strategy, routes: new Map<number, Set<StrategyRoute>>() };
    entry.routes.set(at, (entry.routes.get(at) ?? new Set<StrategyRoute>()).add(route));
    found.set(strategy.id, entry);
  };
  coverages.forEach((c, i) => c.activities.forEach((a) => a.nationalStrategies.forEach((s) => add(s, i, 'WORK'))));
  details.forEach((d, i) => {
    d.priorityStrategies.forEach((s) => add(s, i, 'PRIORITY'));
    d.citedStrategies.forEach((s) => add(s, i, 'CITED'));
  });
  const order: readonly StrategyRoute[] = ['WORK', 'PRIORITY', 'CITED'];
  return [...found.values()]
    .map(({ strategy, routes }) => {
      const holders = agreements.flatMap((agreement, i) => {
        const own = routes.get(i);
        return own ? [{ agreement, routes: order.filter((r) => own.has(r)) }] : [];
      });
      return { strategy, commonality: commonality(holders.length, agreements.length), holders };
    })
    .sort((a, b) => b.holders.length - a.holders.length || a.strategy.name.localeCompare(b.strategy.name) || a.strategy.id.localeCompare(b.strategy.id));
}

function compareIndicators(agreements: readonly EntityRef[], details: readonly DetailRow[]): ComparedIndicator[] {
  const items = details.flatMap((d, i) =>
    d.indicators.map((x) => {
      const cell: IndicatorCell = {
        agreement: agreements[i] as EntityRef,
        indicator: x.indicator,
        unit: x.unit,
        polarity: x.polarity,
        measurements: x.measurements.map(({ id, type, name, ...rest }) => ({ measurement: { id, type, name }, ...rest })),
      };
      return { item: { at: i, cell }, keys: [x.indicator.name, ...x.aliases].map(wordingKey) };
    }),
  );
  return groupByWording(items)
    .map((group) => {
      const cells = [...group].sort((a, b) => a.at - b.at || a.cell.indicator.id.localeCompare(b.cell.indicator.id)).map((g) => g.cell);
      const name = (cells[0] as IndicatorCell).indicator.name;
      const holders = new Set(group.map((g) => g.at)).size;
      return { name, key: wordingKey(name), commonality: commonality(holders, agreements.length), cells };
    })
    .sort((a, b) => b.cells.length - a.cells.length || a.name.localeCompare(b.name));
}

function measurementText(m: MeasurementValue): string {
  const period = m.periodStart === null ? '' : ` ${m.periodStart}${m.periodEnd === null ? '' : ` to ${m.periodEnd}`}`;
  const figure = m.value !== null ? String(m.value) : (m.text ?? '');
  return `${m.kind ?? 'FIGURE'}${period}: ${figure}`;
}

/** One row per duty, priority, strategy and indicator; one column per agreement, in the order asked. */
export function comparisonCsv(comparison: Pick<Comparison, 'agreements' | 'duties' | 'priorities' | 'strategies' | 'indicators'>): string {
  const agreements = comparison.agreements.map((a) => a.agreement);
  const header = ['row', 'id', 'name', 'kind', 'common', ...agreements.map((a) => `${a.name} (${a.id})`)];
  const rows: Cell[][] = [];
  for (const d of comparison.duties) {
    const cells = d.cells.map((c) =>
      c.status === 'DISCHARGED' ? `DISCHARGED: ${[...new Map(c.credits.map((x) => [x.by.id, `${x.by.name} (${x.kind})`])).values()].join('; ')}` : c.status,
    );
    rows.push(['duty', d.duty.id, d.duty.name, d.kind, d.gapIn.length > 0 ? `gap in ${d.gapIn.length}` : '', ...cells]);
  }
  for (const p of comparison.priorities) {
    rows.push([
      'priority',
      p.key,
      p.name,
      '',
      p.commonality,
      ...agreements.map((a) => (p.holders.find((h) => h.agreement.id === a.id)?.entities ?? []).map((e) => e.name).join('; ')),
    ]);
  }
  for (const s of comparison.strategies) {
    rows.push([
      'strategy',
      s.strategy.id,
      s.strategy.name,
      '',
      s.commonality,
      ...agreements.map((a) => (s.holders.find((h) => h.agreement.id === a.id)?.routes ?? []).join('; ')),
    ]);
  }
  for (const x of comparison.indicators) {
    rows.push([
      'indicator',
      x.key,
      x.name,
      [...new Set(x.cells.map((c) => c.unit).filter((u) => u !== null))].join('; '),
      x.commonality,
      ...agreements.map((a) =>
        x.cells
          .filter((c) => c.agreement.id === a.id)
          .map((c) => (c.measurements.length === 0 ? 'no figures' : c.measurements.map(measurementText).join('; ')))
          .join(' | '),
      ),
    ]);
  }
  return renderCsv(header, rows);
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Its period and, with asOf, whether it was in force: the grammar's rule says which window left the day out. */
function agreementMessage(d: DetailRow, asOf: string | null): string {
  const period = d.periodStart === null && d.periodEnd === null ? 'no period stated' : `period ${d.periodStart ?? 'open'} to ${d.periodEnd ?? 'open'}`;
  if (asOf === null) return `${d.agreement.name}: ${period}.`;
  if (d.inForce) return `${d.agreement.name}: in force on ${asOf} (${period}).`;
  const out = outOfForceWindow(d.agreement.type, d.dated, asOf);
  if (out?.window.from === AGREEMENT_PERIOD.from) return `${d.agreement.name}: not in force on ${asOf}, which is outside its ${period}.`;
  return `${d.agreement.name}: not in force on ${asOf}: its validFrom or validTo excludes that day (${period}).`;
}

export async function compare(db: Database, args: { agreementIds: unknown; asOf?: unknown }, loaders?: Loaders): Promise<Comparison> {
  const ids = compareIds(args.agreementIds);
  const asOf = parseAsOf(args.asOf);
  const found = await db.run<DetailRow>(query('compare'), { agreementIds: ids, asOf, thread: THREAD }, 'READ');
  const byId = new Map(found.map((row) => [row.agreement.id, row]));
  const missing = ids.filter((id) => !byId.has(id));
  if (missing.length > 0) {
    const messages = await Promise.all(missing.map((id) => notFoundMessage(loaders, 'agreement', id)));
    throw new GoldenThreadError(ErrorCode.NOT_FOUND, messages.join(' '));
  }
  const details = ids.map((id) => byId.get(id) as DetailRow);
  const agreements = details.map((d) => d.agreement);
  // The coverage each agreement gives on its own (one query for all): the comparison adds no rule of its own.
  const byAgreement = await coverages(db, ids, asOf);
  const covered = ids.map((id) => {
    const found = byAgreement.get(id);
    if (found === undefined) throw new GoldenThreadError(ErrorCode.NOT_FOUND, `The agreement ${quoteInput(id)} was removed while it was being compared.`);
    return found;
  });

  const duties = compareDuties(agreements, covered);
  const priorities = comparePriorities(agreements, details);
  const strategies = compareStrategies(agreements, details, covered);
  const indicators = compareIndicators(agreements, details);
  const compared: ComparedAgreement[] = details.map((d) => ({
    agreement: d.agreement,
    madeBy: sortRefs(uniqueRefs(d.madeBy)),
    periodStart: d.periodStart,
    periodStartPrecision: d.periodStartPrecision,
    periodEnd: d.periodEnd,
    periodEndPrecision: d.periodEndPrecision,
    inForce: d.inForce,
    message: agreementMessage(d, asOf),
  }));
  const withGap = duties.filter((d) => d.gapIn.length > 0).length;
  const count = (list: readonly { commonality: Commonality }[], c: Commonality) => list.filter((x) => x.commonality === c).length;
  const shared = indicators.filter((x) => new Set(x.cells.map((c) => c.agreement.id)).size > 1).length;
  const message =
    `Compared ${plural(agreements.length, 'agreement', 'agreements')}${asOf === null ? '' : ` as at ${asOf}`}: ` +
    `${plural(duties.length, 'duty or power', 'duties and powers')} in scope of any, ${withGap} a gap in at least one; ` +
    `${plural(priorities.length, 'priority', 'priorities')} (${count(priorities, 'ALL')} in all, ${count(priorities, 'ONE')} in only one); ` +
    `${plural(strategies.length, 'national strategy', 'national strategies')} (${count(strategies, 'ALL')} in all, ${count(strategies, 'ONE')} in only one); ` +
    `${plural(indicators.length, 'indicator', 'indicators')}, ${shared} measured by more than one.`;
  const body = { agreements: compared, duties, priorities, strategies, indicators };
  return { ...body, asOf, message, csv: comparisonCsv(body) };
}
