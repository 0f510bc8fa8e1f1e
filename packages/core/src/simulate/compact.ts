// The compact form in which `simulate` holds a finished claim's events and messages (issue 7,
// point 5: the retained heap of a simulation's result). A claim's ~16 events held as objects cost
// ~1 KB each: the object, its reason and inputs, a text built from many pieces, ids and dates as
// separate strings. Most of that repeats across claims: the shape of each object, the dates, rule
// ids, policy ids, stage names, and texts that differ only in a date, an amount or the claim id.
//
// The encoding keeps one table of values per run (dates, rule ids, texts as templates, …, each once)
// and writes a claim as one string of Latin-1 bytes: per value a variable-length token (a table
// index, an object shape, an array length, a small integer) or, for an amount, its digits inline.
// A string that starts with the claim id (a message, fee or payment id) is kept as the template
// "claim id, then a value" and the rest of the string. Another string that contains the claim id,
// or a long one, is kept as a template in which the claim id and every date and decimal number
// stand as placeholders (the dates and numbers written after the template's token), so one
// template serves every claim. A reason text the engine made with a text function
// (ledger/reason-texts.ts) is kept as the function's id and arguments. Decoding builds
// the same plain objects again: same keys in the same order, same values (deep-equal, and the same
// canonical JSON the audit chain hashes), so `result.claims[i].events` reads as before.
import type { ClaimEvent, ClaimFacts } from '../ledger/events.js';
import type { Money } from '../money/money.js';
import { money } from '../money/money.js';
import { scaledToString } from '../money/scaled.js';
import type { StatementFigures } from '../ledger/statement.js';
import { renderCall, saidCallOf } from '../ledger/reason-texts.js';

/**
 * The run-wide tables of a compact encoding: every interned value once, every object shape once.
 *
 * @internal
 */
export interface CompactCodec {
  /** Interned values (strings, numbers, booleans, null, undefined; other values by reference). */
  readonly values: unknown[];
  /** Index of an interned value in `values`. */
  readonly valueIndex: Map<unknown, number>;
  /** Object shapes: the keys of an object, in order. */
  readonly shapes: (readonly string[])[];
  /** The shapes as a trie over their keys. */
  readonly shapeRoot: ShapeNode;
  /** Scratch buffer of the claim being encoded. */
  readonly bytes: ByteSink;
  /** Templates split at their placeholders, by index in `values` (filled when first decoded). */
  readonly templates: Map<number, readonly string[]>;
  /**
   * Long texts without a claim id as they were split into a template, or `null` when written as
   * they are (see `encodeString`). At most {@link TEXT_MEMO_SIZE} entries (emptied when full);
   * what is written does not depend on it. Only encoding reads it: {@link releaseEncoding} empties it.
   */
  readonly texts: Map<string, TemplateSplit | null>;
  /**
   * Strings with the claim id, the id replaced by U+0002, as they were split into a template. Bounded
   * and emptied like {@link CompactCodec.texts}; what is written does not depend on it.
   */
  readonly idTexts: Map<string, TemplateSplit>;
  /**
   * The first {@link CLAIM_RESTS} strings of the claim being encoded that start with its id, and at
   * the same position the index in `values` of the rest (written as that index); `restCount` of
   * them are the claim's. A few per claim, found again by comparing (the same string object, mostly):
   * a Map per claim was a new table and its growth per claim, one for the run a large table read
   * all over. What is written does not depend on it.
   */
  readonly restStrings: string[];
  readonly restIndices: number[];
  restCount: number;
  /** Index in `values` of the template that is the claim id alone (U+0002), or -1 before its first use. */
  claimIdTemplate: number;
  /** Index in `values` of the template "the claim id, then one value" (U+0002 U+0001), or -1 before its first use. */
  idPrefixTemplate: number;
}

/** Most distinct long texts a codec remembers split. */
const TEXT_MEMO_SIZE = 4096;

/** Most strings beginning with the claim id remembered per claim ({@link CompactCodec.restStrings}). */
const CLAIM_RESTS = 16;

/**
 * Drops what only encoding needs (the split texts and id texts), once the run's last claim is encoded.
 *
 * @internal
 */
export function releaseEncoding(codec: CompactCodec): void {
  codec.texts.clear();
  codec.idTexts.clear();
  codec.restStrings.length = 0;
  codec.restIndices.length = 0;
  codec.restCount = 0;
  codec.bytes.tails.length = 0;
}

/**
 * What a message of the compact form holds: the message's own fields (claim id, message id, date,
 * stage, channel, template, deadline), how many of the claim's events there were when it went out,
 * and its totals.
 *
 * @internal
 */
export interface CompactMessage {
  /** The message's plain fields, without `totals` and `statement`. */
  readonly fields: Readonly<Record<string, unknown>>;
  /** Number of the claim's events when the message went out. */
  readonly upTo: number;
  /** The statement's totals when it went out. */
  readonly totals: CompactTotals;
}

/**
 * A statement's totals as the compact form keeps them: the currency, and each amount as its exact
 * decimal (what `money()` reads back to the same Money; `toFixed()` of its decimal.js value).
 *
 * @internal
 */
export interface CompactTotals {
  readonly currency: string;
  readonly principal: string;
  readonly interest: string;
  readonly costs: string;
  readonly total: string;
}

/** The principal {@link compactTotals} wrote last, its scale and its text. */
let lastPrincipal = 0n;
let lastPrincipalScale = 0;
let lastPrincipalText = '0';

/**
 * The totals of a statement's figures for the compact form, from their integers: no Money made only
 * to be written back as text (it is made when a message is decoded).
 *
 * @internal
 */
export function compactTotals(figures: StatementFigures): CompactTotals {
  const sums = figures.sums;
  const scale = sums.scale;
  // A claim's messages mostly show the same principal: its text made once while it stays.
  if (sums.principal !== lastPrincipal || scale !== lastPrincipalScale) {
    lastPrincipalText = exactOfScaled(sums.principal, scale);
    lastPrincipal = sums.principal;
    lastPrincipalScale = scale;
  }
  return {
    currency: figures.currency,
    principal: lastPrincipalText,
    interest: exactOfScaled(figures.interestPart, scale),
    costs: exactOfScaled(sums.costs, scale),
    total: exactOfScaled(figures.totalScaled, scale),
  };
}

/**
 * `value / 10^scale` as its exact decimal without trailing zeros: the text `toFixed()` gives for the
 * decimal.js value `scaledToMoney` makes of it (a bigint has no negative zero).
 *
 * @internal
 */
export function exactOfScaled(value: bigint, scale: number): string {
  // (A quarter of the totals of a run's messages are zero: interest or costs not yet due.)
  if (value === 0n) return '0';
  const text = scaledToString(value, scale);
  if (scale === 0) return text;
  let end = text.length;
  while (text.charCodeAt(end - 1) === 48) end--; // '0'
  if (text.charCodeAt(end - 1) === 46) end--; // '.'
  return end === text.length ? text : text.slice(0, end);
}

/** A decoded message: its fields in order, the event count and the totals. @internal */
export interface DecodedMessage {
  /** The message's plain fields, as encoded. */
  readonly fields: Record<string, unknown>;
  /** Number of the claim's events when the message went out. */
  readonly upTo: number;
  /** The totals, as Money again. */
  readonly totals: { principal: Money; interest: Money; costs: Money; total: Money };
}

// A token is a non-negative integer: payload × 8 + tag, written as 7-bit groups (high bit: more).
const VALUE = 0; // payload: index into values
const OBJECT = 1; // payload: shape index; then one value per key
const ARRAY = 2; // payload: length; then the elements
const TEMPLATE = 3; // payload: index into values of the template; then one value per U+0001 in it
const LITERAL = 4; // payload: length; then the string's char codes (all < 256)
const INT = 5; // payload: the integer (0 ≤ n < 2³¹)
const FACTS = 6; // no payload: the claim's facts object itself
const SAID = 7; // payload: length of a reason text's call (its function's id, then its arguments); then the call's elements

/** In a template, U+0001 stands for the next value written after it, U+0002 for the claim id. */
const SLOT = '\u0001';
const CLAIM_ID = '\u0002';

/** True when `s` has a control character (U+0000–U+001F), checked by hand — cheaper than a regex on short strings. */
function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) < 32) return true;
  return false;
}
/** True when `s` is an amount: `-?\d+(\.\d+)?` (ASCII digits), checked by hand — a regex per date cost more. */
function isAmount(s: string): boolean {
  const len = s.length;
  let i = s.charCodeAt(0) === 45 ? 1 : 0;
  const digitsFrom = i;
  while (i < len && isDigit(s.charCodeAt(i))) i++;
  if (i === digitsFrom) return false;
  if (i === len) return true;
  if (s.charCodeAt(i) !== 46) return false;
  const fractionFrom = ++i;
  while (i < len && isDigit(s.charCodeAt(i))) i++;
  return i === len && i > fractionFrom;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
/** Strings at least this long are texts: kept as templates. */
const TEXT_LENGTH = 40;

/**
 * A node of the shape trie: the shape of the keys on the way to it, if one ends here. `lastKey` and
 * `lastNext` remember the child last gone to: objects of one kind repeat their keys, so most steps
 * are one comparison of two interned key strings instead of a Map lookup.
 */
interface ShapeNode {
  shape: number;
  readonly next: Map<string, ShapeNode>;
  lastKey: string | null;
  lastNext: ShapeNode | null;
}

function shapeNode(): ShapeNode {
  return { shape: -1, next: new Map(), lastKey: null, lastNext: null };
}

/** The child of `node` for the key `k` (made when new). */
function childOf(node: ShapeNode, k: string): ShapeNode {
  if (node.lastKey === k) return node.lastNext as ShapeNode;
  let next = node.next.get(k);
  if (next === undefined) node.next.set(k, (next = shapeNode()));
  node.lastKey = k;
  node.lastNext = next;
  return next;
}

/**
 * An empty codec for one run.
 *
 * @internal
 */
export function createCompactCodec(): CompactCodec {
  return { values: [], valueIndex: new Map(), shapes: [], shapeRoot: shapeNode(), bytes: byteSink(), templates: new Map(), texts: new Map(), idTexts: new Map(), restStrings: [], restIndices: [], restCount: 0, claimIdTemplate: -1, idPrefixTemplate: -1 };
}

/** What encoding and decoding share about one claim: its facts and its id as a template variable (null when shorter than 4 characters). */
interface ClaimContext {
  readonly facts: ClaimFacts;
  readonly claimId: string | null;
  /** True when the claim id has a control character (then a string with it is written as it is). */
  readonly idHasControl: boolean;
  /** The claim id's first char code, or -1 when it is not a template variable (shorter than 4 characters). */
  readonly idFirst: number;
  /** Number of keys of the facts (an object with another number is not the facts). */
  readonly factsKeys: number;
  /** True when the facts' first key is `id` (then the facts object itself is written as a reference). */
  readonly factsFirstKeyIsId: boolean;
  /**
   * True when `Object.prototype` has no enumerable property, so `for…in` over a plain object yields
   * its own keys only, in the order of `Object.keys` (checked per claim; else the keys are listed).
   */
  readonly forInIsOwn: boolean;
}

function contextOf(facts: ClaimFacts): ClaimContext {
  const keys = Object.keys(facts);
  const claimId = facts.id.length >= 4 ? facts.id : null;
  return { facts, claimId, idHasControl: claimId !== null && hasControl(claimId), idFirst: claimId === null ? -1 : claimId.charCodeAt(0), factsKeys: keys.length, factsFirstKeyIsId: keys[0] === 'id', forInIsOwn: noEnumerableOnObjectPrototype() };
}

/** True when `Object.prototype` (the only prototype of a plain object) has no enumerable property. */
function noEnumerableOnObjectPrototype(): boolean {
  return Object.keys(Object.prototype).length === 0;
}

function isPlainObject(v: object): v is Record<string, unknown> {
  return Object.getPrototypeOf(v) === Object.prototype;
}

/** True when `v` holds the same data as the claim's facts, keys in the same order: it is then written as a reference. */
function isFacts(v: Record<string, unknown>, ctx: ClaimContext): boolean {
  return v['id'] === ctx.facts.id && sameData(v, ctx.facts);
}

function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return typeof a !== 'number' || !Object.is(a, -0) || Object.is(b, -0);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!(i in a) || !(i in b) || !sameData(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b) || !isPlainObject(a) || !isPlainObject(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i] || !sameData(a[ka[i] as string], b[kb[i] as string])) return false;
  return true;
}

function intern(codec: CompactCodec, v: unknown): number {
  // -0 is not told apart from 0 by a Map: kept in a slot of its own.
  if (typeof v === 'number' && Object.is(v, -0)) return codec.values.push(v) - 1;
  let k = codec.valueIndex.get(v);
  if (k === undefined) {
    k = codec.values.push(v) - 1;
    codec.valueIndex.set(v, k);
  }
  return k;
}

/**
 * The bytes of the claim being encoded: `buf[0 … len)`, grown by doubling.
 *
 * @internal
 */
export interface ByteSink {
  buf: Uint8Array;
  len: number;
  /** Scratch: {@link CHUNK} bytes as small integers, for `String.fromCharCode.apply` (see `bytesToString`). */
  readonly full: number[];
  /** Scratch: the last chunk of a claim, by its length (fewer than {@link CHUNK} bytes). */
  readonly tails: (number[] | undefined)[];
}

function byteSink(): ByteSink {
  const full: number[] = [];
  for (let j = 0; j < CHUNK; j++) full.push(0);
  return { buf: new Uint8Array(4096), len: 0, full, tails: [] };
}

/** Makes room for `n` more bytes. */
function reserve(out: ByteSink, n: number): void {
  if (out.len + n <= out.buf.length) return;
  let size = out.buf.length * 2;
  while (size < out.len + n) size *= 2;
  const grown = new Uint8Array(size);
  grown.set(out.buf.subarray(0, out.len));
  out.buf = grown;
}

function writeToken(out: ByteSink, payload: number, tag: number): void {
  // payload < 2³¹ in every use: at most 5 groups of 7 bits.
  reserve(out, 8);
  const buf = out.buf;
  let n = payload * 8 + tag;
  while (n >= 128) {
    buf[out.len++] = (n % 128) + 128;
    n = Math.floor(n / 128);
  }
  buf[out.len++] = n;
}

function shapeOf(codec: CompactCodec, keys: readonly string[]): number {
  let node = codec.shapeRoot;
  for (const k of keys) node = childOf(node, k);
  if (node.shape < 0) node.shape = codec.shapes.push(keys) - 1;
  return node.shape;
}

/**
 * Writes a string. Returns its index in the table when it was written as that index alone (it
 * is then written so again within the claim), else -1.
 */
function encodeString(codec: CompactCodec, s: string, ctx: ClaimContext): number {
  const id = ctx.claimId;
  // An amount (a fresh string of the day's figures, never in the table) is written inline at once:
  // no hash of it for the table lookup, no search for the claim id in it.
  const c = s.charCodeAt(0);
  if (s.length < 64 && ((c >= 48 && c <= 57) || c === 45) && isAmount(s)) return (writeLiteral(codec.bytes, s), -1);
  // A string that starts with the claim id and goes on (a message, fee, payment or dispute id):
  // the template "the claim id, then one value", and the rest as that value, written as any string
  // is. The rest recurs across claims (':msg:reminder:1'): one lookup of it, no template made per
  // string. (A string in the table may be written so too: it reads back the same.)
  if (c === ctx.idFirst && s.length > (id as string).length && !ctx.idHasControl && s.startsWith(id as string)) {
    if (codec.idPrefixTemplate < 0) codec.idPrefixTemplate = intern(codec, CLAIM_ID + SLOT);
    writeToken(codec.bytes, codec.idPrefixTemplate, TEMPLATE);
    // The claim repeats such a string (a message id in its message-queued and message-sent events,
    // the message, a later notice): the rest's index remembered per string, no slice made, hashed
    // and compared again.
    const strings = codec.restStrings;
    const count = codec.restCount;
    let r = 0;
    while (r < count && strings[r] !== s) r++;
    if (r < count) writeToken(codec.bytes, codec.restIndices[r] as number, VALUE);
    else {
      const k = encodeString(codec, s.slice((id as string).length), ctx);
      if (k >= 0 && count < CLAIM_RESTS) {
        // Written over the last claim's entries (the lists keep their length: no stores of a length).
        if (count < strings.length) {
          strings[count] = s;
          codec.restIndices[count] = k;
        } else {
          strings.push(s);
          codec.restIndices.push(k);
        }
        codec.restCount = count + 1;
      }
    }
    return -1;
  }
  // A string already in the table (a date, a rule id, a stage, a short text — most strings of a
  // claim) is written as its index, whatever else it could be written as: the index reads back as
  // the same string. One lookup instead of the checks below.
  if (s !== id) {
    const known = codec.valueIndex.get(s);
    if (known !== undefined) return (writeToken(codec.bytes, known, VALUE), known);
  }
  const hasId = id !== null && s.length >= id.length && s.includes(id);
  if (!hasId) {
    if (s.length < TEXT_LENGTH) return encodePlainString(codec, s);
    // A long text without the claim id: most recur across claims (reason texts), so each distinct
    // one is split once and its split remembered (the same tokens as splitting it again).
    let split = codec.texts.get(s);
    if (split === undefined) {
      split = hasControl(s) ? null : templateOf(codec, s);
      if (codec.texts.size >= TEXT_MEMO_SIZE) codec.texts.clear();
      codec.texts.set(s, split);
    }
    if (split === null) return (encodePlainString(codec, s), -1);
    writeToken(codec.bytes, split.template, TEMPLATE);
    for (const part of split.parts) encodePlainString(codec, part);
    return -1;
  }
  // The claim id alone (every event's claimId): the template of the id.
  if (s === id) {
    if (ctx.idHasControl) return (encodePlainString(codec, s), -1);
    if (codec.claimIdTemplate < 0) codec.claimIdTemplate = intern(codec, CLAIM_ID);
    return (writeToken(codec.bytes, codec.claimIdTemplate, TEMPLATE), -1);
  }
  // A template: the claim id as U+0002, each date and decimal as U+0001 with its value after the
  // template. Some recur across claims once the id is out: each distinct one is split once and its
  // split remembered, as for long texts. (Strings that begin with the id went the way above; the
  // rest, with the id inside, are not repeated within a claim — in simulate 10000 × 365 none of
  // 11,554 was — so they are not remembered per claim.)
  if (hasControl(s)) return (encodePlainString(codec, s), -1);
  const text = withIdReplaced(s, id as string);
  let split = codec.idTexts.get(text);
  if (split === undefined) {
    split = templateOf(codec, text) as TemplateSplit;
    if (codec.idTexts.size >= TEXT_MEMO_SIZE) codec.idTexts.clear();
    codec.idTexts.set(text, split);
  }
  writeToken(codec.bytes, split.template, TEMPLATE);
  for (const part of split.parts) encodePlainString(codec, part);
  return -1;
}

/** `s` with every occurrence of `id` (left to right, not overlapping) replaced by U+0002: `s.split(id).join(CLAIM_ID)` without the array. */
function withIdReplaced(s: string, id: string): string {
  let out = '';
  let from = 0;
  for (let at = s.indexOf(id); at !== -1; at = s.indexOf(id, from)) {
    out += s.slice(from, at) + CLAIM_ID;
    from = at + id.length;
  }
  return out + s.slice(from);
}

/** A text as a template: its index in the codec's values and the dates and decimals it leaves out. */
interface TemplateSplit {
  readonly template: number;
  readonly parts: readonly string[];
}

/**
 * `text` with every date and decimal number replaced by U+0001, interned, and the numbers in
 * order; `null` when `text` has none and no claim id (it is then written as it is).
 */
function templateOf(codec: CompactCodec, text: string): TemplateSplit | null {
  const parts: string[] = [];
  const template = replaceVariables(text, parts);
  if (parts.length === 0 && !text.includes(CLAIM_ID)) return null;
  return { template: intern(codec, template), parts };
}

/**
 * What a template leaves out of a text: its dates and decimal numbers (amounts, rates), that is
 * `text.replace(/\d{4}-\d{2}-\d{2}|\d+\.\d+/g, SLOT)` with the matches pushed to `parts` in order.
 * The same result, found by a scan over the char codes (the regex with a callback cost more on the
 * texts of a run): as the regex does, it tries a date, then a decimal, at each position from left
 * to right, and goes on after a match's end.
 *
 * @internal
 */
export function replaceVariables(text: string, parts: string[]): string {
  const len = text.length;
  let out = '';
  let copied = 0;
  // Positions before `noDecimalBefore` are in a digit run not followed by `.` and a digit: no decimal starts there.
  let noDecimalBefore = 0;
  let i = 0;
  while (i < len) {
    if (!isDigit(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let end = -1;
    if (isDateAt(text, i)) end = i + 10;
    else if (i >= noDecimalBefore) {
      let j = i + 1;
      while (j < len && isDigit(text.charCodeAt(j))) j++;
      if (j + 1 < len && text.charCodeAt(j) === 46 && isDigit(text.charCodeAt(j + 1))) {
        end = j + 2;
        while (end < len && isDigit(text.charCodeAt(end))) end++;
      } else noDecimalBefore = j;
    }
    if (end < 0) {
      i++;
      continue;
    }
    parts.push(text.slice(i, end));
    out += text.slice(copied, i) + SLOT;
    copied = i = end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** True when `\d{4}-\d{2}-\d{2}` matches `text` at `i` (ASCII digits). */
function isDateAt(text: string, i: number): boolean {
  return (
    i + 10 <= text.length &&
    isDigit(text.charCodeAt(i)) &&
    isDigit(text.charCodeAt(i + 1)) &&
    isDigit(text.charCodeAt(i + 2)) &&
    isDigit(text.charCodeAt(i + 3)) &&
    text.charCodeAt(i + 4) === 45 &&
    isDigit(text.charCodeAt(i + 5)) &&
    isDigit(text.charCodeAt(i + 6)) &&
    text.charCodeAt(i + 7) === 45 &&
    isDigit(text.charCodeAt(i + 8)) &&
    isDigit(text.charCodeAt(i + 9))
  );
}

/** A string as it is: an amount inline, anything else from the table. */
function encodePlainString(codec: CompactCodec, s: string): number {
  const bytes = codec.bytes;
  const c = s.charCodeAt(0);
  if (s.length < 64 && ((c >= 48 && c <= 57) || c === 45) && isAmount(s)) {
    writeLiteral(bytes, s);
    return -1;
  }
  const k = intern(codec, s);
  writeToken(bytes, k, VALUE);
  return k;
}

/** An amount inline: its length, then its char codes (ASCII). */
function writeLiteral(bytes: ByteSink, s: string): void {
  writeToken(bytes, s.length, LITERAL);
  reserve(bytes, s.length);
  const buf = bytes.buf;
  for (let i = 0; i < s.length; i++) buf[bytes.len++] = s.charCodeAt(i);
}

function encodeValue(codec: CompactCodec, v: unknown, ctx: ClaimContext): void {
  const bytes = codec.bytes;
  if (typeof v === 'string') {
    encodeString(codec, v, ctx);
    return;
  }
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 2 ** 31 && !Object.is(v, -0)) return writeToken(bytes, v, INT);
  if (typeof v === 'object' && v !== null) {
    if (Array.isArray(v)) {
      // A sparse array is kept by reference (a hole is not an element).
      let dense = true;
      for (let i = 0; i < v.length && dense; i++) dense = i in v;
      if (dense) {
        writeToken(bytes, v.length, ARRAY);
        for (const x of v) encodeValue(codec, x, ctx);
        return;
      }
    } else if (isPlainObject(v)) {
      // The facts themselves (every claim-created event holds them): written as a reference when
      // their first key is `id` (else, like any object equal to them, as they are).
      if ((v as unknown) === ctx.facts && ctx.factsFirstKeyIsId) return writeToken(bytes, 0, FACTS);
      if (!ctx.forInIsOwn) {
        const keys = Object.keys(v);
        if (keys.length === ctx.factsKeys && keys[0] === 'id' && isFacts(v, ctx)) return writeToken(bytes, 0, FACTS);
        writeToken(bytes, shapeOf(codec, keys), OBJECT);
        const values = Object.values(v);
        for (let i = 0; i < values.length; i++) {
          if (keys[i] === 'text') encodeText(codec, v, values[i], ctx);
          else encodeValue(codec, values[i], ctx);
        }
        return;
      }
      // `for…in` yields the own keys in Object.keys' order here (see ClaimContext.forInIsOwn) and
      // allocates no array of keys or values: the shape is found by walking its trie key by key.
      let node = codec.shapeRoot;
      let count = 0;
      let first: string | undefined;
      for (const k in v) {
        if (count++ === 0) first = k;
        node = childOf(node, k);
      }
      if (count === ctx.factsKeys && first === 'id' && isFacts(v, ctx)) return writeToken(bytes, 0, FACTS);
      if (node.shape < 0) node.shape = codec.shapes.push(Object.keys(v)) - 1;
      writeToken(bytes, node.shape, OBJECT);
      for (const k in v) {
        const x = v[k];
        if (k === 'text') encodeText(codec, v, x, ctx);
        else encodeValue(codec, x, ctx);
      }
      return;
    }
  }
  // Everything else (a boolean, null, undefined, another number; an object that is not plain data) by value or reference.
  writeToken(bytes, intern(codec, v), VALUE);
}

/**
 * The `text` of an object: when the engine made it with a reason text function (a reason of
 * saidReason, its text unchanged), the function's id and arguments, which decoding renders again
 * to the same text; else the text as any other value.
 */
function encodeText(codec: CompactCodec, owner: object, text: unknown, ctx: ClaimContext): void {
  const call = saidCallOf(owner, text);
  if (call === undefined) return encodeValue(codec, text, ctx);
  writeToken(codec.bytes, call.length, SAID);
  for (let i = 0; i < call.length; i++) encodeValue(codec, call[i], ctx);
}

/**
 * Encodes a finished claim: its events and its messages. The codec's tables grow by what is new.
 *
 * @internal
 */
export function encodeClaim(codec: CompactCodec, facts: ClaimFacts, events: readonly ClaimEvent[], messages: readonly CompactMessage[]): string {
  const ctx = contextOf(facts);
  codec.restCount = 0;
  const bytes = codec.bytes;
  bytes.len = 0;
  writeToken(bytes, events.length, INT);
  for (const event of events) encodeValue(codec, event, ctx);
  writeToken(bytes, messages.length, INT);
  for (const m of messages) {
    writeToken(bytes, m.upTo, INT);
    encodeValue(codec, m.fields, ctx);
    const totals = m.totals;
    writeToken(bytes, intern(codec, totals.currency), VALUE);
    encodePlainString(codec, totals.principal);
    encodePlainString(codec, totals.interest);
    encodePlainString(codec, totals.costs);
    encodePlainString(codec, totals.total);
  }
  const out = bytesToString(bytes);
  bytes.len = 0;
  return out;
}

/** Bytes turned into a string by one `String.fromCharCode.apply` of the full chunk array. */
const CHUNK = 256;

/**
 * The bytes `buf[0 … len)` as a flat string of Latin-1 characters, made chunk by chunk from packed
 * arrays of small integers of a fixed length (one of {@link CHUNK} elements, one per shorter length
 * for the last chunk, each made once per codec): `apply` takes such an array's elements as they are,
 * where a typed array is first copied into a new list of tagged values (8 heap bytes per byte), and
 * an array whose length changed from claim to claim is trimmed and grown again.
 */
function bytesToString(bytes: ByteSink): string {
  const buf = bytes.buf;
  const len = bytes.len;
  const full = bytes.full;
  let out = '';
  let i = 0;
  for (; i + CHUNK <= len; i += CHUNK) {
    for (let j = 0; j < CHUNK; j++) full[j] = buf[i + j] as number;
    out += String.fromCharCode.apply(null, full);
  }
  const rest = len - i;
  if (rest > 0) {
    let tail = bytes.tails[rest];
    if (tail === undefined) {
      tail = [];
      for (let j = 0; j < rest; j++) tail.push(0);
      bytes.tails[rest] = tail;
    }
    for (let j = 0; j < rest; j++) tail[j] = buf[i + j] as number;
    out += String.fromCharCode.apply(null, tail);
  }
  // One flat string (no rope of chunks).
  return len > CHUNK ? flatten(out) : out;
}

function flatten(s: string): string {
  // Reading a character makes V8 flatten a concatenated string in place.
  s.charCodeAt(0);
  return s;
}

/** A reader over a claim's encoded string. */
interface Reader {
  readonly code: string;
  pos: number;
  readonly codec: CompactCodec;
  readonly ctx: ClaimContext;
}

function readToken(r: Reader): number {
  let n = 0;
  let scale = 1;
  for (;;) {
    const b = r.code.charCodeAt(r.pos++);
    if (b < 128) return n + b * scale;
    n += (b - 128) * scale;
    scale *= 128;
  }
}

/** A template split at its placeholders: text, placeholder, text, …, text. */
function templateParts(codec: CompactCodec, index: number): readonly string[] {
  let parts = codec.templates.get(index);
  if (parts === undefined) codec.templates.set(index, (parts = (codec.values[index] as string).split(/([\x01\x02])/)));
  return parts;
}

function decodeValue(r: Reader): unknown {
  const token = readToken(r);
  const tag = token % 8;
  const payload = (token - tag) / 8;
  switch (tag) {
    case VALUE:
      return r.codec.values[payload];
    case LITERAL: {
      const v = r.code.slice(r.pos, r.pos + payload);
      r.pos += payload;
      return v;
    }
    case INT:
      return payload;
    case TEMPLATE: {
      const parts = templateParts(r.codec, payload);
      let s = parts[0] as string;
      for (let i = 1; i < parts.length; i += 2) s += (parts[i] === SLOT ? (decodeValue(r) as string) : (r.ctx.claimId as string)) + (parts[i + 1] as string);
      return s;
    }
    case FACTS:
      return r.ctx.facts;
    case SAID: {
      // Pushed, not preallocated: a packed array like the rest array of the engine's call (one map for renderCall).
      const call: unknown[] = [];
      for (let i = 0; i < payload; i++) call.push(decodeValue(r));
      return renderCall(call);
    }
    case ARRAY: {
      const a: unknown[] = new Array(payload);
      for (let i = 0; i < payload; i++) a[i] = decodeValue(r);
      return a;
    }
    case OBJECT: {
      const keys = r.codec.shapes[payload] as readonly string[];
      const o: Record<string, unknown> = {};
      for (const k of keys) o[k] = decodeValue(r);
      return o;
    }
    default:
      // Cannot happen: the encoder writes tags 0–7 only (an assertion, not an input error).
      throw new Error(`compact: unknown tag ${tag} at ${r.pos}`);
  }
}

function reader(codec: CompactCodec, facts: ClaimFacts, code: string): Reader {
  return { code, pos: 0, codec, ctx: contextOf(facts) };
}

/**
 * The events of an encoded claim, as fresh plain objects deep-equal to the ones encoded.
 *
 * @internal
 */
export function decodeEvents(codec: CompactCodec, facts: ClaimFacts, code: string): ClaimEvent[] {
  const r = reader(codec, facts, code);
  const count = (readToken(r) - INT) / 8;
  const events: ClaimEvent[] = new Array(count);
  for (let i = 0; i < count; i++) events[i] = decodeValue(r) as ClaimEvent;
  return events;
}

/**
 * The messages of an encoded claim, in the order they went out.
 *
 * @internal
 */
export function decodeMessages(codec: CompactCodec, facts: ClaimFacts, code: string): DecodedMessage[] {
  const r = reader(codec, facts, code);
  const eventCount = (readToken(r) - INT) / 8;
  for (let i = 0; i < eventCount; i++) decodeValue(r);
  const count = (readToken(r) - INT) / 8;
  const out: DecodedMessage[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const upTo = (readToken(r) - INT) / 8;
    const fields = decodeValue(r) as Record<string, unknown>;
    const currency = r.codec.values[(readToken(r) - VALUE) / 8] as string;
    const part = (): Money => money(decodeValue(r) as string, currency);
    const principal = part();
    const interest = part();
    const costs = part();
    const total = part();
    out[i] = { fields, upTo, totals: { principal, interest, costs, total } };
  }
  return out;
}
