import { add, money, subtract, sum, zero, type ClaimEvent, type Money } from '@mahnwerk/core';
import { simpleParser } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeDemoBook } from '../src/demo-book.js';
import { json, runWith, type RunResult } from './run.js';

// `mahnwerk demo` runs a generated book (seed 42 unless --seed) through the built-in policies and
// writes every letter and e-mail through io.writeFile. The book is reproducible, so the test can
// regenerate it (makeDemoBook) to know each claim's debtor.

const argv = ['demo', '--claims', '40', '--days', '120'];
const OUT = 'mahnwerk-demo';

/** "1.234,56 €" (de-DE, with a no-break space before €) → Money. */
function euro(text: string): Money {
  return money(text.replace(/\s*€$/, '').replace(/\./g, '').replace(',', '.'), 'EUR');
}

function line(text: string, label: string): Money | null {
  const m = new RegExp(`^${label}: (.+\\s€)$`, 'm').exec(text);
  return m ? euro(m[1] as string) : null;
}

describe('mahnwerk demo --claims 40 --days 120', () => {
  let out: RunResult;
  let book: ReturnType<typeof makeDemoBook>;

  beforeAll(async () => {
    // The letter PDFs are checked in demo-letters.test.ts on a smaller book.
    out = await runWith(argv, { binary: false });
    book = makeDemoBook({ start: '2025-01-02', size: 40, seed: 42 });
  });

  it('exits 0, reports progress on stderr and prints the summary on stdout', () => {
    expect(out.code).toBe(0);
    expect(out.stderr).toContain('mahnwerk demo: 40 claims');
    expect(out.stderr).toContain('running on PGlite (in memory)');
    expect(out.stdout).toContain('Summary 2025-01-02 … 2025-05-01 (40 claims');
    for (const row of ['invoiced (principal)', 'collected', 'outstanding', 'of which interest', 'of which costs and fees']) expect(out.stdout).toContain(row);
    expect(out.stdout).toMatch(/status\s+claims/);
    expect(out.stdout).toMatch(/\d+ letters and e-mails written to \.\/mahnwerk-demo\//);
  });

  it('writes every message, an index and the timeline through io.writeFile, nothing twice', () => {
    expect(out.written.has(`${OUT}/index.tsv`)).toBe(true);
    expect(out.written.has(`${OUT}/timeline.json`)).toBe(true);
    expect(new Set(out.writes).size).toBe(out.writes.length);
    const index = (out.written.get(`${OUT}/index.tsv`) as string).trimEnd().split('\n');
    expect(index[0]).toBe('date\tclaim\tstage\tchannel\tfile');
    const rows = index.slice(1).map((r) => r.split('\t'));
    expect(rows.length).toBeGreaterThan(0);
    for (const [date, claim, , channel, file] of rows) {
      expect(out.written.has(file as string), file).toBe(true);
      expect(file?.startsWith(`${OUT}/${claim}/${date}-`), file).toBe(true);
      expect(['letter', 'email', 'sms']).toContain(channel);
    }
    // The printed count matches the index.
    expect(out.stdout).toContain(`${rows.length} letters and e-mails written`);
  });

  it('every letter names its debtor (e-mails to consumers too) and every message carries the itemized statement, whose parts add up to the total', () => {
    const debtor = new Map(book.claims.map((c) => [c.id, c.debtor]));
    const texts = [...out.written.entries()].filter(([path]) => path.endsWith('.txt'));
    expect(texts.length).toBeGreaterThan(0);
    for (const [path, text] of texts) {
      const claimId = path.split('/')[1] as string;
      const who = debtor.get(claimId);
      // Letters carry the address block; e-mails greet consumers by name and businesses with "Sehr geehrte Damen und Herren".
      if (path.endsWith('-letter.txt') || who?.kind === 'consumer') expect(text, path).toContain(who?.name);
      expect(text, path).toContain('Forderungsaufstellung');
      expect(text, path).toMatch(new RegExp(`^- Hauptforderung vom .*\\(Rechnung ${claimId}\\): .+\\s€$`, 'm'));
      const principal = line(text, 'Hauptforderung');
      const interest = line(text, 'Zinsen') ?? zero('EUR');
      const costs = line(text, 'Kosten') ?? zero('EUR');
      const total = line(text, 'Gesamtbetrag');
      expect(principal, path).not.toBeNull();
      expect(total, path).not.toBeNull();
      expect(add(add(principal as Money, interest), costs).amount.toFixed(2), path).toBe((total as Money).amount.toFixed(2));
      // Each interest line names its period, days, rate and § 288 BGB.
      for (const m of text.matchAll(/^- Zinsen .*$/gm)) expect(m[0]).toMatch(/^- Zinsen \d{2}\.\d{2}\.\d{4} bis \d{2}\.\d{2}\.\d{4}: \d+ Tage zu [\d,]+\s%\sp\.\sa\. aus .+\s€ \(§\s288 Abs\.\s[12] BGB\): .+\s€$/);
    }
    // Letters go to the debtor's postal address.
    const letters = texts.filter(([path]) => path.endsWith('-letter.txt'));
    expect(letters.length).toBeGreaterThan(0);
    const address = new Map(book.claims.map((c) => [c.id, c.debtor.address ?? []]));
    for (const [path, text] of letters) for (const l of address.get(path.split('/')[1] as string) ?? []) expect(text, path).toContain(l);
  });

  it('e-mails are real RFC 5322 files (.eml, no .eml.txt): CRLF, 7-bit, From/To/Subject/Date/Message-ID, text and HTML parts; the text part carries the statement', async () => {
    const debtor = new Map(book.claims.map((c) => [c.id, c.debtor]));
    const emails = [...out.written.entries()].filter(([path]) => path.endsWith('.eml'));
    expect(emails.length).toBeGreaterThan(0);
    expect([...out.written.keys()].some((path) => path.endsWith('.eml.txt'))).toBe(false);
    for (const [path, raw] of emails) {
      // RFC 5322 § 2.1 and § 2.3: US-ASCII, lines end in CRLF
      expect(/[^\x00-\x7f]/.test(raw), path).toBe(false);
      expect(raw.replace(/\r\n/g, ''), path).not.toMatch(/[\r\n]/);
      const head = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
      for (const field of ['From', 'To', 'Subject', 'Date', 'Message-ID', 'MIME-Version']) expect(head, `${path}: ${field}`).toMatch(new RegExp(`^${field}: `, 'm'));
      const parsed = await simpleParser(raw);
      const claimId = path.split('/')[1] as string;
      const date = (path.split('/')[2] as string).slice(0, 10);
      expect(parsed.to, path).toMatchObject({ value: [{ address: debtor.get(claimId)?.email }] });
      expect(parsed.date?.toISOString().slice(0, 10), path).toBe(date);
      expect(parsed.subject, path).toMatch(/Mahnung|Zahlungserinnerung|Inkasso|Mahnverfahren/);
      expect(parsed.text, path).toContain('Forderungsaufstellung');
      expect(parsed.text, path).toMatch(/€/);
      expect(parsed.html, path).toContain('<');
      const principal = line(parsed.text ?? '', 'Hauptforderung');
      const total = line(parsed.text ?? '', 'Gesamtbetrag');
      expect(principal, path).not.toBeNull();
      expect(total, path).not.toBeNull();
    }
  });

  it('--no-files writes nothing; a host without writeFile gets the summary and no error', async () => {
    const none = await runWith([...argv, '--no-files']);
    expect(none.code).toBe(0);
    expect(none.writes).toEqual([]);
    const readOnly = await runWith(argv, { writable: false });
    expect(readOnly.code).toBe(0);
    expect(readOnly.stdout).toContain('Summary');
  });

  it('--claims 0 is a usage error naming the flag (exit 2, stdout empty)', async () => {
    const bad = await runWith(['demo', '--claims', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/^mahnwerk demo: --claims: "0" is not a whole number/);
  });
});

describe('mahnwerk demo --json: the summary adds up', () => {
  let body: Record<string, any>;
  let events: ClaimEvent[];

  beforeAll(async () => {
    const out = await runWith([...argv, '--json'], { binary: false });
    expect(out.code).toBe(0);
    body = json(out);
    events = JSON.parse(out.written.get(`${OUT}/timeline.json`) as string) as ClaimEvent[];
  });

  it('reports the documented keys, 40 claims and the period', () => {
    expect(body).toMatchObject({ claims: 40, from: '2025-01-02', to: '2025-05-01', out: OUT });
    for (const key of ['invoiced', 'collected', 'interestCollected', 'costsCollected', 'outstanding', 'interestOutstanding', 'costsOutstanding']) {
      expect(body[key], key).toMatch(/^\d+\.\d{2}$/);
    }
    const count = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
    expect(count(body['byStatus'])).toBe(40);
    expect(count(body['byStage'])).toBe(40);
    expect(count(body['messages'])).toBe(body['filesWritten']);
    expect(body['decisions']).toBeGreaterThan(0);
  });

  it('collected == the sum of all payment amounts in the timeline; its interest and costs parts == the allocated parts (§ 367 BGB)', () => {
    const payments = events.filter((e): e is Extract<ClaimEvent, { type: 'payment-received' }> => e.type === 'payment-received');
    expect(payments.length).toBeGreaterThan(0);
    const total = (pick: (p: (typeof payments)[number]) => string) => sum(payments.map((p) => money(pick(p))), 'EUR').amount.toFixed(2);
    expect(body['collected']).toBe(total((p) => p.amount));
    expect(body['interestCollected']).toBe(total((p) => p.allocation.interest));
    expect(body['costsCollected']).toBe(total((p) => p.allocation.costs));
  });

  it('invoiced principal == principal collected + principal outstanding', () => {
    const payments = events.filter((e): e is Extract<ClaimEvent, { type: 'payment-received' }> => e.type === 'payment-received');
    const unapplied = sum(payments.map((p) => money(p.allocation.unapplied)), 'EUR');
    const principalCollected = subtract(subtract(subtract(money(body['collected']), money(body['interestCollected'])), money(body['costsCollected'])), unapplied);
    // The same from the allocation parts directly.
    expect(principalCollected.amount.toFixed(2)).toBe(sum(payments.map((p) => money(p.allocation.principal)), 'EUR').amount.toFixed(2));
    const principalOutstanding = subtract(subtract(money(body['outstanding']), money(body['interestOutstanding'])), money(body['costsOutstanding']));
    expect(add(principalCollected, principalOutstanding).amount.toFixed(2)).toBe(body['invoiced']);
    // And the invoiced principal is the book's.
    const book = makeDemoBook({ start: '2025-01-02', size: 40, seed: 42 });
    expect(body['invoiced']).toBe(sum(book.claims.map((c) => money(c.principal)), 'EUR').amount.toFixed(2));
  });

  it('is reproducible: the same flags give the same summary', async () => {
    const again = json(await runWith([...argv, '--json'], { binary: false }));
    expect(again).toEqual(body);
  });
});
