import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  canonicalJson,
  money,
  simulate,
  simulateStream,
  type ClaimEvent,
  type ClaimFacts,
  type IsoDate,
  type ScriptedActionInput,
  type SimulatedClaim,
  type SimulatedMessage,
  type SimulationInput,
} from '../../src/index.js';
import { createCompactCodec, decodeEvents, decodeMessages, encodeClaim, exactOfScaled, replaceVariables } from '../../src/simulate/compact.js';
import { scaledToMoney } from '../../src/money/scaled.js';
import { codecFacts } from './codec-fixtures.js';

// Issue 7, point 5: the result of `simulate` holds each finished claim in a compact form and decodes
// it when read. The specification: what a reader sees is exactly what the run recorded — every
// claim's events deep-equal (same keys in the same order, same values, same prototype) to the
// events the engine handed to `simulateStream`, with the same canonical JSON (the audit chain hashes
// it) and the same JSON; the timeline in the same order; every message with the same fields,
// totals and statement; every final statement the same.

const START: IsoDate = '2025-01-01';

function cents(n: number): string {
  const digits = String(n).padStart(3, '0');
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

// Notes as debtors and clerks write them: umlauts and €, a dash, an ellipsis (outside Latin-1), a
// control character, one long enough to be a text that names the claim and an amount.
const noteArb = fc.constantFrom(undefined, 'Kunde bestreitet die Lieferung', 'Rückruf – Zahlung über 50,00 € zugesagt …', 'tab\there', 'x');

type ActionSpec =
  | { type: 'pay'; day: number; permille: number }
  | { type: 'pay-in-full'; day: number }
  | { type: 'dispute'; day: number; resolveAfter: number | null; note: string | undefined }
  | { type: 'hold'; day: number; until: number | null; liftAfter: number | null; note: string | undefined }
  | { type: 'installment-plan'; day: number; count: number; pays: number }
  | { type: 'promise'; day: number; permille: number; within: number };

const actionArb: fc.Arbitrary<ActionSpec> = fc.oneof(
  fc.record({ type: fc.constant('pay' as const), day: fc.integer({ min: 0, max: 300 }), permille: fc.integer({ min: 1, max: 1_300 }) }),
  fc.record({ type: fc.constant('pay-in-full' as const), day: fc.integer({ min: 1, max: 300 }) }),
  fc.record({ type: fc.constant('dispute' as const), day: fc.integer({ min: 0, max: 200 }), resolveAfter: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }), note: noteArb }),
  fc.record({
    type: fc.constant('hold' as const),
    day: fc.integer({ min: 0, max: 200 }),
    until: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }),
    liftAfter: fc.option(fc.integer({ min: 0, max: 50 }), { nil: null }),
    note: noteArb,
  }),
  fc.record({ type: fc.constant('installment-plan' as const), day: fc.integer({ min: 0, max: 150 }), count: fc.integer({ min: 1, max: 4 }), pays: fc.integer({ min: 0, max: 4 }) }),
  fc.record({ type: fc.constant('promise' as const), day: fc.integer({ min: 0, max: 200 }), permille: fc.integer({ min: 1, max: 1_000 }), within: fc.integer({ min: 0, max: 30 }) }),
);

const bookArb = fc.record({
  claims: fc.array(
    fc.record({
      business: fc.boolean(),
      debtor: fc.integer({ min: 0, max: 2 }),
      principalCents: fc.integer({ min: 1, max: 2_000_000 }),
      // "1200" as well as "1200.00": the claim-created event then holds the normalised principal, not the facts as given.
      wholeEuros: fc.boolean(),
      invoiceDay: fc.integer({ min: 0, max: 200 }),
      dueAfter: fc.integer({ min: 0, max: 45 }),
      currency: fc.constantFrom('EUR', 'EUR', 'CHF'),
      actions: fc.array(actionArb, { maxLength: 4 }),
    }),
    { minLength: 1, maxLength: 5 },
  ),
  // Short ids ("C1", not a template variable) and long ones ("RE-2025-00001", which every id and text contains).
  longIds: fc.boolean(),
  model: fc.option(fc.constantFrom({ payAfterMessage: 0.4, partialShare: 0.5, disputeAfterMessage: 0.1, payWithinDays: [2, 12] as [number, number] }), { nil: undefined }),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
});

function toInput(spec: typeof bookArb extends fc.Arbitrary<infer T> ? T : never): SimulationInput {
  const claims: ClaimFacts[] = [];
  const script: ScriptedActionInput[] = [];
  spec.claims.forEach((c, i) => {
    const id = spec.longIds ? `RE-2025-${String(i + 1).padStart(5, '0')}` : `C${i + 1}`;
    const invoiceDate = addDays(START, c.invoiceDay);
    const principalCents = c.wholeEuros ? Math.max(100, c.principalCents - (c.principalCents % 100)) : c.principalCents;
    claims.push({
      id,
      debtor: { id: `D-${c.business ? 'b' : 'c'}-${c.debtor}`, kind: c.business ? 'business' : 'consumer', name: `Schuldner ${c.debtor} GmbH & Co. KG`, email: `d${c.debtor}@example.org` },
      principal: c.wholeEuros ? String(principalCents / 100) : cents(principalCents),
      currency: c.currency,
      invoiceDate,
      dueDate: addDays(invoiceDate, c.dueAfter),
      invoicePointedOut30DayRule: true,
      reference: `Rechnung ${id}`,
    });
    const days = new Set<string>();
    for (const a of c.actions) {
      const date = addDays(invoiceDate, a.day);
      // Two disputes or two holds of one claim on one day are refused as one record: keep one.
      if (a.type === 'dispute' || a.type === 'hold') {
        if (days.has(`${a.type}:${date}`)) continue;
        days.add(`${a.type}:${date}`);
      }
      switch (a.type) {
        case 'pay':
          script.push({ type: 'pay', claimId: id, date, amount: cents(Math.max(1, Math.floor((principalCents * a.permille) / 1000))) });
          break;
        case 'pay-in-full':
          script.push({ type: 'pay-in-full', claimId: id, date });
          break;
        case 'dispute':
          script.push({ type: 'dispute', claimId: id, date, ...(a.note === undefined ? {} : { note: a.note }) });
          if (a.resolveAfter !== null) script.push({ type: 'resolve-dispute', claimId: id, date: addDays(date, a.resolveAfter) });
          break;
        case 'hold':
          script.push({ type: 'hold', claimId: id, date, ...(a.note === undefined ? {} : { note: a.note }), ...(a.until === null ? {} : { until: addDays(date, a.until) }) });
          if (a.liftAfter !== null) script.push({ type: 'lift-hold', claimId: id, date: addDays(date, a.liftAfter) });
          break;
        case 'installment-plan': {
          const part = Math.max(1, Math.floor(principalCents / a.count));
          const installments = Array.from({ length: a.count }, (_, k) => ({
            dueDate: addDays(date, 14 * (k + 1)),
            amount: cents(k === a.count - 1 ? Math.max(1, principalCents - part * (a.count - 1)) : part),
          }));
          script.push({ type: 'installment-plan', claimId: id, date, installments, paysInstallments: Math.min(a.pays, a.count) });
          break;
        }
        case 'promise':
          script.push({ type: 'promise', claimId: id, date, amount: cents(Math.max(1, Math.floor((principalCents * a.permille) / 1000))), by: addDays(date, a.within) });
          break;
      }
    }
  });
  return {
    claims,
    policy: 'auto',
    from: START,
    to: '2025-12-31',
    behaviour: { script, ...(spec.model === undefined ? {} : { model: spec.model }) },
    seed: spec.seed,
    statement: { allowBeyondKnownBaseRate: true },
  };
}

/** The run as `simulateStream` hands it over: the events, messages and claims as the engine made them. */
function recorded(input: SimulationInput): { events: { event: ClaimEvent; claim: number; seq: number }[]; messages: SimulatedMessage[]; claims: Map<string, SimulatedClaim> } {
  const index = new Map(input.claims.map((c, i) => [c.id, i]));
  const events: { event: ClaimEvent; claim: number; seq: number }[] = [];
  const messages: SimulatedMessage[] = [];
  const claims = new Map<string, SimulatedClaim>();
  simulateStream(input, {
    onEvent: (event) => events.push({ event, claim: index.get(event.claimId) as number, seq: events.length }),
    onMessage: (m) => messages.push(m),
    onClaim: (c) => claims.set(c.id, c),
  });
  return { events, messages, claims };
}

const withoutStatement = (m: SimulatedMessage): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(m)) if (k !== 'statement') out[k] = (m as unknown as Record<string, unknown>)[k];
  return out;
};

describe('the lean result of simulate reads as the run recorded it (issue 7, point 5)', () => {
  it('random books: every event deep-equal with the same canonical JSON (the audit chain’s hash input) and the same JSON, the timeline in the same order, messages and statements the same', () => {
    fc.assert(
      fc.property(bookArb, (spec) => {
        const input = toInput(spec);
        const raw = recorded(input);
        const result = simulate(input);
        expect(result.claims.map((c) => c.id)).toEqual(input.claims.map((c) => c.id));
        for (const claim of result.claims) {
          const original = raw.claims.get(claim.id) as SimulatedClaim;
          expect(Object.keys(claim)).toEqual(['id', 'facts', 'status', 'stage', 'statement', 'events']);
          expect(claim.facts).toBe(original.facts);
          expect([claim.status, claim.stage]).toEqual([original.status, original.stage]);
          const events = claim.events;
          expect(events).toStrictEqual(original.events);
          events.forEach((e, k) => {
            expect(canonicalJson(e)).toBe(canonicalJson(original.events[k]));
            expect(JSON.stringify(e)).toBe(JSON.stringify(original.events[k]));
          });
          expect(claim.statement).toEqual(original.statement);
        }
        // The timeline: by date, then claim order, then the order the events happened (a stable sort of the stream).
        const timeline = [...raw.events].sort((a, b) => (a.event.date < b.event.date ? -1 : a.event.date > b.event.date ? 1 : a.claim - b.claim || a.seq - b.seq));
        expect(result.events).toStrictEqual(timeline.map((t) => t.event));
        expect(result.events).toBe(result.events); // decoded once, then kept
        expect(result.messages.length).toBe(raw.messages.length);
        result.messages.forEach((m, k) => {
          const original = raw.messages[k] as SimulatedMessage;
          expect(Object.keys(m)).toEqual(Object.keys(original));
          expect(withoutStatement(m)).toStrictEqual(withoutStatement(original));
          expect(m.statement).toEqual(original.statement);
        });
      }),
      { numRuns: 40 },
    );
  }, 300_000);
});

describe('compact codec: events and messages read back exactly', () => {
  const facts: ClaimFacts = codecFacts;
  const created: ClaimEvent = { type: 'claim-created', claimId: facts.id, date: '2025-01-08', claim: { ...facts }, reason: { rule: 'command.create-claim', text: `Claim ${facts.id} over 1042.80 EUR, due 2025-01-22.` } };

  it('values a generic reader must keep: undefined-valued keys, -0, NaN, fractions, negative numbers, nested arrays, a non-Latin-1 text, control characters, a non-plain object (by reference)', () => {
    const codec = createCompactCodec();
    const m = money('12.50', 'EUR');
    const odd = {
      type: 'adjustment',
      claimId: facts.id,
      date: '2025-03-01',
      kind: 'credit-note',
      amount: '-0.00',
      note: undefined,
      reason: {
        rule: 'x',
        text: 'Gutschrift für RE-2025-00042 – 12,50 € … vom 2025-03-01, Betrag -0.00',
        inputs: { a: -0, b: Number.NaN, c: 1.5, d: -3, e: 2 ** 40, f: null, g: true, h: 'tab\there', i: '\u0001', j: '' },
      },
      extra: [[1, [2, 'RE-2025-00042']], [], [{ k: undefined }]],
      money: m,
    } as unknown as ClaimEvent;
    const code = encodeClaim(codec, facts, [created, odd], []);
    const back = decodeEvents(codec, facts, code);
    expect(back).toStrictEqual([created, odd]);
    expect(Object.is((back[1] as unknown as { reason: { inputs: { a: number } } }).reason.inputs.a, -0)).toBe(true);
    expect((back[1] as unknown as { money: unknown }).money).toBe(m);
    expect(canonicalJson(back[0])).toBe(canonicalJson(created));
    // The facts as given are held once: the claim-created event refers to them.
    expect((back[0] as Extract<ClaimEvent, { type: 'claim-created' }>).claim).toBe(facts);
  });

  it('the scan that finds a text\'s dates and decimals finds what the regex /\\d{4}-\\d{2}-\\d{2}|\\d+\\.\\d+/g finds (overlapping near misses, digit runs, dots, dashes)', () => {
    // The specification is the regex (String.prototype.replace with a global regex): same text
    // with every match replaced by U+0001, the matches in order.
    const byRegex = (text: string): { template: string; parts: string[] } => {
      const parts: string[] = [];
      const template = text.replace(/\d{4}-\d{2}-\d{2}|\d+\.\d+/g, (m) => {
        parts.push(m);
        return '\u0001';
      });
      return { template, parts };
    };
    const piece = fc.constantFrom('0', '1', '9', '12', '2025', '12025', '-', '.', '..', '-01', '2025-03-29', '2025-3-29', '2025-03-2', '1.5', '0.90', '12.', '.5', ' ', 'a', 'ü', '\u0001');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 14 }), (pieces) => {
        const text = pieces.join('');
        const parts: string[] = [];
        const template = replaceVariables(text, parts);
        expect({ template, parts }).toStrictEqual(byRegex(text));
      }),
      { numRuns: 3000 },
    );
    // By hand: a date wins over a decimal at the same place; after a match the scan goes on at its end.
    const parts: string[] = [];
    expect(replaceVariables('12025-01-011 x 1.5.7 2025-01-01.5', parts)).toBe('1\u00011 x \u0001.7 \u0001.5');
    expect(parts).toStrictEqual(['2025-01-01', '1.5', '2025-01-01']);
  });

  it('texts that differ only in the claim id, dates and amounts share one template in the run’s table; the claims’ codes hold the rest', () => {
    const codec = createCompactCodec();
    const text = (id: string, due: IsoDate, amount: string): string => `Stage reminder (Zahlungserinnerung) starts: due date ${due} + 7 days; open ${amount} on ${id}.`;
    const stage = (f: ClaimFacts): ClaimEvent => ({
      claimId: f.id,
      date: addDays(f.dueDate, 7),
      reason: { rule: 'stage:reminder', text: text(f.id, f.dueDate, f.principal), inputs: { openBalance: f.principal } },
      policy: 'de-b2c-default@3',
      type: 'stage-entered',
      stage: 'reminder',
      stageIndex: 0,
    });
    const other: ClaimFacts = { ...facts, id: 'RE-2025-00043', principal: '99.99', dueDate: '2025-02-03' };
    const a = encodeClaim(codec, facts, [stage(facts)], []);
    const b = encodeClaim(codec, other, [stage(other)], []);
    expect(decodeEvents(codec, facts, a)).toStrictEqual([stage(facts)]);
    expect(decodeEvents(codec, other, b)).toStrictEqual([stage(other)]);
    const strings = codec.values.filter((v): v is string => typeof v === 'string');
    expect(strings.filter((s) => s.includes('(Zahlungserinnerung) starts: due date'))).toHaveLength(1);
    expect(strings.some((s) => s.includes('RE-2025'))).toBe(false);
  });

  it('any string reads back as it was: amounts, dates, decimals, the claim id (also twice, also overlapping itself), control characters, short and long', () => {
    // Pieces that exercise every path of the string encoder: an amount inline (-?digits(.digits)?),
    // a template with the claim id and with dates and decimals left out, a long text, a control
    // character (written as it is), and near misses (1.2.3, 2025-1-01, -.5, 12., a lone '-').
    const id = 'AB-AB-AB';
    const f: ClaimFacts = { ...facts, id };
    const piece = fc.constantFrom(id, 'AB-', '-AB', '2025-03-29', '12025-01-011', '2025-1-01', '1.5', '0.90', '-0', '-12.30', '1.2.3', '12.', '-.5', '.', '-', '7', ':msg:', ' ', 'ü€', '\u0001', '\u0002', '\t', 'x'.repeat(30));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), fc.array(piece, { maxLength: 3 }), (a, b) => {
        const codec = createCompactCodec();
        const one = a.join('');
        const two = b.join('');
        const event = { type: 'x', claimId: id, date: '2025-01-01', one, two, list: [one, two, one] } as unknown as ClaimEvent;
        // Twice in one codec: the second time from what the first remembered.
        const first = encodeClaim(codec, f, [event], []);
        const second = encodeClaim(codec, f, [event], []);
        expect(second).toBe(first);
        expect(decodeEvents(codec, f, first)).toStrictEqual([event]);
      }),
      { numRuns: 500 },
    );
  });

  it('claims one after another in one codec: a string read back as it was whatever the claim before held (ids that contain each other, an id with a control character, a string repeated in a claim)', () => {
    // What the encoder remembers about one claim's strings (their splits with that claim's id
    // left out) must not carry over to the next claim: 'ZZ-12:m' holds the id 'ZZ-12' of one claim
    // and the id 'ZZ-1' of another, at different places.
    const ids = ['ZZ-12', 'ZZ-1', 'ZZ-12-ZZ-1', 'ZZ\u00011'];
    const piece = fc.constantFrom(...ids, 'ZZ-', '2', ':m', '2025-03-29', '0.90', '\u0001', '\u0002', ' ', 'x'.repeat(30));
    const text = fc.array(piece, { maxLength: 6 }).map((p) => p.join(''));
    fc.assert(
      fc.property(fc.array(fc.record({ id: fc.constantFrom(...ids), strings: fc.array(text, { maxLength: 4 }) }), { minLength: 1, maxLength: 4 }), (claims) => {
        const codec = createCompactCodec();
        const encoded = claims.map(({ id, strings }) => {
          const f: ClaimFacts = { ...facts, id };
          // Each string twice in the claim: in an event and in its message.
          const events = [{ type: 'x', claimId: id, date: '2025-01-01', strings, again: [...strings].reverse() } as unknown as ClaimEvent];
          const fields = { claimId: id, messageId: strings[0] ?? id, strings };
          const totals = { currency: 'EUR', principal: '1', interest: '0', costs: '0', total: '1' };
          return { f, events, fields, code: encodeClaim(codec, f, events, [{ fields, upTo: 1, totals }]) };
        });
        for (const { f, events, fields, code } of encoded) {
          expect(decodeEvents(codec, f, code)).toStrictEqual(events);
          expect(decodeMessages(codec, f, code)[0]?.fields).toStrictEqual(fields);
        }
      }),
      {
        numRuns: 500,
        examples: [
          [
            [
              { id: 'ZZ-12', strings: ['ZZ-12:m'] },
              { id: 'ZZ-1', strings: ['ZZ-12:m'] },
            ],
          ],
        ],
      },
    );
  });

  it('strings that start with the claim id read back as they were when a claim has more of them than the encoder remembers per claim, each used several times, claim after claim', () => {
    const codec = createCompactCodec();
    const claim = (id: string, n: number) => {
      const f: ClaimFacts = { ...facts, id };
      const ids = Array.from({ length: n }, (_, k) => `${id}:msg:stage-${k % 7}:${k}`);
      // Each id three times, in another order each time, and one that is only the id and a digit (an amount rest).
      const events = [0, 1, 2].map((round) => ({ type: 'x', claimId: id, date: '2025-01-01', ids: round === 1 ? [...ids].reverse() : ids, short: `${id}7` }) as unknown as ClaimEvent);
      return { f, events, code: encodeClaim(codec, f, events, []) };
    };
    const claims = [claim('ZZ-12', 40), claim('ZZ-1', 3), claim('ZZ-12', 17), claim('ZZ-12-ZZ-1', 16)];
    for (const { f, events, code } of claims) expect(decodeEvents(codec, f, code)).toStrictEqual(events);
  });

  it('strings that start with the claim id (message ids, fee ids of one day) share the table’s entries: the template “claim id, then a value” and the rest', () => {
    const codec = createCompactCodec();
    const sent = (f: ClaimFacts): ClaimEvent =>
      ({ type: 'message-sent', claimId: f.id, date: '2025-02-05', messageId: `${f.id}:msg:reminder:1`, channel: 'email', feeId: `${f.id}:fee:collection-costs:2025-03-29:1` }) as unknown as ClaimEvent;
    const other: ClaimFacts = { ...facts, id: 'RE-2025-00043' };
    const a = encodeClaim(codec, facts, [sent(facts)], []);
    const b = encodeClaim(codec, other, [sent(other)], []);
    expect(decodeEvents(codec, facts, a)).toStrictEqual([sent(facts)]);
    expect(decodeEvents(codec, other, b)).toStrictEqual([sent(other)]);
    const strings = codec.values.filter((v): v is string => typeof v === 'string');
    expect(strings.filter((s) => s === '\u0002\u0001')).toHaveLength(1);
    expect(strings.filter((s) => s === ':msg:reminder:1')).toHaveLength(1);
    expect(strings.filter((s) => s === ':fee:collection-costs:2025-03-29:1')).toHaveLength(1);
    expect(strings.some((s) => s.includes('RE-2025'))).toBe(false);
  });

  it('messages keep their fields in order, the event count and totals as Money deep-equal to money() of the exact amounts given (a negative zero included)', () => {
    const codec = createCompactCodec();
    const totals = { currency: 'EUR', principal: '1042.8', interest: '3.66849315', costs: '-0', total: '1046.46849315' };
    const fields = { claimId: facts.id, messageId: `${facts.id}:msg:reminder:1`, date: '2025-01-29', stage: 'reminder', channel: 'email', template: 'reminder', deadline: '2025-02-12' };
    const code = encodeClaim(codec, facts, [created], [{ fields, upTo: 1, totals }]);
    const [m] = decodeMessages(codec, facts, code);
    expect(m?.fields).toStrictEqual(fields);
    expect(Object.keys(m?.fields ?? {})).toEqual(Object.keys(fields));
    expect(m?.upTo).toBe(1);
    expect(m?.totals).toStrictEqual({ principal: money('1042.80', 'EUR'), interest: money('3.66849315', 'EUR'), costs: money('-0', 'EUR'), total: money('1046.46849315', 'EUR') });
    expect(m?.totals.costs.amount.isNegative()).toBe(true);
  });

  it("a statement figure's exact amount from its integers is the text of the Money it makes (toFixed), and reads back to that Money", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: 14 }), (value, scale) => {
        const made = scaledToMoney(value, scale, 'EUR');
        const text = exactOfScaled(value, scale);
        expect(text).toBe(made.amount.toFixed());
        expect(money(text, 'EUR')).toStrictEqual(made);
      }),
      { numRuns: 2000 },
    );
    // By hand: trailing zeros and a bare point go, zero is '0'.
    expect(exactOfScaled(1042800n, 3)).toBe('1042.8');
    expect(exactOfScaled(-500n, 3)).toBe('-0.5');
    expect(exactOfScaled(0n, 8)).toBe('0');
    expect(exactOfScaled(120000n, 4)).toBe('12');
    expect(exactOfScaled(120n, 0)).toBe('120');
  });
});
