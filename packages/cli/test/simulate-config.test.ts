import { describe, expect, it } from 'vitest';
import { json, runWith } from './run.js';

// `mahnwerk simulate` takes the steps `mahnwerk run` takes: it reads the config as run does
// (--config, else ./mahnwerk.config.json) and passes core's simulate the renderer run writes with
// (configuredRenderer: @mahnwerk/templates with the configured creditor), so a stage whose message
// that renderer refuses is not entered (rule guard.message-cannot-be-written) and is printed as
// blocked. Before, simulate read no config: it handed over (and charged collection costs for) a
// consumer's claim whose agency letter the run refuses for want of the § 13a Abs. 1 RDG information.

const creditor = { name: 'Muster Inkasso GmbH', addressLines: ['Inkassoplatz 2', '10117 Berlin'], isCollectionAgency: true, email: 'post@muster-inkasso.example' };
const claim = {
  id: 'RE-1',
  principal: '99.90',
  currency: 'EUR',
  invoiceDate: '2025-01-03',
  dueDate: '2025-01-17',
  description: 'Jahresabo Kaffeebohnen',
  contractDate: '2024-12-20',
  debtor: { id: 'D-1', kind: 'consumer', name: 'Erika Mustermann', email: 'erika@example.org', address: ['Heidestraße 17', '51147 Köln'] },
};
const files = { 'c.json': JSON.stringify([claim]), 'mw.json': JSON.stringify({ creditor }) };
const args = ['simulate', '--claims', 'c.json', '--from', '2025-01-03', '--to', '2025-04-15'];

const inkasso = {
  client: { name: 'Beispiel Versand GmbH', addressLines: ['Musterweg 1', '10115 Berlin'] },
  supervisoryAuthority: { name: 'Bundesamt für Justiz', addressLines: ['Adenauerallee 99–103', '53113 Bonn'], website: 'https://www.bundesjustizamt.de' },
  addressResearched: false,
};

type Event = { date: string; type: string; stage?: string; code?: string };
type Blocked = { date: string; claimId: string; rule: string; basis: string; text: string; stage?: string };
const handoverDay = '2025-03-17';
// 17–31 March (15 days) and 1–15 April (15 days): the hand-over is tried again every day up to --to.
const blockedDays = 30;

describe('rule: mahnwerk simulate uses the configured renderer\'s check (guard.message-cannot-be-written, § 13a Abs. 1 RDG)', () => {
  it('without a config every stage is entered: the claim is handed over on 2025-03-17 with the collection costs (Nr. 2300 VV RVG)', async () => {
    const out = await runWith([...args, '--json'], { files });
    expect(out.code).toBe(0);
    const body = json(out) as { events: Event[]; blocked: Blocked[]; claims: { status: string; stage: string }[] };
    expect(body.events.filter((e) => e.type === 'handed-over').map((e) => e.date)).toEqual([handoverDay]);
    expect(body.events.some((e) => e.type === 'fee-charged' && e.code === 'Nr. 2300 VV RVG')).toBe(true);
    expect(body.blocked).toEqual([]);
    expect(body.claims.map((c) => [c.status, c.stage])).toEqual([['handed-over', 'handover']]);
  });

  it('with a creditor (a collection agency) but no "inkasso" block the hand-over is blocked every day from that day on, and nothing is charged for it', async () => {
    const out = await runWith([...args, '--config', 'mw.json', '--json'], { files });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const body = json(out) as { events: Event[]; blocked: Blocked[]; claims: { status: string; stage: string }[] };
    expect(body.events.some((e) => e.type === 'handed-over' || e.code === 'Nr. 2300 VV RVG')).toBe(false);
    expect(body.claims.map((c) => [c.status, c.stage])).toEqual([['in-default', 'final-notice']]);
    expect(body.blocked).toHaveLength(blockedDays);
    expect(body.blocked[0]).toMatchObject({ date: handoverDay, claimId: 'RE-1', rule: 'guard.message-cannot-be-written', stage: 'handover' });
    expect(body.blocked.at(-1)?.date).toBe('2025-04-15');
    // The renderer's own reason: the agency letter lacks the § 13a Abs. 1 RDG information.
    expect(body.blocked[0]?.text).toContain('§ 13a Abs. 1 Nr. 1 RDG: name or firm of the client');
  });

  it('./mahnwerk.config.json is read when --config is not given, as mahnwerk run reads it', async () => {
    const out = await runWith([...args, '--json'], { files: { 'c.json': files['c.json'], 'mahnwerk.config.json': files['mw.json'] } });
    expect((json(out) as { blocked: Blocked[] }).blocked).toHaveLength(blockedDays);
  });

  it('with the § 13a RDG information configured the renderer can write the letter: handed over as without a config', async () => {
    const out = await runWith([...args, '--config', 'full.json', '--json'], { files: { ...files, 'full.json': JSON.stringify({ creditor, inkasso }) } });
    const body = json(out) as { events: Event[]; blocked: Blocked[] };
    expect(body.blocked).toEqual([]);
    expect(body.events.filter((e) => e.type === 'handed-over').map((e) => e.date)).toEqual([handoverDay]);
  });

  it('the table prints the blocked steps (one row per claim, rule and stage, with its days) and why; --summary counts them', async () => {
    const out = await runWith([...args, '--config', 'mw.json'], { files });
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('\nBlocked steps:\n');
    expect(out.stdout).toMatch(/\n2025-03-17 +2025-04-15 +30 +RE-1 +guard\.message-cannot-be-written +handover\n/);
    expect(out.stdout).toContain('30 steps blocked by guard.message-cannot-be-written (engine rule; § 13a Abs. 1 RDG; §§ 280 Abs. 2, 286 BGB): ');
    const summary = await runWith([...args, '--config', 'mw.json', '--summary'], { files });
    expect(json(summary)).toMatchObject({ blocked: blockedDays, byStatus: { 'in-default': 1 } });
  });

  it('a --config that cannot be read exits 2 naming it', async () => {
    const out = await runWith([...args, '--config', 'missing.json'], { files });
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^mahnwerk simulate: --config: cannot read "missing.json"/);
  });
});
