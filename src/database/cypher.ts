import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../config.js';

const CYPHER_DIR = path.join(PROJECT_ROOT, 'cypher');

/**
 * Reads a named, parameterised statement from cypher/. Queries are files so that they can be
 * reviewed and profiled as they are, and so no query text is ever built from input.
 * Files are read once per process. Whole-line comments stay in the file and are not sent: the
 * driver writes a statement to the socket about 1.4 kB at a time, and the headers that document
 * a query are often longer than the query (trace: 4.0 kB with them, 2.1 kB without), each write
 * a system call on every request.
 */
const cache = new Map<string, string>();

export function cypher(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = fs
      .readFileSync(path.join(CYPHER_DIR, `${name}.cypher`), 'utf8')
      .split('\n')
      .filter((line) => !/^\s*(\/\/.*)?$/.test(line))
      .join('\n');
    cache.set(name, text);
  }
  return text;
}

/** Splits a file of several statements (the schema files) on semicolons ending a line. */
export function statements(name: string): string[] {
  return cypher(name)
    .split(/;\s*$/m)
    .map((statement) => statement.replace(/^\s*\/\/.*$/gm, '').trim())
    .filter((statement) => statement.length > 0);
}
