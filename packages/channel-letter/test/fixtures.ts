import { money, type OutgoingMessage } from '@mahnwerk/core';
import type { LetterDocument } from '../src/index.js';

/** A Mahnung as a real creditor would send it: consumer in Köln, a claim with interest and a fee. */
export function dunningLetter(over: Partial<LetterDocument> = {}): LetterDocument {
  return {
    locale: 'de',
    date: '2025-02-06',
    sender: {
      name: 'Stadtwerke Musterstadt GmbH',
      addressLines: ['Hafenstraße 12', '50667 Köln'],
      phone: '0221 123456-0',
      email: 'forderungen@stadtwerke-musterstadt.example',
      website: 'www.stadtwerke-musterstadt.example',
      registration: 'Amtsgericht Köln HRB 12345',
      bank: { iban: 'DE89 3704 0044 0532 0130 00', bic: 'COBADEFFXXX', bankName: 'Commerzbank Köln' },
    },
    recipient: { name: 'Maximilian Müller', addressLines: ['Lindenallee 7', '50968 Köln'] },
    info: [
      { label: 'Ihre Kundennummer', value: 'K-778812' },
      { label: 'Rechnung', value: 'RE-2025-001' },
    ],
    subject: 'Mahnung – Rechnung RE-2025-001',
    body: [
      'Guten Tag Maximilian Müller,',
      'unsere Rechnung RE-2025-001 vom 02.01.2025 war am 16.01.2025 fällig und ist bis heute nicht beglichen.',
      'Wir fordern Sie hiermit auf, den offenen Gesamtbetrag von 1.012,54 € bis zum 20.02.2025 zu zahlen.',
      '[statement]',
      'Sollten Sie Einwände gegen die Forderung haben, teilen Sie uns diese bitte umgehend mit. Haben Sie bereits gezahlt, betrachten Sie dieses Schreiben bitte als gegenstandslos.',
    ].join('\n\n'),
    statement: {
      title: 'Forderungsaufstellung (Stand 06.02.2025)',
      rows: [
        { description: 'Hauptforderung Rechnung RE-2025-001 vom 02.01.2025', amount: money('1000.00') },
        { description: 'Zinsen 17.01.2025 bis 06.02.2025: 21 Tage zu 7,27 % p. a. aus 1.000,00 €', basis: '§ 288 Abs. 1 BGB', amount: money('4.18') },
        { description: 'Mahnkosten vom 06.02.2025', basis: '§ 280 Abs. 2, § 286 BGB', amount: money('2.50') },
      ],
      totals: [
        { label: 'Hauptforderung', amount: money('1000.00') },
        { label: 'Zinsen', amount: money('4.18') },
        { label: 'Kosten', amount: money('2.50') },
        { label: 'Gesamtbetrag', amount: money('1006.68') },
      ],
    },
    payment: { amount: money('1006.68'), reference: 'RE-2025-001', link: 'https://pay.example/c/RE-2025-001' },
    closing: ['Mit freundlichen Grüßen', 'Ihr Forderungsmanagement'],
    ...over,
  };
}

/**
 * The Mahnung of {@link dunningLetter} as the dispatcher hands it to the letter channel (plain text,
 * no payment, no letter body): `over` adds or replaces fields.
 */
export function dunningMessage(over: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    id: 'RE-2025-001:msg:dunning-notice:1',
    claimId: 'RE-2025-001',
    channel: 'letter',
    to: { name: 'Maximilian Müller', address: ['Lindenallee 7', '50968 Köln'] },
    subject: 'Mahnung – Rechnung RE-2025-001',
    text: 'Guten Tag Maximilian Müller,\n\nbitte zahlen Sie 1.006,68 € bis zum 20.02.2025.',
    locale: 'de',
    date: '2025-02-06',
    ...over,
  };
}
