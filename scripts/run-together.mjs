#!/usr/bin/env node
// Runs root scripts at the same time and fails when any of them fails: CI's last three phases
// (`pnpm run docs`, `lint:packages`, `pack-check`) read the build and write nothing the others
// read, and each leaves a core idle much of its time (typedoc is one thread, pack-check waits on
// npm and its child processes), so on CI's 2 cores they take less time side by side than one after
// the other (docs/benchmarks.md, "# CI time"). Each script's output is printed whole when it ends,
// under its name, so the log reads as if they had run in turn.
//
// Usage: node scripts/run-together.mjs SCRIPT...   (e.g. docs lint:packages pack-check)
import { spawn } from 'node:child_process';

const scripts = process.argv.slice(2);
if (scripts.length === 0) {
  console.error('run-together: name the root scripts to run, e.g. node scripts/run-together.mjs docs lint:packages pack-check');
  process.exit(2);
}

/** Runs `pnpm run <script>`, its stdout and stderr collected in order; resolves with its exit code and output. */
function runScript(script) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('pnpm', ['run', script], { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    const chunks = [];
    child.stdout.on('data', (chunk) => chunks.push(chunk));
    child.stderr.on('data', (chunk) => chunks.push(chunk));
    child.on('error', (error) => chunks.push(Buffer.from(`run-together: could not start pnpm run ${script}: ${error.message}\n`)));
    child.on('close', (code, signal) => resolve({ script, code: code ?? 1, signal, seconds: (Date.now() - started) / 1000, output: Buffer.concat(chunks).toString('utf8') }));
  });
}

const results = await Promise.all(
  scripts.map((script) =>
    runScript(script).then((result) => {
      const status = result.code === 0 ? 'ok' : `failed (exit ${result.code}${result.signal === null ? '' : `, ${result.signal}`})`;
      process.stdout.write(`\n=== pnpm run ${script}: ${status} after ${result.seconds.toFixed(1)} s ===\n${result.output}`);
      return result;
    }),
  ),
);
const failed = results.filter((r) => r.code !== 0);
if (failed.length > 0) {
  console.error(`run-together: ${failed.map((r) => `pnpm run ${r.script} (exit ${r.code})`).join(', ')} failed; its output is above under its name.`);
  process.exit(1);
}
