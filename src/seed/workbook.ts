/**
 * The spreadsheet route: one dataset as an Excel workbook, for officers who will never edit YAML.
 * Its layout is made from the domain model (src/model/), never listed by hand: a sheet per entity
 * type with a column per property, a Relationships sheet with the evidence columns, drop-down
 * lists for every closed set, and a front sheet that explains it. A workbook read back is the
 * same data a YAML seed file holds, so validation and import treat both alike; each value keeps
 * the cell it came from, so a problem is reported as `file.xlsx:Activity!C12`.
 */
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import {
  BASIS,
  COMMON_PROPERTIES,
  ENTITIES,
  ENTITY_TYPES,
  ENUMS,
  enumValues,
  EVIDENCE_PROPERTIES,
  ID_RULE,
  isEntityType,
  LIMITS,
  LONG_TEXT_PROPERTIES,
  RELATIONSHIP_TYPES,
  RELATIONSHIPS,
  REQUIRED_BY_BASIS,
  type EntityType,
  type PropertySpec,
} from '../model/index.js';
import type { SeedFile } from './model.js';
import type { ParsedFile, SeedProblem } from './read.js';
import { namedRangeProblem, unpackWorkbook } from './workbook-zip.js';

/** Bytes of one workbook: a seed file's limit, checked before anything is unpacked. */
export const WORKBOOK_BYTES = LIMITS.seedFileBytes;
/**
 * Bytes a workbook may unpack to. The seeded Lancashire dataset's (284 kB of YAML) is a 148 kB
 * workbook that unpacks to 869 kB, so a workbook at the 1 MiB limit unpacks to about 6 MiB; a zip
 * bomb stops here, and so does the library's memory (it keeps an object per cell it reads).
 */
export const WORKBOOK_UNPACKED_BYTES = 8 * LIMITS.seedFileBytes;
/** Cells the workbook's named ranges may cover (none of ours has any; Excel adds a few small ones). */
export const WORKBOOK_NAMED_CELLS = 100_000;

export const SHEET = { readMe: 'Read me', dataset: 'Dataset', relationships: 'Relationships', relationshipTypes: 'Relationship types', lists: 'Lists' } as const;
/** Sheets for the reader only: the import ignores what they hold. */
const REFERENCE_SHEETS: ReadonlySet<string> = new Set([SHEET.readMe, SHEET.relationshipTypes, SHEET.lists]);

const ID_SPEC: PropertySpec = { type: 'string', description: `Its id, unique in the whole graph; it ${ID_RULE.replace(/^must be/, 'must be')}.` };
const LINK_SPECS: Readonly<Record<string, PropertySpec>> = {
  from: { type: 'string', description: 'The id of the entity the relationship starts at (it may belong to another dataset, such as the shared legal layer).' },
  type: { type: 'string', description: 'The kind of relationship (pick from the list; the "Relationship types" sheet says which kinds of entity each joins).' },
  to: { type: 'string', description: 'The id of the entity the relationship ends at.' },
};

/** An entity sheet's columns: id and name, the type's own properties, then those every entity has. */
export function entityColumns(type: EntityType): [string, PropertySpec][] {
  const common = Object.entries(COMMON_PROPERTIES).filter(([name]) => name !== 'name');
  return [['id', ID_SPEC], ['name', COMMON_PROPERTIES.name as PropertySpec], ...Object.entries(ENTITIES[type].properties), ...common];
}

export function relationshipColumns(): [string, PropertySpec][] {
  return [...Object.entries(LINK_SPECS), ...Object.entries(EVIDENCE_PROPERTIES)];
}

interface ClosedSet {
  readonly name: string;
  readonly values: readonly string[];
  readonly meanings: readonly string[];
}

/** Every closed set a cell may have to hold, each a column of the Lists sheet that drop-downs point at. */
export const CLOSED_SETS: readonly ClosedSet[] = [
  { name: 'EntityType', values: ENTITY_TYPES, meanings: ENTITY_TYPES.map((type) => ENTITIES[type].description) },
  { name: 'RelationshipType', values: RELATIONSHIP_TYPES, meanings: RELATIONSHIP_TYPES.map((type) => RELATIONSHIPS[type].description) },
  ...ENUMS.map((spec) => ({ name: spec.name, values: enumValues(spec), meanings: Object.values(spec.values) })),
  { name: 'Boolean', values: ['TRUE', 'FALSE'], meanings: ['Yes.', 'No.'] },
];

/** The closed set a column draws from, if any. */
function closedSetOf(column: string, spec: PropertySpec, relationships: boolean): string | undefined {
  if (relationships && column === 'type') return 'RelationshipType';
  if (spec.type === 'enum') return spec.enum?.name;
  if (spec.type === 'boolean') return 'Boolean';
  return undefined;
}

const columnLetter = (index: number): string => {
  let n = index;
  let letters = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
};

/** A sheet name as a cell address writes it: quoted when it has a space. */
const sheetRef = (sheet: string): string => (/^[A-Za-z0-9_]+$/.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`);

/** What a reader sees when pointing at a column's header: its meaning, and how to write it. */
function headerNote(column: string, spec: PropertySpec, set: string | undefined): string {
  const how =
    set === 'Boolean'
      ? 'TRUE or FALSE.'
      : set !== undefined
        ? `Pick from the list (the Lists sheet, column ${set}, says what each means).`
        : spec.type === 'date'
          ? 'A date written YYYY-MM-DD, such as 2014-04-01.'
          : spec.type === 'strings'
            ? 'One per line (Alt+Enter starts a new line in a cell).'
            : spec.type === 'integer'
              ? 'A whole number.'
              : spec.type === 'number'
                ? 'A number.'
                : spec.references
                  ? `The id of a ${spec.references}.`
                  : LONG_TEXT_PROPERTIES.has(column)
                    ? `Text, at most ${LIMITS.longText.toLocaleString('en-GB')} characters; it may break lines.`
                    : column === 'url'
                      ? `An address, at most ${LIMITS.url.toLocaleString('en-GB')} characters.`
                      : `Text on one line, at most ${LIMITS.shortText.toLocaleString('en-GB')} characters.`;
  return `${column}: ${spec.description} ${how}`;
}

function readMeLines(): string[] {
  const evidence = BASIS.values;
  return [
    'Golden Thread: one dataset in a workbook',
    'This workbook holds one dataset of the Golden Thread graph: the entities a plan names (its priorities, activities, partners and so on) and the relationships between them, each with the evidence for it. Fill it in, check it, and load it; nothing in it reaches the graph until it has no problems.',
    'How to check and load it: npm run validate -- FILE.xlsx lists every problem with its cell (FILE.xlsx:Activity!C12) in plain words; npm run import -- FILE.xlsx loads it (add --dry-run first to see what would be added, changed and removed). A workbook given on its own adds and updates; it removes what it no longer holds only when it is in a folder named after its dataset and that folder is given.',
    '',
    'The sheets',
    `${SHEET.dataset}: the dataset's name (lowercase words joined by hyphens, such as lancashire-csa-2014-2016) and, for a partnership's own plan, the partnership: the id of its Board. Its editors may then change the dataset's entities.`,
    ...ENTITY_TYPES.map((type) => `${type}: one row per ${type.toLowerCase()}. ${ENTITIES[type].description}`),
    `${SHEET.relationships}: one row per relationship, from one entity's id to another's, with its evidence.`,
    `${SHEET.relationshipTypes} and ${SHEET.lists} are for reference: which kinds of entity each relationship joins, and what each word of a drop-down list means. The import ignores them.`,
    '',
    'How to fill it in',
    `Row 1 of each sheet names the properties; point at a header to read what it means. Leave a cell empty when the source does not say: never invent a value, a code, a date or a quote. A sheet you do not need stays empty.`,
    `Every entity has an id, unique in the whole graph: ${ID_RULE}. A relationship may point at an entity of another dataset (the shared legal layer) by its id.`,
    'Dates are written YYYY-MM-DD. Where the source gives only the month or the year, write its first day and pick MONTH or YEAR in the column beside it (such as validFromPrecision).',
    `Text: at most ${LIMITS.shortText} characters on one line (names, sources), ${LIMITS.longText.toLocaleString('en-GB')} for long text (descriptions, notes, quotes), ${LIMITS.url.toLocaleString('en-GB')} for an address; no space at either end. aliases: at most ${LIMITS.listItems}, one per line. The workbook may be at most ${WORKBOOK_BYTES.toLocaleString('en-GB')} bytes.`,
    '',
    'Evidence: every relationship says where it comes from (the basis column)',
    `STATED: ${evidence.STATED} The quote must be the source's exact words.`,
    `INFERRED: ${evidence.INFERRED}`,
    `EXTERNAL: ${evidence.EXTERNAL}`,
    `So a STATED relationship needs ${REQUIRED_BY_BASIS.STATED ?? 'quote'}, and an INFERRED one needs ${REQUIRED_BY_BASIS.INFERRED ?? 'note'}. Set verified to FALSE where a fact is from memory or a partial source and still to be checked. Where a source is wrong, keep what it says as a Discrepancy with the correction, rather than correcting it silently.`,
  ];
}

/**
 * A workbook of one dataset's files (all naming the same dataset), or an empty template when
 * given none: every entity type gets its sheet, so an officer can add any kind of entity.
 */
export async function writeWorkbook(files: readonly SeedFile[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Golden Thread';
  const bold = { bold: true };
  const wrap = { wrapText: true, vertical: 'top' } as const;

  const readMe = workbook.addWorksheet(SHEET.readMe);
  readMe.getColumn(1).width = 120;
  for (const line of readMeLines()) {
    const row = readMe.addRow([line]);
    row.alignment = wrap;
    if (line !== '' && !line.includes(':') && !line.includes('.')) row.font = bold;
  }
  readMe.getRow(1).font = { bold: true, size: 14 };

  const first = files[0];
  const dataset = workbook.addWorksheet(SHEET.dataset);
  dataset.columns = [
    { header: 'property', width: 14 },
    { header: 'value', width: 50, style: { numFmt: '@' } },
    { header: 'what it means', width: 90 },
  ];
  dataset.getRow(1).font = bold;
  dataset.addRow(['dataset', first?.dataset ?? null, 'The dataset: lowercase words and digits joined by hyphens. Every row of this workbook belongs to it.']);
  dataset.addRow(['partnership', first?.partnership ?? null, "For a partnership's own plan: the id of its Board, whose editors may change it. Leave empty for shared data."]);

  const lists = CLOSED_SETS.map((set, index) => ({ ...set, column: columnLetter(2 * index + 1) }));
  const listRange = new Map(lists.map((set) => [set.name, `${sheetRef(SHEET.lists)}!$${set.column}$2:$${set.column}$${set.values.length + 1}`]));

  const addSheet = (name: string, columns: [string, PropertySpec][], rows: Record<string, unknown>[], relationships: boolean) => {
    const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = columns.map(([column, spec]) => ({
      header: column,
      key: column,
      width: LONG_TEXT_PROPERTIES.has(column) ? 60 : column === 'id' || column === 'from' || column === 'to' ? 40 : spec.type === 'string' ? 30 : 16,
      // Text columns stay text when a person types 6 or 2014-04-01 (Excel would make them a number or a date).
      style: spec.type === 'string' || spec.type === 'date' || spec.type === 'strings' ? { numFmt: '@', alignment: wrap } : { alignment: wrap },
    }));
    for (const row of rows) sheet.addRow(Object.fromEntries(columns.map(([column]) => [column, cellValue(row[column])])));
    const header = sheet.getRow(1);
    header.font = bold;
    const lastRow = Math.max(1_000, rows.length + 500);
    columns.forEach(([column, spec], index) => {
      const set = closedSetOf(column, spec, relationships);
      header.getCell(index + 1).note = headerNote(column, spec, set);
      const range = set === undefined ? undefined : listRange.get(set);
      if (range === undefined) return;
      const letter = columnLetter(index + 1);
      // One rule for the whole column's range; the library's typed per-cell rule would write a thousand.
      (sheet as unknown as RangeValidations).dataValidations.add(`${letter}2:${letter}${lastRow}`, {
        type: 'list',
        allowBlank: true,
        formulae: [range],
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: `Not a ${set}`,
        error: `Pick one of the list (the ${SHEET.lists} sheet, column ${set}, says what each means).`,
      });
    });
  };

  const entities = files.flatMap((file) => file.entities ?? []);
  for (const type of ENTITY_TYPES) {
    addSheet(
      type,
      entityColumns(type),
      entities.filter((entity) => entity.type === type),
      false,
    );
  }
  addSheet(SHEET.relationships, relationshipColumns(), files.flatMap((file) => (file.relationships ?? []) as unknown as Record<string, unknown>[]), true);

  const types = workbook.addWorksheet(SHEET.relationshipTypes, { views: [{ state: 'frozen', ySplit: 1 }] });
  types.columns = [
    { header: 'type', width: 22 },
    { header: 'from', width: 16 },
    { header: 'to', width: 16 },
    { header: 'meaning', width: 100 },
  ];
  types.getRow(1).font = bold;
  for (const type of RELATIONSHIP_TYPES) {
    for (const link of RELATIONSHIPS[type].links) types.addRow([type, link.from, link.to === '*' ? 'any entity' : link.to, RELATIONSHIPS[type].description]);
  }

  const listSheet = workbook.addWorksheet(SHEET.lists, { views: [{ state: 'frozen', ySplit: 1 }] });
  for (const set of lists) {
    const valueColumn = listSheet.getColumn(set.column);
    valueColumn.width = Math.max(12, ...set.values.map((value) => value.length + 2));
    const meaning = listSheet.getColumn(columnLetter(colIndex(set.column) + 1));
    meaning.width = 50;
    listSheet.getCell(`${set.column}1`).value = set.name;
    listSheet.getCell(`${set.column}1`).font = bold;
    set.values.forEach((value, index) => {
      listSheet.getCell(`${set.column}${index + 2}`).value = value;
      listSheet.getCell(`${columnLetter(colIndex(set.column) + 1)}${index + 2}`).value = set.meanings[index] ?? null;
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The library's range form of drop-down rules, which its types leave out. */
interface RangeValidations {
  readonly dataValidations: { add(range: string, rule: ExcelJS.DataValidation): void };
}

const colIndex = (letters: string): number => [...letters].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0);

/** A seed value as a cell holds it: a list one item per line. */
function cellValue(value: unknown): ExcelJS.CellValue {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.join('\n');
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

type Plain = string | number | boolean | Date | { readonly error: string } | undefined;

/** What a cell shows, whatever Excel stored: rich text as its text, a formula as its result. */
function plainOf(value: ExcelJS.CellValue): Plain {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if ('error' in value) return { error: value.error };
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('hyperlink' in value) return typeof value.text === 'string' ? value.text : plainOf(value.text as ExcelJS.CellValue);
  if ('result' in value) return plainOf(value.result as ExcelJS.CellValue);
  return undefined;
}

const isoDay = (date: Date): string => date.toISOString().slice(0, 10);
/** Excel's day 0 (its 1900 date system counts days from 30 December 1899) and its last day, 9999-12-31. */
const EXCEL_DAY_ZERO = Date.UTC(1899, 11, 30);
const EXCEL_LAST_DAY = 2_958_465;

/**
 * A cell's value as the seed format holds it. What Excel may have turned into another type (a
 * typed 6 in a text column, a typed date) is turned back; anything else is left as it is, for the
 * format's checks to report at its cell.
 */
function seedValue(value: Exclude<Plain, { readonly error: string } | undefined>, spec: PropertySpec): unknown {
  switch (spec.type) {
    case 'date':
      if (value instanceof Date) return isoDay(value);
      // A date pasted into a text column arrives as Excel's day number; four digits are more
      // likely a year typed alone, left for the check to report rather than read as 1905.
      if (typeof value === 'number' && Number.isInteger(value) && value > 9_999 && value <= EXCEL_LAST_DAY) return isoDay(new Date(EXCEL_DAY_ZERO + value * 86_400_000));
      return value;
    case 'integer':
    case 'number':
      return typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
    case 'boolean':
      if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
      return value;
    case 'strings':
      return typeof value === 'string' ? value.split('\n') : typeof value === 'number' ? [String(value)] : value;
    default:
      if (typeof value === 'number') return String(value);
      if (value instanceof Date) return isoDay(value);
      return value;
  }
}

/** Options the library reads but does not declare in its types. */
interface LoadOptions extends Partial<ExcelJS.XlsxReadOptions> {
  readonly maxRows?: number;
  readonly maxCols?: number;
}

/**
 * Parts of a sheet the reader never needs. The library turns a drop-down's, a merge's or a
 * conditional format's range into one object per cell, so a range over whole columns (Excel's
 * usual) would cost millions of objects: they are skipped, not read.
 */
const IGNORED_NODES = ['dataValidations', 'mergeCells', 'conditionalFormatting', 'hyperlinks', 'drawing', 'picture', 'tableParts', 'extLst', 'autoFilter', 'rowBreaks'];

export interface ReadWorkbook {
  readonly parsed?: ParsedFile;
  readonly problems: SeedProblem[];
}

/**
 * One dataset's content from a workbook, with the cell of every value, and the problems only a
 * workbook can have (an unknown sheet or column, an error value). Refuses a workbook larger than
 * WORKBOOK_BYTES before reading it, and one that unpacks beyond WORKBOOK_UNPACKED_BYTES before
 * the library sees it.
 */
export async function readWorkbook(buffer: Buffer, name: string): Promise<ReadWorkbook> {
  const refuse = (reason: string, cell?: string): ReadWorkbook => ({ problems: [{ file: name, path: '', reason, ...(cell ? { cell } : {}) }] });
  if (buffer.length > WORKBOOK_BYTES) {
    return refuse(`the workbook is ${buffer.length} bytes, more than the ${WORKBOOK_BYTES} a workbook may be: remove pictures and unused sheets, or split the dataset`);
  }
  const unpacked = unpackWorkbook(buffer, WORKBOOK_UNPACKED_BYTES);
  if (unpacked.problem) return refuse(unpacked.problem);
  const named = namedRangeProblem(unpacked.parts, WORKBOOK_NAMED_CELLS);
  if (named) return refuse(named);
  const workbook = new ExcelJS.Workbook();
  try {
    const options: LoadOptions = { ignoreNodes: IGNORED_NODES, maxCols: 200 };
    await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer, options);
  } catch (error) {
    return refuse(`the workbook cannot be read (${error instanceof Error ? error.message : String(error)}): save it again from Excel as "Excel Workbook (.xlsx)"`);
  }

  const problems: SeedProblem[] = [];
  const problem = (cell: string, reason: string) => problems.push({ file: name, path: '', reason, cell });
  const data: { dataset?: unknown; partnership?: unknown; entities: Record<string, unknown>[]; relationships: Record<string, unknown>[] } = { entities: [], relationships: [] };
  const entityAt: { sheet: string; row: number }[] = [];
  const relationshipAt: number[] = [];
  const columnsOf = new Map<string, Map<string, string>>();
  const fileCells = new Map<string, string>();

  for (const sheet of workbook.worksheets) {
    const title = sheet.name;
    if (REFERENCE_SHEETS.has(title)) continue;
    if (title === SHEET.dataset) {
      sheet.eachRow((row, number) => {
        const key = plainOf(row.getCell(1).value);
        if (number === 1 || (key !== 'dataset' && key !== 'partnership')) return;
        const value = plainOf(row.getCell(2).value);
        fileCells.set(key, `${sheetRef(title)}!B${number}`);
        if (typeof value === 'object' && !(value instanceof Date)) problem(`${sheetRef(title)}!B${number}`, `the cell shows the error ${value.error}: type the value instead`);
        else if (value !== undefined) data[key] = typeof value === 'number' ? String(value) : value;
      });
      continue;
    }
    const relationships = title === SHEET.relationships;
    if (!relationships && !isEntityType(title)) {
      if (sheet.actualRowCount > 0) {
        problem(
          `${sheetRef(title)}!A1`,
          `the sheet "${title}" is not one the format knows; its rows would be lost: move them to the sheet of their kind (${ENTITY_TYPES.join(', ')}) or ${SHEET.relationships}, or delete the sheet`,
        );
      }
      continue;
    }
    const specs = new Map(relationships ? relationshipColumns() : entityColumns(title as EntityType));
    const columns = new Map<number, string>();
    const letters = new Map<string, string>();
    columnsOf.set(title, letters);
    sheet.getRow(1).eachCell((cell, index) => {
      const header = plainOf(cell.value);
      const where = `${sheetRef(title)}!${columnLetter(index)}1`;
      if (header === undefined || header === '') return;
      if (typeof header !== 'string' || !specs.has(header)) {
        problem(where, `"${String(header)}" is not a property ${relationships ? 'a relationship' : `a ${title}`} may have; the columns are ${[...specs.keys()].join(', ')}`);
      } else if (letters.has(header)) {
        problem(where, `the column "${header}" appears twice; keep one`);
      } else {
        columns.set(index, header);
        letters.set(header, columnLetter(index));
      }
    });
    sheet.eachRow((row, number) => {
      if (number === 1) return;
      const item: Record<string, unknown> = {};
      let filled = false;
      row.eachCell((cell, index) => {
        const value = plainOf(cell.value);
        if (value === undefined || value === '') return;
        const where = `${sheetRef(title)}!${columnLetter(index)}${number}`;
        const column = columns.get(index);
        if (column === undefined) {
          // A value under an unknown header is reported with the header; under none, here.
          if (plainOf(sheet.getRow(1).getCell(index).value) === undefined) problem(where, 'this cell is in a column with no heading in row 1, so it would be lost: move it to its column, or delete it');
          filled = true;
          return;
        }
        filled = true;
        if (typeof value === 'object' && !(value instanceof Date)) {
          problem(where, `the cell shows the error ${value.error}: type the value instead`);
          return;
        }
        item[column] = seedValue(value, specs.get(column) as PropertySpec);
      });
      if (!filled) return;
      if (relationships) {
        relationshipAt.push(number);
        data.relationships.push(item);
      } else {
        entityAt.push({ sheet: title, row: number });
        const { id, ...rest } = item;
        data.entities.push({ ...(id === undefined ? {} : { id }), type: title, ...rest });
      }
    });
  }

  const locate = (pointer: string): string | undefined => {
    const [kind, index, property] = pointer
      .split('/')
      .slice(1)
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (kind === 'dataset' || kind === 'partnership') return fileCells.get(kind) ?? `${sheetRef(SHEET.dataset)}!B${kind === 'dataset' ? 2 : 3}`;
    if (index === undefined || !/^\d+$/.test(index)) return undefined;
    if (kind === 'entities') {
      const at = entityAt[Number(index)];
      if (!at) return undefined;
      return `${sheetRef(at.sheet)}!${(property && columnsOf.get(at.sheet)?.get(property)) || 'A'}${at.row}`;
    }
    if (kind === 'relationships') {
      const row = relationshipAt[Number(index)];
      if (row === undefined) return undefined;
      return `${sheetRef(SHEET.relationships)}!${(property && columnsOf.get(SHEET.relationships)?.get(property)) || 'A'}${row}`;
    }
    return undefined;
  };
  const content: Record<string, unknown> = {};
  if (data.dataset !== undefined) content.dataset = data.dataset;
  if (data.partnership !== undefined) content.partnership = data.partnership;
  if (data.entities.length > 0) content.entities = data.entities;
  if (data.relationships.length > 0) content.relationships = data.relationships;
  // Read even with problems of its own, so the format's checks report the rest in the same pass.
  return { parsed: { file: name, data: content, bytes: buffer, locate }, problems };
}

/** A workbook file on disk: its size is checked before a byte of it is read. */
export async function readWorkbookFile(file: string): Promise<ReadWorkbook> {
  let size: number;
  try {
    size = (await fs.promises.stat(file)).size;
  } catch (error) {
    return { problems: [{ file, path: '', reason: `cannot read: ${(error as Error).message}` }] };
  }
  if (size > WORKBOOK_BYTES) {
    return { problems: [{ file, path: '', reason: `the workbook is ${size} bytes, more than the ${WORKBOOK_BYTES} a workbook may be: remove pictures and unused sheets, or split the dataset` }] };
  }
  return readWorkbook(await fs.promises.readFile(file), file);
}

/** Problems in a workbook given their cell, where the pointer reaches one. */
export function withCells(problems: readonly SeedProblem[], locators: ReadonlyMap<string, (pointer: string) => string | undefined>): SeedProblem[] {
  return problems.map((problem) => {
    if (problem.cell !== undefined || problem.line !== undefined) return problem;
    // A missing property is pointed at the empty cell to fill in, not at the row.
    const missing = /is missing "([^"]+)"/.exec(problem.reason)?.[1];
    const locate = locators.get(problem.file);
    const cell = (missing === undefined ? undefined : locate?.(`${problem.path}/${missing}`)) ?? locate?.(problem.path);
    return cell === undefined ? problem : { ...problem, cell };
  });
}
