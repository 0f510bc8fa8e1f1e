import { describe, expect, it } from 'vitest';
import { json, runWith } from './run.js';
import { creditNote, jsonLines, k1 } from './support/adjustment-book.js';

// `mahnwerk simulate --script`: a credit note (Gutschrift) or write-down (Teilerlass, § 397 Abs. 1
// BGB) is a script entry `{ "type": "adjustment", "claimId", "date", "kind", "amount", "note"? }` —
// core's scripted action with the host's recordAdjustment fields, booked by the host's decider
// (bookAdjustment). A bad entry exits 2 naming file, line, record and field; one above the principal
// open on its day is refused (§ 362 Abs. 1 BGB: AdjustmentExceedsPrincipalError), listed under
// "Refused steps", and the run goes on.

// The claim k1 and its creditNote: support/adjustment-book.ts (the book of import-adjustment.test.ts).
const tooMuch = { type: 'adjustment', claimId: 'K1', date: '2025-02-20', kind: 'credit-note', amount: '400.01' };
const args = ['simulate', '--claims', 'c.json', '--script', 's.json', '--from', '2025-01-02', '--to', '2025-04-30'];

describe('mahnwerk simulate --script: a credit note mid-dunning, and one above the principal open', () => {
  // Checked by hand (de-b2c-default; agreed due date 2025-01-16, default from 2025-01-17, § 286 Abs. 2
  // Nr. 1 BGB; 7.27 % = 2.27 + 5, § 288 Abs. 1 BGB, act/365):
  // - interest on 500.00, 2025-01-17 – 2025-02-13, 28 days: 500.00 × 7.27 % × 28 / 365 = 2.788… → 2.79
  // - credit note 100.00 on 2025-02-14; then on 400.00, 2025-02-14 – 2025-04-30, 76 days: 400.00 × 7.27 % × 76 / 365 = 6.055… → 6.06
  // - 400.01 on 2025-02-20 is above the 400.00 open: refused, nothing booked
  // - costs 1.00 (final notice) + 44.10 (Nr. 2300 VV RVG, 0.9 × 49.00) + 8.82 (Nr. 7002 VV RVG) = 53.92
  // - total 400.00 + 8.85 + 53.92 = 462.77
  it('--json: the adjustment event, the final balance, and the refused note in refused', async () => {
    const out = await runWith([...args, '--json'], { files: { 'c.json': JSON.stringify([k1]), 's.json': jsonLines([creditNote, tooMuch]) } });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const body = json(out) as { events: { date: string; type: string; amount?: string; kind?: string }[]; refused: Record<string, string>[]; claims: { balance: Record<string, string> }[] };
    expect(body.events.filter((e) => e.type === 'adjustment').map((e) => `${e.date} ${e.kind} ${e.amount}`)).toEqual(['2025-02-14 credit-note 100.00']);
    expect(body.claims[0]?.balance).toMatchObject({ principal: '400.00', interest: '8.85', costs: '53.92', total: '462.77' });
    expect(body.refused).toHaveLength(1);
    expect(body.refused[0]).toMatchObject({ date: '2025-02-20', claimId: 'K1', action: 'adjustment', code: 'adjustment_exceeds_principal', field: 'amount' });
  });

  it('text: the refused note is listed under "Refused steps" with its code and the principal open', async () => {
    const out = await runWith(args, { files: { 'c.json': JSON.stringify([k1]), 's.json': jsonLines([creditNote, tooMuch]) } });
    expect(out.code).toBe(0);
    const refused = out.stdout.slice(out.stdout.indexOf('Refused steps'));
    expect(refused).toContain('adjustment');
    expect(refused).toContain('adjustment_exceeds_principal');
    expect(refused).toContain('400.00 EUR on 2025-02-20');
  });

  it('a bad entry (an amount with three decimals, on line 3) exits 2 naming the file, line, record and field; nothing runs', async () => {
    const out = await runWith(args, { files: { 'c.json': JSON.stringify([k1]), 's.json': jsonLines([creditNote, { ...tooMuch, amount: '1.005' }]) } });
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(/^mahnwerk simulate: s\.json:3: record 2 \(claim "K1"\): amount: /);
    const kind = await runWith(args, { files: { 'c.json': JSON.stringify([k1]), 's.json': jsonLines([{ ...creditNote, kind: 'refund' }]) } });
    expect(kind.code).toBe(2);
    expect(kind.stderr).toMatch(/^mahnwerk simulate: s\.json:2: record 1 \(claim "K1"\): kind: /);
  });

  it('a claims file holding an adjustment record (a book for mahnwerk import) says to give it in --script', async () => {
    const out = await runWith(['simulate', '--claims', 'c.json', '--from', '2025-01-02', '--to', '2025-04-30'], { files: { 'c.json': JSON.stringify([k1, creditNote]) } });
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('c.json: record 2: type: "adjustment" — a claims file holds claims (no type); give a simulation\'s credit notes and write-downs (type "adjustment") in --script, the same entry.');
  });
});
