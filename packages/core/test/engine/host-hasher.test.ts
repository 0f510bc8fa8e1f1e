import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  auditPreimage,
  createMahnwerk,
  MahnwerkError,
  nobleSha256Hasher,
  verifyAudit,
  type AuditEntry,
  type AuditHasher,
  type Channel,
  type ClaimEvent,
  type IsoDate,
  type Mahnwerk,
} from '../../src/index.js';
import { memoryStore, type TestStore } from './memory-store.js';

// Issue 7 point 5: the audit append of the host API hashes through an injected hasher
// (`createMahnwerk({ hasher })`), so a host on Node uses node:crypto while core stays free of
// Node built-ins. These tests check that the hasher given is the one used — for every entry a
// command, the daily run and a delivery append, and for `verify` — and that chains made with a
// node:crypto hasher and with the default one are the same chain.

/** A node:crypto SHA-256, as `@mahnwerk/cli/node-hasher` has it (core cannot import the CLI). */
const nodeHasher: AuditHasher = { algorithm: 'sha-256', sha256Hex: (text) => createHash('sha256').update(text, 'utf8').digest('hex') };

/**
 * Wraps a hasher and counts its calls: on audit preimages (`{"event":…`, see `auditPreimage`) in
 * `calls`, on personal-data commitments (`{"data":…,"salt":…}`, checked on every load) in `commitments`.
 */
function counting(inner: AuditHasher): AuditHasher & { calls: number; commitments: number } {
  const h = {
    algorithm: 'sha-256' as const,
    calls: 0,
    commitments: 0,
    sha256Hex: (text: string): string => {
      if (text.startsWith('{"event":')) h.calls++;
      else if (text.startsWith('{"data":')) h.commitments++;
      return inner.sha256Hex(text);
    },
  };
  return h;
}

const email: Channel = {
  specificationVersion: 'v1',
  name: 'email',
  canReach: (to) => to.email !== undefined,
  send: (message) => Promise.resolve({ providerMessageId: message.id }),
};

/** One claim through a payment, a dispute and sixty days of daily runs (with deliveries). */
async function scenario(hasher?: AuditHasher): Promise<{ mw: Mahnwerk; store: TestStore; entries: readonly AuditEntry<ClaimEvent>[] }> {
  const store = memoryStore();
  const clock = { date: '2025-01-02' as IsoDate, today: (): IsoDate => clock.date, now: (): string => `${clock.date}T10:00:00+01:00` };
  // Fixed salts for the personal data kept apart, so two runs record the same events (and hashes).
  const randomBytes = (length: number): Uint8Array => new Uint8Array(length).fill(7);
  const mw = createMahnwerk({ store, clock, channels: [email], policy: 'de-b2c-default', randomBytes, ...(hasher === undefined ? {} : { hasher }) });
  await mw.createClaim({
    id: 'INV-1',
    debtor: { id: 'D-1', kind: 'consumer', name: 'Erika Muster', email: 'erika@example.org' },
    principal: '1000.00',
    currency: 'EUR',
    invoiceDate: '2025-01-02',
    dueDate: '2025-01-16',
  });
  for (let day: IsoDate = '2025-01-02'; day <= '2025-03-02'; day = addDays(day, 1)) {
    clock.date = day;
    if (day === '2025-02-10') await mw.recordPayment({ claimId: 'INV-1', amount: '100.00', date: day });
    await mw.runDue();
  }
  return { mw, store, entries: await mw.history('INV-1') };
}

describe('createMahnwerk({ hasher }): the injected audit hasher is used (issue 7 point 5)', () => {
  it('hashes every appended entry with the injected hasher — commands, decisions and deliveries — and verify with it too', async () => {
    const hasher = counting(nodeHasher);
    const { mw, entries } = await scenario(hasher);
    const types = new Set(entries.map((e) => e.event.type));
    // The scenario reaches all three writers: a command, a decision, a delivery.
    expect(types.has('payment-received') && types.has('stage-entered') && types.has('message-sent')).toBe(true);
    // Each entry is hashed once when it is appended, and by nobody else.
    expect(hasher.calls).toBe(entries.length);
    // The personal data's commitment is checked with it too whenever the claim is read.
    expect(hasher.commitments).toBeGreaterThan(0);
    const before = hasher.calls;
    expect(await mw.verify('INV-1')).toMatchObject({ ok: true, length: entries.length });
    // verify recomputes every entry's hash with the same hasher.
    expect(hasher.calls - before).toBe(entries.length);
  });

  it('the stored hashes are the injected hasher\'s: a (deliberately different) salted hash is what history holds and what verify checks', async () => {
    // Not SHA-256 of the preimage: if the host hashed with anything but the injected hasher, its
    // entries would not carry these hashes, and its verify would not accept them.
    const salted: AuditHasher = { algorithm: 'sha-256', sha256Hex: (text) => nodeHasher.sha256Hex(`salt|${text}`) };
    const { mw, entries } = await scenario(salted);
    const first = entries[0] as AuditEntry<ClaimEvent>;
    expect(first.hash).toBe(salted.sha256Hex(auditPreimage(first.seq, first.event, first.prevHash)));
    expect(await mw.verify('INV-1')).toMatchObject({ ok: true, length: entries.length });
    expect(verifyAudit(entries)).toMatchObject({ ok: false, index: 0 });
    expect(verifyAudit(entries, { hasher: salted })).toMatchObject({ ok: true, length: entries.length });
  });

  it('chains made with node:crypto and with the default hasher are the same chain and verify with either', async () => {
    const withNode = await scenario(nodeHasher);
    const withDefault = await scenario();
    expect(withNode.entries.map((e) => e.hash)).toEqual(withDefault.entries.map((e) => e.hash));
    expect(withNode.entries.length).toBeGreaterThan(10);
    expect(verifyAudit(withNode.entries)).toMatchObject({ ok: true, length: withNode.entries.length });
    expect(verifyAudit(withDefault.entries, { hasher: nodeHasher })).toMatchObject({ ok: true, length: withDefault.entries.length });
  });

  it('a hasher that is no AuditHasher is refused when the host API is made, naming `hasher`', () => {
    const store = memoryStore();
    const clock = { today: (): IsoDate => '2025-01-02', now: (): string => '2025-01-02T10:00:00+01:00' };
    let error: unknown;
    try {
      createMahnwerk({ store, clock, policy: 'auto', hasher: { algorithm: 'md5', sha256Hex: () => '' } as unknown as AuditHasher });
    } catch (e) {
      error = e;
    }
    expect(MahnwerkError.isInstance(error) && [error.code, error.field]).toEqual(['invalid_input', 'hasher']);
  });
});
