import { DateError, ValidationError } from '../../errors/errors.js';
import {
  addDays,
  addMonths,
  addYears,
  daysInclusive,
  isLeapYear,
  maxDate,
  minDate,
  parseIsoDate,
  yearOf,
  type IsoDate,
} from '../../calendar/date.js';
import { applySection193 } from '../../calendar/business-days.js';
import { germanStates, type GermanState } from './types.js';
import { emptyList } from '../../lists.js';

/**
 * Why limitation was suspended (Hemmung):
 * - `court-dunning`: court dunning procedure or lawsuit (§ 204 Abs. 1 Nr. 1, 3 BGB); the
 *   suspension ends 6 months after the proceedings ended (§ 204 Abs. 2 BGB).
 * - `negotiation`: negotiations about the claim (§ 203 BGB); limitation occurs at the earliest
 *   3 months after they ended.
 * - `other`: any other ground of suspension, exactly from `from` to `to`.
 */
export type TollingKind = 'court-dunning' | 'negotiation' | 'other';

/** A time during which limitation was suspended (gehemmt). */
export interface TollingPeriod {
  /**
   * First day of the suspension. For a court dunning order: the day the application reached the
   * court, if the order was then served "demnächst" (§ 167 ZPO); otherwise the day of service.
   */
  from: IsoDate;
  /**
   * Last day of the ground of suspension: for `court-dunning` the day the proceedings ended (final
   * decision, withdrawal, or the last procedural act when the parties let them stall); for
   * `negotiation` the day negotiations ended; for `other` the last suspended day.
   */
  to: IsoDate;
  /** The ground of suspension. */
  kind: TollingKind;
}

/** What is known about a claim for computing its limitation (Verjährung, §§ 195 ff. BGB). */
export interface LimitationInput {
  /** The day the claim arose (Entstehung; for an invoice claim usually the due date). From 2002-01-01 unless titled. */
  arose: IsoDate;
  /** The day the creditor learned (or should have learned) of the claim and the debtor, if after `arose` (§ 199 Abs. 1 Nr. 2 BGB). */
  creditorKnewOn?: IsoDate | undefined;
  /** The day a judgment or Vollstreckungsbescheid on the claim became final (§ 197 Abs. 1 Nr. 3 BGB, § 201 BGB, § 700 ZPO). */
  titledOn?: IsoDate | undefined;
  /** Times of suspension (§§ 203, 204, 209 BGB), in any order; overlapping times count once. */
  tolling?: readonly TollingPeriod[] | undefined;
  /** Days of acknowledgement — part payment, interest payment, security, express acknowledgement (§ 212 Abs. 1 Nr. 1 BGB) — or of an enforcement act (Nr. 2). */
  acknowledgedOn?: readonly IsoDate[] | undefined;
  /** The federal state whose public holidays count for § 193 BGB at the end of the period. */
  state?: GermanState | undefined;
  /**
   * Apply § 193 BGB to the last day of the period (default true): if it is a Saturday, Sunday or
   * public holiday, the period ends on the next business day — the creditor may still sue or apply
   * for a court dunning order then (BGH; § 193 BGB applies to limitation periods by analogy).
   */
  apply193?: boolean | undefined;
}

/** One step of the computation, for explaining it. */
export interface LimitationStep {
  /** The day the step refers to. */
  date: IsoDate;
  /** What happened or what follows, in plain words. */
  event: string;
  /** The legal basis, e.g. `'§ 199 Abs. 1 BGB'`. */
  basis: string;
}

/** When the claim becomes time-barred, and why. */
export interface LimitationResult {
  /** The last day before the claim is time-barred: limitation occurs at the end of this day (after § 193 BGB, if applied). */
  expiresAt: IsoDate;
  /** Every legal basis used, each once, in the order first used. */
  basis: readonly string[];
  /** The computation step by step, in date order. */
  steps: readonly LimitationStep[];
  /** The last day of the period before § 193 BGB (equal to `expiresAt` unless it fell on a weekend or holiday). */
  periodEnd: IsoDate;
  /** True when § 193 BGB moved the end from `periodEnd` to `expiresAt`. */
  shifted193: boolean;
  /** True when the 30-year period for titled claims applies (§ 197 Abs. 1 Nr. 3 BGB). */
  titled: boolean;
}

const tollingKinds: readonly TollingKind[] = ['court-dunning', 'negotiation', 'other'];

/** A running period: its first running day and its last day (moved by suspensions). */
interface RunningPeriod {
  start: IsoDate;
  end: IsoDate;
}

/** A union of overlapping suspensions. */
interface Segment {
  from: IsoDate;
  to: IsoDate;
  parts: { period: TollingPeriod; suspendedUntil: IsoDate; index: number }[];
}

/** Last day of a period of whole years whose first day counts (§ 187 Abs. 2, § 188 Abs. 2 Alt. 2, Abs. 3 BGB). */
function endFromFirstDay(first: IsoDate, years: number): IsoDate {
  const targetYear = yearOf(first) + years;
  if (first.endsWith('-02-29') && !isLeapYear(targetYear)) return `${String(targetYear).padStart(4, '0')}-02-28`;
  return addDays(addYears(first, years), -1);
}

function checkInput(input: LimitationInput): {
  arose: IsoDate;
  knew: IsoDate | undefined;
  titled: IsoDate | undefined;
  tolling: TollingPeriod[];
  acks: IsoDate[];
} {
  if (typeof input !== 'object' || input === null) {
    throw new ValidationError('input: expected an object with at least `arose`.', { field: 'input' });
  }
  const arose = parseIsoDate(input.arose, 'arose');
  const knew = input.creditorKnewOn === undefined ? undefined : parseIsoDate(input.creditorKnewOn, 'creditorKnewOn');
  const titled = input.titledOn === undefined ? undefined : parseIsoDate(input.titledOn, 'titledOn');
  if (titled === undefined && arose < '2002-01-01') {
    throw new ValidationError(
      `arose: ${arose} is before 2002-01-01; claims that arose under the old law follow the transition rules of Art. 229 § 6 EGBGB, which mahnwerk does not model. Compute such a claim by hand, or pass titledOn if it has a final title.`,
      { field: 'arose' },
    );
  }
  if (input.state !== undefined && !(germanStates as readonly string[]).includes(input.state)) {
    throw new ValidationError(`state: "${String(input.state)}" is not a German federal state; use one of ${germanStates.join(', ')} or leave it out.`, {
      field: 'state',
    });
  }
  if (input.apply193 !== undefined && typeof input.apply193 !== 'boolean') {
    throw new ValidationError(`apply193: expected true or false, got ${typeof input.apply193}.`, { field: 'apply193' });
  }
  if (input.tolling !== undefined && !Array.isArray(input.tolling)) {
    throw new ValidationError('tolling: expected a list of { from, to, kind }.', { field: 'tolling' });
  }
  // Lists built by push into emptyList: `.map` gives lists of several kinds (empty, holey), one
  // more map at every call site that reads them.
  const tolling = emptyList<TollingPeriod>();
  const tollingIn = input.tolling ?? [];
  for (let i = 0; i < tollingIn.length; i++) {
    const t = tollingIn[i] as TollingPeriod;
    const field = `tolling[${i}]`;
    if (typeof t !== 'object' || t === null) throw new ValidationError(`${field}: expected { from, to, kind }.`, { field });
    const from = parseIsoDate(t.from, `${field}.from`);
    const to = parseIsoDate(t.to, `${field}.to`);
    if (!tollingKinds.includes(t.kind)) {
      throw new ValidationError(`${field}.kind: expected one of ${tollingKinds.join(', ')}, got ${JSON.stringify(t.kind) ?? 'undefined'}.`, {
        field: `${field}.kind`,
      });
    }
    if (to < from) {
      throw new DateError(`${field}.to: ${to} is before ${field}.from ${from}; a suspension must not run backwards.`, { field: `${field}.to` });
    }
    tolling.push({ from, to, kind: t.kind });
  }
  if (input.acknowledgedOn !== undefined && !Array.isArray(input.acknowledgedOn)) {
    throw new ValidationError('acknowledgedOn: expected a list of dates.', { field: 'acknowledgedOn' });
  }
  // Days before `arose` are allowed (e.g. a part payment before the due date): they fall before the
  // period begins and change nothing.
  const acks = emptyList<IsoDate>();
  const acksIn = input.acknowledgedOn ?? [];
  for (let i = 0; i < acksIn.length; i++) acks.push(parseIsoDate(acksIn[i], `acknowledgedOn[${i}]`));
  return { arose, knew, titled, tolling, acks };
}

/** Suspension end of one tolling period: 6 months after the proceedings for court dunning (§ 204 Abs. 2 BGB). */
function suspendedUntil(t: TollingPeriod): IsoDate {
  return t.kind === 'court-dunning' ? addMonths(t.to, 6) : t.to;
}

function mergeSegments(tolling: readonly TollingPeriod[]): Segment[] {
  const items = emptyList<Segment['parts'][number]>();
  for (let index = 0; index < tolling.length; index++) {
    const period = tolling[index] as TollingPeriod;
    items.push({ period, suspendedUntil: suspendedUntil(period), index });
  }
  items.sort((a, b) => (a.period.from < b.period.from ? -1 : a.period.from > b.period.from ? 1 : a.index - b.index));
  const segments: Segment[] = [];
  for (const item of items) {
    const last = segments[segments.length - 1];
    // Overlapping or touching suspensions form one: no day is counted twice.
    if (last && item.period.from <= addDays(last.to, 1)) {
      last.to = maxDate(last.to, item.suspendedUntil);
      last.parts.push(item);
    } else {
      segments.push({ from: item.period.from, to: item.suspendedUntil, parts: [item] });
    }
  }
  return segments;
}

/**
 * When does a claim become time-barred (Verjährung, §§ 195 ff. BGB)?
 *
 * - Regular period (§ 195 BGB): 3 years, starting at the end of the year in which the claim arose
 *   and the creditor knew of it (§ 199 Abs. 1 BGB): a claim arising 2022-03-15 is time-barred after
 *   2025-12-31.
 * - Maximum period (§ 199 Abs. 4 BGB): 10 years from arising, whatever the creditor knew.
 * - Titled claims (§ 197 Abs. 1 Nr. 3 BGB): 30 years from finality of the title (§ 201 BGB), not
 *   before the claim arose; suspensions and acknowledgements before the title are superseded.
 *   Interest falling due after the title keeps the 3-year period (§ 197 Abs. 2 BGB) — not computed here.
 * - Suspension (§ 209 BGB): suspended days, both the first and the last counted in full, do not
 *   count. A court dunning procedure suspends until 6 months after the proceedings end (§ 204
 *   Abs. 2 BGB); negotiations add a floor of 3 months after they end (§ 203 S. 2 BGB).
 * - New start (§ 212 Abs. 1 BGB): an acknowledgement (including part or interest payment) or an
 *   enforcement act starts the full period anew from the next day, without the year-end rule — 3
 *   years, or 30 for a titled claim; during a suspension the new period starts after it. An
 *   acknowledgement after limitation, or before the period began, starts nothing.
 * - § 193 BGB: a last day on a Saturday, Sunday or public holiday moves to the next business day
 *   (unless `apply193` is false).
 *
 * @param input - the claim's dates
 * @returns the last day before limitation, with the steps that lead there
 * @throws DateError naming the field for an invalid date or a backwards tolling period
 * @throws ValidationError naming the field for a wrong kind, state, flag, or a pre-2002 untitled claim
 */
export function computeLimitation(input: LimitationInput): LimitationResult {
  return limitationOf(input, true);
}

/**
 * {@link computeLimitation}'s `expiresAt` alone, worked out the same way without writing the steps
 * and their legal basis down (for a caller that wants the day only, like the next review day).
 *
 * @internal
 * @param input - the claim's dates
 * @throws as {@link computeLimitation}
 */
export function limitationExpiresAt(input: LimitationInput): IsoDate {
  return limitationOf(input, false).expiresAt;
}

/** {@link computeLimitation}; without `explain` the steps and the basis are left empty. */
function limitationOf(input: LimitationInput, explain: boolean): LimitationResult {
  const { arose, knew, titled, tolling, acks } = checkInput(input);
  const state = input.state;
  const apply193 = input.apply193 ?? true;
  const steps: LimitationStep[] = [];
  const basis: string[] = [];
  // Every step is written under `if (explain)`: without it (simulate asks for the day only) the texts
  // are neither built nor, never run, compiled into the optimised code.
  const step = (date: IsoDate, event: string, b: string): void => {
    steps.push({ date, event, basis: b });
    for (const part of b.split('; ')) if (!basis.includes(part)) basis.push(part);
  };
  /** The day limitation would occur at the end of, after § 193 BGB. */
  const lastDay = (end: IsoDate): IsoDate => (apply193 ? applySection193(end, state).date : end);

  let periods: RunningPeriod[];
  let years: number;
  /** Events on or before this day are superseded by the title. */
  let supersededUntil: IsoDate | undefined;
  let endBasis: string;

  if (explain) step(arose, 'The claim arose.', '§ 199 Abs. 1 Nr. 1 BGB');
  if (titled !== undefined) {
    const startEvent = maxDate(titled, arose);
    years = 30;
    periods = [{ start: addDays(startEvent, 1), end: addYears(startEvent, 30) }];
    supersededUntil = startEvent;
    endBasis = '§ 197 Abs. 1 Nr. 3 BGB';
    if (explain) step(
      startEvent,
      titled < arose
        ? `The title became final on ${titled}, before the claim arose; the 30-year period runs from the claim's arising.`
        : 'The title (judgment, Vollstreckungsbescheid) became final: 30-year period from finality.',
      '§ 197 Abs. 1 Nr. 3 BGB; § 201 BGB',
    );
    if (explain) step(startEvent, 'Interest and other recurring amounts falling due after the title keep the regular 3-year period.', '§ 197 Abs. 2 BGB');
  } else {
    const knowledge = knew !== undefined ? maxDate(arose, knew) : arose;
    if (explain && knowledge !== arose) step(knowledge, 'The creditor learned of the claim and the debtor.', '§ 199 Abs. 1 Nr. 2 BGB');
    const y = yearOf(knowledge);
    const regular: RunningPeriod = { start: `${String(y + 1).padStart(4, '0')}-01-01`, end: `${String(y + 3).padStart(4, '0')}-12-31` };
    const maximum: RunningPeriod = { start: addDays(arose, 1), end: addYears(arose, 10) };
    years = 3;
    periods = [regular, maximum];
    endBasis = maximum.end < regular.end ? '§ 199 Abs. 4 BGB' : '§ 195 BGB';
    if (explain) step(regular.start, `The regular 3-year period starts at the end of ${y}.`, '§ 195 BGB; § 199 Abs. 1 BGB');
    if (maximum.end < regular.end) {
      if (explain) step(maximum.end, 'The 10-year maximum period from arising ends before the regular period.', '§ 199 Abs. 4 BGB');
    }
  }

  const overallEnd = (): IsoDate => {
    let end = (periods[0] as RunningPeriod).end;
    for (let k = 1; k < periods.length; k++) end = minDate(end, (periods[k] as RunningPeriod).end);
    return end;
  };

  type LimitationEvent = { kind: 'segment'; date: IsoDate; segment: Segment } | { kind: 'ack'; date: IsoDate };
  const segments = mergeSegments(tolling);
  const events = emptyList<LimitationEvent>();
  for (const segment of segments) events.push({ kind: 'segment', date: segment.from, segment });
  for (const date of new Set(acks)) events.push({ kind: 'ack', date });
  events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.kind === b.kind ? 0 : a.kind === 'segment' ? -1 : 1));

  for (const event of events) {
    if (supersededUntil !== undefined && event.date <= supersededUntil) {
      if (explain) step(
        event.date,
        event.kind === 'ack'
          ? 'Acknowledgement before the title became final: superseded by the 30-year period of the title.'
          : 'Suspension that began before the title became final: superseded by the 30-year period of the title.',
        '§ 201 BGB',
      );
      continue;
    }
    const end = overallEnd();
    const barredAfter = lastDay(end);
    if (event.date > barredAfter) {
      if (explain) step(
        event.date,
        event.kind === 'ack'
          ? `Acknowledgement after the claim was already time-barred (after ${barredAfter}): no new start; a time-barred claim stays time-barred (payment cannot be reclaimed, § 214 Abs. 2 BGB).`
          : `Suspension beginning after the claim was already time-barred (after ${barredAfter}): no effect.`,
        event.kind === 'ack' ? '§ 212 Abs. 1 BGB' : '§ 209 BGB',
      );
      continue;
    }
    if (event.kind === 'segment') {
      const seg = event.segment;
      if (explain) for (const { period, suspendedUntil: until } of seg.parts) {
        if (period.kind === 'court-dunning') {
          if (explain) step(period.from, 'Court dunning procedure / lawsuit: limitation suspended from the application (if served "demnächst").', '§ 204 Abs. 1 Nr. 3 BGB; § 167 ZPO');
          if (explain) step(period.to, `The proceedings ended; the suspension ends 6 months later, on ${until}.`, '§ 204 Abs. 2 BGB');
        } else if (period.kind === 'negotiation') {
          if (explain) step(period.from, 'Negotiations about the claim: limitation suspended.', '§ 203 S. 1 BGB');
          if (explain) step(period.to, 'Negotiations ended; limitation occurs at the earliest 3 months later.', '§ 203 S. 2 BGB');
        } else {
          if (explain) step(period.from, `Limitation suspended until ${period.to}.`, '§ 209 BGB');
        }
      }
      // A suspension starting on a day § 193 BGB added to the period: the period had not run out.
      if (seg.from > end) {
        for (const p of periods) if (p.end === end) p.end = barredAfter;
      }
      const counted = emptyList<{ p: RunningPeriod; days: number; first: IsoDate }>();
      for (const p of periods) {
        if (seg.to < p.start) {
          counted.push({ p, days: 0, first: p.start });
          continue;
        }
        const first = maxDate(seg.from, p.start);
        const days = daysInclusive(first, seg.to);
        p.end = addDays(p.end, days);
        counted.push({ p, days, first });
      }
      for (const { period } of seg.parts) {
        if (period.kind === 'negotiation') {
          const floor = addMonths(period.to, 3);
          for (const p of periods) if (p.end < floor) p.end = floor;
        }
      }
      const newEnd = overallEnd();
      const binding = counted.find((c) => c.p.end === newEnd) ?? counted[0];
      if (explain) step(
        seg.to,
        binding !== undefined && binding.days > 0
          ? `Suspension over: ${binding.days} suspended day(s) from ${binding.first} to ${seg.to} are not counted; the period now ends ${newEnd}.`
          : `Suspension over; it ended before the period began (the period still ends ${newEnd}).`,
        '§ 209 BGB',
      );
    } else {
      const inside = segments.find((s) => s.from <= event.date && event.date <= s.to);
      const newEnd = inside ? endFromFirstDay(addDays(inside.to, 1), years) : addYears(event.date, years);
      const before = overallEnd();
      if (newEnd <= before) {
        if (explain) step(
          event.date,
          `Acknowledgement before the limitation period began: no new start (the period still ends ${before}).`,
          '§ 212 Abs. 1 Nr. 1 BGB',
        );
        continue;
      }
      periods = [{ start: inside ? addDays(inside.to, 1) : addDays(event.date, 1), end: newEnd }];
      endBasis = '§ 212 Abs. 1 BGB';
      if (explain) step(
        event.date,
        inside
          ? `Acknowledgement (or part payment) during a suspension: the ${years}-year period starts anew after the suspension, on ${addDays(inside.to, 1)}, and ends ${newEnd}.`
          : `Acknowledgement (or part payment, interest payment, enforcement act): the ${years}-year period starts anew the next day and ends ${newEnd}.`,
        '§ 212 Abs. 1 BGB',
      );
    }
  }

  const periodEnd = overallEnd();
  const [regularPeriod, maximumPeriod] = periods;
  if (periods.length === 2 && regularPeriod && maximumPeriod) {
    endBasis = maximumPeriod.end < regularPeriod.end ? '§ 199 Abs. 4 BGB' : '§ 195 BGB';
  }
  const expiresAt = lastDay(periodEnd);
  const shifted193 = expiresAt !== periodEnd;
  if (explain) step(periodEnd, `The limitation period ends at the end of ${periodEnd}.`, endBasis);
  if (shifted193) {
    if (explain) step(expiresAt, `${periodEnd} is a Saturday, Sunday or public holiday: the period ends on the next business day, ${expiresAt}.`, '§ 193 BGB');
  }
  if (!explain) return { expiresAt, basis, steps, periodEnd, shifted193, titled: titled !== undefined };
  const order = steps.map((s, i) => ({ s, i })).sort((a, b) => (a.s.date < b.s.date ? -1 : a.s.date > b.s.date ? 1 : a.i - b.i));
  return { expiresAt, basis, steps: order.map((o) => o.s), periodEnd, shifted193, titled: titled !== undefined };
}

/**
 * A day on or before which limitation cannot end for an input, known without working the
 * limitation out: `computeLimitation(input).expiresAt` is never earlier. It is the end of the third
 * year after the year the claim arose — the regular period's end (§§ 195, 199 Abs. 1 BGB) — for
 * every input: a later knowledge date (§ 199 Abs. 1 Nr. 2 BGB) starts the regular period later, the
 * 10-year maximum (§ 199 Abs. 4 BGB) and a title's 30 years (§ 197 Abs. 1 Nr. 3 BGB, not before the
 * claim arose) end later; from there the end only ever moves later — an acknowledgement starts a
 * period only when it ends later (§ 212 Abs. 1 BGB), a suspension adds its days (§ 209 BGB),
 * negotiations add a floor (§ 203 S. 2 BGB), and § 193 BGB moves the last day to a later business
 * day. `undefined` for dates after the year 2900, near the calendar's last year (2999), where the
 * computation may run out of the calendar and fail: then only {@link computeLimitation} knows.
 *
 * The input is checked as {@link computeLimitation} checks it, with the same errors.
 *
 * @internal
 * @param input - the claim's dates
 */
export function limitationNotBefore(input: LimitationInput): IsoDate | undefined {
  const { arose, knew, titled, tolling, acks } = checkInput(input);
  if ((knew !== undefined && yearOf(knew) > 2900) || (titled !== undefined && yearOf(titled) > 2900)) return undefined;
  for (const t of tolling) if (yearOf(t.to) > 2900) return undefined;
  for (const ack of acks) if (yearOf(ack) > 2900) return undefined;
  return limitationNotBeforeArising(arose);
}

/**
 * {@link limitationNotBefore} read from the day the claim arose alone — the day is the same for
 * every input with that `arose` — without making or checking the input: the end of the third year
 * after the year the claim arose, `undefined` after the year 2900. For an engine that asks whether
 * a claim's limitation can have run out by a day before it builds the claim's limitation input.
 *
 * @internal
 * @param arose - a valid day
 */
export function limitationNotBeforeArising(arose: IsoDate): IsoDate | undefined {
  const year = yearOf(arose);
  return year > 2900 ? undefined : `${String(year + 3).padStart(4, '0')}-12-31`;
}

/**
 * True when the claim is time-barred on `date`, i.e. `date` is after {@link computeLimitation}'s
 * `expiresAt`. The debtor must still raise the defence (§ 214 Abs. 1 BGB); courts do not apply it
 * on their own.
 *
 * @param input - the claim's dates
 * @param date - the day to check
 * @throws DateError naming `date` for an invalid date, and as {@link computeLimitation}
 */
export function isTimeBarred(input: LimitationInput, date: IsoDate): boolean {
  const day = parseIsoDate(date, 'date');
  return day > computeLimitation(input).expiresAt;
}

/** What is known about a court dunning procedure, for its suspension of limitation. */
export interface CourtDunningProceedings {
  /** The day the application for the Mahnbescheid reached the court (§ 167 ZPO: the suspension counts from here if served "demnächst"). */
  appliedOn: IsoDate;
  /** The day the Mahnbescheid was served on the debtor, if known. */
  servedOn?: IsoDate | undefined;
  /** The day the Vollstreckungsbescheid was applied for, if it was (§ 699 ZPO). */
  enforcementOrderAppliedOn?: IsoDate | undefined;
  /** The day the proceedings ended (final decision, withdrawal), if they did. */
  endedOn?: IsoDate | undefined;
  /** The last procedural act of the parties or the court, if later than the service (§ 204 Abs. 2 S. 3 BGB). */
  lastProceduralActOn?: IsoDate | undefined;
  /** The day of the computation: proceedings still running are taken as running up to it. */
  asOf: IsoDate;
}

/** The suspension a court dunning procedure causes, and whether the Mahnbescheid lapsed. */
export interface CourtDunningTolling {
  /** The tolling period to pass to {@link computeLimitation} (its `to` is the day the proceedings ended or stalled). */
  tolling: TollingPeriod;
  /** The day the Mahnbescheid lapsed under § 701 ZPO (the day after six months from service without a Vollstreckungsbescheid application), or null. */
  lapsedOn: IsoDate | null;
  /** Why `tolling.to` is what it is, with the legal basis. */
  explanation: string;
}

/**
 * The suspension of limitation by a court dunning procedure (§ 204 Abs. 1 Nr. 3 BGB) and its end:
 *
 * - it begins when the application reaches the court, if the Mahnbescheid is served "demnächst"
 *   (§ 167 ZPO);
 * - if no Vollstreckungsbescheid is applied for within six months of service, the Mahnbescheid lapses
 *   (§ 701 S. 1 ZPO) and the proceedings have stalled: the last procedural act (the service, or a later
 *   one the host names) takes the place of the end of the proceedings (§ 204 Abs. 2 S. 3 BGB), and the
 *   suspension ends six months after it (§ 204 Abs. 2 S. 1 BGB);
 * - otherwise the proceedings run until they end (`endedOn`), or up to `asOf` while they run.
 *
 * Example: applied 2025-02-03, served 2025-02-10, no Vollstreckungsbescheid → lapsed 2025-08-11;
 * stalled at the service 2025-02-10; suspended 2025-02-03 … 2025-08-10.
 *
 * @param p - the dates of the proceedings
 * @throws DateError naming the field for a malformed date
 */
export function courtDunningTolling(p: CourtDunningProceedings): CourtDunningTolling {
  const appliedOn = parseIsoDate(p.appliedOn, 'appliedOn');
  const asOf = parseIsoDate(p.asOf, 'asOf');
  const servedOn = p.servedOn === undefined ? undefined : parseIsoDate(p.servedOn, 'servedOn');
  const voApplied = p.enforcementOrderAppliedOn === undefined ? undefined : parseIsoDate(p.enforcementOrderAppliedOn, 'enforcementOrderAppliedOn');
  const endedOn = p.endedOn === undefined ? undefined : parseIsoDate(p.endedOn, 'endedOn');
  const lastAct = p.lastProceduralActOn === undefined ? undefined : parseIsoDate(p.lastProceduralActOn, 'lastProceduralActOn');
  if (servedOn !== undefined && servedOn < appliedOn) {
    throw new DateError(`servedOn: ${servedOn} is before the application ${appliedOn}; a Mahnbescheid is served after it is applied for.`, { field: 'servedOn' });
  }
  if (servedOn !== undefined) {
    // § 701 S. 1 ZPO: six months from service (§§ 187 Abs. 1, 188 Abs. 2 BGB via § 222 ZPO); the lapse is the day after.
    const deadline = addMonths(servedOn, 6);
    const appliedInTime = voApplied !== undefined && voApplied <= deadline;
    if (!appliedInTime && asOf > deadline) {
      const stalledAt = lastAct !== undefined && lastAct > servedOn ? lastAct : servedOn;
      const to = endedOn !== undefined && endedOn < stalledAt ? endedOn : stalledAt;
      return {
        tolling: { from: appliedOn, to, kind: 'court-dunning' },
        lapsedOn: addDays(deadline, 1),
        explanation:
          `No Vollstreckungsbescheid was applied for within six months of service (${servedOn} … ${deadline}): the Mahnbescheid lapsed on ${addDays(deadline, 1)} (§ 701 S. 1 ZPO). ` +
          `The proceedings stalled at the last procedural act on ${to}; the suspension ends six months after it (§ 204 Abs. 2 S. 1, 3 BGB).`,
      };
    }
  }
  if (endedOn !== undefined) {
    return { tolling: { from: appliedOn, to: endedOn, kind: 'court-dunning' }, lapsedOn: null, explanation: `The proceedings ended on ${endedOn} (§ 204 Abs. 2 S. 1 BGB).` };
  }
  return {
    tolling: { from: appliedOn, to: maxDate(asOf, appliedOn), kind: 'court-dunning' },
    lapsedOn: null,
    explanation: `The proceedings are running on ${asOf}; the suspension lasts at least until six months after it (§ 204 Abs. 1 Nr. 3, Abs. 2 BGB).`,
  };
}
