/** Reading the operations' arguments, and quoting them back in messages. */
import neo4j from 'neo4j-driver';
import { ErrorCode, GoldenThreadError } from '../errors.js';
import { ALL_EVIDENCE, BASIS_STRENGTH, type EvidenceBasis, type EvidenceFilter } from '../model/index.js';

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The asOf argument as 'yyyy-mm-dd', or null. The Date scalar hands over a neo4j Date (or, for
 * some inputs, a string); anything that is not a real calendar day is BAD_USER_INPUT.
 */
export function parseAsOf(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  let text: string;
  if (neo4j.isDate(value as never)) {
    const date = value as { year: unknown; month: unknown; day: unknown };
    const [y, m, d] = [Number(date.year), Number(date.month), Number(date.day)];
    text =
      Number.isInteger(y) && Number.isInteger(m) && Number.isInteger(d)
        ? `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
        : 'invalid';
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    throw new GoldenThreadError(ErrorCode.BAD_USER_INPUT, 'asOf must be a date written yyyy-mm-dd.');
  }
  const match = ISO_DAY.exec(text);
  if (match) {
    const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const probe = new Date(Date.UTC(y, m - 1, d));
    if (probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d) return text;
  }
  throw new GoldenThreadError(ErrorCode.BAD_USER_INPUT, `asOf ${quoteInput(text)} is not a real date written yyyy-mm-dd.`);
}

/** Longer input is cut here when a message quotes it: enough to recognise, never a wall of text. */
const QUOTE_MAX = 200;

/**
 * Client input as a message quotes it: in double quotes, JSON-escaped so control characters and
 * lone surrogates show as \u escapes (a message is also a log line and a terminal's text), with
 * bidirectional marks, other invisible format characters and line separators escaped too (they
 * would reorder or hide the message around them), and cut at QUOTE_MAX characters.
 */
export function quoteInput(text: string): string {
  const chars = [...text];
  const cut = chars.length > QUOTE_MAX ? `${chars.slice(0, QUOTE_MAX).join('')}…` : text;
  const quoted = JSON.stringify(cut).replace(/[\p{Cf}\p{Zl}\p{Zp}]/gu, (c) => {
    const code = c.codePointAt(0) ?? 0;
    return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
  return chars.length > QUOTE_MAX ? `${quoted} (${chars.length} characters)` : quoted;
}

/** An id argument: non-empty after trimming, else BAD_USER_INPUT. */
export function requireId(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new GoldenThreadError(ErrorCode.BAD_USER_INPUT, `${name} must be a non-empty id.`);
  return value.trim();
}

/**
 * The evidence filter of trace, impact and coverage: `basis` (omitted: every basis) and
 * `verifiedOnly` (omitted: false). An empty basis list would accept nothing: BAD_USER_INPUT.
 */
export function parseEvidence(basis: unknown, verifiedOnly: unknown): EvidenceFilter {
  let bases: readonly EvidenceBasis[] = ALL_EVIDENCE.basis;
  if (basis !== undefined && basis !== null) {
    if (!Array.isArray(basis) || basis.length === 0 || !basis.every((b): b is EvidenceBasis => BASIS_STRENGTH.includes(b as EvidenceBasis)))
      throw new GoldenThreadError(ErrorCode.BAD_USER_INPUT, `basis must list at least one of ${BASIS_STRENGTH.join(', ')}.`);
    bases = [...new Set(basis)];
  }
  if (verifiedOnly !== undefined && verifiedOnly !== null && typeof verifiedOnly !== 'boolean')
    throw new GoldenThreadError(ErrorCode.BAD_USER_INPUT, 'verifiedOnly must be true or false.');
  return { basis: bases, verifiedOnly: verifiedOnly === true };
}
