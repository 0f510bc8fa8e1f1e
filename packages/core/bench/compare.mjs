// Side-by-side benchmark: this tree against a baseline commit (default d3c49c4, the last commit
// before issue 7), in one run on one machine. `pnpm bench:compare [--baseline REV] [--runs N] [--quick]`
//
// 1. Exports the baseline's packages/core/src with `git archive` into a temp dir (the repository
//    and its worktrees are not touched) and puts this tree's bench/measure.ts and bench/book.ts
//    beside it — measure.ts uses only API the baseline already had.
// 2. Bundles measure.ts against both sources with esbuild (one file each, dependencies from this
//    tree's node_modules).
// 3. Runs every case in fresh processes, alternating baseline and current, N times each, and
//    prints the medians and ratios as a Markdown table (and JSON on stderr).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i === -1 ? dflt : args[i + 1];
};
const baseline = opt('--baseline', 'd3c49c4');
const runs = Number(opt('--runs', '3'));
const quick = args.includes('--quick');

const work = mkdtempSync(join(tmpdir(), 'mahnwerk-compare-'));
const oldRoot = join(work, 'baseline');
mkdirSync(oldRoot, { recursive: true });
const archive = execFileSync('git', ['-C', repo, 'archive', '--format=tar', baseline, 'packages/core/src', 'packages/cli/src'], { maxBuffer: 1 << 28 });
execFileSync('tar', ['-x', '-C', oldRoot], { input: archive });
mkdirSync(join(oldRoot, 'packages/core/bench'), { recursive: true });
for (const f of ['measure.ts', 'book.ts']) cpSync(join(here, f), join(oldRoot, 'packages/core/bench', f));
// The baseline has no node hasher; the measure file imports it and passes it to appendAudit, which
// the baseline ignores (it always hashes with @noble/hashes).
cpSync(join(repo, 'packages/cli/src/node-hasher.ts'), join(oldRoot, 'packages/cli/src/node-hasher.ts'));

// Where the node hasher lives in this tree: packages/cli/src/node-hasher.ts, or (once it moved)
// packages/store-postgres/src/node-hasher.ts, which the cli file then re-exports. Both bundles
// take the store's file from its source (it imports only a type from core and node:crypto), so the
// copy of the cli file in the baseline's tree resolves too.
const storeHasher = join(repo, 'packages/store-postgres/src/node-hasher.ts');

const bundle = async (root, out) => {
  await build({
    entryPoints: [join(root, 'packages/core/bench/measure.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: out,
    nodePaths: [join(repo, 'packages/core/node_modules'), join(repo, 'node_modules')],
    // Both bundles resolve @mahnwerk/core to the sources next to them.
    alias: { '@mahnwerk/core': join(root, 'packages/core/src/index.ts'), ...(existsSync(storeHasher) ? { '@mahnwerk/store-postgres': storeHasher } : {}) },
    logLevel: 'warning',
  });
  return out;
};
const sides = {
  baseline: await bundle(oldRoot, join(work, 'baseline.mjs')),
  current: await bundle(repo, join(work, 'current.mjs')),
};
const head = execFileSync('git', ['-C', repo, 'rev-parse', '--short', 'HEAD']).toString().trim();
const dirty = execFileSync('git', ['-C', repo, 'status', '--porcelain', '--', 'packages']).toString().trim() !== '';

const run = (file, caseArgs, env = {}) => {
  const out = execFileSync(process.execPath, ['--expose-gc', file, ...caseArgs], {
    env: { ...process.env, ...env },
    maxBuffer: 1 << 26,
  });
  const lines = out.toString().trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
};

const mix = join(work, 'mix.json');
// The decide mix is written by the baseline (its events are what both read).
run(sides.baseline, ['mix', mix, quick ? '300' : '2000']);

const cases = [
  { name: quick ? 'simulate 1,000 × 365, CPU' : 'simulate 10,000 × 365, CPU', args: ['simulate', quick ? '1000' : '10000', '365'], metric: 'cpuMs', better: 'lower', unit: 'ms CPU' },
  { name: '… wall time (same run)', from: 0, metric: 'ms', better: 'lower', unit: 'ms' },
  { name: 'retained heap per claim (same run)', from: 0, metric: 'retainedBytesPerClaim', better: 'lower', unit: 'bytes' },
  { name: '… reading events, messages, every claim\'s events once (same run)', from: 0, metric: 'readCpuMs', better: 'lower', unit: 'ms CPU' },
  { name: '… retained heap per claim after that read (same run)', from: 0, metric: 'retainedAfterReadBytesPerClaim', better: 'lower', unit: 'bytes' },
  { name: 'statement, 200 payments, CPU', args: ['statement', '200'], metric: 'cpuMsPerStatement', better: 'lower', unit: 'ms CPU' },
  { name: '… with every line read (same run)', from: 5, metric: 'cpuMsPerStatementWithLines', better: 'lower', unit: 'ms CPU' },
  { name: 'decide + audit append, CPU', args: ['decide', mix], metric: 'decisionsPerCpuSecond', better: 'higher', unit: 'decisions/CPU s' },
  { name: '… wall time (same run)', from: 7, metric: 'decisionsPerSecond', better: 'higher', unit: 'decisions/s' },
];

const results = { baseline: [], current: [] };
for (const c of cases) {
  if (c.args === undefined) continue;
  c.samples = { baseline: [], current: [] };
  for (let r = 0; r < runs; r++) {
    for (const side of r % 2 === 0 ? ['baseline', 'current'] : ['current', 'baseline']) {
      const res = run(sides[side], c.args);
      c.samples[side].push(res);
      process.stderr.write(`${side} ${c.args.join(' ')}: ${JSON.stringify(res)}\n`);
    }
  }
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const rows = [];
for (const c of cases) {
  const src = c.args === undefined ? cases[c.from] : c;
  const b = median(src.samples.baseline.map((x) => x[c.metric]));
  const n = median(src.samples.current.map((x) => x[c.metric]));
  const ratio = c.better === 'lower' ? b / n : n / b;
  rows.push({ case: c.name, unit: c.unit, baseline: b, current: n, ratio: Number(ratio.toFixed(2)) });
  results.baseline.push(b);
  results.current.push(n);
}
const fmt = (x) => (x >= 100 ? Math.round(x).toLocaleString('en-US') : String(Number(x.toPrecision(3))));
console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}`);
console.log(`Date: ${new Date().toISOString()}; baseline ${baseline}, current ${head}${dirty ? ' + uncommitted changes' : ''}; ${runs} runs per side, median, alternating fresh processes\n`);
console.log('| case | unit | d3c49c4 | now | improvement |'.replace('d3c49c4', baseline));
console.log('|---|---|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.case} | ${r.unit} | ${fmt(r.baseline)} | ${fmt(r.current)} | ${r.ratio}× |`);
process.stderr.write(`${JSON.stringify({ rows, samples: cases.filter((c) => c.samples).map((c) => ({ case: c.name, ...c.samples })) })}\n`);
rmSync(work, { recursive: true, force: true });
