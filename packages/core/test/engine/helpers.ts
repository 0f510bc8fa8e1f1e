// Helpers for engine timeline tests: build claims, play decide day by day (messages are "sent" the
// day they are queued, as runDue's dispatch would), and read the timeline.
import {
  addDays,
  decide,
  project,
  type AgencyHandoverField,
  type ClaimEvent,
  type ClaimFacts,
  type ContactRecord,
  type DecideContext,
  type IsoDate,
  type Policy,
} from '../../src/index.js';

export function facts(over: Omit<Partial<ClaimFacts>, 'debtor'> & { debtor?: Partial<ClaimFacts['debtor']> } = {}): ClaimFacts {
  const { debtor, ...rest } = over;
  return {
    id: 'INV-1',
    principal: '1000.00',
    currency: 'EUR',
    invoiceDate: '2025-01-02',
    dueDate: '2025-01-16',
    // The engine tests assume an agreed calendar due date (§ 286 Abs. 2 Nr. 1 BGB) unless they say otherwise;
    // since dueDateAgreed defaults to false, say so (a test's dueDateIsCalendarDate / dueDateAgreed overrides it).
    ...(rest.dueDateIsCalendarDate === undefined && rest.dueDateAgreed === undefined ? { dueDateAgreed: true } : {}),
    // What the collection agency's first letter to a consumer must name (§ 13a Abs. 1 Nr. 2 RDG): without
    // them a consumer's claim is not handed over (guard.agency-handover-needs-claim-reason). The contract
    // is taken as concluded on the invoice date, the obligation date the facts give without it.
    ...('description' in rest ? {} : { description: 'Bestellung 4711: Gartenstuhl' }),
    ...('contractDate' in rest ? {} : { contractDate: rest.invoiceDate ?? '2025-01-02' }),
    ...rest,
    debtor: { id: 'D-1', kind: 'consumer', name: 'Erika Muster', email: 'erika@example.org', ...debtor },
  };
}

/**
 * {@link facts} (a consumer's claim with description and contractDate) without the fields named — a claim
 * the collection agency's first letter cannot name the reason of (§ 13a Abs. 1 Nr. 2 RDG).
 */
export function without(fields: readonly AgencyHandoverField[], over: Parameters<typeof facts>[0] = {}): ClaimFacts {
  const f: Partial<Record<keyof ClaimFacts, unknown>> = { ...facts(over) };
  for (const field of fields) delete f[field];
  return f as ClaimFacts;
}

export function created(f: ClaimFacts, date: IsoDate = f.invoiceDate): ClaimEvent {
  return { type: 'claim-created', claimId: f.id, date, claim: f };
}

export interface PlayOptions {
  /** Extra events to insert at the start of a day (before deciding), e.g. payments. */
  readonly on?: Readonly<Record<IsoDate, readonly ClaimEvent[] | ((events: readonly ClaimEvent[]) => readonly ClaimEvent[])>>;
  /** Contacts of the same debtor on other claims. */
  readonly contacts?: readonly ContactRecord[];
  /** Send queued messages (message-sent the same day); default true. */
  readonly send?: boolean;
  readonly context?: DecideContext;
}

/** Plays decide on every day from `from` to `to` (inclusive); returns all events. */
export function play(start: readonly ClaimEvent[], policy: Policy, from: IsoDate, to: IsoDate, options: PlayOptions = {}): ClaimEvent[] {
  const events = [...start];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const extra = options.on?.[day];
    if (extra !== undefined) events.push(...(typeof extra === 'function' ? extra(events) : extra));
    const d = decide(project(events), policy, day, { ...(options.context ?? {}), ...(options.contacts ? { recentContacts: options.contacts } : {}) });
    events.push(...d.events);
    if (options.send ?? true) {
      for (const e of d.events) {
        if (e.type === 'message-queued') events.push({ type: 'message-sent', claimId: e.claimId, date: day, messageId: e.messageId, channel: e.channel });
      }
    }
  }
  return events;
}

export function ofType<T extends ClaimEvent['type']>(events: readonly ClaimEvent[], type: T): Extract<ClaimEvent, { type: T }>[] {
  return events.filter((e): e is Extract<ClaimEvent, { type: T }> => e.type === type);
}

/** "date type detail" lines, for readable timeline assertions. */
export function timeline(events: readonly ClaimEvent[]): string[] {
  return events
    .filter((e) => e.type !== 'claim-created' && e.type !== 'message-sent')
    .map((e) => {
      switch (e.type) {
        case 'stage-entered':
          return `${e.date} stage ${e.stage}${e.deadline ? ` deadline ${e.deadline}` : ''}`;
        case 'message-queued':
          return `${e.date} message ${e.channel} ${e.template}`;
        case 'fee-charged':
          return `${e.date} fee ${e.kind} ${e.amount}`;
        case 'default-began':
          return `${e.date} default ${e.route}`;
        default:
          return `${e.date} ${e.type}`;
      }
    });
}
