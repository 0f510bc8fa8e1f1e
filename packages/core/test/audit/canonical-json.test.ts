import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, MahnwerkError, ValidationError } from '../../src/index.js';
import { canonicalJsonAndCopy } from '../../src/audit/canonical-json.js';

/** Expect `fn` to throw a ValidationError (code invalid_input) whose field is `field`. */
function expectRefused(fn: () => unknown, field: string, messagePart?: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ValidationError);
  expect(MahnwerkError.isInstance(caught)).toBe(true);
  const error = caught as ValidationError;
  expect(error.code).toBe('invalid_input');
  expect(error.field).toBe(field);
  expect(error.message).toContain(field);
  if (messagePart !== undefined) expect(error.message).toMatch(messagePart);
}

describe('canonicalJson — RFC 8785 (JCS) examples, checked by hand', () => {
  it('RFC 8785 § 3.2.3: sorts keys by UTF-16 code units (emoji U+1F600 = D83D DE00 sorts before U+FB33)', () => {
    // Input of RFC 8785 § 3.2.3. Key code units: "\r" 000D, "1" 0031, "\u0080" 0080, "ö" 00F6,
    // "€" 20AC, "😀" D83D DE00, "דּ" FB33 — ascending in that order (by code point U+1F600 would
    // come last; JCS uses UTF-16 units, so it comes before FB33).
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    const expected =
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
      '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}';
    expect(canonicalJson(input)).toBe(expected);
  });

  it('RFC 8785 § 3.2.2.2: string escaping (the example without its floating-point numbers)', () => {
    // RFC input "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/" decodes to: € $ U+000F LF A ' B " \ \ " /
    const value = { literals: [null, true, false], string: '\u20ac$\u000f\nA\'B"\\\\"/' };
    // Canonical form per RFC: € and $ as is, U+000F as \u000f (lowercase hex), LF as \n,
    // " as \", each \ as \\, "/" not escaped.
    const expected = '{"literals":[null,true,false],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}';
    expect(canonicalJson(value)).toBe(expected);
  });

  it('uses the two-character escapes \\b \\f \\n \\r \\t and \\u00xx (lowercase) for other controls', () => {
    expect(canonicalJson('\b\f\n\r\t\u0000\u001f\u007f')).toBe('"\\b\\f\\n\\r\\t\\u0000\\u001f\u007f"');
    // U+007F (DEL) is not below U+0020 and stays as is, as in RFC 8785 / ECMAScript JSON.stringify.
  });

  it('writes literals, safe integers, nested arrays and objects without whitespace; -0 as 0', () => {
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson(true)).toBe('true');
    expect(canonicalJson(-0)).toBe('0');
    expect(canonicalJson(Number.MAX_SAFE_INTEGER)).toBe('9007199254740991');
    expect(canonicalJson(-Number.MAX_SAFE_INTEGER)).toBe('-9007199254740991');
    expect(canonicalJson({ z: [], a: {}, m: [1, [2, { y: 'x', b: null }]] })).toBe('{"a":{},"m":[1,[2,{"b":null,"y":"x"}]],"z":[]}');
  });

  it('omits object members whose value is undefined (an absent optional property encodes the same)', () => {
    expect(canonicalJson({ a: 1, b: undefined, c: { d: undefined } })).toBe('{"a":1,"c":{}}');
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
  });

  it('accepts objects without a prototype', () => {
    const bare = Object.create(null) as Record<string, unknown>;
    bare['b'] = 1;
    bare['a'] = 'x';
    expect(canonicalJson(bare)).toBe('{"a":"x","b":1}');
  });

  it('treats a "__proto__" key read from JSON as an ordinary member', () => {
    expect(canonicalJson(JSON.parse('{"b":2,"__proto__":{"x":1}}'))).toBe('{"__proto__":{"x":1},"b":2}');
  });

  it('encodes shared (non-circular) references each time they occur', () => {
    const shared = { k: 'v' };
    expect(canonicalJson({ a: shared, b: [shared] })).toBe('{"a":{"k":"v"},"b":[{"k":"v"}]}');
  });
});

describe('canonicalJson — only JSON data: refusals name the path', () => {
  it('refuses a non-integer number and says money goes in as a decimal string', () => {
    expectRefused(() => canonicalJson({ payload: { amount: 12.5 } }, 'event'), 'event.payload.amount', /decimal string/);
  });

  it('refuses NaN, Infinity, -Infinity and integers beyond the safe range', () => {
    expectRefused(() => canonicalJson({ n: Number.NaN }), 'n', /NaN/);
    expectRefused(() => canonicalJson({ n: Number.POSITIVE_INFINITY }), 'n', /Infinity/);
    expectRefused(() => canonicalJson({ n: Number.NEGATIVE_INFINITY }), 'n', /-Infinity/);
    expectRefused(() => canonicalJson({ n: 2 ** 53 }), 'n', /safe range/);
    expectRefused(() => canonicalJson(0.1), 'value', /not an integer/);
  });

  it('refuses undefined inside arrays, holes and an undefined value itself', () => {
    expectRefused(() => canonicalJson({ items: ['a', undefined] }, 'event'), 'event.items[1]', /undefined/);
    // eslint-disable-next-line no-sparse-arrays
    expectRefused(() => canonicalJson({ items: [1, , 3] }), 'items[1]', /sparse/);
    expectRefused(() => canonicalJson(undefined), 'value', /undefined/);
  });

  it('refuses functions, symbols and bigints', () => {
    expectRefused(() => canonicalJson({ f: () => 1 }), 'f', /function/);
    expectRefused(() => canonicalJson({ toJSON: () => 'x' }), 'toJSON', /function/);
    expectRefused(() => canonicalJson({ s: Symbol('x') }), 's', /symbol/);
    expectRefused(() => canonicalJson({ big: 10n }), 'big', /bigint/);
  });

  it('refuses Dates, Maps and class instances, and tells how to write dates', () => {
    expectRefused(() => canonicalJson({ when: new Date(0) }, 'event'), 'event.when', /IsoDate/);
    expectRefused(() => canonicalJson({ m: new Map() }), 'm', /Map/);
    class Amount {
      value = '1.00';
    }
    expectRefused(() => canonicalJson([new Amount()]), '[0]', /instance of Amount/);
  });

  it('refuses symbol keys and circular references', () => {
    expectRefused(() => canonicalJson({ nested: { [Symbol('k')]: 1 } }), 'nested', /symbol key/);
    const loop: Record<string, unknown> = { a: 1 };
    loop['self'] = { back: loop };
    expectRefused(() => canonicalJson(loop), 'self.back', /circular/);
  });

  it('refuses strings with a lone surrogate (not valid Unicode, RFC 7493 § 2.1), in values and keys', () => {
    expectRefused(() => canonicalJson({ note: 'cut \ud83d' }), 'note', /lone UTF-16 surrogate/);
    expectRefused(() => canonicalJson({ note: '\ude00 cut' }), 'note', /lone UTF-16 surrogate/);
    expectRefused(() => canonicalJson({ ['k\ud800']: 1 }), '["k\\ud800"]', /lone UTF-16 surrogate/);
  });

  it('refuses a cycle deep inside the data, naming its path, and writes data nested 200 levels deep', () => {
    // Deeper than the first, untracked pass goes (64 levels): the tracked pass answers.
    const root: Record<string, unknown> = {};
    let node = root;
    for (let i = 0; i < 70; i++) node = node['n'] = {};
    node['back'] = root;
    expectRefused(() => canonicalJson(root, 'event'), `event${'.n'.repeat(70)}.back`, /circular/);
    expectRefused(() => canonicalJsonAndCopy([[root]]), `[0][0]${'.n'.repeat(70)}.back`, /circular/);
    let deep: unknown = 'x';
    for (let i = 0; i < 200; i++) deep = i % 2 === 0 ? { b: deep, a: i } : [deep];
    const text = canonicalJson(deep);
    expect(text).toBe(JSON.stringify(sortKeysDeep(deep)));
    expect(canonicalJsonAndCopy(deep).text).toBe(text);
    expect(canonicalJsonAndCopy(deep).copy).toEqual(JSON.parse(text));
  });

  it('names non-identifier keys in bracket form', () => {
    expectRefused(() => canonicalJson({ 'line items': [{ 'unit-price': 1.5 }] }, 'event'), 'event["line items"][0]["unit-price"]');
  });
});

/** JSON data as canonicalJson accepts it. */
const jsonData: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.maxSafeInteger(),
    fc.string({ unit: 'binary' }),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.string({ unit: 'binary', maxLength: 6 }), tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** Sets an own data property, even for the key `__proto__`. */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The same data with object keys inserted in sorted order (deep). */
function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) define(out, key, sortKeysDeep((value as Record<string, unknown>)[key]));
    return out;
  }
  return value;
}

/** The same data with object keys inserted in reverse order (deep). */
function reverseKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeysDeep);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).reverse()) define(out, key, reverseKeysDeep((value as Record<string, unknown>)[key]));
    return out;
  }
  return value;
}

describe('canonicalJson — invariants (fast-check)', () => {
  it('is valid JSON that parses back to the same data', () => {
    fc.assert(
      fc.property(jsonData, (value) => {
        expect(JSON.parse(canonicalJson(value))).toStrictEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it('equals ECMAScript JSON.stringify of the key-sorted data (the RFC 8785 serialization for this subset)', () => {
    fc.assert(
      fc.property(jsonData, (value) => {
        expect(canonicalJson(value)).toBe(JSON.stringify(sortKeysDeep(value)));
      }),
    );
  });

  it('does not depend on key insertion order and is idempotent', () => {
    fc.assert(
      fc.property(jsonData, (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(reverseKeysDeep(value))).toBe(text);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
    );
  });

  it('orders the members of an object with up to 40 keys by UTF-16 code units, as the default sort does (both the short- and the long-list path)', () => {
    // Keys of letters, digits (integer-like keys, which Object.keys lists first), non-ASCII and
    // astral characters, none of which needs escaping, so the expected text is written directly.
    const key = fc.string({ unit: fc.constantFrom('a', 'B', '0', '9', '_', '-', ' ', 'é', '\ufb33', '\ud83d\ude00'), maxLength: 4 });
    fc.assert(
      fc.property(fc.uniqueArray(key, { maxLength: 40 }), (keys) => {
        const value: Record<string, unknown> = {};
        keys.forEach((k, i) => define(value, k, i));
        const expected = `{${[...keys].sort().map((k) => `"${k}":${keys.indexOf(k)}`).join(',')}}`;
        expect(canonicalJson(value)).toBe(expected);
        expect(canonicalJsonAndCopy(value).text).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });
});

/** True when a value and everything inside it is frozen. */
function deepFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(deepFrozen);
}

describe('canonicalJsonAndCopy — the audit trail encodes and copies an event in one pass', () => {
  it('gives the canonicalJson text and a deep-frozen copy equal to JSON.parse of that text, keys in canonical order (fast-check)', () => {
    fc.assert(
      fc.property(jsonData, (value) => {
        const { text, copy } = canonicalJsonAndCopy(value);
        expect(text).toBe(canonicalJson(value));
        expect(copy).toStrictEqual(JSON.parse(text));
        // Insertion order of the copy's keys is the canonical order: stringifying it gives the text again.
        expect(JSON.stringify(copy)).toBe(text);
        expect(deepFrozen(copy)).toBe(true);
      }),
    );
  });

  it('leaves out undefined members, copies -0 as 0 and keeps "__proto__" as an own member, as JSON.parse does', () => {
    const input: Record<string, unknown> = { b: -0, a: undefined, c: [1, { y: 'x', x: null }] };
    Object.defineProperty(input, '__proto__', { value: { z: true }, enumerable: true, writable: true, configurable: true });
    const { text, copy } = canonicalJsonAndCopy(input);
    expect(text).toBe('{"__proto__":{"z":true},"b":0,"c":[1,{"x":null,"y":"x"}]}');
    expect(Object.is((copy as { b: number }).b, 0)).toBe(true);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(copy).toStrictEqual(JSON.parse(text));
    expect(Object.keys(copy as object)).toEqual(['__proto__', 'b', 'c']);
  });

  it('refuses what canonicalJson refuses, naming the same path', () => {
    expect(() => canonicalJsonAndCopy({ event: { amount: 1.5 } })).toThrow(/event\.amount/);
  });
});
