import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { add, addDays, money, simulate, toAmountString, zero, type ClaimEvent, type IsoDate, type Money, type SimulationResult } from '@mahnwerk/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeDemoBook } from '../src/demo-book.js';
import { json, runWith, type RunResult } from './run.js';
import { buildCliEntry } from './support/worker-bundle.js';

// `mahnwerk demo` runs the host API (createMahnwerk) on PGlite: each claim created on its invoice
// day, the book's payments, disputes and plans booked as the host's commands on their days, then
// runDue and delivery. The one-path proof of the demo (issue 7, issue 9 point 8): the same book run
// through `simulate` gives the same ledger per claim and the same messages. 236 claims take in the
// three claims issue 7 found escalated by the old simulation (the book is the same prefix for any
// size: makeDemoBook draws claim after claim from one generator).

const size = 236;
const days = 180;
const from: IsoDate = '2025-01-02';
const to = addDays(from, days - 1);
const OUT = 'demo-out';

/** A host event as simulate books it: without `recordedAt` and the reference to the personal data kept apart from the chain. */
function asSimulated(event: ClaimEvent): ClaimEvent {
  const { recordedAt: _recordedAt, ...rest } = event;
  if (rest.type !== 'claim-created') return rest as ClaimEvent;
  const { personalData: _ref, ...debtor } = rest.claim.debtor;
  return { ...rest, claim: { ...rest.claim, debtor } } as ClaimEvent;
}

/** "1.234,56 €" (de-DE, with a no-break space before €) → Money. */
function euro(text: string): Money {
  return money(text.replace(/\s*€$/, '').replace(/\./g, '').replace(',', '.'), 'EUR');
}

function line(text: string, label: string): Money | null {
  const m = new RegExp(`^${label}: (.+\\s€)$`, 'm').exec(text);
  return m ? euro(m[1] as string) : null;
}

describe(`mahnwerk demo --claims ${size} on PGlite: the host's ledger and letters are simulate's`, () => {
  let out: RunResult;
  let db: string;
  let simulated: SimulationResult;
  let timeline: ClaimEvent[];

  beforeAll(async () => {
    db = join(mkdtempSync(join(tmpdir(), 'mahnwerk-demo-db-')), 'data');
    out = await runWith(['demo', '--claims', String(size), '--days', String(days), '--out', OUT, '--db', db, '--json'], { binary: false });
    const book = makeDemoBook({ start: from, size, seed: 42 });
    simulated = simulate({ claims: book.claims, policy: 'auto', from, to, behaviour: book.behaviour, seed: 42, statement: { allowBeyondKnownBaseRate: true } });
    timeline = JSON.parse(out.written.get(`${OUT}/timeline.json`) ?? '[]') as ClaimEvent[];
  }, 300_000);

  it('runs on the database it was given and says so', () => {
    expect(out.code).toBe(0);
    expect(out.stderr).toContain(`running on PGlite (${db})`);
    expect(json(out)).toMatchObject({ claims: size, from, to, database: db });
  });

  it('every claim has the same ledger as in simulate: event for event, types, dates and amounts', () => {
    const byClaim = new Map<string, ClaimEvent[]>();
    for (const e of timeline) byClaim.set(e.claimId, [...(byClaim.get(e.claimId) ?? []), asSimulated(e)]);
    expect(byClaim.size).toBe(size);
    for (const claim of simulated.claims) expect(byClaim.get(claim.id), claim.id).toEqual(claim.events);
    // Every event was recorded by the host: it carries the instant it was stored.
    expect(timeline.every((e) => typeof e.recordedAt === 'string')).toBe(true);
  });

  it('the same messages as simulate: one file per message, same day, claim, stage, channel and template, and the total simulate computed', () => {
    const index = (out.written.get(`${OUT}/index.tsv`) ?? '').trimEnd().split('\n').slice(1).map((r) => r.split('\t'));
    const rows = index.filter(([, , , channel]) => channel !== 'letter-pdf');
    const key = (date: string, claim: string, stage: string, channel: string, template: string) => `${date} ${claim} ${stage} ${channel} ${template}`;
    const written = rows.map(([date, claim, stage, channel, file]) => {
      const template = (file as string).slice(`${OUT}/${claim}/${date}-`.length).replace(new RegExp(`-${channel}\\.(eml|txt)$`), '');
      return key(date as string, claim as string, stage as string, channel as string, template);
    });
    const expected = simulated.messages.map((m) => key(m.date, m.claimId, m.stage, m.channel, m.template));
    expect(written.sort()).toEqual(expected.sort());
    expect(simulated.messages.length).toBeGreaterThan(400);
    expect(json(out).filesWritten).toBe(simulated.messages.length);
    // The total each letter asks for is the total simulate's message carried.
    for (const m of simulated.messages.filter((x) => x.channel === 'letter')) {
      const text = out.written.get(`${OUT}/${m.claimId}/${m.date}-${m.template}-letter.txt`) ?? '';
      expect(line(text, 'Gesamtbetrag')?.amount.toFixed(2), `${m.claimId} ${m.date}`).toBe(m.totals.total.amount.toFixed(2));
    }
  });

  it('the summary is simulate\'s: amounts collected and outstanding, claims per status', () => {
    const body = json(out);
    const total = (pick: (c: (typeof simulated.claims)[number]) => Money) => simulated.claims.reduce((s, c) => add(s, pick(c)), zero('EUR'));
    expect(body.outstanding).toBe(toAmountString(total((c) => c.statement.total)));
    expect(body.interestOutstanding).toBe(toAmountString(total((c) => c.statement.interest)));
    const byStatus: Record<string, number> = {};
    for (const c of simulated.claims) byStatus[c.status] = (byStatus[c.status] ?? 0) + 1;
    expect(body.byStatus).toEqual(byStatus);
  });

  it("issue 7's demo claims RE-00102, RE-00193, RE-00236: paid in full on the day a step was due, settled that day, never handed over", () => {
    // RE-00193 (consumer, 1,329.25 €) by hand: the Mahnung of 25.02.2025 put the debtor in default
    // from 01.03.2025; § 288 Abs. 1 BGB, 2.27 % + 5 = 7.27 % a year, 01.03.–17.03.2025 (the day
    // before the payment) = 17 days: 1,329.25 × 0.0727 × 17 / 365 = 4.5008… → 4.50 €;
    // no final notice yet, so no 1.00 € fee: 1,329.25 + 4.50 = 1,333.75 €.
    const paidOn: Record<string, IsoDate> = { 'RE-00102': '2025-04-02', 'RE-00193': '2025-03-18', 'RE-00236': '2025-05-04' };
    for (const [id, day] of Object.entries(paidOn)) {
      const events = timeline.filter((e) => e.claimId === id);
      const payment = events.find((e) => e.type === 'payment-received');
      expect(payment?.date, id).toBe(day);
      expect(events.at(-1), id).toMatchObject({ type: 'settled', date: day });
      expect(events.some((e) => e.type === 'handed-over' || e.type === 'court-dunning-filed'), id).toBe(false);
    }
    expect(timeline.find((e) => e.claimId === 'RE-00193' && e.type === 'payment-received')).toMatchObject({ amount: '1333.75' });
  });

  it('letters: no placeholder or missing value in any file; one final notice checked by hand', () => {
    for (const [path, text] of out.written) {
      if (!/\.(txt|eml|html)$/.test(path)) continue;
      expect(text, path).not.toMatch(/\{\{|\}\}|undefined|NaN|\[object |\[statement\]|null €/);
    }
    // RE-00004 (Felix Meyer, consumer), Letzte Mahnung of 28.03.2025, checked by hand:
    // interest § 288 Abs. 1 BGB at 2.27 % + 5 = 7.27 % from 11.03. to 28.03.2025 = 18 days:
    // 1,217.34 × 0.0727 × 18 / 365 = 4.3644… → 4.36 €; the consumer policy's final notice charges
    // 1.00 € (postage and material); total 1,217.34 + 4.36 + 1.00 = 1,222.70 €.
    const letter = out.written.get(`${OUT}/RE-00004/2025-03-28-final-notice-letter.txt`) ?? '';
    expect(letter).toContain('Felix Meyer');
    expect(letter).toMatch(/^- Zinsen 11\.03\.2025 bis 28\.03\.2025: 18 Tage zu 7,27\s%\sp\.\sa\. aus 1\.217,34\s€ \(§\s288 Abs\.\s1 BGB\): 4,36\s€$/m);
    expect(line(letter, 'Hauptforderung')?.amount.toFixed(2)).toBe('1217.34');
    expect(line(letter, 'Zinsen')?.amount.toFixed(2)).toBe('4.36');
    expect(line(letter, 'Kosten')?.amount.toFixed(2)).toBe('1.00');
    expect(line(letter, 'Gesamtbetrag')?.amount.toFixed(2)).toBe('1222.70');
  });

  it('--db keeps the database: mahnwerk status --db DIR in a second process reads every claim', async () => {
    const entry = await buildCliEntry();
    const { stdout } = await promisify(execFile)(process.execPath, [entry, 'status', '--db', db, '--json'], { cwd: tmpdir(), timeout: 120_000 });
    const status = JSON.parse(stdout) as { claims: { status: string; count: number }[]; messages: { status: string; count: number }[] };
    expect(status.claims.reduce((n, c) => n + c.count, 0)).toBe(size);
    const settled = simulated.claims.filter((c) => c.status === 'settled').length;
    expect(status.claims.filter((c) => c.status === 'settled').reduce((n, c) => n + c.count, 0)).toBe(settled);
    expect(status.messages.filter((m) => m.status === 'sent').reduce((n, m) => n + m.count, 0)).toBe(simulated.messages.length);
  }, 180_000);

  it('a second demo into the same --db is refused (its claims are there already), naming the flag', async () => {
    const again = await runWith(['demo', '--claims', '3', '--db', db, '--no-files']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/--db: .* already holds claims/);
  });
});
