#!/usr/bin/env node
// Installs mahnwerk as a stranger would: packs every published package (packages/*/package.json
// without "private"; new packages are found by the glob), installs the tarballs with npm into a
// fresh project outside the workspace, then type-checks (NodeNext and bundler resolution) and runs
// every TypeScript block of each README's "Quick start" section there (the root README's too), and
// runs the shell lines of the CLI's quick start; with a PostgreSQL server (MAHNWERK_TEST_PG_URL, as
// CI has) it follows the root README's "From embedded to PostgreSQL with N workers" there too
// (scripts/pack-check-server.mjs). Fails on the first difference from the README.
//
// Usage: node scripts/pack-check.mjs [--keep]   (needs a build: pnpm build)
//   with a server: source .ci/services.sh && services_start && node scripts/pack-check.mjs; services_stop
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SECTION, SectionError, checkServerSection, sectionBlocks } from './pack-check-server.mjs';

const root = resolve(import.meta.dirname, '..');
const keep = process.argv.includes('--keep');

function run(command, args, cwd, options = {}) {
  // A quick start that never ends (an open database handle) fails the check instead of hanging CI.
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000, ...options });
}

function fail(message) {
  console.error(`pack-check: ${message}`);
  process.exit(1);
}

/** The fenced blocks of one language in a README's "## Quick start" section. */
export function quickStartBlocks(markdown, language, heading = 'Quick start') {
  return sectionBlocks(markdown, heading).filter((block) => block.language === language).map((block) => block.code);
}

// The README's way to a server runs against a real PostgreSQL server (step 5). CI always has one
// (.ci/run starts it); a developer without one gets the type-check of step 3 only.
const adminUrl = process.env.MAHNWERK_TEST_PG_URL || undefined;
if (adminUrl === undefined && process.env.CI !== undefined) {
  fail(`CI is set but MAHNWERK_TEST_PG_URL is not: README.md "${SECTION}" must run against a PostgreSQL server in CI (source .ci/services.sh && services_start)`);
}

const packages = readdirSync(join(root, 'packages'))
  .map((name) => join(root, 'packages', name))
  .filter((dir) => existsSync(join(dir, 'package.json')))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
  .filter(({ manifest }) => manifest.private !== true);

const work = mkdtempSync(join(tmpdir(), 'mahnwerk-pack-check-'));
const tarballs = join(work, 'tarballs');
const project = join(work, 'project');
mkdirSync(tarballs);
mkdirSync(project);
console.log(`pack-check: ${packages.length} packages → ${work}`);

// 1. Pack (pnpm rewrites workspace: and catalog: ranges to versions), check what ships.
const files = [];
const tarballOf = new Map();
for (const { dir, manifest } of packages) {
  const out = run('pnpm', ['pack', '--pack-destination', tarballs], dir).trim().split('\n').at(-1);
  const tarball = out.endsWith('.tgz') ? out : join(tarballs, readdirSync(tarballs).find((f) => f.startsWith(manifest.name.replace('@', '').replace('/', '-'))));
  const listing = run('tar', ['-tzf', tarball], work).split('\n');
  for (const required of ['package/README.md', 'package/LICENSE', 'package/package.json']) {
    if (!listing.includes(required)) fail(`${manifest.name}: ${required.slice(8)} is not in the tarball`);
  }
  if (listing.some((f) => f.endsWith('.tsbuildinfo'))) fail(`${manifest.name}: a .tsbuildinfo file is in the tarball`);
  const shipped = new Set(listing.map((f) => f.slice('package/'.length)));
  const targets = [];
  const collect = (value) => (typeof value === 'string' ? targets.push(value) : Object.values(value ?? {}).forEach(collect));
  collect(manifest.exports);
  for (const target of targets.map((t) => t.replace(/^\.\//, ''))) {
    if (!shipped.has(target)) fail(`${manifest.name}: exports names ${target}, which the tarball does not hold`);
  }
  // The declarations may not import an optional peer: a host without it (the embedded store
  // without `pg`) must type-check with `skipLibCheck: false`.
  const optionalPeers = Object.entries(manifest.peerDependenciesMeta ?? {}).filter(([, meta]) => meta?.optional === true).map(([name]) => name);
  if (optionalPeers.length > 0) {
    const unpacked = join(work, 'unpacked', manifest.name.replace('/', '+'));
    mkdirSync(unpacked, { recursive: true });
    run('tar', ['-xzf', tarball, '-C', unpacked], work);
    for (const file of listing.filter((f) => f.endsWith('.d.ts'))) {
      const text = readFileSync(join(unpacked, file), 'utf8');
      for (const peer of optionalPeers) {
        if (text.includes(`from '${peer}'`) || text.includes(`from "${peer}"`) || text.includes(`import('${peer}')`) || text.includes(`import("${peer}")`)) {
          fail(`${manifest.name}: ${file.slice(8)} imports the optional peer "${peer}"; a host without it cannot type-check with skipLibCheck: false — declare the shape it needs instead`);
        }
      }
    }
  }
  files.push(tarball);
  tarballOf.set(manifest.name, tarball);
}

// 2. A fresh project outside the workspace, installed with npm from the tarballs.
const tsVersion = JSON.parse(readFileSync(join(root, 'node_modules/typescript/package.json'), 'utf8')).version;
const nodeTypes = JSON.parse(readFileSync(join(root, 'packages/core/node_modules/@types/node/package.json'), 'utf8')).version;
writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'stranger', private: true, type: 'module' }, null, 2));
const pgTypes = JSON.parse(readFileSync(join(root, 'packages/runner/node_modules/@types/pg/package.json'), 'utf8')).version;
// @types/pg: the README's server snippet imports pg and says to install its types.
run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...files, `typescript@${tsVersion}`, `@types/node@${nodeTypes}`, `@types/pg@${pgTypes}`], project, { stdio: 'inherit' });
if (existsSync(join(project, 'node_modules/vitest'))) fail('vitest was installed into the fresh project; the check that the main entries load without it would prove nothing');

// 3. The README quick starts: type-check under NodeNext and bundler resolution, then run.
const readmes = [join(root, 'README.md'), ...packages.map(({ dir }) => join(dir, 'README.md'))];
const snippets = [];
for (const readme of readmes) {
  const blocks = quickStartBlocks(readFileSync(readme, 'utf8'), 'ts');
  blocks.forEach((code, i) => {
    const name = `${readme.slice(root.length + 1).replace(/\//g, '_').replace(/\.md$/, '')}_${i + 1}`;
    snippets.push({ name, readme });
    writeFileSync(join(project, `${name}.ts`), `${code}\nexport {};\n`);
  });
}
if (snippets.length === 0) fail('no TypeScript quick start found');
// The README's way to a server: type-checked here (its code once used names it never defined, and
// nothing caught it), run against a server in step 5.
const serverBlocks = quickStartBlocks(readFileSync(join(root, 'README.md'), 'utf8'), 'ts', SECTION);
if (serverBlocks.length === 0) fail(`README.md: no TypeScript block under "${SECTION}"`);
serverBlocks.forEach((code, i) => writeFileSync(join(project, `README_postgres_${i + 1}.ts`), `${code}\nexport {};\n`));
// skipLibCheck as `tsc --init` sets it: PGlite's own .d.ts (embedded store) needs it (Emscripten and
// WebAssembly types it does not ship); no declaration imports an optional peer (checked above).
// Our declarations are checked in the workspace: tests and examples type-check against them.
const base = { target: 'ES2022', lib: ['ES2022'], strict: true, skipLibCheck: true, types: ['node'], outDir: 'out' };
writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: { ...base, module: 'NodeNext', moduleResolution: 'NodeNext' }, include: ['*.ts'] }, null, 2));
writeFileSync(join(project, 'tsconfig.bundler.json'), JSON.stringify({ compilerOptions: { ...base, module: 'ESNext', moduleResolution: 'bundler', noEmit: true }, include: ['*.ts'] }, null, 2));
const tsc = join(project, 'node_modules/typescript/bin/tsc');
for (const config of ['tsconfig.json', 'tsconfig.bundler.json']) {
  try {
    run('node', [tsc, '-p', config], project);
  } catch (error) {
    fail(`the quick starts do not type-check with ${config}:\n${error.stdout}${error.stderr}`);
  }
}
for (const { name, readme } of snippets) {
  try {
    const output = run('node', [join('out', `${name}.js`)], project);
    console.log(`pack-check: ran the quick start ${name} (${readme.slice(root.length + 1)}):\n  ${output.trim().split('\n').join('\n  ')}`);
  } catch (error) {
    fail(`the quick start ${name} from ${readme} failed:\n${error.stdout}${error.stderr}`);
  }
}

// 4. Shell quick starts (the CLI): each `npx …` line must exit 0 (progress may go to stderr).
for (const { dir } of packages) {
  for (const block of quickStartBlocks(readFileSync(join(dir, 'README.md'), 'utf8'), 'sh')) {
    for (const line of block.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter((l) => l.startsWith('npx '))) {
      const [command, ...args] = line.split(/\s+/);
      try {
        const output = execFileSync(command, args, { cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
        console.log(`pack-check: ${line}\n  ${output.trim().split('\n').slice(0, 3).join('\n  ')}`);
      } catch (error) {
        fail(`"${line}" failed (exit ${error.status}):\n${error.stderr}`);
      }
    }
  }
}

// 5. The README's way from the embedded directory to a server with N workers, followed on a real
// PostgreSQL server (checked for at the start).
if (adminUrl === undefined) {
  console.log(`pack-check: skipped running README.md "${SECTION}" against PostgreSQL (no MAHNWERK_TEST_PG_URL; source .ci/services.sh && services_start sets one): its TypeScript was type-checked only`);
} else {
  try {
    await checkServerSection({ readme: readFileSync(join(root, 'README.md'), 'utf8'), project, tarballs: tarballOf, compiled: join('out', 'README_postgres_1.js'), adminUrl });
  } catch (error) {
    fail(error instanceof SectionError ? error.message : `README.md "${SECTION}" against PostgreSQL: ${error.stack}`);
  }
}

if (!keep) rmSync(work, { recursive: true, force: true });
console.log('pack-check: ok');
