import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMahnwerk, fixedClock } from '@mahnwerk/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/store-option.js';
import { runWith } from './run.js';

// `mahnwerk sepa debits --db DIR --date D --mandates FILE.json` (issue 11 point 6). The book, invoiced
// 2025-01-02 and due 2025-01-16, collected on 2025-01-15 — before the due date no interest or costs
// run, so each debit is principal − payments (checked by hand):
//   RE-S-1  Erika (D-1, mandate FRST, structured address)  1011.75                 → 1011.75
//   RE-S-2  Hans  (D-2, mandate RCUR)  600.00 − 250.00 paid 2025-01-10             →  350.00
//   RE-S-3  Jana  (D-3, no mandate)                                                → not collected
//   RE-S-4  Erika (D-1)  99.00, disputed                                           → not collected
//   RE-S-5  Fritz (D-5, mandate)  50.00, paid in full                              → not collected (nothing open)
// Total 1011.75 + 350.00 = 1361.75 in two debits.
let dir: string;
let db: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mahnwerk-cli-sepa-'));
  db = join(dir, 'data');
  const opened = await openStore(db);
  try {
    const mw = createMahnwerk({ store: opened.store, clock: fixedClock('2025-01-14'), policy: 'auto' });
    const claim = (id: string, debtorId: string, name: string, principal: string, extra: object = {}) =>
      mw.createClaim({ id, debtor: { id: debtorId, kind: 'consumer', name, ...extra }, principal, currency: 'EUR', invoiceDate: '2025-01-02', dueDate: '2025-01-16', reference: id });
    await claim('RE-S-1', 'D-1', 'Erika Mustermann', '1011.75', { postalAddress: { street: 'Musterstraße', houseNumber: '1', postalCode: '10115', city: 'Berlin', country: 'DE' } });
    await claim('RE-S-2', 'D-2', 'Hans Beispiel', '600.00');
    await mw.recordPayment({ claimId: 'RE-S-2', amount: '250.00', date: '2025-01-10', paymentId: 'p-1' });
    await claim('RE-S-3', 'D-3', 'Jana Probe', '70.00');
    await claim('RE-S-4', 'D-1', 'Erika Mustermann', '99.00');
    await mw.openDispute({ claimId: 'RE-S-4', note: 'goods not received', date: '2025-01-12' });
    await claim('RE-S-5', 'D-5', 'Fritz Fremd', '50.00');
    await mw.recordPayment({ claimId: 'RE-S-5', amount: '50.00', date: '2025-01-11', paymentId: 'p-2' });
  } finally {
    await opened.close();
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const mandates = {
  creditor: { name: 'Beispiel Shop GmbH', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', creditorId: 'DE98ZZZ09999999999' },
  mandates: [
    { debtorId: 'D-1', mandateId: 'MNDT-2024-0042', signedOn: '2024-11-02', iban: 'DE02120300000000202051', sequenceType: 'FRST' },
    { debtorId: 'D-2', mandateId: 'MNDT-2023-0007', signedOn: '2023-05-01', iban: 'DE02500105170137075030', bic: 'BYLADEM1001', sequenceType: 'RCUR' },
    { debtorId: 'D-5', mandateId: 'MNDT-2023-0099', signedOn: '2023-05-01', iban: 'DE02100100100006820101', sequenceType: 'RCUR' },
  ],
};
const files = { 'mandates.json': JSON.stringify(mandates) };
const argv = (...more: string[]) => ['sepa', 'debits', '--db', db, '--date', '2025-01-15', '--mandates', 'mandates.json', '--created-at', '2025-01-14T09:00:00', ...more];

const xsd = fileURLToPath(new URL('../../payment-sepa/schema/pain.008.001.02.xsd', import.meta.url));
const xmllintMissing = spawnSync('xmllint', ['--version']).error !== undefined && process.env.CI === undefined;

describe('mahnwerk sepa debits', () => {
  it('collects the open claims of mandated debtors, skips the disputed, unmandated and paid ones, and writes a schema-valid pain.008', async () => {
    const r = await runWith(argv('--out', 'debits.xml'), { files });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.slice(2, 4).map((l) => l.trim().split(/\s{2,}/))).toEqual([
      ['RE-S-1', 'Erika Mustermann', 'MNDT-2024-0042', 'FRST', '1011.75', 'RE-S-1-20250115'],
      ['RE-S-2', 'Hans Beispiel', 'MNDT-2023-0007', 'RCUR', '350.00', 'RE-S-2-20250115'],
    ]);
    expect(lines[4]).toMatch(/^2 direct debits, 1361\.75 EUR, collection date 2025-01-15, message MW-SDD-20250115-[0-9A-F]{10} → debits\.xml$/);
    const xml = r.written.get('debits.xml') as string;
    expect(xml).toMatch(/<GrpHdr>\s*<MsgId>MW-SDD-20250115-[0-9A-F]{10}<\/MsgId>\s*<CreDtTm>2025-01-14T09:00:00<\/CreDtTm>\s*<NbOfTxs>2<\/NbOfTxs>\s*<CtrlSum>1361.75<\/CtrlSum>/);
    expect(xml).toMatch(/<EndToEndId>RE-S-1-20250115<\/EndToEndId>\s*<\/PmtId>\s*<InstdAmt Ccy="EUR">1011.75<\/InstdAmt>/);
    expect(xml).toMatch(/<ReqdColltnDt>2025-01-15<\/ReqdColltnDt>/);
    expect(xml).toMatch(/<Ustrd>RE-S-2<\/Ustrd>/);
    expect(xml).toMatch(/<StrtNm>Musterstraße<\/StrtNm>\s*<BldgNb>1<\/BldgNb>\s*<PstCd>10115<\/PstCd>\s*<TwnNm>Berlin<\/TwnNm>\s*<Ctry>DE<\/Ctry>/);
    expect(xml).not.toMatch(/RE-S-[345]/);
    if (!xmllintMissing) {
      const path = join(mkdtempSync(join(tmpdir(), 'mahnwerk-cli-pain008-')), 'debits.xml');
      writeFileSync(path, xml);
      const check = spawnSync('xmllint', ['--noout', '--schema', xsd, path], { encoding: 'utf8' });
      expect(check.stderr).toContain('validates');
    }

    // The same debits again: the same message id, so the bank refuses a second submission of the file.
    const again = await runWith(argv('--json'), { files });
    const out = JSON.parse(again.stdout) as { file: string; messageId: string; count: number; total: string };
    expect([out.file, out.count, out.total]).toEqual(['pain008-2025-01-15.xml', 2, '1361.75']);
    expect(out.messageId).toBe(/MW-SDD-20250115-[0-9A-F]{10}/.exec(lines[4] as string)?.[0]);
  });

  it('takes the database from --config FILE when --db is not given (the same rule as run, import and status)', async () => {
    const withDb = await runWith(argv('--json'), { files });
    const withConfig = await runWith(
      argv('--json').filter((a, i, all) => a !== '--db' && all[i - 1] !== '--db').concat(['--config', 'mw.json']),
      { files: { ...files, 'mw.json': JSON.stringify({ database: db }) } },
    );
    expect(withConfig.stderr).toBe('');
    expect(withConfig.code).toBe(0);
    expect(withConfig.stdout).toBe(withDb.stdout);
  });

  it('no mandated open claim: says so, writes nothing, exit 0', async () => {
    const r = await runWith(argv(), { files: { 'mandates.json': JSON.stringify({ ...mandates, mandates: [mandates.mandates[2]] }) } });
    expect([r.code, r.stdout, r.writes]).toEqual([0, 'no claim to collect on 2025-01-15 (none open with a mandated debtor); no file written\n', []]);
  });

  it('exit code 2 with one line naming what is wrong', async () => {
    const bad = (over: object) => ({ 'mandates.json': JSON.stringify({ ...mandates, mandates: [{ ...mandates.mandates[0], ...over }] }) });
    const cases: [string[], Record<string, string>, RegExp][] = [
      [['sepa', 'debits', '--db', db, '--date', '2025-01-15'], files, /--mandates: missing; it is required/],
      [argv().map((a) => (a === '2025-01-15' ? '15.01.2025' : a)), files, /--date: "15\.01\.2025" is not a date/],
      [argv(), { 'mandates.json': '{' }, /--mandates: mandates\.json is not valid JSON/],
      [argv(), bad({ sequenceType: 'NEXT' }), /--mandates: mandates\.json: mandates\[0\]\.sequenceType:/],
      [argv(), bad({ iban: 'DE02120300000000202052' }), /debits\[0\]\.debtor\.iban/],
      [['sepa', 'credits'], files, /unknown subcommand "credits"/],
    ];
    for (const [args, given, message] of cases) {
      const r = await runWith(args, { files: given });
      expect([r.code, r.stdout, r.writes]).toEqual([2, '', []]);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
