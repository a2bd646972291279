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
  /** Bytes (UTF-8 JSON) of what one AuditEvent records of one change; a larger change is refused, to be made in smaller steps. */
  auditEventBytes: 262_144,
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
