/**
 * The order of a business day, defined once for every driver of the engine.
 *
 * 1. `commands` — the day's value-dated payments and debtor actions (disputes, holds, plans,
 *    promises), in the order they arrive. Each command first records the facts of the calendar up to
 *    the end of the day before (default, expired holds, missed installments; `factsBefore`), so a
 *    payment is allocated under § 367 BGB against the interest that had accrued.
 * 2. `decide` — the engine's decision for the day (`decide`): expired holds, default, missed
 *    installments, settlement, limitation, then at most one new stage. Because it comes after the
 *    commands, a debtor who pays in full on the day a stage would begin is settled, and never
 *    bears that stage's costs; a dispute or hold raised that day stops the step.
 * 3. `deliver` — the messages the decision queued go out (the host's outbox dispatch; in
 *    `simulate`, at once on the same day).
 *
 * `simulate` walks each day in this order. A host using `createMahnwerk` follows it by booking a
 * day's payments and debtor actions (`recordPayment`, `openDispute`, …) before it calls
 * `runDue(day)` for that day, which decides and then delivers — e.g. a runner that imports the
 * bank statement first and runs the engine after it.
 */
export const dayOrder = ['commands', 'decide', 'deliver'] as const;

/** One step of {@link dayOrder}. */
export type DayStep = (typeof dayOrder)[number];

/** What a driver does in each step of a day (sync in `simulate`, async in a host). */
export type DaySteps<R> = Readonly<Record<DayStep, () => R>>;

/**
 * Runs the steps of one business day in {@link dayOrder}, synchronously. `simulate` runs every day
 * of every claim through it, and the differential test drives `createMahnwerk` in the same order.
 *
 * @param steps - what to do in each step
 */
export function runDay(steps: DaySteps<void>): void {
  for (const step of dayOrder) steps[step]();
}

/**
 * Runs the steps of one business day in {@link dayOrder}, each awaited before the next — for a host
 * or runner that books a day's commands and then calls `runDue`.
 *
 * @param steps - what to do in each step
 */
export async function runDayAsync(steps: DaySteps<Promise<unknown>>): Promise<void> {
  for (const step of dayOrder) await steps[step]();
}
