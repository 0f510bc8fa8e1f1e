import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoPortal } from '../src/commands/portal.js';
import { parseConfig } from '../src/config.js';
import { json, openTestStore, runWith } from './run.js';
import { bookOfClaimInDefault, testBaseRateRow } from './support/base-rate-claim.js';

// Every command that computes interest takes the base rates (§ 247 BGB) from the config as
// `mahnwerk run` does — `--config FILE`, else ./mahnwerk.config.json if there is one — through the one
// function configStatementOptions, and says in one wording (missingBaseRate) which half-year is
// missing and how to add it. The table shipped with @mahnwerk/core ends on 2026-12-31.
//
// 2.00 % for 2027-01-01 below is a TEST FIGURE, not the published rate: § 288 Abs. 1 BGB gives a
// consumer 2.00 + 5 = 7.00 %, § 288 Abs. 2 BGB a business debtor 2.00 + 9 = 11.00 %.

const testRow = testBaseRateRow;
const withRow = JSON.stringify({ baseRates: [testRow] });

/** The advice every command gives for 2027-01-01 (missingBaseRate), with the config file named as `where`. */
const advice2027 = (where: string, tail = '') =>
  'the base rate (§ 247 BGB) for 2027-01-01 is not known — the table ends on 2026-12-31. ' +
  `Add the base rate for 2027-01-01 to "baseRates" in ${where}: the Deutsche Bundesbank publishes it in the last days of the half-year before (§ 247 Abs. 2 BGB, in the Bundesanzeiger), ` +
  `e.g. "baseRates": [{ "from": "2027-01-01", "ratePercent": "<rate>", "source": "Deutsche Bundesbank, Bundesanzeiger of <date>" }]; then run the same command again${tail}. A later release of @mahnwerk/core carries the rate too.`;
const noFile = 'mahnwerk.config.json (there is none yet: create it in the working directory, or give one with --config FILE)';

describe('mahnwerk interest takes the config\'s baseRates', () => {
  const argv = ['interest', '--principal', '1000.00', '--from', '2027-01-01', '--to', '2027-01-31', '--debtor', 'business', '--json'];

  it('§ 288 Abs. 2 BGB with the TEST FIGURE 2.00 % from 2027-01-01: 1,000.00 EUR × 11.00 % × 31/365 = 9.34 — from --config and from ./mahnwerk.config.json', async () => {
    // By hand: 2027-01-01 … 2027-01-31 are 31 days (both ends), act/365 (2027 is no leap year):
    // 1000.00 × 0.11 × 31 / 365 = 3410 / 365 = 9.3424… → 9.34.
    const expected = {
      total: '9.34',
      periods: [{ from: '2027-01-01', to: '2027-01-31', days: 31, baseRatePercent: '2', marginPoints: '9', ratePercent: '11', amount: '9.34', basis: '§ 288 Abs. 2 BGB' }],
    };
    const given = await runWith([...argv, '--config', 'mw.json'], { files: { 'mw.json': withRow } });
    expect(given.stderr).toBe('');
    expect(given.code).toBe(0);
    expect(json(given)).toMatchObject(expected);
    // Found the way `run` finds it: ./mahnwerk.config.json without --config.
    const found = await runWith(argv, { files: { 'mahnwerk.config.json': withRow } });
    expect(found.code).toBe(0);
    expect(json(found)).toMatchObject(expected);
  });

  it('without the row: exit 2 naming the half-year, the config row and --assume-base-rate, in the words of every command', async () => {
    const tail = ' — or pass --assume-base-rate to assume the last known rate, 1.52 % (those periods are marked as assumed)';
    const none = await runWith(argv);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(`mahnwerk interest: --from: ${advice2027(noFile, tail)}\n`);
    const given = await runWith([...argv, '--config', 'mw.json'], { files: { 'mw.json': '{}' } });
    expect(given.code).toBe(2);
    expect(given.stderr).toBe(`mahnwerk interest: --from: ${advice2027('mw.json', tail)}\n`);
  });
});

// A business claim of 1000.00 EUR due on the calendar day 2026-12-15: in default from 2026-12-16
// (§ 286 Abs. 2 Nr. 1 BGB), its interest runs across 2027-01-01 (as in base-rates-config.test.ts).
const book = bookOfClaimInDefault();

describe('mahnwerk simulate: a missing base rate in the CLI\'s words', () => {
  const argv = ['simulate', '--claims', 'book.json', '--from', '2026-12-01', '--to', '2027-01-31'];

  it('./mahnwerk.config.json is read without --config: 4.61 + 9.34 = 13.95 interest to 2027-01-31', async () => {
    // By hand (1000.00 EUR, act/365): 16 days at 1.52 + 9 = 10.52 %: 1683.20 / 365 = 4.6115… → 4.61;
    // 31 days at 2.00 + 9 = 11.00 % (TEST FIGURE): 3410 / 365 = 9.3424… → 9.34; 4.61 + 9.34 = 13.95.
    const out = await runWith([...argv, '--json'], { files: { 'book.json': book, 'mahnwerk.config.json': withRow } });
    expect(out.code).toBe(0);
    expect(json(out).claims[0].balance).toMatchObject({ principal: '1000.00', interest: '13.95' });
  });

  it('without the row: exit 2 with the half-year and the row to add — not core\'s advice for library users (extendBaseRates, allowBeyondKnownBaseRate)', async () => {
    const none = await runWith(argv, { files: { 'book.json': book } });
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(`mahnwerk simulate: --to: ${advice2027(noFile)}\n`);
    // The streaming run (--summary) says the same.
    const summary = await runWith([...argv, '--summary', '--config', 'mw.json'], { files: { 'book.json': book, 'mw.json': '{}' } });
    expect(summary.code).toBe(2);
    expect(summary.stderr).toBe(`mahnwerk simulate: --to: ${advice2027('mw.json')}\n`);
  });
});

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mahnwerk-cli-base-rates-commands-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('mahnwerk demo takes the config\'s baseRates', () => {
  // The demo book of seed 42 from 2026-11-02, one claim: RE-00001, a consumer's 1281.64 EUR, due
  // 2026-12-12; 91 days run to 2027-01-31.
  const argv = ['demo', '--claims', '1', '--from', '2026-11-02', '--days', '91', '--no-files', '--json'];

  it('§ 288 Abs. 1 BGB with the TEST FIGURE: its interest to 2027-01-31 is 26 days at 2.00 + 5 = 7.00 %: 6.39', async () => {
    // By hand: in default from 2027-01-06 (the engine's period, 2027-01-06 … 2027-01-31: 26 days), act/365:
    // 1281.64 × 0.07 × 26 / 365 = 2332.5848 / 365 = 6.3906… → 6.39; nothing of it paid.
    const out = await runWith([...argv, '--config', 'mw.json'], { files: { 'mw.json': withRow } });
    expect(out.code).toBe(0);
    expect(out.stderr).not.toMatch(/warning/);
    expect(json(out)).toMatchObject({ claims: 1, to: '2027-01-31', interestOutstanding: '6.39', interestCollected: '0.00' });
  }, 180_000);

  it('without the row: refused before anything runs (exit 2), naming the half-year and the row to add — it assumed 1.52 % and warned', async () => {
    const out = await runWith(argv);
    expect(out.code).toBe(2);
    expect(out.stderr).toBe(`mahnwerk demo: --from, --days: the demo's last day 2027-01-31 needs a base rate the table does not have: ${advice2027(noFile)}\n`);
  });
});

describe('mahnwerk portal takes the config\'s baseRates', () => {
  it('§ 288 Abs. 1 BGB with the TEST FIGURE: on the portal\'s today 2027-01-31 the page shows 31 days at 7 % on 1281.64 EUR: 7.62', async () => {
    // By hand: RE-00001 (a consumer's 1281.64 EUR of the demo book from 2025-01-02) is in default
    // throughout January 2027: 1281.64 × 0.07 × 31 / 365 = 2781.1588 / 365 = 7.6196… → 7.62.
    const demo = await startDemoPortal({
      claims: 1,
      date: '2027-01-31',
      port: 0,
      links: 1,
      secret: 'cli-test-secret-cli-test-secret-',
      openStore: openTestStore,
      config: parseConfig(withRow, 'mw.json'),
      configFile: 'mw.json',
    });
    try {
      expect(demo.links.map((l) => l.claimId)).toEqual(['RE-00001']);
      const page = await (await fetch((demo.links[0] as { url: string }).url)).text();
      expect(page).toMatch(/01\.01\.2027[^<]*31\.01\.2027/);
      expect(page).toMatch(/31 Tage[^<]*7 %[^<]*1\.281,64/);
      expect(page).toContain('7,62');
    } finally {
      await demo.close();
    }
  }, 300_000);

  it('a --date after the config\'s table is refused before anything is opened, naming the half-year and the config file', async () => {
    const none = await runWith(['portal', '--date', '2027-02-01', '--claims', '1', '--port', '0']);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(`mahnwerk portal: --date: the portal's today 2027-02-01 needs a base rate the table does not have: ${advice2027(noFile)}\n`);
    // With the row for 2027-01-01 from --config, the half-year missing is the next one.
    const next = await runWith(['portal', '--date', '2027-07-02', '--claims', '1', '--port', '0', '--config', 'mw.json'], { files: { 'mw.json': withRow } });
    expect(next.code).toBe(2);
    expect(next.stderr).toMatch(/^mahnwerk portal: --date: the portal's today 2027-07-02 needs a base rate the table does not have: the base rate \(§ 247 BGB\) for 2027-07-01 is not known — the table ends on 2027-06-30\. Add the base rate for 2027-07-01 to "baseRates" in mw\.json: /);
  }, 120_000);
});

// The commands on a database compute with the config's table through hostEngineOptions →
// configStatementOptions already; a base rate missing from it is said in the same words. The claim
// B-1 above, imported and in default from 2026-12-16 (the run of 2026-12-20 records the default).
describe('mahnwerk sepa debits and bank import: the config\'s baseRates, a missing one in the words of every command', () => {
  let db: string;
  let files: Record<string, string>;
  const mandates = {
    creditor: { name: 'Beispiel Shop GmbH', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', creditorId: 'DE98ZZZ09999999999' },
    mandates: [{ debtorId: 'D-1', mandateId: 'MNDT-2026-0001', signedOn: '2026-11-02', iban: 'DE02120300000000202051', sequenceType: 'FRST' }],
  };
  /** A camt.053 statement with one credit of 500.00 EUR for B-1 (its invoice number RE-2026-0001), booked and valued 2027-01-20. */
  const camt = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>STMT-2027-01-20</MsgId><CreDtTm>2027-01-20T18:00:00+01:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>2027-01-20-DE89370400440532013000</Id>
      <CreDtTm>2027-01-20T18:00:00+01:00</CreDtTm>
      <Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>
      <Ntry>
        <NtryRef>1</NtryRef>
        <Amt Ccy="EUR">500.00</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Sts>BOOK</Sts>
        <BookgDt><Dt>2027-01-20</Dt></BookgDt>
        <ValDt><Dt>2027-01-20</Dt></ValDt>
        <AcctSvcrRef>000777</AcctSvcrRef>
        <NtryDtls><TxDtls>
          <RltdPties><Dbtr><Nm>Muster GmbH</Nm></Dbtr></RltdPties>
          <RmtInf><Ustrd>Rechnung RE-2026-0001</Ustrd></RmtInf>
        </TxDtls></NtryDtls>
      </Ntry>
    </Stmt>
  </BkToCstmrStmt>
</Document>
`;
  beforeAll(async () => {
    db = join(dir, 'host-commands');
    files = {
      // B-1 with its invoice number, which the payment names.
      'book.json': bookOfClaimInDefault({ reference: 'RE-2026-0001' }),
      'mandates.json': JSON.stringify(mandates),
      'statement.xml': camt,
      'mw.json': JSON.stringify({ database: db, baseRates: [testRow] }),
      'none.json': JSON.stringify({ database: db }),
      'run.json': JSON.stringify({ database: db, channels: { file: { dir: join(dir, 'host-commands-out') } } }),
    };
    expect((await runWith(['import', 'book.json', '--config', 'run.json'], { files })).code).toBe(0);
    expect((await runWith(['run', '--config', 'run.json', '--date', '2026-12-20', '--now', '2026-12-20T10:00:00Z'], { files })).code).toBe(0);
  }, 120_000);

  it('sepa debits as of 2027-01-31 collects 1000.00 + 13.95 interest = 1013.95 with the TEST FIGURE row; without it, exit 2 naming the half-year and the row', async () => {
    // By hand (as above): 4.61 (16 days at 10.52 %) + 9.34 (31 days at 11.00 %, TEST FIGURE) = 13.95; no costs booked.
    const argv = ['sepa', 'debits', '--date', '2027-01-31', '--mandates', 'mandates.json', '--created-at', '2027-01-30T09:00:00', '--json'];
    const none = await runWith([...argv, '--config', 'none.json'], { files });
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(`mahnwerk sepa: --date: the open amounts as of 2027-01-31 need a base rate the table does not have: ${advice2027('none.json')}\n`);
    const out = await runWith([...argv, '--config', 'mw.json'], { files });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(json(out)).toMatchObject({ count: 1, total: '1013.95', debits: [{ claimId: 'B-1', amount: '1013.95' }] });
  }, 120_000);

  it('bank import of 500.00 on 2027-01-20: without the row exit 2 naming the half-year and the row; with the TEST FIGURE row booked, 510.49 open after it', async () => {
    // By hand (§ 367 Abs. 1 BGB: interest before principal; interest to the day before the payment):
    //   2026-12-16 … 12-31: 16 days at 10.52 % on 1000.00 = 4.61; 2027-01-01 … 01-19: 19 days at 11.00 %
    //   (TEST FIGURE): 1000.00 × 0.11 × 19 / 365 = 2090 / 365 = 5.7260… → 5.73; interest 10.34.
    //   500.00 − 10.34 = 489.66 to the principal: 1000.00 − 489.66 = 510.34 open; on the payment's day
    //   2027-01-20 itself: 510.34 × 0.11 / 365 = 0.1537… → 0.15. Open after it: 510.34 + 0.15 = 510.49
    //   (the claim is partly paid: partlyMatched).
    const argv = ['bank', 'import', 'statement.xml', '--today', '2027-01-21', '--json'];
    const none = await runWith([...argv, '--config', 'none.json'], { files });
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(`mahnwerk bank: statement.xml: booking its payments needs a base rate the table does not have: ${advice2027('none.json')}\n`);
    const out = await runWith([...argv, '--config', 'mw.json'], { files });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(json(out)).toMatchObject({ matched: [], partlyMatched: [{ claimId: 'B-1', amount: '500.00', rule: 'invoice-number', openAfter: '510.49', replayed: false }] });
  }, 120_000);
});
