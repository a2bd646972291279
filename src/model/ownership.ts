/**
 * Who owns what. Every entity carries the partnership (the id of its Board) whose work it is;
 * shared national data (the legal layer, national strategies) carries none. An editor changes
 * only their partnership's entities; an admin changes anything. The SDL's @authorization rules
 * and the mutation wrapper's rules (src/schema/ownership.ts) are all read from here.
 */
import type { EntityType } from './entities.js';
import { NATIONAL_SCOPE } from './thread.js';

export const OWNERSHIP = {
  /** The entity property that names the owning partnership. */
  property: 'partnership',
  /** The JWT claim that names the editor's partnership. */
  claim: 'partnership',
  /** May change the entities of its own partnership, and link them to shared national data. */
  editorRole: 'editor',
  /** May change anything. */
  adminRole: 'admin',
} as const;

/**
 * The linking rule. An editor of a partnership may make or remove a relationship when both ends
 * are their partnership's, or one end is theirs and the other is shared national data (no
 * partnership): linking their own activity to a national duty is what the graph is for. A
 * relationship that touches another partnership's entity changes that partnership's answers
 * (its coverage, its traces), so it needs an admin. Ends are the `partnership` of each entity,
 * null for shared data. Returns why the editor may not, or undefined when they may.
 */
export function linkRefusal(mine: string, start: string | null, end: string | null): LinkRefusal | undefined {
  const foreign = [start, end].find((owner): owner is string => owner !== null && owner !== mine);
  if (foreign !== undefined) return { touches: 'another partnership', partnership: foreign };
  return start === mine || end === mine ? undefined : { touches: 'only shared data' };
}
export type LinkRefusal = { readonly touches: 'another partnership'; readonly partnership: string } | { readonly touches: 'only shared data' };

/**
 * The legal layer: what statute says and what the nation sets. The graph's answers count a chain
 * as backed when it reaches one of these (src/model/thread.ts isGrounding), so only an admin (or a
 * seed dataset) may make one; an editor who could would be able to fabricate statutory backing.
 * `namespaces` are legislation.gov.uk's type codes, the first part of a legislation id
 * (ukpga/1998/37): no editor's id may start with one, whatever its type.
 */
export const LEGAL_LAYER = {
  types: ['Legislation', 'Provision', 'Duty'] satisfies EntityType[],
  /** A Strategy of this scope is national, and national strategies are shared too. */
  nationalStrategyScope: NATIONAL_SCOPE,
  namespaces: [
    'ukpga', // UK Public General Acts
    'ukla', // UK Local Acts
    'ukppa', // UK Private and Personal Acts
    'uksi', // UK Statutory Instruments
    'ukmd', // UK Ministerial Directions
    'ukmo', // UK Ministerial Orders
    'uksro', // UK Statutory Rules and Orders
    'ukci', // Church Instruments
    'ukcm', // Church Measures
    'ukdsi', // UK draft Statutory Instruments
    'asp', // Acts of the Scottish Parliament
    'ssi', // Scottish Statutory Instruments
    'sdsi', // Scottish draft Statutory Instruments
    'aosp', // Acts of the old Scottish Parliament
    'asc', // Acts of Senedd Cymru
    'anaw', // Acts of the National Assembly for Wales
    'mwa', // Measures of the National Assembly for Wales
    'wsi', // Wales Statutory Instruments
    'wdsi', // Wales draft Statutory Instruments
    'nia', // Acts of the Northern Ireland Assembly
    'aip', // Acts of the old Irish Parliament
    'apni', // Acts of the Northern Ireland Parliament
    'mnia', // Measures of the Northern Ireland Assembly
    'nisi', // Northern Ireland Orders in Council
    'nisr', // Northern Ireland Statutory Rules
    'nisro', // Northern Ireland Statutory Rules and Orders
    'nidsr', // Northern Ireland draft Statutory Rules
    'apgb', // Acts of the Parliament of Great Britain
    'aep', // Acts of the English Parliament
    'gbla', // Great Britain Local Acts
    'eur', // retained EU Regulations
    'eudn', // retained EU Decisions
    'eudr', // retained EU Directives
  ],
} as const;

/** What an entity is, as far as the legal layer rule needs to know. */
export interface LayerOf {
  readonly type: string;
  readonly id: string;
  readonly scope?: unknown;
}

/**
 * Why an entity belongs to the legal layer (so only an admin may make or change it), or
 * undefined when it does not. `type` may be the label (Duty) or the stored type (DUTY).
 */
export function legalLayerReason(entity: LayerOf): string | undefined {
  const type = LEGAL_LAYER.types.find((t) => t === entity.type || t.toUpperCase() === entity.type);
  if (type !== undefined) return `a ${type} is part of the legal layer`;
  if ((entity.type === 'Strategy' || entity.type === 'STRATEGY') && entity.scope === LEGAL_LAYER.nationalStrategyScope) {
    return `a Strategy of scope ${LEGAL_LAYER.nationalStrategyScope} is national, shared data`;
  }
  const namespace = entity.id.split('/', 1)[0];
  if ((LEGAL_LAYER.namespaces as readonly string[]).includes(namespace ?? ''))
    return `ids starting "${namespace}/" are legislation.gov.uk's (the legal layer's)`;
  return undefined;
}
