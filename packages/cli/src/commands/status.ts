import { toAmountString, type ClaimTotal, type Mahnwerk, type OutboxTotal, type UnappliedMoney } from '@mahnwerk/core';
import { helpText, parseFlags, type FlagSpec } from '../args.js';
import { renderTable, toJson } from '../format.js';
import { hostFlags, openHost } from '../host.js';
import type { CliIo } from '../io.js';
import type { CommandResult } from './command.js';

const flags: readonly FlagSpec[] = [...hostFlags];

const summary =
  'claims, principal (as created and still open) and messages per status and stage in the database, and the money owed back to debtors (overpayments) (deterministic: sorted, no timestamps)';

/** One claim holding an overpayment, as `mahnwerk status --json` prints it (amounts as decimal strings). @internal */
export interface UnappliedClaimJson {
  readonly claimId: string;
  readonly debtorId: string;
  readonly status: string;
  readonly currency: string;
  /** What the claim holds beyond what it owed, to the cent. */
  readonly amount: string;
  /** The value date of the earliest payment whose surplus is still held. */
  readonly since: string;
  /** The payments it came with: the one a refund names, its value date, what of it is still held. */
  readonly payments: readonly { readonly paymentId: string; readonly date: string; readonly amount: string }[];
}

/** The money owed back, per currency: claims holding some, and their sum. @internal */
export interface UnappliedTotalJson {
  readonly currency: string;
  readonly claims: number;
  readonly amount: string;
}

/** The `unapplied` part of `mahnwerk status --json`. @internal */
export interface UnappliedReport {
  /** Every claim holding money beyond what it owed, in claim-id order. */
  readonly claims: readonly UnappliedClaimJson[];
  /** Count and sum per currency, in currency order. */
  readonly totals: readonly UnappliedTotalJson[];
}

/**
 * The money the book owes back to debtors: the claims core's `unappliedMoney()` lists (the one
 * rule, `unappliedMoneyOf`: a payment's part beyond what the claim owed, less the refunds and
 * chargebacks of it — § 812 Abs. 1 S. 1 BGB), page by page in claim-id order, and the count and
 * sum per currency from `unappliedTotals()`. Both read the store's projection, which keeps each
 * claim's figure with its events (`ClaimSummary.unapplied`), over all statuses (a claim reopened by
 * a chargeback of one payment may still hold another payment's surplus): only the claims holding
 * money are loaded, so the cost follows them, not the size of the book.
 *
 * @param mahnwerk - the host API over the database
 * @returns the claims and the totals
 * @internal
 */
export async function unappliedReport(mahnwerk: Pick<Mahnwerk, 'unappliedMoney' | 'unappliedTotals'>): Promise<UnappliedReport> {
  const held: UnappliedMoney[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await mahnwerk.unappliedMoney({ sort: 'claimId', order: 'asc', limit: 1000, ...(cursor === undefined ? {} : { cursor }) });
    held.push(...page.claims);
    if (page.nextCursor === null) break;
    cursor = page.nextCursor;
  }
  const totals = await mahnwerk.unappliedTotals();
  return {
    claims: held.map((h) => ({
      claimId: h.claimId,
      debtorId: h.debtorId,
      status: h.status,
      currency: h.amount.currency,
      amount: toAmountString(h.amount),
      since: h.since,
      payments: h.payments.map((p) => ({ paymentId: p.paymentId, date: p.date, amount: toAmountString(p.amount) })),
    })),
    totals: totals.map((t) => ({ currency: t.currency, claims: t.count, amount: t.amount })),
  };
}

/** The money-owed-back section of the text report. */
function unappliedText(report: UnappliedReport): string {
  if (report.claims.length === 0) return 'no money owed back (no claim holds an overpayment)\n';
  const rows = report.claims.map((c) => [c.claimId, c.debtorId, c.status, c.since, c.currency, c.amount, c.payments.map((p) => p.paymentId).join(', ')]);
  const totals = report.totals
    .map((t) => `owed back: ${t.claims} claim${t.claims === 1 ? '' : 's'}, ${t.amount} ${t.currency} in total (§ 812 Abs. 1 S. 1 BGB; refund with reversePayment kind refund, or set off against another claim of the debtor)\n`)
    .join('');
  return renderTable(['claim', 'debtor', 'status', 'since', 'currency', 'owed back', 'payments'], rows) + totals;
}

/**
 * The status report as text: claims per status and stage with their principal as created
 * (`ClaimTotal.amount`) and still open after payments, credit notes and write-downs
 * (`ClaimTotal.openPrincipal`, the store's projection of core's statement principal), messages per
 * template, channel and status, then the money owed back. @internal
 */
export function statusText(where: string, claims: readonly ClaimTotal[], messages: readonly OutboxTotal[], unapplied: UnappliedReport): string {
  const claimRows = claims.map((t) => [t.status, t.stage ?? '–', t.currency, String(t.count), t.amount, t.openPrincipal]);
  const messageRows = messages.map((m) => [m.template, m.channel, m.status, String(m.count)]);
  return [
    `database: ${where}`,
    '',
    claims.length === 0 ? 'no claims\n' : renderTable(['status', 'stage', 'currency', 'claims', 'principal', 'open principal'], claimRows),
    messages.length === 0 ? 'no messages\n' : renderTable(['template', 'channel', 'status', 'messages'], messageRows),
    unappliedText(unapplied),
  ].join('\n');
}

/**
 * `mahnwerk status`: the totals queries of the store and the money owed back, as a table or JSON
 * (`claims`: the store's `ClaimTotal` rows, each with `amount`, the principal as created, and
 * `openPrincipal`, the principal still open).
 */
export const statusCommand = {
  name: 'status',
  summary,
  fieldToFlag: {} as Record<string, string>,
  help: () => helpText('status', summary, flags, 'mahnwerk status --db ./mahnwerk-data', []),
  async run(argv: readonly string[], _readStdin: () => Promise<string>, io: CliIo): Promise<CommandResult> {
    const f = parseFlags('status', argv, flags);
    if (f['help']) return { text: statusCommand.help() };
    const host = await openHost(f, io);
    try {
      const claims = await host.mahnwerk.claimTotals();
      const messages = await host.mahnwerk.outboxTotals();
      const unapplied = await unappliedReport(host.mahnwerk);
      if (f['json']) return { text: toJson({ database: host.opened.where, claims, messages, unapplied }) };
      return { text: statusText(host.opened.where, claims, messages, unapplied) };
    } finally {
      await host.close();
    }
  },
};
