import { deB2cDefaultPolicyInput, type PolicyInput } from '@mahnwerk/core';
import { fixtures } from '@mahnwerk/testing';
import { describe, expect, it } from 'vitest';
import { createPortal } from '../src/index.js';
import { secret, setup } from './setup.js';

const claimId = fixtures.consumerClaim().id;

/** The status the page shows next to the total. */
async function statusOf(s: ReturnType<typeof setup>, lang = 'de'): Promise<string> {
  const page = await (await s.portal.app.request(`${await s.portal.createLink(claimId)}?lang=${lang}`)).text();
  return /<span id="status">([^<]*)<\/span>/.exec(page)?.[1] ?? '(no status)';
}

describe('the status follows the kind of the claim\'s stage (built-in consumer policy)', () => {
  it('offen up to the final notice; "an Inkasso übergeben" at the handover stage; "gerichtliches Mahnverfahren" at the court dunning stages', async () => {
    const s = setup('2025-01-31');
    await s.claim();
    await s.untilStage(claimId, 'final-notice');
    expect(await statusOf(s)).toBe('offen');
    await s.untilStage(claimId, 'handover');
    expect(await statusOf(s)).toBe('an Inkasso übergeben');
    expect(await statusOf(s, 'en')).toBe('handed over to a collection agency');
    await s.untilStage(claimId, 'court-dunning-announcement');
    expect(await statusOf(s)).toBe('gerichtliches Mahnverfahren');
  });
});

describe('the policy option: the host\'s own policy, whose stage ids the built-in ones do not know', () => {
  /** The built-in consumer policy with its handover stage renamed `inkasso`. */
  const own: PolicyInput = { ...structuredClone(deB2cDefaultPolicyInput), id: 'shop-b2c', stages: deB2cDefaultPolicyInput.stages.map((st) => (st.id === 'handover' ? { ...st, id: 'inkasso' } : st)) };

  it('given to the portal, the stage "inkasso" is found and its kind (handover) names the status', async () => {
    const s = setup('2025-01-31', { policy: own });
    await s.claim();
    await s.untilStage(claimId, 'inkasso');
    expect(await statusOf(s)).toBe('an Inkasso übergeben');
  });

  it('not given, the portal looks in the built-in policies, finds no stage "inkasso" and shows the status as before: offen', async () => {
    const s = setup('2025-01-31', { policy: own });
    await s.claim();
    await s.untilStage(claimId, 'inkasso');
    const portal = createPortal({ mahnwerk: s.mahnwerk, secret, clock: s.clock, rateLimit: { limit: 1000 } });
    const page = await (await portal.app.request(await portal.createLink(claimId))).text();
    expect(/<span id="status">([^<]*)<\/span>/.exec(page)?.[1]).toBe('offen');
  });
});

describe('who claims the money: the creditor, and after the hand-over the agency collecting on its behalf (§ 13a Abs. 1 Nr. 1 RDG)', () => {
  const creditor = { name: 'Muster Versand GmbH' };
  const agency = { name: 'Beispiel Inkasso GmbH' };
  const pageOf = async (s: ReturnType<typeof setup>, lang = 'de'): Promise<string> => (await s.portal.app.request(`${await s.portal.createLink(claimId)}?lang=${lang}`)).text();
  const textOf = (page: string, id: string): string | undefined => new RegExp(`id="${id}">([^<]*)<`).exec(page)?.[1];

  it('before the hand-over the page names the creditor at the top and in the payment section — without a bank account too', async () => {
    const s = setup('2025-01-31', { creditor, agency, bankAccount: undefined });
    await s.claim();
    const page = await pageOf(s);
    expect(page).toContain('<dl id="parties"><dt>Gläubiger</dt><dd id="creditor">Muster Versand GmbH</dd></dl>');
    expect(textOf(page, 'payee')).toBe('Sie zahlen an: Muster Versand GmbH');
    expect(page).not.toContain('Beispiel Inkasso');
    expect(page).not.toContain('Empfänger');
  });

  it('from the policy\'s hand-over stage on (the stage whose letter the agency sends) the agency is named as collecting on behalf of the creditor, at the top and in the payment section', async () => {
    const s = setup('2025-01-31', { creditor, agency });
    await s.claim();
    await s.untilStage(claimId, 'final-notice');
    expect(await pageOf(s)).not.toContain('Beispiel Inkasso');
    await s.untilStage(claimId, 'handover');
    const page = await pageOf(s);
    expect(textOf(page, 'creditor')).toBe('Muster Versand GmbH');
    expect(page).toContain('<dt>Forderungseinzug</dt><dd id="collector">Beispiel Inkasso GmbH im Auftrag von Muster Versand GmbH</dd>');
    // The transfer still goes to the creditor's account (no agencyBankAccount): the page says the debtor pays the creditor.
    expect(textOf(page, 'payee')).toBe('Sie zahlen an: Muster Versand GmbH');
    const en = await pageOf(s, 'en');
    expect(en).toContain('<dt>Collected by</dt><dd id="collector">Beispiel Inkasso GmbH on behalf of Muster Versand GmbH</dd>');
    await s.untilStage(claimId, 'court-dunning-announcement');
    expect(textOf(await pageOf(s), 'collector')).toBe('Beispiel Inkasso GmbH im Auftrag von Muster Versand GmbH');
  });

  it('a creditor without an agency stays the only party named after the hand-over (the host collects itself or did not say who does)', async () => {
    const s = setup('2025-01-31', { creditor });
    await s.claim();
    await s.untilStage(claimId, 'handover');
    const page = await pageOf(s);
    expect(textOf(page, 'creditor')).toBe('Muster Versand GmbH');
    expect(page).not.toContain('id="collector"');
    expect(textOf(page, 'payee')).toBe('Sie zahlen an: Muster Versand GmbH');
  });

  it('without the creditor option (existing configurations) the page names no creditor: no parties, no payee line; the transfer still names its account holder', async () => {
    const s = setup('2025-01-31');
    await s.claim();
    const page = await pageOf(s);
    expect(page).not.toContain('id="parties"');
    expect(page).not.toContain('id="payee"');
    expect(page).toContain('<dt>Empfänger</dt><dd>Muster Versand GmbH</dd>');
  });

  it('names are escaped; an agency without a creditor and a blank name are refused when the portal is made', async () => {
    const s = setup('2025-01-31', { creditor: { name: 'Müller & <Söhne> KG' } });
    await s.claim();
    expect(textOf(await pageOf(s), 'creditor')).toBe('Müller &amp; &lt;Söhne&gt; KG');
    const base = { mahnwerk: s.mahnwerk, secret, clock: s.clock };
    expect(() => createPortal({ ...base, agency })).toThrow(/agency: .*add `creditor`/);
    expect(() => createPortal({ ...base, creditor: { name: '  ' } })).toThrow(/creditor\.name/);
  });

  it('with agencyBankAccount, from the hand-over on the transfer and its GiroCode go to the agency\'s account, and the page says the debtor pays the agency on the creditor\'s behalf; before it, the creditor\'s account', async () => {
    const agencyBankAccount = { name: 'Beispiel Inkasso GmbH', iban: 'DE02100100100006820101' };
    const s = setup('2025-01-31', { creditor, agency, agencyBankAccount });
    await s.claim();
    await s.untilStage(claimId, 'final-notice');
    const before = await pageOf(s);
    expect(before).not.toContain('DE02 1001 0010 0006 8201 01');
    await s.untilStage(claimId, 'handover');
    const page = await pageOf(s);
    expect(textOf(page, 'payee')).toBe('Sie zahlen an: Beispiel Inkasso GmbH im Auftrag von Muster Versand GmbH');
    expect(page).toContain('<dt>Empfänger</dt><dd>Beispiel Inkasso GmbH</dd><dt>IBAN</dt><dd>DE02 1001 0010 0006 8201 01</dd>');
  });

  it('agencyBankAccount without agency is refused when the portal is created, naming the field', () => {
    expect(() => setup('2025-01-31', { creditor, agencyBankAccount: { name: 'Beispiel Inkasso GmbH', iban: 'DE02100100100006820101' } })).toThrow(/agencyBankAccount/);
  });
});

describe('a policy that hands the claim over to a lawyer (action `hand-over` to `lawyer`): the page says so, not "Inkasso"', () => {
  /**
   * The built-in consumer policy with its handover stage's action `hand-over` to `lawyer` instead of
   * `collection-agency` (the stage keeps its kind `handover` and its collection costs: a lawyer alone
   * earns Nr. 2300 VV RVG). Wording checked by hand: German dunning practice says the claim is
   * "an einen Rechtsanwalt übergeben" (or "Abgabe … an einen Rechtsanwalt"); the lawyer's counterpart
   * of § 13a Abs. 3 RDG (the cost notice before a payment agreement) is § 43d Abs. 3 BRAO, as
   * § 43d Abs. 4 BRAO mirrors § 13a Abs. 4 RDG (haufe, Deutsches Anwalt Office: "§ 13a Abs. 4 RDG
   * bzw. § 43d Abs. 4 BRAO").
   */
  const toLawyer: PolicyInput = {
    ...structuredClone(deB2cDefaultPolicyInput),
    id: 'shop-b2c-lawyer',
    stages: deB2cDefaultPolicyInput.stages.map((st) =>
      st.id === 'handover' ? { ...st, name: 'Übergabe an Rechtsanwalt', actions: st.actions.map((a) => (a.type === 'hand-over' ? { type: 'hand-over' as const, to: 'lawyer' as const } : a)) } : st,
    ),
  };
  const creditor = { name: 'Muster Versand GmbH' };
  const lawyer = { name: 'Kanzlei Beispiel Rechtsanwälte' };

  it('status "an einen Rechtsanwalt übergeben" / "handed over to a lawyer" at the handover stage; offen before it; the court dunning stages as before', async () => {
    const s = setup('2025-01-31', { policy: toLawyer });
    await s.claim();
    await s.untilStage(claimId, 'final-notice');
    expect(await statusOf(s)).toBe('offen');
    await s.untilStage(claimId, 'handover');
    // The engine recorded a hand-over to the lawyer: the page follows the same policy.
    expect((await s.mahnwerk.claim(claimId)).handedOver?.to).toBe('lawyer');
    expect(await statusOf(s)).toBe('an einen Rechtsanwalt übergeben');
    expect(await statusOf(s, 'en')).toBe('handed over to a lawyer');
    await s.untilStage(claimId, 'court-dunning-announcement');
    expect(await statusOf(s)).toBe('gerichtliches Mahnverfahren');
  });

  it('nothing on the page names Inkasso or an agency: the lawyer is named collecting on behalf of the creditor, the cost notice cites § 43d Abs. 3 BRAO (de and en)', async () => {
    const s = setup('2025-01-31', { policy: toLawyer, creditor, agency: lawyer });
    await s.claim();
    await s.untilStage(claimId, 'handover');
    const de = await (await s.portal.app.request(`${await s.portal.createLink(claimId)}?lang=de`)).text();
    expect(de).toContain('<dt>Forderungseinzug</dt><dd id="collector">Kanzlei Beispiel Rechtsanwälte im Auftrag von Muster Versand GmbH</dd>');
    expect(de).toContain('<strong>Hinweis nach § 43d Abs. 3 BRAO</strong>');
    expect(de).not.toMatch(/Inkasso|13a Abs\. 3 RDG/);
    const en = await (await s.portal.app.request(`${await s.portal.createLink(claimId)}?lang=en`)).text();
    expect(en).toContain('<dd id="collector">Kanzlei Beispiel Rechtsanwälte on behalf of Muster Versand GmbH</dd>');
    expect(en).toContain("<strong>Notice under § 43d (3) BRAO (German Federal Lawyers’ Act)</strong>");
    expect(en).not.toMatch(/collection agency|Inkasso|13a \(3\) RDG/);
  });
});
