import { MahnwerkError, recordPaymentEvent, toAmountString, type Mahnwerk, type PaymentResult } from '@mahnwerk/core';
import { parseCamt, type BankCredit } from './camt.js';
import { claimCreditorReferences, matchCredit, type CreditMatch, type MatchCandidate, type MatchRule } from './matching.js';

/** The host API parts an import uses. */
export type BankImportHost = Pick<Mahnwerk, 'recordPayment' | 'reversePayment' | 'claim' | 'statement'>;

/** Options of {@link importBankStatement}. */
export interface BankImportOptions {
  /** The claims credits may pay (e.g. every claim not settled); others are never matched. */
  readonly claimIds: readonly string[];
}

/** A credit recorded on a claim. */
export interface ImportedCredit {
  /** The credit as read from the file. */
  readonly credit: BankCredit;
  /** The claim it was recorded on. */
  readonly claimId: string;
  /** The rule that found the claim, or `already-imported` when the credit was recorded on it before. */
  readonly rule: MatchRule | 'already-imported';
  /** What is still open on the claim at the end of the credit's value date (zero when it paid in full). */
  readonly openAfter: string;
  /** True when this credit had been imported before (nothing was written this time). */
  readonly replayed: boolean;
  /**
   * The payment as recorded (the first time), with what it left `unapplied`: above zero the credit
   * paid more than the claim owed on its value date, money owed back to the debtor
   * (§ 812 Abs. 1 S. 1 BGB) until it is refunded or set off.
   */
  readonly result: PaymentResult;
}

/** A credit left for review. */
export interface UnmatchedCredit {
  /** The credit. */
  readonly credit: BankCredit;
  /** Why it was not recorded (no claim found, several claims, or the claim refused the payment). */
  readonly reason: string;
}

/** What {@link importBankStatement} did. */
export interface BankImportResult {
  /** `camt.053` or `camt.054`. */
  readonly kind: 'camt.053' | 'camt.054';
  /** Credits that paid their claim in full (or more). */
  readonly matched: readonly ImportedCredit[];
  /** Credits that paid part of their claim. */
  readonly partlyMatched: readonly ImportedCredit[];
  /** Credits for review. */
  readonly unmatched: readonly UnmatchedCredit[];
  /** Entries that were not booked credits (debits, reversals, pending), counted. */
  readonly skipped: number;
}

/** The idempotency id a bank credit is recorded under (event and payment id). */
export function bankPaymentId(credit: Pick<BankCredit, 'id'>): string {
  return `bank:${credit.id}`;
}

/**
 * Imports a camt.053 or camt.054 file: reads the booked credits ({@link parseCamt}), finds each
 * one's claim ({@link matchCredit}: creditor reference, then invoice number, then amount and name)
 * among `claimIds`, and records it through the host's `recordPayment` command with the credit's
 * value date ({@link recordPaymentEvent}; §§ 366, 367 BGB allocation happens there). Importing
 * the same file again changes nothing: each credit is recorded under `bank:<bank reference>` as
 * idempotency key and payment id, and comes back `replayed`.
 *
 * Credits are matched against the open balances before the file is booked, one after another in
 * file order; a credit already recorded on one of `claimIds` (an earlier import) is reported
 * `already-imported` on that claim, and so is a credit whose end-to-end id and amount are those of
 * a payment the SEPA provider recorded from a camt.054 notification (payment id = end-to-end id):
 * nothing is written for it. Pass the claims the statement may pay even if an earlier
 * import settled them, so a repeated import finds its credits. A credit the claim refuses (e.g. a value date in the future) is listed as unmatched
 * with the error's message.
 *
 * @param host - the host API
 * @param xml - the file's text
 * @param options - the claims the credits may pay
 * @returns matched, partly matched and unmatched credits
 * @throws ValidationError for a file that is not camt.053/054
 */
export async function importBankStatement(host: BankImportHost, xml: string, options: BankImportOptions): Promise<BankImportResult> {
  const { kind, credits, skipped } = parseCamt(xml);
  const candidates: MatchCandidate[] = [];
  for (const claimId of options.claimIds) {
    const state = await host.claim(claimId);
    const facts = state.facts;
    const open = (await host.statement(claimId)).total;
    candidates.push({
      claimId,
      references: [facts.id, ...(facts.reference === undefined ? [] : [facts.reference])],
      creditorReferences: claimCreditorReferences(facts.id, facts.reference),
      debtorName: facts.debtor.name,
      open: toAmountString(open),
      currency: facts.currency,
    });
  }
  const matched: ImportedCredit[] = [];
  const partlyMatched: ImportedCredit[] = [];
  const unmatched: UnmatchedCredit[] = [];
  // Credits recorded by an earlier import of the same file are found by their bank id first: the
  // open balances have changed since, so the rules would no longer find the same claims.
  const recorded = new Map<string, string>();
  // Payments recorded from the SEPA provider's camt.054 notifications carry the end-to-end id as
  // payment id; the same credit in the day's statement is that payment (same claim, same amount).
  const notified = new Map<string, { claimId: string; amount: string }>();
  for (const claimId of options.claimIds) {
    for (const p of (await host.claim(claimId)).payments) {
      if (p.paymentId.startsWith('bank:')) recorded.set(p.paymentId, claimId);
      else notified.set(p.paymentId, { claimId, amount: p.amount });
    }
  }
  for (const credit of credits) {
    const byNotification = credit.endToEndId === undefined ? undefined : notified.get(credit.endToEndId);
    const sameNotified = byNotification !== undefined && byNotification.amount === credit.amount ? byNotification.claimId : undefined;
    const earlier = recorded.get(bankPaymentId(credit));
    const known = earlier ?? sameNotified;
    // Recorded under its end-to-end id, a notified credit is found on the ledger and replayed.
    const paymentId = earlier === undefined && sameNotified !== undefined && credit.endToEndId !== undefined ? credit.endToEndId : bankPaymentId(credit);
    const match: CreditMatch = known === undefined ? matchCredit(credit, candidates) : { credit, claimId: known, rule: 'creditor-reference' };
    if (match.claimId === null) {
      unmatched.push({ credit, reason: match.reason });
      continue;
    }
    let result: PaymentResult;
    try {
      result = await recordPaymentEvent(host, {
        kind: 'payment',
        eventId: bankPaymentId(credit),
        claimId: match.claimId,
        paymentId,
        amount: credit.amount,
        currency: credit.currency,
        valueDate: credit.valueDate,
      });
    } catch (error) {
      if (!MahnwerkError.isInstance(error) || error.retryable) throw error;
      unmatched.push({ credit, reason: `claim ${match.claimId} refused the payment: ${error.message}` });
      continue;
    }
    const openAfter = (await host.statement(match.claimId, credit.valueDate)).total;
    const imported: ImportedCredit = { credit, claimId: match.claimId, rule: known === undefined ? match.rule : 'already-imported', openAfter: toAmountString(openAfter), replayed: result.replayed, result };
    (openAfter.amount.greaterThan(0) ? partlyMatched : matched).push(imported);
  }
  return { kind, matched, partlyMatched, unmatched, skipped };
}
