import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  createMahnwerk,
  holdProposal,
  personalDataRedactor,
  project,
  REDACTED,
  verifyAudit,
  type ClaimEvent,
  type ClaimEventOf,
  type IsoDate,
} from '../../src/index.js';
import { rejected } from '../errors/caught.js';
import { created, facts } from './helpers.js';
import { memoryStore } from './memory-store.js';

// A debtor's installment proposal under the creditor's review is recorded as data on the hold that pauses
// the dunning (`hold-placed.proposal`, placeHold's `proposal`), checked as an agreed plan's installments are
// (agreeInstallmentPlan: none due before the day, amounts in the claim's currency with its minor-unit
// digits), and read by one function, `holdProposal` (the portal's page and a host's review). Holds the portal
// placed before the member existed carry the proposal only in their note: `holdProposal` reads it from there
// (their idempotency key `portal:plan:…`), as the portal did.
//
// The claim: helpers' `facts` (1,000.00 EUR, consumer Erika Muster, invoice 2025-01-02). The proposal of the
// specs: 3 × 333.33 + 0.01 on the first = 333.34 + 333.33 + 333.33 = 1,000.00, monthly from 2025-02-14.

const proposal = {
  installments: [
    { dueDate: '2025-02-14' as IsoDate, amount: '333.34' },
    { dueDate: '2025-03-14' as IsoDate, amount: '333.33' },
    { dueDate: '2025-04-14' as IsoDate, amount: '333.33' },
  ],
};

function host() {
  const store = memoryStore();
  const clock = { date: '2025-01-31' as IsoDate, today: () => clock.date, now: () => `${clock.date}T09:00:00+01:00` };
  const mw = createMahnwerk({ store, clock, policy: 'auto' });
  return { store, clock, mw };
}

/** What holdProposal reads of each hold-placed event of a ledger. */
const proposalsOf = (events: readonly ClaimEvent[]) => events.filter((e): e is ClaimEventOf<'hold-placed'> => e.type === 'hold-placed').map((e) => holdProposal(e, 'EUR'));

const holdOf = (events: readonly ClaimEvent[]): ClaimEventOf<'hold-placed'> => {
  const hold = events.find((e): e is ClaimEventOf<'hold-placed'> => e.type === 'hold-placed');
  if (hold === undefined) throw new Error('no hold-placed event');
  return hold;
};

describe('placeHold with a proposal: the proposal is recorded on hold-placed as data and read back by holdProposal', () => {
  it('written as given (amounts with the currency\'s two digits: "200" → "200.00"), on the stored event, in the state\'s hold, in the hash chain', async () => {
    const h = host();
    await h.mw.createClaim(facts());
    const given = { installments: [{ dueDate: '2025-02-14' as IsoDate, amount: '800' }, { dueDate: '2025-03-14' as IsoDate, amount: '200.0' }], costNoticeGivenOn: '2025-01-31' as IsoDate };
    const result = await h.mw.placeHold({ claimId: 'INV-1', note: 'Ratenzahlungsvorschlag per Telefon', until: '2025-02-14', interestRuns: true, proposal: given });
    const expected = { installments: [{ dueDate: '2025-02-14', amount: '800.00' }, { dueDate: '2025-03-14', amount: '200.00' }], costNoticeGivenOn: '2025-01-31' };
    expect(holdOf(result.events).proposal).toEqual(expected);
    // The stored event (a JSON copy in the store) carries it; holdProposal reads it, from the store and from the claim's state.
    const stored = await h.store.load('INV-1');
    const storedHold = holdOf(stored?.entries.map((e) => e.event) ?? []);
    expect(storedHold.proposal).toEqual(expected);
    expect(holdProposal(storedHold, 'EUR')).toEqual(expected);
    expect(proposalsOf((await h.mw.claim('INV-1')).events)).toEqual([expected]);
    // The note is kept for people, as given.
    expect(storedHold.note).toBe('Ratenzahlungsvorschlag per Telefon');
    // Canonical JSON (the audit chain's preimage) holds the member, its keys sorted (RFC 8785 § 3.2.3).
    expect(canonicalJson(storedHold)).toContain('"proposal":{"costNoticeGivenOn":"2025-01-31","installments":[{"amount":"800.00","dueDate":"2025-02-14"},{"amount":"200.00","dueDate":"2025-03-14"}]}');
    expect((await h.mw.verify('INV-1')).ok).toBe(true);
  });

  it('the chain detects a proposal changed in the store: an installment\'s amount altered → "altered" at the hold\'s entry', async () => {
    const h = host();
    await h.mw.createClaim(facts());
    await h.mw.placeHold({ claimId: 'INV-1', note: 'Vorschlag', until: '2025-02-14', interestRuns: true, proposal });
    const entries = (await h.store.load('INV-1'))?.entries ?? [];
    const k = entries.findIndex((e) => e.event.type === 'hold-placed');
    expect(verifyAudit(entries).ok).toBe(true);
    const hold = entries[k]?.event as ClaimEventOf<'hold-placed'>;
    const tampered = [...entries];
    tampered[k] = { ...(entries[k] as (typeof entries)[number]), event: { ...hold, proposal: { installments: [{ dueDate: '2025-02-14', amount: '3.34' }, ...proposal.installments.slice(1)] } } };
    expect(verifyAudit(tampered)).toMatchObject({ ok: false, index: k, problem: 'altered' });
  });

  it('a hold without a proposal has none (no member on the event, holdProposal null)', async () => {
    const h = host();
    await h.mw.createClaim(facts());
    const result = await h.mw.placeHold({ claimId: 'INV-1', note: 'Rückruf vereinbart', interestRuns: true });
    expect('proposal' in holdOf(result.events)).toBe(false);
    expect(holdProposal(holdOf(result.events), 'EUR')).toBeNull();
  });

  it('refused before anything is written, naming the field: an installment due before the day, a zero or a number as amount, none at all, 121, a cost notice after the day', async () => {
    const h = host();
    await h.mw.createClaim(facts());
    const writes = h.store.writes();
    const refusal = async (p: unknown) => rejected(h.mw.placeHold({ claimId: 'INV-1', note: 'Vorschlag', interestRuns: true, proposal: p as typeof proposal }));
    const early = await refusal({ installments: [{ dueDate: '2025-03-14', amount: '500.00' }, { dueDate: '2025-01-30', amount: '500.00' }] });
    expect(early).toMatchObject({ code: 'invalid_input', field: 'proposal.installments[1].dueDate' });
    expect(early.message).toBe('proposal.installments[1].dueDate: 2025-01-30 is before the proposal (2025-01-31); installments fall due after it is made.');
    expect(await refusal({ installments: [{ dueDate: '2025-02-14', amount: '0.00' }] })).toMatchObject({ field: 'proposal.installments[0].amount' });
    expect(await refusal({ installments: [{ dueDate: '2025-02-14', amount: 500 }] })).toMatchObject({ field: 'proposal.installments[0].amount' });
    expect(await refusal({ installments: [{ dueDate: '2025-02-30', amount: '500.00' }] })).toMatchObject({ field: 'proposal.installments[0].dueDate' });
    expect(await refusal({ installments: [] })).toMatchObject({ field: 'proposal.installments' });
    expect(await refusal({ installments: Array.from({ length: 121 }, () => ({ dueDate: '2025-02-14', amount: '1.00' })) })).toMatchObject({ field: 'proposal.installments' });
    expect(await refusal({ ...proposal, costNoticeGivenOn: '2025-02-01' })).toMatchObject({ field: 'proposal.costNoticeGivenOn' });
    h.clock.date = '2025-02-03';
    const late = await rejected(h.mw.placeHold({ claimId: 'INV-1', note: 'Vorschlag', interestRuns: true, date: '2025-02-01', proposal: { ...proposal, costNoticeGivenOn: '2025-02-02' } }));
    expect(late).toMatchObject({ field: 'proposal.costNoticeGivenOn' });
    expect(await refusal({ installments: proposal.installments, note: 'x' })).toMatchObject({ field: 'proposal' });
    expect(h.store.writes()).toBe(writes);
  });

  it('GDPR: personal data quoted in the note is redacted, the proposal (no personal data: days and amounts) is left as it is', () => {
    const redact = personalDataRedactor({ name: 'Erika Muster', email: 'erika@example.org' });
    const event: ClaimEvent = { type: 'hold-placed', claimId: 'INV-1', date: '2025-01-31', holdId: 'H-1', note: 'Erika Muster schlägt Raten vor', interestRuns: true, proposal };
    const out = redact(event) as ClaimEventOf<'hold-placed'>;
    expect(out.note).toBe(`${REDACTED} schlägt Raten vor`);
    expect(out.proposal).toEqual(proposal);
  });
});

// Events as the portal stored them before `proposal` existed (its placeHold with the note and the form's
// idempotency key, nothing else): copied from such a ledger, the note as the portal wrote it (no-break spaces
// before "€", points grouping thousands). The worded note: two installments of 1,006.17 (a total of 2,012.34)
// from Sun 2025-02-16, shown with the Monday § 193 BGB gives (02-17; February has 28 days, so 03-16 is a Sunday
// too → 03-17); the ISO form is the one written for lists too long for a note.
const oldWorded: ClaimEvent = JSON.parse(
  '{"type":"hold-placed","claimId":"INV-1","date":"2025-01-31","holdId":"INV-1:hold:2025-01-31:1",' +
    '"note":"Ratenzahlungsvorschlag über das Portal, zur Prüfung (2 Raten): Rate 1: 1.006,17\\u00a0€, fällig 16.02.2025 (Sonntag) – zahlbar bis Montag, 17.02.2025; ' +
    'Rate 2: 1.006,17\\u00a0€, fällig 16.03.2025 (Sonntag) – zahlbar bis Montag, 17.03.2025","until":"2025-02-14","interestRuns":true,' +
    '"reason":{"rule":"command.place-hold","text":"Hold placed until 2025-02-14: Ratenzahlungsvorschlag über das Portal, zur Prüfung (2 Raten): …"},' +
    '"idempotencyKey":"portal:plan:0f3c9a7e","recordedAt":"2025-01-31T09:00:00+01:00"}',
) as ClaimEvent;
const oldPlain: ClaimEvent = JSON.parse(
  '{"type":"hold-placed","claimId":"INV-1","date":"2025-01-31","holdId":"INV-1:hold:2025-01-31:1",' +
    '"note":"Ratenzahlungsvorschlag über das Portal, zur Prüfung (2 Raten EUR: 2025-02-14 503.09, 2025-03-14 503.08); Kostenhinweis nach § 13a Abs. 3 RDG angezeigt und bestätigt",' +
    '"until":"2025-02-14","interestRuns":true,"idempotencyKey":"portal:plan:77ab01d2","recordedAt":"2025-01-31T09:00:00+01:00"}',
) as ClaimEvent;

const twoWorded = [
  { dueDate: '2025-02-16', amount: '1006.17' },
  { dueDate: '2025-03-16', amount: '1006.17' },
];

describe('holdProposal: a hold the portal stored before the member existed is read from its note (the fallback)', () => {
  it('the worded note: two installments, German figures ("1.006,17") read as decimal strings, the dates as written (not the § 193 BGB days)', () => {
    // The claim's state projects from such a ledger as before; the proposal is read from its events.
    expect(proposalsOf(project([created(facts()), oldWorded]).events)).toEqual([{ installments: twoWorded }]);
    expect(holdProposal(oldWorded as ClaimEventOf<'hold-placed'>, 'EUR')).toEqual({ installments: twoWorded });
  });

  it('the ISO form with the cost notice: the notice counts as given on the hold\'s day (the form took its acknowledgement)', () => {
    expect(holdProposal(oldPlain as ClaimEventOf<'hold-placed'>, 'EUR')).toEqual({
      installments: [
        { dueDate: '2025-02-14', amount: '503.09' },
        { dueDate: '2025-03-14', amount: '503.08' },
      ],
      costNoticeGivenOn: '2025-01-31',
    });
  });

  it('no proposal: the same note on a hold not placed by the portal\'s form, a note naming fewer installments than it says, one with no day of the calendar — read as no proposal, the claim loads', () => {
    const { idempotencyKey: _key, ...hostHold } = oldWorded as ClaimEventOf<'hold-placed'>;
    expect(holdProposal(hostHold, 'EUR')).toBeNull();
    const short = { ...(oldPlain as ClaimEventOf<'hold-placed'>), note: oldPlain.type === 'hold-placed' ? oldPlain.note.replace('(2 Raten', '(3 Raten') : '' };
    expect(holdProposal(short, 'EUR')).toBeNull();
    const noDay = { ...(oldWorded as ClaimEventOf<'hold-placed'>), note: 'Ratenzahlungsvorschlag über das Portal, zur Prüfung (1 Raten): Rate 1: 5,00\u00a0€, fällig 30.02.2025' };
    expect(holdProposal(noDay, 'EUR')).toBeNull();
    expect(project([created(facts()), noDay]).holds).toHaveLength(1);
    expect(holdProposal({ ...noDay, note: 'Ratenzahlungsvorschlag über das Portal, zur Prüfung (1 Raten): Rate 1: €, fällig 28.02.2025' }, 'EUR')).toBeNull();
  });

  it('a member, where there is one, is what is read — the note is words for people', () => {
    const both = { ...(oldWorded as ClaimEventOf<'hold-placed'>), proposal };
    expect(holdProposal(both, 'EUR')).toBe(proposal);
  });

  it('property: any member written (1–12 installments, 2025–2030, amounts up to 9,999,999.99) is what holdProposal reads, after a JSON round trip', () => {
    const day = fc.integer({ min: 30, max: 6 * 365 }).map((n) => new Date(Date.UTC(2025, 0, 1 + n)).toISOString().slice(0, 10) as IsoDate);
    const cents = fc.integer({ min: 1, max: 999_999_999 }).map((c) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`);
    fc.assert(
      fc.property(fc.array(fc.record({ dueDate: day, amount: cents }), { minLength: 1, maxLength: 12 }), fc.boolean(), (installments, notice) => {
        const member = notice ? { installments, costNoticeGivenOn: '2025-01-31' as IsoDate } : { installments };
        const event = JSON.parse(JSON.stringify({ ...(oldWorded as ClaimEventOf<'hold-placed'>), note: 'Vorschlag', proposal: member })) as ClaimEventOf<'hold-placed'>;
        expect(holdProposal(event, 'EUR')).toEqual(member);
      }),
      { numRuns: 100 },
    );
  });
});
