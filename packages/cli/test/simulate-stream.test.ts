import { describe, expect, it } from 'vitest';
import { runCli } from '../src/index.js';
import { parseClaimsFile, readClaimsStream } from '../src/book.js';
import { json, runWith } from './run.js';

// Issue 7, point 6: `mahnwerk simulate --summary` prints one JSON object, `--events FILE.ndjson`
// streams every event, and books are read as a stream (JSON array or NDJSON).

const consumer = {
  id: 'K1',
  debtor: { kind: 'consumer', name: 'Erika Muster', email: 'erika@example.org' },
  principal: '1000.00',
  currency: 'EUR',
  invoiceDate: '2025-01-02',
  dueDate: '2025-01-16',
};
const business = {
  id: 'B1',
  debtor: { kind: 'business', name: 'Muster GmbH', email: 'buchhaltung@muster.example' },
  principal: '2000.00',
  currency: 'EUR',
  invoiceDate: '2025-01-02',
  dueDate: '2025-01-31',
};
const files = {
  'c.json': JSON.stringify([consumer, business], null, 2),
  'c.ndjson': `${JSON.stringify(consumer)}\n\n${JSON.stringify(business)}\n`,
  'p.json': JSON.stringify([{ claimId: 'K1', date: '2025-03-01', amount: '500.00' }]),
};
const period = ['--from', '2025-01-02', '--to', '2025-03-14'];

const cents = (s: string): bigint => BigInt(s.replace('.', ''));

describe('mahnwerk simulate --summary / --events', () => {
  it('--summary: counts and amounts agree with the full --json run of the same book (checked against its events and balances)', async () => {
    const full = json(await runWith(['simulate', '--claims', 'c.json', '--payments', 'p.json', ...period, '--json'], { files }));
    const out = await runWith(['simulate', '--claims', 'c.json', '--payments', 'p.json', ...period, '--summary'], { files });
    expect(out.code).toBe(0);
    const s = json(out);
    expect(Object.keys(s).sort()).toEqual(['amounts', 'blocked', 'byStatus', 'claims', 'decisions', 'events', 'from', 'messages', 'refused', 'to']);
    expect(s.claims).toBe(2);
    expect(s.events).toBe(full.events.length);
    expect(s.messages).toBe(full.events.filter((e: { type: string }) => e.type === 'message-sent').length);
    expect(s.decisions).toBeGreaterThan(0);
    // Invoiced 1000.00 + 2000.00; the only payment is the 500.00 of p.json.
    expect(s.amounts.EUR.invoiced).toBe('3000.00');
    expect(s.amounts.EUR.collected).toBe('500.00');
    const open = full.claims.reduce((sum: bigint, c: { balance: { total: string } }) => sum + cents(c.balance.total), 0n);
    expect(cents(s.amounts.EUR.open)).toBe(open);
    expect(Object.values(s.byStatus as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('--events FILE writes every event as one NDJSON line, the same events --json prints', async () => {
    const full = json(await runWith(['simulate', '--claims', 'c.json', '--payments', 'p.json', ...period, '--json'], { files }));
    const out = await runWith(['simulate', '--claims', 'c.json', '--payments', 'p.json', ...period, '--events', 'ev.ndjson'], { files });
    expect(out.code).toBe(0);
    const text = out.written.get('ev.ndjson') as string;
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(json(out).events);
    const key = (e: unknown): string => JSON.stringify(e);
    expect(lines.map(key).sort()).toEqual(full.events.map(key).sort());
  });

  it('an NDJSON book (.ndjson, blank lines allowed) gives the same run as the JSON array', async () => {
    const a = json(await runWith(['simulate', '--claims', 'c.json', ...period, '--summary'], { files }));
    const b = json(await runWith(['simulate', '--claims', 'c.ndjson', ...period, '--summary'], { files }));
    expect(b).toEqual(a);
  });

  it('a book streamed in pieces of any size is read exactly as parseClaimsFile reads it whole', async () => {
    const whole = parseClaimsFile(files['c.json'], 'c.json');
    for (const size of [1, 7, 64, 100_000]) {
      const text = files['c.json'];
      const pieces = async function* () {
        for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
      };
      expect(await readClaimsStream(pieces(), 'c.json')).toEqual(whole);
      const nd = files['c.ndjson'];
      const ndPieces = async function* () {
        for (let i = 0; i < nd.length; i += size) yield nd.slice(i, i + size);
      };
      expect(await readClaimsStream(ndPieces(), 'c.ndjson')).toEqual(whole);
    }
  });

  it('bad books are usage errors naming file, record and field', async () => {
    const bad = {
      ...files,
      'x.ndjson': `${JSON.stringify(consumer)}\n${JSON.stringify({ ...business, principal: 12 })}\n`,
      'y.ndjson': `${JSON.stringify(consumer)}\n{"id": "B1",\n`,
      'z.json': JSON.stringify({ claims: [consumer] }),
      'w.json': `[${JSON.stringify(consumer)}, {"id": `,
    };
    const err = async (file: string): Promise<string> => {
      const out = await runWith(['simulate', '--claims', file, ...period, '--summary'], { files: bad });
      expect(out.code).toBe(2);
      return out.stderr;
    };
    expect(await err('x.ndjson')).toMatch(/x\.ndjson: record 2 \(id "B1"\): principal: /);
    expect(await err('y.ndjson')).toMatch(/y\.ndjson: line 2: not valid JSON/);
    expect(await err('z.json')).toMatch(/z\.json: expected a JSON array of claims/);
    expect(await err('w.json')).toMatch(/w\.json: not valid JSON/);
    expect(await err('missing.json')).toMatch(/--claims: cannot read "missing.json"/);
  });

  it('uses the host\'s streaming reader and writer when it has them', async () => {
    const reads: string[] = [];
    const pieces: string[] = [];
    let closed = false;
    let stdout = '';
    const code = await runCli(['simulate', '--claims', 'c.json', ...period, '--events', 'e.ndjson'], {
      stdout: (t) => {
        stdout += t;
      },
      stderr: () => {},
      readStdin: async () => '',
      readFile: async (path) => {
        // simulate looks for ./mahnwerk.config.json as run does (not there: the defaults).
        if (path === 'mahnwerk.config.json') throw new Error(`ENOENT: no such file, open '${path}'`);
        throw new Error('readFile must not be used when readFileStream is there');
      },
      readFileStream: (path) => {
        reads.push(path);
        const text = files['c.json'];
        return (async function* () {
          for (let i = 0; i < text.length; i += 16) yield text.slice(i, i + 16);
        })();
      },
      openFileWriter: () => ({
        write: (t) => void pieces.push(t),
        close: async () => {
          closed = true;
        },
      }),
    });
    expect(code).toBe(0);
    expect(reads).toEqual(['c.json']);
    expect(closed).toBe(true);
    expect(pieces.length).toBe(JSON.parse(stdout).events);
  });
});

// Issue 7 point 6: a book larger than --batch is simulated in batches by debtor, reading the file
// again per batch, so memory follows the batch and not the book. Claims of different debtors share
// nothing in a simulation, so the batched run must record exactly the events of one run over the
// whole book.
describe('mahnwerk simulate --summary / --events in batches (--batch)', () => {
  const debtor = (n: number, kind: 'consumer' | 'business') => ({ id: `D${n}`, kind, name: `Schuldner ${n}`, email: `d${n}@example.org` });
  // Seven claims of four debtors; debtors 1 and 3 have several claims (their messages share the
  // debtor's contact limits), two claims are paid in part.
  const book = [
    { id: 'A1', debtor: debtor(1, 'consumer'), principal: '100.00', invoiceDate: '2025-01-02', dueDate: '2025-01-16' },
    { id: 'A2', debtor: debtor(2, 'business'), principal: '2500.00', invoiceDate: '2025-01-10', dueDate: '2025-02-09' },
    { id: 'A3', debtor: debtor(1, 'consumer'), principal: '80.50', invoiceDate: '2025-01-03', dueDate: '2025-01-17' },
    { id: 'A4', debtor: debtor(3, 'consumer'), principal: '1200.00', invoiceDate: '2025-02-01', dueDate: '2025-02-15' },
    { id: 'A5', debtor: debtor(4, 'business'), principal: '999.99', invoiceDate: '2025-01-20', dueDate: '2025-02-19' },
    { id: 'A6', debtor: debtor(3, 'consumer'), principal: '45.00', invoiceDate: '2025-02-01', dueDate: '2025-02-15' },
    { id: 'A7', debtor: debtor(1, 'consumer'), principal: '310.00', invoiceDate: '2025-03-01', dueDate: '2025-03-15' },
  ].map((c) => ({ ...c, currency: 'EUR' }));
  const bookFiles = {
    'b.ndjson': book.map((c) => JSON.stringify(c)).join('\n') + '\n',
    'b.json': JSON.stringify(book),
    'bp.json': JSON.stringify([
      { claimId: 'A4', date: '2025-03-20', amount: '200.00' },
      { claimId: 'A2', date: '2025-04-02', amount: '2500.00' },
    ]),
  };
  const args = (file: string, ...more: string[]) => ['simulate', '--claims', file, '--payments', 'bp.json', '--from', '2025-01-02', '--to', '2025-09-30', ...more];
  const lines = (text: string): string[] => text.trimEnd().split('\n');

  for (const file of ['b.ndjson', 'b.json']) {
    it(`${file}: batches of 2 and of 1 give the summary and the events of the run over the whole book`, async () => {
      const whole = await runWith(args(file, '--events', 'all.ndjson'), { files: bookFiles });
      expect(whole.code).toBe(0);
      const all = lines(whole.written.get('all.ndjson') as string);
      expect(all.length).toBe(json(whole).events);
      for (const batch of ['2', '1']) {
        const out = await runWith(args(file, '--events', 'part.ndjson', '--batch', batch), { files: bookFiles });
        expect(out.code).toBe(0);
        expect(json(out)).toEqual(json(whole));
        const part = lines(out.written.get('part.ndjson') as string);
        expect([...part].sort()).toEqual([...all].sort());
        // Each claim's events keep their order (the run over the whole book's order).
        for (const c of book) {
          const of = (ls: string[]) => ls.filter((l) => (JSON.parse(l) as { claimId: string }).claimId === c.id);
          expect(of(part)).toEqual(of(all));
        }
        // A debtor's claims are in one batch: their events are not interleaved with another batch's.
        const batchOfLine = part.map((l) => (JSON.parse(l) as { claimId: string }).claimId);
        const debtorOf = new Map(book.map((c) => [c.id, c.debtor.id]));
        const runs = batchOfLine.map((id) => debtorOf.get(id)).filter((d, i, a) => i === 0 || d !== a[i - 1]);
        // With batch size 1 the book needs 7 batches (hash of the debtor id mod 7); debtor D1's
        // three claims still form one block of the file.
        if (batch === '1') expect(runs.filter((d) => d === 'D1').length).toBe(1);
      }
    });
  }

  it('reads the book once to check it and once per batch (2 claims a batch → ⌈7/2⌉ = 4 batches)', async () => {
    const reads: string[] = [];
    let stdout = '';
    const code = await runCli(args('b.ndjson', '--summary', '--batch', '2'), {
      stdout: (t) => {
        stdout += t;
      },
      stderr: () => {},
      readStdin: async () => '',
      readFile: async (path) => {
        if (path === 'bp.json') return bookFiles['bp.json'];
        if (path === 'mahnwerk.config.json') throw new Error(`ENOENT: no such file, open '${path}'`);
        throw new Error('the claims file must be streamed');
      },
      readFileStream: (path) => {
        reads.push(path);
        const text = bookFiles['b.ndjson'];
        return (async function* () {
          for (let i = 0; i < text.length; i += 50) yield text.slice(i, i + 50);
        })();
      },
    });
    expect(code).toBe(0);
    expect(reads).toEqual(['b.ndjson', 'b.ndjson', 'b.ndjson', 'b.ndjson', 'b.ndjson']);
    expect(JSON.parse(stdout).claims).toBe(7);
  });

  it('a bad record after the first batch is reported before anything runs (no events file is written)', async () => {
    const bad = { ...bookFiles, 'x.ndjson': bookFiles['b.ndjson'] + JSON.stringify({ ...book[0], id: 'A8', invoiceDate: '1999-06-01', dueDate: '1999-06-15' }) + '\n' };
    const out = await runWith(args('x.ndjson', '--events', 'e.ndjson', '--batch', '2'), { files: bad });
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/x\.ndjson: record 8 \(id "A8"\): invoiceDate: /);
    expect(out.written.has('e.ndjson')).toBe(false);
    const dup = { ...bookFiles, 'y.ndjson': bookFiles['b.ndjson'] + JSON.stringify(book[1]) + '\n' };
    const out2 = await runWith(args('y.ndjson', '--summary', '--batch', '2'), { files: dup });
    expect(out2.stderr).toMatch(/y\.ndjson: record 8 \(id "A2"\): id: appears twice/);
    expect((await runWith(args('b.ndjson', '--summary', '--batch', '0'), { files: bookFiles })).stderr).toMatch(/--batch: "0" is not a whole number above 0/);
  });
});
