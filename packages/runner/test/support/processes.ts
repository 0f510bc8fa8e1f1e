import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', '.build');

/**
 * Bundles test/fixtures/worker.ts (workspace packages from their sources) into one ES module that
 * plain node runs; pg and pg-boss stay external and resolve from this package's node_modules.
 *
 * @returns the path of the bundle
 */
export async function buildWorker(): Promise<string> {
  mkdirSync(out, { recursive: true });
  const file = join(out, `worker-${process.pid}.mjs`);
  await build({
    entryPoints: [join(here, '..', 'fixtures', 'worker.ts')],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@mahnwerk/source'],
    external: ['pg', 'pg-boss', '@electric-sql/pglite'],
    logLevel: 'error',
  });
  return file;
}

/** How a worker process ended. */
export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A started worker process. */
export interface WorkerProcess {
  readonly pid: number;
  readonly exited: Promise<Exit>;
  kill(signal: NodeJS.Signals): void;
}

/**
 * Starts a worker process with its configuration.
 *
 * @param file - the bundle from {@link buildWorker}
 * @param config - the worker's configuration (see test/fixtures/worker.ts)
 */
export function startWorker(file: string, config: Record<string, unknown>): WorkerProcess {
  const child = spawn(process.execPath, [file], { env: { ...process.env, RUNNER_TEST_CONFIG: JSON.stringify(config) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<Exit>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { pid: child.pid ?? 0, exited, kill: (signal) => child.kill(signal) };
}
