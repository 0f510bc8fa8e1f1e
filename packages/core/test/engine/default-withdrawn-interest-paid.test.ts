import { describe, expect, it } from 'vitest';
import {
  addDays,
  checkInvariants,
  createMahnwerk,
  createPlainTextRenderer,
  project,
  type Channel,
  type ClaimEvent,
  type ClaimEventOf,
  type IsoDate,
  type PolicyInput,
  paymentPartsLeft,
  statement,
  statementLineItem,
  statementLineText,
  toAmountString,
} from '../../src/index.js';
import { memoryStore } from './memory-store.js';
import { decimalStatementAsOf } from '../oracle/statement-decimal.js';
import { interestReallocation } from '../../src/engine/fee-corrections.js';

// Rule (§ 367 Abs. 1 BGB with §§ 286 Abs. 1, 130 Abs. 1 S. 1 BGB; docs/legal-notes.md, "A Mahnung that
// did not reach the debtor"): a payment is applied to what is owed on its day — costs, then interest,
// then principal. The engine applied a payment to the default interest the ledger then showed, counted
// from the receipt of an e-mail Mahnung; when the provider reports that Mahnung bounced, the default it
// rested on is taken back (`default-withdrawn`) and counted anew from the next Mahnung that did arrive.
// Interest for the days before that new first day of default was never owed, so the part of the payment
// that went to it paid the next debt in line, the principal. The withdrawal re-allocates it
// (`default-withdrawn.interestReallocated`: off the interest paid, credited to the principal from the
// withdrawal's day, as a paid part of a dropped fee is by `fee-reduced.creditedToPrincipal`).
//
// The bug: the interest part stayed booked as paid on interest, so once the default was counted anew the
// statement showed interest BELOW ZERO (the interest accrued since the new first day of default less the
// interest paid for days taken back) and the principal that much too high — a negative balance line.
//
// The claim and policy are those of default-notice-not-received.test.ts: 500.00 EUR, consumer, due Thu
// 2025-01-16; reminder letter Thu 2025-01-23; Mahnung by e-mail Thu 2025-02-06 (received Fri 02-07,
// default booked from Sat 2025-02-08; deadline Thu 2025-02-20); final notice letter Fri 2025-02-21 with a
// 1.00 EUR fee, received Mon 02-24: by it default begins Tue 2025-02-25. The bounce of the e-mail is
// reported Mon 2025-03-03. February 2025 has 28 days.
//
// Interest (§ 288 Abs. 1 BGB): 2.27 % + 5 = 7.27 % a year, act/365, each period rounded to the cent.
//
// Case 1 — 100.00 paid Thu 2025-02-20 (the Mahnung's deadline day):
// - as booked: interest to the end of 02-19 from 02-08 = 12 days on 500.00:
//   500.00 × 0.0727 × 12 / 365 = 436.20 / 365 = 1.1951 → 1.20 on interest, 98.80 on principal → 401.20.
// - default counted anew from 02-25: on 02-19 no interest was owed, so the 1.20 goes to the principal,
//   credited on 03-03 (principal 401.20 − 1.20 = 400.00 from then on).
// - statement to 2025-03-10: 02-25…03-02 (4 + 2 = 6 days) on 401.20: 401.20 × 0.0727 × 6 / 365 =
//   175.00344 / 365 = 0.4795 → 0.48; 03-03…03-10 (8 days) on 400.00: 400.00 × 0.0727 × 8 / 365 =
//   232.64 / 365 = 0.6374 → 0.64; interest 1.12, nothing paid on it; principal 400.00; the 1.00 fee
//   (charged 02-21, before the new default) drops; total 401.12.
// - before the fix: principal 401.20, interest 1.12 − 1.20 = −0.08, total 401.12 (the same total: only
//   where the 1.20 sits was wrong, and the interest the 1.20 bore from 02-25 to 03-02,
//   1.20 × 0.0727 × 6 / 365 = 0.0014, rounds away).
// - on the report day 2025-03-03: 0.48 + 400.00 × 0.0727 × 1 / 365 = 0.0797 → 0.08: interest 0.56,
//   total 400.56; before the fix 02-25…03-03 (7 days) on 401.20 = 204.17068 / 365 = 0.5594 → 0.56
//   accrued less 1.20 paid = −0.64 (what checkInvariants' guard.no-negative-balance reports).

const policy = {
  id: 'default-withdrawn-interest-paid',
  version: 1,
  name: 'Default withdrawn, interest paid',
  stages: [
    { id: 'reminder', name: 'Zahlungserinnerung', kind: 'reminder', trigger: { after: 'due-date', days: 7 }, actions: [{ type: 'send', channel: 'letter', template: 'reminder' }] },
    {
      id: 'dunning-notice',
      name: 'Mahnung',
      kind: 'dunning-notice',
      trigger: { after: 'previous-stage', days: 14 },
      actions: [{ type: 'send', channel: 'email', template: 'dunning-notice', fallbackChannel: 'letter' }, { type: 'set-deadline', days: 14 }],
    },
    {
      id: 'final-notice',
      name: 'Letzte Mahnung',
      kind: 'final-notice',
      trigger: { after: 'previous-stage', days: 7 },
      actions: [{ type: 'send', channel: 'letter', template: 'final-notice' }, { type: 'charge-creditor-fee', amount: '1.00' }, { type: 'set-deadline', days: 7 }],
      final: true,
    },
  ],
} as PolicyInput;

function channel(name: 'email' | 'letter'): Channel {
  return {
    specificationVersion: 'v1',
    name,
    canReach: (to) => (name === 'email' ? to.email !== undefined : to.address !== undefined),
    send: (_message, options) => Promise.resolve({ providerMessageId: `${name}:${options.idempotencyKey}` }),
  };
}

const claim = {
  id: 'INV-9',
  debtor: { id: 'D-9', kind: 'consumer' as const, name: 'Erika Muster', email: 'erika@example.org', address: ['Musterstr. 1', '10115 Berlin'] },
  principal: '500.00',
  currency: 'EUR',
  invoiceDate: '2025-01-02',
  dueDate: '2025-01-16',
  dueDateIsCalendarDate: false,
  reference: 'RE-9',
};
const bounce = { claimId: 'INV-9', messageId: 'INV-9:msg:dunning-notice:1', channel: 'email', status: 'bounced' as const, detail: '550 5.1.1 mailbox unknown' };

/** Runs the claim day by day to 2025-03-10: the morning's payments and reports first, then the daily run. */
async function run(
  morning: Readonly<Record<string, (mw: ReturnType<typeof createMahnwerk>) => Promise<unknown>>>,
  evening: Readonly<Record<string, (mw: ReturnType<typeof createMahnwerk>) => Promise<unknown>>> = {},
): Promise<ClaimEvent[]> {
  const clock = { date: '2025-01-02' as IsoDate, today: () => clock.date, now: () => `${clock.date}T10:00:00+01:00` };
  const mw = createMahnwerk({ store: memoryStore(), clock, channels: [channel('email'), channel('letter')], policy, render: createPlainTextRenderer({ creditor: { name: 'Beispiel GmbH' } }) });
  await mw.createClaim(claim);
  for (let day = clock.date; day <= '2025-03-10'; day = addDays(day, 1)) {
    clock.date = day;
    await morning[day]?.(mw);
    await mw.runDue();
    await evening[day]?.(mw);
  }
  return (await mw.history('INV-9')).map((h) => h.event);
}

const pay = (paymentId: string, amount: string, date: string) => (mw: ReturnType<typeof createMahnwerk>) => mw.recordPayment({ claimId: 'INV-9', paymentId, amount, date });
const report = (mw: ReturnType<typeof createMahnwerk>) => mw.recordDelivery(bounce);
const figures = (events: readonly ClaimEvent[], day: IsoDate): string[] => {
  const s = statement(project(events), day);
  return [s.principal, s.interest, s.costs, s.total].map(toAmountString);
};
const withdrawalOf = (events: readonly ClaimEvent[]): ClaimEventOf<'default-withdrawn'> => events.find((e): e is ClaimEventOf<'default-withdrawn'> => e.type === 'default-withdrawn') as ClaimEventOf<'default-withdrawn'>;
/** The engine's statement equals the decimal.js oracle's (test/oracle/statement-decimal.ts, which reads the re-allocation on its own) on every day from `from` to `to`. */
const agreesWithOracle = (events: readonly ClaimEvent[], from: IsoDate, to: IsoDate): void => {
  const state = project(events);
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const s = statement(state, day);
    const o = decimalStatementAsOf(events, day);
    const shown = (x: Pick<typeof s, 'principal' | 'interest' | 'costs' | 'total' | 'unapplied' | 'lines'>) => ({
      figures: [x.principal, x.interest, x.costs, x.total, x.unapplied].map(toAmountString),
      lines: x.lines.map((l) => [l.date, l.part, l.label, l.basis, toAmountString(l.amount)]),
    });
    expect(shown(s), day).toEqual(shown(o));
  }
};
/** The ledger as the engine wrote it before the fix: the withdrawal without its re-allocation. */
const withoutReallocation = (events: readonly ClaimEvent[]): ClaimEvent[] =>
  events.map((e) => {
    if (e.type !== 'default-withdrawn') return e;
    const { interestReallocated: _dropped, ...rest } = e;
    return rest;
  });

describe('§ 367 Abs. 1 BGB with §§ 286 Abs. 1, 130 Abs. 1 S. 1 BGB: interest paid for days a withdrawn default took back goes to the principal — the statement never shows interest below zero', () => {
  it('100.00 paid 2025-02-20 (1.20 on interest from the default of 02-08), bounce reported 2025-03-03: the 1.20 goes to the principal — principal 400.00, interest 1.12, total 401.12 to 2025-03-10', async () => {
    const events = await run({ '2025-02-20': pay('P-1', '100.00', '2025-02-20'), '2025-03-03': report });
    const payment = events.find((e): e is ClaimEventOf<'payment-received'> => e.type === 'payment-received');
    // As booked on 02-20: 12 days on 500.00 = 1.20 on interest.
    expect(payment?.allocation).toEqual({ costs: '0.00', interest: '1.20', principal: '98.80', unapplied: '0.00' });
    const w = withdrawalOf(events);
    expect([w.date, w.previous]).toEqual(['2025-03-03', '2025-02-08']);
    expect(w.interestReallocated).toEqual([{ paymentId: 'P-1', interest: '1.20', principal: '1.20', unapplied: '0.00' }]);
    expect(w.reason?.inputs?.['interestReallocated']).toBe('1.20');
    expect(events.filter((e) => e.type === 'default-began').map((e) => e.date)).toEqual(['2025-02-08', '2025-02-25']);

    // principal 400.00; interest 0.48 + 0.64 = 1.12; the 1.00 fee dropped; 400.00 + 1.12 = 401.12.
    expect(figures(events, '2025-03-10')).toEqual(['400.00', '1.12', '0.00', '401.12']);
    // The report day: 0.48 + 0.08 = 0.56; 400.00 + 0.56 = 400.56.
    expect(figures(events, '2025-03-03')).toEqual(['400.00', '0.56', '0.00', '400.56']);
    // Before the report the ledger showed the default of 02-08 (as it did then): untouched.
    // 02-08…02-19 on 500.00 = 1.20; 02-20…03-02 (11 days) on 401.20 = 401.20 × 0.0727 × 11 / 365 = 0.8790 → 0.88; less 1.20 paid.
    expect(figures(events, '2025-03-02')).toEqual(['401.20', '0.88', '1.00', '403.08']);

    // Before the fix: principal 401.20, interest −0.08.
    expect(figures(withoutReallocation(events), '2025-03-10')).toEqual(['401.20', '-0.08', '0.00', '401.12']);

    // The statement shows the move with its legal basis, in both languages.
    const lines = statement(project(events), '2025-03-10').lines.filter((l) => l.date === '2025-03-03');
    expect(lines.map((l) => [l.part, l.label, l.basis, toAmountString(l.amount)])).toEqual([
      ['costs', 'Entfällt: Mahnkosten (Porto und Material), vor Verzugseintritt berechnet', '§§ 280 Abs. 2, 286 Abs. 1 BGB; § 130 Abs. 1 S. 1 BGB (Mahnung nicht zugegangen: kein Verzug bei Entstehung)', '-1.00'],
      ['interest', 'Verrechnung auf nicht geschuldete Verzugszinsen gezahlter Beträge (Mahnung nicht zugegangen)', '§ 362 Abs. 1 BGB; § 367 Abs. 1 BGB; § 286 Abs. 1 BGB; § 130 Abs. 1 S. 1 BGB', '1.20'],
      ['principal', 'Verrechnung auf nicht geschuldete Verzugszinsen gezahlter Beträge (Mahnung nicht zugegangen)', '§ 362 Abs. 1 BGB; § 367 Abs. 1 BGB; § 286 Abs. 1 BGB; § 130 Abs. 1 S. 1 BGB', '-1.20'],
      // The period beginning on the day runs on the principal after the move (400.00), so it follows it.
      ['interest', 'Verzugszinsen 2025-03-03–2025-03-10', '§ 288 Abs. 1 BGB', '0.64'],
    ]);
    const moved = lines.slice(1, 3);
    expect(moved.map((l) => statementLineItem(l))).toEqual([{ kind: 'interest-credited' }, { kind: 'interest-credited' }]);
    expect(statementLineText(moved[0] as (typeof moved)[number], 'en').label).toBe('Paid towards default interest not owed (dunning notice not received), credited to the principal claim');

    agreesWithOracle(events, '2025-02-20', '2025-03-10');
    // A refund of the whole payment undoes it as it now stands: 100.00 of principal, nothing of interest.
    expect(paymentPartsLeft(project(events), 'P-1')).toEqual({ costs: '0.00', interest: '0.00', principal: '100.00', unapplied: '0.00' });
  });

  it('the invariant checker catches the negative interest line: guard.no-negative-balance on the ledger as booked before the fix (interest −0.64 on 2025-03-03), none with the re-allocation', async () => {
    const events = await run({ '2025-02-20': pay('P-1', '100.00', '2025-02-20'), '2025-03-03': report });
    const negative = (ledger: readonly ClaimEvent[]) => checkInvariants(ledger, policy as never).filter((r) => r.guard === 'guard.no-negative-balance');
    expect(negative(events)).toEqual([]);
    const before = negative(withoutReallocation(events));
    expect(before).toHaveLength(1);
    expect(before[0]?.message).toMatch(/On 2025-03-03 the claim shows interest -0\.64/);
  });

  it('a payment booked on the report day after the daily run took the default back meets the claim as the ledger now stands: 50.00 on 2025-03-03 pays 0.48 interest (02-25…03-02), not 0.88 counted from 02-08', async () => {
    // As of the end of 03-02, default counted from 02-25: 02-25…03-02 (6 days) on 401.20 = 0.48 owed, none of it
    // paid (P-1's 1.20 went to the principal, 401.20 − 1.20 = 400.00), the fee dropped: 50.00 → interest 0.48,
    // principal 49.52 → 350.48. The figures of 03-02 as booked (default from 02-08) showed 1.20 + 0.88 − 1.20 =
    // 0.88. To 03-10: 0.48 + 03-03…03-10 (8 days) on 350.48 = 350.48 × 0.0727 × 8 / 365 = 203.839168 / 365 =
    // 0.5585 → 0.56 = 1.04 accrued, less 0.48 paid: interest 0.56; total 350.48 + 0.56 = 351.04.
    const events = await run({ '2025-02-20': pay('P-1', '100.00', '2025-02-20'), '2025-03-03': report }, { '2025-03-03': pay('P-2', '50.00', '2025-03-03') });
    const p2 = events.find((e): e is ClaimEventOf<'payment-received'> => e.type === 'payment-received' && e.paymentId === 'P-2');
    expect(events.indexOf(p2 as ClaimEvent)).toBeGreaterThan(events.indexOf(withdrawalOf(events)));
    expect(p2?.allocation).toEqual({ costs: '0.00', interest: '0.48', principal: '49.52', unapplied: '0.00' });
    expect(figures(events, '2025-03-10')).toEqual(['350.48', '0.56', '0.00', '351.04']);
    agreesWithOracle(events, '2025-03-02', '2025-03-10');
    expect(checkInvariants(events, policy as never).filter((r) => r.guard === 'guard.no-negative-balance')).toEqual([]);
  });

  it('two payments — 100.00 on 2025-02-20, 50.00 on 2025-02-27 (after the new first day of default, 02-25) — each keeps the interest owed on its day as the ledger now stands: 1.20 and 0.40 go to the principal, 0.16 stays; the same figures as had the e-mail never counted (principal 350.16, interest 0.84, total 351.00)', async () => {
    // Case 2, by hand. As booked on 02-27: as of 02-26, 02-08…02-19 on 500.00 = 1.20 and 02-20…02-26
    // (7 days) on 401.20 = 204.17068 / 365 = 0.5594 → 0.56, less 1.20 paid: interest 0.56; costs 1.00
    // (the final notice's fee): 50.00 → costs 1.00, interest 0.56, principal 48.44 → 352.76.
    // Counted anew from 02-25: by 02-19 no interest was owed (P-1 keeps 0.00 of its 1.20); by 02-26 interest
    // 02-25…02-26 (2 days) on 401.20 = 58.33448 / 365 = 0.1598 → 0.16 was owed, so P-2 keeps 0.16 of its 0.56
    // and 0.40 goes on. The principal on 03-03: 352.76 − 1.20 − 0.40 = 351.16; the 1.00 fee drops and, paid
    // by P-2, is credited to the principal as well (fee.before-default): 350.16.
    // Interest to 03-10: 0.16 (02-25…02-26) + 02-27…03-02 (4 days) on 352.76 = 102.582608 / 365 = 0.2811
    // → 0.28 + 03-03…03-10 (8 days) on 350.16 = 203.653056 / 365 = 0.5580 → 0.56 = 1.00, less 0.16 paid: 0.84.
    // Had the e-mail never counted (default from 02-25 all along): 100.00 all on principal → 400.00; no fee;
    // 50.00 on 02-27: 02-25…02-26 on 400.00 = 58.16 / 365 = 0.1593 → 0.16 on interest, 49.84 on principal →
    // 350.16; 02-27…03-10 (12 days) on 350.16 = 305.479584 / 365 = 0.8369 → 0.84: the same 350.16, 0.84, 351.00.
    const events = await run({ '2025-02-20': pay('P-1', '100.00', '2025-02-20'), '2025-02-27': pay('P-2', '50.00', '2025-02-27'), '2025-03-03': report });
    const payments = events.filter((e): e is ClaimEventOf<'payment-received'> => e.type === 'payment-received').map((p) => p.allocation);
    expect(payments[1]).toEqual({ costs: '1.00', interest: '0.56', principal: '48.44', unapplied: '0.00' });
    expect(withdrawalOf(events).interestReallocated).toEqual([
      { paymentId: 'P-1', interest: '1.20', principal: '1.20', unapplied: '0.00' },
      { paymentId: 'P-2', interest: '0.40', principal: '0.40', unapplied: '0.00' },
    ]);
    const dropped = events.filter((e): e is ClaimEventOf<'fee-reduced'> => e.type === 'fee-reduced');
    expect(dropped.map((r) => [r.date, r.amount, r.creditedToPrincipal])).toEqual([['2025-03-03', '1.00', '1.00']]);
    expect(figures(events, '2025-03-10')).toEqual(['350.16', '0.84', '0.00', '351.00']);
    agreesWithOracle(events, '2025-02-26', '2025-03-10');
    // Before the fix: principal 351.76, interest 1.00 − 1.76 = −0.76.
    expect(figures(withoutReallocation(events), '2025-03-10')).toEqual(['351.76', '-0.76', '0.00', '351.00']);
    expect(checkInvariants(events, policy as never).filter((r) => r.guard === 'guard.no-negative-balance')).toEqual([]);
  });

  it('no principal left to take it (the payment paid the principal in full, a fee stays open): the interest part is held for the debtor — unapplied 0.24, interest 0.00, never below zero', () => {
    // By hand: 100.00 EUR, consumer, default booked from 2025-02-08; 100.24 paid 2025-02-20: interest
    // 02-08…02-19 = 12 days on 100.00 = 100.00 × 0.0727 × 12 / 365 = 87.24 / 365 = 0.2390 → 0.24, principal
    // 100.00; a 1.00 fee charged 02-21 keeps the claim open. The notice is reported not received on 03-03 and
    // no default is found anew: no interest was owed, no principal is open to take the 0.24 — held for the
    // debtor (§ 812 Abs. 1 S. 1 Alt. 1 BGB): unapplied 0.24, interest 0.00, costs 1.00, total 1.00.
    const id = 'INV-H';
    const base: ClaimEvent[] = [
      { type: 'claim-created', claimId: id, date: '2025-01-02', claim: { ...claim, id, principal: '100.00' } },
      { type: 'default-began', claimId: id, date: '2025-02-08', basis: '§ 286 Abs. 1 BGB', route: 'reminder' },
      { type: 'payment-received', claimId: id, date: '2025-02-20', paymentId: 'P-H', amount: '100.24', allocation: { costs: '0.00', interest: '0.24', principal: '100.00', unapplied: '0.00' } },
      { type: 'fee-charged', claimId: id, date: '2025-02-21', feeId: 'F-1', kind: 'creditor-dunning-fee', code: 'Mahnkosten', amount: '1.00', basis: '§§ 280 Abs. 2, 286 BGB' },
    ];
    const withdrawal: ClaimEventOf<'default-withdrawn'> = { type: 'default-withdrawn', claimId: id, date: '2025-03-03', previous: '2025-02-08', messageId: 'M-1', basis: '§ 286 Abs. 1 BGB; § 130 Abs. 1 S. 1 BGB' };
    const moves = interestReallocation(project([...base, withdrawal]), null, '2025-03-03');
    expect(moves).toEqual([{ paymentId: 'P-H', interest: '0.24', principal: '0.00', unapplied: '0.24' }]);
    const events = [...base, { ...withdrawal, interestReallocated: moves }];
    const s = statement(project(events), '2025-03-10');
    expect([s.principal, s.interest, s.costs, s.total, s.unapplied].map(toAmountString)).toEqual(['0.00', '0.00', '1.00', '1.00', '0.24']);
    const held = s.lines.filter((l) => l.date === '2025-03-03');
    expect(held.map((l) => [l.part, l.label, l.basis, toAmountString(l.amount)])).toEqual([
      ['interest', 'Auf nicht geschuldete Verzugszinsen gezahlt (Mahnung nicht zugegangen), als Überzahlung gehalten', '§ 812 Abs. 1 S. 1 Alt. 1 BGB', '0.24'],
    ]);
    expect(held.map((l) => statementLineItem(l))).toEqual([{ kind: 'interest-unapplied' }]);
    // A refund returns the held 0.24 first (the payment's unapplied part).
    expect(paymentPartsLeft(project(events), 'P-H')).toEqual({ costs: '0.00', interest: '0.00', principal: '100.00', unapplied: '0.24' });
    agreesWithOracle(events, '2025-03-03', '2025-03-10');
  });
});
