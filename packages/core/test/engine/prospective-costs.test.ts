import { describe, expect, it } from 'vitest';
import {
  addDays,
  createMahnwerk,
  money,
  prospectiveCosts,
  type ClaimEvent,
  type IsoDate,
  type PolicyInput,
  type RenderInput,
  type Statement,
  type StatementLine,
} from '../../src/index.js';
import { memoryStore } from './memory-store.js';

// Issue 8 point 1: a letter announcing the court dunning procedure shows the KV 1100 GKG fee the
// application would cause as a notice, never in its total; the fee is charged only when the
// application is filed. Figures from ../shared/legal (§ 6 and P5): GKG 2021 (until 2025-05-31)
// 1.0 fee for 4,000 € = 38 + 3 × 20 + 2 × 21 = 140.00 → 0.5 = 70.00 (P5 table: 70.00); GKG 2025
// 1.0 fee for 4,000 € = 148.00 → 74.00; for 1,000 € = 61.00 → 30.50, below the minimum of 38.00,
// which is known from secondary sources only (open item 2) and so marked unconfirmed.

function statementOf(principal: string, lines: StatementLine[] = []): Statement {
  return {
    claimId: 'K-1',
    asOf: '2025-09-01',
    currency: 'EUR',
    principal: money(principal),
    interest: money('12.00'),
    costs: money('40.00'),
    total: money(money(principal).amount.plus('52.00').toFixed(2)),
    interestAccrued: money('12.00'),
    unapplied: money('0'),
    lines,
  };
}

describe('prospectiveCosts: the court fee a Mahnbescheid would cause (KV 1100 GKG, issue 8 point 1)', () => {
  it('GKG 2025: 4,000.00 € open principal → 0.5 × 148.00 = 74.00 €, confirmed; interest and costs do not count (§ 43 Abs. 1 GKG)', () => {
    const [fee, ...more] = prospectiveCosts('court-dunning-announcement', statementOf('4000.00'), '2025-09-01');
    expect(more).toEqual([]);
    expect(fee?.label).toBe('Gerichtskosten Mahnverfahren (KV 1100 GKG)');
    expect(fee?.amount.amount.toFixed(2)).toBe('74.00');
    expect(fee?.unconfirmed).toBeUndefined();
  });

  it('GKG 2025: 1,000.00 € → 0.5 × 61.00 = 30.50 €, below the minimum: 38.00 €, marked unconfirmed for the internal notes', () => {
    const [fee] = prospectiveCosts('court-dunning-announcement', statementOf('1000.00'), '2025-09-01');
    expect(fee?.amount.amount.toFixed(2)).toBe('38.00');
    expect(fee?.unconfirmed).toContain('KV 1100 GKG');
  });

  it('GKG 2021 before 2025-06-01: 4,000.00 € → 70.00 € (P5 table)', () => {
    const [fee] = prospectiveCosts('court-dunning-announcement', statementOf('4000.00'), '2025-05-31');
    expect(fee?.amount.amount.toFixed(2)).toBe('70.00');
  });

  it('a letter before 2025-06-01 whose deadline ends after it: the fee of the GKG 2025 table the filing will charge (4,000.00 € → 74.00 €, not 70.00 €)', () => {
    // Letter 2025-05-21 with a 14-day deadline to 2025-06-04: the application can be filed from
    // 2025-06-05, when KV 1100 GKG is 0.5 × 148.00 = 74.00 € (GKG 2021 would give 70.00 €).
    const [fee] = prospectiveCosts('court-dunning-announcement', statementOf('4000.00'), '2025-05-21', '2025-06-04');
    expect(fee?.amount.amount.toFixed(2)).toBe('74.00');
    // A deadline that still ends under the old table keeps the old figure.
    const [early] = prospectiveCosts('court-dunning-announcement', statementOf('4000.00'), '2025-05-01', '2025-05-15');
    expect(early?.amount.amount.toFixed(2)).toBe('70.00');
  });

  it('in English: label, basis and the remark on the unconfirmed minimum in English words, citations as cited; German as before', () => {
    // It announced "Gerichtskosten Mahnverfahren (KV 1100 GKG)" and "Mindestgebühr nur aus Sekundärquellen" to English debtors.
    // The words are statement-words.ts's (the fee's statement line once charged); the figures those of the test above
    // (GKG 2025: 1,000.00 € → 30.50 €, below the minimum 38.00 €, from 2025-06-01; court-fee.ts, gkg-tables.ts).
    const [en] = prospectiveCosts('court-dunning-announcement', statementOf('1000.00'), '2025-09-01', undefined, 'en');
    expect(en?.label).toBe('Court fee for the court dunning procedure (KV 1100 GKG)');
    expect(en?.basis).toBe('KV Nr. 1100 GKG (0.5 fee, at least EUR 38.00), § 34 GKG (version in force from 1 June 2025)');
    expect(en?.unconfirmed).toBe('KV 1100 GKG: minimum fee known from secondary sources only, not officially confirmed');
    expect(en?.amount.amount.toFixed(2)).toBe('38.00');
    const [de] = prospectiveCosts('court-dunning-announcement', statementOf('1000.00'), '2025-09-01');
    expect(de?.label).toBe('Gerichtskosten Mahnverfahren (KV 1100 GKG)');
    expect(de?.basis).toBe('KV Nr. 1100 GKG (0,5-Gebühr, mindestens 38,00 EUR), § 34 GKG (Fassung ab 01.06.2025)');
    expect(de?.unconfirmed).toBe('KV 1100 GKG: Mindestgebühr nur aus Sekundärquellen, nicht amtlich bestätigt');
  });

  it('announces nothing for other letters, once the fee is charged, or when no principal is open (no court dunning for costs alone)', () => {
    expect(prospectiveCosts('final-notice', statementOf('4000.00'), '2025-09-01')).toEqual([]);
    const charged: StatementLine = { part: 'costs', label: 'Gerichtskosten Mahnverfahren (KV 1100 GKG)', amount: money('74.00'), basis: 'KV Nr. 1100 GKG', date: '2025-08-01', code: 'KV 1100 GKG' };
    expect(prospectiveCosts('court-dunning-announcement', statementOf('4000.00', [charged]), '2025-09-01')).toEqual([]);
    expect(prospectiveCosts('court-dunning-announcement', statementOf('0.00'), '2025-09-01')).toEqual([]);
  });
});

/** Runs a one-stage announcement policy day by day through createMahnwerk and returns what the renderer was given. */
async function announceThroughHost(opts: { invoiceDate: IsoDate; dueDate: IsoDate; until: IsoDate; deadlineDays?: number; locale?: 'de' | 'en' }): Promise<{ input: RenderInput | undefined; events: ClaimEvent[] }> {
  const policy: PolicyInput = {
    id: 'announce-test',
    version: 1,
    name: 'Announcement test',
    stages: [
      {
        id: 'announce',
        name: 'Ankündigung Mahnbescheid',
        kind: 'final-notice',
        trigger: { after: 'due-date', days: 7 },
        actions: [
          { type: 'send', channel: 'letter', template: 'court-dunning-announcement' },
          ...(opts.deadlineDays === undefined ? [] : [{ type: 'set-deadline' as const, days: opts.deadlineDays }]),
        ],
      },
    ],
  };
  const seen: RenderInput[] = [];
  const clock = { date: opts.invoiceDate, today: () => clock.date, now: () => `${clock.date}T10:00:00+01:00` };
  const mw = createMahnwerk({
    store: memoryStore(),
    clock,
    policy,
    channels: [
      {
        specificationVersion: 'v1',
        name: 'letter',
        canReach: (to) => to.address !== undefined,
        send: (_m, o) => Promise.resolve({ providerMessageId: `letter:${o.idempotencyKey}` }),
      },
    ],
    render: (input) => {
      seen.push(input);
      return { subject: input.template, text: 'x' };
    },
  });
  await mw.createClaim({
    id: 'K-1',
    debtor: { id: 'D-1', kind: 'consumer', name: 'Erika Muster', address: ['Musterstr. 1', '10115 Berlin'], ...(opts.locale === undefined ? {} : { locale: opts.locale }) },
    principal: '4000.00',
    currency: 'EUR',
    invoiceDate: opts.invoiceDate,
    dueDate: opts.dueDate,
    dueDateIsCalendarDate: false,
  });
  const events: ClaimEvent[] = [];
  for (let day: IsoDate = opts.invoiceDate; day <= opts.until; day = addDays(day, 1)) {
    clock.date = day;
    const result = await mw.runDue(day);
    events.push(...result.events);
  }
  return { input: seen.find((i) => i.template === 'court-dunning-announcement'), events };
}

describe('the host path: the engine hands the announced costs to the renderer, outside the total', () => {
  it('a court-dunning announcement rendered through createMahnwerk carries KV 1100 at 70.00 € (GKG 2021, 4,000.00 €) and its statement total does not include it', async () => {
    const { input, events } = await announceThroughHost({ invoiceDate: '2025-01-02', dueDate: '2025-01-16', until: '2025-01-24' });
    expect(input?.prospectiveCosts?.map((c) => [c.label, c.amount.amount.toFixed(2)])).toEqual([['Gerichtskosten Mahnverfahren (KV 1100 GKG)', '70.00']]);
    // Not charged: no KV 1100 fee event, and the total is the statement's own (4,000.00 + interest, no court fee).
    expect(events.some((e) => e.type === 'fee-charged' && e.code === 'KV 1100 GKG')).toBe(false);
    expect(input?.statement.lines.some((l) => l.code === 'KV 1100 GKG')).toBe(false);
  });

  it("the announcement to an English debtor (locale 'en') gets the court fee in English from the engine", async () => {
    const { input } = await announceThroughHost({ invoiceDate: '2025-01-02', dueDate: '2025-01-16', until: '2025-01-24', locale: 'en' });
    expect(input?.locale).toBe('en');
    expect(input?.prospectiveCosts?.map((c) => [c.label, c.basis, c.amount.amount.toFixed(2)])).toEqual([
      ['Court fee for the court dunning procedure (KV 1100 GKG)', 'KV Nr. 1100 GKG (0.5 fee, at least EUR 36.00), § 34 GKG (version in force from 1 January 2021)', '70.00'],
    ]);
  });

  it('an announcement of 2025-05-21 with a 14-day deadline (filing from 2025-06-05) carries the GKG 2025 fee: 74.00 €, what the filing will charge', async () => {
    // Due 2025-05-14 + 7 days → letter on 2025-05-21, deadline 2025-06-04; GKG 2025 for 4,000.00 €: 0.5 × 148.00.
    const { input } = await announceThroughHost({ invoiceDate: '2025-04-30', dueDate: '2025-05-14', until: '2025-05-22', deadlineDays: 14 });
    expect(input?.deadline).toBe('2025-06-04');
    expect(input?.prospectiveCosts?.map((c) => c.amount.amount.toFixed(2))).toEqual(['74.00']);
  });
});
