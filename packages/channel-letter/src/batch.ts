import { createHash } from 'node:crypto';
import { ValidationError } from '@mahnwerk/core';
import type { LetterDocument } from './document.js';
import { layoutLetter, renderMergedPdf } from './pdf.js';

/** One letter of a print batch with the id it is filed under (e.g. the outbox message id). */
export interface BatchLetter {
  /** Unique id; the file is named after it. */
  readonly id: string;
  /** The letter. */
  readonly document: LetterDocument;
}

/** A file of a print batch. */
export interface BatchFile {
  /** File name, e.g. `INV-1_msg_dunning-notice_1.pdf`. */
  readonly name: string;
  /** Its bytes. */
  readonly bytes: Uint8Array;
}

/** A print batch for a mail service: one PDF per letter and a manifest listing them. */
export interface PrintBatch {
  /** One PDF per letter, in the order given. */
  readonly files: readonly BatchFile[];
  /** The manifest as CSV (RFC 4180, `;`-separated, UTF-8): one row per file. */
  readonly manifest: string;
}

/**
 * A file name from an id: letters, digits, `.`, `-` and `_` kept, anything else `_`.
 *
 * @param id - e.g. the outbox message id `INV-1:msg:dunning-notice:1`
 */
export function letterFileName(id: string): string {
  return `${id.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`;
}

function csvField(value: string | number): string {
  const text = String(value);
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Columns of the manifest. */
export const manifestColumns = ['file', 'id', 'date', 'recipient', 'address', 'country_line', 'pages', 'sha256'] as const;

/**
 * Lays out a print batch: one PDF per letter (see `renderLetterPdf`) and a manifest CSV with file
 * name, id, letter date, recipient, address lines (joined by ` | `), the last address line, page
 * count and the SHA-256 of the file — what a print service needs to check that every letter arrived
 * whole. Ids must be unique (they name the files).
 *
 * @param letters - the letters
 * @throws ValidationError for duplicate ids or a letter that cannot be laid out
 */
export async function printBatch(letters: readonly BatchLetter[]): Promise<PrintBatch> {
  const names = new Set<string>();
  const files: BatchFile[] = [];
  const rows = [manifestColumns.join(';')];
  for (const [i, letter] of letters.entries()) {
    const name = letterFileName(letter.id);
    if (names.has(name)) {
      throw new ValidationError(`letters[${i}].id: "${letter.id}" gives the file name ${name} a second time; ids must be unique.`, { field: `letters[${i}].id` });
    }
    names.add(name);
    const { bytes, pages } = await layoutLetter(letter.document);
    files.push({ name, bytes });
    const lines = letter.document.recipient.addressLines;
    rows.push(
      [name, letter.id, letter.document.date, letter.document.recipient.name, lines.join(' | '), lines.at(-1) ?? '', pages, createHash('sha256').update(bytes).digest('hex')]
        .map(csvField)
        .join(';'),
    );
  }
  return { files, manifest: `${rows.join('\r\n')}\r\n` };
}

/**
 * One merged PDF of all letters for a print service that takes a single file: each letter starts
 * on a new page and numbers its own pages.
 *
 * @param letters - the letters, in print order
 */
export async function mergedPrintBatch(letters: readonly BatchLetter[]): Promise<Uint8Array> {
  return renderMergedPdf(letters.map((l) => l.document));
}
