/**
 * A workbook is a zip: a 1 MiB upload can unpack to gigabytes (a zip bomb), and the reader the
 * workbook library uses (JSZip) unpacks every part whole before it compares sizes. So the parts
 * are unpacked here first, each with a cap on what it may grow to (zlib's maxOutputLength stops
 * the inflation itself), and the library is handed only a workbook already known to be small
 * (measured: the worst case within the limits, 375,420 empty cells in a 1 MiB workbook, peaks at
 * 106 MB of heap). Only the zip's own records are read here, and the named ranges counted
 * (namedRangeProblem); the sheets' XML is left to the library.
 */
import zlib from 'node:zlib';

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

export interface UnpackedWorkbook {
  /** Why the workbook is refused, in a sentence; undefined when it may be read. */
  readonly problem?: string;
  /** The parts' names and unpacked bytes. */
  readonly parts: ReadonlyMap<string, Buffer>;
}

const figure = (n: number): string => n.toLocaleString('en-GB');

/** Unpacks every part of the zip, refusing it as soon as the parts together pass `maxBytes`. */
export function unpackWorkbook(buffer: Buffer, maxBytes: number): UnpackedWorkbook {
  const parts = new Map<string, Buffer>();
  const refuse = (problem: string): UnpackedWorkbook => ({ problem, parts });
  const notAWorkbook = 'not a workbook: an .xlsx file is a zip archive, and this is not one (save it from Excel or LibreOffice as "Excel Workbook (.xlsx)")';
  // The end record is the last 22 bytes, unless the zip carries a comment of up to 65,535 bytes.
  let end = -1;
  for (let at = buffer.length - 22; at >= Math.max(0, buffer.length - 22 - 65_535); at--) {
    if (buffer.readUInt32LE(at) === END_OF_DIRECTORY) {
      end = at;
      break;
    }
  }
  if (end < 0) return refuse(notAWorkbook);
  const entries = buffer.readUInt16LE(end + 10);
  const directoryOffset = buffer.readUInt32LE(end + 16);
  // ZIP64 marks its counts and offsets with all-ones; no workbook small enough to import needs it.
  if (entries === 0xffff || directoryOffset === 0xffffffff) return refuse('the workbook is stored as a ZIP64 archive, which is only needed for very large files: save it again from Excel');
  let total = 0;
  let at = directoryOffset;
  for (let index = 0; index < entries; index++) {
    if (at + 46 > buffer.length || buffer.readUInt32LE(at) !== DIRECTORY_ENTRY) return refuse(`${notAWorkbook} (its table of contents is damaged)`);
    const method = buffer.readUInt16LE(at + 10);
    const compressed = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const next = at + 46 + nameLength + buffer.readUInt16LE(at + 30) + buffer.readUInt16LE(at + 32);
    const name = buffer.toString('utf8', at + 46, at + 46 + nameLength);
    const local = buffer.readUInt32LE(at + 42);
    at = next;
    if (local + 30 > buffer.length || buffer.readUInt32LE(local) !== LOCAL_HEADER) return refuse(`${notAWorkbook} (part "${name}" is damaged)`);
    const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    if (start + compressed > buffer.length) return refuse(`${notAWorkbook} (part "${name}" is cut short)`);
    if (name.endsWith('/')) continue;
    const packed = buffer.subarray(start, start + compressed);
    let unpacked: Buffer;
    if (method === STORED) unpacked = packed;
    else if (method === DEFLATED) {
      try {
        unpacked = zlib.inflateRawSync(packed, { maxOutputLength: Math.max(1, maxBytes - total + 1) });
      } catch (error) {
        if (error instanceof RangeError) unpacked = Buffer.alloc(maxBytes - total + 1);
        else return refuse(`${notAWorkbook} (part "${name}" cannot be unpacked)`);
      }
    } else return refuse(`part "${name}" of the workbook is compressed in a way Excel does not use (method ${method}): save it again from Excel`);
    total += unpacked.length;
    if (total > maxBytes) {
      return refuse(
        `the workbook unpacks to more than ${figure(maxBytes)} bytes (a workbook is a zip of its sheets), more than a dataset's workbook may: split the dataset, or remove pictures and unused sheets`,
      );
    }
    parts.set(name, unpacked);
  }
  return { parts };
}

/** Cells a range reference such as `Sheet!$A$1:$C$10`, `$A:$A` or `$1:$3` covers. */
function cellsOf(reference: string): number {
  const ref = reference.replace(/^.*!/, '').replace(/\$/g, '');
  const column = (letters: string): number => [...letters].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0);
  let match = /^([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?$/.exec(ref);
  if (match) {
    const [, c1 = 'A', r1 = '1', c2 = c1, r2 = r1] = match;
    return (Math.abs(column(c2) - column(c1)) + 1) * (Math.abs(Number(r2) - Number(r1)) + 1);
  }
  match = /^([A-Z]{1,3}):([A-Z]{1,3})$/.exec(ref);
  if (match) return (Math.abs(column(match[2] ?? 'A') - column(match[1] ?? 'A')) + 1) * 1_048_576;
  match = /^(\d+):(\d+)$/.exec(ref);
  if (match) return (Math.abs(Number(match[2]) - Number(match[1])) + 1) * 16_384;
  return 0;
}

/**
 * The workbook library fills a table cell by cell for every named range it reads, so one name
 * over whole columns costs millions of objects; names are no part of the format, so a workbook
 * whose names cover more than `maxCells` is refused.
 */
export function namedRangeProblem(parts: ReadonlyMap<string, Buffer>, maxCells: number): string | undefined {
  const workbook = parts.get('xl/workbook.xml')?.toString('utf8') ?? '';
  let total = 0;
  for (const match of workbook.matchAll(/<(?:\w+:)?definedName\b[^>]*>([^<]*)</g)) {
    for (const reference of (match[1] ?? '').split(',')) total += cellsOf(reference.trim());
  }
  return total > maxCells
    ? `the workbook's named ranges cover ${figure(total)} cells, more than the ${figure(maxCells)} a dataset's workbook may: delete the names (Formulas, Name Manager) and save it again`
    : undefined;
}
