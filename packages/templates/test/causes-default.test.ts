import { money, type Statement } from '@mahnwerk/core';
import { describe, expect, it } from 'vitest';
import { renderMessage, type LetterData } from '../src/index.js';
import { letterData, principalLine } from './fixtures.js';

// § 286 Abs. 1 BGB: a Mahnung after the due date puts the debtor in default with its receipt. When
// the same letter sets a deadline, whether default begins only when it has passed is a question of
// how the letter is read (lexexakt, Glossar "Mahnung"; docs/legal-notes.md). The notice that causes
// default (core's `causesDefault`) therefore says so, and that its deadline is no deferral.

/** A claim not yet in default on the letter's date: principal only, no interest, no costs. */
const notInDefault: Statement = {
  claimId: 'claim-0815',
  asOf: '2026-03-10',
  currency: 'EUR',
  principal: money('1234.56'),
  interest: money('0'),
  costs: money('0'),
  total: money('1234.56'),
  interestAccrued: money('0'),
  unapplied: money('0'),
  lines: [principalLine],
  unconfirmed: [],
};

const causing = (overrides: Partial<LetterData> = {}): LetterData => letterData({ statement: notInDefault, causesDefault: true, ...overrides });

describe('the Mahnung that causes default says so (§ 286 Abs. 1 BGB)', () => {
  it('de, dunning notice with a deadline: default with receipt, interest from the next day, the deadline is no deferral — in the text and the HTML', () => {
    const { text, html } = renderMessage('dunning-notice', 'letter', causing());
    const sentence =
      'Mit dem Zugang dieser Mahnung geraten Sie in Zahlungsverzug (§ 286 Abs. 1 BGB); ab dem folgenden Tag schulden Sie zusätzlich Verzugszinsen (§ 288 BGB) bis zum Zahlungseingang. Die Zahlungsfrist bis zum 24.03.2026 ist keine Stundung: Sie gibt Ihnen Gelegenheit zu zahlen, bevor wir weitere Schritte einleiten.';
    expect(text).toContain(sentence);
    expect(html).toContain(`<p>${sentence}</p>`);
    // Not in default yet: the letter does not say the debtor is.
    expect(text).not.toContain('Da Sie sich in Verzug befinden');
  });

  it('de, without a deadline: the default sentence without the deadline', () => {
    const { deadline: _omit, ...rest } = causing();
    const { text } = renderMessage('dunning-notice', 'email', rest);
    expect(text).toContain('bis zum Zahlungseingang.\n');
    expect(text).not.toContain('Stundung');
  });

  it('en, final notice: the same in English', () => {
    const { text } = renderMessage('final-notice', 'letter', causing({ locale: 'en' }));
    expect(text).toContain(
      'With the receipt of this notice you are in default of payment (§ 286(1) BGB); from the following day you also owe default interest (§ 288 BGB) until payment is received. The deadline of 24 March 2026 is not a deferral of payment: it gives you the opportunity to pay before we take further steps.',
    );
  });

  it('a notice to a debtor already in default keeps its wording: "Da Sie sich in Verzug befinden …", no receipt sentence', () => {
    const { text } = renderMessage('dunning-notice', 'letter', letterData());
    expect(text).toContain('Da Sie sich in Verzug befinden, schulden Sie zusätzlich Verzugszinsen (§ 288 BGB)');
    expect(text).not.toContain('Mit dem Zugang dieser Mahnung');
    expect(renderMessage('final-notice', 'letter', letterData()).text).not.toContain('Mit dem Zugang dieser Mahnung');
  });

  it('the reminder (Zahlungserinnerung) is no Mahnung in the engine and does not print it even if asked', () => {
    expect(renderMessage('reminder', 'letter', causing()).text).not.toContain('Zahlungsverzug');
  });

  it('refuses a causesDefault that is not true or false, naming the field', () => {
    expect(() => renderMessage('dunning-notice', 'letter', { ...causing(), causesDefault: 'yes' as unknown as boolean })).toThrow(/causesDefault/);
  });
});

// With a policy's mahnungDefault 'after-deadline' the deadline is read as postponing default (the
// debtor-friendly reading): default and its interest begin the day after the deadline (core's
// `noticeDefault`, `RenderInput.causesDefaultAfterDeadline`). The letter says that instead of the receipt sentence.
const afterDeadline = (overrides: Partial<LetterData> = {}): LetterData => letterData({ statement: notInDefault, causesDefaultAfterDeadline: true, ...overrides });

describe("the Mahnung that puts the debtor in default once its deadline has passed says so (mahnungDefault 'after-deadline', § 286 Abs. 1 BGB)", () => {
  it('de, dunning notice: default from the day after the deadline, interest from then — in the text and the HTML, no receipt sentence', () => {
    const { text, html } = renderMessage('dunning-notice', 'letter', afterDeadline());
    const sentence =
      'Zahlen Sie nicht bis zum 24.03.2026, geraten Sie ab dem folgenden Tag in Zahlungsverzug (§ 286 Abs. 1 BGB); von da an schulden Sie zusätzlich Verzugszinsen (§ 288 BGB) bis zum Zahlungseingang.';
    expect(text).toContain(sentence);
    expect(html).toContain(`<p>${sentence}</p>`);
    expect(text).not.toContain('Mit dem Zugang dieser Mahnung');
    expect(text).not.toContain('Da Sie sich in Verzug befinden');
  });

  it('de, final notice: the same sentence', () => {
    const { text, html } = renderMessage('final-notice', 'letter', afterDeadline());
    expect(text).toContain('Zahlen Sie nicht bis zum 24.03.2026, geraten Sie ab dem folgenden Tag in Zahlungsverzug (§ 286 Abs. 1 BGB)');
    expect(html).toContain('<p>Zahlen Sie nicht bis zum 24.03.2026, geraten Sie ab dem folgenden Tag in Zahlungsverzug');
  });

  it('en, dunning and final notice: the same in English', () => {
    const sentence =
      'If you do not pay by 24 March 2026, you are in default of payment from the following day (§ 286(1) BGB); from then on you also owe default interest (§ 288 BGB) until payment is received.';
    for (const template of ['dunning-notice', 'final-notice'] as const) {
      const { text, html } = renderMessage(template, 'letter', afterDeadline({ locale: 'en' }));
      expect(text).toContain(sentence);
      expect(html).toContain(`<p>${sentence}</p>`);
      expect(text).not.toContain('With the receipt of this notice');
    }
  });

  it('refuses it without a deadline (the sentence names the deadline) and together with causesDefault (they say opposite things), naming the field', () => {
    const { deadline: _omit, ...rest } = afterDeadline();
    expect(() => renderMessage('dunning-notice', 'letter', rest)).toThrow(/causesDefaultAfterDeadline.*no deadline/);
    expect(() => renderMessage('dunning-notice', 'letter', afterDeadline({ causesDefault: true }))).toThrow(/causesDefaultAfterDeadline.*together with causesDefault/);
    expect(() => renderMessage('dunning-notice', 'letter', { ...afterDeadline(), causesDefaultAfterDeadline: 'yes' as unknown as boolean })).toThrow(/causesDefaultAfterDeadline/);
  });
});
