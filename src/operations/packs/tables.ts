/**
 * An answer as the tables its evidence pack shows (issue 17 item 3): every entity with its name
 * beside its id, every hop or credit with its evidence (basis, quote, source, address). The
 * workbook and the PDF render the same tables, and the content SHA-256 they are stamped with is
 * taken over them (contentSha256), so the figure in a PDF can be checked against its workbook.
 */
import { createHash } from 'node:crypto';
import { alignmentTable, type Alignment } from '../alignment.js';
import type { Comparison } from '../compare.js';
import type { Coverage } from '../coverage.js';
import type { DatasetVersion } from '../provenance.js';
import { sourceAddress } from '../render/jsonld.js';
import type { EntityRef, HopEvidence } from '../shapes.js';
import type { Trace } from '../trace.js';

export interface PackTable {
  readonly name: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** What a pack is stamped with besides its tables. */
export interface PackStamp {
  readonly title: string;
  readonly generatedAt: string;
  readonly asOf: string | null;
  readonly datasets: readonly DatasetVersion[];
  readonly lastChangeId: string | null;
  /** The answer's own sentence, when it has one. */
  readonly message: string | null;
}

export interface Pack extends PackStamp {
  readonly tables: readonly PackTable[];
  readonly contentSha256: string;
}

/** Said on every pack, so the figure can be checked by anyone with the file. */
export const CONTENT_HASH_RULE =
  'SHA-256 (hex) of the UTF-8 bytes of JSON.stringify(tables) with no spacing, where tables lists every sheet after this one in order as {"sheet": name, "header": [cells of row 1], "rows": [[cells of each later row]]}, each cell its text ("" when empty). The PDF carries the same figure for the same tables.';

export function contentSha256(tables: readonly PackTable[]): string {
  const canonical = tables.map((t) => ({ sheet: t.name, header: t.header, rows: t.rows }));
  return createHash('sha256').update(JSON.stringify(canonical), 'utf8').digest('hex');
}

export function makePack(stamp: PackStamp, tables: readonly PackTable[]): Pack {
  return { ...stamp, tables, contentSha256: contentSha256(tables) };
}

const text = (value: string | number | boolean | null | undefined): string => (value === null || value === undefined ? '' : String(value));
const ids = (refs: readonly EntityRef[]) => refs.map((r) => r.id).join('; ');
const names = (refs: readonly EntityRef[]) => refs.map((r) => r.name).join('; ');

export const EVIDENCE_HEADER = [
  'basis',
  'quote',
  'source',
  'address',
  'note',
  'verified',
  'asserted_by',
  'dataset',
  'change_id',
  'valid_from',
  'valid_to',
] as const;

/** The evidence columns: the source as the data states it, and its address when the source is one. */
export function evidenceCells(e: HopEvidence): string[] {
  return [
    e.basis,
    text(e.quote),
    e.source,
    text(sourceAddress(e.source)),
    text(e.note),
    text(e.verified),
    e.assertedBy,
    text(e.dataset),
    text(e.changeId),
    text(e.validFrom),
    text(e.validTo),
  ];
}

export function traceTables(trace: Trace): PackTable[] {
  const chains: string[][] = [];
  trace.paths.forEach((path, p) => {
    path.steps.forEach((step, s) => {
      chains.push([
        String(p + 1),
        path.grounded ? 'grounded' : 'not grounded',
        path.endsAt.id,
        path.endsAt.name,
        String(s + 1),
        step.from.id,
        step.from.name,
        step.relationship,
        step.to.id,
        step.to.name,
        ...evidenceCells(step.evidence),
      ]);
    });
  });
  const backing: string[][] = [];
  for (const [kind, refs] of [
    ['legislation', trace.legislation],
    ['provision', trace.provisions],
    ['duty', trace.duties],
    ['strategy', trace.strategies],
    ['outcome', trace.outcomes],
  ] as const) {
    for (const r of refs) backing.push([kind, r.id, r.name, kind === 'legislation' || kind === 'provision' ? `https://www.legislation.gov.uk/${r.id}` : '']);
  }
  return [
    {
      name: 'Chains',
      header: ['chain', 'grounded', 'ends_at_id', 'ends_at', 'step', 'from_id', 'from', 'relationship', 'to_id', 'to', ...EVIDENCE_HEADER],
      rows: chains,
    },
    { name: 'Backing', header: ['kind', 'id', 'name', 'legislation.gov.uk'], rows: backing },
  ];
}

export function coverageTables(coverage: Coverage): PackTable[] {
  const duties = coverage.duties.map((d) => [
    d.duty.id,
    d.duty.name,
    text(d.kind),
    d.credits.length > 0 ? 'DISCHARGED' : d.gap ? 'GAP' : 'UNUSED_POWER',
    ids(d.imposedBy),
    names(d.imposedBy),
    ids(d.binds),
    names(d.binds),
    d.reasons.join('; '),
  ]);
  const credits = coverage.duties.flatMap((d) =>
    d.credits.map((c) => [d.duty.id, d.duty.name, c.kind, c.by.id, c.by.name, c.via?.id ?? '', c.via?.name ?? '', ...evidenceCells(c.evidence)]),
  );
  const activities = coverage.activities.map((a) => [
    a.activity.id,
    a.activity.name,
    a.backed ? 'backed' : 'UNBACKED',
    ids(a.discharges),
    names(a.discharges),
    ids(a.nationalStrategies),
    names(a.nationalStrategies),
  ]);
  return [
    {
      name: 'Duties',
      header: ['duty_id', 'duty', 'kind', 'status', 'imposed_by', 'imposed_by_names', 'binds', 'binds_names', 'reasons'],
      rows: duties,
    },
    { name: 'Discharges', header: ['duty_id', 'duty', 'credit', 'by_id', 'by', 'via_id', 'via', ...EVIDENCE_HEADER], rows: credits },
    {
      name: 'Activities',
      header: ['activity_id', 'activity', 'backing', 'discharges', 'discharges_names', 'national_strategies', 'national_strategies_names'],
      rows: activities,
    },
  ];
}

/** The alignment answer carries no evidence per cell, so its pack is the matrix the CSV gives. */
export function alignmentTables(alignment: Alignment): PackTable[] {
  return [{ name: 'Alignment', ...alignmentTable(alignment) }];
}

export function compareTables(comparison: Comparison): PackTable[] {
  const agreements = comparison.agreements.map((a) => a.agreement);
  const columns = agreements.map((a) => `${a.name} (${a.id})`);
  return [
    {
      name: 'Agreements',
      header: ['agreement_id', 'agreement', 'made_by', 'made_by_names', 'period_start', 'period_end', 'in_force', 'message'],
      rows: comparison.agreements.map((a) => [
        a.agreement.id,
        a.agreement.name,
        ids(a.madeBy),
        names(a.madeBy),
        text(a.periodStart),
        text(a.periodEnd),
        text(a.inForce),
        a.message,
      ]),
    },
    {
      name: 'Duties',
      header: ['duty_id', 'duty', 'kind', 'imposed_by', 'imposed_by_names', 'gap_in', ...columns],
      rows: comparison.duties.map((d) => [
        d.duty.id,
        d.duty.name,
        text(d.kind),
        ids(d.imposedBy),
        names(d.imposedBy),
        names(d.gapIn),
        ...d.cells.map((c) => c.status),
      ]),
    },
    {
      name: 'Discharges',
      header: ['duty_id', 'duty', 'agreement_id', 'agreement', 'credit', 'by_id', 'by', ...EVIDENCE_HEADER],
      rows: comparison.duties.flatMap((d) =>
        d.cells.flatMap((c) =>
          c.credits.map((x) => [d.duty.id, d.duty.name, c.agreement.id, c.agreement.name, x.kind, x.by.id, x.by.name, ...evidenceCells(x.evidence)]),
        ),
      ),
    },
    {
      name: 'Priorities',
      header: ['key', 'priority', 'common', ...columns],
      rows: comparison.priorities.map((p) => [
        p.key,
        p.name,
        p.commonality,
        ...agreements.map((a) => (p.holders.find((h) => h.agreement.id === a.id)?.entities ?? []).map((e) => `${e.name} (${e.id})`).join('; ')),
      ]),
    },
    {
      name: 'Strategies',
      header: ['strategy_id', 'strategy', 'common', ...columns],
      rows: comparison.strategies.map((s) => [
        s.strategy.id,
        s.strategy.name,
        s.commonality,
        ...agreements.map((a) => (s.holders.find((h) => h.agreement.id === a.id)?.routes ?? []).join('; ')),
      ]),
    },
    {
      name: 'Indicators',
      header: [
        'key',
        'indicator',
        'common',
        'agreement_id',
        'agreement',
        'indicator_id',
        'unit',
        'measurement_id',
        'kind',
        'value',
        'text',
        'period_start',
        'period_end',
      ],
      rows: comparison.indicators.flatMap((x) =>
        x.cells.flatMap((c) => {
          const base = [x.key, x.name, x.commonality, c.agreement.id, c.agreement.name, c.indicator.id, text(c.unit)];
          if (c.measurements.length === 0) return [[...base, '', '', '', 'no figures', '', '']];
          return c.measurements.map((m) => [...base, m.measurement.id, text(m.kind), text(m.value), text(m.text), text(m.periodStart), text(m.periodEnd)]);
        }),
      ),
    },
  ];
}
