import { createHash } from 'node:crypto';
import { money, type Money } from '@mahnwerk/core';
import { describe, expect, it } from 'vitest';
import { locales, messageChannels, renderMessage, templateNames, type LetterData, type Locale, type TemplateName } from '../src/index.js';
import { agency, handoverData, handoverStatement, inkasso, letterData } from './fixtures.js';

// The built-in templates' output, byte for byte: every built-in template × locale × channel (letter: text,
// HTML, the printed letter's body, statement and head; e-mail: text and HTML; SMS; each with its subject)
// for a set of inputs that takes every branch of the bodies — the usual letter; a notice whose receipt causes
// default (§ 286 Abs. 1 BGB) or whose deadline does (`causesDefaultAfterDeadline`); an earlier notice that did
// not reach the debtor (§ 130 Abs. 1 S. 1 BGB); the letter after a kept installment plan (§ 311 Abs. 1 BGB,
// § 367 Abs. 1 BGB) in each of those; a collection agency's letters (§ 13a RDG); the court dunning
// announcement's prospective costs; a business debtor with no deadline, payment link, subject or bank.
//
// Each rendering is kept as a digest (SHA-256 of the rendered message as JSON, its first 16 hex digits) and
// its length in the snapshot file beside this spec. A change meant to change no word of a letter (a shared
// partial, a helper that writes a template's source) leaves the file as it is; one that changes a text
// changes the digests of exactly the renderings it should (review the list, then `vitest run -u`).

/** A kept plan of 3 installments, 1,281.64 agreed and paid (as kept-plan-letter.test.ts). */
const keptPlan = { agreedOn: '2025-03-10', installments: 3, agreed: money('1281.64'), paid: money('1281.64') } as const;
/** A plan of one installment of which part was paid. */
const partlyPaidPlan = { agreedOn: '2025-03-10', installments: 1, agreed: money('1281.64'), paid: money('500.00') } as const;
const prospectiveCosts: readonly { label: string; amount: Money }[] = [
  { label: 'Gerichtskosten (Nr. 1100 KV GKG)', amount: money('38.50') },
  { label: 'Verfahrensgebühr (Nr. 3305 VV RVG)', amount: money('111.00') },
];

/** The agency's information without the client's name and address. */
const { client: _client, ...inkassoWithoutClient } = inkasso;

/** The usual letter of `name`: the creditor's own (a consumer's claim), the agency's for the hand-over. */
function usual(name: TemplateName, locale: Locale): LetterData {
  return name === 'handover-inkasso' ? handoverData({ locale, stage: name }) : letterData({ locale, stage: name });
}

/** `data` without the named fields. */
function without(data: LetterData, ...fields: readonly (keyof LetterData)[]): LetterData {
  const copy: Record<string, unknown> = { ...data };
  for (const field of fields) delete copy[field];
  return copy as unknown as LetterData;
}

/** The inputs, by name: each gives the letter data of a template in a locale. */
const inputs: Readonly<Record<string, (name: TemplateName, locale: Locale) => LetterData>> = {
  usual,
  'causes-default': (n, l) => ({ ...usual(n, l), causesDefault: true }),
  'causes-default-after-deadline': (n, l) => ({ ...usual(n, l), causesDefaultAfterDeadline: true }),
  'earlier-notice-not-received': (n, l) => ({ ...usual(n, l), earlierNoticeNotReceived: true }),
  'kept-plan': (n, l) => ({ ...usual(n, l), afterKeptPlan: keptPlan }),
  'kept-plan-causes-default': (n, l) => ({ ...usual(n, l), afterKeptPlan: keptPlan, causesDefault: true }),
  'kept-plan-causes-default-after-deadline': (n, l) => ({ ...usual(n, l), afterKeptPlan: keptPlan, causesDefaultAfterDeadline: true }),
  'kept-plan-partly-paid': (n, l) => ({ ...usual(n, l), afterKeptPlan: partlyPaidPlan }),
  agency: (n, l) => ({ ...usual(n, l), creditor: agency, inkasso, statement: handoverStatement }),
  'agency-kept-plan': (n, l) => ({ ...usual(n, l), creditor: agency, inkasso, statement: handoverStatement, afterKeptPlan: keptPlan }),
  'agency-without-client': (n, l) => ({ ...usual(n, l), creditor: agency, inkasso: inkassoWithoutClient, statement: handoverStatement }),
  'prospective-costs': (n, l) => ({ ...usual(n, l), prospectiveCosts }),
  'prospective-costs-kept-plan': (n, l) => ({ ...usual(n, l), prospectiveCosts, afterKeptPlan: keptPlan }),
  'business-bare': (n, l) => {
    const data = without(usual(n, l), 'deadline', 'paymentLink');
    const { bank: _bank, ...creditor } = data.creditor;
    const { subject: _subject, ...claim } = data.claim;
    return { ...data, creditor, claim, debtor: { name: 'Muster GmbH', kind: 'business', addressLines: ['Industriestraße 5', '70565 Stuttgart'] } };
  },
  'business-bare-kept-plan': (n, l) => {
    const data = without(usual(n, l), 'deadline', 'paymentLink');
    return { ...data, debtor: { name: 'Muster GmbH', kind: 'business', addressLines: ['Industriestraße 5', '70565 Stuttgart'] }, afterKeptPlan: keptPlan };
  },
};

/** "input locale/channel/name digest length" of every rendering, or "… throws code" for one refused. */
function renderings(): string[] {
  const lines: string[] = [];
  for (const [input, data] of Object.entries(inputs)) {
    for (const locale of locales) {
      for (const name of templateNames) {
        for (const channel of messageChannels) {
          const key = `${input} ${locale}/${channel}/${name}`;
          try {
            const bytes = JSON.stringify(renderMessage(name, channel, data(name, locale)));
            lines.push(`${key} ${createHash('sha256').update(bytes).digest('hex').slice(0, 16)} ${bytes.length}`);
          } catch (error) {
            lines.push(`${key} throws ${(error as { code?: string }).code ?? (error as Error).name}`);
          }
        }
      }
    }
  }
  return lines;
}

describe('the built-in templates render byte for byte as recorded (every template × locale × channel × input)', () => {
  it('the digests of all renderings match the snapshot file', async () => {
    const lines = renderings();
    // 15 inputs × 2 locales × 5 templates × 3 channels.
    expect(lines).toHaveLength(Object.keys(inputs).length * locales.length * templateNames.length * messageChannels.length);
    // Only the agency's first demand without its client is refused (§ 13a Abs. 1 Nr. 1 RDG: it must name the client).
    expect(lines.filter((l) => l.includes(' throws ')).map((l) => l.split(' ')[0] + ' ' + (l.split(' ')[1] ?? '').split('/')[2])).toEqual(Array(6).fill('agency-without-client handover-inkasso'));
    await expect(`${lines.join('\n')}\n`).toMatchFileSnapshot('./__snapshots__/builtin-renderings.txt');
  });
});
