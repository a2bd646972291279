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
