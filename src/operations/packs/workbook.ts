/**
 * An evidence pack as an Excel workbook: a front sheet with the stamps (title, generated at, as
 * at, the datasets with their import's SHA-256, the last API change, the content SHA-256 and how
 * to check it), then one sheet per table. Every cell is written as text, so what a reader sees is
 * what the content SHA-256 was taken over.
 */
import ExcelJS from 'exceljs';
import { CONTENT_HASH_RULE, type Pack } from './tables.js';

export const FRONT_SHEET = 'Pack';

/** Wide enough for an id or a sentence, narrow enough to read; quotes wrap within. */
function columnWidth(header: string): number {
  if (header === 'quote' || header === 'note' || header === 'message') return 60;
  if (header.endsWith('_id') || header === 'id' || header === 'source' || header === 'address' || header.endsWith('names')) return 36;
  return Math.min(40, Math.max(12, header.length + 2));
}

export async function packWorkbook(pack: Pack): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Golden Thread';
  workbook.created = new Date(pack.generatedAt);
  const wrap = { wrapText: true, vertical: 'top' } as const;

  const front = workbook.addWorksheet(FRONT_SHEET);
  front.columns = [
    { header: 'property', width: 24 },
    { header: 'value', width: 100, style: { numFmt: '@', alignment: wrap } },
  ];
  front.getRow(1).font = { bold: true };
  const stamp: [string, string][] = [
    ['title', pack.title],
    ['generated_at', pack.generatedAt],
    ['as_at', pack.asOf ?? 'none: the graph as it is, whatever its dates'],
    ...(pack.message === null ? [] : ([['answer', pack.message]] as [string, string][])),
    ...pack.datasets.map((d): [string, string] => [`dataset ${d.id}`, `import SHA-256 ${d.checksum}, imported ${d.importedAt}`]),
    ['last_change_id', pack.lastChangeId ?? 'none: no change made through the API'],
    ['licence', 'unknown: no licence is recorded for these datasets'],
    ['content_sha256', pack.contentSha256],
    ['content_sha256 covers', CONTENT_HASH_RULE],
    ['sheets', pack.tables.map((t) => `${t.name} (${t.rows.length} rows)`).join('; ')],
  ];
  for (const row of stamp) front.addRow(row);

  for (const table of pack.tables) {
    const sheet = workbook.addWorksheet(table.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = table.header.map((header) => ({ header, width: columnWidth(header), style: { numFmt: '@', alignment: wrap } }));
    sheet.getRow(1).font = { bold: true };
    for (const row of table.rows) sheet.addRow([...row]);
    if (table.rows.length > 0) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.header.length } };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
