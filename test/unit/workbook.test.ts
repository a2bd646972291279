import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ENTITY_TYPES, ENUMS, EVIDENCE_PROPERTIES, propertiesOf } from '../../src/model/index.js';
import { checkTargets } from '../../src/seed/check.js';
import { datasetYamlFiles } from '../../src/seed/export.js';
import type { SeedFile } from '../../src/seed/model.js';
import { formatProblem } from '../../src/seed/read.js';
import {
  CLOSED_SETS,
  entityColumns,
  readWorkbook,
  relationshipColumns,
  SHEET,
  WORKBOOK_BYTES,
  WORKBOOK_UNPACKED_BYTES,
  writeWorkbook,
} from '../../src/seed/workbook.js';
import { unpackWorkbook } from '../../src/seed/workbook-zip.js';

const SEED = path.resolve('seed');
const DATASETS = fs.readdirSync(SEED).filter((name) => name !== 'schema' && fs.statSync(path.join(SEED, name)).isDirectory());
let tmp: string;

function seedFiles(dataset: string, only?: string): SeedFile[] {
  const dir = path.join(SEED, dataset);
  return (
    fs
      .readdirSync(dir)
      // A dataset folder also holds its source extracts (sources/) and notes (COMPLETENESS.md); the seed is its YAML.
      .filter((name) => name.endsWith('.yaml') && (only === undefined || name === only))
      .sort()
      .map((name) => parse(fs.readFileSync(path.join(dir, name), 'utf8')) as SeedFile)
  );
}

/** A dataset's content in one comparable form: entities by id, relationships by from, type and to. */
function merged(files: readonly SeedFile[]): { dataset?: string; partnership?: string; entities: unknown[]; relationships: unknown[] } {
  const first = files[0];
  return {
    ...(first?.dataset === undefined ? {} : { dataset: first.dataset }),
    ...(first?.partnership === undefined ? {} : { partnership: first.partnership }),
    entities: files.flatMap((file) => file.entities ?? []).sort((a, b) => a.id.localeCompare(b.id)),
    relationships: files.flatMap((file) => file.relationships ?? []).sort((a, b) => `${a.from} ${a.type} ${a.to}`.localeCompare(`${b.from} ${b.type} ${b.to}`)),
  };
}

/** A zip archive of the given parts, deflated, written the way the format says (for attacks the library would not write). */
function zip(parts: readonly { name: string; data: Buffer; declaredSize?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name);
    const packed = zlib.deflateRawSync(part.data);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(8, 8);
    header.writeUInt32LE(packed.length, 18);
    header.writeUInt32LE(part.declaredSize ?? part.data.length, 22);
    header.writeUInt16LE(name.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(packed.length, 20);
    entry.writeUInt32LE(part.declaredSize ?? part.data.length, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    locals.push(header, name, packed);
    directory.push(entry, name);
    offset += header.length + name.length + packed.length;
  }
  const central = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(central.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, central, end]);
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gt-workbook-'));
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the round trip YAML → workbook → YAML', () => {
  it.each(DATASETS)('loses nothing of %s', async (dataset) => {
    const files = seedFiles(dataset);
    const workbook = await writeWorkbook(files);
    const { parsed, problems } = await readWorkbook(workbook, `${dataset}.xlsx`);
    expect(problems).toEqual([]);
    const back = parsed?.data as SeedFile;
    expect(merged([back])).toEqual(merged(files));
    // And on to YAML again: the files an export writes hold the same.
    const yaml = datasetYamlFiles(back).map((file) => parse(file.text) as SeedFile);
    expect(merged(yaml)).toEqual(merged(files));
    // The workbook passes every check the YAML passes, its references resolved against seed/.
    const file = path.join(tmp, `${dataset}.xlsx`);
    fs.writeFileSync(file, workbook);
    const checked = await checkTargets([file], { against: [SEED] });
    expect(checked.problems.map(formatProblem)).toEqual([]);
    expect(checked.run.entities).toHaveLength(merged(files).entities.length);
    expect(checked.run.relationships).toHaveLength(merged(files).relationships.length);
    // Its sheets unpack to a few times the YAML (the unpacked limit is sized from this).
    const unpacked = [...unpackWorkbook(workbook, WORKBOOK_UNPACKED_BYTES).parts.values()].reduce((sum, part) => sum + part.length, 0);
    expect(unpacked).toBeLessThan(WORKBOOK_UNPACKED_BYTES / 8);
  });
});

describe('the template', () => {
  let book: ExcelJS.Workbook;
  beforeAll(async () => {
    book = new ExcelJS.Workbook();
    await book.xlsx.load((await writeWorkbook([])) as unknown as ExcelJS.Buffer);
  });

  it('has a front sheet, a sheet per entity type with a column per property, and the relationships sheet with the evidence columns', () => {
    expect(book.worksheets[0]?.name).toBe(SHEET.readMe);
    const text = (book.getWorksheet(SHEET.readMe)?.getColumn(1).values ?? []).join('\n');
    for (const words of ['STATED', 'INFERRED', 'EXTERNAL', 'quote', 'npm run validate', ...ENTITY_TYPES]) expect(text).toContain(words);
    for (const type of ENTITY_TYPES) {
      const header = (book.getWorksheet(type)?.getRow(1).values as unknown[]).slice(1);
      expect(new Set(header)).toEqual(new Set(['id', ...Object.keys(propertiesOf(type))]));
    }
    const header = (book.getWorksheet(SHEET.relationships)?.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(['from', 'type', 'to', ...Object.keys(EVIDENCE_PROPERTIES)]);
  });

  it('has a drop-down list for every closed set, drawn from the Lists sheet', () => {
    const lists = book.getWorksheet(SHEET.lists) as ExcelJS.Worksheet;
    /** The values a drop-down's range (Lists!$C$2:$C$16) holds. */
    const valuesOf = (formula: string): string[] => {
      const match = /!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)$/.exec(formula);
      if (!match) return [];
      const out: string[] = [];
      for (let row = Number(match[2]); row <= Number(match[4]); row++) out.push(String(lists.getCell(`${match[1]}${row}`).value));
      return out;
    };
    const dropDown = (sheet: string, columns: [string, unknown][], column: string): string[] => {
      const index = columns.findIndex(([name]) => name === column);
      const letter = String.fromCharCode(65 + index);
      const rule = (book.getWorksheet(sheet) as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }).dataValidations.model[
        `${letter}2`
      ];
      expect(rule?.type, `${sheet} ${column}`).toBe('list');
      // The rule covers the rows below the data, where an officer adds new ones.
      expect((book.getWorksheet(sheet) as unknown as { dataValidations: { model: Record<string, unknown> } }).dataValidations.model[`${letter}1000`]).toBe(
        rule,
      );
      return valuesOf(String(rule?.formulae?.[0]));
    };
    const used = new Set<string>();
    for (const type of ENTITY_TYPES) {
      for (const [name, spec] of entityColumns(type)) {
        if (spec.type === 'enum' && spec.enum) {
          expect(dropDown(type, entityColumns(type), name)).toEqual(Object.keys(spec.enum.values));
          used.add(spec.enum.name);
        }
        if (spec.type === 'boolean') expect(dropDown(type, entityColumns(type), name)).toEqual(['TRUE', 'FALSE']);
      }
    }
    expect(dropDown(SHEET.relationships, relationshipColumns(), 'type')).toEqual(CLOSED_SETS.find((set) => set.name === 'RelationshipType')?.values);
    expect(dropDown(SHEET.relationships, relationshipColumns(), 'basis')).toEqual(['STATED', 'INFERRED', 'EXTERNAL']);
    expect(dropDown(SHEET.relationships, relationshipColumns(), 'verified')).toEqual(['TRUE', 'FALSE']);
    used.add('Basis');
    // Every enum of the model has its drop-down somewhere; entity types are the sheets themselves.
    expect([...used].sort()).toEqual(ENUMS.map((spec) => spec.name).sort());
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual(expect.arrayContaining([...ENTITY_TYPES]));
  });
});

describe('problems in a workbook', () => {
  it('are reported with their sheet and cell, in the same sentences, with the pointer', async () => {
    // One file of the dataset; its references resolve against the others under seed/.
    const files = seedFiles('lancashire-csa-2014-2016', 'activities.yaml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await writeWorkbook(files)) as unknown as ExcelJS.Buffer);
    const activity = book.getWorksheet('Activity') as ExcelJS.Worksheet;
    const column = (sheet: ExcelJS.Worksheet, name: string): string => {
      let letter = '';
      sheet.getRow(1).eachCell((cell) => {
        if (cell.value === name) letter = cell.address.replace(/\d+$/, '');
      });
      return letter;
    };
    activity.getCell(`${column(activity, 'number')}3`).value = 'twelve';
    activity.getCell(`${column(activity, 'verified')}4`).value = 'perhaps';
    const relationships = book.getWorksheet(SHEET.relationships) as ExcelJS.Worksheet;
    let stated = 0;
    relationships.eachRow((row, number) => {
      if (stated === 0 && number > 1 && row.getCell(column(relationships, 'basis')).value === 'STATED') stated = number;
    });
    relationships.getCell(`${column(relationships, 'quote')}${stated}`).value = null;
    relationships.getCell(`${column(relationships, 'to')}5`).value = 'no-such-entity';
    relationships.getCell(`${column(relationships, 'type')}6`).value = 'LIKES';
    activity.getCell('Z1').value = 'colour';
    book.addWorksheet('Notes').getCell('A1').value = 'remember to ask the police about this';
    const file = path.join(tmp, 'broken.xlsx');
    await book.xlsx.writeFile(file);

    const lines = (await checkTargets([file], { against: [SEED] })).problems.map(formatProblem);
    const expected = [
      `${file}:Activity!${column(activity, 'number')}3: "number" must be a whole number (/entities/`,
      `${file}:Activity!${column(activity, 'verified')}4: "verified" must be true or false (/entities/`,
      `${file}:Relationships!${column(relationships, 'quote')}${stated}: `,
      `${file}:Relationships!${column(relationships, 'to')}5: no entity "no-such-entity" in these files or in `,
      `${file}:Relationships!${column(relationships, 'type')}6: "type" must be one of `,
      `${file}:Activity!Z1: "colour" is not a property a Activity may have`,
      `${file}:Notes!A1: the sheet "Notes" is not one the format knows`,
    ];
    for (const start of expected)
      expect(
        lines.some((line) => line.startsWith(start)),
        `${start}\n${lines.join('\n')}`,
      ).toBe(true);
    expect(lines.find((line) => line.startsWith(`${file}:Relationships!${column(relationships, 'quote')}${stated}`))).toMatch(/quote/);
    // One pass: every one of them, nothing else.
    expect(lines).toHaveLength(expected.length);
  });

  it('an Excel date or a number typed into a text column is read as the text it shows', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(
      (await writeWorkbook([{ dataset: 'typed', entities: [{ id: 'typed/provision', type: 'Provision', name: 'Section 6' }] }])) as unknown as ExcelJS.Buffer,
    );
    const sheet = book.getWorksheet('Provision') as ExcelJS.Worksheet;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    sheet.getCell(2, header.indexOf('number') + 1).value = 6;
    sheet.getCell(2, header.indexOf('validFrom') + 1).value = new Date(Date.UTC(2014, 3, 1));
    sheet.getCell(2, header.indexOf('verified') + 1).value = 'false';
    const { parsed, problems } = await readWorkbook(Buffer.from(await book.xlsx.writeBuffer()), 'typed.xlsx');
    expect(problems).toEqual([]);
    expect((parsed?.data as SeedFile).entities?.[0]).toEqual({
      id: 'typed/provision',
      type: 'Provision',
      name: 'Section 6',
      number: '6',
      validFrom: '2014-04-01',
      verified: false,
    });
  });
});

describe('a workbook too large', () => {
  it('is refused before it is read: at the limit it is read, one byte past it is not', async () => {
    const at = await readWorkbook(Buffer.alloc(WORKBOOK_BYTES), 'at.xlsx');
    expect(at.problems[0]?.reason).toMatch(/^not a workbook/);
    const past = await readWorkbook(Buffer.alloc(WORKBOOK_BYTES + 1), 'past.xlsx');
    expect(past.problems[0]?.reason).toBe(
      `the workbook is ${WORKBOOK_BYTES + 1} bytes, more than the ${WORKBOOK_BYTES} a workbook may be: remove pictures and unused sheets, or split the dataset`,
    );
    // On disk, the size is read before the file is.
    const file = path.join(tmp, 'big.xlsx');
    fs.writeFileSync(file, Buffer.alloc(WORKBOOK_BYTES + 1));
    expect((await checkTargets([file])).problems.map(formatProblem)).toEqual([
      `${file}: the workbook is ${WORKBOOK_BYTES + 1} bytes, more than the ${WORKBOOK_BYTES} a workbook may be: remove pictures and unused sheets, or split the dataset`,
    ]);
  });

  it('refuses a zip bomb as it unpacks: its parts may total the limit, not a byte more, whatever sizes they declare', () => {
    const half = Math.floor(WORKBOOK_UNPACKED_BYTES / 2);
    const exactly = zip([
      { name: 'a.xml', data: Buffer.alloc(half) },
      { name: 'b.xml', data: Buffer.alloc(WORKBOOK_UNPACKED_BYTES - half) },
    ]);
    expect(exactly.length).toBeLessThan(WORKBOOK_BYTES);
    expect(unpackWorkbook(exactly, WORKBOOK_UNPACKED_BYTES).problem).toBeUndefined();
    const over = zip([
      { name: 'a.xml', data: Buffer.alloc(half) },
      { name: 'b.xml', data: Buffer.alloc(WORKBOOK_UNPACKED_BYTES - half + 1) },
    ]);
    expect(unpackWorkbook(over, WORKBOOK_UNPACKED_BYTES).problem).toMatch(/^the workbook unpacks to more than/);
    // A part that claims to be small is stopped at the limit all the same.
    const lying = zip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(WORKBOOK_UNPACKED_BYTES * 4), declaredSize: 100 }]);
    expect(unpackWorkbook(lying, WORKBOOK_UNPACKED_BYTES).problem).toMatch(/^the workbook unpacks to more than/);
  });

  it('refuses named ranges over whole columns, which the library would fill cell by cell', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await writeWorkbook([])) as unknown as ExcelJS.Buffer);
    book.definedNames.add('Activity!$A$1:$A$2', 'small');
    const small = await readWorkbook(Buffer.from(await book.xlsx.writeBuffer()), 'small.xlsx');
    expect(small.problems).toEqual([]);
    const parts = unpackWorkbook(Buffer.from(await book.xlsx.writeBuffer()), WORKBOOK_UNPACKED_BYTES).parts;
    const workbookXml = (parts.get('xl/workbook.xml') as Buffer).toString('utf8').replace('Activity!$A$1:$A$2', 'Activity!$A:$Z');
    const rebuilt = zip([...parts].map(([name, data]) => ({ name, data: name === 'xl/workbook.xml' ? Buffer.from(workbookXml) : data })));
    const { problems } = await readWorkbook(rebuilt, 'names.xlsx');
    expect(problems[0]?.reason).toMatch(/^the workbook's named ranges cover 27,262,976 cells/);
  });

  it('reads a drop-down over whole columns (as Excel saves one) without expanding it cell by cell', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(
      (await writeWorkbook([{ dataset: 'columns', entities: [{ id: 'columns/board', type: 'Board', name: 'A board' }] }])) as unknown as ExcelJS.Buffer,
    );
    const sheet = book.getWorksheet('Board') as unknown as { dataValidations: { add(range: string, rule: ExcelJS.DataValidation): void } };
    sheet.dataValidations.add('A2:Z1048576', { type: 'list', allowBlank: true, formulae: ['"x,y"'] });
    const { parsed, problems } = await readWorkbook(Buffer.from(await book.xlsx.writeBuffer()), 'columns.xlsx');
    expect(problems).toEqual([]);
    expect((parsed?.data as SeedFile).entities).toEqual([{ id: 'columns/board', type: 'Board', name: 'A board' }]);
  });
});
