import {
  add,
  addDays,
  daysBetween,
  money,
  parseIsoDate,
  sum,
  toAmountString,
  zero,
  type Channel,
  type ClaimEvent,
  type ClaimFacts,
  type ClaimState,
  type IsoDate,
  type Mahnwerk,
  type Money,
  type OutgoingMessage,
  type Renderer,
  type RenderInput,
  type RenderedMessage,
} from '@mahnwerk/core';
import { composeEmail } from '@mahnwerk/channel-email';
import { letterFileName, letterFromMessage, printBatch, type BatchLetter } from '@mahnwerk/channel-letter';
import { createEngineRenderer, type CreditorParty, type EngineRendererOptions, type InkassoInfo } from '@mahnwerk/templates';
import { createVirtualClock, runBookOnHost } from '@mahnwerk/testing/doubles';
import { makeDemoBook } from '../demo-book.js';
import { helpText, parseFlags, str, type FlagSpec } from '../args.js';
import { baseRateWarning, checkBaseRateKnown, runAgain } from '../base-rate-advice.js';
import { configSchema, configStatementOptions, loadConfig } from '../config.js';
import { renderTable, toJson } from '../format.js';
import { configFlag, openConfiguredHost } from '../host.js';
import { writtenByAgency } from '../agency-stage.js';
import { UsageError, type CliIo } from '../io.js';
import { storedClaimIds } from '../stored-claims.js';
import type { CommandResult } from './command.js';

const flags: readonly FlagSpec[] = [
  { name: 'claims', type: 'string', placeholder: 'n', help: 'number of claims in the book (default 200, at most 100000)' },
  { name: 'days', type: 'string', placeholder: 'n', help: 'days to run (default 180)' },
  { name: 'from', type: 'string', placeholder: 'YYYY-MM-DD', help: 'first day (default 2025-01-02)' },
  { name: 'seed', type: 'string', placeholder: 'integer', help: 'seed of the book (default 42)' },
  { name: 'out', type: 'string', placeholder: 'dir', help: 'where letters and e-mails go (default ./mahnwerk-demo)' },
  { name: 'no-files', type: 'boolean', help: 'do not write letters and e-mails' },
  {
    name: 'db',
    type: 'string',
    placeholder: 'DIR|URL',
    help: 'keep the demo database: a new or empty PGlite directory (or a postgres:// URL); mahnwerk status --db DIR shows it afterwards (default: PGlite in memory)',
  },
  { ...configFlag, help: 'the config file (default: ./mahnwerk.config.json if it exists): only its baseRates are read, the base-rate rows mahnwerk run computes with' },
];

/** The demo's creditor: a fictional mail-order shop that hands over to a fictional agency. @internal */
export const creditor: CreditorParty = {
  name: 'Beispiel Versand GmbH',
  addressLines: ['Musterweg 1', '10115 Berlin'],
  email: 'forderungen@beispiel-versand.example',
  phone: '+49 30 1234567',
  // The example IBAN of the Bundesbank and the EPC guideline material; a real letter prints the creditor's own.
  bank: { iban: 'DE89 3704 0044 0532 0130 00', bic: 'COBADEFFXXX', holder: 'Beispiel Versand GmbH', bankName: 'Commerzbank' },
  registration: 'Amtsgericht Charlottenburg HRB 000000 (Beispiel)',
};

/** The demo's collection agency, the sender from the policy's hand-over stage on. @internal */
export const agency: CreditorParty = {
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

function count(map: Record<string, number>, key: string, by = 1): void {
  map[key] = (map[key] ?? 0) + by;
}

/**
 * Adds up a demo run from what the host stored: the claims' ledgers (payments as allocated when they
 * were booked), their statements as of `to`, and the store's totals of claims per status and stage
 * and of messages sent per template and channel.
 *
 * @param mahnwerk - the host the demo ran on
 * @param states - every claim of the book as the host holds it at the end
 * @param to - the last day of the run
 * @param decisions - claims the daily runs decided, added up
 * @returns the totals
 * @internal
 */
export async function summarizeHost(mahnwerk: Mahnwerk, states: readonly ClaimState[], to: IsoDate, decisions: number): Promise<DemoSummary> {
  const eur = zero('EUR');
  let collected = eur;
  let interestCollected = eur;
  let costsCollected = eur;
  const invoiced: Money[] = [];
  const outstanding: Money[] = [];
  const interestOutstanding: Money[] = [];
  const costsOutstanding: Money[] = [];
  for (const state of states) {
    for (const event of state.events) {
      if (event.type !== 'payment-received') continue;
      const applied = sum([money(event.allocation.costs), money(event.allocation.interest), money(event.allocation.principal)]);
      collected = add(collected, add(applied, money(event.allocation.unapplied)));
      interestCollected = add(interestCollected, money(event.allocation.interest));
      costsCollected = add(costsCollected, money(event.allocation.costs));
    }
    invoiced.push(money(state.facts.principal, state.facts.currency));
    const statement = await mahnwerk.statement(state.facts.id, to);
    outstanding.push(statement.total);
    interestOutstanding.push(statement.interest);
    costsOutstanding.push(statement.costs);
  }
  const byStatus: Record<string, number> = {};
  const byStage: Record<string, number> = {};
  for (const total of await mahnwerk.claimTotals()) {
    count(byStatus, total.status, total.count);
    count(byStage, total.stage ?? 'none', total.count);
  }
  const messages: Record<string, number> = {};
  for (const total of await mahnwerk.outboxTotals()) if (total.status === 'sent') count(messages, `${total.template} (${total.channel})`, total.count);
  return {
    claims: states.length,
    invoiced: sum(invoiced, 'EUR'),
    collected,
    interestCollected,
    costsCollected,
    outstanding: sum(outstanding, 'EUR'),
    interestOutstanding: sum(interestOutstanding, 'EUR'),
    costsOutstanding: sum(costsOutstanding, 'EUR'),
    byStatus,
    byStage,
    messages,
    decisions,
  };
}

/** Whether the agency writes a message: from the policy's hand-over stage on (`writtenByAgency`). */
const byAgency = (input: RenderInput): boolean => writtenByAgency('auto', input);

/** What the invoice was for, as the letters name it. */
function subjectOf(facts: ClaimFacts): string {
  return facts.description ?? `Rechnung ${facts.reference ?? facts.id}`;
}

/** The § 13a RDG block of the agency's letters: its client, the reason of the claim and its supervisor. */
function inkassoInfo(facts: ClaimFacts): InkassoInfo {
  return {
    client: { name: creditor.name, addressLines: creditor.addressLines ?? [] },
    claimReason: { kind: 'contract', subject: subjectOf(facts), date: facts.contractDate ?? facts.invoiceDate },
    vatOnCosts: false,
    addressResearched: false,
    supervisoryAuthority: {
      name: 'Bundesamt für Justiz (Beispielangabe)',
      addressLines: ['Adenauerallee 99–103', '53113 Bonn'],
      website: 'https://www.bundesjustizamt.de',
    },
  };
}

/**
 * How the demo's messages are written, through `@mahnwerk/templates`' engine renderer: the sender
 * and payee are whoever collects at the message's stage — the shop until the claim is handed over,
 * the agency from then on (its bank account, payment link and § 13a RDG block) — and the claim is
 * named by its own description. The statement, deadline and announced costs (the court fee a
 * Mahnbescheid application would cause, a notice and not in the total) are the host's.
 *
 * @internal
 */
export const rendererOptions: EngineRendererOptions = {
  creditor: (input) => (byAgency(input) ? agency : creditor),
  extra: (input) => ({
    claimSubject: subjectOf(input.claim),
    contractDate: input.claim.contractDate ?? input.claim.invoiceDate,
    ...(byAgency(input) ? { inkasso: inkassoInfo(input.claim) } : {}),
  }),
};

/** The render input with the payment link of whoever collects at the message's stage. */
function withPaymentLink(input: RenderInput): RenderInput {
  const id = encodeURIComponent(input.claim.id);
  return { ...input, paymentLink: byAgency(input) ? `https://zahlung.muster-inkasso.example/f/${id}` : `https://pay.beispiel-versand.example/c/${id}` };
}

/** A message the host rendered, kept until its channel sends it: what it was rendered from, and the notes for the sender's files. */
interface RenderedForDemo {
  readonly input: RenderInput;
  readonly rendered: RenderedMessage;
}

/**
 * The message as a host with a payment provider would hand it to the letter channel: the demo makes
 * its payment links in its renderer (`withPaymentLink`, no provider), so the message's `payment`
 * lacks the link the engine would otherwise have put there from `createPaymentLink`.
 */
function withLink(message: OutgoingMessage, link: string | undefined): OutgoingMessage {
  return link === undefined || message.payment === undefined ? message : { ...message, payment: { ...message.payment, link } };
}

/**
 * Channels that take every message the host's delivery sends and hand it to `sent` (which writes
 * the demo's files): `email` and `letter`, the channels of the built-in policies. They reach every
 * debtor — nothing is posted or mailed.
 */
function demoChannels(sent: (message: OutgoingMessage) => Promise<void>): Channel[] {
  return ['email', 'letter'].map(
    (name): Channel => ({
      specificationVersion: 'v1',
      name,
      capabilities: { attachments: false, needsConsent: false },
      canReach: () => true,
      async send(message) {
        await sent(message);
        return { providerMessageId: `demo:${message.id}` };
      },
    }),
  );
}

/** `mahnwerk demo`: the main job on the embedded default — a realistic book run for 180 days. */
export const demoCommand = {
  name: 'demo',
  summary: 'run a realistic book of claims through the built-in policies for 180 days on an embedded PGlite database and write every letter',
  fieldToFlag: { from: '--from' } as Record<string, string>,
  help: () =>
    helpText(
      'demo',
      'run a realistic book of claims through the built-in policies for 180 days on an embedded PGlite database and write every letter',
      flags,
      'mahnwerk demo --claims 50 --days 90 --out ./demo-out --db ./demo-db',
      [
        'numbers   whole numbers: --claims 200, --days 180, --seed 42',
        'dates     calendar dates YYYY-MM-DD (e.g. 2025-01-02)',
        'how       the host API (createMahnwerk) on PGlite with a virtual clock: each claim created on its invoice day, the debtors\' payments, disputes and plans booked as commands on their days, then the daily run and delivery',
        'reads only the baseRates of the config (as mahnwerk run: --config, else ./mahnwerk.config.json if there is one); a last day after the base rates known is refused, naming the half-year to add; writes <out>/<claim>/<date>-<template>-<channel>.eml|.txt|.html, <out>/letters/*.pdf, <out>/index.tsv, <out>/timeline.json',
      ],
    ),
  async run(argv: readonly string[], _stdin: () => Promise<string>, io: CliIo): Promise<CommandResult> {
    const f = parseFlags('demo', argv, flags);
    if (f['help']) return { text: demoCommand.help() };
    const size = positiveInt(str(f, 'claims'), '--claims', 200, 100_000);
    const days = positiveInt(str(f, 'days'), '--days', 180, 730);
    const seed = positiveInt(str(f, 'seed'), '--seed', 42, 2 ** 31 - 1);
    const from: IsoDate = parseIsoDate(str(f, 'from') ?? '2025-01-02', '--from');
    const to = addDays(from, days - 1);
    const out = (str(f, 'out') ?? 'mahnwerk-demo').replace(/(.)\/+$/, '$1');
    const writeFiles = !f['no-files'] && io.writeFile !== undefined;
    const db = str(f, 'db');
    // The demo's settings are the defaults but for the base rates: the config's baseRates (found as
    // `mahnwerk run` finds its config), whose statement options go through configStatementOptions as
    // every engine's do. A demo running past the last base rate they know is refused before anything
    // runs, in the words of every command (its claims in default would need the rate to the last day).
    const { config, file } = await loadConfig(str(f, 'config'), io.readFile);
    const settings = { ...configSchema.parse({}), baseRates: config.baseRates };
    const advice = { file, then: runAgain };
    checkBaseRateKnown(settings, to, "--from, --days: the demo's last day", advice);
    const statement = configStatementOptions(settings);

    const book = makeDemoBook({ start: from, size, seed });
    io.stderr(`mahnwerk demo: ${size} claims (${book.claims.filter((c) => c.debtor.kind === 'business').length} business), ${from} … ${to}\n`);

    // What the host rendered, by message id, until the channel sends it.
    const rendered = new Map<string, RenderedForDemo>();
    const engineRender = createEngineRenderer(rendererOptions);
    const render: Renderer = async (input) => {
      const full = withPaymentLink(input);
      const message = await engineRender(full);
      if (input.messageId !== undefined) rendered.set(input.messageId, { input: full, rendered: message });
      return message;
    };
    const letters: BatchLetter[] = [];
    const index: string[] = ['date\tclaim\tstage\tchannel\tfile'];
    let written = 0;
    let delivered = 0;
    const write = io.writeFile;
    const sent = async (message: OutgoingMessage): Promise<void> => {
      delivered++;
      const kept = rendered.get(message.id);
      rendered.delete(message.id);
      if (!writeFiles || write === undefined) return;
      if (kept === undefined) throw new Error(`demo: message ${message.id} was sent without being rendered by the demo's renderer`);
      const { input } = kept;
      const date = message.date ?? input.statement.asOf;
      const stage = message.stage ?? input.stage ?? '';
      const base = `${out}/${message.claimId}/${date}-${input.template}-${message.channel}`;
      const sender = byAgency(input) ? agency : creditor;
      const file = message.channel === 'email' && message.to.email !== undefined && sender.email !== undefined ? `${base}.eml` : `${base}.txt`;
      if (file.endsWith('.eml')) {
        // A real RFC 5322 message (nodemailer's MIME composer, as the e-mail channel sends it), dated 09:00 UTC on the day it went out.
        const eml = await composeEmail(message, message.id, { from: { name: sender.name, address: sender.email as string } }, new Date(`${date}T09:00:00Z`));
        await write(file, eml.toString('latin1'));
      } else {
        await write(file, message.text);
      }
      if (message.html !== undefined) await write(`${base}.html`, message.html);
      // Internal notes (e.g. an unconfirmed base rate behind a figure) go to the sender's file, not the letter.
      if (kept.rendered.internalNotes !== undefined) await write(`${base}.notes.txt`, `${kept.rendered.internalNotes.join('\n')}\n`);
      if (message.channel === 'letter' && io.writeBinaryFile !== undefined) {
        // The letter channel's own composition (letterFromMessage, what createLetterChannel lays out): the
        // templates' letter body (its statement table, a customer number when one is given), the sender's head and footer,
        // the payment block with the GiroCode; laid out as a print batch with a manifest.
        if (message.letterBody === undefined) throw new Error(`demo: the letter ${message.id} was rendered without a letter body`);
        const id = `${message.claimId}_${date}-${input.template}`;
        letters.push({ id, document: letterFromMessage(withLink(message, input.paymentLink), sender, date) });
        index.push(`${date}\t${message.claimId}\t${stage}\tletter-pdf\t${out}/letters/${letterFileName(id)}`);
      }
      index.push(`${date}\t${message.claimId}\t${stage}\t${message.channel}\t${file}`);
      written++;
    };

    const clock = createVirtualClock(from, { time: '12:00:00+01:00' });
    const host = await openConfiguredHost(settings, db, io, 'demo', { clock, channels: demoChannels(sent), render });
    let s: DemoSummary;
    let pdfs = 0;
    try {
      if ((await host.mahnwerk.queryClaims({ limit: 1 })).claims.length > 0) {
        throw new UsageError(`--db: ${host.opened.where} already holds claims; give a new or empty directory for the demo's book (or leave --db out to run in memory).`);
      }
      let lastShown = -1;
      const where = host.opened.kind === 'postgres' ? `PostgreSQL (${host.opened.where})` : `PGlite (${host.opened.kind === 'pglite-memory' ? 'in memory' : host.opened.where})`;
      const run = await runBookOnHost({
        mahnwerk: host.mahnwerk,
        clock,
        book: { claims: book.claims, policy: 'auto', from, to, behaviour: book.behaviour, statement },
        onDay: (day: IsoDate) => {
          const done = daysBetween(from, day) + 1;
          const pct = Math.floor((done / days) * 100);
          if (pct >= lastShown + 5 || done === days) {
            lastShown = pct;
            const bar = '#'.repeat(Math.floor(pct / 5)).padEnd(20, '.');
            io.stderr(`\r  running on ${where} [${bar}] day ${done}/${days}, ${delivered} messages sent`);
          }
        },
      });
      io.stderr('\n');
      const warning = baseRateWarning(settings, to, advice);
      if (warning !== null) io.stderr(`mahnwerk demo: warning: ${warning}\n`);

      const ids = await storedClaimIds(host.opened.store);
      const states: ClaimState[] = [];
      for (const id of ids) states.push(await host.mahnwerk.claim(id));
      s = await summarizeHost(host.mahnwerk, states, to, run.decided);
      if (writeFiles && io.writeFile) {
        if (letters.length > 0 && io.writeBinaryFile !== undefined) {
          io.stderr(`  laying out ${letters.length} letter PDFs (DIN 5008, GiroCode)…\n`);
          const batch = await printBatch(letters);
          for (const pdf of batch.files) await io.writeBinaryFile(`${out}/letters/${pdf.name}`, pdf.bytes);
          await io.writeFile(`${out}/letters/manifest.csv`, batch.manifest);
          pdfs = batch.files.length;
        }
        await io.writeFile(`${out}/index.tsv`, `${index.join('\n')}\n`);
        await io.writeFile(`${out}/timeline.json`, toJson(timeline(states)));
      }
    } finally {
      await host.close();
    }

    const database = host.opened.kind === 'pglite-memory' ? 'PGlite in memory' : host.opened.kind === 'pglite-dir' ? `PGlite ${host.opened.where}` : `PostgreSQL ${host.opened.where}`;
    if (f['json']) {
      return {
        text: toJson({
          claims: s.claims,
          from,
          to,
          database: host.opened.where,
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
      `Summary ${from} … ${to} (${s.claims} claims, ${s.decisions} engine decisions, ${database})`,
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
      db === undefined ? '' : `The database stays in ${host.opened.where}: mahnwerk status --db ${host.opened.where}\n`,
    ];
    return { text: lines.join('\n') };
  },
};

/** Every event of the book as the host stored it, in date order (ties: claim order, then the order they were recorded). */
function timeline(states: readonly ClaimState[]): ClaimEvent[] {
  return states.flatMap((state) => state.events).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** A directory as the user should read it: absolute and ./ or ../ paths as given, others with ./ in front. */
export function shownDir(dir: string): string {
  return dir.startsWith('/') || dir.startsWith('./') || dir.startsWith('../') || dir === '.' || dir === '..' ? dir : `./${dir}`;
}
