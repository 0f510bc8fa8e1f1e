import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays, type IsoDate } from '@mahnwerk/core';
import { createVirtualClock } from '@mahnwerk/testing/doubles';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';
import { openConfiguredHost } from '../src/host.js';
import type { CliIo } from '../src/io.js';
import { daytime, keepDirectoriesOpen, runWith } from './run.js';

// One open PGlite per directory while a test runs (test/run.ts); nothing else opens these directories.
keepDirectoriesOpen();

// The handover to a collection agency from the CLI: the built-in consumer policy sends
// 'handover-inkasso' at its stage "handover", and @mahnwerk/templates refuses to render that letter
// to a consumer without the information of § 13a Abs. 1 RDG — while the engine charges the agency's
// fees with the stage. So the config carries that information (section "inkasso", the templates'
// LetterData.inkasso), and `run` refuses, before anything is written, a config whose policy hands
// consumers over without it.

const creditor = { name: 'Muster Inkasso GmbH', addressLines: ['Inkassoplatz 2', '10117 Berlin'], isCollectionAgency: true, email: 'post@muster-inkasso.example' };
const inkasso = {
  client: { name: 'Beispiel Versand GmbH', addressLines: ['Musterweg 1', '10115 Berlin'] },
  supervisoryAuthority: { name: 'Bundesamt für Justiz', addressLines: ['Adenauerallee 99–103', '53113 Bonn'], website: 'https://www.bundesjustizamt.de' },
  addressResearched: false,
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mahnwerk-cli-inkasso-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('rule: run refuses a policy that hands consumers over while the config lacks the § 13a RDG information', () => {
  it('a creditor and the default policy without an "inkasso" section: exit 2 naming the stage and every missing field; no database is created', async () => {
    const db = join(dir, 'never-created');
    const files = { 'mw.json': JSON.stringify({ database: db, creditor }) };
    for (const extra of [[], ['--workers', '2']]) {
      const out = await runWith(['run', '--config', 'mw.json', '--date', '2025-06-30', ...extra], { files });
      expect(out.code).toBe(2);
      expect(out.stdout).toBe('');
      expect(out.stderr).toMatch(/^mahnwerk run: mw\.json: inkasso: the policy "auto" hands consumers over to a collection agency \(stage "handover" \('handover-inkasso'\)\)/);
      for (const field of ['inkasso.client.name', 'inkasso.client.addressLines', 'inkasso.addressResearched', 'inkasso.supervisoryAuthority.name', 'inkasso.supervisoryAuthority.addressLines', 'inkasso.supervisoryAuthority.email']) {
        expect(out.stderr).toContain(`(${field})`);
      }
      // The reason, interest and costs (Nr. 2–5) come from each claim, not from the config.
      expect(out.stderr).not.toMatch(/Nr\. [2-5] RDG/);
      expect(out.stderr.trim().split('\n')).toHaveLength(1);
      expect(out.writes).toEqual([]);
      expect(existsSync(db)).toBe(false);
    }
  });

  it('an incomplete section: only what is missing is named (here the authority\'s electronic contact)', async () => {
    const { website: _website, ...authority } = inkasso.supervisoryAuthority;
    const files = { 'mw.json': JSON.stringify({ creditor, inkasso: { ...inkasso, supervisoryAuthority: authority } }) };
    const out = await runWith(['run', '--config', 'mw.json', '--date', '2025-06-30'], { files });
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('lacks § 13a Abs. 1 Nr. 8 RDG: electronic contact of the supervisory authority (email or website) (inkasso.supervisoryAuthority.email). Add them');
  });

  it('not refused: a policy for business debtors only (no consumer is handed over), or no creditor (plain-text stand-ins, no templates)', async () => {
    for (const config of [{ creditor, policy: 'de-b2b-default' }, {}]) {
      const out = await runWith(['run', '--config', 'mw.json', '--date', '2025-06-30', '--now', daytime('2025-06-30'), '--json'], { files: { 'mw.json': JSON.stringify(config) } });
      expect(out.stderr).toBe('');
      expect(out.code).toBe(0);
    }
  });

  it('status (which neither decides nor sends) reads a database whatever the config lacks', async () => {
    const out = await runWith(['status', '--config', 'mw.json', '--json'], { files: { 'mw.json': JSON.stringify({ creditor }) } });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
  });

  it('an "agency" without a creditor is refused at load: the creditor writes before the hand-over', () => {
    expect(() => parseConfig(JSON.stringify({ agency: creditor, inkasso }), 'mw.json')).toThrow(/^mw\.json: agency: the agency writes from the hand-over on, the creditor before it; add "creditor"/);
  });

  it('an "inkasso" section without a creditor is refused at load: the templates of a configured sender print it', () => {
    expect(() => parseConfig(JSON.stringify({ inkasso }), 'mw.json')).toThrow(/^mw\.json: inkasso: the § 13a RDG information is printed by the templates of a configured sender; add "creditor"/);
  });
});

/**
 * One consumer claim (invoiced 2025-01-02, due 2025-01-16, contract 2024-12-20) run day by day
 * through the config's host up to `until`: the files the file channel wrote and the outbox totals.
 */
async function runConsumerClaim(configJson: object, claim: { id: string; description: string; email?: string }, until: IsoDate) {
  const config = parseConfig(JSON.stringify(configJson), 'mw.json');
  const written = new Map<string, string>();
  const io: CliIo = {
    stdout: () => undefined,
    stderr: () => undefined,
    readStdin: async () => '',
    readFile: async () => {
      throw new Error('ENOENT');
    },
    writeFile: async (path, text) => {
      written.set(path, text);
    },
  };
  const from: IsoDate = '2025-01-02';
  const clock = createVirtualClock(from, { time: '12:00:00+01:00' });
  const host = await openConfiguredHost(config, undefined, io, 'test', { clock });
  try {
    await host.mahnwerk.createClaim({
      id: claim.id,
      debtor: { id: `D-${claim.id}`, kind: 'consumer', name: 'Erika Mustermann', address: ['Hauptstraße 5', '50667 Köln'], ...(claim.email === undefined ? {} : { email: claim.email }) },
      principal: '250.00',
      currency: 'EUR',
      invoiceDate: from,
      dueDate: '2025-01-16',
      contractDate: '2024-12-20',
      description: claim.description,
    });
    for (let day = addDays(from, 1); day <= until; day = addDays(day, 1)) {
      clock.set(day);
      await host.mahnwerk.runDue(day);
    }
    return { written, totals: await host.mahnwerk.outboxTotals() };
  } finally {
    await host.close();
  }
}

const outbox = { file: { dir: 'outbox', channels: ['email', 'letter'] } };

describe('with the "inkasso" section the agency\'s first letter is sent, carrying the § 13a RDG information', () => {
  it('a consumer claim run day by day under the default policy: handover-inkasso is sent (not failed), naming the client, the reason and the supervisory authority', async () => {
    const { written, totals } = await runConsumerClaim({ creditor, inkasso, channels: outbox }, { id: 'R-1', description: 'Bestellung 4711 (Gartenmöbel)' }, '2025-04-15');
    const handover = totals.filter((t) => t.template === 'handover-inkasso');
    expect(handover.map((t) => t.status)).toEqual(['sent']);
    const letter = [...written.values()].find((text) => text.includes('§ 13a Abs. 1 RDG'));
    expect(letter).toBeDefined();
    expect(letter).toContain('Auftraggeber: Beispiel Versand GmbH, Musterweg 1, 10115 Berlin');
    expect(letter).toContain('Bestellung 4711 (Gartenmöbel)');
    expect(letter).toContain('Bundesamt für Justiz');
  }, 180_000);
});

describe('"agency": the shop writes until the hand-over, the collection agency from the policy\'s hand-over stage on (the demo\'s rule, writtenByAgency)', () => {
  it('a consumer claim under the default policy: reminder, Mahnung and final notice from the shop; the handover letter and the court announcement from the agency, with the § 13a block', async () => {
    const shop = { name: 'Beispiel Versand GmbH', addressLines: ['Musterweg 1', '10115 Berlin'], email: 'forderungen@beispiel-versand.example' };
    const { written } = await runConsumerClaim(
      { creditor: shop, agency: creditor, inkasso, channels: outbox },
      { id: 'R-2', description: 'Bestellung 4712 (Gartenstuhl)', email: 'erika@example.org' },
      '2025-05-15',
    );
    const texts = [...written.entries()];
    // The file channel writes each message as outbox/<message id with _>.txt; the id names its stage (R-2_msg_<stage>_<n>).
    const first = (stage: string) => texts.find(([path]) => path.includes(`_${stage}_`))?.[1];
    // Before the hand-over the shop writes; from it on the agency (a letter's sender line).
    for (const stage of ['reminder', 'dunning-notice', 'final-notice']) expect(first(stage), stage).toMatch(/Beispiel Versand GmbH/);
    for (const stage of ['reminder', 'dunning-notice', 'final-notice']) expect(first(stage), stage).not.toMatch(/Muster Inkasso GmbH/);
    const handover = first('handover');
    expect(handover).toContain('\nMuster Inkasso GmbH · Inkassoplatz 2 · 10117 Berlin\n');
    expect(handover).toContain('Auftraggeber: Beispiel Versand GmbH, Musterweg 1, 10115 Berlin');
    expect(first('court-dunning-announcement')).toContain('\nMuster Inkasso GmbH · Inkassoplatz 2 · 10117 Berlin\n');
  }, 180_000);
});
