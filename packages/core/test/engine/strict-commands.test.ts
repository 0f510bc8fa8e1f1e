import { describe, expect, it } from 'vitest';
import {
  checkInvariants,
  createMahnwerk,
  MahnwerkError,
  simulate,
  type Channel,
  type ClaimEvent,
  type ClaimFacts,
  type IsoDate,
  type SimulationInput,
} from '../../src/index.js';
import { memoryStore } from './memory-store.js';

// Issue 7, "Strict commands": every probe of the issue, through the host API and simulate. Each of
// these failed on d3c49c4 (replayed instead of refused, accepted a date or an amount that does not
// fit, negative interest, raw TypeErrors or the wrong field).

const letter: Channel = { specificationVersion: 'v1', name: 'letter', canReach: () => true, send: (m) => Promise.resolve({ providerMessageId: m.id }) };
const email: Channel = { specificationVersion: 'v1', name: 'email', canReach: () => true, send: (m) => Promise.resolve({ providerMessageId: m.id }) };

function facts(extra: Partial<ClaimFacts> = {}): ClaimFacts {
  return {
    id: 'S-1',
    debtor: { id: 'D-1', kind: 'consumer', name: 'Erika Muster', email: 'erika@example.org', address: ['Hauptstr. 1', '10115 Berlin'] },
    principal: '1000.00',
    currency: 'EUR',
    invoiceDate: '2025-01-02',
    dueDate: '2025-01-16',
    // Agreed due date (§ 286 Abs. 2 Nr. 1 BGB): default from 2025-01-17, which the hand-computed interest below assumes.
    dueDateAgreed: true,
    ...extra,
  };
}

async function host(today: IsoDate = '2025-01-02') {
  const clock = { date: today, today: () => clock.date, now: () => `${clock.date}T12:00:00+01:00` };
  const store = memoryStore();
  const mw = createMahnwerk({ store, clock, channels: [letter, email], policy: 'auto' });
  await mw.createClaim(facts());
  return { mw, clock, store };
}

async function refusal(p: Promise<unknown>): Promise<MahnwerkError> {
  const outcome = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (outcome === null) throw new Error('expected the command to be refused, but it was recorded');
  if (!MahnwerkError.isInstance(outcome)) throw outcome;
  return outcome;
}

describe('idempotency keys: a key reused for anything else is idempotency_mismatch, never a replay', () => {
  it("a dispute sent with a payment's key is refused naming the key and the first command, and nothing is recorded", async () => {
    const { mw } = await host('2025-02-01');
    await mw.recordPayment({ claimId: 'S-1', amount: '10.00' }, { idempotencyKey: 'k-1' });
    const error = await refusal(mw.openDispute({ claimId: 'S-1', note: 'wrong invoice' }, { idempotencyKey: 'k-1' }));
    expect(error.code).toBe('idempotency_mismatch');
    expect(error.field).toBe('idempotencyKey');
    expect(error.message).toContain('"k-1"');
    expect(error.message).toContain('record-payment');
    expect((await mw.claim('S-1')).disputes).toEqual([]);
  });

  it('a second payment of 999.00 under the key of one of 10.00 is refused; the same payment again is a replay', async () => {
    const { mw } = await host('2025-02-01');
    const first = await mw.recordPayment({ claimId: 'S-1', amount: '10.00' }, { idempotencyKey: 'k-2' });
    const error = await refusal(mw.recordPayment({ claimId: 'S-1', amount: '999.00' }, { idempotencyKey: 'k-2' }));
    expect(error.code).toBe('idempotency_mismatch');
    expect(error.message).toContain('record-payment with different content');
    const again = await mw.recordPayment({ claimId: 'S-1', amount: '10.00' }, { idempotencyKey: 'k-2' });
    expect(again.replayed).toBe(true);
    expect(again.events).toEqual(first.events);
    expect((await mw.claim('S-1')).payments).toHaveLength(1);
  });

  it('a key used on another claim is refused the same way', async () => {
    const { mw } = await host('2025-02-01');
    await mw.createClaim(facts({ id: 'S-2' }));
    await mw.recordPayment({ claimId: 'S-1', amount: '10.00' }, { idempotencyKey: 'k-3' });
    const error = await refusal(mw.recordPayment({ claimId: 'S-2', amount: '10.00' }, { idempotencyKey: 'k-3' }));
    expect(error.code).toBe('idempotency_mismatch');
    expect((await mw.claim('S-2')).payments).toEqual([]);
  });
});

describe('command dates fit the ledger', () => {
  it('a dispute or a hold dated before the invoice is refused naming date', async () => {
    const { mw } = await host('2025-03-01');
    expect((await refusal(mw.openDispute({ claimId: 'S-1', date: '2022-01-01' }))).field).toBe('date');
    expect((await refusal(mw.placeHold({ claimId: 'S-1', note: 'call', interestRuns: true, date: '2021-06-30' }))).field).toBe('date');
  });

  it('a dispute is not resolved before it was opened, a hold not lifted before it was placed', async () => {
    const { mw } = await host('2025-03-01');
    await mw.openDispute({ claimId: 'S-1', disputeId: 'DS-1', date: '2025-02-20' });
    expect((await refusal(mw.resolveDispute({ claimId: 'S-1', disputeId: 'DS-1', outcome: 'creditor-right', date: '2025-02-10' }))).field).toBe('date');
    await mw.placeHold({ claimId: 'S-1', holdId: 'H-1', note: 'call', interestRuns: true, date: '2025-02-20' });
    expect((await refusal(mw.liftHold({ claimId: 'S-1', holdId: 'H-1', date: '2025-02-19' }))).field).toBe('date');
  });

  it('a hold without interest dated before an earlier payment is refused (it gave interest −5.18: the payment had paid 5.78 of interest)', async () => {
    const { mw, clock } = await host('2025-02-14');
    await mw.runDue(); // default began 2025-01-17 (calendar due date 2025-01-16)
    clock.date = '2025-03-01';
    const paid = await mw.recordPayment({ claimId: 'S-1', amount: '100.00', date: '2025-02-15' });
    // § 367 BGB: 1000.00 × 7.27 % × 29/365 (2025-01-17 … 2025-02-14) = 5.78 interest first.
    const payment = paid.events.find((e) => e.type === 'payment-received');
    expect(payment?.type === 'payment-received' ? payment.allocation.interest : null).toBe('5.78');
    const error = await refusal(mw.placeHold({ claimId: 'S-1', note: 'check', interestRuns: false, date: '2025-01-20' }));
    expect(error.field).toBe('date');
    expect(error.message).toContain('2025-02-15');
    const s = await mw.statement('S-1', '2025-03-01');
    expect(s.interest.amount.isNegative()).toBe(false);
  });

  it('a duplicate plan id is refused naming planId', async () => {
    const { mw } = await host('2025-02-01');
    await mw.agreeInstallmentPlan({ claimId: 'S-1', planId: 'P-1', installments: [{ dueDate: '2025-03-01', amount: '1000.00' }] });
    expect((await refusal(mw.agreeInstallmentPlan({ claimId: 'S-1', planId: 'P-1', installments: [{ dueDate: '2025-04-01', amount: '1000.00' }] }))).field).toBe('planId');
  });
});

describe('amounts are bounded: at most 15 digits before the decimal point', () => {
  it('a payment of a thousand 1s, or of 16 digits, is refused naming amount; 15 digits are accepted', async () => {
    const { mw } = await host('2025-02-01');
    expect((await refusal(mw.recordPayment({ claimId: 'S-1', amount: '1'.repeat(1000) }))).field).toBe('amount');
    expect((await refusal(mw.recordPayment({ claimId: 'S-1', amount: '1000000000000000.00' }))).field).toBe('amount');
    const ok = await mw.recordPayment({ claimId: 'S-1', amount: '999999999999999.99' });
    const payment = ok.events.find((e) => e.type === 'payment-received');
    // Exact to the cent: interest 1000.00 × 7.27 % × 15/365 (2025-01-17 … 01-31) = 2.99, principal 1000.00, the rest unapplied.
    expect(payment?.type === 'payment-received' ? payment.allocation : null).toEqual({ costs: '0.00', interest: '2.99', principal: '1000.00', unapplied: '999999999998997.00' });
  });
});

describe('never negative: checkInvariants reports a ledger whose interest, costs or principal go below zero', () => {
  it('the hold-before-payment ledger of the issue is reported as guard.no-negative-balance (interest 0.60 accrued − 5.78 paid)', () => {
    const events: ClaimEvent[] = [
      { type: 'claim-created', claimId: 'S-1', date: '2025-01-02', claim: facts() },
      { type: 'default-began', claimId: 'S-1', date: '2025-01-17', basis: '§ 286 Abs. 2 Nr. 1 BGB', route: 'calendar-date' },
      { type: 'payment-received', claimId: 'S-1', date: '2025-02-15', paymentId: 'p1', amount: '100.00', allocation: { costs: '0.00', interest: '5.78', principal: '94.22', unapplied: '0.00' } },
      { type: 'hold-placed', claimId: 'S-1', date: '2025-01-20', holdId: 'h1', note: 'backdated', interestRuns: false },
    ];
    const reports = checkInvariants(events).filter((r) => r.guard === 'guard.no-negative-balance');
    expect(reports).toHaveLength(1);
    expect(reports[0]?.message).toContain('interest -5.18');
    expect(checkInvariants(events.slice(0, 3)).filter((r) => r.guard === 'guard.no-negative-balance')).toEqual([]);
  });
});

describe('simulate: every input error is a ValidationError naming the record and the field', () => {
  const base = (claims: unknown, extra: Partial<SimulationInput> = {}): SimulationInput =>
    ({ claims, policy: 'auto', from: '2025-01-01', to: '2025-06-30', ...extra }) as SimulationInput;
  const fieldOf = (input: SimulationInput): string | undefined => {
    try {
      simulate(input);
    } catch (error) {
      if (MahnwerkError.isInstance(error) && error.code === 'invalid_input') return error.field;
      throw error;
    }
    throw new Error('expected a ValidationError');
  };

  it('claims: [null] names claims[0]; claims: "x" names claims; a claim without debtor names claims[0].debtor', () => {
    expect(fieldOf(base([null]))).toBe('claims[0]');
    expect(fieldOf(base('x'))).toBe('claims');
    const { debtor: _debtor, ...withoutDebtor } = facts();
    expect(fieldOf(base([withoutDebtor]))).toBe('claims[0].debtor');
  });

  it("dueDate '2999-12-31' names claims[0].dueDate; an invoice date in 1999 names claims[0].invoiceDate, not from", () => {
    expect(fieldOf(base([facts({ dueDate: '2999-12-31' })]))).toBe('claims[0].dueDate');
    expect(fieldOf(base([facts({ invoiceDate: '1999-06-01', dueDate: '1999-06-15' })]))).toBe('claims[0].invoiceDate');
  });

  it('a scripted installment plan has at most 120 installments (121 names behaviour.script[0].installments)', () => {
    const installments = Array.from({ length: 121 }, (_, i) => ({ dueDate: `2025-${String(2 + Math.floor(i / 28)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`, amount: '1.00' }));
    const input = base([facts()], { behaviour: { script: [{ type: 'installment-plan', claimId: 'S-1', date: '2025-01-20', installments }] } });
    expect(fieldOf(input)).toBe('behaviour.script[0].installments');
  });
});

describe('a value of the wrong type is named as given, not as missing (zodIssueText)', () => {
  // A JS caller passing the principal as a number read "facts.principal: is required (string)" —
  // wrong (it was given) and without the fix (stranger pass 2026-12-03, F8).
  it('createClaim with principal 249.9: expected a string, got the number, with the hint', async () => {
    const mw = createMahnwerk({ store: memoryStore(), clock: { today: () => '2025-01-02', now: () => '2025-01-02T12:00:00Z' }, channels: [letter], policy: 'auto' });
    const error = await mw.createClaim({ ...facts(), principal: 249.9 } as unknown as ClaimFacts).catch((e: unknown) => e);
    expect(MahnwerkError.isInstance(error) && error.code).toBe('invalid_input');
    expect((error as Error).message).toBe('facts.principal: expected a string, got the number 249.9 (amounts are decimal strings such as "249.90", dates strings such as "2025-03-17").');
  });

  it('a missing field still reads "is required"', async () => {
    const mw = createMahnwerk({ store: memoryStore(), clock: { today: () => '2025-01-02', now: () => '2025-01-02T12:00:00Z' }, channels: [letter], policy: 'auto' });
    const { principal: _omitted, ...rest } = facts();
    const error = await mw.createClaim(rest as unknown as ClaimFacts).catch((e: unknown) => e);
    expect((error as Error).message).toBe('facts.principal: is required (string).');
  });

  it('simulate names the claim and what it got', () => {
    const input = { claims: [{ ...facts(), dueDateAgreed: 'yes' }], from: '2025-01-02', to: '2025-01-31' } as unknown as SimulationInput;
    expect(() => simulate(input)).toThrow('claims[0].dueDateAgreed: expected a boolean, got the string "yes" (claim "S-1").');
  });
});
