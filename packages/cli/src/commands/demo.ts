import {
  add,
  prospectiveCosts,
  baseRateCoverage,
  addDays,
  money,
  postalAddressLines,
  simulate,
  sum,
  toAmountString,
  zero,
  type ClaimEvent,
  type IsoDate,
  type Money,
  type SimulatedMessage,
} from '@mahnwerk/core';
import { composeEmail } from '@mahnwerk/channel-email';
import { letterFileName, printBatch, statementTable, type BatchLetter, type LetterDocument, type LetterSender } from '@mahnwerk/channel-letter';
import { createRenderer, templateNames, type CreditorParty, type LetterData } from '@mahnwerk/templates';
import { makeDemoBook } from '../demo-book.js';
import { helpText, parseFlags, str, type FlagSpec } from '../args.js';
import { renderTable, toJson } from '../format.js';
import { UsageError, type CliIo } from '../io.js';
import type { CommandResult } from './command.js';

const flags: readonly FlagSpec[] = [
  { name: 'claims', type: 'string', placeholder: 'n', help: 'number of claims in the book (default 300, at most 100000)' },
  { name: 'days', type: 'string', placeholder: 'n', help: 'days to run (default 180)' },
  { name: 'from', type: 'string', placeholder: 'YYYY-MM-DD', help: 'first day (default 2025-01-02)' },
  { name: 'seed', type: 'string', placeholder: 'integer', help: 'seed of the book (default 42)' },
  { name: 'out', type: 'string', placeholder: 'dir', help: 'where letters and e-mails go (default ./mahnwerk-demo)' },
  { name: 'no-files', type: 'boolean', help: 'do not write letters and e-mails' },
];

/** The demo's creditor: a fictional mail-order shop that hands over to a fictional agency. */
const creditor: CreditorParty = {
  name: 'Beispiel Versand GmbH',
  addressLines: ['Musterweg 1', '10115 Berlin'],
  email: 'forderungen@beispiel-versand.example',
  phone: '+49 30 1234567',
  // The example IBAN of the Bundesbank and the EPC guideline material; a real letter prints the creditor's own.
  bank: { iban: 'DE89 3704 0044 0532 0130 00', bic: 'COBADEFFXXX', holder: 'Beispiel Versand GmbH', bankName: 'Commerzbank' },
  registration: 'Amtsgericht Charlottenburg HRB 000000 (Beispiel)',
};

const agency: CreditorParty = {
  name: 'Muster Inkasso GmbH',
  addressLines: ['Inkassoplatz 2', '10117 Berlin'],
  email: 'post@muster-inkasso.example',
  registration: 'registriert im Rechtsdienstleistungsregister (Beispiel)',
  isCollectionAgency: true,
  bank: { iban: 'DE02100100100006820101', holder: 'Muster Inkasso GmbH' },
};

function positiveInt(value: string | undefined, flag: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw new UsageError(`${flag}: "${value}" is not a whole number between 1 and ${max}.`);
  }
  return Number(value);
}

/** Totals of a demo run. */
export interface DemoSummary {
  /** Claims in the book. */
  readonly claims: number;
  /** Principal invoiced. */
  readonly invoiced: Money;
  /** Money received (all payments, allocated per § 367 BGB). */
  readonly collected: Money;
  /** Of which interest. */
  readonly interestCollected: Money;
  /** Of which costs and fees. */
  readonly costsCollected: Money;
  /** Outstanding at the end (principal + interest + costs). */
  readonly outstanding: Money;
  /** Outstanding interest at the end. */
  readonly interestOutstanding: Money;
  /** Outstanding costs at the end. */
  readonly costsOutstanding: Money;
  /** Claims per status. */
  readonly byStatus: Readonly<Record<string, number>>;
  /** Claims per stage reached (`none` for claims that never entered one). */
  readonly byStage: Readonly<Record<string, number>>;
  /** Messages per template and channel. */
  readonly messages: Readonly<Record<string, number>>;
  /** Engine decisions taken. */
  readonly decisions: number;
}

function count(map: Record<string, number>, key: string): void {
  map[key] = (map[key] ?? 0) + 1;
}

/** Adds up a demo run. */
export function summarize(result: ReturnType<typeof simulate>): DemoSummary {
  const eur = zero('EUR');
  let collected = eur;
  let interestCollected = eur;
  let costsCollected = eur;
  const byStatus: Record<string, number> = {};
  const byStage: Record<string, number> = {};
  const messages: Record<string, number> = {};
  for (const event of result.events as readonly ClaimEvent[]) {
    if (event.type !== 'payment-received') continue;
    const applied = sum([money(event.allocation.costs), money(event.allocation.interest), money(event.allocation.principal)]);
    collected = add(collected, add(applied, money(event.allocation.unapplied)));
    interestCollected = add(interestCollected, money(event.allocation.interest));
    costsCollected = add(costsCollected, money(event.allocation.costs));
  }
  for (const c of result.claims) {
    count(byStatus, c.status);
    count(byStage, c.stage ?? 'none');
  }
  for (const m of result.messages) count(messages, `${m.template} (${m.channel})`);
  return {
    claims: result.claims.length,
    invoiced: sum(result.claims.map((c) => money(c.facts.principal, c.facts.currency)), 'EUR'),
    collected,
    interestCollected,
    costsCollected,
    outstanding: sum(result.claims.map((c) => c.statement.total), 'EUR'),
    interestOutstanding: sum(result.claims.map((c) => c.statement.interest), 'EUR'),
    costsOutstanding: sum(result.claims.map((c) => c.statement.costs), 'EUR'),
    byStatus,
    byStage,
    messages,
    decisions: result.decisions,
  };
}

/**
 * The letter data of one message: the sender and payee are whoever collects at that stage — the shop
 * until the claim is handed over, the agency from then on (its bank account and payment link) — the
 * claim is named by its own description, and a letter announcing the Mahnbescheid shows the court fee
 * the application would cause as a notice, not in the total (it is charged when the application is filed).
 */
function letterData(message: SimulatedMessage, facts: ReturnType<typeof simulate>['claims'][number]['facts'], handedOverOn: IsoDate | undefined): LetterData {
  const handedOver = handedOverOn !== undefined && handedOverOn <= message.date;
  const announced = prospectiveCosts(message.template, message.statement, message.date);
  const subject = facts.description ?? `Rechnung ${facts.reference ?? facts.id}`;
  return {
    locale: facts.debtor.locale ?? 'de',
    stage: message.stage,
    letterDate: message.date,
    creditor: handedOver ? agency : creditor,
    debtor: {
      name: facts.debtor.name,
      kind: facts.debtor.kind,
      addressLines: facts.debtor.address ?? [],
      ...(facts.debtor.postalAddress ? { postalAddress: facts.debtor.postalAddress } : {}),
      ...(facts.debtor.email ? { email: facts.debtor.email } : {}),
    },
    claim: {
      id: facts.id,
      invoiceDate: facts.invoiceDate,
      dueDate: facts.dueDate,
      subject,
      contractDate: facts.contractDate ?? facts.invoiceDate,
      ...(facts.reference ? { reference: facts.reference } : {}),
    },
    statement: message.statement,
    ...(message.deadline ? { deadline: message.deadline } : {}),
    paymentLink: handedOver
      ? `https://zahlung.muster-inkasso.example/f/${encodeURIComponent(facts.id)}`
      : `https://pay.beispiel-versand.example/c/${encodeURIComponent(facts.id)}`,
    ...(announced.length === 0
      ? {}
      : { prospectiveCosts: announced.map((c) => ({ label: c.label, amount: c.amount, ...(c.unconfirmed === undefined ? {} : { unconfirmed: c.unconfirmed }) })) }),
    ...(handedOver
      ? {
          inkasso: {
            client: { name: creditor.name, addressLines: creditor.addressLines ?? [] },
            claimReason: { kind: 'contract' as const, subject, date: facts.contractDate ?? facts.invoiceDate },
            vatOnCosts: false,
            addressResearched: false,
            supervisoryAuthority: {
              name: 'Bundesamt für Justiz (Beispielangabe)',
              addressLines: ['Adenauerallee 99–103', '53113 Bonn'],
              website: 'https://www.bundesjustizamt.de',
            },
          },
        }
      : {}),
  };
}

/**
 * Letter texts for the PDF: salutation and body only (the letter PDF prints letterhead, address,
 * subject, closing and footer itself); the statement partial marks where the PDF's table goes and
 * the payment partial gives way to the PDF's payment block with its GiroCode.
 */
function pdfBodyOverrides(): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const locale of ['de', 'en'] as const) {
    for (const name of templateNames) overrides[`${locale}/letter/${name}`] = `{{> salutation}}\n\n{{> body-${name}}}\n`;
    overrides[`${locale}/partials/statement`] = '[statement]\n';
    overrides[`${locale}/partials/payment`] = '';
  }
  return overrides;
}

/** The PDF letter of a rendered demo letter: sender, recipient, statement table and what to pay. */
function letterDocument(data: LetterData, subject: string, body: string, facts: ReturnType<typeof simulate>['claims'][number]['facts']): LetterDocument {
  const locale = data.locale;
  const reference = facts.reference ?? facts.id;
  const addressLines = facts.debtor.postalAddress === undefined ? (facts.debtor.address ?? []) : postalAddressLines(facts.debtor.postalAddress);
  return {
    locale,
    date: data.letterDate ?? data.statement.asOf,
    sender: letterSender(data.creditor),
    recipient: { name: facts.debtor.name, addressLines },
    info: [{ label: locale === 'de' ? 'Rechnung' : 'Invoice', value: reference }],
    subject,
    body,
    statement: statementTable(data.statement, locale),
    ...(data.statement.total.amount.greaterThan(0)
      ? { payment: { amount: data.statement.total, reference, ...(data.paymentLink === undefined ? {} : { link: data.paymentLink }) } }
      : {}),
    closing: [locale === 'de' ? 'Mit freundlichen Grüßen' : 'Kind regards', data.creditor.signature ?? data.creditor.name],
  };
}

function letterSender(party: CreditorParty): LetterSender {
  return {
    name: party.name,
    addressLines: party.addressLines ?? [],
    ...(party.phone === undefined ? {} : { phone: party.phone }),
    ...(party.email === undefined ? {} : { email: party.email }),
    ...(party.website === undefined ? {} : { website: party.website }),
    ...(party.registration === undefined ? {} : { registration: party.registration }),
    ...(party.bank === undefined
      ? {}
      : {
          bank: {
            iban: party.bank.iban,
            ...(party.bank.bic === undefined ? {} : { bic: party.bank.bic }),
            ...(party.bank.holder === undefined ? {} : { holder: party.bank.holder }),
            ...(party.bank.bankName === undefined ? {} : { bankName: party.bank.bankName }),
          },
        }),
  };
}

/** `mahnwerk demo`: the main job on the embedded default — a realistic book run for 180 days. */
export const demoCommand = {
  name: 'demo',
  summary: 'run a realistic book of claims through the built-in policies for 180 days and write every letter',
  fieldToFlag: { from: '--from' } as Record<string, string>,
  help: () =>
    helpText(
      'demo',
      'run a realistic book of claims through the built-in policies for 180 days and write every letter',
      flags,
      'mahnwerk demo --claims 50 --days 90 --out ./demo-out',
      [
        'numbers   whole numbers: --claims 300, --days 180, --seed 42',
        'dates     calendar dates YYYY-MM-DD (e.g. 2025-01-02)',
        'reads no files; writes <out>/<claim>/<date>-<template>-<channel>.txt|.html, <out>/index.tsv, <out>/timeline.json',
      ],
    ),
  async run(argv: readonly string[], _stdin: () => Promise<string>, io: CliIo): Promise<CommandResult> {
    const f = parseFlags('demo', argv, flags);
    if (f['help']) return { text: demoCommand.help() };
    const size = positiveInt(str(f, 'claims'), '--claims', 300, 100_000);
    const days = positiveInt(str(f, 'days'), '--days', 180, 730);
    const seed = positiveInt(str(f, 'seed'), '--seed', 42, 2 ** 31 - 1);
    const from: IsoDate = str(f, 'from') ?? '2025-01-02';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(from)) throw new UsageError(`--from: "${from}" is not a date written YYYY-MM-DD.`);
    const to = addDays(from, days - 1);
    const out = (str(f, 'out') ?? 'mahnwerk-demo').replace(/(.)\/+$/, '$1');
    const writeFiles = !f['no-files'] && io.writeFile !== undefined;

    const book = makeDemoBook({ start: from, size, seed });
    io.stderr(`mahnwerk demo: ${size} claims (${book.claims.filter((c) => c.debtor.kind === 'business').length} business), ${from} … ${to}\n`);
    let lastShown = -1;
    const result = simulate({
      claims: book.claims,
      policy: 'auto',
      from,
      to,
      behaviour: book.behaviour,
      seed,
      statement: { allowBeyondKnownBaseRate: true },
      onProgress: (done, total) => {
        const pct = Math.floor((done / total) * 100);
        if (pct >= lastShown + 5 || done === total) {
          lastShown = pct;
          const bar = '#'.repeat(Math.floor(pct / 5)).padEnd(20, '.');
          io.stderr(`\r  simulating [${bar}] day ${done}/${total}`);
        }
      },
    });
    io.stderr('\n');
    const coverage = baseRateCoverage(to);
    if (coverage.warning !== null) io.stderr(`mahnwerk demo: warning: ${coverage.warning}\n`);

    let written = 0;
    let pdfs = 0;
    if (writeFiles && io.writeFile) {
      const renderer = createRenderer();
      const pdfRenderer = createRenderer({ overrides: pdfBodyOverrides() });
      const letters: BatchLetter[] = [];
      const facts = new Map(result.claims.map((c) => [c.id, c.facts]));
      const handedOverOn = new Map<string, IsoDate>();
      for (const e of result.events as readonly ClaimEvent[]) if (e.type === 'handed-over' && !handedOverOn.has(e.claimId)) handedOverOn.set(e.claimId, e.date);
      const index: string[] = ['date\tclaim\tstage\tchannel\tfile'];
      for (const message of result.messages) {
        const claim = facts.get(message.claimId);
        if (!claim) continue;
        const channel = message.channel === 'letter' || message.channel === 'sms' ? message.channel : 'email';
        const data = letterData(message, claim, handedOverOn.get(message.claimId));
        const rendered = renderer.render(message.template, channel, data);
        const base = `${out}/${message.claimId}/${message.date}-${message.template}-${channel}`;
        const sender = data.creditor;
        const file = channel === 'email' && claim.debtor.email !== undefined && sender.email !== undefined ? `${base}.eml` : `${base}.txt`;
        if (file.endsWith('.eml')) {
          // A real RFC 5322 message (nodemailer's MIME composer, as the e-mail channel sends it), dated 09:00 UTC on the day it went out.
          const eml = await composeEmail(
            {
              id: message.messageId,
              claimId: message.claimId,
              channel: 'email',
              to: { name: claim.debtor.name, email: claim.debtor.email as string },
              subject: rendered.subject,
              text: rendered.text,
              ...(rendered.html === undefined ? {} : { html: rendered.html }),
              locale: claim.debtor.locale ?? 'de',
            },
            message.messageId,
            { from: { name: sender.name, address: sender.email as string } },
            new Date(`${message.date}T09:00:00Z`),
          );
          await io.writeFile(file, eml.toString('latin1'));
        } else {
          await io.writeFile(file, rendered.text);
        }
        if (rendered.html !== undefined) await io.writeFile(`${base}.html`, rendered.html);
        // Internal notes (e.g. an unconfirmed base rate behind a figure) go to the sender's file, not the letter.
        if (rendered.internalNotes !== undefined) await io.writeFile(`${base}.notes.txt`, `${rendered.internalNotes.join('\n')}\n`);
        if (channel === 'letter' && io.writeBinaryFile !== undefined) {
          const pdf = letterDocument(data, rendered.subject, pdfRenderer.render(message.template, 'letter', data).text, claim);
          const id = `${message.claimId}_${message.date}-${message.template}`;
          letters.push({ id, document: pdf });
          index.push(`${message.date}\t${message.claimId}\t${message.stage}\tletter-pdf\t${out}/letters/${letterFileName(id)}`);
        }
        index.push(`${message.date}\t${message.claimId}\t${message.stage}\t${channel}\t${file}`);
        written++;
        if (written % 100 === 0) io.stderr(`\r  writing letters and e-mails: ${written}/${result.messages.length}`);
      }
      if (letters.length > 0 && io.writeBinaryFile !== undefined) {
        io.stderr(`\r  laying out ${letters.length} letter PDFs (DIN 5008, GiroCode)…\n`);
        const batch = await printBatch(letters);
        for (const pdf of batch.files) await io.writeBinaryFile(`${out}/letters/${pdf.name}`, pdf.bytes);
        await io.writeFile(`${out}/letters/manifest.csv`, batch.manifest);
        pdfs = batch.files.length;
      }
      await io.writeFile(`${out}/index.tsv`, `${index.join('\n')}\n`);
      await io.writeFile(`${out}/timeline.json`, toJson(result.events));
      io.stderr(`\r  writing letters and e-mails: ${written}/${result.messages.length}\n`);
    }

    const s = summarize(result);
    if (f['json']) {
      return {
        text: toJson({
          claims: s.claims,
          from,
          to,
          invoiced: toAmountString(s.invoiced),
          collected: toAmountString(s.collected),
          interestCollected: toAmountString(s.interestCollected),
          costsCollected: toAmountString(s.costsCollected),
          outstanding: toAmountString(s.outstanding),
          interestOutstanding: toAmountString(s.interestOutstanding),
          costsOutstanding: toAmountString(s.costsOutstanding),
          byStatus: s.byStatus,
          byStage: s.byStage,
          messages: s.messages,
          decisions: s.decisions,
          filesWritten: written,
          letterPdfs: pdfs,
          ...(writeFiles ? { out } : {}),
        }),
      };
    }
    const money2 = (m: Money) => `${toAmountString(m)} EUR`;
    const lines = [
      '',
      `Summary ${from} … ${to} (${s.claims} claims, ${s.decisions} engine decisions)`,
      renderTable(
        ['', 'amount'],
        [
          ['invoiced (principal)', money2(s.invoiced)],
          ['collected', money2(s.collected)],
          ['  of which interest', money2(s.interestCollected)],
          ['  of which costs and fees', money2(s.costsCollected)],
          ['outstanding', money2(s.outstanding)],
          ['  of which interest', money2(s.interestOutstanding)],
          ['  of which costs and fees', money2(s.costsOutstanding)],
        ],
      ),
      renderTable(['status', 'claims'], Object.entries(s.byStatus).sort().map(([k, v]) => [k, String(v)])),
      renderTable(['stage reached', 'claims'], Object.entries(s.byStage).sort().map(([k, v]) => [k, String(v)])),
      renderTable(['message', 'sent'], Object.entries(s.messages).sort().map(([k, v]) => [k, String(v)])),
      writeFiles
        ? `${written} letters and e-mails written to ${shownDir(out)}/ (index: ${shownDir(out)}/index.tsv, timeline: ${shownDir(out)}/timeline.json)${pdfs > 0 ? `; ${pdfs} letter PDFs in ${shownDir(out)}/letters/ (manifest.csv)` : ''}\n`
        : '',
    ];
    return { text: lines.join('\n') };
  },
};

/** A directory as the user should read it: absolute and ./ or ../ paths as given, others with ./ in front. */
export function shownDir(dir: string): string {
  return dir.startsWith('/') || dir.startsWith('./') || dir.startsWith('../') || dir === '.' || dir === '..' ? dir : `./${dir}`;
}
