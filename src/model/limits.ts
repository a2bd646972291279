/**
 * How large a stored value may be, said once: the seed format's JSON Schema publishes these as
 * maxLength and maxItems, the importer refuses a larger file, and the API refuses a change whose
 * result would break them. One 50 MB description read by a few clients at once was enough to
 * exhaust the database's memory, and every stored byte is also read by export, search and audit.
 *
 * The figures are far beyond the data we hold (seed/, measured when these were set: longest name
 * 118 characters, longest long text 1,660, most aliases 3 of at most 63 characters, largest seed
 * file 68,613 bytes) and small enough that a page of results stays a page.
 */
import { textProblem } from './ids.js';

export const LIMITS = {
  /** Characters of a short text: a name, a number as printed, a publisher, an evidence source. */
  shortText: 500,
  /** Characters of a long text: descriptions, duty and activity text, notes, quotes (see LONG_TEXT_PROPERTIES). */
  longText: 20_000,
  /** Characters of an address. */
  url: 2_000,
  /** Items in a list property such as aliases. */
  listItems: 50,
  /** Characters of one item of a list property. */
  listItemLength: 500,
  /** Bytes of one seed file: the importer refuses a larger one before parsing it. */
  seedFileBytes: 1_048_576,
  /**
   * Bytes (UTF-8 JSON) of what one AuditEvent records of one change; a larger change is refused, to
   * be made in smaller steps. Above what any entity's properties can hold before and after one
   * request, so only a change to many relationships with long evidence at once can meet it.
   */
  auditEventBytes: 1_048_576,
} as const;

/** Properties, of entities or of relationship evidence, that hold prose rather than a label. */
export const LONG_TEXT_PROPERTIES: ReadonlySet<string> = new Set([
  'description',
  'notes',
  'text',
  'vision',
  'measuringSuccess',
  'progress',
  'correction',
  'quote',
  'note',
]);

/** The most characters a text property of this name may hold. */
export function textLimit(property: string): number {
  if (property === 'url') return LIMITS.url;
  return LONG_TEXT_PROPERTIES.has(property) ? LIMITS.longText : LIMITS.shortText;
}

/** Characters as the JSON Schema counts them (code points), without spreading a huge string. */
function characters(value: string, limit: number): number {
  if (value.length <= limit) return value.length;
  return value.length - (value.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0);
}

const figure = (n: number): string => n.toLocaleString('en-GB');

/**
 * Why a value of the named property breaks the size limits or the text rule (ids.ts), or
 * undefined when it keeps them; other than strings and lists of strings, nothing is checked here.
 */
export function valueProblem(property: string, value: unknown): string | undefined {
  if (typeof value === 'string') {
    const limit = textLimit(property);
    const found = characters(value, limit);
    if (found > limit) return `has ${figure(found)} characters; the limit is ${figure(limit)}`;
    const problem = textProblem(value, LONG_TEXT_PROPERTIES.has(property));
    return problem;
  }
  if (Array.isArray(value)) {
    if (value.length > LIMITS.listItems) return `has ${figure(value.length)} items; the limit is ${figure(LIMITS.listItems)}`;
    for (const [index, item] of value.entries()) {
      if (typeof item !== 'string') continue;
      const found = characters(item, LIMITS.listItemLength);
      if (found > LIMITS.listItemLength) return `item ${index} has ${figure(found)} characters; the limit is ${figure(LIMITS.listItemLength)}`;
      const problem = textProblem(item, false);
      if (problem !== undefined) return `item ${index} ${problem}`;
    }
  }
  return undefined;
}
