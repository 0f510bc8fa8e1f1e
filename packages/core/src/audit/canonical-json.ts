import { ValidationError } from '../errors/errors.js';

/**
 * Canonical JSON in the spirit of RFC 8785 (JSON Canonicalization Scheme, JCS), restricted to the
 * JSON data mahnwerk events consist of. Two values that mean the same JSON data always give the
 * same string, byte for byte, on every JavaScript engine — which is what makes a hash over it
 * reproducible by an auditor with any JCS implementation.
 *
 * The encoding:
 * - no whitespace anywhere;
 * - `null`, `true`, `false` as in JSON;
 * - numbers: only safe integers (`Number.isSafeInteger`), written in plain decimal digits with a
 *   leading `-` when negative (`-0` is written `0`, as in RFC 8785). Money and every other decimal
 *   is carried in events as a decimal string (`"12.50"`), so fractions, NaN, ±Infinity and integers
 *   beyond ±(2^53 − 1) are refused rather than risk a lossy or engine-dependent rendering;
 * - strings: JSON string escaping as RFC 8785 § 3.2.2.2 prescribes — `\"`, `\\`, `\b`, `\f`, `\n`,
 *   `\r`, `\t`, every other code unit below U+0020 as `\u00xx` with lowercase hex, everything else
 *   (including `/`, non-ASCII and astral characters) as the character itself. Strings with a lone
 *   (unpaired) UTF-16 surrogate are refused: they are not valid Unicode (I-JSON, RFC 7493 § 2.1)
 *   and could not be encoded as UTF-8 for hashing without loss;
 * - arrays: elements in their order, separated by `,`;
 * - objects: members sorted by their keys compared as sequences of UTF-16 code units (RFC 8785
 *   § 3.2.3; the same order as JavaScript's default `Array.prototype.sort` on strings), `"key":value`
 *   separated by `,`. Keys follow the string rules above;
 * - **a member whose value is `undefined` is omitted**, as `JSON.stringify` does, so an optional
 *   property that is absent and one that is set to `undefined` encode the same.
 *
 * Refused, with a {@link ValidationError} whose `field` (and message) names the path of the bad
 * value, e.g. `event.payload.amount` or `event.items[2]`: `undefined` as an array element or as the
 * value itself, functions, symbols, bigints, `Date`s, `Map`s, class instances and any other object
 * that is not a plain object (prototype `Object.prototype` or `null`) or an array, objects with
 * symbol keys, and circular references. Nothing is converted behind the caller's back: there is no
 * `toJSON` call, so a `Date` must be turned into an `IsoDate` string by the caller.
 *
 * @param value - the JSON data to encode
 * @param path - the name of `value` used in error messages (default: none, so the paths of
 *   members start with their key, e.g. `payload.amount`)
 * @returns the canonical JSON text
 * @throws ValidationError when `value` is not JSON data as described above
 *
 * @example
 * ```ts
 * canonicalJson({ b: [true, null], a: 'x', c: undefined }) // '{"a":"x","b":[true,null]}'
 * ```
 */
export function canonicalJson(value: unknown, path = ''): string {
  return encodeRoot(value, path, false).text;
}

/**
 * {@link canonicalJson} and, in the same pass, a deep-frozen copy of the value as `JSON.parse` of
 * that text would give it: members in canonical key order, members whose value is `undefined`
 * left out, `-0` written and copied as `0`. For the audit trail, which stores a frozen copy of
 * every event it hashes.
 *
 * @internal
 * @param value - the JSON data to encode
 * @param path - as for {@link canonicalJson}
 * @returns the canonical JSON text and the frozen copy
 * @throws ValidationError when `value` is not JSON data (as {@link canonicalJson})
 */
export function canonicalJsonAndCopy(value: unknown, path = ''): { text: string; copy: unknown } {
  return encodeRoot(value, path, true);
}

/**
 * Objects and arrays nested deeper than this are written by a second pass that tracks the
 * ancestors of every value (a Set of them) to refuse circular references. Events are a few levels
 * deep, so the first pass does without that bookkeeping: a cycle there shows as unbounded depth.
 */
const UNTRACKED_DEPTH = 64;
/** Thrown by the first pass when it gets deeper than {@link UNTRACKED_DEPTH}. */
const TOO_DEEP: unique symbol = Symbol('too deep');

function encodeRoot(value: unknown, path: string, copying: boolean): { text: string; copy: unknown } {
  // The first pass visits values in the same order as the second and, before it gets too deep,
  // meets the same first refusal (a cycle only sends it down the same members again), so its
  // errors and text are those of the second pass.
  const fast: Out = { text: '', trail: [path], copying, ancestors: null };
  try {
    const copy = encodeValue(value, fast);
    return { text: fast.text, copy };
  } catch (error) {
    if (error !== TOO_DEEP) throw error;
  }
  const out: Out = { text: '', trail: [path], copying, ancestors: new Set<object>() };
  const copy = encodeValue(value, out);
  return { text: out.text, copy };
}

/**
 * The text written so far and the way to the value being written (a root path, then keys and
 * indexes). The path of an error message is built from the trail only when something is refused,
 * so the common case (valid data) makes no path strings at all.
 */
interface Out {
  text: string;
  readonly trail: (string | number)[];
  /** Whether the encoders also return a frozen copy of what they wrote (see canonicalJsonAndCopy). */
  readonly copying: boolean;
  /** The objects and arrays being written (to refuse cycles), or null in the first, untracked pass. */
  readonly ancestors: Set<object> | null;
}

function pathOf(out: Out): string {
  let path = out.trail[0] as string;
  for (let i = 1; i < out.trail.length; i++) {
    const step = out.trail[i] as string | number;
    path = typeof step === 'number' ? `${path}[${step}]` : childPath(path, step);
  }
  return path;
}

/** Writes a value; returns its frozen copy when `out.copying` (else `undefined`). */
function encodeValue(value: unknown, out: Out): unknown {
  switch (typeof value) {
    case 'string':
      out.text += quoteString(value, out);
      return value;
    case 'boolean':
      out.text += value ? 'true' : 'false';
      return value;
    case 'number':
      out.text += encodeNumber(value, out);
      return value === 0 ? 0 : value; // -0 reads back as 0
    case 'object': {
      if (value === null) {
        out.text += 'null';
        return null;
      }
      const ancestors = out.ancestors;
      if (ancestors === null) {
        if (out.trail.length > UNTRACKED_DEPTH) throw TOO_DEEP;
        return Array.isArray(value) ? encodeArray(value, out) : encodeObject(value, out);
      }
      if (ancestors.has(value)) {
        throw refuse(pathOf(out), 'is a circular reference (it contains itself)', 'store the data as a tree without cycles');
      }
      ancestors.add(value);
      const copy = Array.isArray(value) ? encodeArray(value, out) : encodeObject(value, out);
      ancestors.delete(value);
      return copy;
    }
    case 'undefined':
      throw refuse(pathOf(out), 'is undefined', 'leave the property out, or use null for "no value"');
    case 'bigint':
      throw refuse(pathOf(out), `is a bigint (${String(value)}n)`, 'use a decimal string such as "12.50" or a safe integer');
    case 'function':
      throw refuse(pathOf(out), 'is a function', 'pass plain JSON data only');
    case 'symbol':
      throw refuse(pathOf(out), 'is a symbol', 'pass plain JSON data only');
  }
}

function encodeNumber(value: number, out: Out): string {
  if (Number.isSafeInteger(value)) {
    // String() of a safe integer has no exponent and no fraction; -0 becomes "0" (RFC 8785).
    return String(value);
  }
  const what = Number.isNaN(value)
    ? 'is NaN'
    : !Number.isFinite(value)
      ? `is ${value > 0 ? 'Infinity' : '-Infinity'}`
      : Number.isInteger(value)
        ? `is ${String(value)}, an integer beyond the safe range ±(2^53 - 1)`
        : `is ${String(value)}, not an integer`;
  return fail(
    pathOf(out),
    what,
    'only safe integers are allowed as numbers in audited data; money and other decimals go in as decimal strings such as "12.50"',
  );
}

function encodeArray(value: readonly unknown[], out: Out): unknown {
  const copy: unknown[] | undefined = out.copying ? [] : undefined;
  out.text += '[';
  out.trail.push(0);
  const at = out.trail.length - 1;
  for (let i = 0; i < value.length; i++) {
    if (i > 0) out.text += ',';
    out.trail[at] = i;
    if (!(i in value)) {
      throw refuse(pathOf(out), 'is a hole in a sparse array', 'fill the array or use null');
    }
    const item = value[i];
    if (item === undefined) {
      throw refuse(pathOf(out), 'is undefined (undefined is not allowed inside arrays)', 'use null or remove the element');
    }
    const itemCopy = encodeValue(item, out);
    if (copy !== undefined) copy.push(itemCopy);
  }
  out.trail.pop();
  out.text += ']';
  return copy === undefined ? undefined : Object.freeze(copy);
}

function encodeObject(value: object, out: Out): unknown {
  const proto: unknown = Object.getPrototypeOf(value);
  // A plain object has Object.prototype (of any realm, whose own prototype is null) or null.
  if (proto !== null && Object.getPrototypeOf(proto) !== null) {
    const name = describeInstance(value);
    throw refuse(
      pathOf(out),
      `is ${name}, not a plain object or array`,
      value instanceof Date
        ? 'write dates as IsoDate strings (YYYY-MM-DD) or ISO 8601 timestamp strings'
        : 'convert it to plain JSON data (objects, arrays, strings, safe integers, booleans, null)',
    );
  }
  const ownSymbols = Object.getOwnPropertySymbols(value);
  const symbols = ownSymbols.length === 0 ? ownSymbols : ownSymbols.filter((s) => Object.prototype.propertyIsEnumerable.call(value, s));
  if (symbols.length > 0) {
    throw refuse(pathOf(out), `has a symbol key (${String(symbols[0])})`, 'use string keys only');
  }
  const record = value as Record<string, unknown>;
  const keys = sortedKeys(record);
  const copy: Record<string, unknown> | undefined = out.copying ? {} : undefined;
  out.text += '{';
  out.trail.push('');
  const at = out.trail.length - 1;
  let first = true;
  for (const key of keys) {
    const member = record[key];
    if (member === undefined) continue; // omitted, like JSON.stringify
    out.trail[at] = key;
    if (!first) out.text += ',';
    first = false;
    let written = memberKeys.get(key);
    if (written === undefined) {
      written = `${quoteString(key, out)}:`;
      if (memberKeys.size < MEMBER_KEYS_MAX && key.length <= 64) memberKeys.set(key, written);
    }
    out.text += written;
    const memberCopy = encodeValue(member, out);
    if (copy !== undefined) {
      // JSON.parse makes "__proto__" an own member; an assignment would set the prototype instead.
      if (key === '__proto__') Object.defineProperty(copy, key, { value: memberCopy, enumerable: true, writable: true, configurable: true });
      else copy[key] = memberCopy;
    }
  }
  out.trail.pop();
  out.text += '}';
  return copy === undefined ? undefined : Object.freeze(copy);
}

/**
 * The object's own enumerable string keys in RFC 8785 § 3.2.3 order: compared as sequences of
 * UTF-16 code units, which is what `<` does on strings and what the default `Array.prototype.sort`
 * does. Events have a handful of keys, and an insertion sort with `<` is several times cheaper
 * there than `sort()` (which converts and compares through a generic path); long key lists still
 * go to `sort()`.
 */
function sortedKeys(record: Record<string, unknown>): string[] {
  const keys = Object.keys(record);
  const n = keys.length;
  if (n > 24) return keys.sort();
  for (let i = 1; i < n; i++) {
    const key = keys[i] as string;
    let j = i - 1;
    while (j >= 0 && (keys[j] as string) > key) {
      keys[j + 1] = keys[j] as string;
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
}

/**
 * Member keys as written (`"key":`), by key: events use a few dozen keys over and over, and a look-up
 * is cheaper than checking the key for characters to escape each time. Only keys that passed
 * {@link quoteString} are stored, up to 4,096 keys of up to 64 characters, never changed: the
 * text does not depend on what was encoded before.
 */
const memberKeys = new Map<string, string>();
const MEMBER_KEYS_MAX = 4096;

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const needsEscape = /["\\\u0000-\u001f]/;
/** Nothing to escape and no surrogate at all: the common case, decided by one test. */
const needsLook = /["\\\u0000-\u001f\uD800-\uDFFF]/;

function quoteString(value: string, out: Out): string {
  if (!needsLook.test(value)) return `"${value}"`;
  const bad = loneSurrogate.exec(value);
  if (bad !== null) {
    const unit = bad[0].charCodeAt(0).toString(16).padStart(4, '0');
    throw refuse(
      pathOf(out),
      `contains a lone UTF-16 surrogate (\\u${unit} at position ${bad.index}), which is not valid Unicode`,
      'repair the string (e.g. it was cut in the middle of an emoji)',
    );
  }
  if (!needsEscape.test(value)) return `"${value}"`;
  let result = '"';
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    switch (code) {
      case 0x22:
        result += '\\"';
        break;
      case 0x5c:
        result += '\\\\';
        break;
      case 0x08:
        result += '\\b';
        break;
      case 0x0c:
        result += '\\f';
        break;
      case 0x0a:
        result += '\\n';
        break;
      case 0x0d:
        result += '\\r';
        break;
      case 0x09:
        result += '\\t';
        break;
      default:
        result += code < 0x20 ? `\\u${code.toString(16).padStart(4, '0')}` : value.charAt(i);
    }
  }
  return `${result}"`;
}

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function childPath(path: string, key: string): string {
  if (identifier.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

function describeInstance(value: object): string {
  if (value instanceof Date) return 'a Date';
  const ctor: unknown = (value as { constructor?: unknown }).constructor;
  const name = typeof ctor === 'function' && ctor.name !== '' ? ctor.name : 'an object with a custom prototype';
  return typeof ctor === 'function' && ctor.name !== '' ? `an instance of ${name}` : name;
}

function refuse(path: string, what: string, fix: string): ValidationError {
  const where = path === '' ? 'value' : path;
  return new ValidationError(`canonical JSON: ${where} ${what}; ${fix}.`, { field: where });
}

function fail(path: string, what: string, fix: string): never {
  throw refuse(path, what, fix);
}
