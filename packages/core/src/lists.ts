/**
 * A new empty list for objects or strings, made so that V8 gives it the same elements kind
 * (PACKED_ELEMENTS) as a list that holds some.
 *
 * An empty literal `[]` (or the `.map` of an empty list, or `[...empty]`) starts as a list of small
 * integers: a call site that saw only empty lists is compiled for that kind and deoptimised ("wrong
 * map") at the first claim whose list holds an object, and a `push` of an object into it deoptimises
 * ("not a Smi"). The state's lists and the hot functions' working lists start here, so every list
 * a call site sees has one map.
 *
 * @internal
 */
export function emptyList<T>(): T[] {
  // An object in, then out: the list keeps the kind of lists of objects, and is empty.
  const list: T[] = [undefined as T];
  list.pop();
  return list;
}

/**
 * A copy of `list` with `list[index]` replaced by `value`. A copy by `slice` keeps the list's
 * elements kind; `list.map(…)` in optimised code makes a holey list, a second map at every call site
 * that reads the list (see {@link emptyList}).
 *
 * @internal
 */
export function replacedAt<T>(list: readonly T[], index: number, value: T): T[] {
  const copy = list.slice();
  copy[index] = value;
  return copy;
}
