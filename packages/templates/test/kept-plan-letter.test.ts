import { money, type ClaimFacts, type RenderInput, type Statement, type StatementLine } from '@mahnwerk/core';
import { describe, expect, it } from 'vitest';
import { createEngineRenderer, renderMessage, type LetterData, type TemplateName } from '../src/index.js';
import { creditor, handoverData, letterData } from './fixtures.js';

// The letter after a kept installment plan that left something open (core's RenderInput.afterKeptPlan;
// § 311 Abs. 1 BGB: the debtor did what was agreed; docs/legal-notes.md "A kept installment plan's end").
// The demo book's RE-00001 on Sat 2025-06-14, by hand (as core's simulate/kept-plan-remainder.test.ts):
// 1,281.64 EUR, default from 2025-03-08, plan of 2025-03-10: 427.21 + 427.21 + 427.22 = 1,281.64 paid on
// 04-09, 05-09, 06-08; 7.27 % (base rate 2.27 % + 5 pp, § 288 Abs. 1 BGB), act/365, interest first (§ 367
// Abs. 1 BGB):
// - 03-08 … 04-08, 32 days on 1,281.64: 1281.64 × 0.0727 × 32 / 365 = 8.1688 → 8.17; 427.21 − 8.17 = 419.04;
// - 04-09 … 05-08, 30 days on 862.60:   862.60 × 0.0727 × 30 / 365 = 5.1543 → 5.15; 427.21 − 5.15 = 422.06;
// - 05-09 … 06-07, 30 days on 440.54:   440.54 × 0.0727 × 30 / 365 = 2.6324 → 2.63; 427.22 − 2.63 = 424.59;
// - 06-08 … 06-14, 7 days on 15.95:     15.95 × 0.0727 × 7 / 365 = 0.0222 → 0.02.
// Principal 1,281.64 − 419.04 − 422.06 − 424.59 = 15.95; interest 8.17 + 5.15 + 2.63 + 0.02 − 15.95 paid = 0.02;
// total 15.97. The Mahnung again with a deadline 06-14 + 14 = Sat 06-28 → Mon 06-30 (§ 193 BGB).
// Whether default interest runs during a Stundung is recorded as open (legal-notes): the letter gives no
// reason of its own for the remainder — the statement shows its lines with their bases.

const interest = (date: string, to: string, days: number, on: string, amount: string): StatementLine => ({
  part: 'interest',
  label: `Verzugszinsen ${date}–${to}`,
  amount: money(amount),
  basis: '§ 288 Abs. 1 BGB',
  date,
  to,
  days,
  ratePercent: '7.27',
  onPrincipal: money(on),
});
const paid = (part: 'interest' | 'principal', date: string, amount: string): StatementLine => ({
  part,
  label: part === 'interest' ? 'Zahlung auf Zinsen' : 'Zahlung auf Hauptforderung',
  amount: money(`-${amount}`),
  basis: '§ 362 Abs. 1 BGB; § 367 Abs. 1 BGB',
  date,
});
/** RE-00001's statement on `asOf` after the plan's installments: the principal invoiced, then `lines`; no costs, nothing unapplied. */
const planStatement = (asOf: string, principal: string, interestOpen: string, total: string, lines: readonly StatementLine[]): Statement => ({
  claimId: 'RE-00001',
  asOf,
  currency: 'EUR',
  principal: money(principal),
  interest: money(interestOpen),
  costs: money('0'),
  total: money(total),
  interestAccrued: money(total),
  unapplied: money('0'),
  lines: [{ part: 'principal', label: 'Hauptforderung', amount: money('1281.64'), basis: 'Rechnung RE-00001', date: '2025-01-28' }, ...lines],
  unconfirmed: [],
});
const remainder: Statement = planStatement('2025-06-14', '15.95', '0.02', '15.97', [
  interest('2025-03-08', '2025-04-08', 32, '1281.64', '8.17'),
  paid('interest', '2025-04-09', '8.17'),
  paid('principal', '2025-04-09', '419.04'),
  interest('2025-04-09', '2025-05-08', 30, '862.60', '5.15'),
  paid('interest', '2025-05-09', '5.15'),
  paid('principal', '2025-05-09', '422.06'),
  interest('2025-05-09', '2025-06-07', 30, '440.54', '2.63'),
  paid('interest', '2025-06-08', '2.63'),
  paid('principal', '2025-06-08', '424.59'),
  interest('2025-06-08', '2025-06-14', 7, '15.95', '0.02'),
]);
const plan = { agreedOn: '2025-03-10', installments: 3, agreed: money('1281.64'), paid: money('1281.64') } as const;
const claim = { id: 'RE-00001', reference: 'RE-00001', invoiceDate: '2025-01-28', dueDate: '2025-02-11', subject: 'Bestellung 100001: Kaffeevollautomat' } as const;

/** The same claim and statement without the kept plan: the stage's usual letter. */
const usualData = (stage: TemplateName, overrides: Partial<LetterData> = {}): LetterData =>
  letterData({ stage, claim, statement: remainder, deadline: '2025-06-30', letterDate: '2025-06-14', ...overrides });
const kept = (stage: TemplateName, overrides: Partial<LetterData> = {}): LetterData => usualData(stage, { afterKeptPlan: plan, ...overrides });
/** A text with its no-break spaces (between amount and €, in "p. a.") as spaces, so the specs read plainly. */
const plain = (text: string): string => text.replace(/\u00a0|&nbsp;/g, ' ');
/** The letter of `stage`: its text. */
const letter = (stage: TemplateName, data: LetterData): string => plain(renderMessage(stage, 'letter', data).text);
/** The letter of `stage` as text, as HTML without tags and as the printed letter's body. */
const every = (stage: TemplateName, data: LetterData): string[] => {
  const out = renderMessage(stage, 'letter', data);
  return [out.text, (out.html ?? '').replace(/<[^>]+>/g, ''), out.letterBody ?? ''].map(plain);
};

const thanks =
  'vielen Dank für Ihre Zahlungen aus der Ratenzahlungsvereinbarung vom 10.03.2025 zu unserer Rechnung RE-00001 vom 28.01.2025 über Bestellung 100001: Kaffeevollautomat. Sie haben alle vereinbarten Raten gezahlt, insgesamt 1.281,64 €.';
const left =
  'Nach Verrechnung Ihrer Zahlungen ist noch ein Restbetrag von 15,97 € offen. Wie wir Ihre Zahlungen verrechnet haben und wie sich der Restbetrag zusammensetzt, zeigt die folgende Aufstellung mit der Rechtsgrundlage jeder Position.';
const demand = 'Bitte zahlen Sie den Restbetrag von 15,97 € bis zum 30.06.2025.';
const questions = 'Haben Sie Fragen zu dieser Aufstellung oder Einwände gegen einzelne Positionen, melden Sie sich bitte bei uns.';
/** What a letter to a debtor who kept the plan must not say, at any stage. */
const neverAfterKeptPlan = [
  /bis heute nicht beglichen/,
  /weiterhin nicht beglichen/,
  /nicht feststellen/,
  /Aufmerksamkeit entgangen/,
  /Da Sie sich in Verzug befinden/,
  /trotz unserer Mahnung/i,
  /trotz Mahnung/i,
  /letztmalig/,
  /ohne weitere Ankündigung/,
];

describe('the letter after a kept installment plan with a remainder (RenderInput.afterKeptPlan; § 311 Abs. 1 BGB, § 367 Abs. 1 BGB)', () => {
  it('Mahnung (dunning-notice): thanks for the 3 installments (1,281.64), the remainder 15.97 with the statement, the deadline — not "bis heute nicht beglichen" nor "Da Sie sich in Verzug befinden"', () => {
    const out = renderMessage('dunning-notice', 'letter', kept('dunning-notice'));
    expect(out.subject).toBe('Mahnung: Restbetrag nach Ratenzahlung – Rechnung RE-00001');
    for (const text of every('dunning-notice', kept('dunning-notice'))) {
      for (const sentence of [thanks, left, demand, questions]) expect(text).toContain(sentence);
      for (const words of neverAfterKeptPlan) expect(text).not.toMatch(words);
      expect(text).not.toMatch(/Inkasso|Mahnbescheid/);
    }
    // The statement's own lines and bases say why something is left (whether interest runs during a Stundung is open);
    // the printed letter's body places it as a table ([statement]).
    expect(letter('dunning-notice', kept('dunning-notice'))).toContain('- Zinsen 08.06.2025 bis 14.06.2025: 7 Tage zu 7,27 % p. a. aus 15,95 € (§ 288 Abs. 1 BGB): 0,02 €');
    // The usual Mahnung keeps its words — on this statement, which lists the installments paid, "nicht
    // vollständig beglichen" (test/paid-in-part.test.ts).
    const usual = letter('dunning-notice', usualData('dunning-notice'));
    expect(usual).toContain('ist bis heute nicht vollständig beglichen');
    expect(usual).toContain('Da Sie sich in Verzug befinden');
  });

  it('a Mahnung whose receipt causes default still says so (§ 286 Abs. 1 BGB), after a kept plan too', () => {
    const text = letter('dunning-notice', kept('dunning-notice', { causesDefault: true }));
    expect(text).toContain('Mit dem Zugang dieser Mahnung geraten Sie in Zahlungsverzug (§ 286 Abs. 1 BGB)');
    expect(text).toContain(thanks);
  });

  it('final notice: the same opening; what may follow as a reservation — no "trotz unserer Mahnung", "letztmalig", "ohne weitere Ankündigung"', () => {
    const out = renderMessage('final-notice', 'letter', kept('final-notice'));
    expect(out.subject).toBe('Letzte Mahnung: Restbetrag nach Ratenzahlung – Rechnung RE-00001');
    for (const text of every('final-notice', kept('final-notice'))) {
      for (const sentence of [thanks, left, demand, questions]) expect(text).toContain(sentence);
      for (const words of neverAfterKeptPlan) expect(text).not.toMatch(words);
      expect(text).toContain(
        'Geht der Restbetrag nicht fristgerecht ein, behalten wir uns vor, die Forderung an ein Inkassounternehmen zu übergeben oder einen gerichtlichen Mahnbescheid zu beantragen; dadurch könnten Ihnen weitere Kosten entstehen.',
      );
    }
    const usual = letter('final-notice', usualData('final-notice'));
    expect(usual).toMatch(/trotz unserer Mahnung/);
    expect(usual).toMatch(/ohne weitere Ankündigung/);
  });

  it('reminder: the same opening, "Bitte überweisen Sie den Restbetrag …" — not "Aufmerksamkeit entgangen", "Einen Zahlungseingang konnten wir bisher nicht feststellen"', () => {
    const out = renderMessage('reminder', 'letter', kept('reminder'));
    expect(out.subject).toBe('Zahlungserinnerung: Restbetrag nach Ratenzahlung – Rechnung RE-00001');
    for (const text of every('reminder', kept('reminder'))) {
      for (const sentence of [thanks, left, 'Bitte überweisen Sie den Restbetrag von 15,97 € bis zum 30.06.2025.', questions]) expect(text).toContain(sentence);
      for (const words of neverAfterKeptPlan) expect(text).not.toMatch(words);
      expect(text).not.toMatch(/Verzug|Inkasso|Mahnbescheid/);
    }
  });

  it('a plan kept with an installment short (paid 854.42 of 1,281.64: 427.21 × 2) does not say every installment was paid', () => {
    const text = letter('dunning-notice', kept('dunning-notice', { afterKeptPlan: { ...plan, paid: money('854.42') } }));
    expect(text).toContain('Sie haben darauf insgesamt 854,42 € gezahlt.');
    expect(text).not.toContain('alle vereinbarten Raten');
    const one = letter('dunning-notice', kept('dunning-notice', { afterKeptPlan: { ...plan, installments: 1 } }));
    expect(one).toContain('Sie haben die vereinbarte Rate gezahlt, insgesamt 1.281,64 €.');
  });

  it("the collection agency's letter and the court dunning announcement: the agency's opening, the § 13a RDG block kept; the Mahnbescheid as a reservation", () => {
    const agencyText = letter('handover-inkasso', handoverData({ claim, statement: remainder, deadline: '2025-06-30', letterDate: '2025-06-14', afterKeptPlan: plan }));
    expect(agencyText).toContain(
      'vielen Dank für Ihre Zahlungen aus der Ratenzahlungsvereinbarung vom 10.03.2025 zur Forderung Ihres Gläubigers Stadtwerke Musterstadt GmbH aus der Rechnung RE-00001 vom 28.01.2025',
    );
    expect(agencyText).toContain('Bitte zahlen Sie den Restbetrag von 15,97 € bis zum 30.06.2025 an uns.');
    expect(agencyText).toContain('Informationen nach § 13a Abs. 1 RDG:');
    expect(agencyText).not.toMatch(/wurden .* beauftragt|bisher nicht beglichen/);
    const announce = letter('court-dunning-announcement', kept('court-dunning-announcement'));
    expect(announce).toContain(`${demand} Geht er nicht fristgerecht ein, behalten wir uns vor, beim zuständigen Mahngericht den Erlass eines Mahnbescheids zu beantragen (§§ 688 ff. ZPO).`);
    for (const text of [agencyText, announce]) for (const words of neverAfterKeptPlan) expect(text).not.toMatch(words);
  });

  it('English: the same letter in English', () => {
    const text = letter('dunning-notice', kept('dunning-notice', { locale: 'en' }));
    expect(text).toContain(
      'Thank you for your payments under the instalment agreement of 10 March 2025 for our invoice RE-00001 of 28 January 2025 for Bestellung 100001: Kaffeevollautomat. You have paid all agreed instalments, €1,281.64 in total.',
    );
    expect(text).toContain('Please pay the remaining balance of €15.97 by 30 June 2025.');
    expect(text).not.toMatch(/has not been paid|As you are in default|despite/i);
    const final = letter('final-notice', kept('final-notice', { locale: 'en' }));
    expect(final).not.toMatch(/despite our dunning notice|final opportunity|without further notice/i);
    expect(final).toContain('we reserve the right to hand the claim over to a collection agency or to apply for a court order for payment (Mahnbescheid)');
  });

  it('createEngineRenderer passes core\'s RenderInput.afterKeptPlan on; a malformed one is refused by render and check alike', () => {
    const facts: ClaimFacts = {
      id: 'RE-00001',
      debtor: { id: 'D-1', kind: 'consumer', name: 'Lena Schneider', address: ['Lindenallee 33', '60311 Frankfurt am Main'] },
      principal: '1281.64',
      currency: 'EUR',
      invoiceDate: '2025-01-28',
      dueDate: '2025-02-11',
      description: 'Bestellung 100001: Kaffeevollautomat',
    };
    const input: RenderInput = {
      template: 'dunning-notice',
      channel: 'letter',
      locale: 'de',
      claim: facts,
      statement: remainder,
      deadline: '2025-06-30',
      stage: 'dunning-notice',
      afterKeptPlan: { planId: 'RE-00001:plan:2025-03-10:1', keptUntil: '2025-06-13', ...plan },
    };
    const render = createEngineRenderer({ creditor });
    const out = render(input) as { text: string };
    expect(plain(out.text)).toContain(thanks);
    expect(render.check?.(input)).toBeNull();
    const bad = { ...input, afterKeptPlan: { ...input.afterKeptPlan, installments: 0 } } as RenderInput;
    expect(render.check?.(bad)).toMatch(/^afterKeptPlan\.installments: expected the number of installments agreed/);
  });
});

// A plan agreed at the reminder stage (core's engine/kept-plan-end.test.ts, by hand there): RE-00001, reminder
// 02-18, plan of Tue 2025-02-25 before any Mahnung: 427.21 + 427.21 + 427.22 paid on 03-25, 04-25, 05-25. Default
// from 03-14 by the 30-day rule pointed out on the invoice (§ 286 Abs. 3 S. 1 BGB), so no Mahnung causes it.
// 7.27 %, act/365, interest first (§ 367 Abs. 1 BGB):
// - 03-14 … 03-24, 11 days on 1,281.64: 1281.64 × 0.0727 × 11 / 365 = 2.8080 → 2.81; principal 424.40 → 857.24;
// - 03-25 … 04-24, 31 days on 857.24:   857.24 × 0.0727 × 31 / 365 = 5.2931 → 5.29; principal 421.92 → 435.32;
// - 04-25 … 05-24, 30 days on 435.32:   435.32 × 0.0727 × 30 / 365 = 2.6012 → 2.60; principal 424.62 → 10.70;
// - 05-25 … 05-31, 7 days on 10.70:     10.70 × 0.0727 × 7 / 365 = 0.0149 → 0.01.
// Total 10.71 on Sat 05-31; the reminder sets no deadline, so the Mahnung asks for it (the first Mahnung of the
// claim), deadline 05-31 + 14 = Sat 06-14 → Mon 06-16 (§ 193 BGB).
const afterReminder: Statement = planStatement('2025-05-31', '10.70', '0.01', '10.71', [
  interest('2025-03-14', '2025-03-24', 11, '1281.64', '2.81'),
  paid('interest', '2025-03-25', '2.81'),
  paid('principal', '2025-03-25', '424.40'),
  interest('2025-03-25', '2025-04-24', 31, '857.24', '5.29'),
  paid('interest', '2025-04-25', '5.29'),
  paid('principal', '2025-04-25', '421.92'),
  interest('2025-04-25', '2025-05-24', 30, '435.32', '2.60'),
  paid('interest', '2025-05-25', '2.60'),
  paid('principal', '2025-05-25', '424.62'),
  interest('2025-05-25', '2025-05-31', 7, '10.70', '0.01'),
]);

describe('the Mahnung after a plan agreed at the reminder stage (core sets afterKeptPlan on the next stage; § 311 Abs. 1 BGB)', () => {
  const input = (locale: 'de' | 'en'): RenderInput => ({
    template: 'dunning-notice',
    channel: 'letter',
    locale,
    claim: {
      id: 'RE-00001',
      debtor: { id: 'D-1', kind: 'consumer', name: 'Lena Schneider', address: ['Lindenallee 33', '60311 Frankfurt am Main'] },
      principal: '1281.64',
      currency: 'EUR',
      invoiceDate: '2025-01-28',
      dueDate: '2025-02-11',
      description: 'Bestellung 100001: Kaffeevollautomat',
    },
    statement: afterReminder,
    deadline: '2025-06-16',
    stage: 'dunning-notice',
    afterKeptPlan: { planId: 'RE-00001:plan:2025-02-25:1', agreedOn: '2025-02-25', keptUntil: '2025-05-30', installments: 3, agreed: money('1281.64'), paid: money('1281.64') },
  });
  const render = createEngineRenderer({ creditor });

  it('German: thanks for the 3 installments (1,281.64), the remainder 10.71 with the statement, deadline 16.06.2025 — not "bis heute nicht beglichen", not the default sentence of a first Mahnung', () => {
    const out = render(input('de')) as { subject: string; text: string };
    expect(out.subject).toBe('Mahnung: Restbetrag nach Ratenzahlung – Rechnung RE-00001');
    const text = plain(out.text);
    expect(text).toContain(
      'vielen Dank für Ihre Zahlungen aus der Ratenzahlungsvereinbarung vom 25.02.2025 zu unserer Rechnung RE-00001 vom 28.01.2025 über Bestellung 100001: Kaffeevollautomat. Sie haben alle vereinbarten Raten gezahlt, insgesamt 1.281,64 €.',
    );
    expect(text).toContain('Nach Verrechnung Ihrer Zahlungen ist noch ein Restbetrag von 10,71 € offen.');
    expect(text).toContain('- Zinsen 14.03.2025 bis 24.03.2025: 11 Tage zu 7,27 % p. a. aus 1.281,64 € (§ 288 Abs. 1 BGB): 2,81 €');
    expect(text).toContain('Bitte zahlen Sie den Restbetrag von 10,71 € bis zum 16.06.2025.');
    expect(text).toContain(questions);
    for (const words of neverAfterKeptPlan) expect(text).not.toMatch(words);
    // In default since 03-14 (30-day rule): this Mahnung does not cause it and does not say so.
    expect(text).not.toMatch(/Mit dem Zugang dieser Mahnung|Inkasso|Mahnbescheid/);
  });

  it('English: the same letter', () => {
    const out = render(input('en')) as { subject: string; text: string };
    expect(out.subject).toBe('Dunning notice: remaining balance after instalments – invoice RE-00001');
    const text = plain(out.text);
    expect(text).toContain(
      'Thank you for your payments under the instalment agreement of 25 February 2025 for our invoice RE-00001 of 28 January 2025 for Bestellung 100001: Kaffeevollautomat. You have paid all agreed instalments, €1,281.64 in total.',
    );
    expect(text).toContain('Please pay the remaining balance of €10.71 by 16 June 2025.');
    expect(text).not.toMatch(/has not been paid|As you are in default|despite|With the receipt of this notice/i);
  });
});
