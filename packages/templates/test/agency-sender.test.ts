import {
  addDays,
  decide,
  deB2bDefaultPolicy,
  deB2cDefaultPolicy,
  MahnwerkError,
  project,
  simulate,
  statementAsOf,
  ValidationError,
  type ClaimEvent,
  type ClaimFacts,
  type IsoDate,
  type Policy,
  type RenderCheck,
  type RenderInput,
} from '@mahnwerk/core';
import { describe, expect, it } from 'vitest';
import { createEngineRenderer, createRenderer, TemplateError, type CreditorParty, type InkassoInfo } from '../src/index.js';
import { agency, creditor, handoverData, inkasso } from './fixtures.js';

// Findings F2/F3 of the stranger pass: the collection agency's first demand (`handover-inkasso`)
// written with the README's creditor-only renderer. The templates refuse it — for business debtors
// too — when its sender is no collection agency or it does not name the client, and the engine
// renderer's check (core's Renderer.check) says so before the engine books the hand-over (rule
// guard.message-cannot-be-written): no hand-over and no collection costs for a letter that would not
// go out (§ 13a Abs. 1 RDG for consumers; §§ 280 Abs. 2, 286 BGB, § 13e RDG for the costs).

const shop: CreditorParty = { name: 'Gartenwelt Versand GmbH', addressLines: ['Lindenallee 12', '04109 Leipzig'], email: 'buchhaltung@gartenwelt.example' };

/** The stranger's claims (emails.mts): invoice 2025-03-03, due 2025-03-17, with description and contract date. */
function claim(kind: 'consumer' | 'business', principal: string): ClaimFacts {
  return {
    id: 'RE-1',
    reference: 'RE-1',
    debtor: { id: 'D-1', kind, name: kind === 'business' ? 'Muster Bau GmbH' : 'Anna Muster', address: ['Kastanienweg 7', '01067 Dresden'], email: 'a@example.org' },
    principal,
    currency: 'EUR',
    invoiceDate: '2025-03-03',
    dueDate: '2025-03-17',
    dueDateAgreed: true,
    description: 'Bestellung 4711: Gartenstuhl',
    contractDate: '2025-03-03',
  };
}

/** Decides every day from the invoice date to `to` with the renderer's check, as createMahnwerk does (messages sent the same day). */
function play(facts: ClaimFacts, policy: Policy, check: RenderCheck | undefined, to: IsoDate): { events: ClaimEvent[]; blocked: string[] } {
  const events: ClaimEvent[] = [{ type: 'claim-created', claimId: facts.id, date: facts.invoiceDate, claim: facts }];
  const blocked: string[] = [];
  for (let day = facts.invoiceDate; day <= to; day = addDays(day, 1)) {
    const d = decide(project(events), policy, day, check === undefined ? {} : { messageCheck: check });
    events.push(...d.events);
    for (const e of d.events) if (e.type === 'message-queued') events.push({ type: 'message-sent', claimId: e.claimId, date: day, messageId: e.messageId, channel: e.channel });
    for (const b of d.blocked) blocked.push(`${day} ${b.rule} ${b.text}`);
  }
  return { events, blocked };
}

/** The README's renderer plus the agency as sender of handover-inkasso and its § 13a data (the claim's reason from its facts). */
const withAgency = createEngineRenderer({
  creditor: (input) => (input.template === 'handover-inkasso' ? agency : shop),
  extra: (input) => (input.template === 'handover-inkasso' ? { inkasso: { ...inkasso, claimReason: undefined } as unknown as InkassoInfo } : {}),
});

const handedOver = (events: readonly ClaimEvent[]): ClaimEvent[] => events.filter((e) => e.type === 'handed-over' || (e.type === 'fee-charged' && e.kind === 'collection-costs'));

describe('handover-inkasso needs a collection agency as sender that names its client (F3), for business debtors too', () => {
  it('a business debtor\'s letter signed by the creditor is refused, naming creditor.isCollectionAgency and how to fix it; the check gives the same reason', () => {
    const data = handoverData({ creditor, debtor: { name: 'Muster Bau GmbH', kind: 'business', addressLines: ['Kastanienweg 7', '01067 Dresden'] } });
    const renderer = createRenderer();
    let error: unknown;
    try {
      renderer.render('handover-inkasso', 'letter', data);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TemplateError);
    expect((error as TemplateError).field).toBe('creditor.isCollectionAgency');
    expect((error as TemplateError).message).toContain("creditor: (input) => (input.template === 'handover-inkasso' ? agency : creditor)");
    // One path: the check answers with the message render throws.
    expect(renderer.check('handover-inkasso', 'letter', data)).toBe((error as TemplateError).message);
    // The agency as sender: written, and the check has nothing to say.
    expect(renderer.check('handover-inkasso', 'letter', handoverData())).toBeNull();
    expect(renderer.render('handover-inkasso', 'letter', handoverData()).text).toContain('wir wurden von Stadtwerke Musterstadt GmbH mit der Einziehung');
  });

  it('an agency that does not name its client is refused (field inkasso.client.name); other templates are not concerned', () => {
    const { inkasso: _none, ...noInkasso } = handoverData({ debtor: { name: 'Muster Bau GmbH', kind: 'business', addressLines: ['Kastanienweg 7', '01067 Dresden'] } });
    const renderer = createRenderer();
    expect(renderer.check('handover-inkasso', 'email', noInkasso)).toContain('inkasso.client.name');
    expect(() => renderer.render('handover-inkasso', 'email', noInkasso)).toThrow(TemplateError);
    expect(renderer.check('court-dunning-announcement', 'letter', { ...noInkasso, creditor })).toBeNull();
  });

  it('German: "im Auftrag unseres Auftraggebers" (genitive), not "im Auftrag von unserem Auftraggeber"; with the client "im Auftrag von <Name>"', () => {
    // Checked by reading: "im Auftrag" takes the genitive (Duden: "im Auftrag des Kunden"); "von" + name is usual for a proper name.
    const source = createRenderer().source('de/letter/handover-inkasso.subject') ?? '';
    expect(source).toContain('unseres Auftraggebers');
    expect(source).not.toContain('unserem Auftraggeber');
    expect(createRenderer().render('handover-inkasso', 'letter', handoverData()).subject).toBe('Zahlungsaufforderung im Auftrag von Stadtwerke Musterstadt GmbH – Forderung RE-2025-004711');
  });
});

describe('the engine renderer\'s check: the engine does not book a hand-over whose letter cannot be written (F2, F3)', () => {
  const readme = createEngineRenderer({ creditor: shop });

  it('createEngineRenderer carries a check; it uses the same letter data and validation as rendering', () => {
    expect(typeof readme.check).toBe('function');
    const input: RenderInput = {
      template: 'handover-inkasso',
      channel: 'letter',
      locale: 'de',
      claim: claim('consumer', '249.90'),
      statement: statementAsOf([{ type: 'claim-created', claimId: 'RE-1', date: '2025-03-03', claim: claim('consumer', '249.90') }], '2025-05-15'),
    };
    const reason = readme.check?.(input);
    let thrown: unknown;
    try {
      readme(input);
    } catch (e) {
      thrown = e;
    }
    expect(MahnwerkError.isInstance(thrown)).toBe(true);
    expect(reason).toBe((thrown as Error).message);
    expect(reason).toContain('§ 13a Abs. 1 RDG');
    expect(reason).toContain('inkasso.client.name');
    // An unmapped engine channel: refused by the check as by rendering (ValidationError channel).
    expect(readme.check?.({ ...input, channel: 'fax' })).toContain('map it in createEngineRenderer({ channels })');
  });

  it('consumer 249.90 with the README renderer: the hand-over of 2025-05-15 is blocked with the § 13a reason — no handed-over, no collection costs (0.9 × 49.00 = 44.10 + 8.82 = 52.92 before)', () => {
    const { events, blocked } = play(claim('consumer', '249.90'), deB2cDefaultPolicy, readme.check, '2025-05-20');
    expect(handedOver(events)).toEqual([]);
    expect(blocked[0]).toMatch(/^2025-05-15 guard\.message-cannot-be-written Stage handover sends "handover-inkasso" by letter \(fallback email\)/);
    expect(blocked[0]).toContain('§ 13a Abs. 1 RDG');
    // Tried again every day (the host may give the renderer the agency's data).
    expect(blocked.map((b) => b.slice(0, 10))).toEqual(['2025-05-15', '2025-05-16', '2025-05-17', '2025-05-18', '2025-05-19', '2025-05-20']);
    // Without the check (a renderer as before) the engine hands over and charges 52.92 (the stranger's F2 figures).
    const before = play(claim('consumer', '249.90'), deB2cDefaultPolicy, undefined, '2025-05-20').events;
    expect(handedOver(before).map((e) => (e.type === 'fee-charged' ? `${e.date} ${e.amount}` : `${e.date} ${e.type}`))).toEqual(['2025-05-15 handed-over', '2025-05-15 52.92']);
  });

  it('business 4780.00 with the README renderer: blocked, naming creditor.isCollectionAgency; with the agency as sender it is handed over', () => {
    const readmeRun = play(claim('business', '4780.00'), deB2bDefaultPolicy, readme.check, '2025-05-16');
    expect(handedOver(readmeRun.events)).toEqual([]);
    expect(readmeRun.blocked[0]).toMatch(/^2025-05-15 guard\.message-cannot-be-written/);
    expect(readmeRun.blocked[0]).toContain('creditor.isCollectionAgency');
    const agencyRun = play(claim('business', '4780.00'), deB2bDefaultPolicy, withAgency.check, '2025-05-16');
    expect(agencyRun.blocked).toEqual([]);
    expect(handedOver(agencyRun.events).map((e) => `${e.date} ${e.type}`)).toEqual(['2025-05-15 handed-over', '2025-05-15 fee-charged']);
  });
});

describe('§ 13a Abs. 1 Nr. 5 RDG itemisation includes the credit of the flat fee (§ 288 Abs. 5 S. 3 BGB), so it sums to the statement\'s costs', () => {
  it('business 4780.00 handed over 2025-05-15: 40.00 + 300.60 + 20.00 − 40.00 = 320.60 = "Kosten" of the statement', async () => {
    // By hand: Nr. 2300 VV RVG 0.9 × 334.00 (RVG table 2021, value up to 5 000 EUR) = 300.60; Nr. 7002 VV RVG
    // 20 % = 60.12, capped at 20.00; the flat fee of 40.00 (§ 288 Abs. 5 S. 1 BGB, charged with the final notice)
    // is credited against them (− 40.00): collection costs 280.60, costs in all 40.00 + 280.60 = 320.60.
    const result = simulate({ claims: [claim('business', '4780.00')], policy: 'auto', from: '2025-03-03', to: '2025-05-15' });
    const events = result.claims[0]?.events ?? [];
    const stmt = statementAsOf(events, '2025-05-15');
    expect(stmt.costs.amount.toFixed(2)).toBe('320.60');
    const input: RenderInput = { template: 'handover-inkasso', channel: 'letter', locale: 'de', claim: claim('business', '4780.00'), statement: stmt, stage: 'handover' };
    const out = await withAgency(input);
    const block = out.text.slice(out.text.indexOf('Kosten (Art, Höhe und Entstehung):'));
    const items = block.split('\n').slice(1).filter((l) => l.startsWith('- ')).slice(0, 4);
    expect(items.map((l) => /: (-?[\d.,]+)\s€/.exec(l)?.[1])).toEqual(['40,00', '300,60', '20,00', '-40,00']);
    expect(items[3]).toContain('Anrechnung');
    expect(items[3]).toContain('angerechnet am 15.05.2025');
    expect(items[1]).toContain('entstanden am 15.05.2025');
    expect(out.text).toContain('Kosten: 320,60');
    // The HTML block lists the same four items.
    expect((out.html ?? '').match(/<dd>[^<]*(Anrechnung|Geschäftsgebühr|Auslagenpauschale|Verzugspauschale)[^<]*<\/dd>/g)).toHaveLength(4);
  });
});

describe('createEngineRenderer without a sender', () => {
  it('createEngineRenderer({}) is a ValidationError naming creditor, not a TypeError; a blank name names creditor.name', () => {
    const call = (options: unknown) => () => createEngineRenderer(options as Parameters<typeof createEngineRenderer>[0]);
    expect(call({})).toThrow(ValidationError);
    try {
      call({})();
    } catch (e) {
      expect((e as ValidationError).field).toBe('creditor');
      expect((e as ValidationError).code).toBe('invalid_input');
    }
    expect(call({ creditor: { name: ' ' } })).toThrow(/creditor\.name/);
    expect(call({ creditor: () => shop })).not.toThrow();
  });
});
