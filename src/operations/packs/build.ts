/**
 * Evidence packs (issue 17 item 3): runs the same operation a GraphQL read runs, stamps its
 * answer (generated at, as at, the datasets it read with their import's SHA-256, the last API
 * change), and lays it out as the tables the workbook and the PDF show.
 */
import type { Database } from '../../database/driver.js';
import { alignment, alignmentCost } from '../alignment.js';
import { compare, compareCost } from '../compare.js';
import type { OperationCost } from '../cost.js';
import { coverage, coverageCost } from '../coverage.js';
import type { Loaders } from '../loaders.js';
import { provenance, stamp } from '../provenance.js';
import { trace, traceCost } from '../trace.js';
import type { PackFocus } from './pdf.js';
import { alignmentTables, compareTables, coverageTables, makePack, traceTables, type Pack } from './tables.js';

export type PackKind = 'trace' | 'coverage' | 'alignment' | 'compare';

export interface BuiltPack {
  readonly pack: Pack;
  /** What the PDF draws besides the tables; null where there is no PDF (alignment, compare). */
  readonly focus: PackFocus | null;
  /** A file name without its extension. */
  readonly filename: string;
}

/** The same price the GraphQL read pays (src/schema/resolvers.ts), with nothing selected inside. */
export const PACK_COSTS: Readonly<Record<PackKind, OperationCost>> = {
  trace: traceCost,
  coverage: coverageCost,
  alignment: alignmentCost,
  compare: compareCost,
};

export function fileSlug(id: string): string {
  return (
    id
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 100) || 'pack'
  );
}

/** The answer stamped (generated-at, as-at) and checked against the graph (datasets, last change), as the pack's front page says. */
async function sealedPack<T extends object>(
  db: Database,
  answer: T,
  asOf: string | null,
  started: Date,
  title: string,
  message: string | null,
  tables: Parameters<typeof makePack>[1],
) {
  const stamped = stamp(answer, asOf, new Date(), started);
  const found = await provenance(db, stamped);
  return makePack({ title, generatedAt: stamped.generatedAt, asOf: stamped.asOf, datasets: found.datasets, lastChangeId: found.lastChangeId, message }, tables);
}

export async function buildPack(db: Database, kind: PackKind, args: Record<string, unknown>, loaders?: Loaders): Promise<BuiltPack> {
  const started = new Date();
  switch (kind) {
    case 'trace': {
      const answer = await trace(db, { activityId: args.activityId, asOf: args.asOf }, loaders);
      const pack = await sealedPack(db, answer, answer.asOf, started, `Trace of "${answer.activity.name}"`, answer.message, traceTables(answer));
      return { pack, focus: { kind: 'trace', trace: answer }, filename: `trace-${fileSlug(answer.activity.id)}` };
    }
    case 'coverage': {
      const answer = await coverage(db, { agreementId: args.agreementId, asOf: args.asOf }, loaders);
      const pack = await sealedPack(db, answer, answer.asOf, started, `Coverage of ${answer.agreement.name}`, answer.message, coverageTables(answer));
      return { pack, focus: { kind: 'coverage', coverage: answer }, filename: `coverage-${fileSlug(answer.agreement.id)}` };
    }
    case 'alignment': {
      const answer = await alignment(db, { agreementId: args.agreementId }, loaders);
      const pack = await sealedPack(db, answer, null, started, `Alignment of ${answer.agreement.name}`, null, alignmentTables(answer));
      return { pack, focus: null, filename: `alignment-${fileSlug(answer.agreement.id)}` };
    }
    case 'compare': {
      const answer = await compare(db, { agreementIds: args.agreementIds, asOf: args.asOf }, loaders);
      const pack = await sealedPack(
        db,
        answer,
        answer.asOf,
        started,
        `Comparison of ${answer.agreements.map((a) => a.agreement.name).join(', ')}`,
        answer.message,
        compareTables(answer),
      );
      return { pack, focus: null, filename: 'comparison' };
    }
  }
}
