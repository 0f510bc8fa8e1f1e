import { creditorReference, Dec, electronicFormat, isValidCreditorReference } from '@mahnwerk/core';
import type { BankCredit } from './camt.js';

/** A claim a credit may pay, as the matcher sees it. */
export interface MatchCandidate {
  /** The claim. */
  readonly claimId: string;
  /** Invoice numbers the debtor may write in the remittance text (the claim's reference and id). */
  readonly references: readonly string[];
  /** Structured creditor references (ISO 11649, electronic form) printed for the claim. */
  readonly creditorReferences: readonly string[];
  /** The debtor's name. */
  readonly debtorName: string;
  /** The open balance, a decimal string. */
  readonly open: string;
  /** ISO 4217 currency of the claim. */
  readonly currency: string;
}

/** Which rule tied a credit to its claim, strongest first. */
export type MatchRule = 'creditor-reference' | 'invoice-number' | 'amount-and-name';

/** What the matcher made of one credit. */
export type CreditMatch =
  | { readonly credit: BankCredit; readonly claimId: string; readonly rule: MatchRule }
  | { readonly credit: BankCredit; readonly claimId: null; readonly reason: string };

/**
 * The creditor references of a claim: RF (ISO 11649) made from its id and from its reference,
 * where they can be made.
 *
 * @param claimId - the claim id
 * @param reference - the invoice reference, if any
 */
export function claimCreditorReferences(claimId: string, reference?: string): string[] {
  const out = new Set<string>();
  for (const r of [claimId, reference]) {
    if (r === undefined) continue;
    try {
      out.add(creditorReference(r));
    } catch {
      // An id with other characters or more than 21 letters and digits has no RF form.
    }
  }
  return [...out];
}

const umlauts: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' };

/** @internal Name tokens for comparison: lower case, umlauts spelt out, legal-form words dropped. */
export function nameTokens(name: string): string[] {
  return name
    .toLowerCase()
    .replace(/[äöüß]/g, (c) => umlauts[c] ?? c)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((t) => t !== '' && !['gmbh', 'ag', 'kg', 'ug', 'ohg', 'ev', 'e', 'v', 'co', 'mbh', 'und', 'herr', 'frau', 'dr'].includes(t));
}

/** True when every name token of the shorter name occurs in the longer (order free: "Mustermann, Erika" = "Erika Mustermann"). */
function sameName(a: string, b: string): boolean {
  const x = nameTokens(a);
  const y = nameTokens(b);
  if (x.length === 0 || y.length === 0) return false;
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  return short.every((t) => long.includes(t));
}

/** Letters and digits only, upper case — how references are compared in free text. */
function squash(text: string): string {
  return text.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/**
 * True when the reference occurs in the text on its own — not inside a longer number or word —
 * with any separators between its characters (`RE-2025-001` is found in "Rg.Nr. RE 2025 001" but
 * not in "RE-2025-0010").
 */
function mentions(remittance: string, reference: string): boolean {
  const ref = squash(reference);
  if (ref.length < 3) return false;
  const body = [...ref].join('[\\s\\-/._]*');
  return new RegExp(`(?<![A-Z0-9])${body}(?![A-Z0-9])`).test(remittance.toUpperCase());
}

/** RF references written in the remittance text (print or electronic form), valid ones only. */
function referencesInText(remittance: string): string[] {
  const found = new Set<string>();
  for (const m of remittance.toUpperCase().matchAll(/RF\d{2}(?:\s?[A-Z0-9]){1,21}/g)) {
    // Try the longest candidate first, then shorter ones (text may run on after the reference).
    const raw = electronicFormat(m[0]);
    for (let end = raw.length; end >= 5; end--) {
      if (isValidCreditorReference(raw.slice(0, end))) {
        found.add(raw.slice(0, end));
        break;
      }
    }
  }
  return [...found];
}

function one(candidates: readonly MatchCandidate[]): MatchCandidate | 'none' | 'many' {
  if (candidates.length === 0) return 'none';
  if (candidates.length > 1) return 'many';
  return candidates[0] as MatchCandidate;
}

/**
 * Finds the claim a credit pays, by the first rule that names exactly one claim:
 * 1. the structured creditor reference (ISO 11649; from `Strd/CdtrRefInf` or written in the text);
 * 2. an invoice number (the claim's reference or id) in the remittance text;
 * 3. the amount equal to the open balance and the payer's name equal to the debtor's.
 * When a rule names several claims the credit is left for review (it is not guessed), with the reason.
 *
 * @param credit - the credit
 * @param candidates - the open claims (in the credit's currency only)
 * @returns the claim and rule, or `claimId: null` with the reason
 */
export function matchCredit(credit: BankCredit, candidates: readonly MatchCandidate[]): CreditMatch {
  const pool = candidates.filter((c) => c.currency === credit.currency);
  const rfs = [...(credit.creditorReference !== undefined && isValidCreditorReference(credit.creditorReference) ? [electronicFormat(credit.creditorReference)] : []), ...referencesInText(credit.remittance)];
  if (rfs.length > 0) {
    const byRf = one(pool.filter((c) => c.creditorReferences.some((r) => rfs.includes(r))));
    if (typeof byRf === 'object') return { credit, claimId: byRf.claimId, rule: 'creditor-reference' };
    if (byRf === 'many') return { credit, claimId: null, reason: `creditor reference ${rfs.join(', ')} names several claims` };
  }
  const text = [credit.remittance, credit.creditorReference ?? ''].join(' ');
  const byNumber = one(pool.filter((c) => c.references.some((r) => mentions(text, r))));
  if (typeof byNumber === 'object') return { credit, claimId: byNumber.claimId, rule: 'invoice-number' };
  if (byNumber === 'many') return { credit, claimId: null, reason: 'the remittance text names several invoices; split the credit by hand' };
  if (credit.debtorName !== undefined) {
    const amount = new Dec(credit.amount);
    const byAmount = one(pool.filter((c) => new Dec(c.open).equals(amount) && sameName(c.debtorName, credit.debtorName as string)));
    if (typeof byAmount === 'object') return { credit, claimId: byAmount.claimId, rule: 'amount-and-name' };
    if (byAmount === 'many') return { credit, claimId: null, reason: `${credit.debtorName} owes ${credit.amount} ${credit.currency} on several claims` };
  }
  return { credit, claimId: null, reason: 'no creditor reference, invoice number, or amount and name of an open claim found' };
}
