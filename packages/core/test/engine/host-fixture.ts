// The hosts of the engine specs that drive createMahnwerk (the host API, the daily run and its dispatch)
// over the test memory store on a day clock, so a change to how such a host is wired is made once:
//
// - the delivery specs' host (a Mahnung by e-mail with a letter fallback, reports of non-delivery,
//   letters that are never sent): a 500.00 EUR consumer claim, the three-stage policy (also the policy
//   of the letter-only specs), an e-mail and a letter channel that record every call and answer by a
//   script (`deliveryHost` and its parts);
// - the host of the specs on the automatic policy from 2025-01-02 (amend and correct a claim's facts,
//   the agency hand-over, the render check): channels that deliver everything and keep it, the
//   renderer's inputs kept if asked (`sendingHost`, `renderingHost`, `runDays`);
// - the letter-only host whose payment provider cannot make the Mahnung's payment link before a given
//   day, so its send is put off (`letterHost`);
// - the host of the specs on the built-in policies from 2025-06-02 (the automatic policy over e-mail and
//   letter channels that fail as a spec says, or `accepting` ones; each day run once): `autoHost`, `channel`;
// - the default-by-Mahnung specs' run (one 1,000.00 EUR claim by letter, the renderer's inputs kept per
//   template): `noticePolicy`, `noticeRun`.
// - the run-day specs' claim (a 1,000.00 EUR consumer claim by letter): `runDayClaim`;
// - the SMS specs' host (quiet hours and the Sunday/holiday rest of § 7 Abs. 1 UWG): a 300.00 EUR consumer
//   claim with a phone number, a one-stage SMS reminder policy, a recording SMS channel, a Berlin clock
//   (`smsClaim`, `smsReminderPolicy`, `smsChannel`, `berlinClock`, `smsHost`).
//
// Dates the delivery host fixes (each spec writes out the ones it checks): invoice Thu 2025-01-02, due Thu
// 2025-01-16, not agreed as a calendar date (§ 286 Abs. 2 Nr. 1 BGB does not apply; default begins with
// the receipt of a Mahnung, § 286 Abs. 1 BGB); the clock reads 10:00 (+01:00) unless a spec moves it.
import {
  addDays,
  createMahnwerk,
  createPlainTextRenderer,
  MahnwerkError,
  renderPlainText,
  zonedClock,
  type BlockedReason,
  type Channel,
  type ChannelCapabilities,
  type ClaimEvent,
  type ClaimFactsInput,
  type Clock,
  type IsoDate,
  type MahnungDefault,
  type Mahnwerk,
  type MahnwerkOptions,
  type OutgoingMessage,
  type PaymentProvider,
  type PolicyInput,
  type RenderInput,
  type Renderer,
} from '../../src/index.js';
import { memoryStore, type TestStore } from './memory-store.js';

/** Options of {@link deliveryPolicy}. */
export interface DeliveryPolicyOptions {
  readonly id: string;
  readonly name: string;
  /** The Mahnung's message: by e-mail with a letter fallback (default), by letter only, or by e-mail only (no fallback). */
  readonly mahnung?: 'email-then-letter' | 'letter' | 'email';
  /** The final notice's messages, in order (default: one letter). */
  readonly finalSends?: readonly ('email' | 'letter')[];
  /** The final notice's creditor dunning fee (`charge-creditor-fee`); none when left out. */
  readonly finalFee?: string;
  /** The policy's version (default 1). */
  readonly version?: number;
  /** The policy's `mahnungDefault`; left out when not given (the policy's default). */
  readonly mahnungDefault?: 'on-receipt' | 'after-deadline';
  /** The Mahnung's `set-deadline` days (default 14). */
  readonly mahnungDays?: number;
  /** Whether the final notice is marked `final` (default true). */
  readonly final?: boolean;
}

/**
 * The three-stage policy of the delivery specs: reminder by letter 7 days after the due date; Mahnung
 * 14 days after the reminder with a 14-day deadline (or `mahnungDays`); final notice (a final stage
 * unless `final: false`) 7 days after the Mahnung — never on or before the Mahnung's deadline — with a
 * 7-day deadline and, if given, a creditor fee.
 */
export function deliveryPolicy(options: DeliveryPolicyOptions): PolicyInput {
  const mahnung = options.mahnung === 'letter'
    ? { type: 'send' as const, channel: 'letter', template: 'dunning-notice' }
    : options.mahnung === 'email'
      ? { type: 'send' as const, channel: 'email', template: 'dunning-notice' }
      : { type: 'send' as const, channel: 'email', template: 'dunning-notice', fallbackChannel: 'letter' };
  const finalSends = (options.finalSends ?? ['letter']).map((channel) => ({ type: 'send' as const, channel, template: 'final-notice' }));
  const fee = options.finalFee === undefined ? [] : [{ type: 'charge-creditor-fee' as const, amount: options.finalFee }];
  return {
    id: options.id,
    version: options.version ?? 1,
    name: options.name,
    ...(options.mahnungDefault === undefined ? {} : { mahnungDefault: options.mahnungDefault }),
    stages: [
      { id: 'reminder', name: 'Zahlungserinnerung', kind: 'reminder', trigger: { after: 'due-date', days: 7 }, actions: [{ type: 'send', channel: 'letter', template: 'reminder' }] },
      {
        id: 'dunning-notice',
        name: 'Mahnung',
        kind: 'dunning-notice',
        trigger: { after: 'previous-stage', days: 14 },
        actions: [mahnung, { type: 'set-deadline', days: options.mahnungDays ?? 14 }],
      },
      {
        id: 'final-notice',
        name: 'Letzte Mahnung',
        kind: 'final-notice',
        trigger: { after: 'previous-stage', days: 7 },
        actions: [...finalSends, ...fee, { type: 'set-deadline', days: 7 }],
        ...(options.final === false ? {} : { final: true }),
      },
    ],
  } as PolicyInput;
}

/**
 * The policy of the deferred-stage specs (rule guard.stage-waits-for-letter): a Mahnung by e-mail without a
 * deadline at due date + 7, then a final notice by letter 14 days after it with a creditor fee of 1.00 and
 * a 7-day deadline.
 */
export const deferredStagePolicy: PolicyInput = {
  id: 'deferred-stage',
  version: 1,
  name: 'Deferred stage',
  stages: [
    { id: 'dunning-notice', name: 'Mahnung', kind: 'dunning-notice', trigger: { after: 'due-date', days: 7 }, actions: [{ type: 'send', channel: 'email', template: 'dunning-notice' }] },
    {
      id: 'final-notice',
      name: 'Letzte Mahnung',
      kind: 'final-notice',
      trigger: { after: 'previous-stage', days: 14 },
      final: true,
      actions: [{ type: 'send', channel: 'letter', template: 'final-notice' }, { type: 'charge-creditor-fee', amount: '1.00' }, { type: 'set-deadline', days: 7 }],
    },
  ],
};

/**
 * The claim of the delivery specs, numbered `n`: `INV-n` of debtor `D-n` (a consumer, reachable by
 * e-mail and by letter), reference `RE-n`, 500.00 EUR, invoice 2025-01-02, due 2025-01-16 (not a
 * calendar date agreed in the contract).
 */
export function deliveryClaim(n: number) {
  return {
    id: `INV-${n}`,
    debtor: { id: `D-${n}`, kind: 'consumer' as const, name: 'Erika Muster', email: 'erika@example.org', address: ['Musterstr. 1', '10115 Berlin'] },
    principal: '500.00',
    currency: 'EUR',
    invoiceDate: '2025-01-02',
    dueDate: '2025-01-16',
    dueDateIsCalendarDate: false,
    reference: `RE-${n}`,
  };
}

/**
 * What a channel does with the `n`-th call (from 1) for one message of `stage`: `null` delivers, an
 * error is thrown to the dispatcher (a plain `Error` is an unknown outcome, a `ChannelError` says
 * what happened).
 */
export type SendScript = (stage: string | undefined, n: number, message: OutgoingMessage) => Error | null;

/** A lost connection after the request went out: the channel may have delivered (outcome unknown). */
export const lost = (): Error => new Error('connection reset after the request was sent');

/** A channel of the fixture and what it was asked. */
export interface RecordingChannel {
  readonly channel: Channel;
  /** Every message handed to `send`, delivered or not, in order. */
  readonly calls: OutgoingMessage[];
  /** The clock's day of each call (a retry pinned to an unknown attempt hands over that attempt's content, dated as it). */
  readonly days: IsoDate[];
}

/** An e-mail or letter channel that records every call and answers by `script`. */
export function recordingChannel(name: 'email' | 'letter', script: SendScript, today: () => IsoDate, capabilities?: ChannelCapabilities): RecordingChannel {
  const calls: OutgoingMessage[] = [];
  const days: IsoDate[] = [];
  const channel: Channel = {
    specificationVersion: 'v1',
    name,
    canReach: (to) => (name === 'email' ? to.email !== undefined : to.address !== undefined),
    ...(capabilities === undefined ? {} : { capabilities }),
    send(message, options) {
      calls.push(message);
      days.push(today());
      const error = script(message.stage, calls.filter((m) => m.id === message.id).length, message);
      return error === null ? Promise.resolve({ providerMessageId: `${name}:${options.idempotencyKey}` }) : Promise.reject(error);
    },
  };
  return { channel, calls, days };
}

/** Options of {@link deliveryHost}. */
export interface DeliveryHostOptions {
  readonly policy: PolicyInput;
  /** The claim whose history `events()` reads. */
  readonly claimId: string;
  /** The e-mail channel's answers (default: delivers everything). */
  readonly email?: SendScript;
  /** The letter channel's answers (default: delivers everything). */
  readonly letter?: SendScript;
  /** The letter channel's capabilities (e.g. office hours). */
  readonly letterCapabilities?: ChannelCapabilities;
  /** The store (default: a new test memory store). */
  readonly store?: TestStore;
  /** The renderer (default: plain-text letters of "Beispiel GmbH"). */
  readonly render?: Renderer;
}

/** The host of a delivery spec, and what its channels were asked. */
export interface DeliveryHost {
  readonly mw: Mahnwerk;
  readonly store: TestStore;
  readonly policy: PolicyInput;
  /** The day clock: `now()` is `${date}T${time}:00+01:00`; `time` is 10:00 unless a spec moves it. */
  readonly clock: { date: IsoDate; time: string; today(): IsoDate; now(): string };
  readonly email: OutgoingMessage[];
  readonly letter: OutgoingMessage[];
  readonly emailChannel: RecordingChannel;
  readonly letterChannel: RecordingChannel;
  /** Runs each day from the clock's day up to `to`: `before` first (the host's commands of the morning), then the daily run with its dispatch. */
  run(to: IsoDate, before?: (day: IsoDate) => Promise<void>): Promise<void>;
  /** The claim's events, from its history. */
  events(): Promise<ClaimEvent[]>;
}

const deliversAll: SendScript = () => null;

/** A host (createMahnwerk, plain-text letters of "Beispiel GmbH" unless `render` is given) on an e-mail and a letter channel, the clock at 2025-01-02. */
export function deliveryHost(options: DeliveryHostOptions): DeliveryHost {
  const store = options.store ?? memoryStore();
  const clock = { date: '2025-01-02' as IsoDate, time: '10:00', today: (): IsoDate => clock.date, now: () => `${clock.date}T${clock.time}:00+01:00` };
  const e = recordingChannel('email', options.email ?? deliversAll, clock.today);
  const l = recordingChannel('letter', options.letter ?? deliversAll, clock.today, options.letterCapabilities);
  const mw = createMahnwerk({ store, clock, channels: [e.channel, l.channel], policy: options.policy, render: options.render ?? createPlainTextRenderer({ creditor: { name: 'Beispiel GmbH' } }) });
  return {
    mw,
    store,
    policy: options.policy,
    clock,
    email: e.calls,
    letter: l.calls,
    emailChannel: e,
    letterChannel: l,
    async run(to, before) {
      for (let day = clock.date; day <= to; day = addDays(day, 1)) {
        clock.date = day;
        await before?.(day);
        await mw.runDue();
      }
    },
    events: async () => (await mw.history(options.claimId)).map((h) => h.event),
  };
}

/** The line of a plain-text notice that names its deadline ("… bis zum 26.02.2025."). */
export const deadlineLine = (m: OutgoingMessage | undefined): string | undefined => m?.text.split('\n').find((l) => /bis zum/.test(l));

/** The line of a plain-text notice that speaks of default ("Mit dem Zugang dieser Mahnung geraten Sie in Zahlungsverzug …"). */
export const defaultLine = (m: OutgoingMessage | undefined): string | undefined => m?.text.split('\n').find((l) => /Verzug/.test(l));

/** The messages a channel was handed (e.g. {@link DeliveryHost.letter}) as "stage day", in order ("-" for a message of no stage). */
export const sentLines = (calls: readonly OutgoingMessage[]): string[] => calls.map((m) => `${m.stage ?? '-'} ${m.date}`);

/** The fees among `events`, in order: "date charged kind amount" per `fee-charged`, "date reduced amount (rule)" per `fee-reduced`. */
export const feeLines = (events: readonly ClaimEvent[]): string[] =>
  events.flatMap((e) =>
    e.type === 'fee-charged'
      ? [`${e.date} charged ${e.kind} ${e.amount}`]
      : e.type === 'fee-reduced'
        ? [`${e.date} reduced ${e.amount} (${e.reason?.rule ?? ''})`]
        : e.type === 'fee-reinstated'
          ? [`${e.date} reinstated ${e.amount} (${e.reason?.rule ?? ''})`]
          : [],
  );

/**
 * The provider's report that the Mahnung e-mail of {@link deliveryClaim} `n` (message
 * `INV-n:msg:dunning-notice:1`) bounced, "550 5.1.1 mailbox unknown": the input of `recordDelivery`.
 */
export const mahnungBounce = (n: number) =>
  ({ claimId: `INV-${n}`, messageId: `INV-${n}:msg:dunning-notice:1`, channel: 'email', status: 'bounced', detail: '550 5.1.1 mailbox unknown' }) as const;

/**
 * "date type channel" of every event about message `id` after its booking; a `message-failed` or
 * `message-skipped` with a content hash (given up on as one that may have gone) ends in " (may have gone)".
 */
export const about = (events: readonly ClaimEvent[], id: string): string[] =>
  events.flatMap((e) =>
    'messageId' in e && e.messageId === id && e.type !== 'message-queued'
      ? [`${e.date} ${e.type} ${'channel' in e ? e.channel : ''}${(e.type === 'message-failed' || e.type === 'message-skipped') && e.contentHash !== undefined ? ' (may have gone)' : ''}`]
      : [],
  );

/** The claim's events up to and including the booking (`message-queued`) of message `id`. */
export const untilQueued = (events: readonly ClaimEvent[], id: string): ClaimEvent[] =>
  events.slice(0, events.findIndex((e) => e.type === 'message-queued' && e.messageId === id) + 1);

/** Delivery events of one message, written by hand, for the specs of `messageDeliveryState`. */
export function deliveryEvents(claimId: string, messageId: string) {
  const base = { claimId, messageId };
  const hash = 'a'.repeat(64);
  return {
    /** The content hash an unknown attempt carries ('a' × 64). */
    hash,
    unknownOn: (channel: string, date: IsoDate): ClaimEvent => ({ ...base, type: 'message-attempt-unknown', date, channel, contentHash: hash, error: 'connection reset' }),
    failed: (channel: string, date: IsoDate, contentHash?: string): ClaimEvent => ({ ...base, type: 'message-failed', date, channel, error: 'x', retryable: false, ...(contentHash === undefined ? {} : { contentHash }) }),
    skipped: (channel: string, date: IsoDate, contentHash: string): ClaimEvent => ({ ...base, type: 'message-skipped', date, channel, skip: 'opted-out', detail: 'opted out', contentHash }),
    bounced: (channel: string, date: IsoDate): ClaimEvent => ({ ...base, type: 'message-bounced', date, channel, error: '550 mailbox unknown' }),
    sent: (channel: string, date: IsoDate): ClaimEvent => ({ ...base, type: 'message-sent', date, channel }),
  };
}

/**
 * A channel named `name` that reaches every debtor (whatever fields they have) and delivers every
 * message; each message it is handed is added to `sent` if given.
 */
export function accepting(name: string, sent?: OutgoingMessage[]): Channel {
  return {
    specificationVersion: 'v1',
    name,
    canReach: () => true,
    send: (m) => {
      sent?.push(m);
      return Promise.resolve({ providerMessageId: `${name}-${m.id}` });
    },
  };
}

/** The host of {@link sendingHost}. */
export interface SendingHost {
  readonly mw: Mahnwerk;
  readonly store: TestStore;
  /** The day clock; `now()` is `${date}T09:00:00+01:00`. */
  readonly clock: { date: IsoDate; today(): IsoDate; now(): string };
  /** Every message the channels were handed, in order. */
  readonly sent: OutgoingMessage[];
}

/**
 * A host over a new test memory store on a settable clock (2025-01-02, 09:00), the automatic policy
 * (by the debtor's kind), `accepting` e-mail and letter channels that keep what they were handed, and
 * `render` (default: createMahnwerk's own, the plain-text renderer).
 */
export function sendingHost(render?: Renderer): SendingHost {
  const store = memoryStore();
  const clock = { date: '2025-01-02' as IsoDate, today: (): IsoDate => clock.date, now: () => `${clock.date}T09:00:00+01:00` };
  const sent: OutgoingMessage[] = [];
  const mw = createMahnwerk({ store, clock, policy: 'auto', ...(render === undefined ? {} : { render }), channels: [accepting('email', sent), accepting('letter', sent)] });
  return { mw, store, clock, sent };
}

/** The host of the claim-facts specs, and the renderer's inputs. */
export interface RenderingHost extends SendingHost {
  /** Every input the renderer was given, in order. */
  readonly rendered: RenderInput[];
}

/** {@link sendingHost} with the plain-text renderer, each of its inputs kept. */
export function renderingHost(): RenderingHost {
  const rendered: RenderInput[] = [];
  const h = sendingHost((input) => {
    rendered.push(input);
    return renderPlainText(input);
  });
  return { ...h, rendered };
}

/** Runs `runDue` of `h` on every day from `from` to `to`; returns the blocked steps as "day rule stage". */
export async function runDays(h: RenderingHost, from: IsoDate, to: IsoDate): Promise<string[]> {
  const blocked: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    h.clock.date = day;
    const run = await h.mw.runDue();
    for (const b of run.blocked) blocked.push(`${day} ${b.reason.rule} ${b.reason.stage ?? ''}`);
  }
  return blocked;
}

/** An e-mail or letter channel that reaches a debtor with the field it needs; `fail` decides per message (`null`: sent). */
export function channel(name: 'email' | 'letter', fail: (m: OutgoingMessage) => Error | null = () => null): Channel {
  return {
    specificationVersion: 'v1',
    name,
    canReach: (to) => (name === 'email' ? to.email !== undefined : to.address !== undefined),
    send(message, options) {
      const error = fail(message);
      return error === null ? Promise.resolve({ providerMessageId: `${name}:${options.idempotencyKey}` }) : Promise.reject(error);
    },
  };
}

/**
 * A host over a new test memory store on a settable clock (2025-06-02, 09:00 +02:00), the automatic
 * policy (by the debtor's kind) and `channel('email')`, `channel('letter')`; `options` override any of
 * it. Each day runs once: a later `run` goes on from the day after the last one run.
 */
export function autoHost(options: Partial<Omit<MahnwerkOptions, 'store' | 'clock'>> = {}) {
  const store = memoryStore();
  const clock = { date: '2025-06-02' as IsoDate, today: (): IsoDate => clock.date, now: () => `${clock.date}T09:00:00+02:00` };
  const mw = createMahnwerk({ store, clock, channels: [channel('email'), channel('letter')], policy: 'auto', ...options });
  let last: IsoDate | null = null;
  /** Runs each day up to `to`; returns what the runs blocked, with their day (`runDue(day).blocked`). */
  const run = async (to: IsoDate): Promise<{ readonly day: IsoDate; readonly claimId: string; readonly reason: BlockedReason }[]> => {
    const blocked: { readonly day: IsoDate; readonly claimId: string; readonly reason: BlockedReason }[] = [];
    for (let day = last === null ? clock.date : addDays(last, 1); day <= to; day = addDays(day, 1)) {
      clock.date = day;
      for (const b of (await mw.runDue()).blocked) blocked.push({ day, claimId: b.claimId, reason: b.reason });
      last = day;
    }
    return blocked;
  };
  const events = async (id: string): Promise<ClaimEvent[]> => (await mw.history(id)).map((h) => h.event);
  return { clock, store, mw, run, events };
}

/**
 * The claim of the run-day specs (host-days, run-day): `INV-1` of debtor `D-1`, a consumer with a postal
 * address only, 1,000.00 EUR, invoice Thu 2025-01-02, due Thu 2025-01-16, not a calendar date agreed (no
 * default by § 286 Abs. 2 Nr. 1 BGB). Under the automatic policy its reminder is due 2025-01-16 + 7 =
 * Thu 2025-01-23.
 */
export const runDayClaim: ClaimFactsInput = {
  id: 'INV-1',
  debtor: { id: 'D-1', kind: 'consumer', name: 'Erika Muster', address: ['Musterstr. 1', '10115 Berlin'] },
  principal: '1000.00',
  currency: 'EUR',
  invoiceDate: '2025-01-02',
  dueDate: '2025-01-16',
  dueDateIsCalendarDate: false,
};

/** Options of {@link noticePolicy}. */
export interface NoticePolicyOptions {
  readonly id: string;
  readonly name: string;
  /** The policy's `mahnungDefault`; left out when undefined. */
  readonly mahnungDefault?: MahnungDefault | undefined;
  /** Days from the reminder to the Mahnung (default 14). */
  readonly noticeAfterReminder?: number;
  /** The third stage: a final notice 21 days after the Mahnung (default), or 14 days after default began. */
  readonly thirdStage?: 'final' | 'after-default';
}

/**
 * The policy of the default-by-Mahnung specs, all by letter: reminder 7 days after the due date;
 * Mahnung (stage `notice`) `noticeAfterReminder` days later with a 14-day deadline; final notice
 * (stage `final`) 21 days after it, or 14 days after default began.
 */
export function noticePolicy(options: NoticePolicyOptions): PolicyInput {
  const final = { type: 'send' as const, channel: 'letter' as const, template: 'final-notice' };
  return {
    id: options.id,
    version: 1,
    name: options.name,
    ...(options.mahnungDefault === undefined ? {} : { mahnungDefault: options.mahnungDefault }),
    stages: [
      { id: 'reminder', name: 'Zahlungserinnerung', kind: 'reminder', trigger: { after: 'due-date', days: 7 }, actions: [{ type: 'send', channel: 'letter', template: 'reminder' }] },
      {
        id: 'notice',
        name: 'Mahnung',
        kind: 'dunning-notice',
        trigger: { after: 'previous-stage', days: options.noticeAfterReminder ?? 14 },
        actions: [
          { type: 'send', channel: 'letter', template: 'dunning-notice' },
          { type: 'set-deadline', days: 14 },
        ],
      },
      (options.thirdStage ?? 'final') === 'final'
        ? { id: 'final', name: 'Letzte Mahnung', kind: 'final-notice', trigger: { after: 'previous-stage', days: 21 }, actions: [final] }
        : { id: 'final', name: 'Letzte Mahnung', kind: 'final-notice', trigger: { after: 'default', days: 14 }, actions: [final] },
    ],
  };
}

/** Options of {@link noticeRun}. */
export interface NoticeRunOptions {
  /** The debtor's kind (default consumer). */
  readonly kind?: 'consumer' | 'business';
  /** Whether the due date was agreed as a calendar date (default false). */
  readonly dueDateAgreed?: boolean;
  /** Pay this amount on this day (before the day's run). */
  readonly pay?: { readonly on: IsoDate; readonly amount: string };
}

/** What {@link noticeRun} played. */
export interface NoticeRun {
  /** The last input the renderer was given, per template. */
  readonly inputs: Map<string, RenderInput>;
  /** The events of every daily run, in order. */
  readonly events: ClaimEvent[];
  readonly mw: Mahnwerk;
}

/**
 * Runs one 1,000.00 EUR claim `K-1` (invoice 2025-01-02, due 2025-01-16) under `policy` day by day from
 * 2025-01-02 to `until` through createMahnwerk, with one letter channel; keeps what the renderer was
 * given per template (each rendered as its template's name, text "x").
 */
export async function noticeRun(policy: PolicyInput, until: IsoDate, options: NoticeRunOptions = {}): Promise<NoticeRun> {
  const inputs = new Map<string, RenderInput>();
  const clock = { date: '2025-01-02' as IsoDate, today: (): IsoDate => clock.date, now: () => `${clock.date}T10:00:00+01:00` };
  const mw = createMahnwerk({
    store: memoryStore(),
    clock,
    policy,
    channels: [{ specificationVersion: 'v1', name: 'letter', canReach: (to) => to.address !== undefined, send: (_m, o) => Promise.resolve({ providerMessageId: `letter:${o.idempotencyKey}` }) }],
    render: (input) => {
      inputs.set(input.template, input);
      return { subject: input.template, text: 'x' };
    },
  });
  await mw.createClaim({
    id: 'K-1',
    debtor: { id: 'D-1', kind: options.kind ?? 'consumer', name: 'Erika Muster', address: ['Musterstr. 1', '10115 Berlin'] },
    principal: '1000.00',
    currency: 'EUR',
    invoiceDate: '2025-01-02',
    dueDate: '2025-01-16',
    dueDateAgreed: options.dueDateAgreed ?? false,
  });
  const events: ClaimEvent[] = [];
  for (let day: IsoDate = '2025-01-02'; day <= until; day = addDays(day, 1)) {
    clock.date = day;
    if (options.pay !== undefined && options.pay.on === day) await mw.recordPayment({ claimId: 'K-1', amount: options.pay.amount, date: day });
    events.push(...(await mw.runDue(day)).events);
  }
  return { inputs, events, mw };
}

/** Options of {@link letterHost}. */
export interface LetterHostOptions {
  readonly policy: PolicyInput;
  /** The claim whose history `events()` reads. */
  readonly claimId: string;
  /** The Mahnung's payment link (and so its send) fails, retryably and before anything is handed over, before this day. */
  readonly linkFrom?: IsoDate;
  /** The renderer (default: plain-text letters of "Beispiel GmbH"). */
  readonly render?: Renderer;
}

/**
 * A host with one letter channel (it keeps what it is handed) and a payment provider that cannot make
 * the Mahnung's payment link before `linkFrom` — a retryable failure before the channel is called, so
 * the outbox tries again the next day. The clock starts at 2025-01-02, 10:00 +01:00. `redeploy` starts
 * the host again over the same store and clock with another policy (a policy change).
 */
export function letterHost(options: LetterHostOptions) {
  const sent: OutgoingMessage[] = [];
  const letter: Channel = {
    specificationVersion: 'v1',
    name: 'letter',
    canReach: (to) => to.address !== undefined,
    send(message) {
      sent.push(message);
      return Promise.resolve({ providerMessageId: `letter:${message.id}` });
    },
  };
  const clock = { date: '2025-01-02' as IsoDate, today: (): IsoDate => clock.date, now: () => `${clock.date}T10:00:00+01:00` };
  /** The idempotency keys of the payment links made, in order. */
  const links: string[] = [];
  const payments = {
    name: 'test-pay',
    createPaymentLink(request: { idempotencyKey: string }) {
      if (options.linkFrom !== undefined && clock.date < options.linkFrom && request.idempotencyKey.includes(':dunning-notice:')) {
        return Promise.reject(new MahnwerkError('adapter_failed', 'payment provider unavailable', { retryable: true }));
      }
      links.push(request.idempotencyKey);
      return Promise.resolve({ url: `https://pay.example/${request.idempotencyKey}`, id: request.idempotencyKey });
    },
    handleWebhook: () => Promise.reject(new Error('not used')),
  } as unknown as PaymentProvider;
  const store = memoryStore();
  const host = (policy: PolicyInput) =>
    createMahnwerk({ store, clock, channels: [letter], policy, payments, render: options.render ?? createPlainTextRenderer({ creditor: { name: 'Beispiel GmbH' } }) });
  const h = {
    mw: host(options.policy),
    clock,
    sent,
    links,
    /** Starts the host again over the same store with `policy`. */
    redeploy(policy: PolicyInput): void {
      h.mw = host(policy);
    },
    /** Runs each day from the clock's day up to `to`: `before` first (the host's commands of the morning), then the daily run with its dispatch. */
    async run(to: IsoDate, before?: (day: IsoDate) => Promise<void>): Promise<void> {
      for (let day = clock.date; day <= to; day = addDays(day, 1)) {
        clock.date = day;
        await before?.(day);
        await h.mw.runDue();
      }
    },
    events: async (): Promise<ClaimEvent[]> => (await h.mw.history(options.claimId)).map((e) => e.event),
  };
  return h;
}

/** The SMS channel of the SMS specs: what it delivered and how often it was called. */
export interface SmsChannel extends Channel {
  /** Every message delivered, in order. */
  readonly sent: OutgoingMessage[];
  /** The calls of `send`, delivered or not. */
  attempts: number;
}

/**
 * An SMS channel (no attachments, no consent needed, 918 characters) that reaches a debtor with a phone
 * number; `fail` answers the `n`-th call (from 1): an error is thrown to the dispatcher, `null` delivers
 * (default: delivers every message).
 */
export function smsChannel(fail?: (n: number) => Error | null): SmsChannel {
  const ch: SmsChannel = {
    specificationVersion: 'v1',
    name: 'sms',
    sent: [],
    attempts: 0,
    capabilities: { attachments: false, needsConsent: false, maxLength: 918 },
    canReach: (to) => to.phone !== undefined,
    send(message) {
      ch.attempts += 1;
      const error = fail?.(ch.attempts) ?? null;
      if (error !== null) return Promise.reject(error);
      ch.sent.push(message);
      return Promise.resolve({ providerMessageId: `sms-${message.id}` });
    },
  };
  return ch;
}

/** Options of {@link smsReminderPolicy}. */
export interface SmsReminderOptions {
  /** The policy's id (default `sms-reminder`). */
  readonly id?: string;
  /** The policy's name (default "reminder by SMS"). */
  readonly name?: string;
  /** The policy's quiet hours; left out when not given (the default 20:00–08:00). */
  readonly contactLimits?: PolicyInput['contactLimits'];
}

/** The policy of the SMS specs, for consumers: one stage, a reminder by SMS 8 days after the due date. */
export function smsReminderPolicy(options: SmsReminderOptions = {}): PolicyInput {
  return {
    id: options.id ?? 'sms-reminder',
    version: 1,
    name: options.name ?? 'reminder by SMS',
    debtorKind: 'consumer',
    ...(options.contactLimits === undefined ? {} : { contactLimits: options.contactLimits }),
    stages: [{ id: 'reminder', name: 'Zahlungserinnerung', kind: 'reminder', trigger: { after: 'due-date', days: 8 }, actions: [{ type: 'send', channel: 'sms', template: 'reminder' }] }],
  };
}

/**
 * The claim of the SMS specs, tagged `tag`: `INV-tag` of debtor `D-tag` (a consumer with a phone number
 * and an address, in `timeZone` when given), reference `RE-tag`, 300.00 EUR, the due date not a calendar
 * date agreed in the contract.
 */
export function smsClaim(tag: string, invoiceDate: IsoDate, dueDate: IsoDate, timeZone?: string): ClaimFactsInput {
  return {
    id: `INV-${tag}`,
    debtor: { id: `D-${tag}`, kind: 'consumer', name: 'Erika Muster', phone: '+4915112345678', address: ['Musterstr. 1', '10115 Berlin'], ...(timeZone === undefined ? {} : { timeZone }) },
    principal: '300.00',
    currency: 'EUR',
    invoiceDate,
    dueDate,
    dueDateIsCalendarDate: false,
    reference: `RE-${tag}`,
  };
}

/** A creditor's clock in Europe/Berlin (`zonedClock`, as the CLI's run clock) over an instant the spec moves with `at`. */
export function berlinClock(start: string): { clock: Clock; at: (iso: string) => number } {
  const state = { instant: Date.parse(start) };
  return { clock: zonedClock('Europe/Berlin', () => state.instant), at: (iso: string) => (state.instant = Date.parse(iso)) };
}

/** A host over a new test memory store on `clock` with `policy` and the one channel `sms` (default: a new {@link smsChannel}). */
export function smsHost(clock: Clock, policy: PolicyInput, sms: SmsChannel = smsChannel()): { sms: SmsChannel; store: TestStore; mw: Mahnwerk } {
  const store = memoryStore();
  return { sms, store, mw: createMahnwerk({ store, clock, channels: [sms], policy }) };
}
