import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { creditorReference, parseEpcQr } from '@mahnwerk/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { greyPages, withoutPdfTools } from '../../channel-letter/test/poppler.js';
import { findQrCodes } from '../../channel-letter/test/qr-codes.js';
import { makeDemoBook } from '../src/demo-book.js';
import { runWith, type RunResult } from './run.js';

// Issue 10, Done when: every letter PDF of the demo opens, reads as a German dunning letter with
// its itemized amount, and its GiroCode decodes to a valid EPC payload with the claim's IBAN,
// amount and reference. A smaller book than the default keeps CI fast; every PDF it writes is checked.

const size = 16;
const argv = ['demo', '--claims', String(size), '--days', '150', '--out', 'd'];
// Whoever collects at the letter's date is the payee (demo.ts): the shop until the claim is handed
// over, the agency from the hand-over day on — its IBAN in the GiroCode and its payment link.
const shop = { iban: 'DE89370400440532013000', link: (id: string) => `https://pay.beispiel-versand.example/c/${id}` };
const agency = { iban: 'DE02100100100006820101', link: (id: string) => `https://zahlung.muster-inkasso.example/f/${id}` };
const subjects = /^(Zahlungserinnerung|Mahnung|Letzte Mahnung|Zahlungsaufforderung im Auftrag von|Ankündigung des gerichtlichen Mahnverfahrens)/m;

describe.skipIf(withoutPdfTools)(`mahnwerk demo --claims ${size}: the letter PDFs`, () => {
  let out: RunResult;
  let pdfs: [string, Uint8Array][];
  let book: ReturnType<typeof makeDemoBook>;

  beforeAll(async () => {
    out = await runWith(argv);
    pdfs = [...out.binaries].filter(([path]) => path.endsWith('.pdf'));
    book = makeDemoBook({ start: '2025-01-02', size, seed: 42 });
  }, 300_000);

  it('writes one PDF per letter and a manifest listing each of them', () => {
    expect(out.code).toBe(0);
    const letterTexts = [...out.written.keys()].filter((p) => p.endsWith('-letter.txt'));
    expect(letterTexts.length).toBeGreaterThan(0);
    expect(pdfs).toHaveLength(letterTexts.length);
    const manifest = out.written.get('d/letters/manifest.csv') ?? '';
    const rows = manifest.trimEnd().split('\r\n').slice(1);
    expect(rows.map((r) => `d/letters/${r.split(';')[0]}`).sort()).toEqual(pdfs.map(([p]) => p).sort());
  });

  it('every PDF opens, reads as a German dunning letter with its itemized total, and its GiroCode pays exactly that to the claim', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mahnwerk-demo-pdf-'));
    const events = JSON.parse(out.written.get('d/timeline.json') ?? '[]') as { type: string; claimId: string; date: string }[];
    const handedOverOn = new Map<string, string>();
    for (const e of events) if (e.type === 'handed-over' && !handedOverOn.has(e.claimId)) handedOverOn.set(e.claimId, e.date);
    let agencyLetters = 0;
    for (const [path, bytes] of pdfs) {
      const file = join(dir, path.split('/').at(-1) as string);
      writeFileSync(file, bytes);
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      const [claimId, rest] = (path.split('/').at(-1) as string).split('_') as [string, string];
      const letterDate = rest.slice(0, 10);
      const handedOver = (handedOverOn.get(claimId) ?? '9999-12-31') <= letterDate;
      const payee = handedOver ? agency : shop;
      if (handedOver) agencyLetters++;
      const claim = book.claims.find((c) => c.id === claimId);
      expect(claim, path).toBeDefined();
      expect(text, path).toMatch(subjects);
      expect(text, path).toContain(claim?.debtor.name);
      expect(text, path).toMatch(/Forderungsaufstellung \(Stand \d\d\.\d\d\.\d{4}\)/);
      expect(text, path).toMatch(/Position\s+Grundlage\s+Betrag/);
      const total = /Gesamtbetrag\s+([\d.]+,\d\d)\s€/.exec(text);
      expect(total, path).not.toBeNull();
      const amount = (total?.[1] as string).replace(/\./g, '').replace(',', '.');
      const codes = greyPages(file).flatMap((page) => findQrCodes(page));
      const giro = codes.find((c) => c.text.startsWith('BCD\n'));
      expect(giro, `${path}: no GiroCode found`).toBeDefined();
      const epc = parseEpcQr(giro?.text ?? '');
      expect(epc.iban, path).toBe(payee.iban);
      expect(epc.amount, path).toBe(amount);
      expect(epc.reference, path).toBe(creditorReference(claim?.reference ?? claimId));
      expect(codes.some((c) => c.text === payee.link(claimId)), path).toBe(true);
    }
    // The demo book hands claims over within 150 days, so both payees are checked.
    expect(agencyLetters).toBeGreaterThan(0);
    expect(agencyLetters).toBeLessThan(pdfs.length);
  }, 300_000);
});
