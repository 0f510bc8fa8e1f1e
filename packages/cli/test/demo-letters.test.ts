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
      // The statement once, as the table — no placeholder, no text lines of it (the templates' letter body through the letter channel).
      expect(text.split('Forderungsaufstellung'), path).toHaveLength(2);
      expect(text, path).not.toContain('[statement]');
      expect(text, path).not.toMatch(/^- Hauptforderung|Gesamtbetrag: /m);
      // No line ends with "§" and goes on with its number (RE-00009's agency letter broke "§ / 13e Abs. 1 RDG" in its body):
      // the layout glues body and table alike (core's keepTogether).
      expect(text.split('\n').filter((line) => /(?:^|\s)§§?$/u.test(line.trimEnd())), path).toEqual([]);
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

  /** The text of one of the demo's PDFs, white space as single spaces. */
  const pdfOf = (name: string): string => {
    const bytes = out.binaries.get(`d/letters/${name}`);
    if (bytes === undefined) throw new Error(`no PDF ${name}`);
    const file = join(mkdtempSync(join(tmpdir(), 'mahnwerk-demo-pdf-')), name);
    writeFileSync(file, bytes);
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/gu, ' ');
  };

  it('laid out as the letter channel lays out a message (letterFromMessage): its information block, and the table of the templates’ letter body', () => {
    const pdf = pdfOf('RE-00009_2025-04-04-handover-inkasso.pdf');
    // The channel's information block (Unser Zeichen: the payment reference), not a layout of the demo's own.
    expect(pdf).toMatch(/Unser Zeichen RE-00009 /);
    // The templates' table cells name the fee's factor and base fee as the HTML letter does: 0.9 × 127.00 = 114.30.
    // The basis column keeps "S. 1" together (a no-break space): it moves to the next line as a whole.
    expect(pdf).toContain('Geschäftsgebühr Nr. 2300 VV RVG vom 04.04.2025, 0,9 × Nr. 2300 VV RVG Anm. (2) 114,30 € 127,00 € S. 1, 3, § 13 Abs. 1 RVG');
  });

  it('one Letzte Mahnung and one agency letter: every row of the statement table worked by hand', () => {
    // RE-00004 (consumer), Letzte Mahnung of 28.03.2025: 1,217.34 € principal, in default from 11.03.2025;
    // 11.03.–28.03.2025 = 18 days at 2.27 % base rate + 5 pp = 7.27 % (§ 288 Abs. 1 BGB):
    // 1,217.34 × 0.0727 × 18 / 365 = 4.3644… → 4.36 €; material costs 1.00 €; total 1,217.34 + 4.36 + 1.00 = 1,222.70 €.
    const final = pdfOf('RE-00004_2025-03-28-final-notice.pdf');
    expect(final).toContain(
      'Forderungsaufstellung (Stand 28.03.2025) Position Grundlage Betrag ' +
        'Hauptforderung vom 31.01.2025 Rechnung RE-00004 1.217,34 € ' +
        'Zinsen 11.03.2025 bis 28.03.2025: 18 Tage zu 7,27 % p. a. § 288 Abs. 1 BGB 4,36 € aus 1.217,34 € ' +
        'Mahnkosten (Porto und Material) vom 28.03.2025 §§ 280 Abs. 1, 2, 286 BGB 1,00 € ' +
        'Hauptforderung 1.217,34 € Zinsen 4,36 € Kosten 1,00 € Gesamtbetrag 1.222,70 €',
    );
    // RE-00009 (consumer), the agency's letter of 04.04.2025: 1,099.51 € principal, in default from 01.03.2025;
    // 01.03.–04.04.2025 = 31 + 4 = 35 days at 7.27 %: 1,099.51 × 0.0727 × 35 / 365 = 7.6649… → 7.66 €;
    // Geschäftsgebühr 0.9 × 127.00 € (RVG table 2021, value up to 1,500 €) = 114.30 €; Nr. 7002: 20 % of 114.30 = 22.86, capped at 20.00 €;
    // costs 1.00 + 114.30 + 20.00 = 135.30 €; total 1,099.51 + 7.66 + 135.30 = 1,242.47 €.
    const agencyLetter = pdfOf('RE-00009_2025-04-04-handover-inkasso.pdf');
    expect(agencyLetter).toContain(
      'Forderungsaufstellung (Stand 04.04.2025) Position Grundlage Betrag ' +
        'Hauptforderung vom 21.01.2025 Rechnung RE-00009 1.099,51 € ' +
        'Zinsen 01.03.2025 bis 04.04.2025: 35 Tage zu 7,27 % p. a. § 288 Abs. 1 BGB 7,66 € aus 1.099,51 € ' +
        'Mahnkosten (Porto und Material) vom 18.03.2025 §§ 280 Abs. 1, 2, 286 BGB 1,00 €',
    );
    expect(agencyLetter).toContain('Auslagenpauschale Nr. 7002 VV RVG vom 04.04.2025 Nr. 7002 VV RVG 20,00 € Hauptforderung 1.099,51 € Zinsen 7,66 € Kosten 135,30 € Gesamtbetrag 1.242,47 €');
  });
});
