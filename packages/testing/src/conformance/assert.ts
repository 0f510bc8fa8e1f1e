import { MahnwerkError, type MahnwerkErrorCode } from '@mahnwerk/core';
import { ConformanceFailure } from './check.js';

/** JSON with sorted keys: two values with the same JSON data give the same text. @internal */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

/** A short printable form of a value. @internal */
export function show(value: unknown, max = 400): string {
  let text: string;
  if (value instanceof Error) text = `${value.name}: ${value.message}`;
  else if (value === undefined) text = 'undefined';
  else {
    try {
      text = stableJson(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Throws a {@link ConformanceFailure}. @internal */
export function fail(message: string): never {
  throw new ConformanceFailure(message);
}

/** Fails with `message` unless `condition` holds. @internal */
export function ok(condition: unknown, message: string | (() => string)): asserts condition {
  if (!condition) fail(typeof message === 'function' ? message() : message);
}

/** Where two texts first differ, with some context on both sides. @internal */
export function firstDifference(expected: string, found: string): string {
  let at = 0;
  while (at < expected.length && at < found.length && expected[at] === found[at]) at++;
  const from = Math.max(0, at - 60);
  const cut = (text: string): string => `${from > 0 ? '…' : ''}${text.slice(from, at + 80)}${text.length > at + 80 ? '…' : ''}`;
  return `first difference at character ${at}:\n    expected ${cut(expected)}\n    found    ${cut(found)}`;
}

/** Fails unless `actual` and `expected` are the same JSON data (key order ignored). @internal */
export function same(actual: unknown, expected: unknown, what: string): void {
  const a = stableJson(actual) ?? 'undefined';
  const e = stableJson(expected) ?? 'undefined';
  if (a !== e) {
    fail(
      `${what}\n  expected: ${show(expected, 600)}\n  found:    ${show(actual, 600)}` +
        (a.length > 200 || e.length > 200 ? `\n  ${firstDifference(e, a)}` : ''),
    );
  }
}

/** Whether a value is a mahnwerk error with this code. @internal */
export function hasCode(error: unknown, code: MahnwerkErrorCode): error is MahnwerkError {
  return MahnwerkError.isInstance(error) && error.code === code;
}

/**
 * Awaits `promise` and fails unless it rejects with a `MahnwerkError` of `code`.
 *
 * @internal
 */
export async function rejectsWith(promise: Promise<unknown>, code: MahnwerkErrorCode, what: string): Promise<MahnwerkError> {
  let result: unknown;
  try {
    result = await promise;
  } catch (error) {
    if (hasCode(error, code)) return error;
    if (MahnwerkError.isInstance(error)) {
      fail(`${what}: expected it to reject with a MahnwerkError of code '${code}', but it rejected with code '${error.code}': ${error.message}`);
    }
    fail(`${what}: expected it to reject with a MahnwerkError of code '${code}', but it rejected with ${show(error)} (not a MahnwerkError).`);
  }
  return fail(`${what}: expected it to reject with a MahnwerkError of code '${code}', but it resolved with ${show(result)}.`);
}

/**
 * Awaits `promise`; if it rejects, fails with a message saying what was being done.
 *
 * @internal
 */
export async function resolves<T>(promise: Promise<T>, what: string): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    return fail(`${what}: expected it to succeed, but it rejected with ${show(error)}.`);
  }
}

/** Runs a mutation of a returned object; a frozen object's TypeError is fine (it could not be changed). @internal */
export function tryMutate(mutate: () => void): void {
  try {
    mutate();
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
  }
}

/** Settles promises and splits them into the indexes that fulfilled and the errors of the rest. @internal */
export async function settle<T>(promises: readonly Promise<T>[]): Promise<{ fulfilled: number[]; rejected: unknown[] }> {
  const results = await Promise.allSettled(promises);
  const fulfilled: number[] = [];
  const rejected: unknown[] = [];
  results.forEach((r, i) => {
    if (r.status === 'fulfilled') fulfilled.push(i);
    else rejected.push(r.reason);
  });
  return { fulfilled, rejected };
}
