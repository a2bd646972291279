/**
 * Absurd text for search and filters: what a careless client, a copy-paste from a PDF or an
 * attacker might send. Each entry is named so a failure says which one it was.
 */
import type { Rng } from './random.js';

/** Just under the 100 kB body limit once wrapped in a query and JSON. */
export const HUGE = 95_000;

const controls = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('');

export const ABSURD_STRINGS: readonly (readonly [name: string, text: string])[] = [
  ['95 kB of one letter', 'a'.repeat(HUGE)],
  ['95 kB of words', 'domestic abuse '.repeat(HUGE / 15)],
  ['95 kB of Lucene operators', '*?~ '.repeat(HUGE / 4)],
  ['501 characters', 'x'.repeat(501)],
  ['500 characters exactly', 'abuse '.repeat(83) + 'ab'],
  ['250 emoji (500 UTF-16 units)', '😀'.repeat(250)],
  ['every C0 control character', controls],
  ['control characters around a word', `\u0000abuse\u0007\u001b[31m\u0008`],
  ['NUL only', '\u0000'],
  ['unpaired high surrogate', 'abuse \ud800 crime'],
  ['unpaired low surrogate', '\udfff'],
  ['surrogates in the wrong order', '\udc00\ud800'],
  ['right-to-left override', '\u202eesuba citsemod\u202c'],
  ['RTL and LTR marks, zero-width characters, BOM', '\u200f\u200edomestic\u200babuse\u200d\ufeff'],
  ['combining marks (zalgo)', 'a\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308\u0309\u030a'.repeat(20)],
  ['line and paragraph separators', 'crime\u2028disorder\u2029'],
  ['Lucene wildcards', '* ? a* ?b *c*'],
  ['Lucene fuzzy and proximity', 'abuse~ "domestic abuse"~5 abuse~0.8'],
  ['Lucene quotes', '"""'],
  ['Lucene boolean words', 'AND OR NOT && || ! + -'],
  ['Lucene escapes', '\\ \\\\ \\" \\*'],
  ['Lucene regex', '/.*/ /[a-z]+/'],
  ['Lucene field query', 'name:abuse id:* description:"x"'],
  ['Lucene range', '[a TO z] {1 TO 5}'],
  ['Lucene boost and grouping', '(abuse^100 OR (crime)^0)'],
  ['Cypher: OR 1=1', "' OR 1=1 //"],
  ['Cypher: detach delete', '"}) MATCH (n) DETACH DELETE n //'],
  ['Cypher: parameter', '$query $first $param'],
  ['Cypher: backticks', '`name` `) RETURN 1 //'],
  ['Cypher: procedure call', "'}) CALL db.index.fulltext.drop('entity_text') //"],
  ['Cypher: LOAD CSV', "' LOAD CSV FROM 'http://127.0.0.1/x' AS l RETURN l //"],
  ['JSON fragment', '{"$ne": null, "__proto__": {"admin": true}}'],
  ['HTML fragment', '<script>alert(1)</script><img src=x onerror=alert(1)>'],
  ['SQL fragment', "'; DROP TABLE activities; --"],
  ['template and format strings', '${7*7} {{7*7}} %s%n%x #{7*7}'],
  ['path traversal', '../../../../etc/passwd\u0000.yaml'],
  ['JavaScript words', 'undefined null NaN constructor __proto__ prototype'],
  ['only spaces', '     '],
  ['tabs and newlines', '\t\n\r\n\tabuse\n'],
  ['percent-encoded', '%00%27%22%3Cscript%3E'],
  ['non-Latin scripts', 'العنف الأسري 家庭暴力 домашнее насилие'],
  ['one letter', 'a'],
];

const ALPHABET = [
  ...'abcdefghijklmnopqrstuvwxyz ABC0123456789',
  '*',
  '?',
  '~',
  '"',
  "'",
  '\\',
  '/',
  ':',
  '[',
  ']',
  '{',
  '}',
  '(',
  ')',
  '^',
  '!',
  '&&',
  '||',
  '+',
  '-',
  ' AND ',
  ' OR ',
  ' NOT ',
  ' TO ',
  '$',
  '`',
  '//',
  ';',
  '<',
  '>',
  '%',
  '\u0000',
  '\u0007',
  '\u001b',
  '\n',
  '\t',
  '\ud800',
  '\udc00',
  '\u202e',
  '\u200b',
  '\ufeff',
  'é',
  'ß',
  '😀',
  '中',
];

/** Seeded random strings over the alphabet of trouble above: short, medium and long. */
export function randomStrings(rng: Rng, count: number): (readonly [name: string, text: string])[] {
  return Array.from({ length: count }, (_, i) => {
    const length = rng.pick([1, 3, 8, 20, 60, 200, 499, 2_000]);
    return [`random string #${i} (${length} units)`, rng.string(length, ALPHABET)] as const;
  });
}

/** True when the text has a lone surrogate, which no GraphQL string literal can spell. */
export function hasLoneSurrogate(text: string): boolean {
  return /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
}

/** Code points, as the search limit counts them. */
export function codePoints(text: string): number {
  return [...text].length;
}
