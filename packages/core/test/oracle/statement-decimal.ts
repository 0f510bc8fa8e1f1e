// The test oracle of the statement: `statementAsOf` as it was before issue 7 point 5 moved its
// figures to integers (commit 0923dd4's packages/core/src/ledger/statement.ts, unchanged but for
// the imports and names): a statement built line by line in decimal.js, with the decimal
// Zinsstaffel of `interest-decimal.ts`, its totals the sums of its lines. Test-only. Since then it
// knows rule fee.letter-not-sent (its line's label, and `movedToUnapplied`: the held line and
// `unapplied`), rule fee.payment-day (its line's label) and fee-reinstated (its line), which the random
// ledgers of the property tests book (random-ledger.ts).
import { addDays, type IsoDate } from '../../src/calendar/date.js';
import { claimLegalTerms } from '../../src/ledger/legal-terms.js';
import type { ClaimEvent, ClaimEventOf } from '../../src/ledger/events.js';
import { holdLastDay, project } from '../../src/ledger/project.js';
import type { ClaimState, Statement, StatementLine } from '../../src/ledger/state.js';
import { costLabel, type StatementOptions } from '../../src/ledger/statement.js';
import type { PrincipalChange } from '../../src/law/de/interest.js';
import { add, maxMoney, money, negate, subtract, sum, zero, type Money } from '../../src/money/money.js';
import { decimalInterestSchedule } from './interest-decimal.js';

/** A run of days on which no default interest accrues, both ends inclusive; `to: null` = open-ended. */
interface Exclusion {
  from: IsoDate;
  to: IsoDate | null;
}

const PRINCIPAL_LABEL = 'Hauptforderung';
const PART_LABEL = { costs: 'Kosten', interest: 'Zinsen', principal: 'Hauptforderung' } as const;
const PAYMENT_BASIS = '§ 362 Abs. 1 BGB; § 367 Abs. 1 BGB';
const REVERSAL = {
  refund: { label: 'Erstattung der Zahlung', basis: 'Zahlung an den Schuldner erstattet; insoweit keine Erfüllung (§ 362 Abs. 1 BGB)' },
  chargeback: { label: 'Rückbelastung der Zahlung', basis: 'Zahlung zurückbelastet (Chargeback/Rücklastschrift); insoweit keine Erfüllung (§ 362 Abs. 1 BGB)' },
} as const;
const CREDIT_LABEL = 'Verrechnung zu viel gezahlter Kosten';
const CREDIT_BASIS = '§ 362 Abs. 1 BGB; § 367 Abs. 1 BGB';
// Added with rule fee.letter-not-sent's `movedToUnapplied` (bdc3d55), after the oracle was taken:
// costs paid on a dropped fee, held for the debtor.
const HELD_LABEL = 'Auf entfallene Kosten gezahlt, als Überzahlung gehalten';
const HELD_BASIS = '§ 812 Abs. 1 S. 1 Alt. 1 BGB';
// Added with fee-reinstated's `backFromPrincipal` / `backFromUnapplied`: the paid part a reduction moved, moved back.
const CREDIT_UNDONE_LABEL = 'Verrechnung zu viel gezahlter Kosten aufgehoben (Kosten wieder berechnet)';
const HELD_UNDONE_LABEL = 'Als Überzahlung gehaltene Kosten wieder auf die Kosten verrechnet (Kosten wieder berechnet)';
// Interest paid for days a withdrawn default took back (default-withdrawn.interestReallocated).
const INTEREST_CREDIT_LABEL = 'Verrechnung auf nicht geschuldete Verzugszinsen gezahlter Beträge (Mahnung nicht zugegangen)';
const INTEREST_CREDIT_BASIS = '§ 362 Abs. 1 BGB; § 367 Abs. 1 BGB; § 286 Abs. 1 BGB; § 130 Abs. 1 S. 1 BGB';
const INTEREST_HELD_LABEL = 'Auf nicht geschuldete Verzugszinsen gezahlt (Mahnung nicht zugegangen), als Überzahlung gehalten';

/** The default-withdrawn events of a state that re-allocate interest, in ledger order (read here on their own, not through the engine's reading). */
function reallocations(state: ClaimState): ClaimEventOf<'default-withdrawn'>[] {
  return state.events.filter((e): e is ClaimEventOf<'default-withdrawn'> => e.type === 'default-withdrawn' && e.interestReallocated !== undefined);
}
const ADJUSTMENT = {
  'credit-note': { label: 'Gutschrift', basis: 'Gutschrift des Gläubigers (Minderung der Hauptforderung)' },
  'write-down': { label: 'Teilerlass', basis: '§ 397 Abs. 1 BGB (Erlass)' },
} as const;

/**
 * The statement label of a fee reduction: collection costs are lowered to the 0.5 Geschäftsgebühr of
 * a simple case. (Added after the oracle was taken: the creditor fee of a letter never sent drops,
 * rule fee.letter-not-sent, 382693c/096659d; a fee charged on the day of a payment that settles
 * everything else drops, rule fee.payment-day.)
 */
function reductionLabel(rule: string | undefined, kind: string | undefined, code: string): string {
  // Added after the oracle was taken: a fee charged on the day of a payment that settles everything
  // else drops (rule fee.payment-day, §§ 280 Abs. 2, 286 BGB; § 254 Abs. 2 BGB) — collection costs by
  // their name, any other fee by the label of its code.
  if (rule === 'fee.payment-day') return `Entfällt: ${kind === 'collection-costs' ? 'Inkassokosten' : costLabel(code)}, am Tag der Zahlung entstanden`;
  if (rule === 'fee.letter-not-sent') return `Entfällt: ${costLabel(code)}, Schreiben nicht versandt`;
  // A fee charged before default as the ledger shows it once the notice default rested on was reported not received.
  if (rule === 'fee.before-default') return `Entfällt: ${kind === 'collection-costs' ? 'Inkassokosten' : costLabel(code)}, vor Verzugseintritt berechnet`;
  return kind === 'collection-costs' ? 'Ermäßigung der Inkassokosten auf die 0,5-Geschäftsgebühr (einfacher Fall, Nr. 2300 VV RVG)' : `Ermäßigung ${costLabel(code)}`;
}

/** The statement lines of one fee: one per item (fee and rate apart from the Nr. 7002 expenses) when the items add up to the fee, else one. */
function feeLines(fee: ClaimEventOf<'fee-charged'>, cur: string): StatementLine[] {
  const unconfirmed = fee.reason?.inputs?.['minimumConfirmed'] === false ? `${fee.code}: Mindestgebühr nur aus Sekundärquellen, nicht amtlich bestätigt` : undefined;
  const items = fee.items ?? [];
  const itemsAddUp = items.length > 0 && sum(items.map((i) => money(i.amount, cur)), cur).amount.equals(money(fee.amount, cur).amount);
  if (!itemsAddUp) {
    return [
      {
        part: 'costs',
        label: costLabel(fee.code),
        amount: money(fee.amount, cur),
        basis: fee.basis,
        date: fee.date,
        code: fee.code,
        ...(unconfirmed === undefined ? {} : { unconfirmed }),
      },
    ];
  }
  return items.map((item) => ({
    part: 'costs' as const,
    label: costLabel(item.code),
    amount: money(item.amount, cur),
    basis: item.basis,
    date: fee.date,
    code: item.code,
    ...(item.factor === undefined ? {} : { factor: item.factor }),
    ...(item.baseFee === undefined ? {} : { baseFee: money(item.baseFee, cur) }),
    ...(unconfirmed === undefined ? {} : { unconfirmed }),
  }));
}

/** The events a statement as of the end of `asOf` may see: the claim-created event and every event dated `asOf` or earlier. */
function eventsUpTo(events: readonly ClaimEvent[], asOf: IsoDate): ClaimEvent[] {
  return events.filter((e, i) => i === 0 || e.date <= asOf);
}

/** Days without interest: holds with `interestRuns: false`, and from a settled/written-off day until the claim is reopened. */
function exclusions(state: ClaimState): Exclusion[] {
  const out: Exclusion[] = [];
  for (const hold of state.holds) {
    if (hold.interestRuns) continue;
    const last = holdLastDay(hold);
    if (last === null || last >= hold.placedOn) out.push({ from: hold.placedOn, to: last });
  }
  let stoppedOn: IsoDate | null = null;
  for (const e of state.events) {
    if ((e.type === 'settled' || e.type === 'written-off') && stoppedOn === null) stoppedOn = e.date;
    else if (e.type === 'reopened' && stoppedOn !== null) {
      const last = addDays(e.date, -1);
      if (last >= stoppedOn) out.push({ from: stoppedOn, to: last });
      stoppedOn = null;
    }
  }
  if (stoppedOn !== null) out.push({ from: stoppedOn, to: null });
  return out;
}

function isExcluded(day: IsoDate, excl: readonly Exclusion[]): boolean {
  return excl.some((x) => x.from <= day && (x.to === null || day <= x.to));
}

/** A change of the principal owed on a day: principal parts of payments, adjustments, costs credited to the principal. */
interface PrincipalDelta {
  readonly date: IsoDate;
  readonly amount: Money;
}

/**
 * Everything that lowers the principal owed, by date: the principal parts of payments (less what
 * refunds and chargebacks put back), adjustments (credit notes, write-downs) and costs credited to
 * the principal by a fee reduction (`creditedToPrincipal`). Sorted by date (stable), so one sweep gives the principal on every day.
 */
function principalDeltas(state: ClaimState, cur: string): PrincipalDelta[] {
  const out: PrincipalDelta[] = [];
  for (const pay of state.payments) out.push({ date: pay.date, amount: money(pay.allocation.principal, cur) });
  // A refund or chargeback puts its principal part back: a negative lowering.
  for (const rev of state.reversals) out.push({ date: rev.date, amount: negate(money(rev.allocation.principal, cur)) });
  for (const adj of state.adjustments) out.push({ date: adj.date, amount: money(adj.amount, cur) });
  for (const red of state.feeReductions) if (red.creditedToPrincipal !== undefined) out.push({ date: red.date, amount: money(red.creditedToPrincipal, cur) });
  // Added after the oracle was taken: a reinstatement takes such a credit back (fee-reinstated.backFromPrincipal), from its day.
  for (const rei of state.feeReinstatements) if (rei.backFromPrincipal !== undefined) out.push({ date: rei.date, amount: negate(money(rei.backFromPrincipal, cur)) });
  // Interest re-allocated to the principal lowers it from the withdrawal's day.
  for (const w of reallocations(state)) for (const m of w.interestReallocated ?? []) out.push({ date: w.date, amount: money(m.principal, cur) });
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/**
 * The Zinsstaffel input: the interest-bearing principal (never below zero, zero on excluded days)
 * at every day it may change between `from` and `to`. The principal on a day is the original
 * principal minus every delta dated that day or earlier; one sweep over the sorted deltas and the
 * sorted days gives all of them (linear in the claim's events after sorting, not payments × days).
 */
function principalChanges(state: ClaimState, from: IsoDate, to: IsoDate, original: Money, excl: readonly Exclusion[]): PrincipalChange[] {
  const cur = original.currency;
  const deltas = principalDeltas(state, cur);
  const days = new Set<IsoDate>([from]);
  for (const d of deltas) days.add(d.date);
  for (const x of excl) {
    days.add(x.from);
    if (x.to !== null) days.add(addDays(x.to, 1));
  }
  const none = zero(cur);
  const changes: PrincipalChange[] = [];
  let owedBefore = original;
  let next = 0;
  for (const day of [...days].filter((d) => d >= from && d <= to).sort()) {
    while (next < deltas.length && (deltas[next] as PrincipalDelta).date <= day) {
      owedBefore = subtract(owedBefore, (deltas[next] as PrincipalDelta).amount);
      next++;
    }
    const principal = isExcluded(day, excl) ? none : maxMoney(owedBefore, none);
    const prev = changes[changes.length - 1];
    if (prev !== undefined && prev.principal.amount.equals(principal.amount)) continue;
    changes.push({ date: day, principal });
  }
  return changes;
}

/**
 * The statement of a claim as of the end of `asOf`, from every event dated `asOf` or earlier.
 * No date check: {@link statement} checks; the payment allocation also asks for the day before the
 * invoice date.
 */
export function decimalStatementAsOf(events: readonly ClaimEvent[], asOf: IsoDate, options: StatementOptions = {}): Omit<Statement, 'unconfirmed'> {
  const state = project(eventsUpTo(events, asOf));
  const facts = state.facts;
  const cur = facts.currency;
  const original = money(facts.principal, cur);
  const principalLines: StatementLine[] = [];
  const interestLines: StatementLine[] = [];
  const costLines: StatementLine[] = [];
  const reductionLines: StatementLine[] = [];

  principalLines.push({
    part: 'principal',
    label: PRINCIPAL_LABEL,
    amount: original,
    basis: `Rechnung ${facts.reference ?? facts.id}`,
    date: facts.invoiceDate,
  });

  // Default interest (§§ 286, 288 BGB): a Zinsstaffel from the first day of default to the end of asOf.
  let interestAccrued = zero(cur);
  if (state.defaultBegan !== null && state.defaultBegan <= asOf) {
    const excl = exclusions(state);
    const changes = principalChanges(state, state.defaultBegan, asOf, original, excl);
    const result = decimalInterestSchedule({
      changes,
      from: state.defaultBegan,
      to: asOf,
      ...claimLegalTerms(facts),
      ...(options.baseRates === undefined ? {} : { baseRates: options.baseRates }),
      ...(options.allowBeyondKnownBaseRate === undefined ? {} : { allowBeyondKnownBaseRate: options.allowBeyondKnownBaseRate }),
      ...(options.dayCount === undefined ? {} : { dayCount: options.dayCount }),
      ...(options.rounding === undefined ? {} : { rounding: options.rounding }),
    });
    for (const p of result.periods) {
      interestLines.push({
        part: 'interest',
        // A period of one day is that day ("am …"), never the same day twice.
        label: p.from === p.to ? `Verzugszinsen am ${p.from}` : `Verzugszinsen ${p.from}–${p.to}`,
        amount: p.amount,
        basis: p.basis,
        date: p.from,
        to: p.to,
        days: p.days,
        ratePercent: p.ratePercent.toString(),
        onPrincipal: p.principal,
        ...(p.assumedBaseRate === true
          ? { unconfirmed: `Basiszinssatz ${p.baseRatePercent.toString()} % angenommen: für diesen Zeitraum ist kein Basiszinssatz bekannt (§ 247 BGB)` }
          : p.unconfirmedBaseRate === true
            ? { unconfirmed: `Basiszinssatz ${p.baseRatePercent.toString()} % noch nicht amtlich bestätigt (§ 247 BGB; Bundesbank/Bundesanzeiger prüfen)` }
            : {}),
      });
    }
    interestAccrued = result.total;
    // With rounding 'total' the shown period amounts need not add up to the total; a correction
    // line keeps "total = sum of lines" true.
    const shown = sum(interestLines.map((l) => l.amount), cur);
    if (!shown.amount.equals(interestAccrued.amount)) {
      interestLines.push({
        part: 'interest',
        label: 'Rundungsdifferenz Verzugszinsen (einmalige Rundung der Summe)',
        amount: subtract(interestAccrued, shown),
        basis: result.periods[result.periods.length - 1]?.basis ?? '§ 288 BGB',
        // Dated like the last period, so it follows the interest lines.
        date: result.periods[result.periods.length - 1]?.from ?? state.defaultBegan,
      });
    }
  }

  for (const fee of state.fees) costLines.push(...feeLines(fee, cur));
  // Fee reductions come before the payments of their day: a reduction on the day of a payment
  // lowers the costs that payment meets (see openPartsForPayment).
  for (const red of state.feeReductions) {
    const fee = state.fees.find((f) => f.feeId === red.feeId);
    reductionLines.push({
      part: 'costs',
      label: reductionLabel(red.reason?.rule, fee?.kind, fee?.code ?? red.feeId),
      amount: negate(money(red.amount, cur)),
      basis: red.basis,
      date: red.date,
    });
    const credited = red.creditedToPrincipal === undefined ? null : money(red.creditedToPrincipal, cur);
    if (credited !== null && !credited.amount.isZero()) {
      // Costs already paid above the lowered fee: moved from the costs to the principal.
      reductionLines.push({ part: 'costs', label: CREDIT_LABEL, amount: credited, basis: CREDIT_BASIS, date: red.date });
      reductionLines.push({ part: 'principal', label: CREDIT_LABEL, amount: negate(credited), basis: CREDIT_BASIS, date: red.date });
    }
    // Costs paid on a dropped fee that no principal took (movedToUnapplied): back on the costs (they
    // pay no costs any more), held for the debtor (unapplied, below).
    const moved = sum((red.movedToUnapplied ?? []).map((m) => money(m.amount, cur)), cur);
    if (!moved.amount.isZero()) reductionLines.push({ part: 'costs', label: HELD_LABEL, amount: moved, basis: HELD_BASIS, date: red.date });
  }

  let unapplied = zero(cur);
  for (const red of state.feeReductions) for (const m of red.movedToUnapplied ?? []) unapplied = add(unapplied, money(m.amount, cur));
  // Interest paid for days a withdrawn default took back: back on the interest, onto the principal or held for the debtor.
  for (const w of reallocations(state)) {
    const moves = w.interestReallocated ?? [];
    const credited = sum(moves.map((m) => money(m.principal, cur)), cur);
    const held = sum(moves.map((m) => money(m.unapplied, cur)), cur);
    if (!credited.amount.isZero()) {
      reductionLines.push({ part: 'interest', label: INTEREST_CREDIT_LABEL, amount: credited, basis: INTEREST_CREDIT_BASIS, date: w.date });
      reductionLines.push({ part: 'principal', label: INTEREST_CREDIT_LABEL, amount: negate(credited), basis: INTEREST_CREDIT_BASIS, date: w.date });
    }
    if (!held.amount.isZero()) reductionLines.push({ part: 'interest', label: INTEREST_HELD_LABEL, amount: held, basis: HELD_BASIS, date: w.date });
    unapplied = add(unapplied, held);
  }
  for (const pay of state.payments) {
    for (const part of ['costs', 'interest', 'principal'] as const) {
      const amount = money(pay.allocation[part], cur);
      if (amount.amount.isZero()) continue;
      reductionLines.push({
        part,
        label: `Zahlung auf ${PART_LABEL[part]}`,
        amount: negate(amount),
        basis: pay.reason?.basis ? `§ 362 Abs. 1 BGB; ${pay.reason.basis}` : PAYMENT_BASIS,
        date: pay.date,
      });
    }
    unapplied = add(unapplied, money(pay.allocation.unapplied, cur));
  }
  // A refund or chargeback puts back the parts its payment had paid (positive lines, from its day).
  for (const rev of state.reversals) {
    const text = REVERSAL[rev.kind];
    for (const part of ['costs', 'interest', 'principal'] as const) {
      const amount = money(rev.allocation[part], cur);
      if (amount.amount.isZero()) continue;
      reductionLines.push({ part, label: `${text.label} auf ${PART_LABEL[part]}`, amount, basis: text.basis, date: rev.date });
    }
    unapplied = subtract(unapplied, money(rev.allocation.unapplied, cur));
  }
  // Added after the oracle was taken: a fee dropped or lowered for a payment that was taken back comes
  // back (fee-reinstated, rule fee.reinstated, § 362 Abs. 1 BGB): a positive costs line after the reversals.
  for (const e of state.events) {
    if (e.type !== 'fee-reinstated') continue;
    const fee = state.fees.find((f) => f.feeId === e.feeId);
    const what = fee?.kind === 'collection-costs' ? 'Inkassokosten' : costLabel(fee?.code ?? e.feeId);
    reductionLines.push({ part: 'costs', label: `Wieder berechnet: ${what}, Zahlung zurückgebucht`, amount: money(e.amount, cur), basis: e.basis, date: e.date });
    // The paid part its reductions had moved, moved back (backFromPrincipal, backFromUnapplied): it pays the costs again.
    if (e.backFromPrincipal !== undefined) {
      reductionLines.push({ part: 'costs', label: CREDIT_UNDONE_LABEL, amount: negate(money(e.backFromPrincipal, cur)), basis: CREDIT_BASIS, date: e.date });
      reductionLines.push({ part: 'principal', label: CREDIT_UNDONE_LABEL, amount: money(e.backFromPrincipal, cur), basis: CREDIT_BASIS, date: e.date });
    }
    const movedBack = sum((e.backFromUnapplied ?? []).map((m) => money(m.amount, cur)), cur);
    if (!movedBack.amount.isZero()) reductionLines.push({ part: 'costs', label: HELD_UNDONE_LABEL, amount: negate(movedBack), basis: CREDIT_BASIS, date: e.date });
    unapplied = subtract(unapplied, movedBack);
  }
  for (const adj of state.adjustments) {
    const text = ADJUSTMENT[adj.kind];
    reductionLines.push({
      part: 'principal',
      label: adj.note ? `${text.label}: ${adj.note}` : text.label,
      amount: negate(money(adj.amount, cur)),
      basis: adj.reason?.basis ?? text.basis,
      date: adj.date,
    });
  }

  // Stable sort by date: on one day the principal, then costs, then payments and credits, then the
  // interest periods beginning that day (they run on the principal after the day's payments).
  const all = [...principalLines, ...costLines, ...reductionLines, ...interestLines];
  const lines = all
    .map((line, i) => ({ line, i }))
    .sort((a, b) => (a.line.date < b.line.date ? -1 : a.line.date > b.line.date ? 1 : a.i - b.i))
    .map((x) => Object.freeze(x.line));
  const partTotal = (part: StatementLine['part']): Money => sum(lines.filter((l) => l.part === part).map((l) => l.amount), cur);
  const principal = partTotal('principal');
  const interest = partTotal('interest');
  const costs = partTotal('costs');
  return Object.freeze({
    claimId: facts.id,
    asOf,
    currency: cur,
    principal,
    interest,
    costs,
    total: add(add(principal, interest), costs),
    interestAccrued,
    unapplied,
    lines: Object.freeze(lines),
    unconfirmed: Object.freeze([...new Set(lines.flatMap((l) => (l.unconfirmed === undefined ? [] : [l.unconfirmed])))]),
  });
}

