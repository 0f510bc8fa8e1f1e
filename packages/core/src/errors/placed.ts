import type { MahnwerkError } from './errors.js';

/**
 * The same error, placed: an error of the same class (its prototype, so `instanceof` and
 * `MahnwerkError.isInstance` hold), with the same `code`, `name`, `retryable` and the fields of its
 * class (a `CostNoticeRequiredError`'s `notice` and `fee`, a `FactCorrectionRefusedError`'s
 * `because`), but with `field` and `message` given — the place the caller knows and the error's
 * thrower did not (e.g. `behaviour.script[3].until` for the decider's `until`) — and the error as its
 * `cause`. Its stack is the error's, headed by the new message. A host that branches on the class or
 * the code branches alike; nothing of the error itself is changed.
 *
 * @param error - the error thrown (an instance of a `MahnwerkError` class; fields are copied, so a
 *   class must keep its state in own properties, as every class of `errors.ts` does)
 * @param field - the field or path the placed error is about
 * @param message - the placed error's message: what was wrong, where, and how to fix it
 * @returns a new error of the same class
 * @internal
 */
export function placedError<E extends MahnwerkError>(error: E, field: string | undefined, message: string): E {
  const own = Object.getOwnPropertyDescriptors(error);
  // The stack is read (and formatted) once, as a string: V8 may keep it as an accessor of the error itself.
  const stack = error.stack;
  delete (own as Partial<typeof own>).stack;
  const placed = Object.create(Object.getPrototypeOf(error) as object, own) as E;
  Object.defineProperty(placed, 'message', { value: message, writable: true, enumerable: false, configurable: true });
  Object.defineProperty(placed, 'field', { value: field, writable: true, enumerable: true, configurable: true });
  Object.defineProperty(placed, 'cause', { value: error, writable: true, enumerable: false, configurable: true });
  if (typeof stack === 'string') {
    const head = `${error.name}: ${error.message}`;
    const placedStack = stack.startsWith(head) ? `${placed.name}: ${message}${stack.slice(head.length)}` : stack;
    Object.defineProperty(placed, 'stack', { value: placedStack, writable: true, enumerable: false, configurable: true });
  }
  return placed;
}
