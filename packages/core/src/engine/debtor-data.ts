import { verifyAudit, type AuditEntry, type AuditHashOptions } from '../audit/audit.js';
import { backdatedEntries, type BackdatedEntry } from '../audit/anchor.js';
import { keepPersonalDataApart, newSalt, personalDataCommitment, personalDataRedactor, runtimeRandomBytes, withPersonalData, type PersonalData, type PersonalDataRecord } from '../audit/personal-data.js';
import { ValidationError } from '../errors/errors.js';
import type { ClaimEvent } from '../ledger/events.js';
import { project } from '../ledger/project.js';
import type { ClaimStatus } from '../ledger/state.js';
import type { ClaimStore, StoredClaim } from '../ports/claim-store.js';
import type { Clock } from '../ports/clock.js';

/**
 * The events of a stored claim as the engine reads them: its entries' events, with the personal
 * data kept apart put back into `claim-created` (or "gelöscht"/"erased" after erasure).
 *
 * @param stored - the claim as loaded
 * @param hashOptions - the SHA-256 the personal data's commitment is checked with (default core's)
 * @returns the events
 * @internal
 */
export function hydratedEvents(stored: StoredClaim, hashOptions: AuditHashOptions = {}): ClaimEvent[] {
  return stored.entries.map((e) => (e.event.type === 'claim-created' ? hydratedCreation(e.event, stored.personalData, hashOptions) : e.event));
}

/**
 * The `claim-created` events with their personal data put back, per stored event and holding: a
 * claim read again as the same objects (the daily run's batch dispatching from the claims in hand)
 * is not hashed and copied a second time. Weak: an entry lives as long as its event.
 */
const hydrated = new WeakMap<ClaimEvent, { readonly holding: StoredClaim['personalData']; readonly event: ClaimEvent }>();

/** `withPersonalData` of a `claim-created` event, remembered for the same event and holding objects. */
function hydratedCreation(event: ClaimEvent, holding: StoredClaim['personalData'], hashOptions: AuditHashOptions): ClaimEvent {
  const known = hydrated.get(event);
  if (known !== undefined && known.holding === holding) return known.event;
  const restored = withPersonalData(event, holding, hashOptions);
  hydrated.set(event, { holding, event: restored });
  return restored;
}

/**
 * One redactor per personal-data object (weakly held): the same claim's data redacts its
 * decision's events and then its delivery events (the daily run's batch dispatching from the
 * claims in hand) without preparing its needles twice.
 */
const redactors = new WeakMap<PersonalData, (event: ClaimEvent) => ClaimEvent>();

function redactorOf(data: PersonalData): (event: ClaimEvent) => ClaimEvent {
  let redact = redactors.get(data);
  if (redact === undefined) {
    redact = personalDataRedactor(data);
    redactors.set(data, redact);
  }
  return redact;
}

/**
 * Prepares events for storing: stamps each with `recordedAt` (the clock's instant of the write) and
 * takes the personal data out of a `claim-created` event (kept apart with a fresh salt).
 *
 * @param events - the events as decided
 * @param recordedAt - the instant of the write
 * @param randomBytes - the source of the salt (default: the runtime's `crypto.getRandomValues`)
 * @param personal - the claim's personal data kept apart, if held: quoted in free text it is
 *   replaced by `[personal data]` (see `redactPersonalData`; one redactor for all the events)
 * @returns the events to hash and store, the same events as the engine reads them (stamped, with
 *   personal data), and the personal-data record to store beside them
 * @internal
 */
export function prepareEvents(
  events: readonly ClaimEvent[],
  recordedAt: string,
  randomBytes: ((length: number) => Uint8Array) | undefined,
  personal?: PersonalData,
): { readonly events: ClaimEvent[]; readonly recorded: ClaimEvent[]; readonly personalData?: PersonalDataRecord } {
  let personalData: PersonalDataRecord | undefined;
  const recorded = events.map((event): ClaimEvent => ({ ...event, recordedAt }));
  const redact = personal === undefined ? undefined : redactorOf(personal);
  const prepared = recorded.map((stamped, i) => {
    if (stamped.type !== 'claim-created') {
      if (redact === undefined) return stamped;
      const redacted = redact(stamped);
      recorded[i] = redacted;
      return redacted;
    }
    if (stamped.claim.debtor.personalData !== undefined) return stamped;
    const random = randomBytes ?? runtimeRandomBytes();
    if (random === undefined) {
      throw new ValidationError('randomBytes: this runtime has no crypto.getRandomValues; pass createMahnwerk({ randomBytes }) to salt the personal data kept apart.', {
        field: 'randomBytes',
      });
    }
    const apart = keepPersonalDataApart(stamped, newSalt(random));
    if (apart.record !== undefined) {
      personalData = apart.record;
      // What a later load reads back: the stored event with the data put back.
      recorded[i] = withPersonalData(apart.event, { status: 'held', record: apart.record });
    }
    return apart.event;
  });
  return { events: prepared, recorded, ...(personalData === undefined ? {} : { personalData }) };
}

/** One claim in a {@link DebtorExport}. */
export interface DebtorClaimExport {
  /** The claim. */
  readonly claimId: string;
  /** Its status now. */
  readonly status: ClaimStatus;
  /**
   * The personal data held for it: `held` with the data (and whether it matches the commitment in
   * the chain), `erased` with when, or `none` (written before personal data was kept apart: it is
   * then inside the entries).
   */
  readonly personalData:
    | { readonly status: 'held'; readonly data: PersonalData; readonly commitmentVerified: boolean }
    | { readonly status: 'erased'; readonly erasedAt: string }
    | { readonly status: 'none' };
  /** Every stored entry (business `date` and `recordedAt` inside each event), as the audit trail holds it. */
  readonly entries: readonly AuditEntry<ClaimEvent>[];
  /** Whether the chain verifies (anchored at the stored version). */
  readonly chainVerified: boolean;
  /** Entries whose business date lies before their recording day. */
  readonly backdated: readonly BackdatedEntry[];
}

/** Everything the store holds about one debtor (GDPR Art. 15), as JSON data. */
export interface DebtorExport {
  /** The debtor. */
  readonly debtorId: string;
  /** When the export was made (the clock's instant). */
  readonly exportedAt: string;
  /** The debtor's claims, in claim-id order. */
  readonly claims: readonly DebtorClaimExport[];
  /** Outbox messages to the debtor (any claim, any status). */
  readonly messages: readonly unknown[];
}

/** What `Mahnwerk.eraseDebtor` did. */
export interface DebtorErasure {
  /** The debtor. */
  readonly debtorId: string;
  /** When. */
  readonly erasedAt: string;
  /** Claims whose personal data was erased now. */
  readonly erased: readonly string[];
  /** Claims of the debtor (all of them, kept: amounts, dates and the chain stay, GDPR Art. 17(3)(b), (e)). */
  readonly claims: readonly string[];
  /**
   * Claims recorded before personal data was kept apart: their personal data is inside the hash
   * chain and cannot be erased without breaking it. Empty for claims created by this version.
   */
  readonly inChain: readonly string[];
}

function checkDebtorId(debtorId: unknown): string {
  if (typeof debtorId !== 'string' || debtorId === '') throw new ValidationError('debtorId: expected the host\'s non-empty debtor id.', { field: 'debtorId' });
  return debtorId;
}

/**
 * Exports everything held about a debtor: each claim's personal data, entries and status, and the
 * messages decided for the debtor.
 *
 * @param store - the store
 * @param clock - the clock (`exportedAt`)
 * @param debtorId - the debtor
 * @returns the export
 * @internal
 */
export async function exportDebtorData(store: ClaimStore, clock: Clock, debtorId: string): Promise<DebtorExport> {
  const id = checkDebtorId(debtorId);
  const claims: DebtorClaimExport[] = [];
  for (const claimId of await store.debtorClaimIds(id)) {
    const stored = await store.load(claimId);
    if (stored === null) continue;
    const holding = stored.personalData;
    const created = stored.entries[0]?.event;
    const commitment = created?.type === 'claim-created' ? created.claim.debtor.personalData?.commitment : undefined;
    const personalData: DebtorClaimExport['personalData'] =
      holding === undefined
        ? { status: 'none' }
        : holding.status === 'erased'
          ? { status: 'erased', erasedAt: holding.erasedAt }
          : {
              status: 'held',
              data: holding.record.data,
              commitmentVerified: commitment === holding.record.commitment && personalDataCommitment(holding.record.data, holding.record.salt) === commitment,
            };
    claims.push({
      claimId,
      status: project(hydratedEvents(stored)).status,
      personalData,
      entries: stored.entries,
      chainVerified: verifyAudit(stored.entries, { expectedLength: stored.version }).ok,
      backdated: backdatedEntries(claimId, stored.entries),
    });
  }
  const messages = await store.contactsSince(id, '1900-01-01');
  return { debtorId: id, exportedAt: clock.now(), claims, messages };
}

/**
 * Erases a debtor's personal data from the store; amounts, dates, entries and the chain stay.
 *
 * @param store - the store
 * @param clock - the clock (`erasedAt`)
 * @param debtorId - the debtor
 * @returns what was erased, and claims whose personal data is inside the chain
 * @internal
 */
export async function eraseDebtorData(store: ClaimStore, clock: Clock, debtorId: string): Promise<DebtorErasure> {
  const id = checkDebtorId(debtorId);
  const erasedAt = clock.now();
  const claims = await store.debtorClaimIds(id);
  const { erased } = await store.eraseDebtor(id, erasedAt);
  const inChain: string[] = [];
  for (const claimId of claims) {
    const stored = await store.load(claimId);
    const created = stored?.entries[0]?.event;
    if (created?.type === 'claim-created' && created.claim.debtor.personalData === undefined) inChain.push(claimId);
  }
  return { debtorId: id, erasedAt, erased, claims, inChain };
}
