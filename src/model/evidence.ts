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

/**
 * Kept by the system on every relationship, never set by a client (read-only in the SDL): who
 * asserted it. A seed import writes `dataset`; a change through the API writes `changeId`, the
 * id its AuditEvents carry (which name the editor or admin). A client cannot claim a dataset.
 */
export const EVIDENCE_SYSTEM_PROPERTIES: Readonly<Record<string, PropertySpec>> = {
  dataset: { type: 'string', description: 'The seed dataset that states this relationship; null for one an editor or admin made through the API (read-only).' },
  changeId: {
    type: 'string',
    description: 'For a relationship made through the API, the change that made it: the changeId of its AuditEvents, which name who made it (read-only).',
  },
};

/**
 * Who asserted a relationship: a seed dataset (reviewed data files), or a person through the API
 * (an editor, or an admin). Answers show it on every hop, so an editor's link can never pass for
 * what a dataset states.
 */
export const ASSERTERS = ['DATASET', 'EDITOR'] as const;
export type Asserter = (typeof ASSERTERS)[number];

export function asserterOf(evidence: { readonly dataset?: unknown }): Asserter {
  return typeof evidence.dataset === 'string' && evidence.dataset !== '' ? 'DATASET' : 'EDITOR';
}
