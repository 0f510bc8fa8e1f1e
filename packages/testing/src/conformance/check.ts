/**
 * One specification check of a port: a promise from the port's TSDoc, checked against an adapter.
 * The `test…` suites run each check as a vitest test; {@link runConformance} runs them without
 * a test framework.
 *
 * @typeParam S - what the check needs: a factory for fresh adapters, and optional hooks
 */
export interface ConformanceCheck<S> {
  /** Stable id, e.g. `claim-store/conflict-stale`. */
  readonly id: string;
  /** The part of the port it belongs to (a `describe` block). */
  readonly group: string;
  /** The promise, in words (the test name). */
  readonly title: string;
  /** Why the check cannot run against this subject (a missing optional hook), or `undefined` when it can. */
  unavailable?(subject: S): string | undefined;
  /**
   * Runs the check on fresh adapters from `subject`.
   *
   * @param subject - the adapter factory and hooks
   * @returns a promise that resolves when the promise holds and rejects with a
   *   {@link ConformanceFailure} (or the adapter's own unexpected error) when it does not
   */
  run(subject: S): Promise<void>;
}

/** The error a check throws when an adapter breaks a promise of its port. */
export class ConformanceFailure extends Error {
  /**
   * @param message - which promise was broken: what was expected and what was found
   */
  constructor(message: string) {
    super(message);
    this.name = 'ConformanceFailure';
  }
}

/** The outcome of one check in a {@link ConformanceReport}. */
export interface ConformanceOutcome {
  /** The check's id. */
  readonly id: string;
  /** The check's title. */
  readonly title: string;
  /** `passed`, `failed` or `skipped`. */
  readonly status: 'passed' | 'failed' | 'skipped';
  /** For `failed`: the error's message; for `skipped`: why. */
  readonly message?: string;
  /** For `failed`: the error itself. */
  readonly error?: unknown;
}

/** What {@link runConformance} found. */
export interface ConformanceReport {
  /** True when no check failed. */
  readonly ok: boolean;
  /** Every check's outcome, in check order. */
  readonly outcomes: readonly ConformanceOutcome[];
  /** Ids of the checks that failed. */
  readonly failed: readonly string[];
}

/**
 * Runs checks one after another outside any test framework and reports each outcome — for
 * adapter authors on other runners, and to prove that a suite catches a broken adapter.
 *
 * @param checks - the checks, e.g. `claimStoreChecks`
 * @param subject - the adapter factory and hooks the checks need
 * @returns the report
 */
export async function runConformance<S>(checks: readonly ConformanceCheck<S>[], subject: S): Promise<ConformanceReport> {
  const outcomes: ConformanceOutcome[] = [];
  for (const check of checks) {
    const reason = check.unavailable?.(subject);
    if (reason !== undefined) {
      outcomes.push({ id: check.id, title: check.title, status: 'skipped', message: reason });
      continue;
    }
    try {
      await check.run(subject);
      outcomes.push({ id: check.id, title: check.title, status: 'passed' });
    } catch (error) {
      outcomes.push({ id: check.id, title: check.title, status: 'failed', message: error instanceof Error ? error.message : String(error), error });
    }
  }
  const failed = outcomes.filter((o) => o.status === 'failed').map((o) => o.id);
  return { ok: failed.length === 0, outcomes, failed };
}
