import { addDays, addMonths, holdProposal, money, sum, type ClaimEvent, type GermanState, type Installment, type IsoDate } from '@mahnwerk/core';
import { fixtures } from '@mahnwerk/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { judgeProposal } from '../src/installment-rules.js';
import { textsFor } from '../src/messages.js';
import { installmentLines } from '../src/pages.js';
import { proposalNote } from '../src/proposal-note.js';
import { field, listItems as listed, pageOf as pageAt, post, setup, type Setup } from './setup.js';

// § 193 BGB on a proposal sent to the creditor's review (more installments than autoAcceptMaxInstallments, 3): the
// debtor's page lists the proposed installments as an agreed plan is listed (pages.ts installmentLines, with
// installmentDueText: a date on a Saturday, Sunday or holiday with the next business day, core's installmentLastDay
// without grace days), and the hold note written for the reviewer lists them in the same words (one formatter).
//
// The claim: the consumer fixture (debtor in NW), 1,000.00 + 6.17 interest = 1,006.17 on 2025-01-31 (portal.test.ts).
// Five installments from Tue 2025-02-18: 1,006.17 / 5 = 201.234 → 5 × 201.23 = 1,006.15, the 2 cents left go to the
// first two: 201.24, 201.24, 201.23, 201.23, 201.23 (402.48 + 603.69 = 1,006.17). The calendar of 2025 by hand:
// 1 February and 1 March are Saturdays, so Tue 02-18 and Tue 03-18; Easter Sunday is 20 April, so 04-18 is Good Friday
// and Sat, Sun, Easter Monday 04-21 follow → Tue 04-22; 1 May is a Thursday, so Sun 05-18 → Mon 05-19; 1 June is a
// Sunday, so Wed 06-18. The review hold runs from 01-31 for reviewHoldDays (14) → through 02-14.
//
// Six installments from Sun 2025-02-09: 1,006.17 / 6 = 167.695 → 6 × 167.69 = 1,006.14, 3 cents to the first three:
// 167.70 × 3 + 167.69 × 3 = 503.10 + 503.07 = 1,006.17. Sun 02-09 → Mon 02-10; Sun 03-09 → Mon 03-10; Wed 04-09;
// Fri 05-09; Whit Monday 06-09 (Easter + 50) → Tue 06-10; Wed 07-09.

const claimId = fixtures.consumerClaim().id;

const pageOf = (s: Setup, path: string, query = ''): Promise<string> => pageAt(s, `${path}${query}`);

type HoldPlaced = Extract<ClaimEvent, { type: 'hold-placed' }>;

/** A proposal of `count` installments from `first` sent through the form on 2025-01-31; the page after the redirect and the hold's note. */
async function proposed(count: number, first: string, s: Setup = setup('2025-01-31')): Promise<{ s: Setup; path: string; note: string; hold: HoldPlaced }> {
  const path = await s.claim();
  const form = await pageOf(s, path);
  const res = await post(s.portal, `${path}/plan`, { csrf: field(form, 'csrf'), form: field(form, 'form'), count: String(count), first });
  expect(res.headers.get('location')).toContain('done=review');
  const hold = (await s.newEvents(claimId)).find((e): e is HoldPlaced => e.type === 'hold-placed');
  if (hold === undefined) throw new Error('no hold placed');
  return { s, path, note: hold.note, hold };
}

// The five installments by hand (above): 201.24 × 2 + 201.23 × 3 = 1,006.17, from Tue 2025-02-18 monthly.
const fiveInstallments = [
  { dueDate: '2025-02-18', amount: '201.24' },
  { dueDate: '2025-03-18', amount: '201.24' },
  { dueDate: '2025-04-18', amount: '201.23' },
  { dueDate: '2025-05-18', amount: '201.23' },
  { dueDate: '2025-06-18', amount: '201.23' },
];

const fiveLines = [
  'Rate 1: 201,24 €, fällig 18.02.2025',
  'Rate 2: 201,24 €, fällig 18.03.2025',
  'Rate 3: 201,23 €, fällig 18.04.2025 (Karfreitag) – zahlbar bis Dienstag, 22.04.2025',
  'Rate 4: 201,23 €, fällig 18.05.2025 (Sonntag) – zahlbar bis Montag, 19.05.2025',
  'Rate 5: 201,23 €, fällig 18.06.2025',
];

describe('§ 193 BGB: a proposal with the creditor\'s review is shown with its installments, as an agreed plan is', () => {
  it('the page after the proposal lists the five installments (Good Friday → Tue 04-22, Sun 05-18 → Mon 05-19) under "wird geprüft", with the § 193 BGB note', async () => {
    const { s, path } = await proposed(5, '2025-02-18');
    const page = await pageOf(s, path, '?done=review');
    expect(page).toContain('Vielen Dank. Ihr Vorschlag wird geprüft; bis dahin ruhen die Mahnungen.');
    expect(page).toContain('<h3>Ihr Ratenzahlungsvorschlag wird geprüft</h3>');
    expect(page).toContain('<p id="proposal-text">Ihren Vorschlag vom 31.01.2025 prüfen wir; bis zum 14.02.2025 ruhen die Mahnungen. Sie haben diese Raten vorgeschlagen:</p>');
    expect(listed(page, 'proposal-installments')).toEqual(fiveLines);
    expect(page).toContain('<p id="proposal-installments-moved">Fällt eine Rate auf einen Samstag, Sonntag oder gesetzlichen Feiertag, zahlen Sie rechtzeitig, wenn Sie am nächsten Werktag zahlen (§ 193 BGB).</p>');
    // Shown again when the debtor comes back (read from the ledger, not from the redirect).
    expect(listed(await pageOf(s, path), 'proposal-installments')).toEqual(fiveLines);
  });

  it('the hold note for the reviewer lists the same lines, one formatter', async () => {
    const { note } = await proposed(5, '2025-02-18');
    expect(note.replace(/\u00a0/g, ' ')).toBe(`Ratenzahlungsvorschlag über das Portal, zur Prüfung (5 Raten): ${fiveLines.join('; ')}`);
  });

  it('the hold records the proposal as data (hold-placed.proposal): the five installments as proposed — the dates the debtor chose, not the § 193 BGB days — and no cost notice before the Inkasso stage', async () => {
    const { hold } = await proposed(5, '2025-02-18');
    expect(hold.proposal).toEqual({ installments: fiveInstallments });
  });

  it('six installments from Sun 02-09: Sun → Mon twice, Whit Monday 06-09 → Tue 06-10', async () => {
    const { s, path, note } = await proposed(6, '2025-02-09');
    const lines = [
      'Rate 1: 167,70 €, fällig 09.02.2025 (Sonntag) – zahlbar bis Montag, 10.02.2025',
      'Rate 2: 167,70 €, fällig 09.03.2025 (Sonntag) – zahlbar bis Montag, 10.03.2025',
      'Rate 3: 167,70 €, fällig 09.04.2025',
      'Rate 4: 167,69 €, fällig 09.05.2025',
      'Rate 5: 167,69 €, fällig 09.06.2025 (Pfingstmontag) – zahlbar bis Dienstag, 10.06.2025',
      'Rate 6: 167,69 €, fällig 09.07.2025',
    ];
    expect(listed(await pageOf(s, path), 'proposal-installments')).toEqual(lines);
    expect(note.replace(/\u00a0/g, ' ')).toBe(`Ratenzahlungsvorschlag über das Portal, zur Prüfung (6 Raten): ${lines.join('; ')}`);
  });

  it('the English page lists the proposal in English (the note stays German, for the reviewer)', async () => {
    const { s, path } = await proposed(5, '2025-02-18');
    const page = await pageOf(s, path, '?lang=en');
    expect(page).toContain('<h3>Your installment proposal is being reviewed</h3>');
    expect(listed(page, 'proposal-installments').slice(2, 4)).toEqual([
      'Installment 3: €201.23, due 18 April 2025 (Good Friday) – payable by Tuesday, 22 April 2025',
      'Installment 4: €201.23, due 18 May 2025 (Sunday) – payable by Monday, 19 May 2025',
    ]);
  });

  it('once the review is over — the hold lifted, or past its last day 02-14 — the page no longer shows the proposal', async () => {
    const lifted = await proposed(5, '2025-02-18');
    const hold = (await lifted.s.newEvents(claimId)).find((e): e is Extract<ClaimEvent, { type: 'hold-placed' }> => e.type === 'hold-placed');
    await lifted.s.mahnwerk.liftHold({ claimId, holdId: hold?.holdId ?? '' });
    expect(await pageOf(lifted.s, lifted.path)).not.toContain('id="proposal"');
    const expired = await proposed(5, '2025-02-18');
    expired.s.clock.advance(14);
    expect(listed(await pageOf(expired.s, expired.path), 'proposal-installments')).toEqual(fiveLines);
    expired.s.clock.advance(1);
    expect(await pageOf(expired.s, expired.path)).not.toContain('id="proposal"');
  });

  it('what the page shows is the hold\'s proposal, not its note: a proposal the host recorded with a note in its own words is listed, and a note redacted of personal data does not matter', async () => {
    const s = setup('2025-01-31');
    const path = await s.claim();
    await s.mahnwerk.placeHold({ claimId, note: 'Ratenwunsch am Telefon, [personal data] ruft zurück', until: '2025-02-14', interestRuns: true, proposal: { installments: fiveInstallments as Installment[] } });
    expect(listed(await pageOf(s, path), 'proposal-installments')).toEqual(fiveLines);
  });

  it('a hold the host placed (not the portal\'s form) is no proposal, whatever its note says', async () => {
    const s = setup('2025-01-31');
    const path = await s.claim();
    await s.mahnwerk.placeHold({ claimId, note: `Ratenzahlungsvorschlag über das Portal, zur Prüfung (1 Raten): ${'Rate 1: 1.006,17 €, fällig 14.02.2025'}`, until: '2025-02-14', interestRuns: true });
    expect(await pageOf(s, path)).not.toContain('id="proposal"');
  });
});

/** A hold the portal stored before `hold-placed.proposal` existed: its placeHold with the note and the form's key, nothing else. */
async function oldProposalHold(s: Setup, note: string): Promise<HoldPlaced> {
  await s.mahnwerk.placeHold({ claimId, note, until: '2025-02-14', interestRuns: true }, { idempotencyKey: 'portal:plan:0f3c9a7e' });
  const hold = (await s.newEvents(claimId)).find((e): e is HoldPlaced => e.type === 'hold-placed');
  if (hold === undefined) throw new Error('no hold placed');
  return hold;
}

describe('a proposal stored before the hold recorded it as data is read from its note (core\'s holdProposal, the fallback)', () => {
  it('the page lists the proposal of a hold the portal stored before (the worded note of the five installments, as the portal wrote it)', async () => {
    const s = setup('2025-01-31');
    const path = await s.claim();
    const note = `Ratenzahlungsvorschlag über das Portal, zur Prüfung (5 Raten): ${fiveLines.join('; ').replace(/ €/g, '\u00a0€')}`;
    const hold = await oldProposalHold(s, note);
    expect(hold).not.toHaveProperty('proposal');
    expect(listed(await pageOf(s, path), 'proposal-installments')).toEqual(fiveLines);
  });

  it('a note written before the installments were worded ("(2 Raten EUR: 2025-02-14 503.09, …)") is read as well; one naming fewer installments than it says is no proposal', async () => {
    const s = setup('2025-01-31');
    const path = await s.claim();
    await oldProposalHold(s, 'Ratenzahlungsvorschlag über das Portal, zur Prüfung (2 Raten EUR: 2025-02-14 503.09, 2025-03-14 503.08)');
    expect(listed(await pageOf(s, path), 'proposal-installments')).toEqual(['Rate 1: 503,09 €, fällig 14.02.2025', 'Rate 2: 503,08 €, fällig 14.03.2025']);
    const t = setup('2025-01-31');
    const other = await t.claim();
    await oldProposalHold(t, 'Ratenzahlungsvorschlag über das Portal, zur Prüfung (3 Raten EUR: 2025-02-14 503.09, 2025-03-14 503.08)');
    expect(await pageOf(t, other)).not.toContain('id="proposal"');
  });

  it('a list too long for a hold note (core takes 2,000 characters) is written with ISO dates and amounts, and an old hold with it read back', () => {
    const many: Installment[] = Array.from({ length: 40 }, (_, k) => ({ dueDate: `2026-${String((k % 12) + 1).padStart(2, '0')}-${String((k % 28) + 1).padStart(2, '0')}`, amount: '1234.56' }));
    const note = proposalNote(many, 'EUR', 'BY', true);
    expect(note.length).toBeLessThanOrEqual(2000);
    expect(note.startsWith('Ratenzahlungsvorschlag über das Portal, zur Prüfung (40 Raten EUR: 2026-01-01 1234.56, 2026-02-02 1234.56')).toBe(true);
    expect(note.endsWith('; Kostenhinweis nach § 13a Abs. 3 RDG angezeigt und bestätigt')).toBe(true);
    expect(holdProposal(oldHold(note), 'EUR')).toEqual({ installments: many, costNoticeGivenOn: '2025-01-31' });
  });

  it('property: the notes the portal writes (any installments: amounts up to 9,999,999.99, dates of 2025–2030, any state), stored on a hold before the member existed, read back as the same installments', () => {
    // The note is unchanged by the member; should its words change, this spec must keep the words written before.
    const day = fc.integer({ min: 0, max: 6 * 365 }).map((n) => new Date(Date.UTC(2025, 0, 1 + n)).toISOString().slice(0, 10));
    const cents = fc.integer({ min: 1, max: 999_999_999 }).map((c) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`);
    const states: (GermanState | undefined)[] = [undefined, 'BY', 'BE', 'NW', 'SN'];
    fc.assert(
      fc.property(fc.array(fc.record({ dueDate: day, amount: cents }), { minLength: 1, maxLength: 12 }), fc.constantFrom(...states), fc.boolean(), (installments, state, notice) => {
        expect(holdProposal(oldHold(proposalNote(installments, 'EUR', state, notice)), 'EUR')).toEqual(notice ? { installments, costNoticeGivenOn: '2025-01-31' } : { installments });
      }),
      { numRuns: 200 },
    );
  });
});

/** A `hold-placed` event of the portal's form as stored before the member existed, with `note`. */
function oldHold(note: string): HoldPlaced {
  return { type: 'hold-placed', claimId, date: '2025-01-31', holdId: `${claimId}:hold:2025-01-31:1`, note, until: '2025-02-14', interestRuns: true, idempotencyKey: 'portal:plan:0f3c9a7e' };
}

describe('property: what the page shows of a proposal under review is what the debtor proposed', () => {
  it('any 4–12 installments from any first day within the 30 days allowed: the hold records the installments judgeProposal made of the form (monthly from the first day, summing to 1,006.17), and the page lists exactly them', async () => {
    const total = money('1006.17');
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 4, max: 12 }), fc.integer({ min: 0, max: 30 }), async (count, offset) => {
        const first = addDays('2025-01-31', offset);
        const s = setup('2025-01-31', { installmentRules: { maxInstallments: 12 } });
        const { path, hold } = await proposed(count, first, s);
        const installments = hold.proposal?.installments ?? [];
        const verdict = judgeProposal(total, { count, firstDueDate: first }, '2025-01-31', { maxInstallments: 12 });
        expect(verdict.outcome).toBe('review');
        expect(installments).toEqual(verdict.outcome === 'refused' ? null : verdict.installments);
        expect(installments.map((i) => i.dueDate)).toEqual(Array.from({ length: count }, (_, k) => addMonths(first as IsoDate, k)));
        expect(sum(installments.map((i) => money(i.amount))).amount.toFixed(2)).toBe('1006.17');
        expect(listed(await pageOf(s, path), 'proposal-installments')).toEqual(installmentLines(textsFor('de'), installments, 'EUR', 'NW').map((l) => l.replace(/\u00a0/g, ' ')));
      }),
      { numRuns: 20 },
    );
  }, 120_000);
});
