import { describe, expect, it } from 'vitest';
import {
  allocateIncomingPayment,
  money,
  project,
  renderPlainText,
  reverseIncomingPayment,
  simulate,
  statement,
  type ClaimEvent,
  type ClaimFacts,
  type RenderInput,
  type RenderedMessage,
  type Statement,
} from '../../src/index.js';
import { CLAIM, created, defaultBegan, fee } from '../ledger/fixtures.js';
import { germanWordsIn } from '../ledger/german-words.js';

// English output has no German word (review of the English letters): core's plain-text fallback
// (`renderPlainText`), for every message of every stage of the built-in policies and for a statement
// with every kind of line, written to an English debtor. Citations of German statutes stay as the law
// cites them (`§ 288 Abs. 1 BGB`, `KV Nr. 1100 GKG`): none of their tokens is a German word of the
// list (test/ledger/german-words.ts). Days are written as English letters write them (`2 January
// 2025`), never ISO (`2025-01-02`) nor German (`02.01.2025`).
//
// The claims: 300.00 EUR, invoice 2026-04-01, due 2026-04-15 on an agreed calendar day, so that
// (a) the court fee the announcement names and the filing charges is the KV 1100 minimum of the GKG
// 2025 table (0.5 × 40.00 = 20.00 for a value up to 500 EUR, below the minimum 38.00 EUR, which is
// known from secondary sources only: the line carries an `unconfirmed` remark), and (b) the interest
// runs into the half-year from 2026-07-01, whose base rate (1.52 %) is not confirmed by a primary
// source (its lines carry an `unconfirmed` remark too).

const SENDER = { name: 'Muster Versand GmbH' };

function claim(kind: 'consumer' | 'business'): ClaimFacts {
  return {
    id: `EN-${kind}`,
    reference: `RE-${kind}`,
    debtor: { id: `D-${kind}`, kind, name: kind === 'consumer' ? 'Jane Doe' : 'Doe Trading Ltd', email: 'jane@example.org', address: ['1 High Street', 'London SW1A 1AA'], locale: 'en' },
    principal: '300.00',
    currency: 'EUR',
    invoiceDate: '2026-04-01',
    dueDate: '2026-04-15',
    dueDateAgreed: true,
    description: 'Order 4711: garden chair',
    contractDate: '2026-04-01',
  };
}

const NAMES = [SENDER.name, 'Jane Doe', 'Doe Trading Ltd', 'Order 4711: garden chair', '1 High Street', 'London SW1A 1AA'];

/** Every text an English reader gets of a message: subject, text and the letter body. */
function texts(out: RenderedMessage): string[] {
  return [out.subject, out.text, out.letterBody ?? ''];
}

describe('core plain text in English has no German word (renderPlainText)', () => {
  it('every message of every stage of both built-in policies, and the statements after the court fee is charged', () => {
    // The engine's own render inputs: simulate asks the renderer's check with the input the host's
    // delivery renders (messageRenderInput: statement after the stage's costs, deadline, announced costs).
    const inputs: RenderInput[] = [];
    const claims = [claim('consumer'), claim('business')];
    const result = simulate({ claims, policy: 'auto', from: '2026-04-01', to: '2026-10-31', render: { check: (input) => (inputs.push(input), null) } });
    const templates = new Set(inputs.map((i) => `${i.claim.debtor.kind}/${i.template}/${i.channel}`));
    for (const kind of ['consumer', 'business']) {
      for (const template of ['reminder', 'dunning-notice', 'final-notice', 'handover-inkasso', 'court-dunning-announcement']) expect([...templates].some((t) => t.startsWith(`${kind}/${template}/`)), `${kind} ${template}`).toBe(true);
    }
    const found = new Map<string, string[]>();
    const check = (where: string, out: RenderedMessage): void => {
      for (const text of texts(out)) {
        const words = germanWordsIn(text, NAMES);
        if (words.length > 0) found.set(where, [...(found.get(where) ?? []), ...words]);
      }
    };
    for (const input of inputs) check(`${input.claim.debtor.kind} ${input.template} ${input.channel}`, renderPlainText(input, SENDER));
    // After the filing: the statement with the court fee (KV 1100 GKG) and the interest of the unconfirmed half-year.
    for (const c of result.claims) {
      const st = c.statement;
      expect(st.lines.some((l) => l.code === 'KV 1100 GKG' && l.unconfirmed !== undefined)).toBe(true);
      expect(st.lines.some((l) => l.part === 'interest' && l.unconfirmed !== undefined)).toBe(true);
      check(`${c.facts.debtor.kind} statement after filing`, renderPlainText({ template: 'reminder', channel: 'letter', locale: 'en', claim: c.facts, statement: st, deadline: '2026-11-14' }, SENDER));
    }
    expect(Object.fromEntries(found)).toEqual({});
  });

  it('a statement with payments, a refund, a chargeback, a credit note and a write-down', () => {
    const events: ClaimEvent[] = [
      created('249.90', { date: '2025-03-03', facts: { reference: 'RE-1', invoiceDate: '2025-03-03', dueDate: '2025-03-17' } }),
      defaultBegan('2025-03-18'),
      { ...fee('2025-04-28', '2.50', 'creditor-dunning-fee'), basis: '§§ 280 Abs. 1, 2, 286 BGB' } as ClaimEvent,
      fee('2025-05-20', '36.77', 'collection-costs'),
    ];
    events.push(allocateIncomingPayment(project(events), { paymentId: 'P1', amount: money('100.00'), date: '2025-06-02' }));
    events.push(...reverseIncomingPayment(project(events), { reversalId: 'R1', paymentId: 'P1', kind: 'refund', amount: money('60.00'), date: '2025-06-10' }));
    events.push(allocateIncomingPayment(project(events), { paymentId: 'P2', amount: money('20.00'), date: '2025-06-11' }));
    events.push(...reverseIncomingPayment(project(events), { reversalId: 'R2', paymentId: 'P2', kind: 'chargeback', amount: money('20.00'), date: '2025-06-12' }));
    events.push(
      { type: 'adjustment', claimId: CLAIM, date: '2025-06-13', kind: 'credit-note', amount: '10.00' },
      { type: 'adjustment', claimId: CLAIM, date: '2025-06-14', kind: 'write-down', amount: '5.00', note: 'goodwill' },
    );
    const facts = project(events).facts;
    const st: Statement = statement(project(events), '2025-06-20');
    const en = { ...facts, debtor: { ...facts.debtor, locale: 'en' as const } };
    const out = renderPlainText({ template: 'dunning-notice', channel: 'letter', locale: 'en', claim: en, statement: st, deadline: '2025-07-04', causesDefault: true }, SENDER);
    expect(texts(out).flatMap((t) => germanWordsIn(t, [...NAMES, facts.debtor.name]))).toEqual([]);
  });
});
