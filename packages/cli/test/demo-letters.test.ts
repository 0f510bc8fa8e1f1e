import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { creditorReference, parseEpcQr } from '@mahnwerk/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { greyPages } from '../../channel-letter/test/poppler.js';
import { findQrCodes } from '../../channel-letter/test/qr-codes.js';
import { makeDemoBook } from '../src/demo-book.js';
import { runWith, type RunResult } from './run.js';

// Issue 10, Done when: every letter PDF of the demo opens, reads as a German dunning letter with
// its itemized amount, and its GiroCode decodes to a valid EPC payload with the claim's IBAN,
// amount and reference. A smaller book than the default keeps CI fast; every PDF it writes is checked.

const size = 16;
const argv = ['demo', '--claims', String(size), '--days', '150', '--out', 'd'];
const ibans = new Set(['DE89370400440532013000', 'DE02100100100006820101']);
const subjects = /^(Zahlungserinnerung|Mahnung|Letzte Mahnung|Zahlungsaufforderung im Auftrag von|Ankündigung des gerichtlichen Mahnverfahrens)/m;

describe(`mahnwerk demo --claims ${size}: the letter PDFs`, () => {
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
    for (const [path, bytes] of pdfs) {
      const file = join(dir, path.split('/').at(-1) as string);
      writeFileSync(file, bytes);
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      const claimId = (path.split('/').at(-1) as string).split('_')[0] as string;
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
      expect(ibans.has(epc.iban), `${path}: ${epc.iban}`).toBe(true);
      expect(epc.amount, path).toBe(amount);
      expect(epc.reference, path).toBe(creditorReference(claim?.reference ?? claimId));
      expect(codes.some((c) => c.text === `https://pay.beispiel-versand.example/c/${claimId}`), path).toBe(true);
    }
  }, 300_000);
});
