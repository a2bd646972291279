/**
 * Seed validation without a database: reading, the JSON Schema shape checks, the cross-file
 * checks, positions as line and column, and `npm run validate`. The import itself (writes, references into the graph, refusals that write nothing) is
 * test/slow/import.test.ts.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { BOARD_KIND, enumValues, ID_MAX_LENGTH, idProblem, LIMITS, valueProblem } from '../../src/model/index.js';
import { createdIds } from '../../src/schema/mutation-input.js';
import type { SeedFile } from '../../src/seed/model.js';
import { checkFiles } from '../../src/seed/check.js';
import { formatProblem, listSeedFiles, parseSeedFile, SEED_FILE_BYTES } from '../../src/seed/read.js';
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

  it("reports a YAML syntax error with its line and column, in words rather than the parser's", () => {
    const file = write('syntax.yaml', 'dataset: lancashire-csa-2014-2016\nentities:\n  - {id: x, type: Outcome\n');
    const { parsed, problems } = parseSeedFile(file);
    expect(parsed).toBeUndefined();
    expect(problems).toEqual([
      { file, path: '', line: 4, column: 1, reason: 'YAML syntax: a { is not closed with its } (or its next line is not indented enough)' },
    ]);
    const scalar = write('scalar.yaml', 'dataset: lancashire-csa-2014-2016\nentities:\n  - id: a\n    name: x y: z\n');
    expect(parseSeedFile(scalar).problems.map(formatProblem)).toEqual([
      `${scalar}:4:11: YAML syntax: a second "name: value" is on a line that already has one; put it on its own line, or put the text in quotes`,
    ]);
  });

  it('reports every shape problem with its path, line, column and a plain reason', () => {
    const file = write(
      'shape.yaml',
      [
        'dataset: lancashire-csa-2014-2016',
        'entities:',
        '  - {id: Bad Id, type: Activity, name: x}',
        '  - {id: some-outcome, type: Outcome, name: y, colour: red}',
        '  - {id: another-outcome, type: Outcome, name: y, verified: perhaps}',
        'relationships:',
        '  - {from: some-outcome, type: CONTRIBUTES_TO, to: some-outcome, basis: STATED, source: "Appendix A"}',
        '  - {from: some-outcome, type: CONTRIBUTES_TO, to: some-outcome, basis: GUESSED, source: "Appendix A", note: n}',
      ].join('\n'),
    );
    const { problems } = checkFiles([file]);
    expect(problems.map((p) => formatProblem({ ...p, file: 'shape.yaml' }))).toEqual([
      'shape.yaml:3:10: "id" must be an id: a lowercase slug, or a legislation.gov.uk path such as ukpga/1998/37/section/17A (/entities/0/id)',
      'shape.yaml:4:56: "colour" is not a property an Outcome may have (see seed/FORMAT.md for the list) (/entities/1/colour)',
      'shape.yaml:5:61: "verified" must be true or false (/entities/2/verified)',
      'shape.yaml:7:5: this relationship is missing "quote", which it must have (/relationships/0)',
      'shape.yaml:8:73: "basis" must be one of STATED, INFERRED, EXTERNAL (/relationships/1/basis)',
    ]);
  });
});

describe('npm run validate', () => {
  /** A dataset folder with one file of each kind of problem: a YAML error, a shape error, a reference error. */
  function brokenDataset(): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gt-validate-'));
    const folder = path.join(root, 'test-validate');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'a-syntax.yaml'), 'dataset: test-validate\nentities:\n  - id: test-validate/a\n    name: x y: z\n');
    fs.writeFileSync(
      path.join(folder, 'b-shape-and-reference.yaml'),
      [
        'dataset: test-validate',
        'entities:',
        '  - {id: test-validate/board, type: Board, name: Board, kind: NOT_A_KIND}',
        '  - {id: test-validate/area, type: Area, name: Area, kind: DISTRICT}',
        'relationships:',
        '  - {from: test-validate/board, type: SERVES, to: test-validate/area, basis: INFERRED, source: s, note: n}',
        '  - {from: test-validate/area, type: CITES, to: ukpga/1998/37, basis: INFERRED, source: s, note: n}',
        '  - {from: test-validate/area, type: CITES, to: ukpga/1999/99, basis: INFERRED, source: s, note: n}',
      ].join('\n'),
    );
    return folder;
  }

  it('reports a YAML, a shape, a rule and a reference problem as file:line:column in one pass, and starts no database', () => {
    const folder = brokenDataset();
    // A closed port: were the command to reach for a database (or start Java to run one), it would fail or hang, not answer.
    const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src', 'cli', 'validate.ts'), folder], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      env: { ...process.env, NEO4J_URI: 'bolt://127.0.0.1:1', NEO4J_PASSWORD: 'unused' },
      timeout: 120_000,
    });
    const a = path.join(folder, 'a-syntax.yaml');
    const b = path.join(folder, 'b-shape-and-reference.yaml');
    expect(result.stdout.split('\n').filter(Boolean)).toEqual([
      `${a}:4:11: YAML syntax: a second "name: value" is on a line that already has one; put it on its own line, or put the text in quotes`,
      `${b}:3:63: "kind" must be one of ${enumValues(BOARD_KIND).join(', ')} (/entities/0/kind)`,
      `${b}:7:38: CITES cannot join an Area to a Legislation (see seed/FORMAT.md) (/relationships/1/type)`,
      `${b}:8:49: no entity "ukpga/1999/99" in these files or in seed (/relationships/2/to)`,
      expect.stringMatching(/^4 problems found \(2 files, 1 entities, 3 relationships, in \d+ ms\)$/),
    ]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('');
  });

  it('accepts the seed folder, references resolving across datasets', () => {
    const checked = checkFiles([path.join(SEED_DIR, 'lancashire-csa-2014-2016', 'activity-links.yaml')], { against: [SEED_DIR] });
    expect(checked.problems).toEqual([]);
    // A file given on its own is not its whole dataset, so it may add and update but never remove.
    expect([...checked.whole]).toEqual([]);
    // Every dataset folder under seed/ is whole when the folder itself is given, Lancashire's and the legal layer's among them.
    const folders = fs.readdirSync(SEED_DIR).filter((name) => name !== 'schema' && fs.statSync(path.join(SEED_DIR, name)).isDirectory());
    expect(folders).toEqual(expect.arrayContaining(['lancashire-csa-2014-2016', 'uk-legal-basis']));
    expect([...checkFiles([SEED_DIR]).whole].sort()).toEqual(folders.sort());
  });

  it('judges a dataset given whole without its old files, and a single file with them', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gt-validate-'));
    const folder = path.join(root, 'lancashire-csa-2014-2016');
    fs.cpSync(path.join(SEED_DIR, 'lancashire-csa-2014-2016'), folder, { recursive: true });
    fs.rmSync(path.join(folder, 'agreement.yaml'));
    // Without agreement.yaml the folder's other files point at an agreement that is no longer declared.
    const whole = checkFiles([folder], { against: [SEED_DIR] });
    expect(whole.problems.length).toBeGreaterThan(0);
    expect(whole.problems.every((p) => /^no entity "/.test(p.reason) && p.line !== undefined)).toBe(true);
    expect(whole.problems.map((p) => p.reason)).toContain('no entity "lancashire-csa-2014-2016" in these files or in seed');
    const single = checkFiles([path.join(folder, 'activities.yaml')], { against: [SEED_DIR] });
    expect(single.problems).toEqual([]);
  });

  it('refuses a file larger than the seed file limit, before reading it', () => {
    const file = write('huge.yaml', `dataset: x\n#${'x'.repeat(SEED_FILE_BYTES)}\n`);
    expect(parseSeedFile(file).problems[0]?.reason).toMatch(/more than the \d+ a seed file may be/);
    const atLimit = write('at-limit.yaml', `dataset: x\n#${'x'.repeat(SEED_FILE_BYTES - 13)}\n`);
    expect(fs.statSync(atLimit).size).toBe(SEED_FILE_BYTES);
    expect(parseSeedFile(atLimit).problems).toEqual([]);
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
    // The wording is the validator's plain sentence; what must hold is where it points and the limit it names.
    const found = problemsOf(`past-limit-${name}.yaml`, pastLimit);
    expect(
      found.some((problem) => problem.startsWith(`${file} ${where} `) && problem.includes(limit.split(' ')[0] ?? limit)),
      found.join('\n'),
    ).toBe(true);
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
