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
    expect(Object.keys(s).sort()).toEqual(['amounts', 'byStatus', 'claims', 'decisions', 'events', 'from', 'messages', 'to']);
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
      readFile: async () => {
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
