/**
 * CSV text (RFC 4180: comma-separated, CRLF line ends, fields quoted when they need it). Cells
 * that a spreadsheet would run as a formula (starting =, +, -, @, tab or CR) are prefixed with
 * an apostrophe, so an export is safe to open.
 */
export type Cell = string | number | boolean | null | undefined;

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function renderCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Marks the text as UTF-8 for Excel on Windows, which otherwise reads a CSV in the machine's code page and garbles accents. */
export const BOM = '\uFEFF';

/**
 * A CSV file as the API gives it: the byte-order mark, two stamp lines (`generated_at,<instant>`
 * and `as_at,<day>`, or `as_at,none` when the answer was not asked as at a day), a blank line,
 * then the table. A spreadsheet shows the stamps as the first two rows and the table from row 4;
 * a program skips to the first blank line.
 */
export function stampedCsv(table: string, stamp: { readonly generatedAt: string; readonly asOf: string | null }): string {
  const head = renderCsv(['generated_at', stamp.generatedAt], [['as_at', stamp.asOf ?? 'none']]);
  return `${BOM}${head}\r\n${table.startsWith(BOM) ? table.slice(1) : table}`;
}
