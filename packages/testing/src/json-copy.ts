/**
 * A deep copy of plain JSON data (what ledgers and outbox messages are). Members whose value is
 * `undefined` disappear, as they would in any JSON store.
 *
 * @internal
 */
export function copyJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
