import { describe, expect, it } from 'vitest';
import {
  basisNamedInLabel,
  createMahnwerk,
  money,
  createPlainTextRenderer,
  deB2cDefaultPolicy,
  fixedClock,
  project,
  prospectiveCosts,
  renderPlainText,
  statement,
  ValidationError,
  type Channel,
  type OutgoingMessage,
  type PolicyInput,
  type RenderedMessage,
  type Renderer,
} from '../../src/index.js';
import { memoryStore } from './memory-store.js';
import { created, facts, play } from './helpers.js';

const NBSP = '\u00a0';

/*
 * The core's plain-text fallback (used when the host gives no `render`). A consumer claim of
 * 1,000.00 EUR due 2025-01-16 on an agreed calendar date is in default from 2025-01-17 (§ 286 Abs. 2
 * Nr. 1 BGB). Interest to 2025-01-23: 7 days at base rate 2.27 % (1 January 2025) + 5 points =
 * 7.27 % (§ 288 Abs. 1 BGB): 1000.00 × 7.27 % × 7 / 365 = 1.3942… → 1.39 EUR (worked out by hand).
 */
const f = facts({ reference: 'RE-1' });
const st = statement(project(play([created(f)], deB2cDefaultPolicy, '2025-01-02', '2025-01-23')), '2025-01-23');

describe('renderPlainText: an interest period in German text shows German dates only, once', () => {
  it('prints "Zinsen 17.01.2025 bis 23.01.2025: 7 Tage zu 7,27 % p. a. aus 1.000,00 €: 1,39 € (§ 288 Abs. 1 BGB)" and no ISO date', () => {
    const { text } = renderPlainText({ template: 'reminder', channel: 'email', locale: 'de', claim: f, statement: st });
    expect(text).toContain(`  Zinsen 17.01.2025 bis 23.01.2025: 7 Tage zu 7,27 % p. a. aus 1.000,00${NBSP}€: 1,39${NBSP}€ (§ 288 Abs. 1 BGB)\n`);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(text.split('17.01.2025').length - 1).toBe(1);
  });

  it('the English text names the period once too, with its days in words as English letters write them (not ISO)', () => {
    // It printed "Interest 2025-01-17 to 2025-01-23" and "invoice RE-1 of 2025-01-02" where the templates write "17 January 2025".
    const { text } = renderPlainText({ template: 'reminder', channel: 'email', locale: 'en', claim: f, statement: st });
    expect(text).toContain(`  Interest 17 January 2025 to 23 January 2025: 7 days at 7.27 % p.a. on €1,000.00: €1.39 (§ 288 Abs. 1 BGB)\n`);
    expect(text).toContain('the following amount of our invoice RE-1 of 2 January 2025 is open:');
    expect(text.split('17 January 2025').length - 1).toBe(1);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  // A period of ONE day is that day (core's one rule, periodInWords), as the templates' letters write it:
  // as of 2025-01-17, the first day of default: 1000.00 × 7.27 % × 1 / 365 = 0.199178… → 0.20 EUR.
  it('a period of one day reads "Zinsen am 17.01.2025: 1 Tag" / "Interest on 17 January 2025: 1 day", never the day twice', () => {
    const oneDay = statement(project(play([created(f)], deB2cDefaultPolicy, '2025-01-02', '2025-01-17')), '2025-01-17');
    const de = renderPlainText({ template: 'reminder', channel: 'email', locale: 'de', claim: f, statement: oneDay }).text;
    expect(de).toContain(`  Zinsen am 17.01.2025: 1 Tag zu 7,27 % p. a. aus 1.000,00${NBSP}€: 0,20${NBSP}€ (§ 288 Abs. 1 BGB)\n`);
    expect(de).not.toContain('17.01.2025 bis 17.01.2025');
    const en = renderPlainText({ template: 'reminder', channel: 'email', locale: 'en', claim: f, statement: oneDay }).text;
    expect(en).toContain(`  Interest on 17 January 2025: 1 day at 7.27 % p.a. on €1,000.00: €0.20 (§ 288 Abs. 1 BGB)\n`);
    expect(en).not.toContain('17 January 2025 to 17 January 2025');
  });

  it('the English deadline and the default sentence write their day in words too', () => {
    const { text } = renderPlainText({ template: 'dunning-notice', channel: 'letter', locale: 'en', claim: f, statement: st, deadline: '2025-02-06', causesDefault: true });
    expect(text).toContain('Please pay the open amount by 6 February 2025.');
    expect(text).toContain('The deadline of 6 February 2025 is not a deferral of payment');
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('other lines keep their label and basis', () => {
    const { text } = renderPlainText({ template: 'reminder', channel: 'email', locale: 'de', claim: f, statement: st });
    expect(text).toContain(`  Hauptforderung: 1.000,00${NBSP}€ (Rechnung RE-1)\n`);
  });

  it('the English text words the other lines in English (statementLineText), not with the stored German label', () => {
    // It printed "Hauptforderung: €1,000.00 (Rechnung RE-1)" to an English reader.
    const { text } = renderPlainText({ template: 'reminder', channel: 'email', locale: 'en', claim: f, statement: st });
    expect(text).toContain(`  Principal claim: €1,000.00 (Invoice RE-1)\n`);
    expect(text).not.toMatch(/Hauptforderung|Rechnung/);
  });
});

describe('renderPlainText: a label that names its basis is not followed by it again (basisNamedInLabel)', () => {
  // The ledger labels the flat fee "Verzugspauschale (§ 288 Abs. 5 BGB)" (costLabel) with basis
  // "§ 288 Abs. 5 BGB"; the line read "Verzugspauschale (§ 288 Abs. 5 BGB): 40,00 € (§ 288 Abs. 5 BGB)".
  const flatFee = { part: 'costs' as const, label: 'Verzugspauschale (§ 288 Abs. 5 BGB)', amount: money('40.00', 'EUR'), basis: '§ 288 Abs. 5 BGB', date: '2025-01-17' as const };
  const withFee = { ...st, lines: [...st.lines, flatFee] };

  it('prints the basis once, in the label', () => {
    const { text } = renderPlainText({ template: 'reminder', channel: 'email', locale: 'de', claim: f, statement: withFee });
    expect(text).toContain(`  Verzugspauschale (§ 288 Abs. 5 BGB): 40,00${NBSP}€\n`);
    expect(text.split('§ 288 Abs. 5 BGB').length - 1).toBe(1);
  });

  it('the rule itself: only a label that contains the whole basis counts', () => {
    expect(basisNamedInLabel('Verzugspauschale (§ 288 Abs. 5 BGB)', '§ 288 Abs. 5 BGB')).toBe(true);
    expect(basisNamedInLabel('Geschäftsgebühr Nr. 2300 VV RVG', 'Nr. 2300 VV RVG Anm. (2) S. 1, 3, § 13 Abs. 1 RVG')).toBe(false);
    expect(basisNamedInLabel('Hauptforderung', '')).toBe(false);
  });
});

describe('renderPlainText: the Mahnung whose receipt causes default says so (§ 286 Abs. 1 BGB), as the templates do', () => {
  it('with causesDefault and a deadline: default with receipt, interest from the next day, the deadline is no deferral', () => {
    const { text } = renderPlainText({ template: 'dunning-notice', channel: 'letter', locale: 'de', claim: f, statement: st, deadline: '2025-02-06', causesDefault: true });
    expect(text).toContain(
      '\n\nMit dem Zugang dieser Mahnung geraten Sie in Zahlungsverzug (§ 286 Abs. 1 BGB); ab dem folgenden Tag schulden Sie zusätzlich Verzugszinsen (§ 288 BGB) bis zum Zahlungseingang. Die Zahlungsfrist bis zum 06.02.2025 ist keine Stundung: Sie gibt Ihnen Gelegenheit zu zahlen, bevor wir weitere Schritte einleiten.\n',
    );
  });

  it('without a deadline the sentence ends after the interest; without causesDefault there is none', () => {
    const de = renderPlainText({ template: 'dunning-notice', channel: 'letter', locale: 'de', claim: f, statement: st, causesDefault: true }).text;
    expect(de).toContain('bis zum Zahlungseingang.\n');
    expect(de).not.toContain('Stundung');
    expect(renderPlainText({ template: 'dunning-notice', channel: 'letter', locale: 'de', claim: f, statement: st, deadline: '2025-02-06' }).text).not.toContain('Zahlungsverzug');
    const en = renderPlainText({ template: 'dunning-notice', channel: 'letter', locale: 'en', claim: f, statement: st, deadline: '2025-02-06', causesDefault: true }).text;
    expect(en).toContain('With the receipt of this notice you are in default of payment (§ 286(1) BGB)');
  });
});

describe("renderPlainText: the Mahnung that puts the debtor in default once its deadline has passed says so (mahnungDefault 'after-deadline', § 286 Abs. 1 BGB)", () => {
  it('causesDefaultAfterDeadline: default from the day after the deadline, interest from then — not the receipt sentence', () => {
    const de = renderPlainText({ template: 'dunning-notice', channel: 'letter', locale: 'de', claim: f, statement: st, deadline: '2025-02-06', causesDefaultAfterDeadline: true }).text;
    expect(de).toContain(
      '\n\nZahlen Sie nicht bis zum 06.02.2025, geraten Sie ab dem folgenden Tag in Zahlungsverzug (§ 286 Abs. 1 BGB); von da an schulden Sie zusätzlich Verzugszinsen (§ 288 BGB) bis zum Zahlungseingang.\n',
    );
    expect(de).not.toContain('Mit dem Zugang dieser Mahnung');
    const en = renderPlainText({ template: 'dunning-notice', channel: 'letter', locale: 'en', claim: f, statement: st, deadline: '2025-02-06', causesDefaultAfterDeadline: true }).text;
    // The deadline is written as the letter's own "Please pay … by" line writes it.
    const written = /Please pay the open amount by (.+)\.\n/.exec(en)?.[1];
    expect(written).toBeDefined();
    expect(en).toContain(
      `If you do not pay by ${written ?? ''}, you are in default of payment from the following day (§ 286(1) BGB); from then on you also owe default interest (§ 288 BGB) until payment is received.`,
    );
    expect(en).not.toContain('With the receipt of this notice');
  });
});

describe('renderPlainText: the letter body a letter layout sets between its own head and closing', () => {
  it('for the letter channel: the text without the payment link and the closing, so the PDF prints neither twice; other channels get none', () => {
    const input = { template: 'dunning-notice', channel: 'letter', locale: 'de' as const, claim: f, statement: st, paymentLink: 'https://pay.example/c/1' };
    const out = createPlainTextRenderer({ creditor: { name: 'Beispiel GmbH' } })(input) as RenderedMessage;
    expect(out.text).toContain('Bezahlen: https://pay.example/c/1');
    expect(out.letterBody?.startsWith('Guten Tag')).toBe(true);
    expect(out.letterBody).toContain(`Gesamtbetrag: 1.001,39${NBSP}€`);
    expect(out.letterBody?.endsWith('Falls Sie bereits gezahlt haben, betrachten Sie dieses Schreiben bitte als gegenstandslos.')).toBe(true);
    expect(out.letterBody).not.toContain('Bezahlen:');
    expect(out.letterBody).not.toContain('Mit freundlichen Grüßen');
    expect(renderPlainText({ ...input, channel: 'email' }).letterBody).toBeUndefined();
  });

  it('gives an empty letter head with the letter body (the plain text has no head items), so a letter channel lays the body out as it is; other channels get none', () => {
    // A greeting "Guten Tag Anna⇥Muster," is a paragraph of one label⇥value line: a letter channel that
    // searched the body for head items (the convention before letterHead) took it for one.
    const tabbed = { ...f, debtor: { ...f.debtor, name: 'Anna\tMuster' } };
    const out = renderPlainText({ template: 'dunning-notice', channel: 'letter', locale: 'de', claim: tabbed, statement: st });
    expect(out.letterHead).toEqual([]);
    expect(out.letterBody?.startsWith('Guten Tag Anna\tMuster,\n\n')).toBe(true);
    expect('letterHead' in renderPlainText({ template: 'dunning-notice', channel: 'email', locale: 'de', claim: tabbed, statement: st })).toBe(false);
  });

  it('says its letter body has no statement table (letterStatement: null): its statement lines are text, also a line whose label holds a tab', () => {
    // "  Hauptforderung …: …" then "  Mahn⇥kosten: …" is a caption line and a label⇥amount line: a letter channel that
    // searched the body for tab-separated tables (the convention before letterStatement) printed it as a table.
    const fee = { part: 'costs' as const, label: 'Mahn\tkosten', basis: '', amount: money('1.50'), date: '2025-02-10' };
    const withFee = { ...st, lines: [...st.lines, fee] };
    const out = renderPlainText({ template: 'dunning-notice', channel: 'letter', locale: 'de', claim: f, statement: withFee });
    expect(out.letterStatement).toBeNull();
    expect(out.letterBody).toContain(`  Mahn\tkosten: 1,50${NBSP}€`);
    expect('letterStatement' in renderPlainText({ template: 'dunning-notice', channel: 'email', locale: 'de', claim: f, statement: st })).toBe(false);
  });
});

describe('renderPlainText: the closing names who is dunning', () => {
  // A dunning letter must let the debtor see who demands the money. createPlainTextRenderer signs the
  // plain text with the sender's name under the closing, as the templates do ("Mit freundlichen
  // Grüßen\n{{creditor.name}}").
  it('signed by createPlainTextRenderer({ creditor }): the text ends with the closing and the sender\'s name', () => {
    const render = createPlainTextRenderer({ creditor: { name: 'Beispiel GmbH' } });
    const de = render({ template: 'reminder', channel: 'letter', locale: 'de', claim: f, statement: st }) as RenderedMessage;
    expect(de.text.endsWith('\n\nMit freundlichen Grüßen\nBeispiel GmbH')).toBe(true);
    expect(de.internalNotes).toBeUndefined();
    const en = render({ template: 'reminder', channel: 'letter', locale: 'en', claim: f, statement: st }) as RenderedMessage;
    expect(en.text.endsWith('\n\nKind regards\nBeispiel GmbH')).toBe(true);
  });

  it("takes the templates' sender as it is (a CreditorParty with address and bank is a MessageSender)", () => {
    const creditor = { name: 'Beispiel GmbH', addressLines: ['Musterweg 1', '10115 Berlin'], bank: { iban: 'DE02120300000000202051' } };
    const { text } = createPlainTextRenderer({ creditor })({ template: 'reminder', channel: 'email', locale: 'de', claim: f, statement: st }) as RenderedMessage;
    expect(text.endsWith('Mit freundlichen Grüßen\nBeispiel GmbH')).toBe(true);
    expect(text).not.toContain('Musterweg');
  });

  it('a function chooses the sender per message: the agency signs its handover letter, the creditor the rest', () => {
    const render = createPlainTextRenderer({
      creditor: (input) => ({ name: input.template === 'handover-inkasso' ? 'Muster Inkasso GmbH' : 'Beispiel GmbH' }),
    });
    const handover = render({ template: 'handover-inkasso', channel: 'letter', locale: 'de', claim: f, statement: st }) as RenderedMessage;
    const reminder = render({ template: 'reminder', channel: 'letter', locale: 'de', claim: f, statement: st }) as RenderedMessage;
    expect(handover.text.endsWith('\nMuster Inkasso GmbH')).toBe(true);
    expect(reminder.text.endsWith('\nBeispiel GmbH')).toBe(true);
  });

  it('a sender without a name is refused with invalid_input naming creditor.name: at once when fixed, for the message when chosen per message', () => {
    expect(() => createPlainTextRenderer({ creditor: { name: '  ' } })).toThrowError(ValidationError);
    expect(() => createPlainTextRenderer({ creditor: { name: '' } })).toThrowError(/creditor\.name/);
    const perMessage = createPlainTextRenderer({ creditor: () => ({ name: '' }) });
    try {
      perMessage({ template: 'reminder', channel: 'letter', locale: 'de', claim: f, statement: st });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).code).toBe('invalid_input');
      expect((error as ValidationError).field).toBe('creditor.name');
    }
  });

  it('without a sender (the default of createMahnwerk) it says so under the closing — "(Absender nicht angegeben)" / "(sender not named)" — and notes it for the sender\'s files', () => {
    const de = renderPlainText({ template: 'reminder', channel: 'letter', locale: 'de', claim: f, statement: st });
    expect(de.text.endsWith('\n\nMit freundlichen Grüßen\n(Absender nicht angegeben)')).toBe(true);
    expect(de.internalNotes).toEqual([expect.stringContaining('createPlainTextRenderer({ creditor: { name } })')]);
    const en = renderPlainText({ template: 'reminder', channel: 'letter', locale: 'en', claim: f, statement: st });
    expect(en.text.endsWith('\n\nKind regards\n(sender not named)')).toBe(true);
    expect(`${de.text}${en.text}`).not.toMatch(/undefined|null/);
  });
});

describe('createMahnwerk({ render: createPlainTextRenderer({ creditor }) }): the message sent names the creditor', () => {
  it('the reminder e-mail of 2025-01-23 ends with "Mit freundlichen Grüßen\\nBeispiel GmbH"; without render it ends unsigned', async () => {
    const sentWith = async (render?: Renderer): Promise<OutgoingMessage[]> => {
      const sent: OutgoingMessage[] = [];
      const email: Channel = {
        specificationVersion: 'v1',
        name: 'email',
        canReach: (to) => to.email !== undefined,
        send: (message) => {
          sent.push(message);
          return Promise.resolve({ providerMessageId: message.id });
        },
      };
      const mw = createMahnwerk({ store: memoryStore(), channels: [email], policy: 'auto', clock: fixedClock('2025-01-23'), ...(render === undefined ? {} : { render }) });
      await mw.createClaim({
        id: 'RE-1',
        debtor: { id: 'D-1', kind: 'consumer', name: 'Erika Muster', email: 'erika@example.org' },
        principal: '1000.00',
        currency: 'EUR',
        invoiceDate: '2025-01-02',
        dueDate: '2025-01-16',
        dueDateAgreed: true,
      });
      await mw.runDue('2025-01-23');
      return sent;
    };
    const signed = await sentWith(createPlainTextRenderer({ creditor: { name: 'Beispiel GmbH' } }));
    expect(signed.map((m) => m.subject)).toEqual(['Zahlungserinnerung: RE-1']);
    expect(signed[0]?.text.endsWith('\n\nMit freundlichen Grüßen\nBeispiel GmbH')).toBe(true);
    const unsigned = await sentWith();
    expect(unsigned[0]?.text.endsWith('\n\nMit freundlichen Grüßen\n(Absender nicht angegeben)')).toBe(true);
  });
});

/*
 * The plain-text fallback announces the court fee of a Mahnbescheid application as the templates do,
 * from the same value: RenderInput.prospectiveCosts, made by core's prospectiveCosts (KV 1100 GKG on
 * the open principal, § 43 Abs. 1 GKG; the table in force the day after the deadline). Figures by hand
 * from the § 34 GKG table of 2025-06-01 (shared/legal § 6): the 1.0 fee for 4,000.00 € is
 * 40.00 (to 500) + 3 × 21.00 (to 2,000) + 2 × 22.50 (to 4,000) = 148.00 €, its half 74.00 € — above
 * the KV 1100 minimum of 38.00 €, so 74.00 €. For 1,000.00 €: 40.00 + 21.00 = 61.00 €, half 30.50 €,
 * below the minimum: 38.00 €.
 */
describe('renderPlainText: the court fee a court dunning announcement announces (prospectiveCosts, KV 1100 GKG), outside the total', () => {
  const announced = (principal: string, locale: 'de' | 'en') => {
    const statementThen = { ...st, asOf: '2025-09-01' as const, principal: money(principal, 'EUR') };
    return prospectiveCosts('court-dunning-announcement', statementThen, '2025-09-01', '2025-09-15', locale);
  };

  it('German: after the deadline, "Durch den angekündigten Schritt entstünden weitere Kosten …" and the fee as its statement line will read, 74,00 € for 4.000,00 €; the total is unchanged', () => {
    const input = { template: 'court-dunning-announcement', channel: 'letter', locale: 'de' as const, claim: f, statement: st, deadline: '2025-09-15' as const, prospectiveCosts: announced('4000.00', 'de') };
    const out = renderPlainText(input, { name: 'Beispiel GmbH' });
    const notice =
      '\n\nBitte zahlen Sie den offenen Betrag bis zum 15.09.2025.\n\n' +
      'Durch den angekündigten Schritt entstünden weitere Kosten, die Sie zu tragen hätten und die im offenen Gesamtbetrag nicht enthalten sind:\n' +
      `  Gerichtskosten Mahnverfahren (KV 1100 GKG): 74,00${NBSP}€ (KV Nr. 1100 GKG (0,5-Gebühr, mindestens 38,00 EUR), § 34 GKG (Fassung ab 01.06.2025))\n`;
    expect(out.text).toContain(notice);
    // The printed letter's body says it too (the letter channel lays out the body, not the text).
    expect(out.letterBody).toContain(notice);
    // Not in the total: the statement's own 1.001,39 € (1,000.00 + 1.39 interest, see the top of this file).
    expect(out.text).toContain(`Offener Gesamtbetrag: 1.001,39${NBSP}€`);
  });

  it('English: "The step announced would cause further costs …" and the fee in English words, €38.00 for €1,000.00 (the minimum)', () => {
    const input = { template: 'court-dunning-announcement', channel: 'email', locale: 'en' as const, claim: f, statement: st, deadline: '2025-09-15' as const, prospectiveCosts: announced('1000.00', 'en') };
    const { text } = renderPlainText(input, { name: 'Beispiel GmbH' });
    expect(text).toContain(
      '\n\nThe step announced would cause further costs for you, not included in the total open amount:\n' +
        '  Court fee for the court dunning procedure (KV 1100 GKG): €38.00 (KV Nr. 1100 GKG (0.5 fee, at least EUR 38.00), § 34 GKG (version in force from 1 June 2025))\n',
    );
  });

  it('without announced costs nothing of the kind is printed', () => {
    for (const locale of ['de', 'en'] as const) {
      const { text } = renderPlainText({ template: 'final-notice', channel: 'letter', locale, claim: f, statement: st, deadline: '2025-09-15' }, { name: 'Beispiel GmbH' });
      expect(text).not.toContain('KV 1100');
      expect(text).not.toMatch(/angekündigten Schritt|step announced/);
    }
  });

  it('through createMahnwerk with createPlainTextRenderer: the announcement letter sent carries the engine\'s figure (74,00 € for 4.000,00 €, filing from 2025-09-06 under GKG 2025)', async () => {
    const sent: OutgoingMessage[] = [];
    const letter: Channel = {
      specificationVersion: 'v1',
      name: 'letter',
      canReach: (to) => to.address !== undefined,
      send: (message) => {
        sent.push(message);
        return Promise.resolve({ providerMessageId: message.id });
      },
    };
    const policy: PolicyInput = {
      id: 'announce-plain',
      version: 1,
      name: 'Announcement in plain text',
      stages: [
        {
          id: 'announce',
          name: 'Ankündigung Mahnbescheid',
          kind: 'final-notice',
          trigger: { after: 'due-date', days: 7 },
          actions: [{ type: 'send', channel: 'letter', template: 'court-dunning-announcement' }, { type: 'set-deadline', days: 14 }],
        },
      ],
    };
    const mw = createMahnwerk({ store: memoryStore(), channels: [letter], policy, clock: fixedClock('2025-08-22'), render: createPlainTextRenderer({ creditor: { name: 'Beispiel GmbH' } }) });
    await mw.createClaim({
      id: 'RE-9',
      debtor: { id: 'D-9', kind: 'consumer', name: 'Erika Muster', address: ['Musterstr. 1', '10115 Berlin'] },
      principal: '4000.00',
      currency: 'EUR',
      invoiceDate: '2025-08-01',
      dueDate: '2025-08-15',
      dueDateIsCalendarDate: false,
    });
    // Due 2025-08-15 + 7 days: the letter of 2025-08-22, deadline 2025-09-05, filing from 2025-09-06.
    await mw.runDue('2025-08-22');
    expect(sent).toHaveLength(1);
    const [message] = sent as [OutgoingMessage];
    expect(message.text).toContain(`  Gerichtskosten Mahnverfahren (KV 1100 GKG): 74,00${NBSP}€ (KV Nr. 1100 GKG`);
    expect(message.letterBody).toContain(`  Gerichtskosten Mahnverfahren (KV 1100 GKG): 74,00${NBSP}€ (KV Nr. 1100 GKG`);
    // Not charged: the total and the amount asked for are the principal alone (no interest yet: default begins with this letter's receipt).
    expect(message.text).toContain(`Offener Gesamtbetrag: 4.000,00${NBSP}€`);
    expect(message.payment?.amount).toBe('4000.00');
  });
});
