import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { addDays, createMahnwerk, type Clock, type IsoDate, type Mahnwerk, type OutgoingMessage, parseIsoDate } from '@mahnwerk/core';
import { createLetterChannel, type LetterSender } from '@mahnwerk/channel-letter';
import { createEngineRenderer, type CreditorParty } from '@mahnwerk/templates';
import { createPortal, portalLinkProvider, type Portal, type PortalBankAccount } from '@mahnwerk/portal';
import { servePortal, type PortalServer } from '@mahnwerk/portal/node';
import { helpText, parseFlags, str, type FlagSpec } from '../args.js';
import { makeDemoBook } from '../demo-book.js';
import { agency, creditor, rendererOptions } from './demo.js';
import { writtenByAgency } from '../agency-stage.js';
import { checkBaseRateKnown, runAgain } from '../base-rate-advice.js';
import { configStatementOptions, loadConfig, type MahnwerkConfig } from '../config.js';
import { configFlag } from '../host.js';
import { UsageError, type CliIo } from '../io.js';
import { openCommandStore, type OpenedStore } from '../store-option.js';
import type { CommandResult } from './command.js';

const flags: readonly FlagSpec[] = [
  { name: 'db', type: 'string', placeholder: 'URL|DIR', help: 'the database: a postgres:// URL or a PGlite directory of its own (default: in memory); the demo book is added once; a database holding other claims is refused' },
  { name: 'claims', type: 'string', placeholder: 'n', help: 'claims in the demo book (default 12, at most 500)' },
  { name: 'date', type: 'string', placeholder: 'YYYY-MM-DD', help: 'the portal\'s today: the book is run day by day up to it (default 2025-03-31)' },
  { name: 'port', type: 'string', placeholder: 'n', help: 'port to listen on (default 8787; 0 = any free port)' },
  { name: 'host', type: 'string', placeholder: 'address', help: 'address to listen on (default 127.0.0.1)' },
  { name: 'links', type: 'string', placeholder: 'n', help: 'links to print (default 5)' },
  { name: 'secret', type: 'string', placeholder: 'text', help: 'link secret, at least 32 bytes (default: $MAHNWERK_PORTAL_SECRET, else a random one for this run)' },
  { ...configFlag, help: 'the config file (default: ./mahnwerk.config.json if it exists): only its baseRates are read, the base-rate rows mahnwerk run computes with' },
];

const summary = 'serve the debtor portal for the demo book and print links to open';

/** A party's account for the portal's bank transfer and GiroCode (the IBAN without spaces). */
function bankAccountOf(party: CreditorParty): PortalBankAccount | undefined {
  if (party.bank === undefined) return undefined;
  return { name: party.bank.holder ?? party.name, iban: party.bank.iban.replace(/\s+/g, ''), ...(party.bank.bic === undefined ? {} : { bic: party.bank.bic }) };
}

function whole(value: string | undefined, flag: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw new UsageError(`${flag}: "${value}" is not a whole number between ${min} and ${max}.`);
  return Number(value);
}

/** Options of {@link startDemoPortal}. */
export interface DemoPortalOptions {
  readonly db?: string;
  readonly claims?: number;
  readonly date?: IsoDate;
  readonly port?: number;
  readonly host?: string;
  readonly links?: number;
  readonly secret?: string;
  /** Opens the database (the CLI's {@link CliIo.openStore}); absent: `openStore`. */
  readonly openStore?: NonNullable<CliIo['openStore']>;
  /** The base-rate rows the book is run with (the config's `baseRates`, through `configStatementOptions`); absent: the built-in table. */
  readonly config?: Pick<MahnwerkConfig, 'baseRates'>;
  /** The config file they came from, for the advice when a base rate is missing (undefined: none was found). */
  readonly configFile?: string;
}

/** A running demo portal. */
export interface DemoPortal {
  /** Where it listens. */
  readonly url: string;
  /** Links to open claims (claim id and URL). */
  readonly links: readonly { readonly claimId: string; readonly url: string }[];
  /** Claims added to the database in this run (0 when the book was there already). */
  readonly added: number;
  /** Where the data lives. */
  readonly where: string;
  /** The portal. */
  readonly portal: Portal;
  /** Stops the server and closes the database. */
  close(): Promise<void>;
}

/** The most claims `--claims` allows: every claim of a smaller demo book is one of these (the book is drawn claim after claim). */
const largestDemoBook = 500;

/**
 * Refuses a database holding claims that are not the demo book's. The portal's demo runs every due
 * claim of its database day by day with the demo's letters and a channel that keeps them in memory:
 * a real book there would get decisions, fees and "sent" messages that no debtor ever received.
 */
async function refuseForeignClaims(mahnwerk: Pick<Mahnwerk, 'queryClaims'>, start: IsoDate, where: string): Promise<void> {
  const demo = new Map(makeDemoBook({ start, size: largestDemoBook, seed: 42 }).claims.map((facts) => [facts.id, facts.principal]));
  const foreign: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await mahnwerk.queryClaims({ limit: 1000, ...(cursor === undefined ? {} : { cursor }) });
    for (const claim of page.claims) if (demo.get(claim.claimId) !== claim.principal) foreign.push(claim.claimId);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  if (foreign.length > 0) {
    throw new UsageError(
      `--db: ${where} holds ${foreign.length} claim${foreign.length === 1 ? '' : 's'} not of the demo book (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''}); ` +
        'the portal would run them with the demo\'s letters and record them as sent — give it a database of its own, e.g. --db ./portal-demo, or none (in memory).',
    );
  }
}

/**
 * Opens the store, adds the demo book once (claims created on their invoice dates, the daily run day
 * by day up to `date`, letters kept in memory for download), and serves the portal on it.
 *
 * @param options - database, book size, today, address, links, secret
 * @internal
 */
export async function startDemoPortal(options: DemoPortalOptions = {}): Promise<DemoPortal> {
  const secret = options.secret ?? randomBytes(32).toString('hex');
  const end = options.date ?? '2025-03-31';
  const start: IsoDate = '2025-01-02';
  if (end < start) throw new UsageError(`--date: ${end} is before the demo book starts (${start}).`);
  // The book's claims in default need the base rate to the portal's today: refused before anything is
  // opened when the config's table (the built-in one with its baseRates) ends before it.
  const settings = options.config ?? { baseRates: [] };
  checkBaseRateKnown(settings, end, "--date: the portal's today", { file: options.configFile, then: runAgain });
  let today: IsoDate = start;
  const clock: Clock = { today: () => today, now: () => `${today}T09:00:00Z` };
  const letters = new Map<string, { claimId: string; bytes: Uint8Array }>();
  let portal: Portal | undefined;
  const opened: OpenedStore = await openCommandStore(options, options.db);
  let server: PortalServer | undefined;
  try {
    const book = makeDemoBook({ start, size: options.claims ?? 12, seed: 42 });
    const factsOf = new Map(book.claims.map((facts) => [facts.id, facts]));
    // Whoever collects at a letter's stage signs it: the shop, from the hand-over on the agency (the demo's rule).
    const senderOf = (message: OutgoingMessage): LetterSender => {
      const facts = factsOf.get(message.claimId);
      return facts !== undefined && writtenByAgency('auto', { claim: facts, ...(message.stage === undefined ? {} : { stage: message.stage }) }) ? agency : creditor;
    };
    const mahnwerk = createMahnwerk({
      store: opened.store,
      policy: 'auto',
      clock,
      // The config's base rates, through the one function every engine's statement options go through.
      statement: configStatementOptions(settings),
      // The demo's letters (templates, the agency's § 13a RDG block from the hand-over on), as `mahnwerk demo` writes them.
      render: createEngineRenderer(rendererOptions),
      // Every message carries a portal link (made by the portal below, once it exists).
      payments: portalLinkProvider({ createLink: (claimId, o) => (portal as Portal).createLink(claimId, o) }),
      channels: [
        createLetterChannel({
          sender: senderOf,
          output: async (file) => {
            letters.set(file.message.id, { claimId: file.message.claimId, bytes: file.bytes });
          },
        }),
      ],
    });
    await refuseForeignClaims(mahnwerk, start, opened.where);
    server = await servePortal({ fetch: (request, env) => (portal as Portal).fetch(request, env) }, { port: options.port ?? 8787, hostname: options.host ?? '127.0.0.1' });
    const creditorBank = bankAccountOf(creditor);
    const agencyBank = bankAccountOf(agency);
    portal = createPortal({
      mahnwerk,
      secret,
      clock,
      ...(creditorBank === undefined ? {} : { bankAccount: creditorBank }),
      publicUrl: server.url,
      // The demo's parties and policy, so the page names who claims and, after the hand-over, who collects.
      creditor: { name: creditor.name },
      agency: { name: agency.name },
      // The agency's letters name its own account; the page gives the same one from the hand-over on.
      ...(agencyBank === undefined ? {} : { agencyBankAccount: agencyBank }),
      policy: 'auto',
      letters: async (claimId, messageId) => {
        const l = letters.get(messageId);
        return l !== undefined && l.claimId === claimId ? l.bytes : null;
      },
    });
    const missing = [];
    for (const facts of book.claims) if ((await opened.store.load(facts.id)) === null) missing.push(facts);
    if (missing.length > 0) {
      // A fresh book: each claim is created on its invoice day and the daily run goes day by day.
      for (today = start; today <= end; today = addDays(today, 1)) {
        for (const facts of missing) if (facts.invoiceDate === today) await mahnwerk.createClaim(facts);
        await mahnwerk.runDue(today);
      }
    }
    today = end;
    const links: { claimId: string; url: string }[] = [];
    for (const facts of book.claims) {
      if (links.length >= (options.links ?? 5)) break;
      const statement = await mahnwerk.statement(facts.id, end).catch(() => null);
      if (statement !== null && statement.total.amount.greaterThan(0)) links.push({ claimId: facts.id, url: await portal.createLink(facts.id, { linkId: 'cli' }) });
    }
    const running = server;
    return {
      url: running.url,
      links,
      added: missing.length,
      where: opened.where,
      portal,
      async close() {
        await running.close();
        await opened.close();
      },
    };
  } catch (error) {
    await server?.close();
    await opened.close();
    throw error;
  }
}

/** `mahnwerk portal`: serves the debtor portal over the demo book until interrupted (Ctrl-C). */
export const portalCommand = {
  name: 'portal',
  summary,
  fieldToFlag: { db: '--db', date: '--date', secret: '--secret' } as Record<string, string>,
  help: () =>
    helpText('portal', summary, flags, 'mahnwerk portal --db ./portal-demo --port 8787', [
      'The book is the demo\'s (seed 42), run on a virtual clock from 2025-01-02 to --date; links and',
      'pages use that date as today. Letters sent in this run can be downloaded from the portal.',
      'Interest is computed with the config\'s baseRates (--config, else ./mahnwerk.config.json if there is',
      'one); a --date after the last base rate known is refused, naming the half-year to add.',
      'Stop with Ctrl-C (SIGINT) or SIGTERM.',
    ]),
  async run(argv: readonly string[], _readStdin?: () => Promise<string>, io?: CliIo): Promise<CommandResult> {
    const f = parseFlags('portal', argv, flags);
    if (f['help']) return { text: portalCommand.help() };
    const date = str(f, 'date');
    const secret = str(f, 'secret') ?? process.env['MAHNWERK_PORTAL_SECRET'];
    // The config as `mahnwerk run` finds it (--config, else ./mahnwerk.config.json if there is one): only its baseRates.
    const { config, file } = await loadConfig(str(f, 'config'), io?.readFile ?? ((path) => readFile(path, 'utf8')));
    const demo = await startDemoPortal({
      config,
      ...(file === undefined ? {} : { configFile: file }),
      ...(str(f, 'db') === undefined ? {} : { db: str(f, 'db') as string }),
      ...(date === undefined ? {} : { date: parseIsoDate(date, 'date') }),
      claims: whole(str(f, 'claims'), '--claims', 12, 1, 500),
      port: whole(str(f, 'port'), '--port', 8787, 0, 65535),
      links: whole(str(f, 'links'), '--links', 5, 1, 100),
      ...(str(f, 'host') === undefined ? {} : { host: str(f, 'host') as string }),
      ...(secret === undefined ? {} : { secret }),
      ...(io?.openStore === undefined ? {} : { openStore: io.openStore }),
    });
    const out = io?.stdout ?? ((text: string) => process.stdout.write(text));
    out(
      [
        `mahnwerk portal on ${demo.url} (database: ${demo.where}; ${demo.added === 0 ? 'demo book already there' : `${demo.added} demo claims added`})`,
        secret === undefined ? 'links are signed with a random secret for this run (set MAHNWERK_PORTAL_SECRET to keep them valid)' : 'links are signed with the given secret',
        '',
        ...demo.links.map((l) => `  ${l.claimId}  ${l.url}`),
        '',
        'Ctrl-C stops the server.',
        '',
      ].join('\n'),
    );
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await demo.close();
    return { text: 'portal stopped\n' };
  },
};
