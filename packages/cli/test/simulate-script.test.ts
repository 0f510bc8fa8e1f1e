import { describe, expect, it } from 'vitest';
import { json, runWith } from './run.js';

// `mahnwerk simulate --script FILE.json`: the scripted actions core's simulate takes
// (`behaviour.script`: pay … correct-facts), checked by core's validateSimulationInput before
// anything runs — a bad entry exits 2 naming the file, the line the entry starts on, the record and
// the field — booked on their days; a correction the decider refuses is listed (`refused`), not booked.

const k1 = {
  id: 'K1',
  debtor: { kind: 'consumer', name: 'Erika Muster', email: 'erika@example.org', address: ['Musterstr. 1', '10115 Berlin'] },
  principal: '1000.00',
  currency: 'EUR',
  invoiceDate: '2025-01-02',
  dueDate: '2025-01-16',
  dueDateIsCalendarDate: true,
  // The reason of the claim (§ 13a Abs. 1 Nr. 2 RDG): a consumer's claim is handed over only with it, and a correction replaces it.
  description: 'Bestellung 4711: Gartenstul',
  contractDate: '2025-01-02',
};
const b1 = {
  id: 'B1',
  debtor: { kind: 'business', name: 'Muster GmbH', email: 'buchhaltung@muster.example' },
  principal: '2000.00',
  currency: 'EUR',
  invoiceDate: '2025-01-02',
  dueDate: '2025-01-31',
  dueDateIsCalendarDate: true,
};
// One entry per line (the file's lines are named in errors).
const script = [
  { type: 'dispute', claimId: 'K1', date: '2025-01-20', note: 'Ware nie erhalten' },
  { type: 'resolve-dispute', claimId: 'K1', date: '2025-02-03', outcome: 'creditor-right' },
  { type: 'correct-facts', claimId: 'K1', date: '2025-02-05', description: 'Bestellung 4711: Gartenstuhl', reason: 'Tippfehler beim Import' },
  { type: 'correct-facts', claimId: 'K1', date: '2025-04-01', description: 'Bestellung 4711: Gartenstuhl (blau)', reason: 'Farbe ergänzt' },
];
const lines = (entries: readonly unknown[]): string => `[\n${entries.map((e) => `  ${JSON.stringify(e)}`).join(',\n')}\n]\n`;
const files = {
  'c.json': JSON.stringify([k1]),
  's.json': lines(script),
  'p.json': JSON.stringify([{ claimId: 'K1', date: '2025-04-10', amount: '100.00' }]),
};
const args = ['simulate', '--claims', 'c.json', '--script', 's.json', '--payments', 'p.json', '--from', '2025-01-02', '--to', '2025-04-30'];

type Event = { date: string; type: string; stage?: string; amount?: string; allocation?: Record<string, string>; facts?: Record<string, string> };

describe('mahnwerk simulate --script: a dispute and fact corrections, with --payments', () => {
  // Checked by hand (de-b2c-default: reminder due + 7, Mahnung + 14 with deadline 14, letzte Mahnung
  // + 21 with deadline 10 and 1.00 EUR, hand-over + 17 with collection costs and deadline 14):
  // - due 2025-01-16, a calendar date: default from 2025-01-17 (§ 286 Abs. 2 Nr. 1 BGB).
  // - disputed 2025-01-20, before the reminder's day 2025-01-23: no escalation until the dispute is
  //   resolved on 2025-02-03 (for the creditor), when the reminder is overdue and entered that day.
  // - the description corrected on 2025-02-05 (before any hand-over: booked).
  // - Mahnung 2025-02-17 (deadline Monday 2025-03-03), letzte Mahnung 2025-03-10 (deadline Thursday
  //   2025-03-20, 1.00 EUR), hand-over 2025-03-27: collection costs 0.9 × 88.00 (RVG table 2021,
  //   value to 1,000 EUR, mandate before 2025-06-01) = 79.20 + 20 % Nr. 7002 VV RVG = 95.04.
  // - the second correction, 2025-04-01, after the hand-over: refused (the agency's first letter named
  //   the description, § 13a Abs. 1 Nr. 2 RDG), nothing booked.
  // - 100.00 paid 2025-04-10 (--payments): costs 1.00 + 95.04 = 96.04 first, then 3.96 interest
  //   (§ 367 Abs. 1 BGB), principal 0.00.
  // - interest 2025-01-17..2025-04-30 = 15 + 28 + 31 + 30 = 104 days at 7.27 % (2.27 + 5, § 288 Abs. 1
  //   BGB; it runs through a dispute the creditor wins): 1000.00 × 7.27 × 104 / 36500 = 20.7145… →
  //   20.71, less 3.96 paid = 16.75; total 1000.00 + 16.75 = 1016.75.
  it('--json: the dispute, the booked correction, the payment, and the refused correction in refused', async () => {
    const out = await runWith([...args, '--json'], { files });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const body = json(out) as { events: Event[]; refused: Record<string, string>[]; claims: { balance: Record<string, string>; status: string }[] };
    const brief = body.events.filter((e) => !e.type.startsWith('message-')).map((e) => `${e.date} ${e.type}${e.stage ? ` ${e.stage}` : ''}`);
    expect(brief).toEqual([
      '2025-01-02 claim-created',
      '2025-01-17 default-began',
      '2025-01-20 dispute-opened',
      '2025-02-03 dispute-resolved',
      '2025-02-03 stage-entered reminder',
      '2025-02-05 claim-facts-corrected',
      '2025-02-17 stage-entered dunning-notice',
      '2025-03-10 stage-entered final-notice',
      '2025-03-10 fee-charged',
      '2025-03-27 stage-entered handover',
      '2025-03-27 handed-over',
      '2025-03-27 fee-charged',
      '2025-04-10 payment-received',
      '2025-04-26 stage-entered court-dunning-announcement',
    ]);
    expect(body.events.find((e) => e.type === 'claim-facts-corrected')?.facts).toEqual({ description: 'Bestellung 4711: Gartenstuhl' });
    expect(body.events.filter((e) => e.type === 'fee-charged').map((e) => e.amount)).toEqual(['1.00', '95.04']);
    expect(body.events.find((e) => e.type === 'payment-received')).toMatchObject({ amount: '100.00', allocation: { costs: '96.04', interest: '3.96', principal: '0.00', unapplied: '0.00' } });
    expect(body.claims[0]?.balance).toEqual({ principal: '1000.00', interest: '16.75', costs: '0.00', total: '1016.75' });
    expect(body.refused).toHaveLength(1);
    expect(body.refused[0]).toMatchObject({ date: '2025-04-01', claimId: 'K1', action: 'correct-facts', code: 'fact_correction_refused', field: 'description', because: 'handed-over' });
    expect(Object.keys(body.refused[0] ?? {})).toEqual(['date', 'claimId', 'action', 'code', 'field', 'because', 'message']);
    expect(body.refused[0]?.['message']).toContain('handed over to a collection agency on 2025-03-27');
  });

  it('the table output lists the refused step after the balances', async () => {
    const out = await runWith(args, { files });
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/2025-02-05\s+K1\s+claim-facts-corrected/);
    expect(out.stdout).toContain('Refused steps (nothing booked):');
    expect(out.stdout).toMatch(/2025-04-01\s+K1\s+correct-facts\s+handed-over\s+description: claim "K1" was handed over/);
  });

  it('without --script nothing is refused: --json has refused [] and the table no "Refused steps"', async () => {
    const plain = ['simulate', '--claims', 'c.json', '--from', '2025-01-02', '--to', '2025-04-30'];
    expect(json(await runWith([...plain, '--json'], { files })).refused).toEqual([]);
    expect((await runWith(plain, { files })).stdout).not.toContain('Refused steps');
  });

  it('--payments and --script together book both: the same run as the payment written into the script', async () => {
    const both = json(await runWith([...args, '--json'], { files }));
    const inScript = json(
      await runWith(['simulate', '--claims', 'c.json', '--script', 'all.json', '--from', '2025-01-02', '--to', '2025-04-30', '--json'], {
        files: { ...files, 'all.json': lines([...script, { type: 'pay', claimId: 'K1', date: '2025-04-10', amount: '100.00' }]) },
      }),
    );
    // Only the payment's id differs (a --payments payment and a scripted one are numbered apart).
    const strip = (events: Event[]) => events.map((e) => (e.type === 'payment-received' ? { ...e, paymentId: '-' } : e));
    expect(strip(inScript.events)).toEqual(strip(both.events));
    expect(inScript.claims).toEqual(both.claims);
    expect(inScript.refused).toEqual(both.refused);
  });
});

describe('mahnwerk simulate --script with --summary / --events (streamed in batches)', () => {
  const book = {
    ...files,
    'c2.json': JSON.stringify([k1, b1]),
    // B1: a hold from 2025-02-10 to 2025-02-28 (its reminder, due + 7 = 2025-02-07, is before it).
    's2.json': lines([...script, { type: 'hold', claimId: 'B1', date: '2025-02-10', until: '2025-02-28', note: 'Rückfrage Buchhaltung' }]),
  };
  const base = ['simulate', '--claims', 'c2.json', '--script', 's2.json', '--payments', 'p.json', '--from', '2025-01-02', '--to', '2025-04-30'];

  it('--summary counts what the --json run of the same book and script holds, refused steps included; --batch 1 (one debtor per batch) gives the same', async () => {
    const full = json(await runWith([...base, '--json'], { files: book })) as { events: Event[]; refused: unknown[] };
    expect(full.events.some((e) => e.type === 'hold-placed')).toBe(true);
    for (const extra of [[], ['--batch', '1']]) {
      const out = await runWith([...base, '--summary', ...extra], { files: book });
      expect(out.stderr).toBe('');
      expect(out.code).toBe(0);
      const s = json(out);
      expect(s.events, extra.join(' ')).toBe(full.events.length);
      expect(s.refused).toBe(1);
      expect(s.amounts.EUR.collected).toBe('100.00');
    }
  });

  it('--events writes the scripted steps as events (the dispute, the correction, the hold), in batches too', async () => {
    for (const extra of [[], ['--batch', '1']]) {
      const out = await runWith([...base, '--events', 'ev.ndjson', ...extra], { files: book });
      expect(out.code).toBe(0);
      const types = (out.written.get('ev.ndjson') ?? '')
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as Event).type);
      for (const type of ['dispute-opened', 'dispute-resolved', 'claim-facts-corrected', 'hold-placed', 'payment-received']) expect(types, `${type} ${extra.join(' ')}`).toContain(type);
    }
  });
});

describe('mahnwerk simulate --script: a bad script exits 2 before anything runs, naming file, line, record and field', () => {
  const bad = async (script: string, extra: string[] = []): Promise<string> => {
    const out = await runWith(['simulate', '--claims', 'c.json', '--script', 'bad.json', '--from', '2025-01-02', '--to', '2025-04-30', '--json', ...extra], {
      files: { ...files, 'c.json': JSON.stringify([k1, b1]), 'bad.json': script },
    });
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr.trimEnd().split('\n')).toHaveLength(1);
    return out.stderr.trimEnd();
  };

  it('an amount as a number: core’s check, placed at the entry (line 3, record 2) and field', async () => {
    const text = '[\n  { "type": "dispute", "claimId": "K1", "date": "2025-01-20" },\n  { "type": "pay", "claimId": "K1", "date": "2025-02-01",\n    "amount": 50 }\n]\n';
    for (const extra of [[], ['--summary']]) {
      expect(await bad(text, extra)).toBe(
        'mahnwerk simulate: bad.json:3: record 2 (claim "K1"): amount: expected a string, got the number 50 (amounts are decimal strings such as "249.90", dates strings such as "2025-03-17").',
      );
    }
  });

  it('a claim not in the claims file, a step before the first day, a correction of a fact the claim lacks, an unknown type', async () => {
    expect(await bad(lines([{ type: 'hold', claimId: 'K9', date: '2025-01-20' }]))).toBe('mahnwerk simulate: bad.json:2: record 1 (claim "K9"): claimId: no claim "K9" in the claims.');
    expect(await bad(lines([script[0], { type: 'lift-hold', claimId: 'K1', date: '2025-01-01' }]), ['--summary'])).toBe(
      'mahnwerk simulate: bad.json:3: record 2 (claim "K1"): date: 2025-01-01 is before the invoice date 2025-01-02 of claim "K1".',
    );
    // B1 was created without a description: a script corrects facts, it does not add them.
    expect(await bad(lines([{ type: 'correct-facts', claimId: 'B1', date: '2025-02-05', description: 'Wartung', reason: 'x' }]))).toBe(
      'mahnwerk simulate: bad.json:2: record 1 (claim "B1"): description: claim "B1" has no description to correct, and a script cannot add one; give it in the claim\'s facts (or leave the field out).',
    );
    // A field core's schema does not know (a reference is no fact a correction changes).
    expect(await bad(lines([{ type: 'correct-facts', claimId: 'K1', date: '2025-02-05', reference: 'RE-1', reason: 'x' }]))).toBe(
      'mahnwerk simulate: bad.json:2: record 1 (claim "K1"): record: has unknown field(s) "reference"; remove them (check the spelling).',
    );
    // An unknown type: what the entry had, and the types core's simulate knows (a message that says what was wrong, where, and how to fix it).
    expect(await bad(lines([{ type: 'refund', claimId: 'K1', date: '2025-01-20' }]))).toBe(
      'mahnwerk simulate: bad.json:2: record 1 (claim "K1"): type: the entry of 2025-01-20 on claim "K1" has the type "refund", which is not a scripted action; give one of pay, pay-in-full, dispute, resolve-dispute, hold, lift-hold, installment-plan, promise, correct-facts, adjustment.',
    );
  });

  it('a step its decider refuses on its day (a hold ending before it is placed): named by its entry too, from core\'s behaviour.script[i] field', async () => {
    const text = lines([{ type: 'pay', claimId: 'K1', date: '2025-02-03', amount: '10.00' }, { type: 'hold', claimId: 'K1', date: '2025-02-10', until: '2025-02-01' }]);
    const expected =
      'mahnwerk simulate: bad.json:3: record 2 (claim "K1"): until: the hold of 2025-02-10 on claim "K1" was refused: 2025-02-01 is before the day the hold is placed (2025-02-10); give the last day of the hold.';
    expect(await bad(text)).toBe(expected);
    expect(await bad(text, ['--summary'])).toBe(expected);
    // In batches (--batch 1: K1 and B1 apart), the entry is still named by its place in the file.
    const withB1First = lines([{ type: 'hold', claimId: 'B1', date: '2025-02-10' }, { type: 'pay', claimId: 'K1', date: '2025-02-03', amount: '10.00' }, { type: 'hold', claimId: 'K1', date: '2025-02-10', until: '2025-02-01' }]);
    expect(await bad(withB1First, ['--summary', '--batch', '1'])).toBe(expected.replace('bad.json:3: record 2', 'bad.json:4: record 3'));
  });

  // What the CLI says of a base rate missing after the table (missingBaseRate, the words of every
  // command): the half-year, the config row to add — not core's advice for library users.
  const missing2027 =
    'the base rate (§ 247 BGB) for 2027-01-01 is not known — the table ends on 2026-12-31. Add the base rate for 2027-01-01 to "baseRates" in mahnwerk.config.json ' +
    '(there is none yet: create it in the working directory, or give one with --config FILE): the Deutsche Bundesbank publishes it in the last days of the half-year before ' +
    '(§ 247 Abs. 2 BGB, in the Bundesanzeiger), e.g. "baseRates": [{ "from": "2027-01-01", "ratePercent": "<rate>", "source": "Deutsche Bundesbank, Bundesanzeiger of <date>" }]; ' +
    'then run the same command again. A later release of @mahnwerk/core carries the rate too.';

  // An error of another class than a ValidationError, raised by a step on its day: named by its entry
  // too, with core's words before its sentence on the base rate, and that sentence in the CLI's. By hand: the shipped base-rate table's last row is 2026-07-01 (1.52 %),
  // so the rate is known through 2026-12-31 (§ 247 BGB, half-years). K1's payment of 2027-01-04 is
  // allocated (§ 367 Abs. 1 BGB) against its interest up to the end of the day before, 2027-01-03; the
  // days 2027-01-01..03 need the rate of the half-year from 2027-01-01 — unknown: core's
  // LegalDataError (base_rate_unknown) names behaviour.script[1] (its field, the end of an interest
  // period, is none of a payment's), which the CLI places at line 3, record 2.
  it('a step the engine cannot book on its day (a payment past the known base rates): named by its entry, with --summary too', async () => {
    const text = lines([script[0], { type: 'pay', claimId: 'K1', date: '2027-01-04', amount: '10.00' }]);
    const run = async (extra: string[]): Promise<string> => {
      const out = await runWith(['simulate', '--claims', 'c.json', '--script', 'bad.json', '--from', '2025-01-02', '--to', '2027-01-31', '--json', ...extra], {
        files: { ...files, 'bad.json': text },
      });
      expect(out.code).toBe(2);
      expect(out.stdout).toBe('');
      return out.stderr.trimEnd();
    };
    const expected =
      `mahnwerk simulate: bad.json:3: record 2 (claim "K1"): record: the pay of 2027-01-04 on claim "K1" was refused: ${missing2027}`;
    expect(await run([])).toBe(expected);
    expect(await run(['--summary'])).toBe(expected);
  });

  // The same failure from an entry of --payments (core names it payments[1], 'the payment of <day>',
  // the same function as a script entry's): placed at the payments file's record 2. By hand as above:
  // the payment of 2027-01-04 needs the base rate of 2027-01-01..03, past the table's 2026-12-31.
  it('an entry of --payments the engine cannot book on its day (past the known base rates): named by its record in the payments file', async () => {
    const out = await runWith(['simulate', '--claims', 'c.json', '--payments', 'pay.json', '--from', '2025-01-02', '--to', '2027-01-31', '--json'], {
      files: {
        ...files,
        'pay.json': JSON.stringify([
          { claimId: 'K1', date: '2025-02-10', amount: '10.00' },
          { claimId: 'K1', date: '2027-01-04', amount: '10.00' },
        ]),
      },
    });
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr.trimEnd()).toBe(
      `mahnwerk simulate: pay.json: record 2: record: the payment of 2027-01-04 on claim "K1" was refused: ${missing2027}`,
    );
  });

  it('not an array, not JSON, not readable', async () => {
    expect(await bad('{ "type": "pay" }')).toBe('mahnwerk simulate: bad.json: expected a JSON array of scripted actions ({ "type", "claimId", "date", … } each).');
    expect(await bad('[{ "type": ')).toMatch(/^mahnwerk simulate: bad\.json: not valid JSON/);
    const out = await runWith(['simulate', '--claims', 'c.json', '--script', 'missing.json', '--from', '2025-01-02', '--to', '2025-04-30'], { files });
    expect(out.code).toBe(2);
    expect(out.stderr).toBe('mahnwerk simulate: --script: cannot read "missing.json".\n');
  });
});
