import { describe, expect, it } from 'vitest';
import {
  addDays,
  createPrng,
  simulate,
  simulateStream,
  statement,
  project,
  toAmountString,
  type ClaimEvent,
  type ClaimFacts,
  type SimulatedClaim,
  type SimulatedMessage,
  type SimulationInput,
} from '../../src/index.js';

// simulateStream (issue 7, point 6): the same run as simulate, handed over as it happens, with a
// claim's state dropped once nothing more can happen to it before the last day.

function book(size: number, seed: number): ClaimFacts[] {
  const rng = createPrng(seed);
  return Array.from({ length: size }, (_, k) => {
    const business = rng.chance(0.3);
    const invoiceDate = addDays('2025-01-01', rng.int(0, 40));
    const cents = rng.int(1_990, 400_000);
    return {
      id: `S-${k + 1}`,
      // Every third debtor has two claims: contact limits apply across them.
      debtor: { id: `D-${Math.floor(k / 2)}`, kind: business ? 'business' : 'consumer', name: `Debtor ${k}`, email: `d${k}@example.org` },
      principal: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`,
      currency: 'EUR',
      invoiceDate,
      dueDate: addDays(invoiceDate, business ? 30 : 14),
      invoicePointedOut30DayRule: true,
    } satisfies ClaimFacts;
  });
}

const input = (seed: number): SimulationInput => ({
  claims: book(60, seed),
  policy: 'auto',
  from: '2025-01-01',
  to: '2025-09-30',
  behaviour: { model: { payAfterMessage: 0.4, partialShare: 0.3, disputeAfterMessage: 0.05, payWithinDays: [2, 12] } },
  seed,
});

const money = (s: { principal: unknown; interest: unknown; costs: unknown; total: unknown }): string[] =>
  [s.principal, s.interest, s.costs, s.total].map((m) => toAmountString(m as Parameters<typeof toAmountString>[0]));

describe('simulateStream', () => {
  it('hands over exactly the events, messages and claims simulate returns, and counts them', () => {
    for (const seed of [1, 2]) {
      const whole = simulate(input(seed));
      const events: ClaimEvent[] = [];
      const messages: SimulatedMessage[] = [];
      const claims: SimulatedClaim[] = [];
      const counts = simulateStream(input(seed), { onEvent: (e) => events.push(e), onMessage: (m) => messages.push(m), onClaim: (c) => claims.push(c) });
      expect(counts).toEqual({ claims: 60, events: whole.events.length, messages: whole.messages.length, decisions: whole.decisions });
      // Same events; simulate orders them by date (stable), the stream by the day they were recorded.
      const key = (e: ClaimEvent): string => JSON.stringify(e);
      expect(events.map(key).sort()).toEqual(whole.events.map(key).sort());
      expect(messages.map((m) => m.messageId)).toEqual(whole.messages.map((m) => m.messageId));
      // Every claim exactly once.
      expect(claims.map((c) => c.id).sort()).toEqual(whole.claims.map((c) => c.id).sort());
      for (const c of claims) {
        const w = whole.claims.find((x) => x.id === c.id) as SimulatedClaim;
        expect(c.events).toEqual(w.events);
        expect(money(c.statement)).toEqual(money(w.statement));
      }
    }
  }, 60_000);

  it('simulate runs debtor after debtor, yet its timeline and messages are in the order of the whole book run day by day', () => {
    // simulate runs each debtor's claims to the end before the next debtor's; the stream runs the
    // book day by day. The result orders events by date, then claim (book order), then the order
    // they happened; messages as they went out: by day, then claim, then order of sending.
    const whole = simulate(input(3));
    const recorded: ClaimEvent[] = [];
    const sent: SimulatedMessage[] = [];
    simulateStream(input(3), { onEvent: (e) => recorded.push(e), onMessage: (m) => sent.push(m) });
    const claimIndex = new Map(input(3).claims.map((c, i) => [c.id, i]));
    const seq = new Map<ClaimEvent, number>();
    const perClaim = new Map<string, number>();
    for (const e of recorded) {
      const n = perClaim.get(e.claimId) ?? 0;
      perClaim.set(e.claimId, n + 1);
      seq.set(e, n);
    }
    const expected = [...recorded].sort((a, b) =>
      a.date < b.date ? -1 : a.date > b.date ? 1 : (claimIndex.get(a.claimId) as number) - (claimIndex.get(b.claimId) as number) || (seq.get(a) as number) - (seq.get(b) as number),
    );
    expect(whole.events.map((e) => JSON.stringify(e))).toEqual(expected.map((e) => JSON.stringify(e)));
    // The stream hands messages over day by day, on a day in book order: the order simulate keeps.
    const plain = (m: SimulatedMessage): string => JSON.stringify({ ...m, statement: undefined, totals: money(m.totals) });
    expect(whole.messages.map(plain)).toEqual(sent.map(plain));
    expect(whole.messages.length).toBeGreaterThan(20);
    // Debtors with two claims are in the book, and both of their claims sent messages.
    const debtorsWithMessages = new Map<string, Set<string>>();
    for (const m of whole.messages) {
      const debtor = (input(3).claims[claimIndex.get(m.claimId) as number] as ClaimFacts).debtor.id;
      debtorsWithMessages.set(debtor, (debtorsWithMessages.get(debtor) ?? new Set()).add(m.claimId));
    }
    expect([...debtorsWithMessages.values()].some((claims) => claims.size === 2)).toBe(true);
  }, 60_000);

  it('simulate reports progress in days, never backwards, ending with every day done', () => {
    const seen: [number, number][] = [];
    simulate({ ...input(6), onProgress: (done, total) => seen.push([done, total]) });
    // 2025-01-01 … 2025-09-30: 273 days.
    expect(seen.every(([, total]) => total === 273)).toBe(true);
    expect(seen.every(([done], k) => k === 0 || done > (seen[k - 1] as [number, number])[0])).toBe(true);
    expect(seen[seen.length - 1]).toEqual([273, 273]);
  }, 60_000);

  it('a claim is handed over as soon as nothing more can happen to it: settled claims before the run ends, with their final statement', () => {
    let lastEventDay = '';
    const early: SimulatedClaim[] = [];
    simulateStream(input(4), {
      onEvent: (e) => {
        if (e.date > lastEventDay) lastEventDay = e.date;
      },
      onClaim: (c) => {
        // Handed over while the run is still recording events of later days.
        if (c.status === 'settled') early.push(c);
        expect(c.events.every((e) => e.date <= lastEventDay || e.type === 'claim-created')).toBe(true);
      },
    });
    expect(early.length).toBeGreaterThan(0);
    for (const c of early) {
      // The final statement as of the last day is the one its ledger gives (§ 362 BGB: nothing left).
      expect(money(c.statement)).toEqual(money(statement(project(c.events), '2025-09-30')));
      expect(toAmountString(c.statement.total)).toBe('0.00');
    }
  }, 60_000);

  it("a message's totals are its statement's totals on the day it went out; the statement is computed when read", () => {
    const result = simulate(input(5));
    expect(result.messages.length).toBeGreaterThan(20);
    for (const m of result.messages) {
      const claim = result.claims.find((c) => c.id === m.claimId) as SimulatedClaim;
      // The ledger as it stood when the message was queued: up to its message-queued event.
      const at = claim.events.findIndex((e) => e.type === 'message-queued' && e.messageId === m.messageId);
      const expected = statement(project(claim.events.slice(0, at + 1)), m.date);
      expect(money(m.totals)).toEqual(money(expected));
      expect(money(m.statement)).toEqual(money(expected));
      expect(m.statement.lines.length).toBe(expected.lines.length);
    }
  }, 60_000);
});
