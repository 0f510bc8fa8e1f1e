import { describe, expect, it } from 'vitest';
import { json, runWith } from './run.js';

// `mahnwerk simulate --json` prints
//   {"events":[{"claimId","date","type",…}],"blocked":[{"date","claimId","rule","basis","text",…}],
//    "claims":[{"id","status","stage","balance":{"principal","interest","costs","total"}}]}
// default-began carries "basis" (its date is the first day of default); fee-charged carries "code" and
// "amount"; payment-received carries "amount" and "allocation" {"costs","interest","principal","unapplied"};
// money is a string with 2 decimals.

const consumer = {
  id: 'K1',
  debtor: { kind: 'consumer', name: 'Erika Muster', email: 'erika@example.org' },
  principal: '1000.00',
  currency: 'EUR',
  invoiceDate: '2025-01-02',
  dueDate: '2025-01-16',
  // agreed calendar due date (§ 286 Abs. 2 Nr. 1 BGB); the default is false since issue 8
  dueDateIsCalendarDate: true,
};
const business = {
  id: 'B1',
  debtor: { kind: 'business', name: 'Muster GmbH', email: 'buchhaltung@muster.example' },
  principal: '2000.00',
  currency: 'EUR',
  invoiceDate: '2025-01-02',
  dueDate: '2025-01-31',
  dueDateIsCalendarDate: true,
};
const book = { 'c.json': JSON.stringify([consumer, business]), 'p.json': JSON.stringify([{ claimId: 'K1', date: '2025-03-01', amount: '500.00' }]) };
const args = ['simulate', '--claims', 'c.json', '--payments', 'p.json', '--from', '2025-01-02', '--to', '2025-03-14', '--json'];

const money2 = /^-?\d+\.\d{2}$/;

describe('mahnwerk simulate --json: output shape', () => {
  it('prints {events, claims} with exactly the documented keys', async () => {
    const out = await runWith(args, { files: book });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const body = json(out);
    expect(Object.keys(body).sort()).toEqual(['blocked', 'claims', 'events', 'refused']);
    expect(body.events.length).toBeGreaterThan(0);
    for (const e of body.events) {
      expect(Object.keys(e).slice(0, 3)).toEqual(['claimId', 'date', 'type']);
      expect(e.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(['K1', 'B1']).toContain(e.claimId);
      if (e.type === 'default-began') expect(typeof e.basis).toBe('string');
      if (e.type === 'fee-charged') {
        expect(typeof e.code).toBe('string');
        expect(e.amount).toMatch(money2);
      }
      if (e.type === 'payment-received') {
        expect(e.amount).toMatch(money2);
        expect(Object.keys(e.allocation).sort()).toEqual(['costs', 'interest', 'principal', 'unapplied']);
        for (const v of Object.values(e.allocation)) expect(v).toMatch(money2);
      }
    }
    // Events come in date order.
    const dates = body.events.map((e: { date: string }) => e.date);
    expect(dates).toEqual([...dates].sort());
    expect(body.claims).toHaveLength(2);
    for (const c of body.claims) {
      expect(Object.keys(c).sort()).toEqual(['balance', 'id', 'stage', 'status']);
      expect(Object.keys(c.balance).sort()).toEqual(['costs', 'interest', 'principal', 'total']);
      for (const v of Object.values(c.balance)) expect(v).toMatch(money2);
    }
  });

  it('a small book, checked by hand: default, stages, § 367 allocation, fees and balances (§§ 286, 288, 367 BGB)', async () => {
    const body = json(await runWith(args, { files: book }));
    const of = (id: string) => body.events.filter((e: { claimId: string }) => e.claimId === id);
    const brief = (e: Record<string, unknown>) => `${e['date']} ${e['type']}${e['stage'] ? ` ${e['stage']}` : ''}`;

    // K1, consumer, 1000.00 EUR, due 2025-01-16 (a calendar date, § 286 Abs. 2 Nr. 1 BGB): default from
    // 2025-01-17. Built-in de-b2c-default: reminder due + 7 = 2025-01-23; Mahnung reminder + 14 =
    // 2025-02-06 (deadline + 14 = 2025-02-20); letzte Mahnung + 21 = 2025-02-27 with 1.00 EUR creditor fee,
    // deadline + 10 = 2025-03-09, a Sunday, moved to Monday 2025-03-10 (§ 193 BGB); hand-over would be
    // 2025-03-16, after --to.
    const k1 = of('K1');
    expect(k1.filter((e: { type: string }) => !e.type.startsWith('message-')).map(brief)).toEqual([
      '2025-01-02 claim-created',
      '2025-01-17 default-began',
      '2025-01-23 stage-entered reminder',
      '2025-02-06 stage-entered dunning-notice',
      '2025-02-27 stage-entered final-notice',
      '2025-02-27 fee-charged',
      '2025-03-01 payment-received',
    ]);
    expect(k1[0]).toMatchObject({ type: 'claim-created', date: '2025-01-02' });
    expect(k1[1]).toMatchObject({ type: 'default-began', date: '2025-01-17', basis: '§ 286 Abs. 2 Nr. 1 BGB' });
    expect(k1.find((e: { stage?: string }) => e.stage === 'final-notice')).toMatchObject({ deadline: '2025-03-10' });
    expect(k1.find((e: { type: string }) => e.type === 'fee-charged')).toMatchObject({ kind: 'creditor-dunning-fee', code: 'Mahnkosten', amount: '1.00' });
    // Payment 500.00 on 2025-03-01 meets the claim as of the end of 2025-02-28 (§ 367 Abs. 1 BGB:
    // costs, then interest, then principal): costs 1.00; interest 2025-01-17..2025-02-28 = 43 days at
    // 7.27 % (base rate 2.27 % from 2025-01-01 + 5 pp, § 288 Abs. 1 BGB):
    // 1000.00 × 7.27 × 43 / 36500 = 8.5647… → 8.56; principal 500.00 − 1.00 − 8.56 = 490.44.
    expect(k1.find((e: { type: string }) => e.type === 'payment-received')).toMatchObject({
      amount: '500.00',
      allocation: { costs: '1.00', interest: '8.56', principal: '490.44', unapplied: '0.00' },
    });
    // Balance at the end of 2025-03-14: principal 1000.00 − 490.44 = 509.56; interest 2025-03-01..03-14
    // = 14 days on 509.56: 509.56 × 7.27 × 14 / 36500 = 1.4209… → 1.42; costs 1.00 − 1.00 = 0.00;
    // total 509.56 + 1.42 = 510.98.
    expect(body.claims[0]).toEqual({
      id: 'K1',
      status: 'in-default',
      stage: 'final-notice',
      balance: { principal: '509.56', interest: '1.42', costs: '0.00', total: '510.98' },
    });

    // B1, business, 2000.00 EUR, due Friday 2025-01-31: default from 2025-02-01. Reminder 2025-02-07,
    // Mahnung 2025-02-21 (deadline 2025-03-07), letzte Mahnung 2025-03-14 with the 40 EUR flat fee
    // (§ 288 Abs. 5 BGB: business debtor, Entgeltforderung, in default).
    const b1 = of('B1');
    expect(b1.filter((e: { type: string }) => !e.type.startsWith('message-')).map(brief)).toEqual([
      '2025-01-02 claim-created',
      '2025-02-01 default-began',
      '2025-02-07 stage-entered reminder',
      '2025-02-21 stage-entered dunning-notice',
      '2025-03-14 stage-entered final-notice',
      '2025-03-14 fee-charged',
    ]);
    expect(b1.find((e: { type: string }) => e.type === 'fee-charged')).toMatchObject({ kind: 'flat-fee', code: '§ 288 Abs. 5 BGB', amount: '40.00' });
    // Interest 2025-02-01..2025-03-14 = 28 + 14 = 42 days at 11.27 % (2.27 + 9 pp, § 288 Abs. 2 BGB):
    // 2000.00 × 11.27 × 42 / 36500 = 25.9364… → 25.94; total 2000.00 + 25.94 + 40.00 = 2065.94.
    expect(body.claims[1]).toEqual({
      id: 'B1',
      status: 'in-default',
      stage: 'final-notice',
      balance: { principal: '2000.00', interest: '25.94', costs: '40.00', total: '2065.94' },
    });
  });

  it('every message is queued and sent on the stage day, by the stage channel', async () => {
    const body = json(await runWith(args, { files: book }));
    const queued = body.events.filter((e: { type: string }) => e.type === 'message-queued');
    const sent = body.events.filter((e: { type: string }) => e.type === 'message-sent');
    expect(queued.map((e: { messageId: string }) => e.messageId)).toEqual(sent.map((e: { messageId: string }) => e.messageId));
    expect(queued.map((e: { channel: string; template: string }) => `${e.template}/${e.channel}`)).toEqual([
      'reminder/email',
      'dunning-notice/letter',
      'reminder/email',
      'dunning-notice/letter',
      'final-notice/letter',
      'final-notice/letter',
    ]);
  });

  it('without --json prints the timeline and the balances as tables', async () => {
    const out = await runWith(args.filter((a) => a !== '--json'), { files: book });
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('500.00: costs 1.00, interest 8.56, principal 490.44');
    expect(out.stdout).toContain('Balances as of 2025-03-14:');
    expect(out.stdout).toMatch(/K1\s+in-default\s+final-notice\s+509\.56\s+1\.42\s+0\.00\s+510\.98/);
  });

  it('without --payments the same book runs, and --policy de-b2c-default is accepted', async () => {
    const out = await runWith(['simulate', '--claims', 'c.json', '--from', '2025-01-02', '--to', '2025-03-14', '--policy', 'de-b2c-default', '--json'], {
      files: { 'c.json': JSON.stringify([consumer]) },
    });
    expect(out.code).toBe(0);
    // No payment: interest 2025-01-17..2025-03-14 = 57 days on 1000.00: 1000 × 7.27 × 57 / 36500 = 11.3531… → 11.35;
    // total 1000.00 + 11.35 + 1.00 = 1012.35.
    expect(json(out).claims[0].balance).toEqual({ principal: '1000.00', interest: '11.35', costs: '1.00', total: '1012.35' });
  });
});

describe('mahnwerk simulate: bad input files exit 2 with one stderr line naming the file, the record and the field', () => {
  const bad = async (files: Record<string, string>, extra: string[] = []) => {
    const out = await runWith(['simulate', '--claims', 'c.json', '--from', '2025-01-02', '--to', '2025-03-14', '--json', ...extra], { files });
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr.endsWith('\n')).toBe(true);
    expect(out.stderr.trimEnd().split('\n')).toHaveLength(1);
    return out.stderr;
  };
  const withPayments = ['--payments', 'p.json'];

  it('invalid JSON in the claims file names the file', async () => {
    const line = await bad({ 'c.json': '[{"id": "K1",' });
    expect(line).toMatch(/^mahnwerk simulate: c\.json: not valid JSON/);
  });

  it('invalid JSON in the payments file names the file', async () => {
    const line = await bad({ 'c.json': JSON.stringify([consumer]), 'p.json': '{oops' }, withPayments);
    expect(line).toMatch(/^mahnwerk simulate: p\.json: not valid JSON/);
  });

  it('a field of the wrong type (principal as a number) names file, record and field', async () => {
    const line = await bad({ 'c.json': JSON.stringify([consumer, { ...business, principal: 2000 }]) });
    expect(line).toContain('c.json');
    expect(line).toContain('record 2 (id "B1")');
    expect(line).toContain('principal');
  });

  it('a debtor kind outside consumer/business names the nested field', async () => {
    const line = await bad({ 'c.json': JSON.stringify([{ ...consumer, debtor: { ...consumer.debtor, kind: 'person' } }]) });
    expect(line).toContain('c.json: record 1 (id "K1")');
    expect(line).toContain('debtor.kind');
  });

  it('an invoice date in 1999 names the claims file, record and invoiceDate — not --from (issue 7)', async () => {
    const line = await bad({ 'c.json': JSON.stringify([consumer, { ...business, invoiceDate: '1999-06-01', dueDate: '1999-06-15' }]) });
    expect(line).toContain('c.json: record 2 (id "B1")');
    expect(line).toContain('invoiceDate');
    expect(line).not.toContain('--from');
  });

  it("dueDate '2999-12-31' names the claims file, record and dueDate (issue 7)", async () => {
    const line = await bad({ 'c.json': JSON.stringify([{ ...consumer, dueDate: '2999-12-31' }]) });
    expect(line).toContain('c.json: record 1 (id "K1")');
    expect(line).toContain('dueDate');
  });

  it('a payment amount of the wrong type names the payments file, record and field', async () => {
    const line = await bad({ 'c.json': JSON.stringify([consumer]), 'p.json': JSON.stringify([{ claimId: 'K1', date: '2025-03-01', amount: 500 }]) }, withPayments);
    expect(line).toContain('p.json: record 1');
    expect(line).toContain('amount');
  });

  it('a payment for an unknown claim names the payments file, record and claimId', async () => {
    const line = await bad(
      {
        'c.json': JSON.stringify([consumer]),
        'p.json': JSON.stringify([
          { claimId: 'K1', date: '2025-03-01', amount: '10.00' },
          { claimId: 'K9', date: '2025-03-01', amount: '10.00' },
        ]),
      },
      withPayments,
    );
    expect(line).toContain('p.json: record 2');
    expect(line).toContain('claimId');
    expect(line).toContain('K9');
  });

  it('a due date before the invoice date names the claims file, record and dueDate', async () => {
    const line = await bad({ 'c.json': JSON.stringify([{ ...consumer, dueDate: '2024-12-20' }]) });
    expect(line).toContain('c.json: record 1 (id "K1")');
    expect(line).toContain('dueDate');
    expect(line).toContain('2024-12-20');
  });

  it('a payment in another currency than its claim names the payments file, record and currency', async () => {
    const line = await bad(
      { 'c.json': JSON.stringify([consumer]), 'p.json': JSON.stringify([{ claimId: 'K1', date: '2025-03-01', amount: '10.00', currency: 'CHF' }]) },
      withPayments,
    );
    expect(line).toContain('p.json: record 1');
    expect(line).toContain('currency');
    expect(line).toContain('CHF');
  });

  it('a payment with more decimals than its currency names the payments file, record and amount', async () => {
    const line = await bad({ 'c.json': JSON.stringify([consumer]), 'p.json': JSON.stringify([{ claimId: 'K1', date: '2025-03-01', amount: '10.001' }]) }, withPayments);
    expect(line).toContain('p.json: record 1');
    expect(line).toContain('amount');
  });

  it('an unknown currency of a claim names the claims file, record and currency', async () => {
    const line = await bad({ 'c.json': JSON.stringify([{ ...consumer, currency: 'XYZ' }]) });
    expect(line).toContain('c.json: record 1 (id "K1")');
    expect(line).toContain('currency');
  });

  it('a claims file that cannot be read names the flag and the path', async () => {
    const line = await bad({});
    expect(line).toContain('--claims');
    expect(line).toContain('c.json');
  });

  it('--policy FILE with an unlawful policy (a flat fee for consumers) names the rule', async () => {
    const policy = {
      id: 'unlawful',
      version: 1,
      name: 'unlawful',
      debtorKind: 'consumer',
      stages: [
        { id: 'reminder', name: 'Erinnerung', kind: 'reminder', trigger: { after: 'due-date', days: 7 }, actions: [{ type: 'send', channel: 'email', template: 'reminder' }] },
        {
          id: 'dunning-notice',
          name: 'Mahnung',
          kind: 'dunning-notice',
          trigger: { after: 'previous-stage', days: 14 },
          actions: [{ type: 'send', channel: 'letter', template: 'dunning-notice' }],
        },
        {
          id: 'final-notice',
          name: 'Letzte Mahnung',
          kind: 'final-notice',
          trigger: { after: 'previous-stage', days: 14 },
          actions: [{ type: 'send', channel: 'letter', template: 'final-notice' }, { type: 'charge-flat-fee' }],
        },
      ],
    };
    const line = await bad({ 'c.json': JSON.stringify([consumer]), 'policy.json': JSON.stringify(policy) }, ['--policy', 'policy.json']);
    expect(line).toContain('policy.json');
    expect(line).toContain('guard.no-flat-fee-for-consumers');
  });

  it('--policy FILE with a fee on the reminder (before default) names the rule', async () => {
    const policy = {
      id: 'early-fee',
      version: 1,
      name: 'early fee',
      stages: [
        {
          id: 'reminder',
          name: 'Erinnerung',
          kind: 'reminder',
          trigger: { after: 'due-date', days: 7 },
          actions: [{ type: 'send', channel: 'email', template: 'reminder' }, { type: 'charge-creditor-fee', amount: '1.00' }],
        },
      ],
    };
    const line = await bad({ 'c.json': JSON.stringify([consumer]), 'policy.json': JSON.stringify(policy) }, ['--policy', 'policy.json']);
    expect(line).toContain('policy.json');
    expect(line).toContain('guard.no-fee-before-default');
  });
});

// Defects found while writing these tests, kept as regression tests.
describe('defects found while writing these tests (regressions)', () => {
  it('"dueDateIsCalendarDate": false in a claims file is honoured: a consumer not warned by the invoice is in default only after a Mahnung (§ 286 Abs. 1, 3 BGB)', async () => {
    // REGRESSION (fixed in src/book.ts): dueDateIsCalendarDate, debtor.state and score were dropped silently.
    // Expected: reminder 2025-01-23, Mahnung by letter 2025-02-06, received 2025-02-09 (3 days), default from 2025-02-10.
    const claim = { ...consumer, dueDateIsCalendarDate: false, invoicePointedOut30DayRule: false };
    const out = await runWith(['simulate', '--claims', 'c.json', '--from', '2025-01-02', '--to', '2025-03-14', '--json'], { files: { 'c.json': JSON.stringify([claim]) } });
    const began = json(out).events.find((e: { type: string }) => e.type === 'default-began');
    expect(began.date).toBe('2025-02-10');
  });

  it('a claim invoiced after --to is refused before anything runs, naming the file, the record and the field', async () => {
    // REGRESSION: simulate threw a DateError about a field "date" from the final statement.
    const out = await runWith(['simulate', '--claims', 'c.json', '--from', '2025-01-02', '--to', '2025-01-10', '--json'], {
      files: { 'c.json': JSON.stringify([consumer, { ...business, invoiceDate: '2025-02-01', dueDate: '2025-02-28' }]) },
    });
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(/c\.json: record 2 \(id "[^"]+"\): invoiceDate: 2025-02-01 is after the last simulated day 2025-01-10/);
  });
});
