/**
 * The evidence every relationship carries: where it comes from, in the words of the rules that
 * make the graph trustworthy (STATED with its section and exact words, INFERRED with why,
 * EXTERNAL with an address). The SDL's Evidence type and the seed format's relationship both
 * come from here.
 */
import { BASIS } from './enums.js';
import type { PropertySpec } from './entities.js';

export interface EvidencePropertySpec extends PropertySpec {
  /** Every relationship must have it. */
  readonly required?: boolean;
}

export const EVIDENCE_PROPERTIES: Readonly<Record<string, EvidencePropertySpec>> = {
  basis: { type: 'enum', enum: BASIS, description: 'STATED, INFERRED or EXTERNAL.', required: true },
  source: { type: 'string', description: "The agreement's section (STATED), an address (EXTERNAL), or what an inference rests on.", required: true },
  quote: { type: 'string', description: "The agreement's own words, for STATED evidence (required there)." },
  note: { type: 'string', description: 'Why we inferred it (required for INFERRED evidence), or any other remark.' },
  verified: { type: 'boolean', description: 'False where the fact is from memory or a partial source and still to be checked.' },
  validFrom: { type: 'date', description: 'The first day this relationship holds (a commencement, an amendment, a succession).' },
  validTo: { type: 'date', description: 'The last day this relationship holds.' },
  document: { type: 'string', references: 'Document', description: 'The Document (its id) that source and quote are in, where a plan is several documents.' },
};

/** What each basis obliges a relationship to say besides its source. */
export const REQUIRED_BY_BASIS: Readonly<Record<string, string>> = { STATED: 'quote', INFERRED: 'note' };
