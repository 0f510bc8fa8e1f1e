import { bytesToHex } from '@noble/hashes/utils.js';
import type { PostalAddress } from '../address/postal-address.js';
import { ValidationError } from '../errors/errors.js';
import type { ClaimEvent, ClaimEventOf, Debtor } from '../ledger/events.js';
import { canonicalJson } from './canonical-json.js';
import { nobleSha256Hasher, type AuditHashOptions } from './hasher.js';

/**
 * A debtor's personal data as one claim recorded it: what identifies or reaches the person. It is
 * kept apart from the hash chain (GDPR Art. 17: it must be erasable; the chain must not change).
 */
export interface PersonalData {
  /** Name as it appears on letters. */
  readonly name: string;
  /** E-mail address. */
  readonly email?: string;
  /** Mobile number. */
  readonly phone?: string;
  /** Postal address lines. */
  readonly address?: readonly string[];
  /** Postal address as fields. */
  readonly postalAddress?: PostalAddress;
}

/** The fields of {@link Debtor} that are personal data and are kept apart from the chain. */
export const personalDataFields: readonly (keyof PersonalData)[] = Object.freeze(['name', 'email', 'phone', 'address', 'postalAddress']);

/** The personal data of one claim as a store keeps it, apart from the claim's events. */
export interface PersonalDataRecord {
  /** The claim whose `claim-created` event commits to it. */
  readonly claimId: string;
  /** The debtor. */
  readonly debtorId: string;
  /** The data. */
  readonly data: PersonalData;
  /** 32 random bytes as 64 lowercase hex digits: without it the commitment reveals nothing. */
  readonly salt: string;
  /** {@link personalDataCommitment}`(data, salt)`, as the event records it. */
  readonly commitment: string;
}

/**
 * What a store holds of a claim's personal data: the record, or — after erasure — only the
 * tombstone (when and which commitment), with data and salt gone.
 */
export type PersonalDataHolding =
  | { readonly status: 'held'; readonly record: PersonalDataRecord }
  | { readonly status: 'erased'; readonly claimId: string; readonly debtorId: string; readonly commitment: string; readonly erasedAt: string };

/**
 * The salted commitment to personal data: SHA-256 over the UTF-8 bytes of
 * `canonicalJson({ data, salt })`, 64 lowercase hex digits. It lets an auditor check that the data
 * kept apart is the data the claim was created with; once the salt is erased, guessing the data
 * from the commitment means guessing 256 random bits as well.
 *
 * @param data - the personal data
 * @param salt - 64 lowercase hex digits
 * @param options - the SHA-256 to use (default core's; every `AuditHasher` gives the same commitment)
 * @returns the commitment
 */
export function personalDataCommitment(data: PersonalData, salt: string, options: AuditHashOptions = {}): string {
  return (options.hasher ?? nobleSha256Hasher).sha256Hex(canonicalJson({ data, salt }));
}

/**
 * A fresh salt from a source of random bytes (the host's `crypto.getRandomValues`; core reads no
 * randomness of its own).
 *
 * @param randomBytes - returns `length` random bytes
 * @returns 64 lowercase hex digits
 * @throws ValidationError when the source does not return 32 bytes
 */
export function newSalt(randomBytes: (length: number) => Uint8Array): string {
  const bytes = randomBytes(32);
  if (!(bytes instanceof Uint8Array) || bytes.length !== 32) {
    throw new ValidationError('randomBytes: expected a function returning a Uint8Array of the requested length (32).', { field: 'randomBytes' });
  }
  return bytesToHex(bytes);
}

/** The runtime's `crypto.getRandomValues` (Node 20+, browsers, Deno, Bun), or undefined. @internal */
export function runtimeRandomBytes(): ((length: number) => Uint8Array) | undefined {
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto;
  if (c?.getRandomValues === undefined) return undefined;
  return (length) => c.getRandomValues?.(new Uint8Array(length)) as Uint8Array;
}

function personalOf(debtor: Debtor): PersonalData {
  return {
    name: debtor.name,
    ...(debtor.email === undefined ? {} : { email: debtor.email }),
    ...(debtor.phone === undefined ? {} : { phone: debtor.phone }),
    ...(debtor.address === undefined ? {} : { address: debtor.address }),
    ...(debtor.postalAddress === undefined ? {} : { postalAddress: debtor.postalAddress }),
  };
}

function withoutPersonal(debtor: Debtor): Omit<Debtor, 'name' | 'email' | 'phone' | 'address' | 'postalAddress'> {
  const { name: _n, email: _e, phone: _p, address: _a, postalAddress: _pa, personalData: _pd, ...rest } = debtor;
  return rest;
}

/**
 * Takes the personal data out of a `claim-created` event before it is hashed and stored: the
 * stored event keeps the debtor's id, kind, state, locale, consent and time zone, an empty `name`
 * and the {@link PersonalDataRef} commitment; the data and its salt go to the returned record, which
 * the store keeps apart (and `eraseDebtor` removes). Other events are returned unchanged.
 *
 * @param event - an event about to be stored
 * @param salt - a fresh salt ({@link newSalt})
 * @returns the event to hash and store, and the record to keep apart (for `claim-created` only)
 */
export function keepPersonalDataApart(event: ClaimEvent, salt: string): { readonly event: ClaimEvent; readonly record?: PersonalDataRecord } {
  if (event.type !== 'claim-created' || event.claim.debtor.personalData !== undefined) return { event };
  const debtor = event.claim.debtor;
  const data = personalOf(debtor);
  const commitment = personalDataCommitment(data, salt);
  const stored: ClaimEventOf<'claim-created'> = { ...event, claim: { ...event.claim, debtor: { ...withoutPersonal(debtor), name: '', personalData: { commitment } } } };
  return { event: stored, record: { claimId: event.claimId, debtorId: debtor.id, data, salt, commitment } };
}

/** The name letters and statements show for a debtor whose personal data was erased. */
export function erasedName(locale: 'de' | 'en' | undefined): string {
  return locale === 'en' ? 'erased' : 'gelöscht';
}

/**
 * Puts a claim's personal data back into its stored `claim-created` event, for everything that
 * reads the claim (projection, letters, statements, channels). When the data was erased, or does
 * not match the commitment any more, the name reads {@link erasedName} ("gelöscht"/"erased") and
 * there is no e-mail, phone or address; `personalData.status` says which. Events without a
 * commitment (recorded before personal data was kept apart) and other events come back unchanged.
 *
 * @param event - a stored event
 * @param holding - what the store holds of the claim's personal data, if anything
 * @param options - the SHA-256 the commitment is checked with (default core's)
 * @returns the event as the engine reads it
 */
export function withPersonalData(event: ClaimEvent, holding: PersonalDataHolding | undefined, options: AuditHashOptions = {}): ClaimEvent {
  if (event.type !== 'claim-created') return event;
  const debtor = event.claim.debtor;
  const ref = debtor.personalData;
  if (ref === undefined) return event;
  let restored: Debtor;
  if (holding?.status === 'held' && holding.record.commitment === ref.commitment && personalDataCommitment(holding.record.data, holding.record.salt, options) === ref.commitment) {
    restored = { ...withoutPersonal(debtor), ...holding.record.data, personalData: { commitment: ref.commitment, status: 'held' } };
  } else {
    const status = holding?.status === 'held' ? 'mismatch' : 'erased';
    restored = {
      ...withoutPersonal(debtor),
      name: erasedName(debtor.locale),
      personalData: { commitment: ref.commitment, status, ...(holding?.status === 'erased' ? { erasedAt: holding.erasedAt } : {}) },
    };
  }
  return { ...event, claim: { ...event.claim, debtor: restored } };
}

/** The free-text members of events (notes, provider errors, skip details) that may quote personal data. */
const freeTextKeys: ReadonlySet<string> = new Set(['note', 'error', 'detail', 'text', 'party']);

/** What replaces a quoted personal datum in an event's free text. */
export const REDACTED = '[personal data]';

/**
 * Replaces the debtor's personal data quoted in an event's free text — a provider's bounce message
 * naming the e-mail address, a skip detail, a note naming the debtor — by {@link REDACTED}, so it
 * never enters the hash chain (where it could not be erased). Only the free-text members (`note`,
 * `error`, `detail`, `text`, `party`, at any depth) are looked at; amounts, dates and ids are never
 * touched. Matching is exact and case-insensitive. A name, an address line or a street (a needle
 * that begins with a letter or digit) is matched only where it starts a word — the character before
 * it is not a Unicode letter or digit — so a debtor named "E M" does not turn "Letzte Mahnung" into
 * "Letzt[personal data]ahnung"; its end is left open, so a genitive ("Müllers", "Anna's") is still
 * masked. An e-mail address and a phone number are matched wherever they occur (inside `<…>`, after
 * `mailto:` or `Tel.:`): they are not words, and a longer address or number that ends in them is
 * masked too. Masking too much only mangles a word of a text; masking too little would put the datum
 * into the chain for good.
 *
 * @param event - an event about to be stored (not `claim-created`)
 * @param data - the claim's personal data
 * @returns the event, with quoted personal data replaced (the same object when nothing was quoted)
 */
export function redactPersonalData(event: ClaimEvent, data: PersonalData): ClaimEvent {
  return personalDataRedactor(data)(event);
}

/**
 * Folds a text the way a case-insensitive Unicode pattern (`iu`) compares ASCII: ASCII capitals
 * to lower case, and the only two other code points `iu` matches with an ASCII letter — ſ (U+017F,
 * with `s`) and the Kelvin sign (U+212A, with `k`) — to that letter. (Case folding maps letters
 * only, so ASCII digits, spaces and punctuation match nothing but themselves; a test checks both
 * facts on the running engine.) It is `toLowerCase` (native, no copy of a text already in lower
 * case; it lowers the Kelvin sign to `k`) and then ſ to `s`. It also lowers other non-ASCII
 * characters (İ even to `i` and a combining dot): that never takes away what `iu` matched (those
 * characters match no ASCII letter), it can only let a text through to the pattern test that the
 * pattern then rejects. An ASCII text folds exactly as the ASCII rule says. (Replacing capital by
 * capital with a callback cost ~6 times as much.)
 */
function foldAscii(text: string): string {
  const lower = text.toLowerCase();
  return lower.includes('\u017F') ? lower.replaceAll('\u017F', 's') : lower;
}

/** A needle that begins with a letter or digit: it must start a word where it is quoted. */
const WORD_START = /^[\p{L}\p{N}]/u;

/**
 * The pattern source of one needle: the needle, escaped, behind `(?<![\p{L}\p{N}])` (no letter or
 * digit before it) when it must start a word. It only narrows where the needle matches, so a text
 * the pattern matches still contains the needle's {@link asciiKey}.
 */
function needleSource(needle: string, wordStart: boolean): string {
  const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return wordStart && WORD_START.test(needle) ? `(?<![\\p{L}\\p{N}])${escaped}` : escaped;
}

/** The longest run of ASCII code units of a needle, folded; a text that matches the needle under `iu` contains it (folded). */
function asciiKey(needle: string): string {
  let best = '';
  for (const run of needle.split(/[^\x00-\x7F]+/)) if (run.length > best.length) best = run;
  return foldAscii(best);
}

/**
 * {@link redactPersonalData} for many events of one claim: the needles are prepared once, and an
 * event that quotes none of them is returned as it is, without a copy. A free-text member is first
 * looked at without a regular expression: it can quote a needle only if it contains the needle's
 * longest ASCII run, folded as the `iu` pattern compares ASCII (`foldAscii`) — a necessary
 * condition, so nothing that the pattern would find is missed. Only a member that passes it is
 * tested against the pattern, built then: compiling a case-insensitive Unicode pattern costs
 * ~50 µs, which per write was most of the cost of redaction.
 *
 * @param data - the claim's personal data
 * @returns a function redacting one event as {@link redactPersonalData} does
 */
export function personalDataRedactor(data: PersonalData): (event: ClaimEvent) => ClaimEvent {
  // Words (name, address lines, street) must start a word; identifiers (e-mail, phone) match anywhere.
  const words = [
    data.name,
    ...(data.address ?? []),
    data.postalAddress?.street,
    data.postalAddress === undefined || data.postalAddress.houseNumber === undefined ? undefined : `${data.postalAddress.street} ${data.postalAddress.houseNumber}`,
  ];
  const needles = [...words.map((text) => ({ text, wordStart: true })), { text: data.email, wordStart: false }, { text: data.phone, wordStart: false }]
    .filter((n): n is { text: string; wordStart: boolean } => typeof n.text === 'string' && n.text.trim().length >= 3)
    .sort((a, b) => b.text.length - a.text.length);
  if (needles.length === 0) return (event) => event;
  const keys = needles.map((n) => asciiKey(n.text));
  // A needle without ASCII: every free-text member goes to the pattern.
  const filtered = keys.every((k) => k.length > 0);
  let patterns: { readonly probe: RegExp; readonly all: RegExp } | undefined;
  const compiled = (): { readonly probe: RegExp; readonly all: RegExp } => {
    if (patterns === undefined) {
      const source = needles.map((n) => needleSource(n.text, n.wordStart)).join('|');
      // Without the global flag `test` keeps no state between calls.
      patterns = { probe: new RegExp(source, 'iu'), all: new RegExp(source, 'giu') };
    }
    return patterns;
  };
  const mayQuote = (text: string): boolean => {
    if (!filtered) return true;
    const folded = foldAscii(text);
    return keys.some((k) => folded.includes(k));
  };
  /** Whether a free-text member (at any depth) quotes a needle: the same members `walk` looks at. */
  const quotes = (value: unknown, key: string | undefined): boolean => {
    if (typeof value === 'string') return key !== undefined && freeTextKeys.has(key) && mayQuote(value) && compiled().probe.test(value);
    if (Array.isArray(value)) return value.some((v) => quotes(v, key));
    if (typeof value === 'object' && value !== null) {
      for (const k of Object.keys(value)) if (quotes((value as Record<string, unknown>)[k], k)) return true;
    }
    return false;
  };
  const walk = (value: unknown, key: string | undefined): unknown => {
    if (typeof value === 'string') {
      if (key === undefined || !freeTextKeys.has(key)) return value;
      return value.replace(compiled().all, REDACTED);
    }
    if (Array.isArray(value)) return value.map((v) => walk(v, key));
    if (typeof value === 'object' && value !== null) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = walk(v, k);
      return out;
    }
    return value;
  };
  return (event) => (quotes(event, undefined) ? (walk(event, undefined) as ClaimEvent) : event);
}

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * Checks a personal-data record written with a claim's first append: it belongs to the claim and
 * debtor, its salt and commitment are 64 hex digits, the commitment is that of its data, and the
 * first entry's `claim-created` event records the same commitment.
 *
 * @param record - the record
 * @param claimId - the claim written
 * @param debtorId - its debtor
 * @param firstEvent - the first event of the write
 * @throws ValidationError naming the field
 */
export function checkPersonalDataRecord(record: PersonalDataRecord, claimId: string, debtorId: string, firstEvent: ClaimEvent | undefined): void {
  const field = 'personalData';
  if (typeof record !== 'object' || record === null) throw new ValidationError(`${field}: expected a personal-data record.`, { field });
  if (record.claimId !== claimId || record.debtorId !== debtorId) {
    throw new ValidationError(`${field}: the record is for claim "${String(record.claimId)}" of debtor "${String(record.debtorId)}", not for "${claimId}" of "${debtorId}".`, { field });
  }
  if (typeof record.salt !== 'string' || !HEX64.test(record.salt) || typeof record.commitment !== 'string' || !HEX64.test(record.commitment)) {
    throw new ValidationError(`${field}: salt and commitment must be 64 lowercase hex digits; build the record with keepPersonalDataApart.`, { field });
  }
  if (typeof record.data !== 'object' || record.data === null || typeof record.data.name !== 'string') {
    throw new ValidationError(`${field}.data: expected personal data with at least a name.`, { field: `${field}.data` });
  }
  if (personalDataCommitment(record.data, record.salt) !== record.commitment) {
    throw new ValidationError(`${field}.commitment: is not the commitment of the record's data and salt; build the record with keepPersonalDataApart.`, { field: `${field}.commitment` });
  }
  if (firstEvent?.type !== 'claim-created' || firstEvent.claim.debtor.personalData?.commitment !== record.commitment) {
    throw new ValidationError(`${field}: is written only with the claim's first write, whose claim-created event records the same commitment.`, { field });
  }
}
