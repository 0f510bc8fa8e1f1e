import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkInvariants, type ClaimEvent, type ClaimFacts } from '@mahnwerk/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/store-option.js';
import { daytime, json, run, runWith } from './run.js';
import { describePostgres, freshDatabase } from './support/postgres.js';
import { buildWorkerEntry } from './support/worker-bundle.js';

// `mahnwerk run --workers N` (issue 9 point 8): N worker processes share one business day on a
// PostgreSQL server through @mahnwerk/runner — each claim decided once, the same events as one
// worker, the audit anchor in every worker (DESIGN.md "The audit trail does not trust the
// database"), and the contact limit of § 7 UWG per debtor over all its claims, whichever worker
// decides them.

const KEY_HEX = '5e'.repeat(32);
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mahnwerk-cli-workers-'));
  await writeFile(join(dir, 'audit.key'), `${KEY_HEX}\n`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('mahnwerk run --workers: refused where it cannot work', () => {
  it('an embedded PGlite directory is one process only: exit 2 naming --workers and the way to a server', async () => {
    const out = await run(['run', '--db', join(dir, 'embedded'), '--workers', '2', '--date', '2025-04-15']);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^mahnwerk run: --workers: 2 worker processes need a PostgreSQL server \(--db postgres:\/\/…\); the embedded PGlite directory ".*embedded" can be opened by one process only — drop --workers, or move it to a server with its history \(mahnwerk copy --from .*embedded --to postgres:\/\/…;/);
  });

  it('an in-memory database (no --db, no config) is refused the same way', async () => {
    const out = await run(['run', '--workers', '3']);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^mahnwerk run: --workers: 3 worker processes need a PostgreSQL server .*an in-memory database can be opened by one process only/);
  });

  it('--workers must be a whole number from 1 to 64; --batch-size needs --workers', async () => {
    expect((await run(['run', '--workers', '0'])).stderr).toBe('mahnwerk run: --workers: "0" is not a whole number from 1 to 64.\n');
    expect((await run(['run', '--workers', 'two'])).stderr).toBe('mahnwerk run: --workers: "two" is not a whole number from 1 to 64.\n');
    expect((await run(['run', '--batch-size', '5'])).stderr).toBe('mahnwerk run: --batch-size: only with --workers N.\n');
  });
});

/**
 * An event as the business sees it: without when a process recorded it, the directory the file
 * channel wrote into, and the salted commitment of the personal data (a fresh random salt per import).
 */
function comparable(event: ClaimEvent, outDir: string): unknown {
  const { recordedAt: _r, ...rest } = event as ClaimEvent & { recordedAt?: string };
  return JSON.parse(JSON.stringify(rest).replaceAll(outDir, '<out>').replace(/"commitment":"[0-9a-f]{64}"/g, '"commitment":"<salted>"'));
}

async function eventsByClaim(url: string, ids: readonly string[]): Promise<Map<string, ClaimEvent[]>> {
  const opened = await openStore(url, { migrate: false });
  try {
    const out = new Map<string, ClaimEvent[]>();
    for (const id of ids) out.set(id, ((await opened.store.load(id))?.entries ?? []).map((e) => e.event));
    return out;
  } finally {
    await opened.close();
  }
}

async function dueCount(url: string, date: string): Promise<number> {
  const opened = await openStore(url, { migrate: false });
  try {
    return (await opened.store.listDue(date as `${number}-${number}-${number}`)).length;
  } finally {
    await opened.close();
  }
}

describePostgres('mahnwerk run --workers N on PostgreSQL', () => {
  let entry = '';
  beforeAll(async () => {
    entry = await buildWorkerEntry();
  }, 120_000);

  /** Imports `book` into a fresh database with a config of its own (file channel and audit anchor in `name`'s directories). */
  async function setUp(name: string, book: string): Promise<{ url: string; files: Record<string, string>; out: string; checkpoints: string }> {
    const url = await freshDatabase(`mw_cli_${name}_${process.pid}`);
    const out = join(dir, `${name}-outbox`);
    const checkpoints = join(dir, `${name}-checkpoints.jsonl`);
    const config = JSON.stringify({
      policy: 'auto',
      channels: { file: { dir: out, channels: ['email', 'letter', 'sms'] } },
      anchor: { checkpoints, keyId: 'audit-test', hmacKeyFile: join(dir, 'audit.key') },
    });
    const files = { 'book.json': book, 'mw.json': config };
    const imported = await runWith(['import', 'book.json', '--db', url, '--config', 'mw.json', '--json'], { files });
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    return { url, files, out, checkpoints };
  }

  const verifyArgs = (url: string, checkpoints: string) => ['verify', '--db', url, '--checkpoints', checkpoints, '--key-id', 'audit-test', '--hmac-key-file', join(dir, 'audit.key')];

  it('--workers 1 and --workers 3 over the same book store the same events, each due claim decided once; the chain of every worker verifies, and a truncated claim is found', async () => {
    const date = '2025-04-15';
    const book = (await run(['generate', '--claims', '80', '--seed', '11'])).stdout;
    const ids = (JSON.parse(book) as { id: string }[]).map((c) => c.id);
    const one = await setUp('w1', book);
    const three = await setUp('w3', book);
    const due = await dueCount(one.url, date);
    expect(due).toBeGreaterThan(20);
    expect(await dueCount(three.url, date)).toBe(due);

    const r1 = await runWith(['run', '--db', one.url, '--config', 'mw.json', '--date', date, '--now', daytime(date), '--workers', '1', '--json'], { files: one.files, workerEntry: entry });
    expect(r1.stderr).toBe('');
    expect(r1.code).toBe(0);
    const r3 = await runWith(['run', '--db', three.url, '--config', 'mw.json', '--date', date, '--now', daytime(date), '--workers', '3', '--batch-size', '4', '--json'], { files: three.files, workerEntry: entry });
    expect(r3.stderr).toBe('');
    expect(r3.code).toBe(0);
    const [a, b] = [json(r1), json(r3)];
    // Each due claim leased and decided once, over all workers. How the claims spread over the three
    // depends on when each process is up: the batched run is fast, and a worker that starts late may
    // find nothing left (CI saw it). That several workers share a book is proven by the runner's
    // process tests, whose workers start together and take turns at their first batched write.
    expect(a).toMatchObject({ claims: due, leased: due, decided: due });
    expect(b).toMatchObject({ claims: due, leased: due, decided: due });
    expect(b.workers).toHaveLength(3);
    const working = (b.workers as { claims: number }[]).filter((w) => w.claims > 0).length;
    expect(working).toBeGreaterThanOrEqual(1);
    expect(b.errors).toEqual([]);
    expect(b.sent).toBe(a.sent);
    expect(b.sent).toBeGreaterThan(0);
    expect(b.events).toBe(a.events);
    // Every message sent is a file of the file channel, written by whichever worker sent it.
    expect((await readdir(three.out)).filter((f) => f.endsWith('.txt'))).toHaveLength(b.sent);

    // The same events, claim by claim, in the same order (business content; recordedAt differs).
    const e1 = await eventsByClaim(one.url, ids);
    const e3 = await eventsByClaim(three.url, ids);
    for (const id of ids) expect((e3.get(id) ?? []).map((e) => comparable(e, three.out)), id).toEqual((e1.get(id) ?? []).map((e) => comparable(e, one.out)));

    // Checkpoints of the import process and of each of the three workers, one log per process, all verifying.
    const verified = await run([...verifyArgs(three.url, three.checkpoints), '--json']);
    expect(verified.stderr).toBe('');
    expect(json(verified)).toMatchObject({ ok: true, claims: ids.length });
    const { readCheckpointFile } = await import('../src/checkpoints.js');
    const streams = new Set(readCheckpointFile(three.checkpoints).map((c) => c.stream));
    // One checkpoint stream per worker that wrote: at least every worker that decided claims, at most three.
    const runStreams = [...streams].filter((s) => s.startsWith(`run-${date}-`));
    expect(runStreams.length).toBeGreaterThanOrEqual(working);
    expect(runStreams.length).toBeLessThanOrEqual(3);

    // Cut the last event of a claim a worker appended to: verify with the key names it as truncated.
    const victim = ids.find((id) => (e3.get(id)?.length ?? 0) >= 2) as string;
    const length = e3.get(victim)?.length ?? 0;
    const opened = await openStore(three.url, { migrate: false });
    try {
      await opened.store.driver.exec(`delete from mahnwerk.claim_events where claim_id = '${victim}' and seq = ${length - 1}; update mahnwerk.claims set version = version - 1 where claim_id = '${victim}';`);
    } finally {
      await opened.close();
    }
    const broken = await run(verifyArgs(three.url, three.checkpoints));
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain(`${victim} at ${length - 1}: truncated`);
  }, 600_000);

  it('a worker killed while another still runs is reported at once, with why the run now waits (its lease), not only when all have ended', async () => {
    // Stand-in workers: w1 dies by SIGKILL as soon as it starts (kill -9 mid-run), w2 ends 1.5 s later.
    const fake = join(dir, 'fake-worker.mjs');
    await writeFile(
      fake,
      `process.on('message', (m) => {
        if (m.job.workerId.endsWith('-w1')) process.kill(process.pid, 'SIGKILL');
        else setTimeout(() => process.send({ type: 'failed', message: 'stand-in ended' }, () => process.exit(1)), 1500);
      });`,
    );
    const url = await freshDatabase(`mw_cli_killed_${process.pid}`);
    const out = await runWith(['run', '--db', url, '--date', '2025-04-15', '--workers', '2'], { workerEntry: fake });
    expect(out.code).toBe(1);
    const early = out.stderr.indexOf('-w1 failed: ended with signal SIGKILL before finishing. The other worker takes over the claims it had leased once its lease runs out (5 minutes after it leased them)');
    expect(early).toBeGreaterThanOrEqual(0);
    expect(early).toBeLessThan(out.stderr.indexOf('run the same command again to be sure'));
    // Not "the day is not done": a survivor that took the dead worker's claims over finished it.
    expect(out.stderr).not.toContain('The day is not done');
    // The last worker to end has no others to hand over to: no such line for it.
    expect(out.stderr).not.toMatch(/-w2 failed: stand-in ended\. The other/);
    // An expected operational failure, said plainly (exit 1): not an "unexpected failure", which is kept for bugs.
    expect(out.stderr).not.toContain('unexpected failure');
    expect(out.stderr).toMatch(/\nmahnwerk run: worker run-2025-04-15-\d+-w1 failed: ended with signal SIGKILL before finishing; worker run-2025-04-15-\d+-w2 failed: stand-in ended\. What was decided and sent is stored/);
  }, 120_000);

  it('SIGTERM to the command is passed on to every worker: each finishes the batch it is in (and its sending), none runs the dispatcher, no claim is left leased half-done', async () => {
    const date = '2025-04-15';
    const book = (await run(['generate', '--claims', '300', '--seed', '12'])).stdout;
    const setup = await setUp('term', book);
    const { loadConfig } = await import('../src/config.js');
    const { runWorkers } = await import('../src/run-workers.js');
    const { config } = await loadConfig('mw.json', async (path) => setup.files[path] as string);
    const before = new Set(process.listeners('SIGTERM'));
    let signalled = false;
    const outcomes = await runWorkers({
      db: setup.url,
      config,
      date,
      now: Date.parse(daytime(date)),
      workers: 2,
      runId: 'term',
      runStartedAt: new Date().toISOString(),
      entry,
      batchSize: 2,
      progress: {
        // As soon as a worker has decided its first batch, SIGTERM reaches the command: call the handler it
        // installed (not vitest's own). Waiting for both workers raced on a loaded machine: the batched run
        // is fast, and one worker could finish the day (or the other not have started) before the signal.
        tick: () => {
          if (signalled) return;
          signalled = true;
          for (const listener of process.listeners('SIGTERM')) if (!before.has(listener)) (listener as (s: NodeJS.Signals) => void)('SIGTERM');
        },
      },
    });
    expect(signalled).toBe(true);
    // The handler is gone once the workers have ended.
    expect(process.listeners('SIGTERM').filter((l) => !before.has(l))).toEqual([]);
    // Every worker that was running stopped after its batch without running the dispatcher. A worker still loading
    // its modules when the signal came has no handler yet and ends by the signal — having leased nothing.
    for (const o of outcomes) {
      if (o.failure !== undefined) {
        expect(o.failure, o.workerId).toContain('signal SIGTERM');
        expect(o.claimIds, o.workerId).toEqual([]);
        continue;
      }
      expect(o.result?.run.stopped, o.workerId).toBe(true);
      expect(o.result?.dispatched, o.workerId).toBeNull();
    }
    expect(outcomes.some((o) => o.result?.run.stopped === true && o.result.run.claims > 0)).toBe(true);
    const due = await dueCount(setup.url, date);
    const decided = outcomes.reduce((n, o) => n + (o.result?.run.claims ?? 0), 0);
    expect(decided).toBeLessThan(due);
    const opened = await openStore(setup.url, { migrate: false });
    try {
      const open = await opened.store.driver.query(`select claim_id from mahnwerk.runner_claim_leases where not done and owner <> ''`);
      expect(open).toEqual([]);
    } finally {
      await opened.close();
    }
  }, 600_000);

  it('rule: the workers refuse a config whose messages could go out on no channel as one process does; a message sent on its fallback is no failure', async () => {
    const date = '2025-01-23';
    // Six consumers whose reminder (7 days after the due date) is due, in batches of two over three workers.
    const book = JSON.stringify(
      Array.from({ length: 6 }, (_, n) => ({
        id: `F-${n}`,
        principal: `${120 + n}.00`,
        currency: 'EUR',
        invoiceDate: '2025-01-02',
        dueDate: '2025-01-16',
        debtor: { id: `DF-${n}`, kind: 'consumer', name: `Debtor ${n}`, email: `f${n}@example.org`, address: ['Hauptstraße 1', '10115 Berlin'] },
      })),
    );
    const setUpWith = async (name: string, config: object): Promise<{ url: string; files: Record<string, string> }> => {
      const url = await freshDatabase(`mw_cli_${name}_${process.pid}`);
      const files = { 'book.json': book, 'mw.json': JSON.stringify(config) };
      const imported = await runWith(['import', 'book.json', '--db', url, '--config', 'mw.json'], { files });
      expect(imported.stderr).toBe('');
      expect(imported.code).toBe(0);
      return { url, files };
    };
    const args = (url: string, ...more: string[]) => ['run', '--db', url, '--config', 'mw.json', '--date', date, '--now', daytime(date), ...more];

    // No channel configured: the run is refused before anything is decided (checkRunChannels), by
    // --workers N in the same words and with the same exit code as by one process.
    const one = await setUpWith('fail_one', { policy: 'auto' });
    const single = await runWith(args(one.url, '--json'), { files: one.files });
    const workersJson = await setUpWith('fail_json', { policy: 'auto' });
    const three = await runWith(args(workersJson.url, '--workers', '3', '--batch-size', '2', '--json'), { files: workersJson.files, workerEntry: entry });
    expect(single.code).toBe(2);
    expect(three.code).toBe(2);
    expect(single.stdout).toBe('');
    expect(three.stdout).toBe('');
    expect(single.stderr).toMatch(/^mahnwerk run: mw\.json: channels\.file: no channel is configured, .*nothing was decided\.\n$/);
    expect(three.stderr).toBe(single.stderr);
    expect(await dueCount(workersJson.url, date)).toBe(6);

    // The file channel stands in for letters only: e-mail fails, the letter goes out — nothing failed.
    const fallback = await setUpWith('fail_fallback', { policy: 'auto', channels: { file: { dir: join(dir, 'fallback-outbox'), channels: ['letter'] } } });
    const sentOnFallback = json(await runWith(args(fallback.url, '--workers', '2', '--batch-size', '2', '--json'), { files: fallback.files, workerEntry: entry }));
    expect(sentOnFallback).toMatchObject({ sent: 6, failed: 0, failures: [] });
  }, 600_000);

  it('rule (checkRunDay, runDue\'s one rule): a day after today or before the last day run is refused once, before any worker starts, in the words and with the exit code of one process', async () => {
    // Six consumers due Thu 2025-01-16: the reminder is due 7 days later, Thu 2025-01-23.
    const book = JSON.stringify(
      Array.from({ length: 6 }, (_, n) => ({
        id: `L-${n}`,
        principal: `${130 + n}.00`,
        currency: 'EUR',
        invoiceDate: '2025-01-02',
        dueDate: '2025-01-16',
        debtor: { id: `DL-${n}`, kind: 'consumer', name: `Debtor ${n}`, email: `l${n}@example.org`, address: ['Hauptstraße 1', '10115 Berlin'] },
      })),
    );
    const setUpDay = async (name: string): Promise<{ url: string; files: Record<string, string> }> => {
      const url = await freshDatabase(`mw_cli_${name}_${process.pid}`);
      const files = { 'book.json': book, 'mw.json': JSON.stringify({ policy: 'auto', channels: { file: { dir: join(dir, `${name}-outbox`), channels: ['email', 'letter'] } } }) };
      const imported = await runWith(['import', 'book.json', '--db', url, '--config', 'mw.json'], { files });
      expect(imported.code).toBe(0);
      return { url, files };
    };
    const args = (url: string, date: string, now: string, ...more: string[]) => ['run', '--db', url, '--config', 'mw.json', '--date', date, '--now', daytime(now), ...more];

    // After today: --date 2025-01-24 with --now on 2025-01-23. Without the check in the parent, each of
    // the three workers failed on its own (exit 1, "worker … failed: …" three times).
    const later = await setUpDay('day_later');
    const single = await runWith(args(later.url, '2025-01-24', '2025-01-23'), { files: later.files });
    const three = await runWith(args(later.url, '2025-01-24', '2025-01-23', '--workers', '3', '--batch-size', '2'), { files: later.files, workerEntry: entry });
    expect(single.code).toBe(2);
    expect(single.stderr).toBe('mahnwerk run: --date: 2025-01-24 is after today (2025-01-23); record what has happened, not what will.\n');
    expect(three.code).toBe(2);
    expect(three.stdout).toBe('');
    expect(three.stderr).toBe(single.stderr);
    expect(await dueCount(later.url, '2025-01-23')).toBe(6);

    // Before the last day run: 2025-01-24 is run by three workers (every worker records it), then 2025-01-23 is refused.
    const before = await setUpDay('day_before');
    const ran = json(await runWith(args(before.url, '2025-01-24', '2025-01-24', '--workers', '3', '--batch-size', '2', '--json'), { files: before.files, workerEntry: entry }));
    expect(ran).toMatchObject({ date: '2025-01-24', decided: 6 });
    const opened = await openStore(before.url, { migrate: false });
    try {
      expect(await opened.store.lastRunDay()).toBe('2025-01-24');
    } finally {
      await opened.close();
    }
    const one = await runWith(args(before.url, '2025-01-23', '2025-01-24'), { files: before.files });
    const workers = await runWith(args(before.url, '2025-01-23', '2025-01-24', '--workers', '3'), { files: before.files, workerEntry: entry });
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/^mahnwerk run: --date: 2025-01-23 is before 2025-01-24, the last day run: .* Run 2025-01-24 again \(it decides only what is still due\); record what happened on 2025-01-23 \(a payment, a promise\) with its own date\.\n$/);
    expect(workers.code).toBe(2);
    expect(workers.stdout).toBe('');
    expect(workers.stderr).toBe(one.stderr);
  }, 600_000);

  it('contact limit (§ 7 UWG, 2 messages per 7 days per debtor) over all claims of a debtor holds with 3 workers and small batches', async () => {
    const date = '2025-04-15';
    // 8 debtors with 5 claims each; in id order two debtors alternate (D-0 D-1 D-0 D-1 …, then
    // D-2 D-3 …), so batches of 2 claims hand one debtor's claims to all three workers at once.
    const claims: ClaimFacts[] = [];
    for (let n = 0; n < 40; n++) {
      const d = Math.floor(n / 10) * 2 + (n % 2);
      claims.push({
        id: `K-${String(n).padStart(3, '0')}`,
        debtor: { id: `D-${d}`, kind: 'consumer', name: `Debtor ${d}`, email: `d${d}@example.org`, address: ['Hauptstraße 1', '10115 Berlin'] },
        principal: `${100 + n}.00`,
        currency: 'EUR',
        invoiceDate: '2025-03-01',
        dueDate: '2025-03-15',
        dueDateAgreed: true,
      });
    }
    const setup = await setUp('limit', JSON.stringify(claims));
    const r = await runWith(['run', '--db', setup.url, '--config', 'mw.json', '--date', date, '--now', daytime(date), '--workers', '3', '--batch-size', '2', '--json'], { files: setup.files, workerEntry: entry });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(json(r)).toMatchObject({ claims: 40, leased: 40 });
    const events = await eventsByClaim(setup.url, claims.map((c) => c.id));
    let queued = 0;
    for (let d = 0; d < 8; d++) {
      const ofDebtor = claims.filter((c) => c.debtor.id === `D-${d}`).flatMap((c) => events.get(c.id) ?? []);
      const messages = ofDebtor.filter((e) => e.type === 'message-queued');
      queued += messages.length;
      expect(checkInvariants(ofDebtor).filter((g) => g.guard === 'guard.contact-limit'), `debtor D-${d}`).toEqual([]);
      expect(messages.length, `debtor D-${d}`).toBeLessThanOrEqual(2);
    }
    // The limit was reached, not avoided: every debtor got its two messages.
    expect(queued).toBe(16);
  }, 600_000);
});
