/**
 * Broken seed files: each case is a folder of files (and links) that the importer must refuse
 * with SEED_INVALID, naming the file, the place in it and the reason, and writing nothing.
 */
import { stringify } from 'yaml';
import { ENTITY_TYPES, enumValues, propertiesOf, type PropertySpec } from '../../../src/model/index.js';
import type { Rng } from './random.js';

export interface SeedCase {
  readonly name: string;
  /** Files to write, by path relative to a fresh folder. */
  readonly files: Readonly<Record<string, string | Buffer>>;
  /** Symbolic links to make: link path → what it points at (both relative to the folder). */
  readonly links?: Readonly<Record<string, string>>;
  /** What to import, relative to the folder; the folder itself when left out. */
  readonly target?: string;
  /** A problem that must be among those reported: its file (relative), JSON pointer and reason. */
  readonly problem: { readonly file: string; readonly path: string; readonly reason: RegExp };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A small dataset that imports cleanly; every case breaks one thing in it. */
function base(): { [key: string]: Json } {
  return {
    dataset: 'fuzz-seed',
    entities: [
      { id: 'fuzz-seed-area', type: 'Area', name: 'Fuzz area', kind: 'DISTRICT' },
      { id: 'fuzz-seed-board', type: 'Board', name: 'Fuzz board', kind: 'OTHER' },
      { id: 'fuzz-seed-act', type: 'Legislation', name: 'Fuzz Act', kind: 'ACT', year: 2014 },
    ],
    relationships: [{ from: 'fuzz-seed-board', type: 'SERVES', to: 'fuzz-seed-area', basis: 'INFERRED', source: 'fuzz', note: 'fuzz' }],
  };
}

/** The base dataset with one value set (or, with `undefined`, removed) at a JSON pointer. */
function edited(pointer: string, value: Json | undefined): { [key: string]: Json } {
  const data = base();
  const keys = pointer.split('/').slice(1);
  const last = keys.pop() as string;
  let at: Json = data;
  for (const key of keys) at = (at as Record<string, Json>)[key] as Json;
  const parent = at as Record<string, Json>;
  if (value === undefined) delete parent[last];
  else parent[last] = value;
  return data;
}

const yaml = (data: Json) => stringify(data);

/** One file, the base dataset with one edit, and where the problem must be reported. */
function one(name: string, pointer: string, value: Json | undefined, path: string, reason: RegExp): SeedCase {
  return { name, files: { 'data.yaml': yaml(edited(pointer, value)) }, problem: { file: 'data.yaml', path, reason } };
}

function shapeCases(): SeedCase[] {
  const e = '/entities/0';
  const r = '/relationships/0';
  return [
    one('id with spaces and capitals', `${e}/id`, 'Bad Id', `${e}/id`, /must be an id/),
    one('id of 201 characters', `${e}/id`, 'a'.repeat(201), `${e}/id`, /too long: at most 200 characters/),
    one('id that walks up folders', `${e}/id`, '../../etc/passwd', `${e}/id`, /must be an id/),
    one('id that is a number', `${e}/id`, 5, `${e}/id`, /must be text/),
    one('id missing', `${e}/id`, undefined, e, /is missing "id", which it must have/),
    one('name missing', `${e}/name`, undefined, e, /is missing "name", which it must have/),
    one('name empty', `${e}/name`, '', `${e}/name`, /must not be empty/),
    one('name is a list', `${e}/name`, ['x'], `${e}/name`, /must be text/),
    one('unknown entity type', `${e}/type`, 'Widget', `${e}/type`, /must be one of/),
    one('entity type missing', `${e}/type`, undefined, e, /is missing "type", which it must have/),
    one('unknown entity property', `${e}/colour`, 'red', `${e}/colour`, /"colour" is not a property an Area may have/),
    one('verified is a word', `${e}/verified`, 'yes', `${e}/verified`, /must be true or false/),
    one('aliases is a string', `${e}/aliases`, 'x', `${e}/aliases`, /must be a list/),
    one('aliases repeat', `${e}/aliases`, ['a', 'a'], `${e}/aliases`, /must not list the same value twice \(it is item 1 and item 2\)/),
    one('an empty alias', `${e}/aliases`, [''], `${e}/aliases/0`, /must not be empty/),
    one('30 February', `${e}/validFrom`, '2014-02-30', `${e}/validFrom`, /must be a real date written YYYY-MM-DD/),
    one('month 13', `${e}/validFrom`, '2014-13-01', `${e}/validFrom`, /must be a real date/),
    one('month 0', `${e}/validTo`, '2014-00-10', `${e}/validTo`, /must be a real date/),
    one('29 February 2015', `${e}/validTo`, '2015-02-29', `${e}/validTo`, /must be a real date/),
    one('date without padding', `${e}/validFrom`, '2014-1-1', `${e}/validFrom`, /must be a real date/),
    one('date in words', `${e}/validFrom`, 'yesterday', `${e}/validFrom`, /must be a real date/),
    one('date as a number', `${e}/validFrom`, 20140101, `${e}/validFrom`, /must be text/),
    one('unknown kind', `${e}/kind`, 'CITY', `${e}/kind`, /must be one of/),
    one('year as text', '/entities/2/year', '1998', '/entities/2/year', /must be a whole number/),
    one('year with a fraction', '/entities/2/year', 1998.5, '/entities/2/year', /must be a whole number/),
    one('year beyond GraphQL Int', '/entities/2/year', 1e23, '/entities/2/year', /whole number from -2147483648 to 2147483647/),
    one('year of 2^31', '/entities/2/year', 2 ** 31, '/entities/2/year', /whole number from/),
    one('entities is a mapping', '/entities', { a: 1 }, '/entities', /must be a list/),
    one('entities is text', '/entities', 'none', '/entities', /must be a list/),
    one('unknown relationship type', `${r}/type`, 'LIKES', `${r}/type`, /must be one of/),
    one('unknown basis', `${r}/basis`, 'GUESSED', `${r}/basis`, /must be one of/),
    one('source missing', `${r}/source`, undefined, r, /is missing "source", which it must have/),
    one('STATED without a quote', `${r}/basis`, 'STATED', r, /is missing "quote", which it must have/),
    one('INFERRED without a note', `${r}/note`, undefined, r, /is missing "note", which it must have/),
    one('unknown relationship property', `${r}/weight`, 3, `${r}/weight`, /"weight" is not a property a relationship may have/),
    one('relationship verified is a word', `${r}/verified`, 'no', `${r}/verified`, /must be true or false/),
    one('relationship dated 30 February', `${r}/validFrom`, '2014-02-30', `${r}/validFrom`, /must be a real date/),
    one('relationship from a bad id', `${r}/from`, 'Not An Id', `${r}/from`, /must be an id/),
    one('dataset name with capitals', '/dataset', 'Bad Name', '/dataset', /must be a dataset name/),
    one('dataset missing', '/dataset', undefined, '', /is missing "dataset", which it must have/),
    one('dataset is a number', '/dataset', 5, '/dataset', /must be text/),
    one('unknown top-level key', '/extra', true, '/extra', /"extra" is not a property a seed file may have/),
    // Written as text: assigning __proto__ in JavaScript sets the prototype, not a key.
    {
      name: '__proto__ key',
      files: { 'data.yaml': yaml(base()).replace('name: Fuzz area', 'name: Fuzz area\n    __proto__: { admin: true }') },
      problem: { file: 'data.yaml', path: `${e}/__proto__`, reason: /"__proto__" is not a property an Area may have/ },
    },
  ];
}

function graphCases(): SeedCase[] {
  const r = '/relationships/0';
  const withRelationship = (name: string, change: Record<string, Json>, path: string, reason: RegExp): SeedCase => {
    const data = base();
    data.relationships = [{ ...(base().relationships as Record<string, Json>[])[0], ...change } as Json];
    return { name, files: { 'data.yaml': yaml(data) }, problem: { file: 'data.yaml', path, reason } };
  };
  const twoEntitiesSameId = base();
  (twoEntitiesSameId.entities as Json[]).push({ id: 'fuzz-seed-area', type: 'Area', name: 'Again', kind: 'COUNTY' });
  const twoRelationships = base();
  twoRelationships.relationships = [...(base().relationships as Json[]), ...(base().relationships as Json[])];
  const endsEarly = edited('/entities/0/validTo', '2001-01-01');
  ((endsEarly.entities as Json[])[0] as Record<string, Json>).validFrom = '2010-01-01';
  const stolen = base();
  (stolen.entities as Json[]).push({ id: 'ukpga/1998/37', type: 'Legislation', name: 'Stolen Act' });
  return [
    withRelationship('dangling from', { from: 'nowhere-at-all' }, `${r}/from`, /no entity "nowhere-at-all" in these files or in the graph/),
    withRelationship('dangling to', { to: 'ukpga/2099/99' }, `${r}/to`, /no entity "ukpga\/2099\/99"/),
    withRelationship('types the model does not join', { from: 'fuzz-seed-area', to: 'fuzz-seed-board' }, `${r}/type`, /SERVES cannot join an Area to a Board/),
    withRelationship('an Act serving an area', { from: 'fuzz-seed-act' }, `${r}/type`, /cannot join a Legislation to an Area/),
    withRelationship(
      'ending before it starts',
      { validFrom: '2016-01-01', validTo: '2014-01-01' },
      `${r}/validTo`,
      /validTo 2014-01-01 is before validFrom 2016-01-01/,
    ),
    withRelationship('pointing at the graph with the wrong type', { to: 'ukpga/1998/37' }, `${r}/type`, /cannot join a Board to a Legislation/),
    {
      name: 'entity ending before it starts',
      files: { 'data.yaml': yaml(endsEarly) },
      problem: { file: 'data.yaml', path: '/entities/0/validTo', reason: /validTo 2001-01-01 is before validFrom 2010-01-01/ },
    },
    {
      name: 'the same id twice in one file',
      files: { 'data.yaml': yaml(twoEntitiesSameId) },
      problem: { file: 'data.yaml', path: '/entities/3/id', reason: /duplicate id "fuzz-seed-area", first declared in .*data\.yaml at \/entities\/0/ },
    },
    {
      name: 'the same id in two files',
      files: {
        'a.yaml': yaml(base()),
        'b.yaml': yaml({ dataset: 'fuzz-seed', entities: [{ id: 'fuzz-seed-board', type: 'Board', name: 'Again', kind: 'OTHER' }] }),
      },
      problem: { file: 'b.yaml', path: '/entities/0/id', reason: /duplicate id "fuzz-seed-board", first declared in .*a\.yaml/ },
    },
    {
      name: 'the same relationship twice',
      files: { 'data.yaml': yaml(twoRelationships) },
      problem: { file: 'data.yaml', path: '/relationships/1', reason: /duplicate relationship fuzz-seed-board -\[SERVES\]-> fuzz-seed-area/ },
    },
    {
      name: "another dataset's id",
      files: { 'data.yaml': yaml(stolen) },
      problem: { file: 'data.yaml', path: '/entities/3/id', reason: /"ukpga\/1998\/37" belongs to dataset "uk-legal-basis"/ },
    },
    {
      name: 'one good file beside a bad one: nothing of either is written',
      files: {
        'a-good.yaml': yaml(base()),
        'b-bad.yaml': yaml({
          dataset: 'fuzz-seed',
          relationships: [{ from: 'fuzz-seed-board', type: 'SERVES', to: 'nowhere-area', basis: 'INFERRED', source: 'x', note: 'x' }],
        }),
      },
      problem: { file: 'b-bad.yaml', path: '/relationships/0/to', reason: /no entity "nowhere-area"/ },
    },
  ];
}

function fileCases(): SeedCase[] {
  const good = yaml(base());
  const syntax = /^YAML syntax: .+/;
  const text = (name: string, content: string | Buffer, reason: RegExp, path = ''): SeedCase => ({
    name,
    files: { 'data.yaml': content },
    problem: { file: 'data.yaml', path, reason },
  });
  const lol = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (const [i, n] of ['b', 'c', 'd', 'e', 'f'].entries()) lol.push(`${n}: &${n} [${Array(9).fill(`*${'abcdef'[i]}`).join(', ')}]`);
  return [
    text('unclosed flow mapping', 'dataset: fuzz-seed\nentities:\n  - {id: x, type: Area\n', syntax),
    text('tab indentation', 'dataset: fuzz-seed\nentities:\n\t- {id: x}\n', syntax),
    text('unterminated quote', 'dataset: "fuzz-seed\n', syntax),
    text('bad indentation', 'dataset: fuzz-seed\nentities:\n  - id: x\n   type: Area\n', syntax),
    text('duplicate keys', 'dataset: fuzz-seed\ndataset: other\n', /^YAML syntax: the same property is written twice in one mapping; keep one$/),
    text('an alias to nothing', 'dataset: fuzz-seed\nentities: *nope\n', /Unresolved alias .*nope/),
    text('an alias bomb', `dataset: fuzz-seed\n${lol.join('\n')}\n`, /aliases \(\*name\) expand more than 100 times/),
    text('two YAML documents', `${good}---\n${good}`, /^YAML syntax: a seed file holds one YAML document, and a second one starts here$/),
    text('brackets 5,000 deep', `dataset: fuzz-seed\nentities: ${'['.repeat(5_000)}${']'.repeat(5_000)}\n`, /the YAML nests too deeply to read/),
    text('an unknown tag', good.replace('name: Fuzz area', 'name: !weird Fuzz area'), /an unknown tag \(a word starting with !\)/),
    text(
      'bytes that are not UTF-8',
      Buffer.concat([Buffer.from('dataset: fuzz-seed\nentities:\n  - {id: x, type: Area, name: "'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}\n')]),
      /not UTF-8 text/,
    ),
    text('an empty file', '', /must be a YAML mapping with "dataset"/),
    text('a list at the top', '- dataset: fuzz-seed\n', /must be a YAML mapping/),
    text('a number at the top', '42\n', /must be a YAML mapping/),
    text('binary junk', Buffer.from([0x00, 0x01, 0x02, 0x7f, 0x80, 0x90]), /not UTF-8 text|YAML syntax|must be a YAML mapping/),
    text('a NUL byte in the dataset name', 'dataset: fuzz\u0000seed\n', /must be a dataset name|YAML syntax/, '/dataset'),
    text('infinity for a year', good.replace('year: 2014', 'year: .inf'), /whole number from/, '/entities/2/year'),
    text('a huge year written out', good.replace('year: 2014', 'year: 99999999999999999999999'), /whole number from/, '/entities/2/year'),
    {
      name: 'broken JSON named directly',
      files: { 'data.json': '{"dataset": "fuzz-seed", "entities": [}' },
      target: 'data.json',
      problem: { file: 'data.json', path: '', reason: syntax },
    },
    {
      name: 'a folder with no YAML in it',
      files: { 'readme.txt': 'nothing here' },
      problem: { file: '.', path: '', reason: /no \.yaml seed files or \.xlsx workbooks found/ },
    },
    {
      name: 'a path that does not exist',
      files: {},
      target: 'missing/nowhere.yaml',
      problem: { file: 'missing/nowhere.yaml', path: '', reason: /no such file or folder/ },
    },
    {
      name: 'a link that leads round in a loop beside a bad file',
      files: { 'sub/data.yaml': yaml(edited('/relationships/0/to', 'nowhere-loop')) },
      links: { 'sub/up': '..' },
      problem: { file: 'sub/data.yaml', path: '/relationships/0/to', reason: /no entity "nowhere-loop"/ },
    },
    {
      name: 'a broken link named like a seed file',
      files: { 'data.yaml': good },
      links: { 'gone.yaml': 'does-not-exist.yaml' },
      problem: { file: 'gone.yaml', path: '', reason: /no such file or folder/ },
    },
    {
      name: 'a link to itself named like a seed file',
      files: { 'data.yaml': good },
      links: { 'self.yaml': 'self.yaml' },
      problem: { file: 'self.yaml', path: '', reason: /loop/ },
    },
  ];
}

/** A value of the wrong type for a property of this kind. */
function wrongValues(spec: PropertySpec): Json[] {
  switch (spec.type) {
    case 'enum':
      return ['NOT_A_KIND', ((spec.enum && enumValues(spec.enum)[0]) ?? 'x').toLowerCase(), 3];
    case 'string':
      return [5, true, [], { a: 1 }, null];
    case 'integer':
      return ['7', 1.5, true, 1e23];
    case 'number':
      return ['7', '12.5%', true];
    case 'boolean':
      return ['yes', 1, 'true'];
    case 'date':
      return ['2014-02-30', '14-01-01', 20140101, '2014/01/01'];
    case 'strings':
      return ['x', [1], ['a', 'a']];
  }
}

/** Seeded: a property of a random entity type given a value of the wrong type. */
function randomTypeCases(rng: Rng, count: number): SeedCase[] {
  return Array.from({ length: count }, (_, i) => {
    const type = rng.pick(ENTITY_TYPES);
    const properties = Object.entries(propertiesOf(type)).filter(([name]) => name !== 'name');
    const [property, spec] = rng.pick(properties);
    const value = rng.pick(wrongValues(spec));
    const data = { dataset: 'fuzz-seed', entities: [{ id: `fuzz-seed-${i}`, type, name: `Fuzz ${type}`, [property]: value }] };
    // A list value reports its first bad item; a duplicate, the list.
    const path =
      Array.isArray(value) && value.length > 0 && spec.type === 'strings' && typeof value[0] !== 'string'
        ? `/entities/0/${property}/0`
        : `/entities/0/${property}`;
    return {
      name: `${type}.${property} = ${JSON.stringify(value)}`,
      files: { 'data.yaml': yaml(data) },
      problem: { file: 'data.yaml', path, reason: /must / },
    };
  });
}

export function allSeedCases(rng: Rng): SeedCase[] {
  return [...shapeCases(), ...graphCases(), ...fileCases(), ...randomTypeCases(rng, 20)];
}
