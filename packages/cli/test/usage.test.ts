import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { json, run, runWith } from './run.js';

// The CLI as users call it (issue 12): what `mahnwerk` alone, `--version`, negative numbers, error
// lines and `--help` print. Checked by hand against the help texts and the package.json.

const interest = ['interest', '--from', '2024-12-16', '--to', '2025-01-15', '--debtor', 'consumer'];

/** A library option name (camelCase, e.g. factorReason, allowBeyondKnownBaseRate) in a message. */
const camelCase = /\b[a-z]+[A-Z][A-Za-z]*\b/;

describe('mahnwerk without a command', () => {
  it('prints the command list on stderr (not stdout, so `mahnwerk > x.json` stays empty) and exits 2', async () => {
    const out = await run([]);
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toContain('Usage: mahnwerk <command>');
    for (const command of ['demo', 'simulate', 'interest', 'costs', 'allocate', 'limitation', 'court-fee']) expect(out.stderr).toContain(`  ${command} `);
  });

  it('--help prints the same list on stdout and exits 0', async () => {
    const out = await run(['--help']);
    expect(out.code).toBe(0);
    expect(out.stdout).toBe((await run([])).stderr);
  });

  it('--version prints the version of @mahnwerk/cli from its package.json', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    const out = await run(['--version']);
    expect(out).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('an unknown flag before the command is named as a flag, exit 2', async () => {
    const out = await run(['--bogus']);
    expect(out.code).toBe(2);
    expect(out.stderr).toBe('mahnwerk: unknown flag "--bogus" before a command; run mahnwerk --help for the list.\n');
  });
});

describe('negative numbers are values of their flag, refused by that flag\'s own check', () => {
  const cases: [string, string[], string][] = [
    ['--principal -5', ['interest', '--principal', '-5', ...interest.slice(1)], 'mahnwerk interest: --principal: "-5" is negative; the amount must be zero or more.'],
    ['--contractual-rate -3', [...interest, '--principal', '1000.00', '--contractual-rate', '-3'], 'mahnwerk interest: --contractual-rate: "-3" is not a percentage; write it like 12 or 9.5.'],
    ['--claim -1200.00', ['costs', '--claim', '-1200.00', '--mandate-date', '2025-07-01', '--case', 'simple'], 'mahnwerk costs: --claim: "-1200.00" is negative; the amount must be zero or more.'],
    ['--factor -0.5', ['costs', '--claim', '1200.00', '--mandate-date', '2025-07-01', '--case', 'simple', '--factor', '-0.5'], 'mahnwerk costs: --factor: "-0.5" is not a decimal factor; write it like 0.9 or 1.3.'],
  ];
  for (const [what, argv, line] of cases) {
    it(`${what} → exit 2 with the flag's message, not "ambiguous"`, async () => {
      const out = await run(argv);
      expect(out).toEqual({ code: 2, stdout: '', stderr: `${line}\n` });
    });
  }

  it('--principal=-5 (with =) gives the same message', async () => {
    expect((await run(['interest', '--principal=-5', ...interest.slice(1)])).stderr).toContain('--principal: "-5" is negative');
  });
});

describe('every error names the flag the user typed, never a library option name', () => {
  const cases: [string, string[], string][] = [
    // computeCollectionCosts says "give factorReason"; the user typed --reason.
    ['a factor above 0.9 without a reason', ['costs', '--claim', '1200.00', '--mandate-date', '2025-07-01', '--case', 'uncontested', '--factor', '1.3'], '(give --reason)'],
    // computeDefaultInterest says "before from …" and names extendBaseRates / allowBeyondKnownBaseRate.
    ['to before from', ['interest', '--principal', '100.00', '--from', '2025-03-01', '--to', '2025-02-01', '--debtor', 'consumer'], 'is before --from 2025-03-01'],
    // Beyond the base-rate table the CLI's advice (missingBaseRate): a baseRates row, or the command's flag.
    ['beyond the base-rate table', ['interest', '--principal', '100.00', '--from', '2026-12-01', '--to', '2027-02-01', '--debtor', 'consumer'], '"baseRates" in mahnwerk.config.json'],
    ['beyond the base-rate table: the flag', ['interest', '--principal', '100.00', '--from', '2026-12-01', '--to', '2027-02-01', '--debtor', 'consumer'], 'or pass --assume-base-rate to assume the last known rate'],
    ['contract date', ['interest', '--principal', '100.00', '--from', '2025-01-01', '--to', '2025-02-01', '--debtor', 'consumer', '--contract-date', '2025-02-30'], '--contract-date'],
    // demo --from goes through core's one rule of a bad date (isoDateProblem): 2025 is no leap year, February has 28 days.
    ['demo --from an impossible day', ['demo', '--from', '2025-02-29', '--claims', '1', '--no-files'], '--from: 2025-02-29 is not a day of the calendar (February 2025 has 28 days).'],
  ];
  for (const [what, argv, text] of cases) {
    it(`${what}: "${text}"`, async () => {
      const out = await run(argv);
      expect(out.code).toBe(2);
      expect(out.stderr).toContain(text);
      expect(out.stderr.trimEnd().split('\n')).toHaveLength(1);
      // The keys of mahnwerk.config.json a message quotes (the row to add to "baseRates") are the user's words, not the library's.
      expect(out.stderr.replace(/"(baseRates|ratePercent)"/g, '')).not.toMatch(camelCase);
    });
  }
});

/** The lines of a help section, without its two-space indent, up to the next blank line. */
function section(help: string, start: RegExp, end: RegExp): string {
  const lines = help.split('\n');
  const from = lines.findIndex((l) => start.test(l));
  const to = lines.findIndex((l, i) => i > from && end.test(l));
  return lines.slice(from + 1, to).map((l) => l.replace(/^ {4}/, '')).join('\n');
}

describe('--help shows the input formats each command reads', () => {
  for (const command of ['demo', 'simulate', 'interest', 'costs', 'allocate', 'limitation', 'court-fee']) {
    it(`${command} --help has an "Input formats" section and an example call`, async () => {
      const out = await run([command, '--help']);
      expect(out.code).toBe(0);
      expect(out.stdout).toMatch(/\nInput formats:\n {2}\S/);
      expect(out.stdout).toMatch(/\nExample: mahnwerk /);
      expect(out.stdout).toMatch(/YYYY-MM-DD/);
    });
  }

  it('allocate --help: its example payment.json, fed to stdin, is allocated costs → interest → principal', async () => {
    const help = (await run(['allocate', '--help'])).stdout;
    const example = section(help, /e\.g\. payment\.json:$/, /^ {2}payment, date/);
    const out = await run(['allocate', '--json'], example);
    expect(out.code).toBe(0);
    // 500.00 on 2025-03-01: both due; A (older) first: 55.00 costs, 30.25 interest, 414.75 principal (§ 366 Abs. 2, § 367 Abs. 1 BGB).
    expect(json(out).allocations[0]).toMatchObject({ claimId: 'A', costs: '55.00', interest: '30.25', principal: '414.75' });
    expect(json(out).unapplied).toBe('0.00');
  });

  it('simulate --help: its example claims.json and payments.json run as they are', async () => {
    const help = (await run(['simulate', '--help'])).stdout;
    const claims = section(help, /e\.g\. claims\.json:$/, /^ {4}optional per claim/);
    const payments = section(help, /e\.g\. payments\.json:$/, /^ {2}--script FILE/);
    const out = await runWith(['simulate', '--claims', 'claims.json', '--payments', 'payments.json', '--from', '2025-01-01', '--to', '2025-03-31', '--json'], {
      files: { 'claims.json': claims, 'payments.json': payments },
      writable: false,
    });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const body = JSON.parse(out.stdout) as { events: { type: string; date: string; amount?: string }[] };
    expect(body.events.find((e) => e.type === 'payment-received')).toMatchObject({ date: '2025-02-10', amount: '500.00' });
  });

  it('simulate --help: its example script.json runs as it is with the example claims: the dispute, its resolution and the correction are booked', async () => {
    const help = (await run(['simulate', '--help'])).stdout;
    const claims = section(help, /e\.g\. claims\.json:$/, /^ {4}optional per claim/);
    const script = section(help, /e\.g\. script\.json:$/, /^ {4}types and their fields/);
    const out = await runWith(['simulate', '--claims', 'claims.json', '--script', 'script.json', '--from', '2025-01-01', '--to', '2025-03-31', '--json'], {
      files: { 'claims.json': claims, 'script.json': script },
      writable: false,
    });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const body = JSON.parse(out.stdout) as { events: { type: string; date: string; facts?: unknown }[]; refused: unknown[] };
    expect(body.events.filter((e) => ['dispute-opened', 'dispute-resolved', 'claim-facts-corrected'].includes(e.type)).map((e) => `${e.date} ${e.type}`)).toEqual([
      '2025-01-20 dispute-opened',
      '2025-02-03 dispute-resolved',
      '2025-02-05 claim-facts-corrected',
    ]);
    expect(body.events.find((e) => e.type === 'claim-facts-corrected')?.facts).toEqual({ description: 'Bestellung 4711: Gartenstuhl' });
    expect(body.refused).toEqual([]);
  });
});

describe('demo --out prints the directory the user gave', () => {
  const argv = ['demo', '--claims', '3', '--days', '90'];
  for (const [given, shown] of [
    ['/tmp/abs', '/tmp/abs/'],
    ['/tmp/abs/', '/tmp/abs/'],
    ['out', './out/'],
    ['./out', './out/'],
    ['../out', '../out/'],
  ] as const) {
    it(`--out ${given} → "written to ${shown}" and files under it`, async () => {
      const out = await runWith([...argv, '--out', given]);
      expect(out.code).toBe(0);
      expect(out.stdout).toContain(`written to ${shown} (index: ${shown}index.tsv, timeline: ${shown}timeline.json)`);
      expect(out.written.has(`${given.replace(/\/$/, '')}/index.tsv`)).toBe(true);
    });
  }
});

describe('--help names only the input formats the command reads', () => {
  // costs and court-fee once listed "percent   annual rates as decimals" (they take no rate) and
  // "dates … days inclusive" (they take one day, not a period): a stranger looked for the rate flag.
  const formatsOf = (help: string) => help.split('Input formats:\n')[1]?.split('\n\nExample:')[0] ?? '';
  for (const command of ['costs', 'court-fee']) {
    it(`${command}: amounts and a day, no percentages, no period`, async () => {
      const formats = formatsOf((await run([command, '--help'])).stdout);
      expect(formats).toContain('amounts   decimal strings');
      expect(formats).toContain('dates     calendar dates YYYY-MM-DD');
      expect(formats).not.toContain('percent');
      expect(formats).not.toContain('days inclusive');
    });
  }

  it('interest keeps all three (it takes a period and --contractual-rate)', async () => {
    const formats = formatsOf((await run(['interest', '--help'])).stdout);
    for (const line of ['amounts   ', 'days inclusive', 'percent   ']) expect(formats).toContain(line);
  });

  it('import says where its file goes in plain words: mahnwerk import FILE [flags]', async () => {
    const first = (await run(['import', '--help'])).stdout.split('\n')[0];
    expect(first).toMatch(/; usage: mahnwerk import FILE \[flags\]$/);
  });
});
