import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  allocateIncomingPayment,
  checkInvariants,
  decide,
  deB2bDefaultPolicy,
  deB2cDefaultPolicy,
  isRestDay,
  money,
  policySchema,
  project,
  statement,
  toAmountString,
  type ClaimEvent,
  type ClaimFacts,
  type ContactRecord,
  type IsoDate,
  type Policy,
} from '../../src/index.js';
import { created, facts } from './helpers.js';

/** Fees, SMS, two messages a stage, write-off: everything a guard must stop, validated by the schema only. */
const aggressive: Policy = policySchema.parse({
  id: 'aggressive',
  version: 3,
  name: 'aggressive (schema-valid, not lawful)',
  contactLimits: { maxMessages: 2, perDays: 7 },
  stages: [
    {
      id: 'sms-reminder',
      name: 'SMS',
      kind: 'reminder',
      trigger: { after: 'due-date', days: 1 },
      actions: [{ type: 'send', channel: 'sms', template: 'r' }, { type: 'charge-creditor-fee', amount: '1.50' }, { type: 'charge-flat-fee' }, { type: 'charge-collection-costs', case: 'auto' }],
    },
    {
      id: 'dunning-notice',
      name: 'Mahnung',
      kind: 'dunning-notice',
      trigger: { after: 'previous-stage', days: 2 },
      actions: [
        { type: 'send', channel: 'letter', template: 'd', fallbackChannel: 'email' },
        { type: 'send', channel: 'email', template: 'd' },
        { type: 'set-deadline', days: 7 },
        { type: 'charge-creditor-fee', amount: '2.50' },
        { type: 'charge-flat-fee' },
      ],
    },
    {
      id: 'handover',
      name: 'Inkasso',
      kind: 'handover',
      trigger: { after: 'previous-stage', days: 1 },
      actions: [{ type: 'charge-collection-costs', case: 'contested' }, { type: 'hand-over', to: 'collection-agency' }, { type: 'send', channel: 'whatsapp', template: 'h' }, { type: 'charge-flat-fee' }],
    },
    {
      id: 'again',
      name: 'Inkasso 2',
      kind: 'handover',
      trigger: { after: 'default', days: 0 },
      actions: [{ type: 'charge-collection-costs', case: 'auto' }, { type: 'send', channel: 'sms', template: 'h' }],
    },
    { id: 'court', name: 'Mahnbescheid', kind: 'court-dunning', trigger: { after: 'previous-stage', days: 3 }, actions: [{ type: 'file-court-dunning' }, { type: 'send', channel: 'letter', template: 'c' }] },
    { id: 'write-off', name: 'Ausbuchung', kind: 'write-off', trigger: { after: 'previous-stage', days: 20 }, actions: [{ type: 'write-off' }, { type: 'send', channel: 'email', template: 'w' }] },
  ],
});

describe('checkInvariants: each guard reports a broken stream', () => {
  const f = facts({ debtor: { kind: 'consumer', phone: '+4915112345678' } });
  const c = created(f);
  const base = { claimId: f.id };
  const fee = (date: IsoDate, kind: 'flat-fee' | 'collection-costs' | 'creditor-dunning-fee', amount: string): ClaimEvent => ({
    ...base,
    date,
    type: 'fee-charged',
    feeId: `${kind}:${date}`,
    kind,
    code: kind,
    amount,
    basis: 'x',
  });
  const guards = (events: ClaimEvent[]) => checkInvariants(events).map((r) => r.guard);

  it('guard.no-fee-before-default', () => {
    expect(guards([c, fee('2025-01-20', 'creditor-dunning-fee', '1.00')])).toEqual(['guard.no-fee-before-default']);
  });

  it('guard.flat-fee-business-only and guard.flat-fee-once', () => {
    const def: ClaimEvent = { ...base, date: '2025-01-17', type: 'default-began', basis: '§ 286 Abs. 2 Nr. 1 BGB', route: 'calendar-date' };
    expect(guards([c, def, fee('2025-01-20', 'flat-fee', '40.00'), fee('2025-01-21', 'flat-fee', '40.00')])).toEqual([
      'guard.flat-fee-business-only',
      'guard.flat-fee-business-only',
      'guard.flat-fee-once',
    ]);
  });

  it('guard.collection-costs-after-handover, guard.collection-costs-cap (1000 EUR, 2025-03-16: cap 95.04) and guard.collection-costs-once', () => {
    const def: ClaimEvent = { ...base, date: '2025-01-17', type: 'default-began', basis: '§ 286 Abs. 2 Nr. 1 BGB', route: 'calendar-date' };
    const handover: ClaimEvent = { ...base, date: '2025-03-16', type: 'handed-over', to: 'collection-agency' };
    expect(guards([c, def, fee('2025-03-16', 'collection-costs', '95.04')])).toEqual(['guard.collection-costs-after-handover']);
    expect(guards([c, def, handover, fee('2025-03-16', 'collection-costs', '95.04')])).toEqual([]);
    expect(guards([c, def, handover, fee('2025-03-16', 'collection-costs', '95.05')])).toEqual(['guard.collection-costs-cap']);
    expect(guards([c, def, handover, fee('2025-03-16', 'collection-costs', '50.00'), fee('2025-03-17', 'collection-costs', '10.00')])).toEqual(['guard.collection-costs-once']);
  });

  it('no escalation during a dispute, a hold, a kept plan, or after time-bar / settlement', () => {
    const stage = (date: IsoDate, id: string): ClaimEvent => ({ ...base, date, type: 'stage-entered', stage: id, stageIndex: 0 });
    expect(guards([c, { ...base, date: '2025-01-20', type: 'dispute-opened', disputeId: 'd' }, stage('2025-01-23', 'r')])).toEqual(['guard.no-escalation-during-dispute']);
    expect(guards([c, { ...base, date: '2025-01-20', type: 'hold-placed', holdId: 'h', note: 'n', until: '2025-01-30', interestRuns: true }, stage('2025-01-23', 'r')])).toEqual([
      'guard.no-escalation-during-hold',
    ]);
    // the hold's `until` has passed: no violation even before the expiry event
    expect(guards([c, { ...base, date: '2025-01-20', type: 'hold-placed', holdId: 'h', note: 'n', until: '2025-01-22', interestRuns: true }, stage('2025-01-23', 'r')])).toEqual([]);
    expect(
      guards([c, { ...base, date: '2025-01-20', type: 'installment-plan-agreed', planId: 'p', installments: [{ dueDate: '2025-02-01', amount: '1000.00' }] }, stage('2025-01-23', 'r')]),
    ).toEqual(['guard.no-escalation-during-installment-plan']);
    expect(guards([c, { ...base, date: '2025-01-01', type: 'time-barred', expiredOn: '2024-12-31' }, stage('2025-01-23', 'r')])).toEqual(['guard.no-dunning-when-time-barred']);
    expect(guards([c, { ...base, date: '2025-01-20', type: 'settled' }, stage('2025-01-23', 'r')])).toEqual(['guard.no-dunning-when-closed']);
  });

  it('guard.one-stage-per-day, guard.no-sms-on-sundays-and-holidays, guard.contact-limit across two claims of one debtor', () => {
    const msg = (claimId: string, date: IsoDate, channel: string, id: string): ClaimEvent => ({ claimId, date, type: 'message-queued', messageId: id, stage: 's', channel, template: 't' });
    const s = (date: IsoDate, id: string): ClaimEvent => ({ ...base, date, type: 'stage-entered', stage: id, stageIndex: 0 });
    expect(guards([c, s('2025-01-23', 'a'), s('2025-01-23', 'b')])).toEqual(['guard.one-stage-per-day']);
    expect(guards([c, msg(f.id, '2025-01-19', 'sms', 'm1')])).toEqual(['guard.no-sms-on-sundays-and-holidays']);
    const g = facts({ id: 'INV-2' });
    const events = [c, created(g), msg(f.id, '2025-01-20', 'email', 'a'), msg('INV-2', '2025-01-22', 'email', 'b'), msg(f.id, '2025-01-26', 'letter', 'c'), msg('INV-2', '2025-01-27', 'email', 'd')];
    const reports = checkInvariants(events);
    // 01-26: window 01-20..01-26 holds a, b, c → third message; 01-27: window 01-21..01-27 holds b, c, d
    expect(reports.map((r) => [r.guard, r.index])).toEqual([
      ['guard.contact-limit', 4],
      ['guard.contact-limit', 5],
    ]);
  });
});

// ---- properties --------------------------------------------------------------------------------

type Behaviour =
  | { kind: 'none' }
  | { kind: 'pay'; percent: number }
  | { kind: 'dispute' }
  | { kind: 'resolve' }
  | { kind: 'hold'; days: number | null; interestRuns: boolean }
  | { kind: 'lift' }
  | { kind: 'plan'; count: number }
  | { kind: 'promise' };

const behaviourArb: fc.Arbitrary<Behaviour> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 100 }).map((percent) => ({ kind: 'pay' as const, percent })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'dispute' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'resolve' as const }) },
  { weight: 1, arbitrary: fc.record({ days: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }), interestRuns: fc.boolean() }).map((h) => ({ kind: 'hold' as const, ...h })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'lift' as const }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 4 }).map((count) => ({ kind: 'plan' as const, count })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'promise' as const }) },
);

interface ClaimSpec {
  kind: 'consumer' | 'business';
  cents: number;
  invoiceOffset: number;
  dueOffset: number;
  calendar: boolean;
  claimKind: 'entgelt' | 'other';
  state: 'BY' | 'BE' | 'NW' | undefined;
  policy: 'builtin' | 'aggressive';
}

const claimArb: fc.Arbitrary<ClaimSpec> = fc.record({
  kind: fc.constantFrom('consumer' as const, 'business' as const),
  cents: fc.integer({ min: 1_000, max: 5_000_000 }),
  invoiceOffset: fc.integer({ min: 0, max: 600 }),
  dueOffset: fc.integer({ min: 0, max: 30 }),
  calendar: fc.boolean(),
  claimKind: fc.constantFrom('entgelt' as const, 'other' as const),
  state: fc.constantFrom(undefined, 'BY' as const, 'BE' as const, 'NW' as const),
  policy: fc.constantFrom('builtin' as const, 'aggressive' as const),
});

const scheduleArb = fc.array(
  fc.record({ gap: fc.integer({ min: 0, max: 25 }), behaviour: behaviourArb, send: fc.boolean() }),
  { minLength: 3, maxLength: 22 },
);

function makeFacts(c: ClaimSpec, id = 'C-1', debtorId = 'D-1'): ClaimFacts {
  const invoiceDate = addDays('2023-01-02', c.invoiceOffset);
  const cents = String(c.cents).padStart(3, '0');
  return {
    ...facts({
      id,
      principal: `${cents.slice(0, -2)}.${cents.slice(-2)}`,
      invoiceDate,
      dueDate: addDays(invoiceDate, c.dueOffset),
      dueDateIsCalendarDate: c.calendar,
      claimKind: c.claimKind,
      debtor: { id: debtorId, kind: c.kind, phone: '+4915112345678', ...(c.state === undefined ? {} : { state: c.state }) },
    }),
  };
}

function policyOf(c: ClaimSpec): Policy {
  if (c.policy === 'aggressive') return aggressive;
  return c.kind === 'consumer' ? deB2cDefaultPolicy : deB2bDefaultPolicy;
}

/** What the host records before the day's decision. */
function hostEvents(events: readonly ClaimEvent[], b: Behaviour, day: IsoDate, n: number): ClaimEvent[] {
  const state = project(events);
  const id = state.facts.id;
  switch (b.kind) {
    case 'pay': {
      const total = statement(state, day).total;
      if (!total.amount.greaterThan(0)) return [];
      const amount = money(total.amount.times(b.percent).dividedBy(100).toDecimalPlaces(2, 1), total.currency);
      if (!amount.amount.greaterThan(0)) return [];
      return [allocateIncomingPayment(state, { paymentId: `p${n}`, amount, date: day })];
    }
    case 'dispute':
      return state.disputes.some((d) => d.resolvedOn === undefined) ? [] : [{ claimId: id, date: day, type: 'dispute-opened', disputeId: `d${n}` }];
    case 'resolve': {
      const open = state.disputes.find((d) => d.resolvedOn === undefined);
      return open === undefined ? [] : [{ claimId: id, date: day, type: 'dispute-resolved', disputeId: open.disputeId, outcome: 'creditor-right' }];
    }
    case 'hold':
      return [{ claimId: id, date: day, type: 'hold-placed', holdId: `h${n}`, note: 'n', ...(b.days === null ? {} : { until: addDays(day, b.days) }), interestRuns: b.interestRuns }];
    case 'lift': {
      const h = state.holds.find((x) => x.liftedOn === undefined);
      return h === undefined ? [] : [{ claimId: id, date: day, type: 'hold-lifted', holdId: h.holdId, expired: false }];
    }
    case 'plan': {
      const total = statement(state, day).total;
      if (!total.amount.greaterThan(b.count)) return [];
      const part = toAmountString(money(total.amount.dividedBy(b.count).toDecimalPlaces(2, 0), total.currency));
      return [
        {
          claimId: id,
          date: day,
          type: 'installment-plan-agreed',
          planId: `plan${n}`,
          installments: Array.from({ length: b.count }, (_, i) => ({ dueDate: addDays(day, 14 + 30 * i), amount: part })),
        },
      ];
    }
    case 'promise':
      return [{ claimId: id, date: day, type: 'promise-to-pay', amount: '10.00', by: addDays(day, 10) }];
    default:
      return [];
  }
}

function sentFor(events: readonly ClaimEvent[], queued: readonly ClaimEvent[], day: IsoDate, send: boolean): ClaimEvent[] {
  if (!send) return [];
  const state = project(events);
  return queued
    .filter((e): e is Extract<ClaimEvent, { type: 'message-queued' }> => e.type === 'message-queued')
    .filter((e) => !(['sms', 'whatsapp'].includes(e.channel) && isRestDay(day, state.facts.debtor.state)))
    .map((e) => ({ claimId: e.claimId, date: day, type: 'message-sent' as const, messageId: e.messageId, channel: e.channel }));
}

describe('decide: properties over random claims, policies, debtor behaviour and decision days', () => {
  it('decide is idempotent, answers a review day after today, and no event stream it writes breaks a guard', () => {
    fc.assert(
      fc.property(claimArb, scheduleArb, (c, schedule) => {
        const policy = policyOf(c);
        const f = makeFacts(c);
        const events: ClaimEvent[] = [created(f)];
        let day = f.invoiceDate;
        let pending: ClaimEvent[] = [];
        schedule.forEach((step, n) => {
          day = addDays(day, step.gap);
          events.push(...sentFor(events, pending, day, step.send));
          events.push(...hostEvents(events, step.behaviour, day, n));
          const d = decide(project(events), policy, day);
          events.push(...d.events);
          pending = [...d.events];
          if (d.nextReviewAt !== null) expect(d.nextReviewAt > day).toBe(true);
          const again = decide(project(events), policy, day);
          expect(again.events).toEqual([]);
        });
        expect(checkInvariants(events, policy)).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('two claims of one debtor share the contact limit: their merged streams never break a guard', () => {
    fc.assert(
      fc.property(claimArb, fc.integer({ min: 0, max: 10 }), scheduleArb, (c, shift, schedule) => {
        const policy = policyOf(c);
        const a = makeFacts(c, 'A');
        const b = { ...makeFacts({ ...c, invoiceOffset: c.invoiceOffset + shift }, 'B') };
        const streams: Record<string, ClaimEvent[]> = { A: [created(a)], B: [created(b)] };
        let day = b.invoiceDate;
        for (const step of schedule) {
          day = addDays(day, step.gap);
          for (const id of ['A', 'B'] as const) {
            const other = id === 'A' ? 'B' : 'A';
            const contacts: ContactRecord[] = (streams[other] ?? [])
              .filter((e): e is Extract<ClaimEvent, { type: 'message-queued' }> => e.type === 'message-queued')
              .map((e) => ({ date: e.date, channel: e.channel, claimId: other }));
            const own = streams[id] as ClaimEvent[];
            const d = decide(project(own), policy, day, { recentContacts: contacts });
            own.push(...d.events, ...sentFor(own, d.events, day, step.send));
          }
        }
        expect(checkInvariants([...(streams['A'] ?? []), ...(streams['B'] ?? [])], policy)).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });
});
