/**
 * Seed validation without a database: reading, the JSON Schema shape checks and the cross-file
 * checks. The import itself (writes, references into the graph, refusals that write nothing) is
 * test/slow/import.test.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ID_MAX_LENGTH, idProblem, LIMITS, valueProblem } from '../../src/model/index.js';
import { createdIds } from '../../src/schema/mutation-input.js';
import type { SeedFile } from '../../src/seed/model.js';
import { listSeedFiles, parseSeedFile } from '../../src/seed/read.js';
import { collect, schemaProblems } from '../../src/seed/validate.js';
import { SEED_DIR } from '../support/seed-graph.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gt-unit-seed-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('seed validation', () => {
  it('finds nothing wrong with the seed folder', () => {
    const { files, problems } = listSeedFiles([SEED_DIR]);
    expect(problems).toEqual([]);
    expect(files.length).toBeGreaterThan(1);
    const results = files.map((file) => parseSeedFile(file));
    expect(results.flatMap((r) => r.problems)).toEqual([]);
    const parsed = results.flatMap((r) => (r.parsed ? [r.parsed] : []));
    expect(parsed).toHaveLength(files.length);
    expect(parsed.flatMap(schemaProblems)).toEqual([]);
    const checked = collect(parsed.map((p) => ({ file: p.file, data: p.data as SeedFile })));
    expect(checked.problems).toEqual([]);
    expect(checked.run.entities.length).toBeGreaterThan(300);
  });

  it('reports YAML syntax errors with their line', () => {
    const file = write('syntax.yaml', 'dataset: lancashire-csa-2014-2016\nentities:\n  - {id: x, type: Outcome\n');
    const { parsed, problems } = parseSeedFile(file);
    expect(parsed).toBeUndefined();
    expect(problems[0]?.file).toBe(file);
    expect(problems[0]?.reason).toMatch(/^YAML syntax: .*\(line \d+\)$/);
  });

  it('reports every shape problem with its path and reason', () => {
    const file = write(
      'shape.yaml',
      [
        'dataset: lancashire-csa-2014-2016',
        'entities:',
        '  - {id: Bad Id, type: Activity, name: x}',
        '  - {id: some-outcome, type: Outcome, name: y, colour: red}',
        'relationships:',
        '  - {from: some-outcome, type: CONTRIBUTES_TO, to: some-outcome, basis: STATED, source: "Appendix A"}',
      ].join('\n'),
    );
    const { parsed } = parseSeedFile(file);
    if (!parsed) throw new Error('the file should parse');
    const reasons = schemaProblems(parsed).map((p) => `${p.path} ${p.reason}`);
    expect(reasons).toContain('/entities/0/id must be an id: a lowercase slug, or a legislation.gov.uk path such as ukpga/1998/37/section/17A');
    expect(reasons).toContain('/entities/1 unknown property "colour"');
    expect(reasons).toContain('/relationships/0 missing required property "quote"');
  });
});

describe('the id rule', () => {
  const ids: [string, boolean][] = [
    ['lancashire-csa-2014-2016/activity/7', true],
    ['ukpga/1998/37/section/17A', true],
    ['a'.repeat(ID_MAX_LENGTH), true],
    ['', false],
    ['a'.repeat(ID_MAX_LENGTH + 1), false],
    ['lancashire/activity/9\u0000', false],
    ['lancashire/activity/\u001b[31m9', false],
    ['lancashire/activity/\u202e9', false],
    ['lancashire/activity/9 ', false],
    ['lancashire/activity/9\n', false],
    ['Lancashire/activity/9', false],
  ];

  it.each(ids)('is the same for a seed file and an API create: %j valid %s', (id, valid) => {
    const seedOk = schemaProblems({ file: 'f.yaml', data: { dataset: 'd', entities: [{ id, type: 'Activity', name: 'n' }] } }).length === 0;
    expect(seedOk).toBe(valid);
    expect(idProblem(id) === undefined).toBe(valid);
    if (valid) expect(createdIds({ input: [{ id }] })).toEqual([id]);
    else expect(() => createdIds({ input: [{ id }] })).toThrow(/^input\[0\]\.id must/);
  });
});

describe('size limits and the text rule in a seed file', () => {
  const entity = (extra: Record<string, unknown>) => ({ id: 'some-activity', type: 'Activity', name: 'An activity', ...extra });
  const problemsOf = (name: string, extra: Record<string, unknown>) => {
    const file = write(name, JSON.stringify({ dataset: 'd', entities: [entity(extra)] }));
    const { parsed } = parseSeedFile(file);
    if (!parsed) throw new Error('the file should parse');
    return schemaProblems(parsed).map((p) => `${p.file} ${p.path} ${p.reason}`);
  };

  it.each([
    [
      'a description',
      { description: 'd'.repeat(LIMITS.longText) },
      { description: 'd'.repeat(LIMITS.longText + 1) },
      '/entities/0/description',
      `${LIMITS.longText} characters`,
    ],
    ['a name', { name: 'n'.repeat(LIMITS.shortText) }, { name: 'n'.repeat(LIMITS.shortText + 1) }, '/entities/0/name', `${LIMITS.shortText} characters`],
    [
      'a list',
      { aliases: Array.from({ length: LIMITS.listItems }, (_, i) => `alias ${i}`) },
      { aliases: Array.from({ length: LIMITS.listItems + 1 }, (_, i) => `alias ${i}`) },
      '/entities/0/aliases',
      `${LIMITS.listItems} items`,
    ],
    [
      'a list item',
      { aliases: ['a'.repeat(LIMITS.listItemLength)] },
      { aliases: ['a'.repeat(LIMITS.listItemLength + 1)] },
      '/entities/0/aliases/0',
      `${LIMITS.listItemLength} characters`,
    ],
  ])('accepts %s at the limit and refuses one past it, with the file and the path', (name, atLimit, pastLimit, where, limit) => {
    expect(problemsOf(`at-limit-${name}.yaml`, atLimit)).toEqual([]);
    for (const [property, value] of Object.entries(atLimit)) expect(valueProblem(property, value)).toBeUndefined();
    for (const [property, value] of Object.entries(pastLimit)) expect(valueProblem(property, value)).toMatch(/the limit is/);
    const file = path.join(dir, `past-limit-${name}.yaml`);
    expect(problemsOf(`past-limit-${name}.yaml`, pastLimit)).toContain(`${file} ${where} must NOT have more than ${limit}`);
  });

  it.each([
    ['an empty name', { name: '' }, '/entities/0/name'],
    ['a name with a trailing space', { name: 'An activity ' }, '/entities/0/name'],
    ['a control character', { description: 'Bell\u0007' }, '/entities/0/description'],
    ['a right-to-left override', { aliases: ['\u202eytinummoc'] }, '/entities/0/aliases/0'],
  ])('refuses %s as the API does', (_name, extra, where) => {
    expect(problemsOf('text.yaml', extra).some((problem) => problem.includes(where))).toBe(true);
    for (const [property, value] of Object.entries(extra)) expect(valueProblem(property, value)).toBeDefined();
  });

  it('lets a long text break lines, as the seed does', () => {
    expect(problemsOf('lines.yaml', { text: 'First line.\nSecond line.' })).toEqual([]);
  });
});
