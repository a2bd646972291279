/**
 * The fast YAML reader (src/seed/plain-yaml.ts) against the `yaml` library it stands in for: on
 * every seed file and on the corners where the two libraries differ, it either gives exactly the
 * values `yaml` gives or steps aside (undefined) so `yaml` reads the file and reports its problems.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { readPlainYaml } from '../../src/seed/plain-yaml.js';
import { listSeedFiles, MAX_YAML_ALIASES } from '../../src/seed/read.js';
import { SEED_DIR } from '../support/seed-graph.js';

/** What the import read before the fast reader: `yaml`'s values, or its first problem's code. */
function viaYaml(text: string): { value?: unknown; problem?: string } {
  const document = parseDocument(text, { uniqueKeys: true });
  const problem = [...document.errors, ...document.warnings][0];
  if (problem) return { problem: problem.code };
  try {
    return { value: document.toJS({ maxAliasCount: MAX_YAML_ALIASES }) as unknown };
  } catch (error) {
    return { problem: (error as Error).message };
  }
}

describe('the fast YAML reader', () => {
  it('reads every seed file to the values the yaml library gives', () => {
    const { files } = listSeedFiles([SEED_DIR]);
    const yamlFiles = files.filter((file) => /\.ya?ml$/.test(file));
    expect(yamlFiles.length).toBeGreaterThan(40);
    for (const file of yamlFiles) {
      const text = fs.readFileSync(file, 'utf8');
      const fast = readPlainYaml(text);
      expect(fast, file).not.toBeUndefined();
      expect(fast, file).toStrictEqual(viaYaml(text).value);
    }
  });

  // Plain YAML both libraries read alike: the fast reader must agree value for value.
  const alike = [
    'a: 2014-01-01',
    'a: 0o14',
    'a: 014',
    'a: 0x1F',
    'a: 0b101',
    'a: 1_000',
    'a: +12',
    'a: .5',
    'a: 1e3',
    'a: -.Inf',
    'a: ~',
    'a:',
    'a: yes',
    'a: on',
    'a: True',
    'a: FALSE',
    '<<: {b: 1}\na: 2',
    '__proto__: {x: 1}',
    '1: a\n2: b',
    'true: x',
    "a: 'it''s'",
    'a: "\\u00e9 \\x41 \\/"',
    'a: |\n  x\n  y\n',
    'a: >-\n  x\n  y\n',
    'a: 12345678901234567890',
    'a: 1:20',
    'a: 685_230.15',
    'a: [a, b, ]',
    'a:\n  - b\n  -\n  - c',
    'a: plain\n  continued',
    "a: 'x\n\n  y'",
    '\ufeffa: 1',
    '---\na: 1\n...\n',
    'quote: "Crime & Disorder: *the* duty! 100% ? yes"',
  ];
  it.each(alike)('reads %j as the yaml library does', (text) => {
    const expected = viaYaml(text);
    expect(expected.problem).toBeUndefined();
    expect(readPlainYaml(text)).toStrictEqual(expected.value);
  });

  // Where the libraries differ, or where yaml has a problem to report, the fast reader steps aside.
  const aside: [string, string][] = [
    ['an alias', 'a: &x 1\nb: *x'],
    ['an anchor alone', 'a: &x 1'],
    ['an alias bomb', `a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]`],
    ['a tag yaml does not resolve', 'a: !!float 1'],
    ['an unknown tag', 'a: !weird 1'],
    ['a timestamp tag', 'a: !!timestamp 2014-01-01'],
    ['a YAML 1.1 directive', '%YAML 1.1\n---\na: yes'],
    ['a null key', 'null: x'],
    ['an empty key', ': x'],
    ['a sequence as a key', '? [a, b]\n: c'],
    ['two documents', '--- a\n--- b'],
    ['no document', '# only a comment'],
    ['a duplicate key', 'a: 1\na: 2'],
    ['an unclosed quote', 'a: "unterminated'],
    ['an unclosed bracket', 'a: [1, 2'],
    ['a tab as indentation', '\ta: 1'],
    ['a reserved character', 'a: @x'],
    ['a bad indentation', 'a: 1\n b: 2'],
  ];
  it.each(aside)('leaves %s to the yaml library', (_, text) => {
    expect(readPlainYaml(text)).toBeUndefined();
  });
});
