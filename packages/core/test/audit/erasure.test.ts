// GDPR erasure that keeps the chain (issue 9 point 7; DESIGN.md "Personal data stays erasable"):
// names, addresses, e-mail and phone are kept apart from the hash chain as a salted commitment,
// eraseDebtor removes them (Art. 17 DSGVO) while amounts, dates and the chain stay verifiable
// (Art. 17(3)(b)/(e): HGB § 257, AO § 147), and exportDebtor returns what is held (Art. 15).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createMahnwerk,
  personalDataCommitment,
  personalDataRedactor,
  redactPersonalData,
  renderPlainText,
  type ClaimEvent,
  verifyAudit,
  type ClaimFactsInput,
  type IsoDate,
  type StoredClaim,
} from '../../src/index.js';
import { memoryStore } from '../engine/memory-store.js';

function clockAt(date: IsoDate) {
  const c = { date, today: () => c.date, now: () => `${c.date}T08:00:00Z` };
  return c;
}

const erika: ClaimFactsInput = {
  id: 'INV-1',
  debtor: {
    id: 'D-1',
    kind: 'consumer',
    name: 'Erika Mustermann',
    email: 'erika.mustermann@example.org',
    phone: '+4915112345678',
    postalAddress: { street: 'Heidestraße', houseNumber: '17', postalCode: '51147', city: 'Köln', country: 'DE' },
  },
  principal: '1200.00',
  currency: 'EUR',
  invoiceDate: '2025-01-02',
  dueDate: '2025-01-16',
};
const personal = ['Erika Mustermann', 'erika.mustermann@example.org', '+4915112345678', 'Heidestraße', '51147', 'Köln'];

async function book() {
  const store = memoryStore();
  const clock = clockAt('2025-01-02');
  let n = 0;
  const randomBytes = (length: number) => Uint8Array.from({ length }, () => (n++ * 37 + 11) % 256);
  const mw = createMahnwerk({ store, clock, policy: 'de-b2c-default', randomBytes });
  await mw.createClaim(erika);
  await mw.createClaim({ ...erika, id: 'INV-2', principal: '80.00' });
  await mw.createClaim({ ...erika, id: 'INV-3', debtor: { id: 'D-2', kind: 'consumer', name: 'Max Other', email: 'max@example.org' } });
  clock.date = '2025-02-20';
  await mw.runDue('2025-02-20');
  return { store, clock, mw };
}

describe('personal data is kept apart from the hash chain', () => {
  it('the stored entries hold no name, e-mail, phone or address — only a salted commitment; the engine still reads them', async () => {
    const { store, mw } = await book();
    const stored = (await store.load('INV-1')) as StoredClaim;
    const chainText = JSON.stringify(stored.entries);
    for (const datum of personal) expect(chainText).not.toContain(datum);
    const created = stored.entries[0]?.event;
    expect(created?.type).toBe('claim-created');
    const ref = created?.type === 'claim-created' ? created.claim.debtor.personalData : undefined;
    expect(stored.personalData?.status).toBe('held');
    if (stored.personalData?.status !== 'held') throw new Error('unreachable');
    // The commitment is SHA-256 over canonical JSON of { data, salt }, recomputed here from the record.
    expect(ref?.commitment).toBe(personalDataCommitment(stored.personalData.record.data, stored.personalData.record.salt));
    expect((await mw.claim('INV-1')).facts.debtor).toMatchObject({ name: 'Erika Mustermann', email: 'erika.mustermann@example.org', personalData: { status: 'held' } });
  });
});

describe('personal data quoted in free text is redacted before it enters the chain', () => {
  it('a dispute note naming the debtor and her e-mail address is stored with "[personal data]" in their place; the amount in it is untouched', async () => {
    const { store, mw } = await book();
    const result = await mw.openDispute({ claimId: 'INV-1', disputeId: 'DSP-1', note: 'Erika Mustermann (erika.mustermann@example.org) says she paid 1200.00' });
    expect(result.events[0]).toMatchObject({ type: 'dispute-opened', disputeId: 'DSP-1', note: '[personal data] ([personal data]) says she paid 1200.00' });
    const stored = (await store.load('INV-1')) as StoredClaim;
    expect(stored.entries[stored.entries.length - 1]?.event).toMatchObject({ note: '[personal data] ([personal data]) says she paid 1200.00' });
  });
});

describe('personalDataRedactor (one pattern for all events of a write)', () => {
  const data = { name: 'Erika Mustermann', email: 'erika.mustermann@example.org', postalAddress: { street: 'Heidestraße', houseNumber: '17', postalCode: '51147', city: 'Köln', country: 'DE' } } as const;
  const redact = personalDataRedactor(data);

  it('replaces the data quoted in free text at any depth (in arrays too), as redactPersonalData does, and leaves other members alone', () => {
    const event = {
      type: 'message-failed',
      claimId: 'INV-1',
      date: '2025-02-20',
      messageId: 'Erika Mustermann',
      channel: 'email',
      error: 'mailbox ERIKA.MUSTERMANN@EXAMPLE.ORG full',
      retryable: false,
      reason: { rule: 'delivery.failed', text: 'to Erika Mustermann, Heidestraße 17' },
      skipped: [{ detail: 'Heidestraße 17 unknown' }, { detail: 'nothing personal' }],
    } as unknown as ClaimEvent;
    const expected = {
      ...event,
      error: 'mailbox [personal data] full',
      reason: { rule: 'delivery.failed', text: 'to [personal data], [personal data]' },
      skipped: [{ detail: '[personal data] unknown' }, { detail: 'nothing personal' }],
    };
    expect(redact(event)).toEqual(expected);
    expect(redactPersonalData(event, data)).toEqual(expected);
    // Called again: the pattern keeps no state between events.
    expect(redact(event)).toEqual(expected);
    expect(event).toMatchObject({ error: 'mailbox ERIKA.MUSTERMANN@EXAMPLE.ORG full' });
  });

  it('returns the very event when no free-text member quotes the data (an id that happens to equal the name is not free text)', () => {
    const event = { type: 'dispute-opened', claimId: 'INV-1', date: '2025-02-20', disputeId: 'Erika Mustermann', note: 'says she paid' } as unknown as ClaimEvent;
    expect(redact(event)).toBe(event);
    expect(redactPersonalData(event, data)).toBe(event);
  });
});

describe('personalDataRedactor: the look without a regular expression misses nothing the pattern finds', () => {
  // The prefilter rests on two facts of case-insensitive Unicode matching (`iu`), checked here on
  // the running engine over every code point: only A–Z, a–z, ſ (U+017F) and the Kelvin sign
  // (U+212A) match an ASCII letter; ASCII digits, spaces and punctuation match only themselves.
  it('only A–Z, a–z, U+017F and U+212A match an ASCII letter under iu; other ASCII matches only itself', () => {
    const letter = /^[a-z]$/iu;
    const other = /^[\x00-\x40\x5B-\x60\x7B-\x7F]$/iu;
    const letters: number[] = [];
    const others: number[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const c = String.fromCodePoint(cp);
      if (letter.test(c) && !/^[A-Za-z]$/.test(c)) letters.push(cp);
      if (other.test(c) && cp > 0x7f) others.push(cp);
    }
    expect(letters).toEqual([0x17f, 0x212a]);
    expect(others).toEqual([]);
  });

  /**
   * The redaction as it was, one pattern over every free-text member, with the word-start rule of
   * docs/gdpr.md (a name or address line that begins with a letter or digit must not follow one):
   * the reference.
   */
  const reference = (event: ClaimEvent, needles: readonly string[]): ClaimEvent => {
    const usable = needles.filter((n) => n.trim().length >= 3).sort((a, b) => b.length - a.length);
    if (usable.length === 0) return event;
    const source = (n: string): string => (/^[\p{L}\p{N}]/u.test(n) ? '(?<![\\p{L}\\p{N}])' : '') + n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const pattern = new RegExp(usable.map(source).join('|'), 'giu');
    const keys = new Set(['note', 'error', 'detail', 'text', 'party']);
    const walk = (value: unknown, key: string | undefined): unknown => {
      if (typeof value === 'string') return key !== undefined && keys.has(key) ? value.replace(pattern, '[personal data]') : value;
      if (Array.isArray(value)) return value.map((v) => walk(v, key));
      if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
      return value;
    };
    return walk(event, undefined) as ClaimEvent;
  };

  it('redacts exactly what the one-pattern reference redacts, for texts quoting the data in any case, with ſ, K, ß, İ, emoji and non-Latin scripts', () => {
    const chars = fc.constantFrom(...'aAbBkKsSeEzZ0179 .@-+ſKßẞİıÅåΣσςЖжüÜ😀\u0345'.split(/(?:)/u));
    const word = fc.array(chars, { minLength: 1, maxLength: 8 }).map((a) => a.join(''));
    // A text that quotes a needle with each character replaced by a random one of those iu matches
    // with it (other case, ſ for s, the Kelvin sign for k, ẞ for ß, ς for σ), between other words.
    const classes = [['s', 'S', 'ſ'], ['k', 'K', '\u212A'], ['ß', 'ẞ'], ['σ', 'Σ', 'ς'], ['å', 'Å', '\u212B']];
    const flip = (text: string, bits: number): string =>
      [...text]
        .map((c, i) => {
          const r = (bits >> i % 28) & 3;
          const same = classes.find((k) => k.includes(c));
          if (same !== undefined) return same[r % same.length] as string;
          return r & 1 ? c.toUpperCase() : c.toLowerCase();
        })
        .join('');
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 4 }), word, word, fc.nat(), fc.nat(3), (needles, before, after, bits, which) => {
        const quoted = needles[which % needles.length] as string;
        const text = `${before}${flip(quoted, bits)}${after}`;
        const data = { name: needles[0] as string, ...(needles.length > 1 ? { address: needles.slice(1) } : {}) };
        const event = { type: 'dispute-opened', claimId: 'C-1', date: '2025-02-20', disputeId: 'D', note: text, reason: { rule: 'r', text: `${after} ${before}` } } as unknown as ClaimEvent;
        expect(personalDataRedactor(data)(event)).toEqual(reference(event, [data.name, ...(data.address ?? [])]));
      }),
      { numRuns: 3000 },
    );
  }, 60_000);
});

describe('eraseDebtor (Art. 17 DSGVO)', () => {
  it('removes the personal data of every claim of the debtor; entries, hashes, amounts and dates stay and verify', async () => {
    const { store, mw } = await book();
    const before = (await store.load('INV-1')) as StoredClaim;
    const statementBefore = await mw.statement('INV-1', '2025-02-20');
    const result = await mw.eraseDebtor('D-1');
    expect(result).toEqual({ debtorId: 'D-1', erasedAt: '2025-02-20T08:00:00Z', erased: ['INV-1', 'INV-2'], claims: ['INV-1', 'INV-2'], inChain: [] });
    const after = (await store.load('INV-1')) as StoredClaim;
    expect(after.entries).toEqual(before.entries);
    expect(after.personalData).toEqual({ status: 'erased', claimId: 'INV-1', debtorId: 'D-1', commitment: expect.stringMatching(/^[0-9a-f]{64}$/), erasedAt: '2025-02-20T08:00:00Z' });
    expect(JSON.stringify(after)).not.toMatch(/Erika|Mustermann|example\.org|Heidestraße|Köln|4915112345678/);
    expect((await mw.verify('INV-1')).ok).toBe(true);
    expect(verifyAudit(after.entries, { expectedLength: after.version, expectedHead: before.entries[before.entries.length - 1]?.hash as string }).ok).toBe(true);
    // The statement's figures are unchanged by erasure.
    expect(await mw.statement('INV-1', '2025-02-20')).toEqual(statementBefore);
    // The other debtor is untouched.
    expect((await mw.claim('INV-3')).facts.debtor.name).toBe('Max Other');
    // A second erasure erases nothing more.
    expect((await mw.eraseDebtor('D-1')).erased).toEqual([]);
  });

  it('letters and the claim show the debtor as "gelöscht" (German) / "erased" (English), with no contact data left to send to', async () => {
    const { mw } = await book();
    await mw.eraseDebtor('D-1');
    const state = await mw.claim('INV-1');
    expect(state.facts.debtor.name).toBe('gelöscht');
    expect(state.facts.debtor).not.toHaveProperty('email');
    expect(state.facts.debtor).not.toHaveProperty('postalAddress');
    const letter = await renderPlainText({ template: 'de-b2c-default/reminder', channel: 'letter', locale: 'de', claim: state.facts, statement: await mw.statement('INV-1', '2025-02-20') });
    expect(letter.text).toContain('gelöscht');
    expect(letter.text).not.toContain('Erika');

    const { mw: en } = await (async () => {
      const store = memoryStore();
      const host = createMahnwerk({ store, clock: clockAt('2025-01-02'), policy: 'de-b2c-default' });
      await host.createClaim({ ...erika, debtor: { ...erika.debtor, locale: 'en' } });
      await host.eraseDebtor('D-1');
      return { mw: host };
    })();
    expect((await en.claim('INV-1')).facts.debtor.name).toBe('erased');
  });
});

describe('exportDebtor (Art. 15 DSGVO)', () => {
  it('returns the personal data, each claim\'s entries with business date and recordedAt, and the messages — and after erasure says when it was erased', async () => {
    const { mw } = await book();
    const held = await mw.exportDebtor('D-1');
    expect(held.claims.map((c) => c.claimId)).toEqual(['INV-1', 'INV-2']);
    expect(held.claims[0]?.personalData).toEqual({
      status: 'held',
      data: { name: 'Erika Mustermann', email: 'erika.mustermann@example.org', phone: '+4915112345678', postalAddress: erika.debtor.postalAddress },
      commitmentVerified: true,
    });
    expect(held.claims[0]?.chainVerified).toBe(true);
    expect(held.claims[0]?.entries[0]?.event).toMatchObject({ date: '2025-01-02', recordedAt: '2025-01-02T08:00:00Z' });
    expect(held.messages.length).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(held))).toEqual(held);

    await mw.eraseDebtor('D-1');
    const erased = await mw.exportDebtor('D-1');
    expect(erased.claims[0]?.personalData).toEqual({ status: 'erased', erasedAt: '2025-02-20T08:00:00Z' });
    expect(JSON.stringify(erased)).not.toMatch(/Erika|Mustermann|example\.org/);
  });
});
