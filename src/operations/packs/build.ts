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

async function seal<T extends object>(db: Database, answer: T, asOf: string | null, started: Date) {
  const stamped = stamp(answer, asOf, new Date(), started);
  return { stamped, found: await provenance(db, stamped) };
}

export async function buildPack(db: Database, kind: PackKind, args: Record<string, unknown>, loaders?: Loaders): Promise<BuiltPack> {
  const started = new Date();
  switch (kind) {
    case 'trace': {
      const answer = await trace(db, { activityId: args.activityId, asOf: args.asOf }, loaders);
      const { stamped, found } = await seal(db, answer, answer.asOf, started);
      const pack = makePack(
        {
          title: `Trace of "${answer.activity.name}"`,
          generatedAt: stamped.generatedAt,
          asOf: stamped.asOf,
          datasets: found.datasets,
          lastChangeId: found.lastChangeId,
          message: answer.message,
        },
        traceTables(answer),
      );
      return { pack, focus: { kind: 'trace', trace: answer }, filename: `trace-${fileSlug(answer.activity.id)}` };
    }
    case 'coverage': {
      const answer = await coverage(db, { agreementId: args.agreementId, asOf: args.asOf }, loaders);
      const { stamped, found } = await seal(db, answer, answer.asOf, started);
      const pack = makePack(
        {
          title: `Coverage of ${answer.agreement.name}`,
          generatedAt: stamped.generatedAt,
          asOf: stamped.asOf,
          datasets: found.datasets,
          lastChangeId: found.lastChangeId,
          message: answer.message,
        },
        coverageTables(answer),
      );
      return { pack, focus: { kind: 'coverage', coverage: answer }, filename: `coverage-${fileSlug(answer.agreement.id)}` };
    }
    case 'alignment': {
      const answer = await alignment(db, { agreementId: args.agreementId }, loaders);
      const { stamped, found } = await seal(db, answer, null, started);
      const pack = makePack(
        {
          title: `Alignment of ${answer.agreement.name}`,
          generatedAt: stamped.generatedAt,
          asOf: stamped.asOf,
          datasets: found.datasets,
          lastChangeId: found.lastChangeId,
          message: null,
        },
        alignmentTables(answer),
      );
      return { pack, focus: null, filename: `alignment-${fileSlug(answer.agreement.id)}` };
    }
    case 'compare': {
      const answer = await compare(db, { agreementIds: args.agreementIds, asOf: args.asOf }, loaders);
      const { stamped, found } = await seal(db, answer, answer.asOf, started);
      const pack = makePack(
        {
          title: `Comparison of ${answer.agreements.map((a) => a.agreement.name).join(', ')}`,
          generatedAt: stamped.generatedAt,
          asOf: stamped.asOf,
          datasets: found.datasets,
          lastChangeId: found.lastChangeId,
          message: answer.message,
        },
        compareTables(answer),
      );
      return { pack, focus: null, filename: 'comparison' };
    }
  }
}
