import { parse } from 'csv-parse/sync';
import { amountProblem } from './book.js';
import { UsageError } from './io.js';

/** One record of an import file, with the line it starts on. */
export interface ImportRow {
  /** 1-based line of the file the record starts on. */
  readonly line: number;
  /** The record in the JSON book's shape (CSV rows already turned into it). */
  readonly record: unknown;
  /** What is wrong with the row as read, before its record is checked (a CSV row mixing a claim's and an adjustment's cells). */
  readonly problem?: string;
}

/**
 * The `type` of a book's record that is a credit note or write-down of a claim of the book (core's
 * scripted action `adjustment`, booked on import with the host's `recordAdjustment`); a record
 * without a `type` is a claim.
 *
 * @internal
 */
export const adjustmentType = 'adjustment';

/** The CSV columns of an adjustment row: core's scripted action `adjustment` (the host's `recordAdjustment` fields and the day). @internal */
export const adjustmentColumns: readonly string[] = ['type', 'claimId', 'kind', 'amount', 'date', 'note'];

/**
 * The records of a JSON array with the line each starts on: the array is parsed with `JSON.parse`,
 * and a small scanner finds where each top-level element begins (strings and nesting skipped).
 *
 * @param text - the file's content
 * @param file - its name, for messages
 */
export function readJsonRows(text: string, file: string): ImportRow[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: not valid JSON (${error instanceof Error ? error.message : String(error)}).`);
  }
  if (!Array.isArray(raw)) {
    throw new UsageError(`${file}: expected a JSON array of claims (the JSON book's format, as mahnwerk generate writes it), and of adjustments ({ "type": "adjustment", "claimId", "date", "kind", "amount" }).`);
  }
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let expectElement = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '\n') line++;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (/\s/.test(ch)) continue;
    if (depth === 1 && expectElement && ch !== ']') {
      lines.push(line);
      expectElement = false;
    }
    if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') {
      depth++;
      if (depth === 1) expectElement = true;
    } else if (ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 1) expectElement = true;
  }
  return raw.map((record, i) => ({ line: lines[i] ?? 1, record }));
}

const booleanFields = new Set(['continuingObligation', 'invoicePointedOut30DayRule', 'dueDateAgreed', 'dueDateIsCalendarDate', 'creditorCanDeductVat']);
/** Cells holding lists, their items separated by `|`. */
const listFields = new Set(['tags', 'debtor.address']);

/** The CSV columns of a claim row: the JSON book's fields, the debtor's as `debtor.<field>`. */
const claimColumns: readonly string[] = [
  'id', 'principal', 'currency', 'invoiceDate', 'dueDate', 'claimKind', 'contractDate', 'creditorKind', 'continuingObligation', 'performanceDate',
  'reference', 'description', 'tags', 'invoicePointedOut30DayRule', 'dueDateAgreed', 'dueDateIsCalendarDate', 'score', 'creditorCanDeductVat',
  'debtor.id', 'debtor.kind', 'debtor.name', 'debtor.email', 'debtor.phone', 'debtor.address', 'debtor.locale', 'debtor.state',
];

/** The CSV columns: a claim's ({@link claimColumns}), then an adjustment's ({@link adjustmentColumns}). @internal */
export const csvColumns: readonly string[] = [...claimColumns, ...adjustmentColumns];

/**
 * The records of a CSV file with a header row naming the JSON book's fields (`debtor.kind`,
 * `debtor.name` … for the debtor; lists such as `tags` and `debtor.address` separated by `|`;
 * `true`/`false` for yes/no fields; an empty cell is an absent field). Parsed by `csv-parse`
 * (quotes, embedded commas and line breaks, a byte-order mark), so each record keeps the line it starts on.
 *
 * @param text - the file's content
 * @param file - its name, for messages
 * @throws UsageError naming the file for a header with an unknown column or a malformed CSV
 */
export function readCsvRows(text: string, file: string): ImportRow[] {
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, { bom: true, info: true, skip_empty_lines: true, relax_column_count: false }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    throw new UsageError(`${file}: not valid CSV (${error instanceof Error ? error.message : String(error)}).`);
  }
  const [head, ...body] = rows;
  if (head === undefined) throw new UsageError(`${file}: empty; expected a header row naming the columns (${csvColumns.slice(0, 5).join(', ')}, …).`);
  const header = head.record.map((h) => h.trim());
  header.forEach((name, i) => {
    if (!csvColumns.includes(name)) throw new UsageError(`${file}:${head.info.lines}: column ${i + 1} "${name}" is not a field of the book; use ${csvColumns.join(', ')}.`);
  });
  return body.map(({ record, info }) => {
    const claim: Record<string, unknown> = {};
    const debtor: Record<string, unknown> = {};
    const adjustment: Record<string, unknown> = {};
    header.forEach((name, i) => {
      const cell = (record[i] ?? '').trim();
      if (cell === '') return;
      let value: unknown = cell;
      if (listFields.has(name)) value = cell.split('|').map((x) => x.trim());
      else if (booleanFields.has(name)) value = cell === 'true' ? true : cell === 'false' ? false : cell;
      if (adjustmentColumns.includes(name)) adjustment[name] = value;
      else if (name.startsWith('debtor.')) debtor[name.slice('debtor.'.length)] = value;
      else claim[name] = value;
    });
    // csv-parse counts the lines up to the record's end; a record spanning lines starts earlier.
    const spans = record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
    const line = info.lines - spans;
    // A row is a claim or (its type cell says so) an adjustment; a cell of the other kind would be
    // dropped without a word, so such a row is refused naming the cells.
    const isAdjustment = adjustment['type'] !== undefined;
    const others = isAdjustment ? [...Object.keys(claim), ...Object.keys(debtor).map((k) => `debtor.${k}`)] : Object.keys(adjustment);
    const problem =
      others.length === 0
        ? undefined
        : isAdjustment
          ? `${others.join(', ')}: a cell of a claim in an adjustment row (type "${String(adjustment['type'])}"); an adjustment row fills only ${adjustmentColumns.join(', ')}`
          : `${others.join(', ')}: a cell of an adjustment in a claim row; give an adjustment its own row with type "${adjustmentType}" (${adjustmentColumns.join(', ')})`;
    return { line, record: isAdjustment ? adjustment : { ...claim, debtor }, ...(problem === undefined ? {} : { problem }) };
  });
}

/**
 * A record's problem said for a CSV cell instead of a JSON value: a cell has no quotes and no
 * types, so "written like \"1200.00\" (a string)" becomes what to type into the cell, and a yes/no
 * field that is not `true` or `false` says so instead of naming a JSON type.
 *
 * @param text - the problem as the book's rules word it
 * @returns the same problem in cell words
 * @internal
 */
export function inCellWords(text: string): string {
  return text
    .replace(amountProblem, 'expected an amount written like 1200.00 in the cell (digits, a dot and the cents; no thousands separator, no currency sign)')
    .replace(/Invalid input: expected boolean, received string/, 'expected true or false in the cell (or leave it empty)');
}
