import { describe, expect, it } from 'vitest';
import { json, run } from './run.js';

// Every expected figure below is checked by hand against the statute tables in
// ../../../../shared/legal/de-and-eu-facts.md (copied with their sources into the core fixtures).

describe('mahnwerk interest (§ 288 BGB)', () => {
  it('splits at the base-rate change of 2025-01-01: the issue example, 6.66 EUR', async () => {
    // base rate 3.37 % (from 2024-07-01) and 2.27 % (from 2025-01-01), consumer +5 pp:
    // 1000 × 16 × 8.37 / 36500 = 3.669… → 3.67; 1000 × 15 × 7.27 / 36500 = 2.987… → 2.99; sum 6.66
    const out = await run(['interest', '--principal', '1000.00', '--from', '2024-12-16', '--to', '2025-01-15', '--debtor', 'consumer', '--json']);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const body = json(out);
    expect(body.total).toBe('6.66');
    expect(body.currency).toBe('EUR');
    expect(body.periods).toMatchObject([
      { from: '2024-12-16', to: '2024-12-31', days: 16, ratePercent: '8.37', amount: '3.67', basis: '§ 288 Abs. 1 BGB' },
      { from: '2025-01-01', to: '2025-01-15', days: 15, ratePercent: '7.27', amount: '2.99', basis: '§ 288 Abs. 1 BGB' },
    ]);
  });

  it('uses +9 pp for a business Entgeltforderung (§ 288 Abs. 2 BGB)', async () => {
    // 1000 × 16 × 12.37 / 36500 = 5.4224… → 5.42; 1000 × 15 × 11.27 / 36500 = 4.6315… → 4.63; sum 10.05
    const body = json(await run(['interest', '--principal', '1000.00', '--from', '2024-12-16', '--to', '2025-01-15', '--debtor', 'business', '--json']));
    expect(body.total).toBe('10.05');
    expect(body.periods.map((p: { ratePercent: string }) => p.ratePercent)).toEqual(['12.37', '11.27']);
  });

  it('prints a readable table by default', async () => {
    const out = await run(['interest', '--principal', '1000.00', '--from', '2024-12-16', '--to', '2025-01-15', '--debtor', 'consumer']);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('2024-12-16');
    expect(out.stdout).toContain('Total: 6.66 EUR');
  });
});

describe('mahnwerk costs (§ 13e RDG, RVG)', () => {
  it('caps an uncontested claim of 1200 EUR at 0.9 × 134.50 + 20.00 = 141.05 (the issue example)', async () => {
    // RVG 2025 table: 1,200 EUR → value step up to 1,500 → 1.0 fee 134.50 (facts § 3.1)
    // 0.9 × 134.50 = 121.05; Nr. 7002: 20 % of 121.05 = 24.21, capped at 20.00
    const out = await run(['costs', '--claim', '1200.00', '--mandate-date', '2025-07-01', '--case', 'uncontested', '--json']);
    expect(out.stderr).toBe('');
    const body = json(out);
    expect(body.total).toBe('141.05');
    expect(body.table).toBe('RVG 2025-06-01');
    expect(body.items).toMatchObject([
      { code: 'Nr. 2300 VV RVG', factor: '0.9', baseFee: '134.50', amount: '121.05' },
      { code: 'Nr. 7002 VV RVG', amount: '20.00' },
    ]);
  });

  it('uses the 2021 table for a mandate of 2025-05-31 (§ 60 RVG)', async () => {
    // RVG 2021: 1,200 → 127.00; 0.9 × 127 = 114.30; 7002: 20 % = 22.86 → 20.00; total 134.30
    const body = json(await run(['costs', '--claim', '1200.00', '--mandate-date', '2025-05-31', '--case', 'uncontested', '--json']));
    expect(body.table).toBe('RVG 2021-01-01');
    expect(body.total).toBe('134.30');
  });

  it('rejects a factor above the case cap with exit 2 and one line naming --factor', async () => {
    const out = await run(['costs', '--claim', '1200.00', '--mandate-date', '2025-07-01', '--case', 'uncontested', '--factor', '1.3']);
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
    expect(out.stderr).toContain('--factor');
  });
});

describe('mahnwerk allocate (§§ 366, 367 BGB)', () => {
  it('applies 500.00 to costs, then interest, then principal (§ 367 Abs. 1 BGB)', async () => {
    // 500.00 − 55.00 − 30.25 = 414.75 to the principal (facts § 4 [C]: 585.25 principal remains)
    const request = { payment: '500.00', date: '2025-03-01', claims: [{ id: 'A', dueDate: '2025-01-10', costs: '55.00', interest: '30.25', principal: '1000.00' }], designation: null };
    const out = await run(['allocate', '--json'], JSON.stringify(request));
    expect(out.stderr).toBe('');
    const body = json(out);
    expect(body.allocations).toMatchObject([{ claimId: 'A', costs: '55.00', interest: '30.25', principal: '414.75' }]);
    expect(body.unapplied).toBe('0.00');
  });

  it('rejects invalid JSON on stdin with exit 2', async () => {
    const out = await run(['allocate', '--json'], '{not json');
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('stdin');
  });

  it('names the record and field of a bad amount', async () => {
    const request = { payment: '500.00', date: '2025-03-01', claims: [{ id: 'A', dueDate: '2025-01-10', principal: '-5' }] };
    const out = await run(['allocate'], JSON.stringify(request));
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('claims[0].principal');
  });
});

describe('mahnwerk limitation (§§ 195, 199 BGB)', () => {
  it('a claim that arose 2022-03-15 is time-barred after 2025-12-31 (facts § 5 [C])', async () => {
    const body = json(await run(['limitation', '--arose', '2022-03-15', '--json']));
    expect(body.expiresAt).toBe('2025-12-31');
    expect(body.basis.join(' ')).toContain('§ 195 BGB');
  });
});

describe('mahnwerk court-fee (KV 1100 GKG)', () => {
  it('5000.00 on 2025-07-01: 0.5 × 170.50 = 85.25 (GKG 2025 table, facts § 6)', async () => {
    const body = json(await run(['court-fee', '--value', '5000.00', '--date', '2025-07-01', '--json']));
    expect(body).toMatchObject({ amount: '85.25', code: 'KV 1100 GKG', table: 'GKG 2025-06-01' });
  });
});

describe('bad input: exit 2, one line on stderr naming the flag, never a figure', () => {
  const cases: [string, string[], string][] = [
    ['unparseable amount', ['interest', '--principal', 'abc', '--from', '2025-01-01', '--to', '2025-02-01', '--debtor', 'consumer'], '--principal'],
    ['negative amount', ['interest', '--principal', '-100.00', '--from', '2025-01-01', '--to', '2025-02-01', '--debtor', 'consumer'], '--principal'],
    ['impossible date', ['interest', '--principal', '100.00', '--from', '2025-02-30', '--to', '2025-03-01', '--debtor', 'consumer'], '--from'],
    ['to before from', ['interest', '--principal', '100.00', '--from', '2025-03-01', '--to', '2025-02-01', '--debtor', 'consumer'], '--to'],
    ['unknown enum value', ['interest', '--principal', '100.00', '--from', '2025-01-01', '--to', '2025-02-01', '--debtor', 'martian'], '--debtor'],
    ['date beyond the known base-rate table', ['interest', '--principal', '100.00', '--from', '2026-12-01', '--to', '2027-02-01', '--debtor', 'consumer'], '--to'],
    ['missing required flag', ['costs', '--claim', '100.00', '--case', 'simple'], '--mandate-date'],
    ['unknown flag', ['court-fee', '--value', '100.00', '--date', '2025-07-01', '--bogus', 'x'], '--bogus'],
    ['too many decimals', ['court-fee', '--value', '100.001', '--date', '2025-07-01'], '--value'],
  ];
  for (const [what, argv, flag] of cases) {
    it(`${what} → exit 2 naming ${flag}`, async () => {
      const out = await run(argv);
      expect(out.code).toBe(2);
      expect(out.stdout).toBe('');
      const lines = out.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(flag);
      expect(out.stderr).not.toMatch(/\n\s+at /);
    });
  }

  it('an unknown command exits 2', async () => {
    expect((await run(['frobnicate'])).code).toBe(2);
  });
});

describe('help', () => {
  for (const command of ['interest', 'costs', 'allocate', 'limitation', 'court-fee']) {
    it(`${command} --help lists its flags`, async () => {
      const out = await run([command, '--help']);
      expect(out.code).toBe(0);
      expect(out.stdout).toContain(`mahnwerk ${command}`);
      expect(out.stdout).toContain('--json');
    });
  }
});

describe('unconfirmed figures are visible (issue 8, point 14)', () => {
  it('interest on the 2026-07-01 base rate (1.52 %, no primary source): unconfirmedBaseRate in --json, a marker and a note in the table', async () => {
    // 2026-07-01 … 2026-07-31, 31 days at 1.52 + 5 = 6.52 %: 1000 × 31 × 6.52 / 36500 = 5.5375… → 5.54
    const args = ['interest', '--principal', '1000.00', '--from', '2026-07-01', '--to', '2026-07-31', '--debtor', 'consumer'];
    const body = json(await run([...args, '--json']));
    expect(body.total).toBe('5.54');
    expect(body.periods[0]).toMatchObject({ ratePercent: '6.52', unconfirmedBaseRate: true });
    const table = (await run(args)).stdout;
    expect(table).toContain('(base rate unconfirmed)');
    expect(table).toContain('not confirmed by a primary source');
    const confirmed = json(await run(['interest', '--principal', '1000.00', '--from', '2026-01-01', '--to', '2026-01-31', '--debtor', 'consumer', '--json']));
    expect(confirmed.periods[0].unconfirmedBaseRate).toBeUndefined();
  });

  it('court-fee: minimumConfirmed false for the 38 EUR KV 1100 minimum from 2025-06-01 (two code sources only), true for 36 EUR (2021)', async () => {
    // 400 EUR: 0.5 × 40.00 = 20.00 < 38.00 → minimum.
    const now = json(await run(['court-fee', '--value', '400.00', '--date', '2025-07-01', '--json']));
    expect(now).toMatchObject({ amount: '38.00', minimumApplied: true, minimum: '38.00', minimumConfirmed: false });
    expect((await run(['court-fee', '--value', '400.00', '--date', '2025-07-01'])).stdout).toContain('not confirmed');
    expect(json(await run(['court-fee', '--value', '400.00', '--date', '2024-07-01', '--json']))).toMatchObject({ amount: '36.00', minimumConfirmed: true });
  });

  it('§ 288 Abs. 2 BGB: --creditor consumer against a business → +5 pp', async () => {
    const body = json(await run(['interest', '--principal', '1000.00', '--from', '2024-12-16', '--to', '2025-01-15', '--debtor', 'business', '--creditor', 'consumer', '--json']));
    expect(body.total).toBe('6.66');
  });
});
