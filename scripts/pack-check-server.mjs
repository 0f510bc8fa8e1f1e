// The root README's section "From embedded to PostgreSQL with N workers", followed as a stranger
// follows it, in pack-check's fresh project (the packed tarballs installed) against a real
// PostgreSQL server (MAHNWERK_TEST_PG_URL; CI starts one with .ci/services.sh):
//
//   1. an embedded directory as the README's earlier sections make one: `mahnwerk demo --db DIR`
//      (a small book, so the step stays short), and `mahnwerk status --db DIR` of it;
//   2. the section's blocks in their order: every shell line run as written, with the server URL
//      for `postgres://mahnwerk@db.internal/mahnwerk` and each `@mahnwerk/…` of an `npm install`
//      replaced by its tarball; its JSON block saved as `mahnwerk.config.json`. After the `copy`
//      line `mahnwerk status --db URL` must equal the directory's status (claims, amounts,
//      messages, money owed back); before the `run` line a `run --workers 2` for a later day than
//      the book's last must decide claims (status before and after differ) — it has to come
//      first: the README's `run` runs today, and no run may go back before the last day run;
//   3. its TypeScript block (compiled by pack-check) run with DATABASE_URL on a second copy of the
//      directory: it must end on its own and decide today's due claims (status changes).
//
// The README's `run` and the TypeScript block run today (the system clock). While today lies within
// the base rates the installed core knows, the `run` must report no error and the block must decide;
// after them the engine refuses interest (base_rate_unknown, one error per claim in default) until
// a release carries the new half-year's row — then the check says so instead of failing.
//
// Every package the TypeScript block imports, and the CLI the `npx mahnwerk` lines need, must be
// named by an `npm install` line of the README (its Quick start or this section): the fresh
// project holds every tarball, so a missing install step would not show otherwise.
// A fresh database per run (named after the process id), dropped at the end.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SECTION = 'From embedded to PostgreSQL with N workers';
/** The server the README names; replaced by the test server's URL. */
export const README_URL = 'postgres://mahnwerk@db.internal/mahnwerk';
/** The embedded directory the README copies. */
const DIRECTORY = './mahnwerk-data';
/** A small book: 12 claims over 45 days (2025-01-02 … 2025-02-15) — about 10 s of the step. */
const DEMO_FLAGS = ['--claims', '12', '--days', '45', '--no-files'];
/** A day after the book's last (2025-02-15) on which its open claims are due for their next step. */
const LATER_DAY = '2025-03-31';
/** The CLI for this check's own steps (the README's lines keep their `npx`, which adds about 1 s a call). */
const CLI = 'node node_modules/.bin/mahnwerk';

/** A difference from what the README promises; pack-check prints its message and fails. */
export class SectionError extends Error {}

/** The fenced blocks of a README section, in their order, with their language. */
export function sectionBlocks(markdown, heading) {
  const section = new RegExp(`^## ${heading}\\n([\\s\\S]*?)(?=^## |(?![\\s\\S]))`, 'm').exec(markdown)?.[1] ?? '';
  return [...section.matchAll(/^```(\w*)\n([\s\S]*?)^```/gm)].map((m) => ({ language: m[1], code: m[2] }));
}

/** The package names an `npm install` line installs (flags and version ranges left off). */
function installedBy(line) {
  return line
    .split('&&')
    .map((part) => part.trim().split(/\s+/))
    .filter((words) => words[0] === 'npm' && (words[1] === 'install' || words[1] === 'i'))
    .flatMap((words) => words.slice(2).filter((w) => !w.startsWith('-')))
    .map((spec) => spec.replace(/(?<=.)@[^/]*$/, ''));
}

/** The bare packages a TypeScript block imports (`@scope/name/sub` → `@scope/name`). */
function importedBy(code) {
  const specifiers = [...code.matchAll(/^\s*import\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);
  return [...new Set(specifiers.filter((s) => !s.startsWith('.') && !s.startsWith('node:')).map((s) => s.split('/').slice(0, s.startsWith('@') ? 2 : 1).join('/')))];
}

/**
 * Runs the section against the server at `adminUrl`.
 *
 * @param {object} o
 * @param {string} o.readme - the root README's text
 * @param {string} o.project - the fresh project (tarballs installed, quick starts compiled to out/)
 * @param {Map<string, string>} o.tarballs - package name → tarball path
 * @param {string} o.compiled - the section's TypeScript block compiled, relative to the project
 * @param {string} o.adminUrl - a server URL whose user may create and drop databases
 * @throws SectionError on the first difference from the README
 */
export async function checkServerSection({ readme, project, tarballs, compiled, adminUrl }) {
  const started = performance.now();
  const blocks = sectionBlocks(readme, SECTION);
  const shLines = blocks
    .filter((b) => b.language === 'sh')
    .flatMap((b) => b.code.split('\n'))
    .filter((line) => line.trim() !== '' && !line.trim().startsWith('#'));
  const ts = blocks.filter((b) => b.language === 'ts');
  const json = blocks.filter((b) => b.language === 'json');
  if (!shLines.some((l) => /\bmahnwerk copy\b/.test(l))) throw new SectionError(`README.md "${SECTION}": no \`npx mahnwerk copy\` line`);
  if (!shLines.some((l) => /\bmahnwerk run\b/.test(l))) throw new SectionError(`README.md "${SECTION}": no \`npx mahnwerk run\` line`);
  if (ts.length !== 1) throw new SectionError(`README.md "${SECTION}": ${ts.length} TypeScript blocks, expected one`);
  if (json.length > 1) throw new SectionError(`README.md "${SECTION}": ${json.length} JSON blocks; the one there is saved as mahnwerk.config.json`);
  if (!shLines.some((l) => l.includes(README_URL))) throw new SectionError(`README.md "${SECTION}": no line names ${README_URL}, the URL this check replaces`);

  // The install steps a stranger has read by the end of this section.
  const start = readme.indexOf(`## ${SECTION}\n`);
  const end = readme.indexOf('\n## ', start + 1);
  const upToSection = end === -1 ? readme : readme.slice(0, end + 1);
  const installed = new Set(
    [...upToSection.matchAll(/^```sh\n([\s\S]*?)^```/gm)].flatMap((m) => m[1].split('\n')).flatMap(installedBy),
  );
  for (const name of importedBy(ts[0].code)) {
    if (!installed.has(name)) throw new SectionError(`README.md "${SECTION}": its TypeScript block imports ${name}, which no \`npm install\` line of the README installs`);
  }
  if (shLines.some((l) => l.trim().startsWith('npx mahnwerk')) && !installed.has('@mahnwerk/cli')) {
    throw new SectionError(`README.md "${SECTION}": \`npx mahnwerk\` needs @mahnwerk/cli, which no \`npm install\` line installs`);
  }

  const pg = createRequire(join(project, 'package.json'))('pg');
  const base = `mahnwerk_pack_check_${process.pid}`;
  const databases = [base, `${base}_code`];
  const urlOf = (name) => {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return url.href;
  };
  const [url, codeUrl] = databases.map(urlOf);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const timings = [];
  // The test server's address (and any password in it) is not printed.
  const server = adminUrl.replace(/\/[^/]*$/, '');
  const shown = (text) => text.replaceAll(server, '<server>');
  const sh = (line, env = {}) => {
    const t = performance.now();
    try {
      return execFileSync('sh', ['-c', line], {
        cwd: project,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 300_000,
        env: { ...process.env, ...env },
      });
    } catch (error) {
      throw new SectionError(shown(`README.md "${SECTION}": \`${line}\` failed (exit ${error.status ?? error.signal}):\n${error.stdout ?? ''}${error.stderr ?? ''}`));
    } finally {
      timings.push(`${((performance.now() - t) / 1000).toFixed(1)} s  ${shown(line)}`);
    }
  };
  /** `mahnwerk status --json` without the database's name: one line per row (claims, messages, money owed back). */
  const status = (db) => {
    const report = JSON.parse(sh(`${CLI} status --db ${db} --json`));
    delete report.database;
    const rows = (value, key) =>
      Array.isArray(value)
        ? value.map((row) => `${key}: ${JSON.stringify(row)}`)
        : value !== null && typeof value === 'object'
          ? Object.entries(value).flatMap(([k, v]) => rows(v, key === undefined ? k : `${key}.${k}`))
          : [`${key}: ${JSON.stringify(value)}`];
    return rows(report).join('\n');
  };
  /** The rows of `before` not in `after` (-), then those of `after` not in `before` (+). */
  const difference = (before, after) => {
    const [b, a] = [before, after].map((text) => text.split('\n').filter((row) => row !== ''));
    return [...b.filter((row) => !a.includes(row)).map((row) => `- ${row}`), ...a.filter((row) => !b.includes(row)).map((row) => `+ ${row}`)].join('\n');
  };

  try {
    // Today as the README's code sees it, and whether the installed core knows its base rate.
    const today = JSON.parse(
      execFileSync('node', ['--input-type=module', '-e', "import { baseRateCoverage, zonedClock } from '@mahnwerk/core'; const today = zonedClock('Europe/Berlin', Date.now).today(); console.log(JSON.stringify({ date: today, ...baseRateCoverage(today) }))"], { cwd: project, encoding: 'utf8' }),
    );
    const beyond = today.status === 'beyond' ? `today (${today.date}) lies after the base rates the installed core knows (up to ${today.knownUntil}): the engine refuses interest then (base_rate_unknown)` : undefined;
    if (beyond !== undefined) console.log(`pack-check: ${beyond}; the README's run of today and its TypeScript block are not required to decide`);
    for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    for (const name of databases) await admin.query(`CREATE DATABASE "${name}"`);

    // 1. The embedded directory the section starts from.
    sh(`${CLI} demo --db ${DIRECTORY} ${DEMO_FLAGS.join(' ')}`);
    const before = status(DIRECTORY);

    // 2. The section's blocks in their order.
    let statusAfterCopy; // the server's status while no line has run since the copy
    for (const block of blocks) {
      if (block.language === 'json') {
        try {
          JSON.parse(block.code);
        } catch (error) {
          throw new SectionError(`README.md "${SECTION}": its JSON block (mahnwerk.config.json) is no JSON: ${error.message}`);
        }
        writeFileSync(join(project, 'mahnwerk.config.json'), block.code);
        continue;
      }
      if (block.language !== 'sh') continue;
      for (const written of block.code.split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('#'))) {
        let line = written.replaceAll(README_URL, url);
        if (/^\s*npm (install|i)\b/.test(line)) {
          line = line.replace(/@mahnwerk\/[a-z-]+/g, (name) => {
            const tarball = tarballs.get(name);
            if (tarball === undefined) throw new SectionError(`README.md "${SECTION}": \`${written}\` installs ${name}, which is no package of this repository`);
            return tarball;
          });
        }
        if (/\bmahnwerk run\b/.test(line)) {
          // A later day than the book's last, by N workers, before the README's run of today.
          const beforeRun = statusAfterCopy ?? status(url);
          const report = JSON.parse(sh(`${CLI} run --db ${url} --workers 2 --date ${LATER_DAY} --json`));
          const afterRun = status(url);
          if (report.decided === 0 || report.workers?.length !== 2 || report.errors.length > 0 || afterRun === beforeRun) {
            throw new SectionError(
              `README.md "${SECTION}": \`mahnwerk run --workers 2 --date ${LATER_DAY}\` on the copied book decided ${report.decided} claims with ${report.workers?.length} workers, ${report.errors.length} errors${report.errors.length > 0 ? ` (${JSON.stringify(report.errors[0])})` : ''}; status changed by:\n${difference(beforeRun, afterRun) || '(nothing)'}`,
            );
          }
          console.log(`pack-check: run --workers 2 --date ${LATER_DAY} on the copy: ${report.decided} claims decided, ${report.events} events; status changed by:\n  ${difference(beforeRun, afterRun).split('\n').join('\n  ')}`);
        }
        const output = sh(line);
        statusAfterCopy = undefined;
        if (/\bmahnwerk run\b/.test(line) && beyond === undefined && /^error on claim /m.test(output)) {
          throw new SectionError(shown(`README.md "${SECTION}": \`${written.replace(/\s+#.*$/, '')}\` reported errors:\n${output}`));
        }
        console.log(`pack-check: ${written.replace(/\s+#.*$/, '')}\n  ${output.trim().split('\n').slice(0, 12).join('\n  ')}`);
        if (/\bmahnwerk copy\b/.test(line)) {
          const after = status(url);
          statusAfterCopy = after;
          if (after !== before) {
            throw new SectionError(
              `README.md "${SECTION}": after \`${written.replace(/\s+#.*$/, '')}\`, \`mahnwerk status\` of the server differs from the status of ${DIRECTORY} taken before the copy (claims, amounts or messages not carried over):\n${difference(before, after)}`,
            );
          }
          console.log(`pack-check: status --db <server> equals status --db ${DIRECTORY} taken before the copy`);
        }
      }
    }

    // 3. The TypeScript block, the way to run the day in code, on a copy of its own.
    // The copy verifies itself; the first copy's status showed it equal to the directory's.
    sh(`${CLI} copy --from ${DIRECTORY} --to ${codeUrl}`);
    const beforeCode = before;
    sh(`node ${compiled}`, { DATABASE_URL: codeUrl });
    const afterCode = status(codeUrl);
    if (afterCode === beforeCode && beyond === undefined) {
      throw new SectionError(`README.md "${SECTION}": its TypeScript block ran with DATABASE_URL on a copy of the book and decided nothing on ${today.date} (status unchanged)`);
    }
    console.log(
      afterCode === beforeCode
        ? `pack-check: the TypeScript block ran with DATABASE_URL on a copy of the book and decided nothing on ${today.date} (${beyond})`
        : `pack-check: the TypeScript block ran with DATABASE_URL on a copy of the book on ${today.date}; status changed by:\n  ${difference(beforeCode, afterCode).split('\n').join('\n  ')}`,
    );
  } finally {
    for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {});
    await admin.end();
    console.log(`pack-check: "${SECTION}" on the server took ${((performance.now() - started) / 1000).toFixed(1)} s:\n  ${timings.join('\n  ')}`);
  }
}
