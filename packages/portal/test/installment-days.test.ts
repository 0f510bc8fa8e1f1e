import { money, ValidationError, type ClaimEvent, type GermanState, type Installment } from '@mahnwerk/core';
import { fixtures } from '@mahnwerk/testing';
import { describe, expect, it } from 'vitest';
import { judgeProposal } from '../src/index.js';
import { field, listItems, pageOf, post, setup, type Setup } from './setup.js';

// § 193 BGB on the portal's installment plan (core's one rule `installmentLastDay`, engine/installment-agreement.ts):
// an installment due on a Saturday, Sunday or public holiday at the debtor's place (§§ 269, 270 Abs. 4 BGB: the
// debtor's federal state) may be paid on the next business day. The page prints the agreed due date and, when it
// moves, the day it may be paid by — without the policy's grace days (the creditor's tolerance, no term of the plan).
// The debtor's own dates are kept as proposed; the form's suggested first date is a business day.
//
// The calendar of 2025, by hand: Easter Sunday is 20 April, so Good Friday is Fri 04-18, Easter Monday Mon 04-21,
// Whit Monday Mon 06-09 (Easter + 50) and Fronleichnam Thu 06-19 (Easter + 60; a holiday in BW, BY, HE, NW, RP and SL,
// not in BE). 1 May 2025 is a Thursday, so Sun 05-04, 05-11; 1 February and 1 March are Saturdays, so Sun 02-16 and
// Sun 03-16; 16 April is a Wednesday.
//
// - due Fri 03-14: a business day → "fällig 14.03.2025", nothing more
// - due Good Friday 04-18: Sat 04-19, Sun 04-20, Easter Monday 04-21 follow → payable Tue 04-22
// - due Sun 05-11: → payable Mon 05-12
// - due Whit Monday 06-09: → payable Tue 06-10
// - due Thu 06-19, Fronleichnam: in Bavaria → payable Fri 06-20; in Berlin a business day, nothing more

const claimId = fixtures.consumerClaim().id;

/** The plan: 200.00 × 4 + 206.17 = 1,006.17 (the claim's total on 2025-01-31: 1,000.00 + 6.17 interest, checked in portal.test.ts). */
const plan: readonly Installment[] = [
  { dueDate: '2025-03-14', amount: '200.00' },
  { dueDate: '2025-04-18', amount: '200.00' },
  { dueDate: '2025-05-11', amount: '200.00' },
  { dueDate: '2025-06-09', amount: '200.00' },
  { dueDate: '2025-06-19', amount: '206.17' },
];

/** The installments as the page lists them (`#plan-installments`), tags removed, no-break spaces as spaces. */
const listed = (page: string): string[] => listItems(page, 'plan-installments');

/** A portal on 2025-01-31 with the consumer claim of a debtor in `state` (undefined: none), the plan agreed through the host API. */
async function agreed(state: GermanState | undefined, holidayState?: GermanState): Promise<{ s: Setup; path: string }> {
  const s = setup('2025-01-31', { holidayState });
  const path = await s.claim(fixtures.consumerClaim({ debtor: { state } }));
  await s.mahnwerk.agreeInstallmentPlan({ claimId, installments: plan });
  return { s, path };
}

describe('§ 193 BGB: the plan shows the day a moved installment may be paid by (core installmentLastDay, without grace days)', () => {
  it('a debtor in Bavaria: Good Friday → Tue, Sunday → Mon, Whit Monday → Tue, Fronleichnam → Fri; a business day stays as it is', async () => {
    const { s, path } = await agreed('BY');
    const page = await pageOf(s, path);
    expect(listed(page)).toEqual([
      'Rate 1: 200,00 €, fällig 14.03.2025',
      'Rate 2: 200,00 €, fällig 18.04.2025 (Karfreitag) – zahlbar bis Dienstag, 22.04.2025',
      'Rate 3: 200,00 €, fällig 11.05.2025 (Sonntag) – zahlbar bis Montag, 12.05.2025',
      'Rate 4: 200,00 €, fällig 09.06.2025 (Pfingstmontag) – zahlbar bis Dienstag, 10.06.2025',
      'Rate 5: 206,17 €, fällig 19.06.2025 (Fronleichnam) – zahlbar bis Freitag, 20.06.2025',
    ]);
    expect(page).toContain('<p id="plan-moved">Fällt eine Rate auf einen Samstag, Sonntag oder gesetzlichen Feiertag, zahlen Sie rechtzeitig, wenn Sie am nächsten Werktag zahlen (§ 193 BGB).</p>');
    // The built-in consumer policy's 5 grace days are not shown: Sun 05-11 → Mon 05-12, + 5 = Sat 05-17 → Mon 05-19 is the engine's last day, not the debtor's.
    expect(page).not.toContain('19.05.2025');
    // The agreed dates themselves are unchanged on the ledger.
    const agreedEvent = (await s.events(claimId)).find((e): e is Extract<ClaimEvent, { type: 'installment-plan-agreed' }> => e.type === 'installment-plan-agreed');
    expect(agreedEvent?.installments.map((i) => i.dueDate)).toEqual(plan.map((i) => i.dueDate));
  });

  it('Fronleichnam is no holiday in Berlin: due Thu 19.06.2025 stays as it is there (the debtor\'s federal state counts, core holidayState)', async () => {
    const { s, path } = await agreed('BE');
    expect(listed(await pageOf(s, path))[4]).toBe('Rate 5: 206,17 €, fällig 19.06.2025');
  });

  it('a debtor without a federal state: nationwide holidays only, unless the portal is given the host\'s holidayState', async () => {
    const nationwide = await agreed(undefined);
    expect(listed(await pageOf(nationwide.s, nationwide.path))[4]).toBe('Rate 5: 206,17 €, fällig 19.06.2025');
    const bavarian = await agreed(undefined, 'BY');
    expect(listed(await pageOf(bavarian.s, bavarian.path))[4]).toBe('Rate 5: 206,17 €, fällig 19.06.2025 (Fronleichnam) – zahlbar bis Freitag, 20.06.2025');
  });

  it('the English page names the weekday and the holiday in English', async () => {
    const { s, path } = await agreed('BY');
    const page = await (await s.portal.app.request(`${path}?lang=en`)).text();
    expect(listed(page).slice(0, 3)).toEqual([
      'Installment 1: €200.00, due 14 March 2025',
      'Installment 2: €200.00, due 18 April 2025 (Good Friday) – payable by Tuesday, 22 April 2025',
      'Installment 3: €200.00, due 11 May 2025 (Sunday) – payable by Monday, 12 May 2025',
    ]);
    expect(listed(page)[4]).toBe('Installment 5: €206.17, due 19 June 2025 (Corpus Christi) – payable by Friday, 20 June 2025');
  });

  it('a plan with every due date on a business day gets no § 193 note', async () => {
    const s = setup('2025-01-31');
    const path = await s.claim();
    await s.mahnwerk.agreeInstallmentPlan({ claimId, installments: [{ dueDate: '2025-02-14', amount: '503.09' }, { dueDate: '2025-03-14', amount: '503.08' }] });
    const page = await pageOf(s, path);
    expect(listed(page)).toEqual(['Rate 1: 503,09 €, fällig 14.02.2025', 'Rate 2: 503,08 €, fällig 14.03.2025']);
    expect(page).not.toContain('id="plan-moved"');
  });
});

describe('§ 193 BGB and the debtor\'s own proposal: dates kept as proposed, the moved day shown', () => {
  it('judgeProposal keeps a first due date on Sunday 2025-02-16 and the same day of the following months (Sun 03-16, Wed 04-16)', () => {
    // 1,006.17 / 3 = 335.39 × 3 = 1,006.17 (checked by hand).
    const v = judgeProposal(money('1006.17'), { count: 3, firstDueDate: '2025-02-16' }, '2025-01-31');
    expect(v).toEqual({
      outcome: 'accepted',
      installments: [
        { dueDate: '2025-02-16', amount: '335.39' },
        { dueDate: '2025-03-16', amount: '335.39' },
        { dueDate: '2025-04-16', amount: '335.39' },
      ],
    });
  });

  it('proposed through the form with a Sunday first date: agreed on the debtor\'s dates, the page shows each Sunday with its Monday', async () => {
    const s = setup('2025-01-31');
    const path = await s.claim();
    const page = await pageOf(s, path);
    const res = await post(s.portal, `${path}/plan`, { csrf: field(page, 'csrf'), form: field(page, 'form'), count: '3', first: '2025-02-16' });
    expect(res.status).toBe(303);
    const event = (await s.newEvents(claimId)).find((e): e is Extract<ClaimEvent, { type: 'installment-plan-agreed' }> => e.type === 'installment-plan-agreed');
    expect(event?.installments).toEqual([
      { dueDate: '2025-02-16', amount: '335.39' },
      { dueDate: '2025-03-16', amount: '335.39' },
      { dueDate: '2025-04-16', amount: '335.39' },
    ]);
    expect(listed(await pageOf(s, path))).toEqual([
      'Rate 1: 335,39 €, fällig 16.02.2025 (Sonntag) – zahlbar bis Montag, 17.02.2025',
      'Rate 2: 335,39 €, fällig 16.03.2025 (Sonntag) – zahlbar bis Montag, 17.03.2025',
      'Rate 3: 335,39 €, fällig 16.04.2025',
    ]);
  });

  it('the form says that the later installments keep the day of the month and that § 193 BGB lets a weekend or holiday date be paid on the next working day', async () => {
    const s = setup('2025-01-31');
    const page = await pageOf(s, await s.claim());
    expect(page).toContain('<p id="plan-days-hint">Die weiteren Raten sind jeweils am selben Tag der folgenden Monate fällig. Fällt eine Rate auf einen Samstag, Sonntag oder gesetzlichen Feiertag, zahlen Sie rechtzeitig, wenn Sie am nächsten Werktag zahlen (§ 193 BGB); Ihr Ratenplan nennt diesen Tag.</p>');
    expect(page).toMatch(/id="plan-first"[^>]*aria-describedby="plan-days-hint"/);
  });
});

/** The date a form of the page suggests (`plan-first`: the proposal's first due date; `promise-by`: the promise's "Zahlung bis"). */
async function suggested(today: string, state: GermanState, overrides: Parameters<typeof setup>[1] = {}, id: 'plan-first' | 'promise-by' = 'plan-first'): Promise<string> {
  const s = setup(today, overrides);
  const page = await pageOf(s, await s.claim(fixtures.consumerClaim({ debtor: { state } })));
  const value = new RegExp(`id="${id}"[^>]*value="([^"]*)"`).exec(page)?.[1];
  if (value === undefined) throw new Error(`no ${id} date in the form`);
  return value;
}

describe('§ 193 BGB: the first due date the form suggests is a business day of the debtor\'s federal state', () => {

  it('today Fri 2025-04-04 + 14 = Good Friday 04-18 → Tue 04-22 (Sat, Sun, Easter Monday between), within the 30 days allowed', async () => {
    expect(await suggested('2025-04-04', 'NW')).toBe('2025-04-22');
  });

  it('today Sat 2025-04-26 + 14 = Sat 05-10 → Mon 05-12', async () => {
    expect(await suggested('2025-04-26', 'NW')).toBe('2025-05-12');
  });

  it('today Thu 2025-06-05 + 14 = Fronleichnam 06-19: Fri 06-20 in Bavaria, Thu 06-19 itself in Berlin', async () => {
    expect(await suggested('2025-06-05', 'BY')).toBe('2025-06-20');
    expect(await suggested('2025-06-05', 'BE')).toBe('2025-06-19');
  });

  it('the suggested form sent as it is: agreed from Tue 04-22 on that day of the month — Thu 05-22, and Sun 06-22 shown with its Monday 06-23 (the day of the month is kept, and said)', async () => {
    const s = setup('2025-04-04');
    const path = await s.claim();
    const page = await pageOf(s, path);
    const first = /id="plan-first"[^>]*value="([^"]*)"/.exec(page)?.[1] ?? '';
    expect(first).toBe('2025-04-22');
    expect((await post(s.portal, `${path}/plan`, { csrf: field(page, 'csrf'), form: field(page, 'form'), count: '3', first })).status).toBe(303);
    const event = (await s.newEvents(claimId)).find((e): e is Extract<ClaimEvent, { type: 'installment-plan-agreed' }> => e.type === 'installment-plan-agreed');
    expect(event?.installments.map((i) => i.dueDate)).toEqual(['2025-04-22', '2025-05-22', '2025-06-22']);
    expect(listed(await pageOf(s, path)).map((line) => line.replace(/^Rate \d: [\d.,]+ €, /, ''))).toEqual([
      'fällig 22.04.2025',
      'fällig 22.05.2025',
      'fällig 22.06.2025 (Sonntag) – zahlbar bis Montag, 23.06.2025',
    ]);
  });

  it('with maxDaysToFirst 14 the latest allowed is Good Friday 04-18 itself: the business day before, Thu 04-17, not a date the rules refuse', async () => {
    expect(await suggested('2025-04-04', 'NW', { installmentRules: { maxDaysToFirst: 14 } })).toBe('2025-04-17');
  });
});

describe('§ 193 BGB: the promise form\'s suggested "Zahlung bis" (today + 7) is a business day of the debtor\'s federal state (the same rule as the first due date, suggestedPayDay)', () => {
  const promiseBy = (today: string, state: GermanState, overrides: Parameters<typeof setup>[1] = {}) => suggested(today, state, overrides, 'promise-by');

  it('today Fri 2025-01-31 + 7 = Fri 02-07, a business day: suggested as it is', async () => {
    expect(await promiseBy('2025-01-31', 'NW')).toBe('2025-02-07');
  });

  it('today Sun 2025-05-04 + 7 = Sun 05-11 → Mon 05-12', async () => {
    expect(await promiseBy('2025-05-04', 'NW')).toBe('2025-05-12');
  });

  it('today Sat 2025-04-26 + 7 = Sat 05-03 → Mon 05-05', async () => {
    expect(await promiseBy('2025-04-26', 'NW')).toBe('2025-05-05');
  });

  it('today Fri 2025-04-11 + 7 = Good Friday 04-18 → Tue 04-22 (Sat, Sun, Easter Monday between)', async () => {
    expect(await promiseBy('2025-04-11', 'NW')).toBe('2025-04-22');
  });

  it('today Mon 2025-06-02 + 7 = Whit Monday 06-09 → Tue 06-10', async () => {
    expect(await promiseBy('2025-06-02', 'NW')).toBe('2025-06-10');
  });

  it('today Thu 2025-06-12 + 7 = Fronleichnam 06-19: Fri 06-20 in Bavaria, Thu 06-19 itself in Berlin', async () => {
    expect(await promiseBy('2025-06-12', 'BY')).toBe('2025-06-20');
    expect(await promiseBy('2025-06-12', 'BE')).toBe('2025-06-19');
  });

  it('with maxDaysToFirst 7 the latest allowed "Zahlung bis" is Good Friday 04-18 itself: the business day before, Thu 04-17, not a date the form refuses', async () => {
    expect(await promiseBy('2025-04-11', 'NW', { installmentRules: { maxDaysToFirst: 7 } })).toBe('2025-04-17');
  });

  it('the suggested Mon 05-12 sent as it is: the promise is recorded for that Monday', async () => {
    const s = setup('2025-05-04');
    const path = await s.claim();
    const page = await pageOf(s, path);
    const by = /id="promise-by"[^>]*value="([^"]*)"/.exec(page)?.[1] ?? '';
    expect(by).toBe('2025-05-12');
    expect((await post(s.portal, `${path}/promise`, { csrf: field(page, 'csrf'), form: field(page, 'form'), amount: '100,00', by })).status).toBe(303);
    expect((await s.newEvents(claimId)).filter((e) => e.type === 'promise-to-pay').map((e) => (e as Extract<ClaimEvent, { type: 'promise-to-pay' }>).by)).toEqual(['2025-05-12']);
  });
});

describe('§ 193 BGB: the status of a promise for a Sunday or holiday names the day it may be paid by, and lasts through it', () => {
  /** The page's status line, no-break spaces as spaces. */
  const statusOf = (page: string): string => (/<span id="status">([^<]*)<\/span>/.exec(page)?.[1] ?? '').replace(/\u00a0/g, ' ');

  it('promise made Sun 2025-05-04 for Sun 05-11: "bis 11.05.2025 (Sonntag) zugesagt – zahlbar bis Montag, 12.05.2025", still on Mon 05-12, gone on Tue 05-13', async () => {
    const s = setup('2025-05-04');
    const path = await s.claim();
    const page = await pageOf(s, path);
    expect((await post(s.portal, `${path}/promise`, { csrf: field(page, 'csrf'), form: field(page, 'form'), amount: '100,00', by: '2025-05-11' })).status).toBe(303);
    const promised = 'Zahlung von 100,00 € bis 11.05.2025 (Sonntag) zugesagt – zahlbar bis Montag, 12.05.2025';
    expect(statusOf(await pageOf(s, path))).toBe(promised);
    s.clock.advance(8); // Mon 05-12: the debtor is still in time (§ 193 BGB)
    expect(statusOf(await pageOf(s, path))).toBe(promised);
    s.clock.advance(1); // Tue 05-13
    expect(statusOf(await pageOf(s, path))).not.toContain('zugesagt');
  });

  it('Good Friday 2025-04-18 by name, in English too: payable by Tuesday 04-22', async () => {
    const s = setup('2025-04-11');
    const path = await s.claim();
    const page = await pageOf(s, path);
    expect((await post(s.portal, `${path}/promise`, { csrf: field(page, 'csrf'), form: field(page, 'form'), amount: '100,00', by: '2025-04-18' })).status).toBe(303);
    expect(statusOf(await pageOf(s, path))).toBe('Zahlung von 100,00 € bis 18.04.2025 (Karfreitag) zugesagt – zahlbar bis Dienstag, 22.04.2025');
    expect(statusOf(await pageOf(s, `${path}?lang=en`))).toBe('payment of €100.00 promised by 18 April 2025 (Good Friday) – payable by Tuesday, 22 April 2025');
  });
});

describe('§ 193 BGB: the promise form asks core\'s promiseWouldHold in the federal state the page counts holidays in', () => {
  it('a debtor without a state, holidayState BY: a promise for Fronleichnam Thu 2025-06-19 holds through Fri 06-20 + 5 = Wed 06-25, so a second promise on 06-25 extends it (nationwide the hold ended Tue 06-24: refused)', async () => {
    // BY: Thu 06-19 is Fronleichnam → payable Fri 06-20, + 5 grace days (the built-in consumer policy) = Wed 06-25.
    // Nationwide: Thu 06-19 + 5 = Tue 06-24; on 06-25 the first promise is broken, with no stage since: the second holds nothing.
    async function secondPromise(holidayState: GermanState | undefined): Promise<number> {
      const s = setup('2025-06-12', { holidayState });
      const path = await s.claim(fixtures.consumerClaim({ debtor: { state: undefined } }));
      const first = await pageOf(s, path);
      expect((await post(s.portal, `${path}/promise`, { csrf: field(first, 'csrf'), form: field(first, 'form'), amount: '100,00', by: '2025-06-19' })).status).toBe(303);
      s.clock.advance(13);
      const later = await pageOf(s, path);
      return (await post(s.portal, `${path}/promise`, { csrf: field(later, 'csrf'), form: field(later, 'form'), amount: '100,00', by: '2025-07-01' })).status;
    }
    expect(await secondPromise('BY')).toBe(303);
    expect(await secondPromise(undefined)).toBe(400);
  });
});

describe('the portal option holidayState', () => {
  it('a holidayState that is no German federal state is refused when the portal is created', () => {
    expect(() => setup('2025-01-31', { holidayState: 'XX' as GermanState })).toThrow(ValidationError);
    expect(() => setup('2025-01-31', { holidayState: 'XX' as GermanState })).toThrow(/holidayState: "XX" is not a German federal state/);
  });
});
