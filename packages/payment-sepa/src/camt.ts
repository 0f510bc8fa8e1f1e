import { isIsoDate, parseMoney, toAmountString, ValidationError, type IsoDate } from '@mahnwerk/core';
import { XMLParser } from 'fast-xml-parser';

/** One credit on a bank statement (a transaction of a booked credit entry). */
export interface BankCredit {
  /**
   * A stable id of the credit: the bank's reference of the transaction (`TxDtls/Refs/AcctSvcrRef`),
   * else of the entry (`Ntry/AcctSvcrRef`, `NtryRef`) with the transaction's number in a batch,
   * else statement id, entry and transaction number. The same statement read twice gives the same ids.
   */
  readonly id: string;
  /** Amount as a decimal string, as written in the file (e.g. `"1234.50"`). */
  readonly amount: string;
  /** ISO 4217 currency. */
  readonly currency: string;
  /** Booking date. */
  readonly bookingDate: IsoDate;
  /** Value date (else the booking date). */
  readonly valueDate: IsoDate;
  /** The structured creditor reference (`RmtInf/Strd/CdtrRefInf/Ref`), if any. */
  readonly creditorReference?: string;
  /** The unstructured remittance text (`RmtInf/Ustrd`, lines joined by a space). */
  readonly remittance: string;
  /** The payer's name (`RltdPties/Dbtr`). */
  readonly debtorName?: string;
  /** The payer's IBAN (`RltdPties/DbtrAcct`). */
  readonly debtorIban?: string;
  /** The payer's end-to-end id, if not `NOTPROVIDED`. */
  readonly endToEndId?: string;
}

/** What {@link parseCamt} read from a camt.053 or camt.054 file. */
export interface BankStatementCredits {
  /** `camt.053` (statement) or `camt.054` (debit/credit notification). */
  readonly kind: 'camt.053' | 'camt.054';
  /** The booked credits, in file order. */
  readonly credits: readonly BankCredit[];
  /** Entries that are not booked credits (debits, reversals, pending entries), counted only. */
  readonly skipped: number;
}

/** @internal A parsed XML element. */
export type Node = Record<string, unknown>;

const arrays = new Set(['Stmt', 'Ntfctn', 'Ntry', 'NtryDtls', 'TxDtls', 'Ustrd']);

/** @internal fast-xml-parser as the format needs it: values stay strings ("000123", "1234.50"), namespaces dropped. */
export function parser(): XMLParser {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    textNodeName: '#text',
    parseTagValue: false,
    parseAttributeValue: false,
    removeNSPrefix: true,
    trimValues: true,
    isArray: (name) => arrays.has(name),
  });
}

/** @internal The value as an element, if it is one. */
export function node(value: unknown): Node | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Node) : undefined;
}

/** @internal The value at a path of element names (the first of a repeated element). */
export function at(value: unknown, ...path: string[]): unknown {
  let v: unknown = value;
  for (const key of path) {
    const n = node(Array.isArray(v) ? v[0] : v);
    if (n === undefined) return undefined;
    v = n[key];
  }
  return v;
}

/** @internal An element's trimmed text, or undefined when empty or absent. */
export function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  const n = node(value);
  if (n !== undefined && typeof n['#text'] === 'string') return text(n['#text']);
  return undefined;
}

/** @internal A repeated element as a list. */
export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

function fail(where: string, problem: string): never {
  throw new ValidationError(`${where}: ${problem}`, { field: where });
}

/** @internal An `<Amt Ccy>` as written, checked against the currency's minor unit. */
export function amountOf(value: unknown, where: string): { amount: string; currency: string } {
  const n = node(value);
  const raw = text(value);
  const currency = n === undefined ? undefined : (n['@_Ccy'] as string | undefined);
  if (raw === undefined || currency === undefined) fail(where, 'expected <Amt Ccy="EUR">1234.50</Amt>.');
  if (!/^\d+(\.\d+)?$/.test(raw)) fail(where, `"${raw}" is not an amount written like 1234.50.`);
  // Exactly as written, checked against the currency's minor unit.
  return { amount: toAmountString(parseMoney(raw, { currency, field: where })), currency };
}

/** @internal The day of a `Dt` or `DtTm` element. */
export function dateOf(value: unknown): IsoDate | undefined {
  const d = text(at(value, 'Dt')) ?? text(at(value, 'DtTm'))?.slice(0, 10);
  return d !== undefined && isIsoDate(d) ? d : undefined;
}

/**
 * Reads the booked credits of a camt.053 (`BkToCstmrStmt`) or camt.054 (`BkToCstmrDbtCdtNtfctn`)
 * file, any version (namespaces are ignored). Values are kept as strings, so `"000123"` and
 * `"1234.50"` arrive as written. A batch entry with several transactions gives one credit per
 * transaction (`TxDtls/Amt` or `AmtDtls/TxAmt/Amt`); a single-transaction entry takes the entry's
 * amount. Debits, reversals (`RvslInd` true) and entries not booked (`Sts` other than `BOOK`) are
 * skipped.
 *
 * @param xml - the file's text
 * @returns the credits
 * @throws ValidationError naming the element for a file that is not camt.053/054, an entry without
 *   amount or booking date, or an amount with more decimals than its currency has
 */
export function parseCamt(xml: string): BankStatementCredits {
  let doc: unknown;
  try {
    doc = parser().parse(xml, true);
  } catch (error) {
    fail('xml', `the file is not well-formed XML: ${error instanceof Error ? error.message : String(error)}`);
  }
  const statements = list(at(doc, 'Document', 'BkToCstmrStmt', 'Stmt'));
  const notifications = list(at(doc, 'Document', 'BkToCstmrDbtCdtNtfctn', 'Ntfctn'));
  if (statements.length === 0 && notifications.length === 0) {
    fail('Document', 'neither BkToCstmrStmt/Stmt (camt.053) nor BkToCstmrDbtCdtNtfctn/Ntfctn (camt.054) was found; give a camt.053 or camt.054 file.');
  }
  const kind = statements.length > 0 ? 'camt.053' : 'camt.054';
  const credits: BankCredit[] = [];
  let skipped = 0;
  const reports = statements.length > 0 ? statements : notifications;
  reports.forEach((report, r) => {
    const reportId = text(at(report, 'Id')) ?? `${kind}#${r + 1}`;
    list(at(report, 'Ntry')).forEach((entry, e) => {
      const where = `${kind === 'camt.053' ? 'Stmt' : 'Ntfctn'}[${r}].Ntry[${e}]`;
      const status = text(at(entry, 'Sts')) ?? text(at(entry, 'Sts', 'Cd'));
      const reversal = text(at(entry, 'RvslInd')) === 'true';
      if (text(at(entry, 'CdtDbtInd')) !== 'CRDT' || reversal || (status !== undefined && status !== 'BOOK')) {
        skipped += 1;
        return;
      }
      const entryAmount = amountOf(at(entry, 'Amt'), `${where}.Amt`);
      const bookingDate = dateOf(at(entry, 'BookgDt'));
      if (bookingDate === undefined) fail(`${where}.BookgDt`, 'a booked entry needs its booking date (Dt or DtTm).');
      const valueDate = dateOf(at(entry, 'ValDt')) ?? bookingDate;
      const entryRef = text(at(entry, 'AcctSvcrRef')) ?? text(at(entry, 'NtryRef'));
      const transactions = list(at(entry, 'NtryDtls')).flatMap((d) => list(at(d, 'TxDtls')));
      const txs = transactions.length === 0 ? [undefined] : transactions;
      txs.forEach((tx, t) => {
        const txWhere = `${where}.NtryDtls.TxDtls[${t}]`;
        const own = at(tx, 'Amt') ?? at(tx, 'AmtDtls', 'TxAmt', 'Amt');
        const { amount, currency } = own === undefined ? (txs.length === 1 ? entryAmount : fail(`${txWhere}.Amt`, 'a transaction of a batch entry needs its own amount.')) : amountOf(own, `${txWhere}.Amt`);
        const txRef = text(at(tx, 'Refs', 'AcctSvcrRef'));
        const id = txRef ?? (entryRef !== undefined ? (txs.length === 1 ? entryRef : `${entryRef}/${t + 1}`) : `${reportId}/${e + 1}/${t + 1}`);
        const dbtr = at(tx, 'RltdPties', 'Dbtr');
        const debtorName = text(at(dbtr, 'Nm')) ?? text(at(dbtr, 'Pty', 'Nm'));
        const debtorIban = text(at(tx, 'RltdPties', 'DbtrAcct', 'Id', 'IBAN'));
        const endToEnd = text(at(tx, 'Refs', 'EndToEndId'));
        const creditorReference = text(at(tx, 'RmtInf', 'Strd', 'CdtrRefInf', 'Ref'));
        const remittance = list(at(tx, 'RmtInf', 'Ustrd'))
          .map((u) => text(u) ?? '')
          .filter((u) => u !== '')
          .join(' ');
        credits.push({
          id,
          amount,
          currency,
          bookingDate,
          valueDate,
          remittance,
          ...(creditorReference === undefined ? {} : { creditorReference }),
          ...(debtorName === undefined ? {} : { debtorName }),
          ...(debtorIban === undefined ? {} : { debtorIban }),
          ...(endToEnd === undefined || endToEnd === 'NOTPROVIDED' ? {} : { endToEndId: endToEnd }),
        });
      });
    });
  });
  return { kind, credits, skipped };
}
