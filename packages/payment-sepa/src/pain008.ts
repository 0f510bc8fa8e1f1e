import {
  isIsoDate,
  money,
  parseMoney,
  sum,
  toAmountString,
  validateBic,
  validateCreditorReference,
  validateIban,
  ValidationError,
  type IsoDate,
} from '@mahnwerk/core';
import { create } from 'xmlbuilder2';

/** A postal address as fields (the SEPA file carries them structured). */
export interface SepaAddress {
  /** Street name. */
  readonly street: string;
  /** House number. */
  readonly houseNumber?: string;
  /** Postal code. */
  readonly postalCode: string;
  /** Town. */
  readonly city: string;
  /** ISO 3166 alpha-2 country code, e.g. `DE`. */
  readonly country: string;
}

/** A SEPA direct-debit mandate (SEPA-Lastschriftmandat). */
export interface SepaMandate {
  /** The mandate reference (Mandatsreferenz), at most 35 characters. */
  readonly id: string;
  /** The day the debtor signed it. */
  readonly signedOn: IsoDate;
}

/** One direct debit: a claim's amount drawn from the debtor's account under a mandate. */
export interface DirectDebit {
  /** The claim; the default end-to-end id. */
  readonly claimId: string;
  /** End-to-end id the debtor's bank shows and returns (default: the claim id), at most 35 characters. */
  readonly endToEndId?: string;
  /** Amount, a decimal string in EUR above zero, e.g. `"1011.75"`. */
  readonly amount: string;
  /** The mandate. */
  readonly mandate: SepaMandate;
  /** `FRST` (first debit under the mandate), `RCUR` (recurring), `OOFF` (one-off) or `FNAL` (last). */
  readonly sequenceType: 'FRST' | 'RCUR' | 'OOFF' | 'FNAL';
  /** The debtor. */
  readonly debtor: { readonly name: string; readonly iban: string; readonly bic?: string; readonly address?: SepaAddress };
  /** Structured creditor reference (ISO 11649) for the remittance information; else `remittance` text. */
  readonly creditorReference?: string;
  /** Unstructured remittance text (at most 140 characters), used when there is no creditor reference; default: the claim id. */
  readonly remittance?: string;
}

/** The file's header and the creditor. */
export interface Pain008Options {
  /** Unique message id (at most 35 characters); banks refuse a file whose id they have seen. */
  readonly messageId: string;
  /** When the file was made, an ISO 8601 date-time (e.g. `2025-01-14T09:00:00`). */
  readonly createdAt: string;
  /** The day the debits are to be collected. */
  readonly collectionDate: IsoDate;
  /** `CORE` (consumers, default) or `B2B`. */
  readonly scheme?: 'CORE' | 'B2B';
  /** The creditor. */
  readonly creditor: {
    readonly name: string;
    readonly iban: string;
    readonly bic?: string;
    /** The creditor identifier (Gläubiger-Identifikationsnummer), e.g. `DE98ZZZ09999999999`. */
    readonly creditorId: string;
    readonly address?: SepaAddress;
  };
}

/** The pain.008 version written. */
export const pain008Namespace = 'urn:iso:std:iso:20022:tech:xsd:pain.008.001.02';

const sepaId = /^([A-Za-z0-9]|[+|?|/|\-|:|(|)|.|,|'| ]){1,35}$/;

function fail(field: string, problem: string): never {
  throw new ValidationError(`${field}: ${problem}`, { field });
}

function checkId(value: string, field: string): string {
  if (typeof value !== 'string' || !sepaId.test(value) || value.startsWith(' ') || value.includes('//')) {
    fail(field, `"${String(value)}" must be 1–35 characters of A–Z, a–z, 0–9 and + ? / - : ( ) . , ' space (SEPA identifier set), without "//".`);
  }
  return value;
}

/** Control characters, lone surrogates and the non-characters U+FFFE/U+FFFF: not allowed in XML 1.0 (or refused by banks, like a tab in a name). */
const unwritable = /[\u0000-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function checkText(value: string, max: number, field: string): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > max) fail(field, `must be 1–${max} characters.`);
  const bad = unwritable.exec(value);
  if (bad !== null) fail(field, `contains the control character U+${(bad[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')} at position ${bad.index + 1}; a SEPA file holds one line of printable text per field.`);
  return value;
}

function address(a: SepaAddress | undefined, field: string): Record<string, unknown> | undefined {
  if (a === undefined) return undefined;
  if (!/^[A-Z]{2}$/.test(a.country)) fail(`${field}.country`, `"${a.country}" is not an ISO 3166 alpha-2 code such as DE.`);
  return {
    StrtNm: checkText(a.street, 70, `${field}.street`),
    ...(a.houseNumber === undefined ? {} : { BldgNb: checkText(a.houseNumber, 16, `${field}.houseNumber`) }),
    PstCd: checkText(a.postalCode, 16, `${field}.postalCode`),
    TwnNm: checkText(a.city, 35, `${field}.city`),
    Ctry: a.country,
  };
}

function agent(bic: string | undefined, field: string): Record<string, unknown> {
  // Without a BIC (IBAN-only, allowed within the EEA) the agent is "NOTPROVIDED".
  return { FinInstnId: bic === undefined ? { Othr: { Id: 'NOTPROVIDED' } } : { BIC: validateBic(bic, field) } };
}

/**
 * Writes a pain.008.001.02 file (SEPA direct debits, customer to bank) for debtors with a mandate:
 * one payment information block per sequence type (FRST, RCUR, OOFF, FNAL — banks need them apart),
 * each with its count and control sum; amounts as decimal strings; mandate id and signing date;
 * structured postal addresses; the creditor reference (ISO 11649) as structured remittance.
 * Every input is checked before anything is written (IBAN and BIC checksums, creditor reference,
 * SEPA character set and lengths, amounts in EUR with at most two decimals).
 *
 * @param debits - the direct debits (at least one)
 * @param options - message id, creation time, collection date, scheme and creditor
 * @returns the XML text (UTF-8)
 * @throws ValidationError naming the field (e.g. `debits[2].debtor.iban`)
 */
export function pain008(debits: readonly DirectDebit[], options: Pain008Options): string {
  if (!Array.isArray(debits) || debits.length === 0) fail('debits', 'a pain.008 file needs at least one direct debit.');
  checkId(options.messageId, 'messageId');
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.test(options.createdAt)) fail('createdAt', `"${options.createdAt}" is not an ISO 8601 date-time.`);
  if (!isIsoDate(options.collectionDate)) fail('collectionDate', `"${String(options.collectionDate)}" is not a date written YYYY-MM-DD.`);
  const creditorId = options.creditor.creditorId.replace(/ /g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{3}[A-Z0-9]{1,28}$/.test(creditorId)) {
    fail('creditor.creditorId', `"${options.creditor.creditorId}" is not a SEPA creditor identifier (country, check digits, business code, national id — e.g. DE98ZZZ09999999999).`);
  }
  const creditor = {
    Nm: checkText(options.creditor.name, 70, 'creditor.name'),
    ...(options.creditor.address === undefined ? {} : { PstlAdr: address(options.creditor.address, 'creditor.address') }),
  };
  const creditorIban = validateIban(options.creditor.iban, 'creditor.iban');
  const creditorAgent = agent(options.creditor.bic, 'creditor.bic');

  const tx = debits.map((d, i) => {
    const f = `debits[${i}]`;
    const amount = parseMoney(d.amount, { currency: 'EUR', field: `${f}.amount` });
    if (!amount.amount.greaterThan(0)) fail(`${f}.amount`, `${d.amount} is not above zero.`);
    if (!['FRST', 'RCUR', 'OOFF', 'FNAL'].includes(d.sequenceType)) fail(`${f}.sequenceType`, `"${String(d.sequenceType)}" is not FRST, RCUR, OOFF or FNAL.`);
    if (!isIsoDate(d.mandate.signedOn) || d.mandate.signedOn > options.collectionDate) {
      fail(`${f}.mandate.signedOn`, `"${String(d.mandate.signedOn)}" must be a date (YYYY-MM-DD) on or before the collection date ${options.collectionDate}.`);
    }
    const remittance =
      d.creditorReference !== undefined
        ? { Strd: { CdtrRefInf: { Tp: { CdOrPrtry: { Cd: 'SCOR' }, Issr: 'ISO' }, Ref: validateCreditorReference(d.creditorReference, `${f}.creditorReference`) } } }
        : // Without a creditor reference or text, the claim id: the debtor sees what the debit is for,
          // and the SEPA provider finds the claim of a notified collection or return by it.
          { Ustrd: checkText(d.remittance ?? d.claimId, 140, d.remittance === undefined ? `${f}.claimId` : `${f}.remittance`) };
    const debtorAddress = address(d.debtor.address, `${f}.debtor.address`);
    return {
      sequenceType: d.sequenceType,
      amount,
      xml: {
        PmtId: { EndToEndId: checkId(d.endToEndId ?? d.claimId, `${f}.endToEndId`) },
        InstdAmt: { '@Ccy': 'EUR', '#': toAmountString(amount) },
        DrctDbtTx: { MndtRltdInf: { MndtId: checkId(d.mandate.id, `${f}.mandate.id`), DtOfSgntr: d.mandate.signedOn } },
        DbtrAgt: agent(d.debtor.bic, `${f}.debtor.bic`),
        Dbtr: { Nm: checkText(d.debtor.name, 70, `${f}.debtor.name`), ...(debtorAddress === undefined ? {} : { PstlAdr: debtorAddress }) },
        DbtrAcct: { Id: { IBAN: validateIban(d.debtor.iban, `${f}.debtor.iban`) } },
        RmtInf: remittance,
      },
    };
  });

  const total = (items: readonly { amount: ReturnType<typeof money> }[]) => toAmountString(sum(items.map((t) => t.amount), 'EUR'));
  const blocks = (['FRST', 'RCUR', 'OOFF', 'FNAL'] as const)
    .map((seq) => ({ seq, items: tx.filter((t) => t.sequenceType === seq) }))
    .filter((b) => b.items.length > 0)
    .map((b, n) => ({
      PmtInfId: `${options.messageId.slice(0, 30)}-${n + 1}`,
      PmtMtd: 'DD',
      NbOfTxs: String(b.items.length),
      CtrlSum: total(b.items),
      PmtTpInf: { SvcLvl: { Cd: 'SEPA' }, LclInstrm: { Cd: options.scheme ?? 'CORE' }, SeqTp: b.seq },
      ReqdColltnDt: options.collectionDate,
      Cdtr: creditor,
      CdtrAcct: { Id: { IBAN: creditorIban } },
      CdtrAgt: creditorAgent,
      ChrgBr: 'SLEV',
      CdtrSchmeId: { Id: { PrvtId: { Othr: { Id: creditorId, SchmeNm: { Prtry: 'SEPA' } } } } },
      DrctDbtTxInf: b.items.map((t) => t.xml),
    }));

  const doc = create({ version: '1.0', encoding: 'UTF-8' })
    .ele(pain008Namespace, 'Document')
    .ele({
      CstmrDrctDbtInitn: {
        GrpHdr: {
          MsgId: options.messageId,
          CreDtTm: options.createdAt.slice(0, 19),
          NbOfTxs: String(tx.length),
          CtrlSum: total(tx),
          InitgPty: { Nm: creditor.Nm },
        },
        PmtInf: blocks,
      },
    });
  return doc.end({ prettyPrint: true });
}
