import { createHash } from 'node:crypto';
import { MahnwerkError, renderPlainText, type Channel, type ClaimFacts, type OutgoingMessage, type Statement } from '@mahnwerk/core';
import { testChannel } from '@mahnwerk/testing/vitest';
import { describe, expect, it } from 'vitest';
import { money } from '@mahnwerk/core';
import { createLetterChannel, letterBodyInfo, letterFileName, letterFromMessage, mergedPrintBatch, printBatch, renderLetterPdf, type LetterFile } from '../src/index.js';
import { dunningLetter, dunningMessage } from './fixtures.js';
import { pdfText, tempPdf, withoutPdfTools } from './poppler.js';

const sender = dunningLetter().sender;

function folder() {
  const files = new Map<string, LetterFile>();
  const handed: string[] = [];
  return {
    files,
    handed,
    output: (file: LetterFile) => {
      handed.push(file.name);
      files.set(file.name, file);
      return Promise.resolve();
    },
  };
}

// The Channel port's conformance suite from @mahnwerk/testing; each channel's folder counts what it was handed.
const folders = new WeakMap<Channel, ReturnType<typeof folder>>();
testChannel(
  'letter',
  () => {
    const out = folder();
    const channel = createLetterChannel({ sender, output: out.output, today: () => '2025-02-06' });
    folders.set(channel, out);
    return channel;
  },
  {
    failing: () => createLetterChannel({ sender, output: () => Promise.reject(new Error('print service unreachable')), today: () => '2025-02-06' }),
    deliveries: (channel, key) => folders.get(channel)?.handed.filter((name) => name === letterFileName(key)).length ?? 0,
    ...(withoutPdfTools
      ? {}
      : {
          received: (channel: Channel, key: string) => {
            const file = folders.get(channel)?.files.get(letterFileName(key));
            return file === undefined ? '' : pdfText(tempPdf(file.bytes));
          },
        }),
  },
);

const message: OutgoingMessage = dunningMessage({ payment: { amount: '1006.68', currency: 'EUR', reference: 'RE-2025-001', link: 'https://pay.example/c/1' } });

describe('letterFromMessage', () => {
  it('lays out the letter body when the message has one: head, address, subject, closing and payment block are the layout’s', () => {
    const letterBody = 'Guten Tag Maximilian Müller,\n\nbitte zahlen Sie 1.006,68 € bis zum 20.02.2025.';
    const letter = letterFromMessage({ ...message, text: `Stadtwerke Musterstadt GmbH\n\nMaximilian Müller\n\n${letterBody}\n\nMit freundlichen Grüßen`, letterBody }, sender, '2025-02-06');
    expect(letter.body).toBe(letterBody);
    expect(letter.subject).toBe('Mahnung – Rechnung RE-2025-001');
    expect(letter.recipient).toEqual({ name: 'Maximilian Müller', addressLines: ['Lindenallee 7', '50968 Köln'] });
    expect(letter.closing).toEqual(['Mit freundlichen Grüßen', sender.name]);
  });

  it('the message’s letter head (OutgoingMessage.letterHead, the templates’ customer number) goes into the information block after Unser Zeichen; the body is laid out as it is', () => {
    const letterHead = [
      { label: 'Kundennummer', value: 'K-4711' },
      { label: 'Vertragskonto', value: '55-1234' },
    ];
    const letterBody = 'Guten Tag Maximilian Müller,\n\nbitte zahlen Sie.';
    const letter = letterFromMessage({ ...message, letterBody, letterHead }, sender, '2025-02-06');
    expect(letter.info).toEqual([{ label: 'Unser Zeichen', value: 'RE-2025-001' }, ...letterHead]);
    expect(letter.body).toBe(letterBody);
  });

  it('with a letter head given (also an empty one) the body is never searched for head items: a first paragraph of label⇥value form stays body', () => {
    // A greeting whose name holds a tab reads as `label⇥value`; before letterHead it became a head item and the salutation was lost.
    const letterBody = 'Guten Tag Anna\tMüller,\n\nbitte zahlen Sie.';
    for (const letterHead of [[], [{ label: 'Kundennummer', value: 'K-4711' }]]) {
      const letter = letterFromMessage({ ...message, letterBody, letterHead }, sender, '2025-02-06');
      expect(letter.body).toBe(letterBody);
      expect(letter.info).toEqual([{ label: 'Unser Zeichen', value: 'RE-2025-001' }, ...letterHead]);
    }
  });

  it('core’s plain-text renderer: a debtor name with a tab keeps its salutation in the printed letter (its letter head is empty, not read from the body)', () => {
    const claim: ClaimFacts = {
      id: 'RE-2025-001',
      debtor: { id: 'D-1', kind: 'consumer', name: 'Anna\tMüller', address: ['Lindenallee 7', '50968 Köln'] },
      principal: '1006.68',
      currency: 'EUR',
      invoiceDate: '2025-01-02',
      dueDate: '2025-01-16',
      dueDateIsCalendarDate: false,
      reference: 'RE-2025-001',
    };
    const eur = (amount: string) => money(amount, 'EUR');
    const statement: Statement = {
      claimId: claim.id,
      asOf: '2025-02-06',
      currency: 'EUR',
      lines: [{ part: 'principal', label: 'Hauptforderung', basis: 'Rechnung RE-2025-001', date: '2025-01-02', amount: eur('1006.68') }],
      principal: eur('1006.68'),
      interest: eur('0'),
      costs: eur('0'),
      total: eur('1006.68'),
      interestAccrued: eur('0'),
      unapplied: eur('0'),
    };
    const rendered = renderPlainText({ template: 'dunning-notice', channel: 'letter', locale: 'de', claim, statement }, { name: sender.name });
    expect(rendered.letterHead).toEqual([]);
    const { letterBody, letterHead } = rendered;
    const letter = letterFromMessage({ ...message, text: rendered.text, ...(letterBody === undefined ? {} : { letterBody }), ...(letterHead === undefined ? {} : { letterHead }) }, sender, '2025-02-06');
    expect(letter.body.startsWith('Guten Tag Anna\tMüller,\n\n')).toBe(true);
    expect(letter.info).toEqual([{ label: 'Unser Zeichen', value: 'RE-2025-001' }]);
  });

  it('deprecated fallback — a message with a letter body and no letterHead (a host renderer written before it): label⇥value lines that begin the body go to the information block, after Unser Zeichen, and out of the body', () => {
    const letterBody = 'Kundennummer\tK-4711\nVertragskonto\t55-1234\n\nGuten Tag Maximilian Müller,\n\nbitte zahlen Sie.';
    const letter = letterFromMessage({ ...message, letterBody }, sender, '2025-02-06');
    expect(letter.info).toEqual([
      { label: 'Unser Zeichen', value: 'RE-2025-001' },
      { label: 'Kundennummer', value: 'K-4711' },
      { label: 'Vertragskonto', value: '55-1234' },
    ]);
    expect(letter.body).toBe('Guten Tag Maximilian Müller,\n\nbitte zahlen Sie.');
  });

  it('deprecated fallback: any other first paragraph stays in the body: a line without a tab, with two tabs or an empty side, and the text of a message without a letter body', () => {
    for (const letterBody of ['Guten Tag,\n\nbitte zahlen Sie.', 'Kundennummer\tK-4711\nGuten Tag,\n\nbitte zahlen Sie.', 'a\tb\tc\n\nx', 'Kundennummer\t\n\nx']) {
      expect(letterBodyInfo(letterBody), JSON.stringify(letterBody)).toEqual({ info: [], body: letterBody });
      expect(letterFromMessage({ ...message, letterBody }, sender, '2025-02-06').info).toEqual([{ label: 'Unser Zeichen', value: 'RE-2025-001' }]);
    }
    const text = 'Kundennummer\tK-4711\n\nGuten Tag,';
    expect(letterFromMessage({ ...message, text }, sender, '2025-02-06')).toMatchObject({ body: text, info: [{ label: 'Unser Zeichen', value: 'RE-2025-001' }] });
  });

  it('lays out the text when the message has no letter body (a renderer that makes none)', () => {
    expect(letterFromMessage(message, sender, '2025-02-06').body).toBe(message.text);
  });

  it('prints the payment block for whatever the message asks to pay, in any currency (the letter body leaves payment details to it; the GiroCode is euro only)', () => {
    expect(letterFromMessage(message, sender, '2025-02-06').payment).toEqual({ amount: money('1006.68', 'EUR'), reference: 'RE-2025-001', link: 'https://pay.example/c/1' });
    const chf = letterFromMessage({ ...message, payment: { amount: '250.00', currency: 'CHF', reference: 'RE-2025-001' } }, sender, '2025-02-06');
    expect(chf.payment).toEqual({ amount: money('250.00', 'CHF'), reference: 'RE-2025-001' });
    const { payment: _, ...nothingToPay } = message;
    expect(letterFromMessage(nothingToPay, sender, '2025-02-06').payment).toBeUndefined();
  });
});

describe.skipIf(withoutPdfTools)('a table paragraph of the body (LetterDocument.body)', () => {
  const flat = (text: string): string => text.replace(/\s+/gu, ' ');
  const table = 'Forderungsaufstellung (Stand 06.02.2025)\nHauptforderung vom 02.01.2025\tRechnung RE-1\t100,00 €\nZahlung vom 03.02.2025\t\t-40,00 €\nGesamtbetrag\t60,00 €';

  it('is printed as the statement table: caption, column heads, each item with its basis and amount on one line, the sums', async () => {
    const letter = { ...letterFromMessage(message, sender, '2025-02-06'), body: `Guten Tag,\n\n${table}\n\nMit Dank.` };
    const pdf = flat(pdfText(tempPdf(await renderLetterPdf(letter))));
    expect(pdf).toContain('Guten Tag, Forderungsaufstellung (Stand 06.02.2025) Position Grundlage Betrag Hauptforderung vom 02.01.2025 Rechnung RE-1 100,00 € Zahlung vom 03.02.2025 -40,00 € Gesamtbetrag 60,00 € Mit Dank.');
  });

  it('one that breaks the form (an item after a sum, a line with three tabs) is printed as text', async () => {
    for (const broken of [`${table}\nZahlung\t\t-1,00 €`, `${table}\na\tb\tc\td`]) {
      const letter = { ...letterFromMessage(message, sender, '2025-02-06'), body: `Guten Tag,\n\n${broken}` };
      const pdf = flat(pdfText(tempPdf(await renderLetterPdf(letter))));
      expect(pdf).not.toContain('Position Grundlage Betrag');
      expect(pdf).toContain('Forderungsaufstellung (Stand 06.02.2025) Hauptforderung vom 02.01.2025');
    }
  });
});

describe.skipIf(withoutPdfTools)('createLetterChannel', () => {
  it('hands one PDF per message to the output, named after the message id; the same id goes out once', async () => {
    const out = folder();
    const channel = createLetterChannel({ sender, output: out.output });
    const [a, b] = await Promise.all([channel.send(message), channel.send(message)]);
    expect(a).toEqual({ providerMessageId: 'RE-2025-001_msg_dunning-notice_1.pdf' });
    expect(b).toEqual(a);
    await channel.send(message);
    expect(out.handed).toEqual(['RE-2025-001_msg_dunning-notice_1.pdf']);
    const text = pdfText(tempPdf(out.files.get('RE-2025-001_msg_dunning-notice_1.pdf')?.bytes ?? new Uint8Array()));
    expect(text).toContain('Mahnung – Rechnung RE-2025-001');
    expect(text).toContain('bitte zahlen Sie 1.006,68 € bis zum 20.02.2025.');
    expect(text).toContain('RF27 RE20 2500 1');
  });

  it('reaches a recipient with postal address lines only', () => {
    const channel = createLetterChannel({ sender, output: folder().output });
    expect(channel.canReach({ name: 'A', address: ['Musterweg 1', '10115 Berlin'] })).toBe(true);
    expect(channel.canReach({ name: 'A', email: 'a@example.org' })).toBe(false);
    expect(channel.canReach({ name: 'A', address: [' '] })).toBe(false);
  });

  it('a letter that cannot be laid out fails for good; an output failure may be retried', async () => {
    const channel = createLetterChannel({ sender, output: folder().output });
    const tooLong = { ...message, id: 'x:1', to: { name: 'A', address: ['1', '2', '3', '4', '5', '6'] } };
    await expect(channel.send(tooLong)).rejects.toMatchObject({ code: 'adapter_failed', retryable: false });
    const broken = createLetterChannel({ sender, output: () => Promise.reject(new Error('disk full')) });
    const error = await broken.send(message).catch((e: unknown) => e);
    expect(MahnwerkError.isInstance(error) && error.retryable).toBe(true);
  });

  it('a sender chosen per message: the agency heads the letters of its stages (§ 13a Abs. 1 Nr. 1 RDG: it writes in its own name), the creditor the rest; a choice that throws fails that letter for good', async () => {
    const out = folder();
    const agency = { ...sender, name: 'Muster Inkasso GmbH', addressLines: ['Inkassoplatz 2', '10117 Berlin'] };
    const channel = createLetterChannel({ sender: (m) => (m.stage === 'handover' ? agency : sender), output: out.output });
    await channel.send({ ...message, stage: 'dunning-notice' });
    await channel.send({ ...message, id: 'RE-2025-001:msg:handover:1', stage: 'handover', subject: 'Zahlungsaufforderung im Auftrag von Stadtwerke' });
    const creditorLetter = pdfText(tempPdf(out.files.get('RE-2025-001_msg_dunning-notice_1.pdf')?.bytes ?? new Uint8Array()));
    const agencyLetter = pdfText(tempPdf(out.files.get('RE-2025-001_msg_handover_1.pdf')?.bytes ?? new Uint8Array()));
    expect(creditorLetter).toContain(sender.name);
    expect(creditorLetter).not.toContain('Muster Inkasso GmbH');
    expect(agencyLetter).toContain('Muster Inkasso GmbH · Inkassoplatz 2 · 10117 Berlin');
    const broken = createLetterChannel({
      sender: () => {
        throw new Error('no sender for this stage');
      },
      output: folder().output,
    });
    await expect(broken.send(message)).rejects.toMatchObject({ code: 'adapter_failed', retryable: false });
  });

  it('a cancelled send hands nothing over', async () => {
    const out = folder();
    const channel = createLetterChannel({ sender, output: out.output });
    await expect(channel.send(message, { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'adapter_failed', retryable: true });
    expect(out.handed).toEqual([]);
  });
});

describe.skipIf(withoutPdfTools)('print batches', () => {
  const letters = [
    { id: 'RE-1:msg:1', document: dunningLetter() },
    { id: 'RE-2:msg:1', document: dunningLetter({ recipient: { name: 'Erika Schäfer', addressLines: ['Stephansplatz 1', '1010 WIEN', 'ÖSTERREICH'] } }) },
  ];

  it('one PDF per letter and a manifest CSV with file, recipient, address, pages and SHA-256', async () => {
    const batch = await printBatch(letters);
    expect(batch.files.map((f) => f.name)).toEqual(['RE-1_msg_1.pdf', 'RE-2_msg_1.pdf']);
    const rows = batch.manifest.trimEnd().split('\r\n');
    expect(rows[0]).toBe('file;id;date;recipient;address;country_line;pages;sha256');
    expect(rows).toHaveLength(3);
    const second = rows[2]?.split(';') ?? [];
    expect(second.slice(0, 7)).toEqual(['RE-2_msg_1.pdf', 'RE-2:msg:1', '2025-02-06', 'Erika Schäfer', 'Stephansplatz 1 | 1010 WIEN | ÖSTERREICH', 'ÖSTERREICH', '1']);
    expect(second[7]).toBe(createHash('sha256').update(batch.files[1]?.bytes ?? new Uint8Array()).digest('hex'));
  });

  it('duplicate ids are refused', async () => {
    await expect(printBatch([letters[0]!, letters[0]!])).rejects.toThrow(/ids must be unique/);
  });

  it('one merged PDF: each letter starts on its own page', async () => {
    const pages = pdfText(tempPdf(await mergedPrintBatch(letters))).split('\f').filter((p) => p.trim() !== '');
    expect(pages).toHaveLength(2);
    expect(pages[0]).toContain('Maximilian Müller');
    expect(pages[1]).toContain('Erika Schäfer');
    expect(pages[1]).toContain('ÖSTERREICH');
  });
});
