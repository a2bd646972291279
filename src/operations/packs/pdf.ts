/**
 * An evidence pack as a PDF a person can file: title, the stamps (generated at, as at, the
 * datasets with their import's SHA-256, the content SHA-256 and what it covers), the answer's
 * sentence, then the chains (a trace) or the duties and their discharges (a coverage), each step
 * with its evidence quote and source address, and the remaining tables; every page numbered.
 *
 * The standard PDF fonts cover Windows-1252 only, and embedding a font would tie the server to
 * a font file: a letter outside it (Welsh ŵ, ŷ) is written without its accent, anything else as
 * "?". The workbook keeps every character.
 */
import PDFDocument from 'pdfkit';
import { CONTENT_HASH_RULE, type Pack, type PackTable } from './tables.js';
import type { Trace } from '../trace.js';
import type { Coverage } from '../coverage.js';
import { sourceAddress } from '../render/jsonld.js';
import type { HopEvidence } from '../shapes.js';

const WIN_1252_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/** Text the standard fonts can draw (see the module comment). */
export function pdfText(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_1252_EXTRA.has(char) || char === '\n') out += char;
    else if (char === '\t' || char === '\r') out += ' ';
    else {
      const plain = char.normalize('NFKD').replace(/\p{M}/gu, '');
      out += [...plain].every((c) => (c.codePointAt(0) ?? 0) <= 0x7e && (c.codePointAt(0) ?? 0) >= 0x20) && plain !== '' ? plain : '?';
    }
  }
  return out;
}

export type PackFocus = { readonly kind: 'trace'; readonly trace: Trace } | { readonly kind: 'coverage'; readonly coverage: Coverage };

const MARGIN = 48;
const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const OBLIQUE = 'Helvetica-Oblique';

export async function packPdf(pack: Pack, focus: PackFocus): Promise<Buffer> {
  // Uncompressed content streams: a few times larger, but any tool (and the tests) can read the text.
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    compress: false,
    info: { Title: pdfText(pack.title), Author: 'Golden Thread', CreationDate: new Date(pack.generatedAt) },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  const width = doc.page.width - 2 * MARGIN;
  const write = (text: string, options: PDFKit.Mixins.TextOptions = {}, font = FONT, size = 9) => doc.font(font).fontSize(size).text(pdfText(text), options);
  const heading = (text: string, size = 13) => {
    if (doc.y > doc.page.height - MARGIN - 80) doc.addPage();
    doc.moveDown(0.6);
    write(text, {}, BOLD, size);
    doc.moveDown(0.2);
  };

  write(pack.title, {}, BOLD, 18);
  write('Golden Thread evidence pack', {}, OBLIQUE, 10);
  doc.moveDown(0.5);
  const stamp = (label: string, value: string) => {
    doc
      .font(BOLD)
      .fontSize(9)
      .text(pdfText(`${label}: `), { continued: true });
    doc.font(FONT).text(pdfText(value));
  };
  stamp('Generated at', pack.generatedAt);
  stamp('As at', pack.asOf ?? 'none (the graph as it is, whatever its dates)');
  for (const d of pack.datasets) stamp(`Dataset ${d.id}`, `import SHA-256 ${d.checksum}, imported ${d.importedAt}`);
  stamp('Last change through the API', pack.lastChangeId ?? 'none');
  stamp('Licence', 'unknown: no licence is recorded for these datasets');
  stamp('Content SHA-256', pack.contentSha256);
  write(`The content SHA-256 is the ${CONTENT_HASH_RULE}`, {}, OBLIQUE, 8);
  if (pack.message !== null) {
    heading('Answer');
    write(pack.message, {}, FONT, 10);
  }

  const evidence = (e: HopEvidence) => {
    const address = sourceAddress(e.source);
    const parts = [
      `${e.basis}${e.verified === false ? ', unverified' : ''}${e.assertedBy === 'EDITOR' ? `, made through the API (change ${e.changeId ?? 'unknown'})` : ''}`,
    ];
    doc
      .font(BOLD)
      .fontSize(8.5)
      .text(pdfText(parts.join('')), { indent: 18 });
    if (e.quote !== null) doc.font(OBLIQUE).text(pdfText(`“${e.quote}”`), { indent: 18 });
    if (e.note !== null) doc.font(FONT).text(pdfText(`Note: ${e.note}`), { indent: 18 });
    doc.font(FONT).text(pdfText(`Source: ${e.source}${e.dataset === null ? '' : ` (dataset ${e.dataset})`}`), { indent: 18 });
    doc.text(pdfText(`Address: ${address ?? 'none stated (the source is named, not linked)'}`), { indent: 18 });
    if (e.validFrom !== null || e.validTo !== null) doc.text(pdfText(`Holds from ${e.validFrom ?? 'any day'} to ${e.validTo ?? 'any day'}`), { indent: 18 });
    doc.moveDown(0.3);
  };

  if (focus.kind === 'trace') {
    const { trace } = focus;
    heading(`Chains (${trace.paths.length})`);
    trace.paths.forEach((path, p) => {
      heading(`Chain ${p + 1}: ${path.grounded ? 'grounded' : 'not grounded'}, ends at ${path.endsAt.name} (${path.endsAt.id})`, 10.5);
      path.steps.forEach((step, s) => {
        write(`${s + 1}. ${step.from.name} (${step.from.id})  ${step.relationship}  ${step.to.name} (${step.to.id})`, {}, FONT, 9);
        evidence(step.evidence);
      });
    });
  } else {
    const { coverage } = focus;
    heading('Duties');
    grid(
      doc,
      ['Duty', 'Kind', 'Status', 'Discharged by'],
      [0.45, 0.1, 0.13, 0.32],
      coverage.duties.map((d) => [
        `${d.duty.name} (${d.duty.id})`,
        d.kind ?? '',
        d.credits.length > 0 ? 'DISCHARGED' : d.gap ? 'GAP' : 'UNUSED POWER',
        [...new Map(d.credits.map((c) => [c.by.id, `${c.by.name} (${c.kind.toLowerCase()})`])).values()].join('; '),
      ]),
    );
    heading('Discharges and their evidence');
    for (const d of coverage.duties) {
      for (const c of d.credits) {
        write(
          `${d.duty.name} (${d.duty.id}), discharged by ${c.by.name} (${c.by.id}, ${c.kind.toLowerCase()})${c.via === null ? '' : ` through ${c.via.name}`}`,
          {},
          FONT,
          9,
        );
        evidence(c.evidence);
      }
    }
  }
  // The other tables, as a list of records: wide tables do not fit a page's columns.
  for (const table of pack.tables.filter((t) => !(focus.kind === 'trace' && t.name === 'Chains') && !(focus.kind === 'coverage' && t.name === 'Discharges'))) {
    records(doc, table, heading, width);
  }

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing in the bottom margin would otherwise start a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font(FONT)
      .fontSize(8)
      .text(pdfText(`${pack.title} · content SHA-256 ${pack.contentSha256.slice(0, 16)}… · page ${i + 1} of ${range.count}`), MARGIN, doc.page.height - 32, {
        width,
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

/** A table whose cells wrap within their column; the header is repeated on each new page. */
function grid(doc: PDFKit.PDFDocument, header: readonly string[], fractions: readonly number[], rows: readonly (readonly string[])[]): void {
  const width = doc.page.width - 2 * MARGIN;
  const widths = fractions.map((f) => f * width - 4);
  const draw = (cells: readonly string[], font: string) => {
    doc.font(font).fontSize(8.5);
    const height = Math.max(...cells.map((c, i) => doc.heightOfString(pdfText(c), { width: widths[i] as number }))) + 4;
    if (doc.y + height > doc.page.height - MARGIN) {
      doc.addPage();
      if (font !== BOLD) draw(header, BOLD);
      doc.font(font).fontSize(8.5);
    }
    const top = doc.y;
    let x = MARGIN;
    cells.forEach((c, i) => {
      doc.text(pdfText(c), x, top, { width: widths[i] as number });
      x += (widths[i] as number) + 4;
    });
    doc.y = top + height;
    doc
      .moveTo(MARGIN, doc.y - 2)
      .lineTo(MARGIN + width, doc.y - 2)
      .lineWidth(0.3)
      .strokeColor('#999999')
      .stroke();
  };
  draw(header, BOLD);
  for (const row of rows) draw(row, FONT);
  doc.x = MARGIN;
}

function records(doc: PDFKit.PDFDocument, table: PackTable, heading: (text: string, size?: number) => void, width: number): void {
  heading(`${table.name} (${table.rows.length})`);
  if (table.rows.length === 0) {
    doc.font(FONT).fontSize(9).text('None.', { width });
    return;
  }
  for (const row of table.rows) {
    const cells = table.header.map((h, i) => [h, row[i] ?? ''] as const).filter(([, v]) => v !== '');
    const [first, ...rest] = cells;
    if (first === undefined) continue;
    doc
      .font(BOLD)
      .fontSize(9)
      .text(pdfText(`${first[1]}`), { width });
    for (const [h, v] of rest) {
      doc
        .font(FONT)
        .fontSize(8.5)
        .text(pdfText(`${h.replace(/_/g, ' ')}: ${v}`), { width, indent: 12 });
    }
    doc.moveDown(0.25);
  }
}
