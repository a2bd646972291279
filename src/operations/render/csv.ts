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
