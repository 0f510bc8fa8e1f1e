import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { PGlite } from '@electric-sql/pglite';
import { createMahnwerk, GENESIS_HASH, personalDataCommitment, verifyAudit, type AuditHasher, type ClaimEvent, type IsoDate } from '@mahnwerk/core';
import type { PostgresClaimStore } from '@mahnwerk/store-postgres';
import { createVirtualClock, makeBook } from '@mahnwerk/testing';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

// A fast loader for bench books of millions of open claims. Claims are made once per shape
// through the facade's `createClaim` (the one path) into the store itself; the rows it wrote are
// read back as text and become templates, copied with new claim and debtor ids and their hash
// chains computed anew, and streamed with COPY … FROM STDIN (FREEZE, into the emptied tables) with
// the tables' keys, foreign keys and indexes dropped during the load and built afterwards.

/** Node's SHA-256 (the same hashes as core's built-in one, faster for millions of claims). */
export const nodeHasher: AuditHasher = { algorithm: 'sha-256', sha256Hex: (text) => createHash('sha256').update(text).digest('hex') };

/** The tables a claim's creation writes, loaded by the bench loader. */
const bookTables = ['claims', 'claim_events', 'personal_data'] as const;
type BookTable = (typeof bookTables)[number];

/** A text with holes: `literals[0] + values[tokens[0]] + literals[1] + …`. */
interface Template {
  readonly literals: readonly string[];
  readonly tokens: readonly number[];
}

const CLAIM = 0;
const DEBTOR = 1;
/** Token of the hash of entry `k` of the claim's chain. */
const HASH = (k: number): number => 2 + k;

function compile(text: string, holes: readonly (readonly [string, number])[]): Template {
  const escaped = holes.map(([s]) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const byText = new Map(holes.map(([s, t]) => [s, t]));
  const literals: string[] = [];
  const tokens: number[] = [];
  let at = 0;
  for (const m of text.matchAll(new RegExp(escaped.join('|'), 'g'))) {
    literals.push(text.slice(at, m.index));
    tokens.push(byText.get(m[0])!);
    at = m.index + m[0].length;
  }
  literals.push(text.slice(at));
  return { literals, tokens };
}

function render(t: Template, values: readonly string[]): string {
  let out = t.literals[0]!;
  for (let k = 0; k < t.tokens.length; k++) out += values[t.tokens[k]!]! + t.literals[k + 1]!;
  return out;
}

/** One value in COPY's text format. */
function copyText(value: string | null): string {
  return value === null ? '\\N' : value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** One claim as `createClaim` stored it, with its ids and hashes as holes. @internal */
export interface Shape {
  readonly claimId: string;
  readonly due: boolean;
  readonly nextReviewAt: IsoDate;
  /** The preimages of the chain's entries (see `auditPreimage`), holes for ids and the previous hash. */
  readonly preimages: readonly Template[];
  /** COPY text lines per table. */
  readonly rows: Readonly<Record<BookTable, readonly Template[]>>;
}

/** The shapes of a bench book and the columns its rows fill. */
export interface BookShapes {
  readonly due: readonly Shape[];
  readonly later: readonly Shape[];
  readonly columns: Readonly<Record<BookTable, readonly string[]>>;
  /** Rows `createClaim` wrote to tables the loader does not copy (must be 0 for a faithful book). */
  readonly otherRows: number;
}

/**
 * Makes the book's shapes: claims created through the facade's `createClaim` into `store` (its
 * migrated, still empty schema): invoices over the 90 days from 1 January (all due by mid-April)
 * and over the 90 days from 1 April (those invoiced by the run date and not yet due are the book's
 * quiet majority). `due` shapes need a look on `runDate`, `later` ones not before.
 */
export async function bookShapes(store: PostgresClaimStore, runDate: IsoDate, count: number): Promise<BookShapes> {
  const s = `"${store.schema}"`;
  const clock = createVirtualClock('2025-01-01');
  const m = createMahnwerk({ store, clock, policy: 'auto' });
  for (const [start, prefix] of [['2025-01-01', 'A-'], ['2025-04-01', 'B-']] as const) {
    for (const facts of makeBook({ seed: 11, size: count, start, idPrefix: prefix }).claims) {
      if (facts.invoiceDate > runDate) continue;
      clock.set(facts.invoiceDate);
      await m.createClaim(facts);
    }
  }
  const other = await store.driver.query<{ n: number }>(
    `select ((select count(*) from ${s}.outbox) + (select count(*) from ${s}.idempotency_keys))::int as n`,
  );
  // Every column but those filled by their default (the instants of the write).
  const columns = {} as Record<BookTable, string[]>;
  const text = {} as Record<BookTable, Map<string, string[]>>;
  for (const table of bookTables) {
    const cols = await store.driver.query<{ column_name: string }>(
      `select column_name from information_schema.columns where table_schema = $1 and table_name = $2 and coalesce(column_default, '') <> 'now()' order by ordinal_position`,
      [store.schema, table],
    );
    columns[table] = cols.map((c) => c.column_name);
    const order = table === 'claim_events' ? 'claim_id, seq' : 'claim_id';
    const rows = await store.driver.query<Record<string, string | null>>(
      `select ${columns[table].map((c) => `${c}::text as ${c}`).join(', ')} from ${s}.${table} order by ${order}`,
    );
    const byClaim = new Map<string, string[]>();
    for (const r of rows) {
      const line = columns[table].map((c) => copyText(r[c] ?? null)).join('\t');
      const list = byClaim.get(r.claim_id!) ?? [];
      list.push(`${line}\n`);
      byClaim.set(r.claim_id!, list);
    }
    text[table] = byClaim;
  }
  const heads = await store.driver.query<{ claim_id: string; debtor_id: string; next_review_at: string | null }>(
    `select claim_id, debtor_id, next_review_at::text as next_review_at from ${s}.claims where next_review_at is not null order by claim_id`,
  );
  const events = await store.driver.query<{ claim_id: string; seq: number; hash: string; event: string }>(
    `select claim_id, seq, hash, event::text as event from ${s}.claim_events order by claim_id, seq`,
  );
  const due: Shape[] = [];
  const later: Shape[] = [];
  for (const head of heads) {
    const chain = events.filter((e) => e.claim_id === head.claim_id);
    const holes: [string, number][] = [
      [head.claim_id, CLAIM],
      [head.debtor_id, DEBTOR],
      ...chain.map((e, k) => [e.hash, HASH(k)] as [string, number]),
    ];
    const preimages = chain.map((e, k) =>
      compile(`{"event":${e.event},"prevHash":"${k === 0 ? GENESIS_HASH : chain[k - 1]!.hash}","seq":${e.seq}}`, holes),
    );
    const shape: Shape = {
      claimId: head.claim_id,
      due: head.next_review_at! <= runDate,
      nextReviewAt: head.next_review_at! as IsoDate,
      preimages,
      rows: {
        claims: (text.claims.get(head.claim_id) ?? []).map((l) => compile(l, holes)),
        claim_events: (text.claim_events.get(head.claim_id) ?? []).map((l) => compile(l, holes)),
        personal_data: (text.personal_data.get(head.claim_id) ?? []).map((l) => compile(l, holes)),
      },
    };
    // The templates must give back the stored hashes for the stored ids: the event text is the
    // canonical JSON the hash was taken over, and every id is a hole.
    const again = chainHashes(shape, head.claim_id, head.debtor_id);
    chain.forEach((e, k) => {
      if (again[k] !== e.hash) throw new Error(`bookShapes: the template of ${head.claim_id} entry ${k} does not hash to the stored hash`);
    });
    (shape.due ? due : later).push(shape);
  }
  return { due, later, columns, otherRows: other[0]?.n ?? 0 };
}

/** The hashes of a copy of `shape` with new ids: entry by entry, each over the one before. */
function chainHashes(shape: Shape, claimId: string, debtorId: string): string[] {
  const values = [claimId, debtorId];
  for (let k = 0; k < shape.preimages.length; k++) values.push(nodeHasher.sha256Hex(render(shape.preimages[k]!, values)));
  return values.slice(2);
}

/** The claim id of claim `i` of a bench book. */
export const benchClaimId = (i: number): string => `B${String(i).padStart(8, '0')}`;
/** The debtor id of claim `i` of a bench book (one claim per debtor). */
export const benchDebtorId = (i: number): string => `BD${String(i).padStart(8, '0')}`;

/** Which claims of a book of `size` are due: every `every`-th, `count` of them. @internal */
export function duePattern(size: number, dueCount: number): { readonly every: number; readonly isDue: (i: number) => boolean } {
  const every = Math.max(1, Math.floor(size / Math.max(1, dueCount)));
  return { every, isDue: (i) => i % every === 0 && i / every < dueCount };
}

/** The COPY text of claims `from` … `to − 1`, per table. */
function chunk(shapes: BookShapes, from: number, to: number, pattern: ReturnType<typeof duePattern>): Record<BookTable, string> {
  const out: Record<BookTable, string> = { claims: '', claim_events: '', personal_data: '' };
  for (let i = from; i < to; i++) {
    const pool = pattern.isDue(i) ? shapes.due : shapes.later;
    const shape = pool[(pattern.isDue(i) ? i / pattern.every : i) % pool.length]!;
    const values = [benchClaimId(i), benchDebtorId(i)];
    for (let k = 0; k < shape.preimages.length; k++) values.push(nodeHasher.sha256Hex(render(shape.preimages[k]!, values)));
    for (const table of bookTables) for (const t of shape.rows[table]) out[table] += render(t, values);
  }
  return out;
}

/** A value of COPY's text format read back. */
function fromCopyText(value: string): string | null {
  return value === '\\N' ? null : value.replace(/\\(.)/g, (_, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : c === 'r' ? '\r' : c));
}

/** One claim of a bench book as a store's port receives it. */
export interface BenchClaim {
  readonly claimId: string;
  readonly debtorId: string;
  readonly nextReviewAt: IsoDate;
  readonly events: readonly { readonly seq: number; readonly event: string; readonly prevHash: string; readonly hash: string }[];
  readonly personalData: { readonly data: string; readonly salt: string; readonly commitment: string } | null;
}

/** Claims `from` … `to − 1` of a book of `to` claims with `due` due, as the loader writes them, one by one (for stores without SQL). */
export function* benchRows(shapes: BookShapes, from: number, to: number, due: number): Generator<BenchClaim> {
  const pattern = duePattern(to, due);
  const pd = shapes.columns.personal_data;
  for (let i = from; i < to; i++) {
    const pool = pattern.isDue(i) ? shapes.due : shapes.later;
    const shape = pool[(pattern.isDue(i) ? i / pattern.every : i) % pool.length]!;
    const values = [benchClaimId(i), benchDebtorId(i)];
    const events = shape.preimages.map((t) => {
      const pre = render(t, values);
      const hash = nodeHasher.sha256Hex(pre);
      values.push(hash);
      const parsed = JSON.parse(pre) as { event: unknown; prevHash: string; seq: number };
      return { seq: parsed.seq, event: JSON.stringify(parsed.event), prevHash: parsed.prevHash, hash };
    });
    const line = shape.rows.personal_data[0];
    let personalData: BenchClaim['personalData'] = null;
    if (line !== undefined) {
      const cells = render(line, values).replace(/\n$/, '').split('\t').map(fromCopyText);
      const get = (c: string): string => cells[pd.indexOf(c)] ?? '';
      personalData = { data: get('data'), salt: get('salt'), commitment: get('commitment') };
    }
    yield { claimId: values[0]!, debtorId: values[1]!, nextReviewAt: shape.nextReviewAt, events, personalData };
  }
}

/** Keys, foreign keys and indexes of the loaded tables, as `create` statements, in build order. */
async function dropKeysAndIndexes(store: PostgresClaimStore): Promise<string[]> {
  const s = `"${store.schema}"`;
  const constraints = await store.driver.query<{ table_name: string; ref: string | null; name: string; type: string; def: string }>(
    `select c.conrelid::regclass::text as table_name, nullif(c.confrelid, 0)::regclass::text as ref, c.conname as name, c.contype as type, pg_get_constraintdef(c.oid) as def
       from pg_constraint c join pg_namespace n on n.oid = c.connamespace
      where n.nspname = $1 and c.contype in ('p', 'u', 'f')`,
    [store.schema],
  );
  const loaded = (table: string): boolean => bookTables.some((t) => table === `${s}.${t}` || table === `${store.schema}.${t}`);
  const fks = constraints.filter((c) => c.type === 'f' && (loaded(c.table_name) || (c.ref !== null && loaded(c.ref))));
  const keys = constraints.filter((c) => c.type !== 'f' && loaded(c.table_name));
  const indexes = await store.driver.query<{ name: string; def: string }>(
    `select i.indexname as name, i.indexdef as def from pg_indexes i
      where i.schemaname = $1 and i.tablename = any($2::text[])
        and not exists (select 1 from pg_constraint c join pg_namespace n on n.oid = c.connamespace where n.nspname = $1 and c.conname = i.indexname)`,
    [store.schema, [...bookTables]],
  );
  for (const c of fks) await store.driver.exec(`alter table ${c.table_name} drop constraint "${c.name}"`);
  for (const c of keys) await store.driver.exec(`alter table ${c.table_name} drop constraint "${c.name}"`);
  for (const i of indexes) await store.driver.exec(`drop index ${s}."${i.name}"`);
  return [
    ...keys.map((c) => `alter table ${c.table_name} add constraint "${c.name}" ${c.def}`),
    ...indexes.map((i) => i.def),
    ...fks.map((c) => `alter table ${c.table_name} add constraint "${c.name}" ${c.def}`),
  ];
}

/** Where the loader writes: a node-postgres pool (COPY FROM STDIN) or a PGlite (COPY FROM a blob). */
export type BookTarget = { readonly kind: 'pg'; readonly pool: pg.Pool } | { readonly kind: 'pglite'; readonly db: PGlite };

/** What {@link loadBenchBook} did and how long each part took. */
export interface BookLoad {
  readonly claims: number;
  readonly due: number;
  /** Rows written (claims, events, personal data). */
  readonly rows: number;
  /** Making the rows and COPY. */
  readonly copyMs: number;
  /** Keys, indexes and foreign keys built after the load, and `analyze`. */
  readonly indexMs: number;
}

/**
 * Loads a book of `size` open claims of which `due` need a look on the run date, into the
 * migrated `store` (any rows in its book tables are replaced): the rows of `shapes` copied with
 * new ids (`benchClaimId(i)`, `benchDebtorId(i)`) and hash chains, streamed with COPY FREEZE in
 * one transaction per table, keys and indexes built afterwards.
 */
export async function loadBenchBook(store: PostgresClaimStore, target: BookTarget, shapes: BookShapes, size: number, due: number): Promise<BookLoad> {
  if (shapes.due.length === 0 || shapes.later.length === 0) throw new Error('loadBenchBook: the shapes hold no due or no later claims');
  const s = `"${store.schema}"`;
  const pattern = duePattern(size, due);
  const rebuild = await dropKeysAndIndexes(store);
  const copySql = (table: BookTable, source: string) => `copy ${s}.${table} (${shapes.columns[table].join(', ')}) from ${source} with (freeze)`;
  const step = 2_000;
  let rows = 0;
  const t0 = performance.now();
  if (target.kind === 'pg') {
    const clients = await Promise.all(bookTables.map(() => target.pool.connect()));
    try {
      const streams: Writable[] = [];
      for (const [k, table] of bookTables.entries()) {
        await clients[k]!.query('begin');
        await clients[k]!.query(`truncate ${s}.${table}`);
        streams.push(clients[k]!.query(copyFrom(copySql(table, 'stdin'))));
      }
      const done = streams.map((w) => once(w, 'finish'));
      for (let from = 0; from < size; from += step) {
        const text = chunk(shapes, from, Math.min(size, from + step), pattern);
        const waits: Promise<unknown>[] = [];
        bookTables.forEach((table, k) => {
          if (!streams[k]!.write(text[table])) waits.push(once(streams[k]!, 'drain'));
        });
        await Promise.all(waits);
      }
      for (const w of streams) w.end();
      await Promise.all(done);
      for (const c of clients) await c.query('commit');
    } finally {
      for (const c of clients) c.release();
    }
  } else {
    await target.db.transaction(async (tx) => {
      for (const table of bookTables) await tx.query(`truncate ${s}.${table}`);
      for (let from = 0; from < size; from += step * 10) {
        const text = chunk(shapes, from, Math.min(size, from + step * 10), pattern);
        for (const table of bookTables) await tx.query(copySql(table, `'/dev/blob'`), [], { blob: new Blob([text[table]]) });
      }
    });
  }
  for (const table of bookTables) rows += (await store.driver.query<{ n: number }>(`select count(*)::int as n from ${s}.${table}`))[0]!.n;
  const copyMs = performance.now() - t0;
  const t1 = performance.now();
  if (target.kind === 'pg') {
    // Index builds in parallel sessions would fight the other engineers' work for 2 cores: one at a time.
    const client = await target.pool.connect();
    try {
      await client.query(`set maintenance_work_mem = '1GB'`);
      for (const sql of rebuild) await client.query(sql);
    } finally {
      client.release();
    }
  } else {
    for (const sql of rebuild) await store.driver.exec(sql);
  }
  await store.driver.exec(`analyze ${s}.claims; analyze ${s}.claim_events; analyze ${s}.personal_data`);
  const indexMs = performance.now() - t1;
  let dueCount = 0;
  for (let i = 0; i < size; i += pattern.every) if (pattern.isDue(i)) dueCount += 1;
  return { claims: size, due: dueCount, rows, copyMs, indexMs };
}

/**
 * Checks a sample of the loaded book through the store's own `load`: each claim's chain verifies
 * against the head and version kept in `claims` (`verifyAudit`), its ids are its own, and its
 * personal data matches the commitment its `claim-created` event records.
 *
 * @returns the number of claims checked
 * @throws Error naming the first claim that does not verify
 */
export async function verifyBookSample(store: PostgresClaimStore, size: number, due: number, sample = 50): Promise<number> {
  const s = `"${store.schema}"`;
  const pattern = duePattern(size, due);
  const ids = new Set<number>([0, size - 1]);
  for (let k = 0; k < sample / 2; k++) ids.add(Math.min(size - 1, Math.floor((k * size) / (sample / 2)) + 1));
  for (let k = 0; k < sample / 2 && k * pattern.every < size; k++) ids.add(Math.floor((k * due) / (sample / 2)) * pattern.every);
  for (const i of ids) {
    const claimId = benchClaimId(i);
    const claim = await store.load(claimId);
    if (claim === null) throw new Error(`verifyBookSample: ${claimId} is missing`);
    const head = (await store.driver.query<{ head_hash: string }>(`select head_hash from ${s}.claims where claim_id = $1`, [claimId]))[0]!;
    const v = verifyAudit(claim.entries, { expectedHead: head.head_hash, expectedLength: claim.version, hasher: nodeHasher });
    if (!v.ok) throw new Error(`verifyBookSample: the chain of ${claimId} does not verify: ${JSON.stringify(v)}`);
    const created = claim.entries[0]?.event as (ClaimEvent & { type: 'claim-created' }) | undefined;
    if (created?.type !== 'claim-created' || created.claimId !== claimId || created.claim.id !== claimId || created.claim.debtor.id !== benchDebtorId(i)) {
      throw new Error(`verifyBookSample: the first event of ${claimId} is not its own claim-created event`);
    }
    const p = claim.personalData;
    if (p !== undefined) {
      if (p.status !== 'held' || personalDataCommitment(p.record.data, p.record.salt) !== p.record.commitment) {
        throw new Error(`verifyBookSample: the personal data of ${claimId} does not match its commitment`);
      }
    }
    if (claim.nextReviewAt === null) throw new Error(`verifyBookSample: ${claimId} has no review date`);
  }
  return ids.size;
}

/**
 * The raw rate to compare a run with: inserts `count` event rows shaped like the run's (copies
 * of rows of the book) into a scratch table of `claim_events`' shape, in `unnest` batches of
 * `batch` rows, one transaction each.
 *
 * @returns milliseconds taken
 */
export async function rawEventInsertMs(store: PostgresClaimStore, count: number, batch = 1_000): Promise<number> {
  const s = `"${store.schema}"`;
  await store.driver.exec(`create table ${s}.raw_events (like ${s}.claim_events including all)`);
  const sample = await store.driver.query<{ claim_id: string; type: string; business_date: string; prev_hash: string; hash: string; event: string }>(
    `select claim_id, type, to_char(business_date, 'YYYY-MM-DD') as business_date, prev_hash, hash, event::text as event from ${s}.claim_events where seq > 0 limit 1000`,
  );
  if (sample.length === 0) throw new Error('rawEventInsertMs: run the daily run first (no events with seq > 0 to copy)');
  const t0 = performance.now();
  for (let from = 0; from < count; from += batch) {
    const n = Math.min(batch, count - from);
    const rowsOf = Array.from({ length: n }, (_, k) => sample[(from + k) % sample.length]!);
    await store.driver.transaction((tx) =>
      tx.query(
        `insert into ${s}.raw_events (claim_id, seq, type, business_date, prev_hash, hash, event) select * from unnest($1::text[], $2::integer[], $3::text[], $4::date[], $5::text[], $6::text[], $7::json[])`,
        [rowsOf.map((r) => r.claim_id), rowsOf.map((_, k) => from + k + 1), rowsOf.map((r) => r.type), rowsOf.map((r) => r.business_date), rowsOf.map((r) => r.prev_hash), rowsOf.map((r) => r.hash), rowsOf.map((r) => r.event)],
      ),
    );
  }
  return performance.now() - t0;
}
