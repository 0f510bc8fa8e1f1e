import { simulate, type ClaimFacts, type RenderedMessage, type RenderInput } from '@mahnwerk/core';
import { describe, expect, it } from 'vitest';
import { germanWordsIn } from '../../core/test/ledger/german-words.js';
import { createEngineRenderer, messageChannels, type CreditorParty, type InkassoInfo } from '../src/index.js';

// English output has no German word (review of the English letters): every message of every stage of
// the built-in policies (de-b2c-default, de-b2b-default), written by the built-in templates to an
// English debtor on every channel — subject, text, HTML, the letter body, the printed letter's statement
// table (letterStatement) and the internal notes — and a letter with the statement after the court fee is
// charged. Citations of German statutes stay as the law
// cites them (`§ 288 Abs. 1 BGB`, `KV Nr. 1100 GKG`, `§ 13a(1) RDG`): none of their tokens is a word of
// the list (core/test/ledger/german-words.ts), nor are the two German terms the English letters give in
// brackets after their English words, `(Mahnbescheid` and `(Widerspruch)`, the names of the court's form
// and of the objection to it. Days are written as English letters write them (`2 January 2025`).
//
// The claims (as in core/test/engine/render-english.test.ts): 300.00 EUR, invoice 2026-04-01, due
// 2026-04-15 on an agreed calendar day, so that the court fee the announcement names is the KV 1100
// minimum of the GKG 2025 table (38.00 EUR, from secondary sources only: an `unconfirmed` remark), and the
// interest runs into the half-year from 2026-07-01 whose base rate (1.52 %) is not confirmed either.

const shop = {
  name: 'Garden World Ltd',
  addressLines: ['Lindenallee 12', '04109 Leipzig'],
  email: 'accounts@gardenworld.example',
  phone: '+49 341 123456',
  registration: 'Amtsgericht Leipzig HRB 4711',
  bank: { iban: 'DE02 1203 0000 0000 2020 51', bic: 'BYLADEM1001', bankName: 'Deutsche Kreditbank Berlin' },
} satisfies CreditorParty;
const agency = {
  name: 'Rhine Collections GmbH',
  addressLines: ['Domkloster 3', '50667 Köln'],
  email: 'service@rhine-collections.example',
  registration: 'Registriert im Rechtsdienstleistungsregister, Az. 3712 E - 1.234',
  isCollectionAgency: true,
  bank: { iban: 'DE89 3704 0044 0532 0130 00', bic: 'COBADEFFXXX', holder: 'Rhine Collections GmbH client account' },
} satisfies CreditorParty;
const inkasso: InkassoInfo = {
  client: { name: shop.name, addressLines: shop.addressLines },
  claimReason: { kind: 'contract', subject: 'Order 4711: garden chair', date: '2026-04-01' },
  clientCannotDeductVat: true,
  addressResearched: false,
  supervisoryAuthority: { name: 'Bundesamt für Justiz', addressLines: ['53094 Bonn'], website: 'www.bundesjustizamt.de' },
};
/** The test data's names, addresses and free texts (a German street or authority name is no word of ours). */
const NAMES = [
  ...[shop, agency].flatMap((p) => [p.name, ...p.addressLines, p.registration]),
  shop.bank.bankName,
  agency.bank.holder,
  'Bundesamt für Justiz',
  '53094 Bonn',
  'www.bundesjustizamt.de',
  'Jane Doe',
  'Doe Trading Ltd',
  '1 High Street',
  'London SW1A 1AA',
  'Order 4711: garden chair',
];

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

const render = createEngineRenderer({
  creditor: (input) => (input.template === 'handover-inkasso' || input.stage === 'court-dunning-announcement' ? agency : shop),
  extra: (input) => (input.template === 'handover-inkasso' || input.stage === 'court-dunning-announcement' ? { inkasso } : {}),
});

/**
 * Every text of a rendered message a reader gets (the debtor, or the sender for the internal notes) —
 * the printed letter's statement table too: caption, items with their basis, and sums
 * (`letterStatement`, which channel-letter prints where the letter body says `[statement]`).
 */
function texts(out: RenderedMessage): string[] {
  const table = out.letterStatement ?? null;
  const tableTexts = table === null ? [] : [table.caption, ...table.rows.flatMap((r) => [r.description, r.basis ?? '', r.amount]), ...table.totals.flatMap((t) => [t.label, t.amount])];
  return [out.subject, out.text, out.html ?? '', out.letterBody ?? '', ...tableTexts, ...(out.internalNotes ?? [])];
}

describe('English output of the templates has no German word', () => {
  it('every stage of both built-in policies, on every channel (subject, text, HTML, letter body, letter statement table, internal notes), and the statement after the filing', async () => {
    // The engine's own render inputs: simulate asks the renderer's check with what the host's delivery renders.
    const inputs: RenderInput[] = [];
    const result = simulate({
      claims: [claim('consumer'), claim('business')],
      policy: 'auto',
      from: '2026-04-01',
      to: '2026-10-31',
      render: { check: (input) => (inputs.push(input), render.check?.(input) ?? null) },
    });
    expect(result.blocked).toEqual([]);
    const stages = new Set(inputs.map((i) => `${i.claim.debtor.kind}/${i.template}`));
    for (const kind of ['consumer', 'business']) {
      for (const template of ['reminder', 'dunning-notice', 'final-notice', 'handover-inkasso', 'court-dunning-announcement']) expect(stages, `${kind} ${template}`).toContain(`${kind}/${template}`);
    }
    expect(inputs.some((i) => i.prospectiveCosts?.some((c) => c.unconfirmed !== undefined))).toBe(true);
    const found: Record<string, string[]> = {};
    const check = async (where: string, input: RenderInput): Promise<void> => {
      const out = await render({ ...input, paymentLink: 'https://pay.example/p/1' });
      const words = texts(out).flatMap((t) => germanWordsIn(t, NAMES));
      if (words.length > 0) found[where] = [...new Set(words)];
    };
    let rendered = 0;
    for (const input of inputs) {
      for (const channel of messageChannels) {
        await check(`${input.claim.debtor.kind} ${input.template} ${channel}`, { ...input, channel });
        rendered++;
      }
    }
    // After the filing: the court fee (KV 1100 GKG, unconfirmed minimum) and the interest of the unconfirmed half-year on the statement.
    for (const c of result.claims) {
      const statement = c.statement;
      expect(statement.lines.some((l) => l.code === 'KV 1100 GKG' && l.unconfirmed !== undefined)).toBe(true);
      expect(statement.lines.some((l) => l.part === 'interest' && l.unconfirmed !== undefined)).toBe(true);
      for (const channel of messageChannels) {
        await check(`${c.facts.debtor.kind} statement after filing ${channel}`, { template: 'final-notice', channel, locale: 'en', claim: c.facts, statement, deadline: '2026-11-14', stage: 'final-notice' });
      }
    }
    expect(rendered).toBeGreaterThanOrEqual(30);
    expect(found).toEqual({});
  });
});
