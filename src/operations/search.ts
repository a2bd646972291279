/**
 * search(text, first, kinds): every entity, ranked as a person expects. A hit's band says why it
 * ranks where it does, best first:
 *
 * 1. ID: the text is the entity's id (`ukpga/1998/37`) or its legislation.gov.uk address;
 * 2. CITATION: the text is a legal citation of it: an Act by year and chapter ("1998 c. 37"), a
 *    statutory instrument by year and number ("SI 2007/1830"), an Act by the initials of its
 *    title and its year ("CDA 1998"), or a provision ("s.6", "CDA 1998 s.17", "SI 2007/1830 reg 9",
 *    "Sch 11", "Part 4") of the legislation so named, or of any when none is;
 * 3. NAME, 4. ALIAS: the text is its name, or one of its aliases or its name without a bracketed
 *    qualifier ("Lancashire" for "Lancashire (county council area)"); letter case, punctuation
 *    and "&" for "and" aside;
 * 5. NAME_PHRASE, 6. ALIAS_PHRASE: its name, or an alias, holds the text as a phrase;
 * 7. PHRASE: some other text of it (description, text, progress, vision) holds the phrase;
 * 8. ALL_WORDS: it holds every word; 9. WORDS: some.
 *
 * Citations and aliases come only from the data: a citation is read from the legislation's own
 * kind, year and number or the initials of its title, an alias from the seed. Within a band the
 * exact bands put the entity with more relationships first (the Act, not its commencement
 * order); the phrase bands the name the text covers most of; the word bands the full-text
 * relevance. `score` is that order as a number: 1000 per band above WORDS, plus the in-band
 * measure (never 1000 or more), so hits come highest score first.
 */
import neo4j from 'neo4j-driver';
import { cypher } from '../database/cypher.js';
import type { Database } from '../database/driver.js';
import { ErrorCode, GoldenThreadError } from '../errors.js';
import { pricedPage, type OperationCost } from './cost.js';
import { ENTITY_TYPE_NAMES, type EntityTypeName } from '../model/index.js';
import type { EntityRef } from './shapes.js';

/** Why a hit ranks where it does, best first. */
export const SEARCH_MATCHES = ['ID', 'CITATION', 'NAME', 'ALIAS', 'NAME_PHRASE', 'ALIAS_PHRASE', 'PHRASE', 'ALL_WORDS', 'WORDS'] as const;
export type SearchMatch = (typeof SEARCH_MATCHES)[number];

export interface SearchHit {
  readonly id: string;
  readonly type: EntityTypeName;
  readonly name: string;
  readonly score: number;
  readonly match: SearchMatch;
  readonly entity: EntityRef;
}

export const SEARCH_DEFAULT_FIRST = 20;
export const SEARCH_MAX_FIRST = 100;
/** Hits kept from each full-text query before ranking: well past a page, so ranking sees the exact matches. */
const SEARCH_POOL = 200;

/** Reads one full-text index; every hit on the page carries the fields selected under it. */
export const searchCost: OperationCost = (args, child) => 10 + pricedPage(args.first, SEARCH_DEFAULT_FIRST, SEARCH_MAX_FIRST) * child;
/**
 * Longer text is refused: enough for any real query, and it bounds the Lucene query. Refused
 * rather than cut, so nobody is shown hits for words they cannot see were dropped.
 */
export const SEARCH_MAX_LENGTH = 500;

/**
 * Makes any text a plain Lucene query of terms: every character the query syntax gives meaning
 * to (+ - && || ! ( ) { } [ ] ^ " ~ * ? : \ /) is backslash-escaped, and the operator words
 * AND, OR, NOT are lower-cased so they are searched for (and dropped as stop words), never obeyed.
 */
export function escapeLucene(text: string): string {
  return text
    .replace(/[+\-&|!(){}[\]^"~*?:\\/]/g, (c) => `\\${c}`)
    .replace(/\b(AND|OR|NOT|TO)\b/g, (word) => word.toLowerCase())
    .replace(/\s+/g, ' ')
    .trim();
}

export function searchLimit(first: unknown): number {
  if (first === undefined || first === null) return SEARCH_DEFAULT_FIRST;
  if (typeof first !== 'number' || !Number.isInteger(first) || first < 1)
    throw new GoldenThreadError(ErrorCode.BAD_USER_INPUT, 'first must be a whole number of at least 1.');
  return Math.min(first, SEARCH_MAX_FIRST);
}

/** The entity types to keep, or null for all; an unknown name is refused naming it. */
export function searchKinds(kinds: unknown): EntityTypeName[] | null {
  if (kinds === undefined || kinds === null) return null;
  if (!Array.isArray(kinds)) throw new GoldenThreadError(ErrorCode.BAD_USER_INPUT, 'kinds must be a list of entity types.');
  const unknown = kinds.filter((kind) => !(ENTITY_TYPE_NAMES as readonly unknown[]).includes(kind));
  if (unknown.length > 0)
    throw new GoldenThreadError(
      ErrorCode.BAD_USER_INPUT,
      `kinds holds ${unknown.map(String).join(', ')}, not entity types; use ${ENTITY_TYPE_NAMES.join(', ')}.`,
    );
  return [...new Set(kinds as EntityTypeName[])];
}

/** Text as compared for exact and phrase matches: lower case, "&" read as "and", punctuation as space. */
export function normaliseName(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Small words a title's initials leave out: "Crime and Disorder Act 1998" is CDA 1998. */
const UNCOUNTED = new Set(['and', 'of', 'the', 'for', 'in', 'on', 'to', 'a']);

/** The initials of a title without its year: "Anti-social Behaviour, Crime and Policing Act 2014" is "asbcpa". */
export function initials(title: string): string {
  return normaliseName(title.replace(/\(\d{4}\)|\b\d{4}\b/g, ''))
    .split(' ')
    .filter((word) => word !== '' && !UNCOUNTED.has(word) && !/^\d/.test(word))
    .map((word) => word[0])
    .join('');
}

export interface Law {
  readonly id: string;
  readonly name: string;
  readonly aliases: readonly string[];
  readonly kind: string;
  readonly year: number | null;
  readonly number: string | null;
}

/** What a provision citation names: its kinds and number as printed ("6", "17A", "5(1)(a)"). */
interface CitedProvision {
  readonly kinds: readonly string[];
  readonly number: string;
}

const PROVISION_WORDS: readonly [RegExp, readonly string[]][] = [
  [/^(?:s|ss|sec|section|sections)$/, ['SECTION', 'SUBSECTION']],
  [/^(?:reg|regs|regulation|regulations)$/, ['REGULATION']],
  [/^(?:sch|schedule)$/, ['SCHEDULE']],
  [/^(?:para|paragraph)$/, ['PARAGRAPH']],
  [/^part$/, ['PART']],
  [/^(?:chapter|ch)$/, ['CHAPTER']],
];

/** Splits "CDA 1998 s.6(1A)" into the legislation named ("CDA 1998") and the provision ("s.6(1A)"). */
export function splitCitation(text: string): { law: string; provision: CitedProvision | null } {
  const found = /(?:^|\s)([A-Za-z]+)\.?\s*(\d+[A-Za-z]*(?:\(\w+\))*)\s*$/.exec(text.trim());
  if (found) {
    const word = (found[1] ?? '').toLowerCase();
    const kinds = PROVISION_WORDS.find(([pattern]) => pattern.test(word))?.[1];
    if (kinds) {
      const number = found[2] ?? '';
      return {
        law: text.trim().slice(0, found.index).trim(),
        provision: { kinds: number.includes('(') && kinds.includes('SUBSECTION') ? ['SUBSECTION'] : kinds, number },
      };
    }
  }
  return { law: text.trim(), provision: null };
}

/**
 * The legislation a citation names: by year and chapter or number, or initials and year; with
 * `byTitle` (the legislation a provision is cited in), by its exact title or an alias too.
 */
export function citedLaws(text: string, laws: readonly Law[], byTitle = false): string[] {
  const t = text.trim();
  if (t === '') return [];
  const chapter = /^(\d{4})\s*,?\s*(?:c|ch|chapter)\.?\s*(\d+)$/i.exec(t);
  if (chapter) return laws.filter((l) => l.kind === 'ACT' && l.year === Number(chapter[1]) && l.number === chapter[2]).map((l) => l.id);
  const instrument = /^(?:s\.?\s*i\.?\s*)?(\d{4})\s*(?:\/|no\.?)\s*(\d+)$/i.exec(t);
  if (instrument)
    return laws.filter((l) => l.kind === 'STATUTORY_INSTRUMENT' && l.year === Number(instrument[1]) && l.number === instrument[2]).map((l) => l.id);
  const initialled = /^([A-Za-z]{2,12})\s*,?\s*(\d{4})$/.exec(t);
  if (initialled) {
    const letters = (initialled[1] ?? '').toLowerCase();
    const year = Number(initialled[2]);
    const byInitials = laws.filter((l) => l.year === year && initials(l.name) === letters).map((l) => l.id);
    if (byInitials.length > 0) return byInitials;
  }
  if (!byTitle) return [];
  const name = normaliseName(t);
  return laws.filter((l) => normaliseName(l.name) === name || l.aliases.some((a) => normaliseName(a) === name)).map((l) => l.id);
}

/** Worth reading the legislation for: a year, a chapter or SI number, or a provision word and number. */
export function looksLikeCitation(text: string): boolean {
  return splitCitation(text).provision !== null || /\b\d{4}\b/.test(text);
}

/** An id as typed, lower-cased, or as its legislation.gov.uk address. */
export function idsFromText(text: string): string[] {
  const t = text.trim();
  const fromAddress = t.replace(/^(?:https?:\/\/)?(?:www\.)?legislation\.gov\.uk\/(?:id\/)?/i, '').replace(/\/(?:contents|enacted|made)?\/?$/i, '');
  return [...new Set([t, t.toLowerCase(), fromAddress, fromAddress.toLowerCase()])].filter((id) => id !== '' && !/\s/.test(id));
}

export interface Candidate {
  readonly id: string;
  readonly type: EntityTypeName;
  readonly name: string;
  readonly aliases: readonly string[];
  readonly degree: number;
  readonly score: number;
  readonly how: readonly string[];
}

const contains = (haystack: string, needle: string) => needle !== '' && ` ${haystack} `.includes(` ${needle} `);

/** The band of a candidate and its in-band measure (below 1000), from what found it and its names. */
export function rankCandidate(candidate: Candidate, text: string): { match: SearchMatch; within: number } {
  const wanted = normaliseName(text);
  const name = normaliseName(candidate.name);
  // "Lancashire (county council area)" is named "Lancashire"; the bracket only tells it apart.
  const bare = normaliseName(candidate.name.replace(/\s*\([^)]*\)/g, ' '));
  const aliases = candidate.aliases.map(normaliseName);
  const how = new Set(candidate.how);
  // Exact bands: the better connected first, then the full-text relevance (kept below 1).
  const exact = Math.min(candidate.degree, 998) + candidate.score / (candidate.score + 1);
  if (how.has('id')) return { match: 'ID', within: exact };
  if (how.has('citation')) return { match: 'CITATION', within: exact };
  if (name === wanted && wanted !== '') return { match: 'NAME', within: exact };
  if ((aliases.includes(wanted) || bare === wanted) && wanted !== '') return { match: 'ALIAS', within: exact };
  // Phrase bands: the name the text covers most of ("Crime and Disorder Act" is most of the Act's title).
  const covers = (of: string) => (100 * wanted.length) / Math.max(of.length, 1);
  if (contains(name, wanted)) return { match: 'NAME_PHRASE', within: covers(name) * 9 + Math.min(candidate.score, 99) / 100 };
  const alias = aliases.filter((a) => contains(a, wanted));
  if (alias.length > 0) return { match: 'ALIAS_PHRASE', within: Math.max(...alias.map(covers)) * 9 + Math.min(candidate.score, 99) / 100 };
  const relevance = Math.min(candidate.score, 999);
  if (how.has('phrase') || how.has('named')) return { match: 'PHRASE', within: relevance };
  if (how.has('all')) return { match: 'ALL_WORDS', within: relevance };
  return { match: 'WORDS', within: relevance };
}

/** The candidates best first, each with its band and score (1000 per band above WORDS plus the in-band measure). */
export function rankCandidates(candidates: readonly Candidate[], text: string): SearchHit[] {
  return candidates
    .map((c) => {
      const { match, within } = rankCandidate(c, text);
      const score = 1000 * (SEARCH_MATCHES.length - 1 - SEARCH_MATCHES.indexOf(match)) + within;
      return { id: c.id, type: c.type, name: c.name, score, match, entity: { id: c.id, type: c.type, name: c.name } };
    })
    .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}

interface CandidateRow extends Candidate, Record<string, unknown> {}
interface LawRow extends Law, Record<string, unknown> {}

/** The terms of escaped text, each required: "+a +b". Terms the analyzer drops (stop words) drop out. */
const everyTerm = (escaped: string) =>
  escaped
    .split(' ')
    .filter((term) => term !== '')
    .map((term) => `+${term}`)
    .join(' ');

export async function search(db: Database, args: { text: unknown; first?: unknown; kinds?: unknown }): Promise<SearchHit[]> {
  if (typeof args.text !== 'string' || args.text.trim() === '') throw new GoldenThreadError(ErrorCode.BAD_USER_INPUT, 'Search text must not be empty.');
  const length = [...args.text].length;
  if (length > SEARCH_MAX_LENGTH)
    throw new GoldenThreadError(ErrorCode.BAD_USER_INPUT, `Search text is ${length} characters long; the limit is ${SEARCH_MAX_LENGTH}.`);
  const first = searchLimit(args.first);
  const types = searchKinds(args.kinds);
  const text = args.text.trim();
  const words = escapeLucene(text);
  // Text that is nothing but punctuation the analyzer drops would be an empty Lucene query.
  if (!/[\p{L}\p{N}]/u.test(words)) return [];
  const params = searchParameters(text, types);
  if (looksLikeCitation(text)) {
    const laws = await db.run<LawRow>(cypher('queries/search-laws'), {}, 'READ');
    const cited = splitCitation(text);
    const named = citedLaws(cited.law, laws, cited.provision !== null);
    if (cited.provision === null) params.lookups.push(...named.map((id) => ({ id, how: 'citation' })));
    else if (cited.law === '' || named.length > 0) params.provision = { ...cited.provision, within: cited.law === '' ? null : named };
  }
  const rows = await db.run<CandidateRow>(cypher('queries/search'), { ...params }, 'READ');
  return rankCandidates(rows, text).slice(0, first);
}

interface SearchParameters {
  readonly words: string;
  readonly all: string | null;
  readonly phrase: string | null;
  readonly named: string;
  readonly lookups: { id: string; how: string }[];
  provision: { number: string; kinds: readonly string[]; within: string[] | null } | null;
  readonly types: EntityTypeName[] | null;
  readonly pool: ReturnType<typeof neo4j.int>;
}

/** The parameters of cypher/queries/search.cypher for text (with at least one letter or digit), before any citation is resolved. */
export function searchParameters(text: string, types: EntityTypeName[] | null): SearchParameters {
  const words = escapeLucene(text);
  const several = words.includes(' ');
  return {
    words,
    all: several ? everyTerm(words) : null,
    phrase: several ? `"${words}"` : null,
    named: `name:"${words}" OR aliases:"${words}"`,
    lookups: idsFromText(text).map((id) => ({ id, how: 'id' })),
    provision: null,
    types,
    pool: neo4j.int(SEARCH_POOL),
  };
}
