import { describe, expect, it } from 'vitest';
import {
  AdjustmentExceedsPrincipalError,
  MahnwerkError,
  ValidationError,
  addDays,
  parseScriptedAction,
  simulate,
  toAmountString,
  type ClaimEvent,
  type IsoDate,
  type ScriptedActionInput,
  type SimulationResult,
  type Statement,
} from '../../src/index.js';
import { facts } from '../engine/helpers.js';
import { autoHost } from '../engine/host-fixture.js';

// A simulation script books a credit note (Gutschrift) or write-down (Teilerlass, § 397 Abs. 1 BGB)
// — `{ type: 'adjustment', claimId, date, kind, amount, note? }`, the host's recordAdjustment with
// its field names — through the host's path: commandForInput turns it into the `record-adjustment`
// command, decideCommand books it with bookAdjustment (the one rule of the booking and of its limit,
// the principal open, § 362 Abs. 1 / § 367 Abs. 1 BGB). The principal bears no default interest on
// the amount from the note's day on (§ 288 Abs. 1 BGB runs on the principal owed). One above the
// principal open is refused as the host refuses it (AdjustmentExceedsPrincipalError): nothing is
// booked, the run lists it in `refused` and goes on.
//
// The claim: the engine helpers' consumer claim with principal 500.00 EUR, invoiced 2025-01-02, agreed
// due date 2025-01-16 — default from 2025-01-17 without a notice (§ 286 Abs. 2 Nr. 1 BGB). Policy
// de-b2c-default: reminder 01-23, Mahnung 02-06 (deadline 02-20), final notice 02-27 (+ 1.00 dunning
// fee), hand-over 03-16 (collection costs), court dunning announcement 04-15. Base rate 2.27 % from
// 2025-01-01 (§ 247 BGB), consumer margin 5 points: 7.27 % p. a., act/365; the run ends 2025-04-30
// (before the 1 July base rate).

const claim = facts({ principal: '500.00' });
const STATEMENT = { allowBeyondKnownBaseRate: true } as const;
const NOTE_DAY: IsoDate = '2025-02-14'; // mid-dunning: after the Mahnung (02-06), before the final notice (02-27)
const creditNote = (amount: string, over: Partial<Extract<ScriptedActionInput, { type: 'adjustment' }>> = {}): ScriptedActionInput => ({
  type: 'adjustment',
  claimId: claim.id,
  date: NOTE_DAY,
  kind: 'credit-note',
  amount,
  note: 'Rücksendung',
  ...over,
});
const run = (script: ScriptedActionInput[]): SimulationResult =>
  simulate({ claims: [claim], policy: 'auto', from: '2025-01-02', to: '2025-04-30', behaviour: { script }, statement: STATEMENT });
const amounts = (st: Statement): string[] => [st.principal, st.interest, st.costs, st.total].map(toAmountString);
const lines = (st: Statement): string[] => st.lines.map((l) => `${l.part} ${l.label} ${toAmountString(l.amount)}${l.part === 'interest' ? ` on ${l.onPrincipal === undefined ? '-' : toAmountString(l.onPrincipal)}` : ''}`);

describe('simulate: a script books a credit note through the host decider (adjustment, § 362 / § 367 Abs. 1 BGB)', () => {
  const plain = run([]);

  it('a credit note of 100.00 on a 500.00 claim mid-dunning: one adjustment event on its day, interest on 400.00 from that day, and the final statement checked by hand', () => {
    const result = run([creditNote('100.00')]);
    const c = result.claims[0];
    const booked = c?.events.filter((e) => e.type === 'adjustment') ?? [];
    expect(booked).toEqual([
      {
        type: 'adjustment',
        claimId: 'INV-1',
        date: NOTE_DAY,
        kind: 'credit-note',
        amount: '100.00',
        note: 'Rücksendung',
        reason: { rule: 'adjustment.open-principal', text: 'Lowers the principal open (500.00 EUR) by 100.00 EUR from 2025-02-14.', inputs: { openPrincipal: '500.00', openOn: NOTE_DAY, amount: '100.00' } },
      },
    ]);
    expect(result.refused).toEqual([]);
    // Hand check, § 288 Abs. 1 BGB at 7.27 %, act/365, each period rounded half up to the cent:
    //   before the note, 2025-01-17 – 2025-02-13 (28 days) on 500.00: 500.00 × 7.27 % × 28 / 365 = 2.7884… → 2.79
    //   from the note,   2025-02-14 – 2025-04-30 (15 + 31 + 30 = 76 days) on 400.00: 400.00 × 7.27 % × 76 / 365 = 6.0550… → 6.06
    //   interest 2.79 + 6.06 = 8.85 (without the note: 500.00 × 7.27 % × 104 / 365 = 10.357… → 10.36)
    //   costs: 1.00 dunning fee (final notice) + Nr. 2300 VV RVG 0.9 × 49.00 = 44.10 (value up to 500 EUR, also
    //   at 400.00) + Nr. 7002 VV RVG 20 % of 44.10 = 8.82 → 53.92
    //   total 400.00 + 8.85 + 53.92 = 462.77
    const st = c?.statement as Statement;
    expect(amounts(st)).toEqual(['400.00', '8.85', '53.92', '462.77']);
    expect(lines(st)).toEqual([
      'principal Hauptforderung 500.00',
      'interest Verzugszinsen 2025-01-17–2025-02-13 2.79 on 500.00',
      'principal Gutschrift: Rücksendung -100.00',
      'interest Verzugszinsen 2025-02-14–2025-04-30 6.06 on 400.00',
      'costs Mahnkosten (Porto und Material) 1.00',
      'costs Geschäftsgebühr Nr. 2300 VV RVG 44.10',
      'costs Auslagenpauschale Nr. 7002 VV RVG 8.82',
    ]);
    expect(amounts(plain.claims[0]?.statement as Statement)).toEqual(['500.00', '10.36', '53.92', '564.28']);
    // The letters before the note ask for 500.00, those after for 400.00: the final notice of 02-27 with
    // interest to that day, 2.79 + 400.00 × 7.27 % × 14 / 365 (02-14 – 02-27) = 2.79 + 1.1154… → 1.12 = 3.91, + 1.00 fee = 404.91.
    expect(result.messages.map((m) => `${m.date} ${m.stage} ${toAmountString(m.totals.principal)} ${toAmountString(m.totals.total)}`)).toEqual([
      '2025-01-23 reminder 500.00 500.70',
      '2025-02-06 dunning-notice 500.00 502.09',
      '2025-02-27 final-notice 400.00 404.91',
      '2025-03-16 handover 400.00 459.18',
      '2025-04-15 court-dunning-announcement 400.00 461.57',
    ]);
    // Nothing else of the timeline moves: the same stages on the same days.
    const steps = (events: readonly ClaimEvent[] | undefined): string[] => (events ?? []).filter((e) => e.type === 'stage-entered' || e.type === 'fee-charged').map((e) => `${e.date} ${e.type}`);
    expect(steps(c?.events)).toEqual(steps(plain.claims[0]?.events));
  });

  it('a write-down (Teilerlass, § 397 Abs. 1 BGB) is booked the same way, labelled as such', () => {
    const c = run([creditNote('100.00', { kind: 'write-down', note: undefined })]).claims[0];
    expect(c?.events.filter((e) => e.type === 'adjustment').map((e) => e.type === 'adjustment' && [e.kind, e.amount, e.note])).toEqual([['write-down', '100.00', undefined]]);
    expect(amounts(c?.statement as Statement)).toEqual(['400.00', '8.85', '53.92', '462.77']);
  });

  it('a credit note above the principal open (500.01 on 500.00) is refused with the host\'s error (adjustment_exceeds_principal, naming 500.00): nothing is booked, the run lists it and goes on', () => {
    const result = run([creditNote('500.01')]);
    expect(result.claims[0]?.events).toEqual(plain.claims[0]?.events);
    expect(result.refused).toHaveLength(1);
    expect(result.refused[0]).toMatchObject({ date: NOTE_DAY, claimId: 'INV-1', action: 'adjustment', code: 'adjustment_exceeds_principal', field: 'amount' });
    expect(result.refused[0]?.message).toContain('a credit note of 500.01 EUR on 2025-02-14 is more than the principal open on claim "INV-1", 500.00 EUR on 2025-02-14');
    // 500.00 itself is booked and leaves no principal (interest of 2.79 to the day before and the costs stay).
    const full = run([creditNote('500.00')]);
    expect(full.refused).toEqual([]);
    expect(toAmountString((full.claims[0]?.statement as Statement).principal)).toBe('0.00');
  });

  it('a second credit note above what the first left open is refused (100.00, then 400.01 on the same day); 400.00 is booked', () => {
    const refused = run([creditNote('100.00'), creditNote('400.01')]);
    expect(refused.refused.map((r) => [r.code, r.message.includes('400.00 EUR on 2025-02-14')])).toEqual([['adjustment_exceeds_principal', true]]);
    expect(refused.claims[0]?.events.filter((e) => e.type === 'adjustment')).toHaveLength(1);
    const booked = run([creditNote('100.00'), creditNote('400.00')]);
    expect(booked.refused).toEqual([]);
    expect(booked.claims[0]?.events.filter((e) => e.type === 'adjustment')).toHaveLength(2);
  });

  it('what the entry gets wrong regardless of the day is a ValidationError before the run, naming the entry and field', () => {
    const bad = (over: Record<string, unknown>): ValidationError => {
      try {
        run([{ ...creditNote('100.00'), ...over } as ScriptedActionInput]);
      } catch (error) {
        if (error instanceof ValidationError) return error;
        throw error;
      }
      throw new Error('expected a ValidationError');
    };
    expect(bad({ kind: 'refund' }).field).toBe('behaviour.script[0].kind');
    expect(bad({ amount: '0.00' }).field).toBe('behaviour.script[0].amount');
    expect(bad({ amount: '1.005' })).toMatchObject({ field: 'behaviour.script[0].amount' });
    expect(bad({ amount: 100 }).field).toBe('behaviour.script[0].amount');
    expect(bad({ note: '  ' }).field).toBe('behaviour.script[0].note');
    expect(bad({ date: '2024-12-31' }).message).toContain('before the invoice date 2025-01-02');
    expect(bad({ reason: 'credit-note' }).field).toBe('behaviour.script[0]');
  });
});

describe('the same credit notes through the host API (createMahnwerk.recordAdjustment): the same ledger', () => {
  // The host books the note on its day before the day's runDue (the engine's day order), as simulate does.
  async function host(amount: string): Promise<{ events: ClaimEvent[]; statement: Statement; refusal: unknown }> {
    const h = autoHost({ statement: STATEMENT });
    h.clock.date = '2025-01-02';
    await h.mw.createClaim(claim);
    await h.run(addDays(NOTE_DAY, -1));
    h.clock.date = NOTE_DAY;
    const refusal = await h.mw.recordAdjustment({ claimId: claim.id, kind: 'credit-note', amount, note: 'Rücksendung' }).then(
      () => null,
      (error: unknown) => error,
    );
    await h.run('2025-04-30');
    return { events: await h.events(claim.id), statement: await h.mw.statement(claim.id, '2025-04-30'), refusal };
  }
  // The money and the steps; not the delivery (this host's letter channel has no address to send to,
  // simulate sends each message the day it is queued — the full ledgers are compared by
  // @mahnwerk/testing's differential test, whose channels deliver as simulate does).
  const ledger = (events: readonly ClaimEvent[]): unknown[] =>
    events.filter((e) => !e.type.startsWith('message-') || e.type === 'message-queued').map((e) => {
      const { recordedAt: _at, ...rest } = e as ClaimEvent & { recordedAt?: string };
      return rest.type === 'claim-created' ? rest.type : rest;
    });

  it('100.00: the same events (adjustment, stages, fees) and the same final statement as simulate', async () => {
    const simulated = run([creditNote('100.00')]).claims[0];
    const booked = await host('100.00');
    expect(booked.refusal).toBeNull();
    expect(ledger(booked.events)).toEqual(ledger(simulated?.events ?? []));
    expect(JSON.stringify(booked.statement)).toBe(JSON.stringify(simulated?.statement));
  });

  it('500.01: the host refuses with AdjustmentExceedsPrincipalError and writes nothing; simulate lists the same refusal and books nothing', async () => {
    const simulated = run([creditNote('500.01')]);
    const booked = await host('500.01');
    expect(booked.refusal).toBeInstanceOf(AdjustmentExceedsPrincipalError);
    const e = booked.refusal as AdjustmentExceedsPrincipalError;
    expect([e.code, e.field, e.open, e.openOn]).toEqual(['adjustment_exceeds_principal', 'amount', '500.00', NOTE_DAY]);
    expect(simulated.refused[0]?.message).toBe(e.message);
    expect(booked.events.some((x) => x.type === 'adjustment')).toBe(false);
    expect(ledger(booked.events)).toEqual(ledger(simulated.claims[0]?.events ?? []));
    expect(JSON.stringify(booked.statement)).toBe(JSON.stringify(simulated.claims[0]?.statement));
  });
});

describe('parseScriptedAction: one script entry checked on its own (the entries of a book, e.g. mahnwerk import)', () => {
  const claimOf = (id: string) => (id === claim.id ? claim : undefined);
  it('returns the entry as simulate takes it', () => {
    expect(parseScriptedAction(creditNote('100.00'), claimOf, 'rows[3]')).toEqual(creditNote('100.00'));
  });
  it('names the entry\'s own place and field, in validateSimulationInput\'s words', () => {
    const error = (entry: unknown): MahnwerkError => {
      try {
        parseScriptedAction(entry, claimOf, 'rows[3]');
      } catch (e) {
        if (MahnwerkError.isInstance(e)) return e;
        throw e;
      }
      throw new Error('expected a refusal');
    };
    expect([error({ ...creditNote('100.00'), amount: '1.005' }).field, error({ ...creditNote('100.00'), claimId: 'X' }).field]).toEqual(['rows[3].amount', 'rows[3].claimId']);
    expect(error({ ...creditNote('100.00'), amount: '0' }).message).toMatch(/^rows\[3\]\.amount: /);
    const unknown = error({ type: 'refund', claimId: 'INV-1', date: NOTE_DAY });
    expect(unknown.field).toBe('rows[3].type');
    expect(unknown.message).toMatch(/^rows\[3\]\.type: the entry of 2025-02-14 on claim "INV-1" has the type "refund", which is not a scripted action; give one of .*correct-facts, adjustment\.$/);
    expect(error({ ...creditNote('100.00'), date: '2025-02-30' }).message).toContain('rows[3].date: ');
  });
});
