import { describe, expect, it } from 'vitest';
import {
  allocateIncomingPayment,
  dayInWords,
  letterNotSentBasis,
  paymentDayCostsBasis,
  money,
  project,
  reverseIncomingPayment,
  statement,
  statementLineItem,
  statementLineText,
  toAmountString,
  unconfirmedMinimumNote,
  unconfirmedText,
  ValidationError,
  type ClaimEvent,
  type StatementLine,
  type StatementLineItem,
} from '../../src/index.js';
import { courtDunningFeeBasis, germanLabel, germanUnconfirmed } from '../../src/ledger/statement-words.js';
import { computeCollectionCosts } from '../../src/index.js';
import { germanWordsIn } from './german-words.js';
import { CLAIM, created, defaultBegan, fee } from './fixtures.js';

// Statement lines keep their German label (letters, outboxes and the checksum guard read it); a
// renderer words a line for its reader with statementLineText. The English words below are the
// wording chosen for English-speaking debtors (issue: English letters printed German labels); each
// German statute or fee citation stays as the German law cites it.

/** A consumer claim with every kind of line an English letter showed in German. */
export function wordsClaim(): ClaimEvent[] {
  const events: ClaimEvent[] = [
    created('249.90', { date: '2025-03-03', facts: { reference: 'RE-1', invoiceDate: '2025-03-03', dueDate: '2025-03-17' } }),
    defaultBegan('2025-03-18'),
    { ...fee('2025-04-28', '2.50', 'creditor-dunning-fee'), basis: '§§ 280 Abs. 1, 2, 286 BGB' } as ClaimEvent,
    {
      type: 'fee-charged',
      claimId: CLAIM,
      date: '2025-05-20',
      feeId: `${CLAIM}:fee:collection-costs:2025-05-20:1`,
      kind: 'collection-costs',
      code: 'Nr. 2300 VV RVG',
      amount: '36.77',
      basis: '§ 13e RDG',
      // Inputs only (not asserted): 0.5 × 51.50 = 25.75; 20 % of it = 5.15; 19 % of 30.90 = 5.871 → 5.87; 36.77 in all.
      items: [
        { code: 'Nr. 2300 VV RVG', amount: '25.75', factor: '0.5', baseFee: '51.50', basis: 'Nr. 2300 VV RVG, § 13e Abs. 1 RDG' },
        { code: 'Nr. 7002 VV RVG', amount: '5.15', basis: 'Nr. 7002 VV RVG' },
        { code: 'Nr. 7008 VV RVG', amount: '5.87', basis: 'Nr. 7008 VV RVG, § 13a Abs. 1 Nr. 6 RDG' },
      ],
    },
  ];
  events.push(allocateIncomingPayment(project(events), { paymentId: 'P1', amount: money('100.00'), date: '2025-06-02' }));
  events.push(...reverseIncomingPayment(project(events), { reversalId: 'R1', paymentId: 'P1', kind: 'refund', amount: money('60.00'), date: '2025-06-10' }));
  return events;
}

describe('statementLineText — one function words a statement line for a language', () => {
  const events = wordsClaim();
  const st = statement(project(events), '2025-06-20');

  it("German returns each line's own label and basis exactly (the German letters stay as they are)", () => {
    for (const line of st.lines) expect(statementLineText(line, 'de')).toEqual({ label: line.label, basis: line.basis });
  });

  it('every line statement makes is read back to the item its German label was made from (round trip)', () => {
    for (const line of st.lines) {
      const item = statementLineItem(line);
      expect(item.kind, line.label).not.toBe('other');
      expect(germanLabel(item as Exclude<StatementLineItem, { kind: 'other' }>)).toBe(line.label);
    }
  });

  it('English words principal, interest, creditor fee, collection costs, payment and refund; citations stay as cited', () => {
    // Expected, written by hand from the rules of the ledger: principal 249.90 of 2025-03-03 (RE-1);
    // default from 2025-03-18; interest periods split on the payment day (06-02) and the refund day
    // (06-10); the creditor fee 'Mahnkosten' of 04-28; the collection costs' three items of 05-20; the
    // payment of 100.00 pays costs 39.27 (2.50 + 36.77) first, then interest 3.78 (249.90 × 7.27 % ×
    // 76/365 = 3.7829…, 2025-03-18 to 06-01), then principal 56.95 (§ 367 Abs. 1 BGB); the refund of
    // 60.00 takes back the principal part 56.95 and 3.05 of the interest part (reversal.ts: the tail
    // first), listed costs, interest, principal.
    expect(st.lines.filter((l) => l.date === '2025-06-02' && l.label.startsWith('Zahlung')).map((l) => l.amount.amount.toFixed(2))).toEqual(['-39.27', '-3.78', '-56.95']);
    expect(st.lines.filter((l) => l.date === '2025-06-10' && l.label.startsWith('Erstattung')).map((l) => l.amount.amount.toFixed(2))).toEqual(['3.05', '56.95']);
    const text = st.lines.map((l) => [l.part, statementLineText(l, 'en').label, statementLineText(l, 'en').basis]);
    expect(text).toEqual([
      ['principal', 'Principal claim', 'Invoice RE-1'],
      ['interest', 'Default interest 18 March 2025 to 1 June 2025', '§ 288 Abs. 1 BGB'],
      ['costs', 'Dunning costs (postage and materials)', '§§ 280 Abs. 1, 2, 286 BGB'],
      ['costs', 'Business fee, Nr. 2300 VV RVG', 'Nr. 2300 VV RVG, § 13e Abs. 1 RDG'],
      ['costs', 'Flat-rate postage and telecommunication expenses, Nr. 7002 VV RVG', 'Nr. 7002 VV RVG'],
      ['costs', 'VAT, Nr. 7008 VV RVG', 'Nr. 7008 VV RVG, § 13a Abs. 1 Nr. 6 RDG'],
      ['costs', 'Payment towards costs', '§ 362 Abs. 1 BGB; § 367 Abs. 1 BGB'],
      ['interest', 'Payment towards interest', '§ 362 Abs. 1 BGB; § 367 Abs. 1 BGB'],
      ['principal', 'Payment towards principal claim', '§ 362 Abs. 1 BGB; § 367 Abs. 1 BGB'],
      ['interest', 'Default interest 2 June 2025 to 9 June 2025', '§ 288 Abs. 1 BGB'],
      ['interest', 'Payment refunded (interest part)', 'Payment refunded to the debtor; to that extent the claim is not paid (§ 362 Abs. 1 BGB)'],
      ['principal', 'Payment refunded (principal claim part)', 'Payment refunded to the debtor; to that extent the claim is not paid (§ 362 Abs. 1 BGB)'],
      ['interest', 'Default interest 10 June 2025 to 20 June 2025', '§ 288 Abs. 1 BGB'],
    ]);
  });

  it('a line that went through JSON (an outbox, host letter data) is worded the same', () => {
    const json = JSON.parse(JSON.stringify(st.lines)) as StatementLine[];
    expect(json.map((l) => statementLineText(l, 'en'))).toEqual(st.lines.map((l) => statementLineText(l, 'en')));
  });

  it('fee reductions and reinstatements, credited costs, chargebacks, adjustments and the rounding line: English words for each German label', () => {
    const line = (part: StatementLine['part'], label: string, basis = '', code?: string): StatementLine => ({
      part,
      label,
      amount: money('1.00'),
      basis,
      date: '2025-06-20',
      ...(code === undefined ? {} : { code }),
    });
    const cases: [StatementLine, string, string][] = [
      [line('costs', 'Entfällt: Inkassokosten, am Tag der Zahlung entstanden'), 'Dropped: collection costs, incurred on the day of payment', ''],
      [line('costs', 'Entfällt: Verzugspauschale (§ 288 Abs. 5 BGB), am Tag der Zahlung entstanden'), 'Dropped: Flat-rate default charge (§ 288 Abs. 5 BGB), incurred on the day of payment', ''],
      [
        line('costs', 'Entfällt: Mahnkosten (Porto und Material), Schreiben nicht versandt', letterNotSentBasis),
        'Dropped: Dunning costs (postage and materials), letter not sent',
        '§§ 280 Abs. 2, 286 BGB; § 249 Abs. 1 BGB (letter not sent: no costs arose)',
      ],
      [
        line('costs', 'Entfällt: Verzugspauschale (§ 288 Abs. 5 BGB), am Tag der Zahlung entstanden', paymentDayCostsBasis),
        'Dropped: Flat-rate default charge (§ 288 Abs. 5 BGB), incurred on the day of payment',
        '§§ 280 Abs. 2, 286 BGB; § 254 Abs. 2 BGB (paid on the day of the step)',
      ],
      [
        line('costs', 'Geschäftsgebühr Nr. 2300 VV RVG', 'Nr. 2300 VV RVG Anm. (2) S. 1, 3, § 13 Abs. 1 RVG (Fassung ab 01.01.2021), § 13e Abs. 1 RDG', 'Nr. 2300 VV RVG'),
        'Business fee, Nr. 2300 VV RVG',
        'Nr. 2300 VV RVG Anm. (2) S. 1, 3, § 13 Abs. 1 RVG (version in force from 1 January 2021), § 13e Abs. 1 RDG',
      ],
      [line('costs', 'Ermäßigung der Inkassokosten auf die 0,5-Geschäftsgebühr (einfacher Fall, Nr. 2300 VV RVG)'), 'Collection costs lowered to the 0.5 business fee (simple case, Nr. 2300 VV RVG)', ''],
      [line('costs', 'Ermäßigung Mahnkosten (Porto und Material)'), 'Reduction of Dunning costs (postage and materials)', ''],
      // A fee put back because the payment its reduction rested on was taken back (fee-reinstated, § 362 Abs. 1 BGB).
      [
        line('costs', 'Wieder berechnet: Verzugspauschale (§ 288 Abs. 5 BGB), Zahlung zurückgebucht', '§ 362 Abs. 1 BGB; §§ 280 Abs. 2, 286 BGB (Zahlung zurückgebucht: am Tag des Schritts nicht erfüllt)'),
        'Charged again: Flat-rate default charge (§ 288 Abs. 5 BGB), payment taken back',
        '§ 362 Abs. 1 BGB; §§ 280 Abs. 2, 286 BGB (payment taken back: the claim was not paid on the day of the step)',
      ],
      [
        line('costs', 'Wieder berechnet: Inkassokosten, Zahlung zurückgebucht', '§ 362 Abs. 1 BGB; Anm. Abs. 2 S. 2 zu Nr. 2300 VV RVG; § 13e RDG (Zahlung zurückgebucht: nicht binnen zwei Wochen beglichen, kein einfacher Fall)'),
        'Charged again: collection costs, payment taken back',
        '§ 362 Abs. 1 BGB; Anm. Abs. 2 S. 2 zu Nr. 2300 VV RVG; § 13e RDG (payment taken back: not paid within two weeks, not a simple case)',
      ],
      [line('costs', 'Verrechnung zu viel gezahlter Kosten', '§ 362 Abs. 1 BGB; § 367 Abs. 1 BGB'), 'Costs paid in excess, credited to the principal claim', '§ 362 Abs. 1 BGB; § 367 Abs. 1 BGB'],
      [
        line('costs', 'Auf entfallene Kosten gezahlt, als Überzahlung gehalten', '§ 812 Abs. 1 S. 1 Alt. 1 BGB'),
        'Paid towards costs that dropped, held as an overpayment',
        '§ 812 Abs. 1 S. 1 Alt. 1 BGB',
      ],
      [
        line('costs', 'Rückbelastung der Zahlung auf Kosten', 'Zahlung zurückbelastet (Chargeback/Rücklastschrift); insoweit keine Erfüllung (§ 362 Abs. 1 BGB)'),
        'Payment charged back (costs part)',
        'Payment charged back (card chargeback or returned direct debit); to that extent the claim is not paid (§ 362 Abs. 1 BGB)',
      ],
      [line('principal', 'Gutschrift', 'Gutschrift des Gläubigers (Minderung der Hauptforderung)'), 'Credit note', "Creditor's credit note (lowers the principal claim)"],
      [line('principal', 'Teilerlass: goodwill', '§ 397 Abs. 1 BGB (Erlass)'), 'Partial waiver: goodwill', '§ 397 Abs. 1 BGB (waiver)'],
      [line('interest', 'Rundungsdifferenz Verzugszinsen (einmalige Rundung der Summe)', '§ 288 Abs. 1 BGB'), 'Rounding difference on default interest (the total rounded once)', '§ 288 Abs. 1 BGB'],
      [line('costs', 'Verzugspauschale (§ 288 Abs. 5 BGB)', '§ 288 Abs. 5 BGB', '§ 288 Abs. 5 BGB'), 'Flat-rate default charge (§ 288 Abs. 5 BGB)', '§ 288 Abs. 5 BGB'],
      [line('costs', 'Gerichtskosten Mahnverfahren (KV 1100 GKG)', 'KV 1100 GKG'), 'Court fee for the court dunning procedure (KV 1100 GKG)', 'KV 1100 GKG'],
    ];
    for (const [l, label, basis] of cases) {
      expect(statementLineText(l, 'en'), l.label).toEqual({ label, basis: basis === '' ? l.basis : basis });
      expect(germanLabel(statementLineItem(l) as Exclude<StatementLineItem, { kind: 'other' }>)).toBe(l.label);
    }
  });

  it('a line statement did not make (built by a host) keeps its label and basis in every language', () => {
    const own: StatementLine = { part: 'principal', label: 'Hauptforderung Rechnung RE-7', amount: money('1.00'), basis: '§ 433 Abs. 2 BGB', date: '2025-01-01' };
    expect(statementLineItem(own)).toEqual({ kind: 'other' });
    expect(statementLineText(own, 'en')).toEqual({ label: own.label, basis: own.basis });
  });

  it('a language other than de or en is refused with a typed error naming the field', () => {
    const l = st.lines[0] as StatementLine;
    expect(() => statementLineText(l, 'fr' as never)).toThrow(ValidationError);
    expect(() => statementLineText(l, 'fr' as never)).toThrow(/locale: expected 'de' or 'en', got "fr"/);
  });

  it('days in words as the English templates write them (24 November 2026), German 24.11.2026', () => {
    expect(dayInWords('2026-11-24', 'en')).toBe('24 November 2026');
    expect(dayInWords('2025-06-01', 'en')).toBe('1 June 2025');
    expect(dayInWords('2026-11-24', 'de')).toBe('24.11.2026');
  });
});

describe('unconfirmedText and the court fee basis — the remarks and the one basis that were German in English output', () => {
  // Review: English letters' internal notes and the English portal showed "KV 1100 GKG: Mindestgebühr nur aus
  // Sekundärquellen, nicht amtlich bestätigt" and "Basiszinssatz 1.52 % noch nicht amtlich bestätigt …", and the
  // court fee's basis "KV Nr. 1100 GKG (0,5-Gebühr, mindestens 38,00 EUR), § 34 GKG (Fassung ab 01.06.2025)".
  it('German: the remarks exactly as statement.ts wrote them before (statements, outboxes, the checksum guard read them)', () => {
    expect(unconfirmedMinimumNote('KV 1100 GKG')).toBe('KV 1100 GKG: Mindestgebühr nur aus Sekundärquellen, nicht amtlich bestätigt');
    expect(germanUnconfirmed.assumedBaseRate('2.27')).toBe('Basiszinssatz 2.27 % angenommen: für diesen Zeitraum ist kein Basiszinssatz bekannt (§ 247 BGB)');
    expect(germanUnconfirmed.baseRateNotConfirmed('1.52')).toBe('Basiszinssatz 1.52 % noch nicht amtlich bestätigt (§ 247 BGB; Bundesbank/Bundesanzeiger prüfen)');
    expect(courtDunningFeeBasis('38.00', 'Fassung ab 01.06.2025')).toBe('KV Nr. 1100 GKG (0,5-Gebühr, mindestens 38,00 EUR), § 34 GKG (Fassung ab 01.06.2025)');
    for (const remark of [unconfirmedMinimumNote('KV 1100 GKG'), germanUnconfirmed.assumedBaseRate('2.27')]) expect(unconfirmedText(remark, 'de')).toBe(remark);
  });

  it('English: each remark core writes in English words, its figure and citation kept; a remark core does not write is shown as it is', () => {
    expect(unconfirmedText(unconfirmedMinimumNote('KV 1100 GKG'), 'en')).toBe('KV 1100 GKG: minimum fee known from secondary sources only, not officially confirmed');
    expect(unconfirmedText(germanUnconfirmed.assumedBaseRate('2.27'), 'en')).toBe('Base rate 2.27 % assumed: no base rate is known for this period (§ 247 BGB)');
    expect(unconfirmedText(germanUnconfirmed.baseRateNotConfirmed('1.52'), 'en')).toBe('Base rate 1.52 % not yet officially confirmed (§ 247 BGB; check with the Bundesbank or the Federal Gazette)');
    expect(unconfirmedText('figure from the host', 'en')).toBe('figure from the host');
    expect(() => unconfirmedText('x', 'fr' as never)).toThrow(ValidationError);
  });

  it('the court fee line (KV 1100 GKG) in English: label and basis, the minimum in English figures, the table version in words', () => {
    const line: StatementLine = {
      part: 'costs',
      label: 'Gerichtskosten Mahnverfahren (KV 1100 GKG)',
      amount: money('38.00'),
      basis: courtDunningFeeBasis('38.00', 'Fassung ab 01.06.2025'),
      date: '2026-08-12',
      code: 'KV 1100 GKG',
    };
    expect(statementLineText(line, 'en')).toEqual({
      label: 'Court fee for the court dunning procedure (KV 1100 GKG)',
      basis: 'KV Nr. 1100 GKG (0.5 fee, at least EUR 38.00), § 34 GKG (version in force from 1 June 2025)',
    });
    expect(statementLineText(line, 'de')).toEqual({ label: line.label, basis: line.basis });
  });
});

describe('a mandate given before the Inkasso reform (Nr. 2300 VV RVG Anm. (1), § 60 RVG): its basis in the reader\'s language', () => {
  // The collection costs of a mandate of 2021-09-30 (before the reform in force 2021-10-01): only Anm. (1)
  // applied; § 60 RVG keeps the old law for a mandate given before a change (facts file § 3.2 "Transition").
  // Their basis was booked as 'Nr. 2300 VV RVG Anm. (1) (mandate before 2021-10-01)': English words and an
  // ISO date in a German letter, and an ISO date in an English one.
  const costs = computeCollectionCosts({ claim: money('1200.00', 'EUR'), mandateDate: '2021-09-30', case: 'uncontested' });
  const nr2300 = costs.items.find((i) => i.code === 'Nr. 2300 VV RVG');
  const events: ClaimEvent[] = [
    created('1200.00', { date: '2021-08-02', facts: { reference: 'RE-7', invoiceDate: '2021-08-02', dueDate: '2021-08-16' } }),
    defaultBegan('2021-08-17'),
    {
      type: 'fee-charged',
      claimId: CLAIM,
      date: '2021-09-30',
      feeId: `${CLAIM}:fee:collection-costs:2021-09-30:1`,
      kind: 'collection-costs',
      code: 'Nr. 2300 VV RVG',
      amount: toAmountString(costs.total),
      basis: '§ 13e RDG',
      items: costs.items.map((i) => ({ code: i.code, amount: toAmountString(i.amount), basis: i.basis, ...(i.factor === undefined ? {} : { factor: i.factor.toString() }) })),
    } as ClaimEvent,
  ];

  it('German: the mandate date in German words, nothing English', () => {
    expect(nr2300?.basis).toBe('Nr. 2300 VV RVG Anm. (1) (Auftrag vor dem 01.10.2021, § 60 RVG), § 13 Abs. 1 RVG (Fassung ab 01.01.2021), § 13e Abs. 1 RDG');
    expect(nr2300?.basis).not.toMatch(/mandate|before|2021-10-01/);
  });

  it('English: the same citation with the mandate and the table version in English words', () => {
    const st = statement(project(events), '2021-10-15', { allowBeyondKnownBaseRate: true });
    const line = st.lines.find((l) => l.code === 'Nr. 2300 VV RVG' && l.part === 'costs');
    expect(line?.basis).toBe(nr2300?.basis);
    const en = statementLineText(line as StatementLine, 'en');
    expect(en.basis).toBe('Nr. 2300 VV RVG Anm. (1) (mandate given before 1 October 2021, § 60 RVG), § 13 Abs. 1 RVG (version in force from 1 January 2021), § 13e Abs. 1 RDG');
    expect(germanWordsIn(`${en.label} ${en.basis}`)).toEqual([]);
    expect(statementLineText(line as StatementLine, 'de').basis).toBe(nr2300?.basis);
  });
});
