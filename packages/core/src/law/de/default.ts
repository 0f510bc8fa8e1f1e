import { ValidationError } from '../../errors/errors.js';
import { addDays, maxDate, parseIsoDate, type IsoDate } from '../../calendar/date.js';
import { applySection193 } from '../../calendar/business-days.js';
import { germanStates, type ClaimKind, type DebtorKind, type GermanState } from './types.js';

/** How the debtor came into default (§ 286 BGB). */
export type DefaultRoute = 'calendar-date' | 'reminder' | 'thirty-day-rule' | 'serious-refusal';

/** What is known about a claim for deciding when its debtor is in default (Verzug, § 286 BGB). */
export interface DefaultInput {
  /** Consumer (Verbraucher) or business debtor. */
  debtor: DebtorKind;
  /** Kind of claim; the 30-day rule applies only to an Entgeltforderung. Default `'entgelt'`. */
  claimKind?: ClaimKind | undefined;
  /** The due date (Fälligkeit). */
  dueDate?: IsoDate | undefined;
  /**
   * True when the due date was *agreed* as a calendar date — in the contract, in terms and conditions
   * the debtor accepted, or set by law (§ 286 Abs. 2 Nr. 1 BGB: "eine Zeit nach dem Kalender
   * bestimmt"); then default begins the day after it without a reminder. Default **false**: a due date
   * the creditor set on the invoice alone is not agreed, so default then comes from the receipt of a
   * Mahnung (Abs. 1), the 30-day rule (Abs. 3; consumers only when the invoice pointed it out) or a
   * serious refusal (Abs. 2 Nr. 3).
   */
  dueDateAgreed?: boolean | undefined;
  /** @deprecated Use `dueDateAgreed` (same meaning); read only when `dueDateAgreed` is absent. */
  dueDateIsCalendarDate?: boolean | undefined;
  /** The day the debtor received the invoice (or an equivalent payment statement), for § 286 Abs. 3 BGB. */
  invoiceReceivedOn?: IsoDate | undefined;
  /** True when the invoice pointed out the 30-day consequence; required for consumers (§ 286 Abs. 3 S. 1 Hs. 2 BGB). */
  invoicePointedOut30DayRule?: boolean | undefined;
  /** The day the debtor received a reminder (Mahnung) sent after the due date (§ 286 Abs. 1 BGB). */
  reminderReceivedOn?: IsoDate | undefined;
  /**
   * The payment deadline ("bis zum …") that Mahnung set, given only when it is read as postponing
   * default until the deadline has passed unpaid (the debtor-friendly reading, a policy's
   * `mahnungDefault: 'after-deadline'`). § 193 BGB moves a deadline on a Saturday, Sunday or public
   * holiday to the next business day (unless `apply193` is false); default then begins the day after
   * it, and never before the day after receipt. Absent: default begins the day after receipt. Read
   * only with `reminderReceivedOn`.
   */
  reminderDeadline?: IsoDate | undefined;
  /** The day the debtor seriously and finally refused to pay (§ 286 Abs. 2 Nr. 3 BGB). */
  seriousRefusalOn?: IsoDate | undefined;
  /** The federal state of the place of performance, for its public holidays under § 193 BGB. */
  state?: GermanState | undefined;
  /** Apply § 193 BGB to a calendar due date on a Saturday, Sunday or holiday. Default true. */
  apply193?: boolean | undefined;
  /**
   * Also apply § 193 BGB to the last day of the 30-day period of § 286 Abs. 3 BGB. Default false:
   * whether § 193 extends that period is disputed, so the earlier (creditor-friendly) day is the
   * default only where the statute is clear — set this to true for the debtor-friendly reading.
   */
  apply193ToThirtyDayRule?: boolean | undefined;
}

/** One route into default that applies to the input, with the day it starts. */
export interface DefaultCandidate {
  /** The route. */
  route: DefaultRoute;
  /** The first day of default on this route (the first interest day). */
  firstDayOfDefault: IsoDate;
  /** The legal basis, e.g. `'§ 286 Abs. 2 Nr. 1 BGB'`. */
  basis: string;
  /** How the day was found, in plain words. */
  explanation: string;
  /** True when § 193 BGB moved the last day for payment on this route. */
  shifted193: boolean;
}

/** When the debtor is in default, and why: the earliest of all applicable routes. */
export interface DefaultResult {
  /** The first day of default — the first day default interest runs (court tenor "seit dem …"). */
  firstDayOfDefault: IsoDate;
  /** The legal basis of the winning route, e.g. `'§ 286 Abs. 2 Nr. 1 BGB'`. */
  basis: string;
  /** The winning (earliest) route. */
  route: DefaultRoute;
  /** How the day was found, in plain words. */
  explanation: string;
  /** True when § 193 BGB moved the last day for payment on the winning route. */
  shifted193: boolean;
  /** Every applicable route, earliest first (the winner first); ties in the order calendar date, refusal, reminder, 30-day rule. */
  candidates: readonly DefaultCandidate[];
}

const BASIS = {
  'calendar-date': '§ 286 Abs. 2 Nr. 1 BGB',
  reminder: '§ 286 Abs. 1 BGB',
  'thirty-day-rule': '§ 286 Abs. 3 BGB',
  'serious-refusal': '§ 286 Abs. 2 Nr. 3 BGB',
} as const satisfies Record<DefaultRoute, string>;

const routeRank: Record<DefaultRoute, number> = { 'calendar-date': 0, 'serious-refusal': 1, reminder: 2, 'thirty-day-rule': 3 };

/** When a Mahnung puts the debtor in default (see {@link mahnungDefaultDay}). */
export interface MahnungDefaultDay {
  /** The first day of default (and of default interest) by this Mahnung. */
  readonly firstDayOfDefault: IsoDate;
  /**
   * True when the deadline, not the receipt, gives the day: default begins the day after the last day
   * for payment. False without a deadline, or when the deadline had passed before receipt.
   */
  readonly afterDeadline: boolean;
  /** The deadline as § 193 BGB moved it (the last day for payment); absent without a deadline. */
  readonly lastDayForPayment?: IsoDate;
  /** True when § 193 BGB moved the deadline. */
  readonly shifted193: boolean;
}

/**
 * The day a Mahnung received on `receivedOn` (after the due date) puts the debtor in default
 * (§ 286 Abs. 1 BGB): the day after receipt; or, when the Mahnung is read as postponing default until
 * its payment `deadline` has passed unpaid (a policy's `mahnungDefault: 'after-deadline'`), the day
 * after the deadline — moved first by § 193 BGB to the next business day when it falls on a
 * Saturday, Sunday or public holiday (of `options.state`; not when `options.apply193` is false) — and
 * never before the day after receipt. The one place this rule is computed: {@link determineDefault}'s
 * reminder route and the engine's notices (`noticeDefault`) ask it.
 *
 * Example: received 2025-02-09 with a deadline to 2025-02-20 → default from 2025-02-10 without the
 * deadline, from 2025-02-21 with it.
 *
 * @param receivedOn - the day the debtor received the Mahnung
 * @param deadline - the deadline it set, when read as postponing default; absent: default the day after receipt
 * @param options - the federal state for § 193 BGB's holidays; `apply193` (default true)
 * @throws DateError naming the field for an invalid date
 */
export function mahnungDefaultDay(receivedOn: IsoDate, deadline?: IsoDate, options: { readonly state?: GermanState | undefined; readonly apply193?: boolean | undefined } = {}): MahnungDefaultDay {
  const byReceipt = addDays(parseIsoDate(receivedOn, 'receivedOn'), 1);
  if (deadline === undefined) return { firstDayOfDefault: byReceipt, afterDeadline: false, shifted193: false };
  const raw = parseIsoDate(deadline, 'deadline');
  const last = options.apply193 === false ? { date: raw, shifted: false } : applySection193(raw, options.state);
  const afterDeadline = addDays(last.date, 1);
  return afterDeadline >= byReceipt
    ? { firstDayOfDefault: afterDeadline, afterDeadline: true, lastDayForPayment: last.date, shifted193: last.shifted }
    : { firstDayOfDefault: byReceipt, afterDeadline: false, lastDayForPayment: last.date, shifted193: last.shifted };
}

/** The reminder route (§ 286 Abs. 1 BGB) of {@link determineDefault}, by {@link mahnungDefaultDay}. */
function reminderCandidate(receivedOn: IsoDate, deadline: IsoDate | undefined, apply193: boolean, state: GermanState | undefined): DefaultCandidate {
  const day = mahnungDefaultDay(receivedOn, deadline, { state, apply193 });
  const first = day.firstDayOfDefault;
  if (deadline === undefined) {
    return {
      route: 'reminder',
      firstDayOfDefault: first,
      basis: BASIS.reminder,
      shifted193: false,
      explanation: `The debtor received a reminder (Mahnung) on ${receivedOn}, after the claim fell due (${BASIS.reminder}); the debtor is in default from the next day, ${first}.`,
    };
  }
  const moved = day.shifted193 ? `, a Saturday, Sunday or public holiday; § 193 BGB moves it to ${day.lastDayForPayment ?? deadline}` : '';
  return {
    route: 'reminder',
    firstDayOfDefault: first,
    basis: BASIS.reminder,
    shifted193: day.shifted193,
    explanation: day.afterDeadline
      ? `The debtor received a reminder (Mahnung) on ${receivedOn}, after the claim fell due, that set a payment deadline to ${deadline}${moved}; read as postponing default until the deadline has passed unpaid (${BASIS.reminder}), the debtor is in default from the day after it, ${first}.`
      : `The debtor received a reminder (Mahnung) on ${receivedOn}, after the claim fell due, that set a payment deadline to ${deadline}${moved}, which had passed before receipt; the debtor is in default from the day after receipt, ${first} (${BASIS.reminder}).`,
  };
}

function optionalDate(value: unknown, field: string): IsoDate | undefined {
  return value === undefined ? undefined : parseIsoDate(value, field);
}

function optionalBoolean(value: unknown, field: string): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  throw new ValidationError(`${field}: expected true or false, got ${value === null ? 'null' : typeof value}.`, { field });
}

function checkInput(input: DefaultInput): void {
  if (typeof input !== 'object' || input === null) {
    throw new ValidationError('input: expected an object with at least `debtor`.', { field: 'input' });
  }
  if (input.debtor !== 'consumer' && input.debtor !== 'business') {
    throw new ValidationError(`debtor: expected 'consumer' or 'business', got ${JSON.stringify(input.debtor) ?? 'undefined'}.`, { field: 'debtor' });
  }
  if (input.claimKind !== undefined && input.claimKind !== 'entgelt' && input.claimKind !== 'other') {
    throw new ValidationError(`claimKind: expected 'entgelt' or 'other', got ${JSON.stringify(input.claimKind)}.`, { field: 'claimKind' });
  }
  if (input.state !== undefined && !(germanStates as readonly string[]).includes(input.state)) {
    throw new ValidationError(`state: "${String(input.state)}" is not a German federal state; use one of ${germanStates.join(', ')} or leave it out.`, {
      field: 'state',
    });
  }
  optionalBoolean(input.dueDateAgreed, 'dueDateAgreed');
  optionalBoolean(input.dueDateIsCalendarDate, 'dueDateIsCalendarDate');
  optionalBoolean(input.invoicePointedOut30DayRule, 'invoicePointedOut30DayRule');
  optionalBoolean(input.apply193, 'apply193');
  optionalBoolean(input.apply193ToThirtyDayRule, 'apply193ToThirtyDayRule');
}

/**
 * When is the debtor in default (Verzug, § 286 BGB)? Checks every route the input allows and
 * returns the earliest:
 *
 * - **calendar date** (§ 286 Abs. 2 Nr. 1 BGB): due date D agreed as a calendar date
 *   (`dueDateAgreed`, default false) → default from D + 1. If D is a Saturday, Sunday or public holiday, § 193 BGB first moves it to the next
 *   business day (unless `apply193` is false).
 * - **reminder** (§ 286 Abs. 1 BGB): a Mahnung received on R, on or after the due date → default
 *   from R + 1. A reminder received before the due date has no effect. With `reminderDeadline` F
 *   (the Mahnung read as postponing default until its deadline) → default from F' + 1, F' being F
 *   as § 193 BGB moves it, but not before R + 1.
 * - **30-day rule** (§ 286 Abs. 3 BGB, Entgeltforderungen only): invoice received on I (and due)
 *   → default from the day after the 30th day, i.e. max(I, D) + 31. Against a consumer only if the
 *   invoice pointed this out.
 * - **serious refusal** (§ 286 Abs. 2 Nr. 3 BGB): refusal on S → default from S + 1 (interest runs
 *   from the day after the event, § 187 Abs. 1 BGB by analogy); a refusal before the due date
 *   takes effect at the due date.
 *
 * Receipt days are days of access (Zugang), not of sending. § 286 Abs. 4 BGB (no fault) is not
 * checked.
 *
 * @param input - what is known about the claim
 * @returns the first day of default and its reason, or null if nothing puts the debtor in default yet
 * @throws ValidationError naming the field for a wrong debtor, claim kind, state or flag, or a
 *   `reminderDeadline` without `reminderReceivedOn`
 * @throws DateError naming the field for an invalid date
 */
export function determineDefault(input: DefaultInput): DefaultResult | null {
  checkInput(input);
  const dueDate = optionalDate(input.dueDate, 'dueDate');
  const invoice = optionalDate(input.invoiceReceivedOn, 'invoiceReceivedOn');
  const reminder = optionalDate(input.reminderReceivedOn, 'reminderReceivedOn');
  const reminderDeadline = optionalDate(input.reminderDeadline, 'reminderDeadline');
  if (reminderDeadline !== undefined && reminder === undefined) {
    throw new ValidationError(
      'reminderDeadline: given without reminderReceivedOn; a payment deadline is read only with the Mahnung that set it. Add reminderReceivedOn (the day that Mahnung was received) or leave reminderDeadline out.',
      { field: 'reminderDeadline' },
    );
  }
  const refusal = optionalDate(input.seriousRefusalOn, 'seriousRefusalOn');
  const state = input.state;
  const apply193 = input.apply193 ?? true;
  const candidates: DefaultCandidate[] = [];

  if (dueDate !== undefined && (input.dueDateAgreed ?? input.dueDateIsCalendarDate ?? false)) {
    const last = apply193 ? applySection193(dueDate, state) : { date: dueDate, shifted: false };
    const first = addDays(last.date, 1);
    candidates.push({
      route: 'calendar-date',
      firstDayOfDefault: first,
      basis: BASIS['calendar-date'],
      shifted193: last.shifted,
      explanation: last.shifted
        ? `Payment was due on the agreed calendar date ${dueDate}, a Saturday, Sunday or public holiday; § 193 BGB moves the last day for payment to ${last.date}. No reminder is needed (${BASIS['calendar-date']}); the debtor is in default from ${first}.`
        : `Payment was due on the agreed calendar date ${dueDate}. No reminder is needed (${BASIS['calendar-date']}); the debtor is in default from the next day, ${first}.`,
    });
  }

  if (refusal !== undefined) {
    const effective = dueDate !== undefined ? maxDate(refusal, dueDate) : refusal;
    const first = addDays(effective, 1);
    candidates.push({
      route: 'serious-refusal',
      firstDayOfDefault: first,
      basis: BASIS['serious-refusal'],
      shifted193: false,
      explanation:
        effective === refusal
          ? `The debtor seriously and finally refused to pay on ${refusal}; no reminder is needed (${BASIS['serious-refusal']}). Interest runs from the next day, ${first}.`
          : `The debtor seriously and finally refused to pay on ${refusal}, before the due date ${effective}; default begins with the due date (${BASIS['serious-refusal']}), interest from ${first}.`,
    });
  }

  if (reminder !== undefined && (dueDate === undefined || reminder >= dueDate)) {
    candidates.push(reminderCandidate(reminder, reminderDeadline, apply193, state));
  }

  const isEntgelt = (input.claimKind ?? 'entgelt') === 'entgelt';
  const consumerOk = input.debtor === 'business' || input.invoicePointedOut30DayRule === true;
  if (invoice !== undefined && isEntgelt && consumerOk) {
    const start = dueDate !== undefined ? maxDate(invoice, dueDate) : invoice;
    const thirtieth = addDays(start, 30);
    const last = input.apply193ToThirtyDayRule === true ? applySection193(thirtieth, state) : { date: thirtieth, shifted: false };
    const first = addDays(last.date, 1);
    const notice = input.debtor === 'consumer' ? ' The invoice pointed the consumer to this consequence.' : '';
    candidates.push({
      route: 'thirty-day-rule',
      firstDayOfDefault: first,
      basis: BASIS['thirty-day-rule'],
      shifted193: last.shifted,
      explanation:
        `The invoice was received on ${invoice}${start !== invoice ? ` and the claim fell due on ${start}` : ''}; the 30 days of ${BASIS['thirty-day-rule']} run until ${thirtieth}` +
        `${last.shifted ? `, moved by § 193 BGB to ${last.date}` : ''}; the debtor is in default from ${first}.${notice}`,
    });
  }

  if (candidates.length === 0) return null;
  candidates.sort((a, b) =>
    a.firstDayOfDefault < b.firstDayOfDefault ? -1 : a.firstDayOfDefault > b.firstDayOfDefault ? 1 : routeRank[a.route] - routeRank[b.route],
  );
  const winner = candidates[0] as DefaultCandidate;
  return {
    firstDayOfDefault: winner.firstDayOfDefault,
    basis: winner.basis,
    route: winner.route,
    explanation: winner.explanation,
    shifted193: winner.shifted193,
    candidates,
  };
}
