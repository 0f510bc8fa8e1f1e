import { readFileSync } from 'node:fs';
import { dayInWords, epcQrPayload, formatMoney, keepTogether, parseLetterStatementTable, paymentCreditorReference, printFormat, ValidationError, type Money } from '@mahnwerk/core';
import PDFDocument from 'pdfkit';
import encodeQR from 'qr';
import { statementPlaceholder, type LetterDocument } from './document.js';
import { checkLetterSender, letterSenderAddressLines } from './sender.js';

/** Millimetres to PDF points (1 pt = 1/72 inch). @internal */
export const mm = (value: number): number => (value * 72) / 25.4;

/**
 * The geometry of DIN 5008 form B on A4 (210 × 297 mm), in millimetres from the top-left corner.
 * The address field lies where the window of a DL/C6 envelope shows it.
 */
export const din5008FormB = Object.freeze({
  /** Address field: 20 mm from the left, 45 mm from the top, 85 × 45 mm. */
  addressField: Object.freeze({ left: 20, top: 45, width: 85, height: 45 }),
  /** Zusatz- und Vermerkzone: the first 5 lines (17.7 mm) of the address field, ending with the return line. */
  noteZone: Object.freeze({ top: 45, height: 17.7 }),
  /** Anschriftzone: 6 lines (27.3 mm) under the note zone. */
  addressZone: Object.freeze({ top: 62.7, height: 27.3, maxLines: 6 }),
  /** Information block right of the address field: 125 mm from the left, 50 mm from the top, 75 mm wide. */
  infoBlock: Object.freeze({ left: 125, top: 50, width: 75 }),
  /** Left and right margins of the text. */
  margins: Object.freeze({ left: 25, right: 20 }),
  /** Fold marks (105 and 210 mm) and the punch mark (148.5 mm). */
  marks: Object.freeze({ fold1: 105, fold2: 210, punch: 148.5 }),
});

const fontDir = new URL('../fonts/', import.meta.url);
let fonts: { regular: Buffer; bold: Buffer } | undefined;
/** The bundled DejaVu Sans (Bitstream Vera licence), read once: same glyphs on every machine. */
function bundledFonts(): { regular: Buffer; bold: Buffer } {
  fonts ??= {
    regular: readFileSync(new URL('DejaVuSans.ttf', fontDir)),
    bold: readFileSync(new URL('DejaVuSans-Bold.ttf', fontDir)),
  };
  return fonts;
}

const words = {
  de: {
    date: 'Datum',
    page: (n: number, of: number) => `Seite ${n} von ${of}`,
    position: 'Position',
    basis: 'Grundlage',
    amount: 'Betrag',
    transfer: 'Bitte überweisen Sie',
    recipient: 'Empfänger',
    amountLabel: 'Betrag',
    referenceLabel: 'Verwendungszweck',
    referenceHint: 'bitte unverändert angeben',
    giroCode: 'GiroCode – mit der Banking-App scannen',
    online: 'Online bezahlen',
    phone: 'Telefon',
    email: 'E-Mail',
    bank: 'Bankverbindung',
  },
  en: {
    date: 'Date',
    page: (n: number, of: number) => `Page ${n} of ${of}`,
    position: 'Item',
    basis: 'Basis',
    amount: 'Amount',
    transfer: 'Please transfer',
    recipient: 'Payee',
    amountLabel: 'Amount',
    referenceLabel: 'Reference',
    referenceHint: 'please quote unchanged',
    giroCode: 'EPC QR code – scan with your banking app',
    online: 'Pay online',
    phone: 'Phone',
    email: 'E-mail',
    bank: 'Bank account',
  },
} as const;

const pageWidth = 210;
const pageHeight = 297;
const textLeft = din5008FormB.margins.left;
const textWidth = pageWidth - din5008FormB.margins.left - din5008FormB.margins.right;
/** Where follow-on pages start, and where text must end to leave room for the footer. */
const followTop = 27;
const contentBottom = 262;
const bodySize = 10;
const smallSize = 7.5;

type Doc = InstanceType<typeof PDFDocument>;

/** Checks what a letter needs before anything is drawn. */
function checkDocument(letter: LetterDocument): void {
  const lines = 1 + letter.recipient.addressLines.length;
  if (letter.recipient.name.trim() === '' || letter.recipient.addressLines.length === 0) {
    throw new ValidationError('recipient: a letter needs the name and the postal address of the recipient.', { field: 'recipient' });
  }
  if (lines > din5008FormB.addressZone.maxLines) {
    throw new ValidationError(
      `recipient: name and address take ${lines} lines; the address zone of DIN 5008 form B holds ${din5008FormB.addressZone.maxLines}.`,
      { field: 'recipient.addressLines' },
    );
  }
  if ((letter.notes?.length ?? 0) > 4) {
    throw new ValidationError('notes: the Zusatz- und Vermerkzone holds at most 4 lines above the return line.', { field: 'notes' });
  }
  checkLetterSender(letter.sender);
  if (letter.payment !== undefined && letter.sender.bank === undefined && letter.payment.link === undefined) {
    throw new ValidationError('payment: give sender.bank (for the GiroCode) or payment.link, or leave payment out.', { field: 'payment' });
  }
}

/**
 * The ISO 11649 creditor reference a payment prints and encodes: the reference itself when it
 * already is a valid `RF…`, else one made from it.
 *
 * @param reference - the claim's reference, e.g. `RE-2025-001`
 */
export function paymentReference(reference: string): string {
  return paymentCreditorReference(reference, 'payment.reference');
}

/** Draws a QR code as vector squares, one rectangle per run of dark modules; the matrix carries its quiet zone. */
function drawQr(doc: Doc, text: string, x: number, y: number, size: number): void {
  const matrix = encodeQR(text, 'raw', { ecc: 'medium', border: 4 });
  const module = size / matrix.length;
  matrix.forEach((row, r) => {
    let c = 0;
    while (c < row.length) {
      if (!row[c]) {
        c += 1;
        continue;
      }
      const start = c;
      while (c < row.length && row[c]) c += 1;
      doc.rect(x + start * module, y + r * module, (c - start) * module, module);
    }
  });
  doc.fillColor('black').fill();
}

/** Writes one line, shrinking the font (down to 5.5 pt) until it fits the width. */
function fitLine(doc: Doc, text: string, x: number, y: number, width: number, size: number, options: Record<string, unknown> = {}): void {
  let s = size;
  doc.fontSize(s);
  while (s > 5.5 && doc.widthOfString(text) > width) {
    s -= 0.25;
    doc.fontSize(s);
  }
  doc.text(text, x, y, { width, lineBreak: false, ...options });
}

function paragraphs(body: string): string[] {
  return body
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((p) => p.replace(/^\n+|\n+$/g, ''))
    .filter((p) => p.trim() !== '');
}

/** Moves to a new page when `height` points do not fit above the footer any more. */
function ensureRoom(doc: Doc, height: number): void {
  if (doc.y + height > mm(contentBottom)) {
    doc.addPage();
    doc.y = mm(followTop);
  }
}

function drawFirstPageFrame(doc: Doc, letter: LetterDocument): void {
  const { sender } = letter;
  const w = words[letter.locale];
  // Letterhead: the sender's name right-aligned in the head area (0–45 mm).
  doc.font('bold').fontSize(16).fillColor('#1f2d3d');
  doc.text(sender.name, mm(textLeft), mm(15), { width: mm(textWidth), align: 'right', lineBreak: false });
  doc.font('regular').fontSize(8.5).fillColor('#4a5560');
  const senderLines = letterSenderAddressLines(sender);
  doc.text(senderLines.join(' · '), mm(textLeft), mm(23), { width: mm(textWidth), align: 'right', lineBreak: false });
  doc.moveTo(mm(textLeft), mm(29)).lineTo(mm(pageWidth - din5008FormB.margins.right), mm(29)).lineWidth(0.6).strokeColor('#1f2d3d').stroke();
  doc.fillColor('black');

  // Zusatz- und Vermerkzone: notes, then the return line at its foot (5 lines of 17.7 mm).
  const field = din5008FormB.addressField;
  const inner = field.left + 5;
  const innerWidth = field.width - 10;
  const noteLine = din5008FormB.noteZone.height / 5;
  (letter.notes ?? []).forEach((note, i) => {
    doc.font('regular').fontSize(8).text(note, mm(inner), mm(field.top + 1 + i * noteLine), { width: mm(innerWidth), lineBreak: false });
  });
  const returnLine = sender.returnLine ?? [sender.name, ...senderLines].join(' · ');
  doc.font('regular').fontSize(6.5).fillColor('#333333');
  fitLine(doc, returnLine, mm(inner), mm(field.top + 4 * noteLine + 0.6), mm(innerWidth), 6.5, { underline: true });
  doc.fillColor('black');

  // Anschriftzone: name and address, 10 pt, at most 6 lines.
  doc.font('regular').fontSize(bodySize);
  const recipientLines = [letter.recipient.name, ...letter.recipient.addressLines];
  recipientLines.forEach((line, i) => {
    fitLine(doc, line, mm(inner), mm(din5008FormB.addressZone.top + 1 + i * 4.3), mm(innerWidth), bodySize);
  });

  // Information block: items, contact and date.
  const info = din5008FormB.infoBlock;
  const items = [...(letter.info ?? [])];
  if (sender.phone !== undefined) items.push({ label: w.phone, value: sender.phone });
  if (sender.email !== undefined) items.push({ label: w.email, value: sender.email });
  items.push({ label: w.date, value: dayInWords(letter.date, letter.locale) });
  let y = mm(info.top);
  for (const item of items) {
    doc.font('regular').fontSize(7).fillColor('#4a5560').text(item.label, mm(info.left), y, { width: mm(info.width), lineBreak: false });
    doc.font('regular').fillColor('black');
    fitLine(doc, item.value, mm(info.left), y + 8.5, mm(info.width), 9);
    y += 22;
  }
}

function drawMarks(doc: Doc): void {
  const { fold1, fold2, punch } = din5008FormB.marks;
  doc.lineWidth(0.4).strokeColor('#888888');
  for (const [at, length] of [[fold1, 5], [punch, 8], [fold2, 5]] as const) {
    doc.moveTo(mm(3), mm(at)).lineTo(mm(3 + length), mm(at)).stroke();
  }
}

function drawFooter(doc: Doc, letter: LetterDocument): void {
  const { sender } = letter;
  const w = words[letter.locale];
  const columns: string[][] = [
    [sender.name, ...letterSenderAddressLines(sender)],
    [
      ...(sender.phone === undefined ? [] : [`${w.phone} ${sender.phone}`]),
      ...(sender.email === undefined ? [] : [`${w.email} ${sender.email}`]),
      ...(sender.website === undefined ? [] : [sender.website]),
    ],
    [
      ...(sender.bank === undefined
        ? []
        : [
            sender.bank.bankName ?? w.bank,
            `IBAN ${printFormat(sender.bank.iban)}`,
            ...(sender.bank.bic === undefined ? [] : [`BIC ${sender.bank.bic}`]),
          ]),
      ...(sender.registration === undefined ? [] : [sender.registration]),
    ],
  ];
  const top = mm(272);
  doc.moveTo(mm(textLeft), top - 4).lineTo(mm(pageWidth - din5008FormB.margins.right), top - 4).lineWidth(0.4).strokeColor('#b0b8c0').stroke();
  const width = mm(textWidth) / 3;
  doc.font('regular').fontSize(6.5).fillColor('#4a5560');
  columns.forEach((lines, i) => {
    lines.forEach((line, j) => {
      fitLine(doc, line, mm(textLeft) + i * width, top + j * 8.5, width - 6, 6.5);
    });
  });
  doc.fillColor('black');
}

/** A table as the layout prints it: caption, items (description, legal basis, amount) and sums, amounts already written out. */
interface PrintedTable {
  readonly title: string;
  readonly rows: readonly { readonly description: string; readonly basis: string; readonly amount: string }[];
  readonly totals: readonly { readonly label: string; readonly amount: string }[];
}

/**
 * A paragraph of the body that is a table (see {@link LetterDocument.body}; core's
 * `parseLetterStatementTable`): a caption line without a tab, then item lines
 * `description⇥basis⇥amount`, then sum lines `label⇥amount`. Anything else is no table, and the
 * paragraph is printed as text.
 *
 * @internal
 */
export function bodyTable(paragraph: string): PrintedTable | undefined {
  const table = parseLetterStatementTable(paragraph);
  return table === undefined ? undefined : { title: table.caption, rows: table.rows, totals: table.totals };
}

/** The document's statement as the layout prints it. */
function printedStatement(letter: LetterDocument): PrintedTable | undefined {
  const statement = letter.statement;
  if (statement === undefined) return undefined;
  const locale = letter.locale === 'de' ? 'de-DE' : 'en';
  // An amount a renderer wrote out is printed as written (the figure its text shows); a Money is formatted here.
  const printed = (amount: Money | string): string => (typeof amount === 'string' ? amount : formatMoney(amount, locale));
  return {
    title: statement.title,
    rows: statement.rows.map((row) => ({ description: row.description, basis: row.basis ?? '', amount: printed(row.amount) })),
    totals: statement.totals.map((total) => ({ label: total.label, amount: printed(total.amount) })),
  };
}

/** Draws an itemized table — the document's statement or a table paragraph of its body — the one way both are printed. */
function drawTable(doc: Doc, letter: LetterDocument, table: PrintedTable): void {
  const w = words[letter.locale];
  const left = mm(textLeft);
  const full = mm(textWidth);
  const amountWidth = mm(28);
  const basisWidth = mm(45);
  const descWidth = full - amountWidth - basisWidth;
  const pad = 3;
  const header = () => {
    doc.font('bold').fontSize(8.5);
    const y = doc.y;
    doc.text(w.position, left, y, { width: descWidth - pad, lineBreak: false });
    doc.text(w.basis, left + descWidth, y, { width: basisWidth - pad, lineBreak: false });
    doc.text(w.amount, left + descWidth + basisWidth, y, { width: amountWidth, align: 'right', lineBreak: false });
    doc.y = y + 12;
    doc.moveTo(left, doc.y - 1.5).lineTo(left + full, doc.y - 1.5).lineWidth(0.6).strokeColor('black').stroke();
    doc.y += 2;
  };
  ensureRoom(doc, 60);
  doc.font('bold').fontSize(bodySize).text(table.title, left, doc.y, { width: full });
  doc.y += 4;
  header();
  doc.font('regular').fontSize(8.5);
  for (const printed of table.rows) {
    // The description and basis columns wrap: core's one keep rule glues "§ 288", "Abs. 1", "p. a." (as in the body).
    const row = { ...printed, description: keepTogether(printed.description), basis: keepTogether(printed.basis) };
    const height = Math.max(doc.heightOfString(row.description, { width: descWidth - pad }), doc.heightOfString(row.basis, { width: basisWidth - pad }));
    if (doc.y + height > mm(contentBottom)) {
      doc.addPage();
      doc.y = mm(followTop);
      header();
      doc.font('regular').fontSize(8.5);
    }
    const y = doc.y;
    doc.text(row.description, left, y, { width: descWidth - pad });
    doc.text(row.basis, left + descWidth, y, { width: basisWidth - pad });
    doc.text(row.amount, left + descWidth + basisWidth, y, { width: amountWidth, align: 'right', lineBreak: false });
    doc.y = y + height + 3;
  }
  ensureRoom(doc, table.totals.length * 13 + 6);
  doc.moveTo(left, doc.y).lineTo(left + full, doc.y).lineWidth(0.4).strokeColor('#888888').stroke();
  doc.y += 4;
  table.totals.forEach((total, i) => {
    const last = i === table.totals.length - 1;
    if (last) {
      doc.moveTo(left + full - mm(70), doc.y - 1).lineTo(left + full, doc.y - 1).lineWidth(0.6).strokeColor('black').stroke();
      doc.y += 2;
    }
    doc.font(last ? 'bold' : 'regular').fontSize(last ? 9.5 : 8.5);
    const y = doc.y;
    doc.text(total.label, left + full - mm(70), y, { width: mm(40), lineBreak: false });
    doc.text(total.amount, left + descWidth + basisWidth, y, { width: amountWidth, align: 'right', lineBreak: false });
    doc.y = y + (last ? 14 : 12);
  });
  doc.font('regular').fontSize(bodySize);
  doc.y += 6;
}

function drawStatement(doc: Doc, letter: LetterDocument): void {
  const table = printedStatement(letter);
  if (table !== undefined) drawTable(doc, letter, table);
}

function drawPayment(doc: Doc, letter: LetterDocument): void {
  const payment = letter.payment;
  if (payment === undefined) return;
  const w = words[letter.locale];
  const locale = letter.locale === 'de' ? 'de-DE' : 'en';
  // A GiroCode carries euro only; another currency gets the transfer details without it.
  const giro = payment.amount.currency === 'EUR' ? letter.sender.bank : undefined;
  const bank = letter.sender.bank;
  const qrSize = mm(32);
  const itemCount = 2 + (bank === undefined ? 0 : 2);
  const boxHeight = Math.max(qrSize + 26, 26 + itemCount * 19 + (payment.link === undefined ? 8 : 20));
  ensureRoom(doc, boxHeight + 8);
  const left = mm(textLeft);
  const full = mm(textWidth);
  const top = doc.y + 4;
  doc.roundedRect(left, top, full, boxHeight, 4).lineWidth(0.6).strokeColor('#1f2d3d').stroke();
  const reference = paymentReference(payment.reference);
  let qrRight = left + full - 8;
  if (payment.link !== undefined) {
    const x = qrRight - qrSize;
    drawQr(doc, payment.link, x, top + 6, qrSize);
    doc.font('regular').fontSize(6.5).text(w.online, x, top + 8 + qrSize, { width: qrSize, align: 'center', lineBreak: false });
    qrRight = x - 10;
  }
  if (giro !== undefined) {
    const bank = giro;
    const x = qrRight - qrSize;
    const payload = epcQrPayload({
      name: (bank.holder ?? letter.sender.name).slice(0, 70),
      iban: bank.iban,
      ...(bank.bic === undefined ? {} : { bic: bank.bic }),
      amount: payment.amount,
      reference,
    });
    drawQr(doc, payload, x, top + 6, qrSize);
    doc.font('regular').fontSize(6.5).text(w.giroCode, x - 10, top + 8 + qrSize, { width: qrSize + 20, align: 'center' });
    qrRight = x - 10;
  }
  // The transfer details left of the codes.
  const textX = left + 10;
  const textW = qrRight - textX;
  let y = top + 10;
  doc.font('bold').fontSize(bodySize).text(w.transfer, textX, y, { width: textW, lineBreak: false });
  y += 16;
  const item = (label: string, value: string, bold = false) => {
    doc.font('regular').fontSize(7).fillColor('#4a5560').text(label, textX, y, { width: textW, lineBreak: false });
    doc.font(bold ? 'bold' : 'regular').fillColor('black');
    fitLine(doc, value, textX, y + 8.5, textW, 9);
    y += 19;
  };
  item(w.amountLabel, formatMoney(payment.amount, locale), true);
  if (bank !== undefined) {
    item(w.recipient, bank.holder ?? letter.sender.name);
    item('IBAN / BIC', `${printFormat(bank.iban)}${bank.bic === undefined ? '' : ` / ${bank.bic}`}`);
  }
  item(`${w.referenceLabel} (${w.referenceHint})`, printFormat(reference), true);
  if (payment.link !== undefined) {
    doc.font('regular').fillColor('#1f2d3d');
    fitLine(doc, payment.link, textX, y, textW, 7, { link: payment.link });
    doc.fillColor('black');
  }
  doc.x = left;
  doc.y = top + boxHeight + 10;
  doc.font('regular').fontSize(bodySize);
}

function writeParagraph(doc: Doc, paragraph: string): void {
  // A line never ends with "§" and goes on with "13e Abs. 1 RDG": core's one keep rule, as for the table's cells.
  const text = keepTogether(paragraph);
  doc.font('regular').fontSize(bodySize);
  const options = { width: mm(textWidth), lineGap: 2 };
  const height = doc.heightOfString(text, options);
  // Keep short paragraphs together; long ones flow onto the next page.
  if (height < mm(40)) ensureRoom(doc, height);
  doc.text(text, mm(textLeft), doc.y, options);
  doc.y += 6;
}

function drawLetter(doc: Doc, letter: LetterDocument): void {
  checkDocument(letter);
  const firstPage = doc.bufferedPageRange().count - 1;
  drawFirstPageFrame(doc, letter);
  // Subject: bold, two blank lines under the address field (DIN 5008 form B).
  doc.font('bold').fontSize(11).text(letter.subject, mm(textLeft), mm(98.5), { width: mm(textWidth) });
  doc.y += 12;
  const parts = paragraphs(letter.body);
  let placed = letter.statement === undefined;
  const hasPlaceholder = parts.includes(statementPlaceholder);
  parts.forEach((part, i) => {
    if (part === statementPlaceholder) {
      drawStatement(doc, letter);
      placed = true;
      return;
    }
    const table = letter.bodyTables === false ? undefined : bodyTable(part);
    if (table === undefined) writeParagraph(doc, part);
    else drawTable(doc, letter, table);
    // Without a placeholder the table follows the first paragraph after the salutation.
    if (!placed && !hasPlaceholder && i === Math.min(1, parts.length - 1)) {
      drawStatement(doc, letter);
      placed = true;
    }
  });
  if (!placed) drawStatement(doc, letter);
  if (letter.closing !== undefined && letter.closing.length > 0) {
    ensureRoom(doc, letter.closing.length * 14 + 20);
    doc.font('regular').fontSize(bodySize);
    const [greeting, ...signature] = letter.closing;
    doc.text(greeting ?? '', mm(textLeft), doc.y, { width: mm(textWidth) });
    doc.y += 14;
    for (const line of signature) doc.text(line, mm(textLeft), doc.y, { width: mm(textWidth) });
  }
  drawPayment(doc, letter);
  // Frame of every page of this letter: footer, marks; page numbers when it has more than one.
  const range = doc.bufferedPageRange();
  const last = range.start + range.count - 1;
  const pages = last - firstPage + 1;
  for (let p = firstPage; p <= last; p += 1) {
    doc.switchToPage(p);
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    drawFooter(doc, letter);
    if (p === firstPage) drawMarks(doc);
    if (pages > 1) {
      const label = words[letter.locale].page(p - firstPage + 1, pages);
      doc.font('regular').fontSize(8).fillColor('#4a5560');
      if (p === firstPage) {
        doc.text(label, mm(textLeft), mm(contentBottom + 2), { width: mm(textWidth), align: 'right', lineBreak: false });
      } else {
        fitLine(doc, `${letter.subject} · ${label}`, mm(textLeft), mm(15), mm(textWidth), 8, { align: 'right' });
      }
      doc.fillColor('black');
    }
    doc.page.margins.bottom = margin;
  }
  doc.switchToPage(last);
}

function newDocument(first: LetterDocument, title: string): Doc {
  const created = new Date(`${first.date}T00:00:00Z`);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: mm(followTop), bottom: mm(pageHeight - contentBottom), left: mm(textLeft), right: mm(din5008FormB.margins.right) },
    bufferPages: true,
    autoFirstPage: true,
    lang: first.locale === 'de' ? 'de-DE' : 'en',
    info: {
      Title: title,
      Author: first.sender.name,
      Creator: 'mahnwerk',
      Producer: 'mahnwerk',
      CreationDate: created,
      ModDate: created,
    },
  });
  const { regular, bold } = bundledFonts();
  doc.registerFont('regular', regular);
  doc.registerFont('bold', bold);
  return doc;
}

function finish(doc: Doc): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
    doc.end();
  });
}

/**
 * Lays out one letter after DIN 5008 form B on A4 and returns the PDF: letterhead, return line and
 * recipient in the window area (20 mm from the left, 45 mm from the top, 85 × 45 mm, the first 5
 * lines the Zusatz- und Vermerkzone), information block with the date, subject, the body with the
 * itemized statement table, a payment block with the EPC QR code (GiroCode: IBAN, BIC, amount and
 * an ISO 11649 RF reference) and a QR code of the payment link, closing, footer with the sender's
 * details, fold and punch marks, and page numbers when the letter runs over. Text is set in the
 * bundled DejaVu Sans (umlauts, €); QR codes are vector squares with a 4-module quiet zone.
 * The same letter gives the same bytes: the PDF's dates are the letter date.
 *
 * @param letter - the letter
 * @throws ValidationError when the recipient does not fit the address zone, the IBAN or BIC is wrong, or the payment cannot be encoded
 */
export async function renderLetterPdf(letter: LetterDocument): Promise<Uint8Array> {
  return (await layoutLetter(letter)).bytes;
}

/** The PDF of one letter and its number of pages. @internal */
export async function layoutLetter(letter: LetterDocument): Promise<{ bytes: Uint8Array; pages: number }> {
  const doc = newDocument(letter, letter.subject);
  drawLetter(doc, letter);
  const pages = doc.bufferedPageRange().count;
  return { bytes: await finish(doc), pages };
}

/**
 * Lays out several letters into one PDF for a print service, each starting on a new page with its
 * own page numbering (see {@link renderLetterPdf}). The PDF's dates are the first letter's date.
 *
 * @param letters - the letters, in print order (at least one)
 * @param title - the PDF's title
 */
export async function renderMergedPdf(letters: readonly LetterDocument[], title = 'mahnwerk print batch'): Promise<Uint8Array> {
  const first = letters[0];
  if (first === undefined) throw new ValidationError('letters: a print batch needs at least one letter.', { field: 'letters' });
  const doc = newDocument(first, title);
  letters.forEach((letter, i) => {
    if (i > 0) doc.addPage();
    drawLetter(doc, letter);
  });
  return finish(doc);
}
