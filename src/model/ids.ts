/**
 * What an entity id may be, said once: the seed format's JSON Schema publishes it, the seed
 * validator reports it, and the API refuses a create that breaks it, so an id made through the
 * API is always one a seed file could hold (and export back) as well.
 */

/** Slugs are lowercase; legislation.gov.uk paths keep their capitals (section/17A, regulation/9A). */
export const ID_PATTERN = '^[a-z0-9]+(?:[a-z0-9-]*[a-z0-9])?(?:/[A-Za-z0-9]+(?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$';

/** Longest id: far beyond a real one, short enough to show in a page or a log line. */
export const ID_MAX_LENGTH = 200;

/** The rule as a person reads it. */
export const ID_RULE = 'must be an id: a lowercase slug, or a legislation.gov.uk path such as ukpga/1998/37/section/17A';

// The `u` flag reads the pattern as Ajv does for the JSON Schema.
const idPattern = new RegExp(ID_PATTERN, 'u');

/** Why `id` is not an id the seed format accepts, or undefined when it is one. */
export function idProblem(id: string): string | undefined {
  if (id.length === 0) return 'must not be empty';
  if (id.length > ID_MAX_LENGTH) return `must be at most ${ID_MAX_LENGTH} characters (this one has ${id.length})`;
  if (!idPattern.test(id)) return `${ID_RULE} (letters, digits and hyphens in parts joined by /; no spaces or control characters)`;
  return undefined;
}

/**
 * What a stored text may hold, said once for the seed format's JSON Schema and for the API: no
 * control characters and no bidirectional overrides or isolates (which make one text display as
 * another), no leading or trailing space (a look-alike of a real name), and something to read.
 * Long texts (see LONG_TEXT_PROPERTIES) may break lines and hold tabs; short ones may not.
 */
const FORBIDDEN = '\\p{Cc}\\u2028\\u2029\\u202A-\\u202E\\u2066-\\u2069';
export const SHORT_TEXT_PATTERN = `^[^\\s${FORBIDDEN}](?:[^${FORBIDDEN}]*[^\\s${FORBIDDEN}])?$`;
export const LONG_TEXT_PATTERN = `^[^\\s${FORBIDDEN}](?:(?:[^${FORBIDDEN}]|[\\t\\n])*[^\\s${FORBIDDEN}])?$`;

/** The text rule as a person reads it. */
export const TEXT_RULE = 'must be text with no control characters or direction overrides, and no space at either end';

const shortText = new RegExp(SHORT_TEXT_PATTERN, 'u');
const longText = new RegExp(LONG_TEXT_PATTERN, 'u');

/** Why `value` is not a text the seed format accepts (long: whether it may break lines), or undefined when it is one. */
export function textProblem(value: string, long: boolean): string | undefined {
  if (value.length === 0) return 'must not be empty';
  if (!(long ? longText : shortText).test(value)) return long ? `${TEXT_RULE} (line breaks and tabs are allowed)` : `${TEXT_RULE}, on one line`;
  return undefined;
}
