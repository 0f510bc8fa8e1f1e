import { createMahnwerk, fixedClock, handlePaymentWebhook, parseEpcQr } from '@mahnwerk/core';
import { createMemoryClaimStore } from '@mahnwerk/testing';
import { describe, expect, it } from 'vitest';
import { createSepaPaymentProvider, importBankStatement, pain008, signSepaNotification, type SepaPaymentProviderOptions } from '../src/index.js';
import { camt054, deliver, type NotifiedEntry } from './support/camt054.js';

const secret = 'sepa-unit-test-secret-0123456789';
const creditor = { name: 'Beispiel Shop GmbH', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' };
const provider = (over: Partial<SepaPaymentProviderOptions> = {}) => createSepaPaymentProvider({ creditor, paymentPage: 'https://shop.example/pay?lang=de', webhookSecret: secret, ...over });
const collected: NotifiedEntry = { entryRef: 'BK-2025-0114-001', txRef: 'TX-1', creditDebit: 'CRDT', amount: '1011.75', currency: 'EUR', day: '2025-01-14', family: 'IDDT', subFamily: 'ESDD', endToEndId: 'RE-2025-001-D1', mandateId: 'MNDT-2024-0042', remittance: 'RE-2025-001' };
const handle = (p = provider(), entry: NotifiedEntry = collected) => {
  const d = deliver(secret, camt054(entry), `msg-${entry.entryRef}`);
  return p.handleWebhook(d.rawBody, d.headers);
};

describe('SEPA payment links: the transfer page with the EPC QR payload', () => {
  it('a base URL gets link id, claim, amount and the RF reference as parameters; the EPC payload pays the creditor', async () => {
    let seen: unknown;
    const p = provider({
      paymentPage: (t) => {
        seen = t;
        return `https://portal.example/pay/${t.linkId}`;
      },
    });
    const link = await p.createPaymentLink({ claimId: 'RE-2025-001', amount: '1011.75', currency: 'EUR', reference: 'RE-2025-001', idempotencyKey: 'k1' });
    expect(link.url).toBe(`https://portal.example/pay/${link.id}`);
    // RF of "RE2025001": 98 − ("RE2025001" + "RF00" as digits mod 97) = 27 (the same RF the camt fixture carries).
    expect(seen).toMatchObject({ claimId: 'RE-2025-001', amount: '1011.75', creditorReference: 'RF27RE2025001', remittance: 'RF27RE2025001' });
    const epc = parseEpcQr((seen as { epcQrPayload: string }).epcQrPayload);
    expect(epc).toMatchObject({ name: 'Beispiel Shop GmbH', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', reference: 'RF27RE2025001' });
    expect(String(epc.amount)).toBe('1011.75');

    const plain = await provider().createPaymentLink({ claimId: 'RE-2025-001', amount: '19.9', currency: 'EUR', reference: 'RE-2025-001', idempotencyKey: 'k1' });
    const url = new URL(plain.url);
    expect([url.origin + url.pathname, url.searchParams.get('lang'), url.searchParams.get('link'), url.searchParams.get('claim'), url.searchParams.get('amount'), url.searchParams.get('reference')]).toEqual([
      'https://shop.example/pay',
      'de',
      link.id,
      'RE-2025-001',
      '19.90',
      'RF27RE2025001',
    ]);
  });

  it('refuses a currency other than EUR and a payment page that is no http(s) URL', async () => {
    await expect(provider().createPaymentLink({ claimId: 'X', amount: '1.00', currency: 'CHF', reference: 'X', idempotencyKey: 'k' })).rejects.toMatchObject({ code: 'invalid_input', field: 'currency' });
    expect(() => provider({ paymentPage: 'shop.example/pay' })).toThrow(/paymentPage/);
    expect(() => provider({ webhookSecret: 'short' })).toThrow(/webhookSecret/);
  });
});

describe('SEPA notifications (camt.054) as webhooks', () => {
  it('a collected direct debit written by pain008 comes back as a payment of its claim, by end-to-end id and remittance line', async () => {
    // pain008 writes the claim id as remittance line when the debit has no RF or text; the bank returns it in camt.054.
    const xml = pain008([{ claimId: 'RE-2025-001', endToEndId: 'RE-2025-001-D1', amount: '1011.75', sequenceType: 'FRST', mandate: { id: 'MNDT-2024-0042', signedOn: '2024-11-02' }, debtor: { name: 'Erika Mustermann', iban: 'DE02120300000000202051' } }], {
      messageId: 'MW-1',
      createdAt: '2025-01-10T09:00:00',
      collectionDate: '2025-01-14',
      creditor: { ...creditor, creditorId: 'DE98ZZZ09999999999' },
    });
    expect(xml).toMatch(/<EndToEndId>RE-2025-001-D1<\/EndToEndId>[\s\S]*<Ustrd>RE-2025-001<\/Ustrd>/);
    expect(await handle()).toEqual({
      status: 'verified',
      event: { kind: 'payment', eventId: 'BK-2025-0114-001', claimId: 'RE-2025-001', paymentId: 'RE-2025-001-D1', amount: '1011.75', currency: 'EUR', valueDate: '2025-01-14' },
    });
  });

  it('a creditor reversal (PRDD) is a refund; a return with reason code is a chargeback of the same payment', async () => {
    const refund = await handle(provider(), { ...collected, entryRef: 'BK-2', txRef: 'RV-1', creditDebit: 'DBIT', subFamily: 'PRDD', day: '2025-01-20' });
    expect(refund).toMatchObject({ status: 'verified', event: { kind: 'refund', paymentId: 'RE-2025-001-D1', reversalId: 'RV-1', claimId: 'RE-2025-001', valueDate: '2025-01-20' } });
    const returned = await handle(provider(), { ...collected, entryRef: 'BK-3', txRef: 'RT-1', creditDebit: 'DBIT', subFamily: 'ESDD', returnReason: 'AC04' });
    expect(returned).toMatchObject({ status: 'verified', event: { kind: 'chargeback', paymentId: 'RE-2025-001-D1', reversalId: 'RT-1', amount: '1011.75' } });
  });

  it('ignores what names no mahnwerk payment: a pending entry, a transfer without end-to-end id, a bank fee, a claim not found', async () => {
    expect(await handle(provider(), { ...collected, status: 'PDNG' })).toMatchObject({ status: 'ignored', eventId: 'BK-2025-0114-001', reason: expect.stringMatching(/PDNG/) as string });
    expect(await handle(provider(), { ...collected, family: 'RCDT', subFamily: 'ESCT', endToEndId: undefined })).toMatchObject({ status: 'ignored', reason: expect.stringMatching(/end-to-end id/) as string });
    expect(await handle(provider(), { ...collected, creditDebit: 'DBIT', family: 'CCRD', subFamily: 'CHRG' })).toMatchObject({ status: 'ignored' });
    expect(await handle(provider(), { ...collected, remittance: 'Rechnung RE-2025-001' })).toMatchObject({ status: 'ignored', reason: expect.stringMatching(/no claim found/) as string });
    // A host lookup finds it (here by the mandate).
    const byMandate = provider({ claimOf: (t) => (t.mandateId === 'MNDT-2024-0042' ? 'RE-2025-001' : undefined) });
    expect(await handle(byMandate, { ...collected, remittance: 'Rechnung RE-2025-001' })).toMatchObject({ status: 'verified', event: { claimId: 'RE-2025-001' } });
  });

  it('rejects as malformed what is not one booking: a camt.053 statement, a batch entry, broken XML', async () => {
    const statement = camt054(collected).replace(/BkToCstmrDbtCdtNtfctn/g, 'BkToCstmrStmt').replace(/Ntfctn>/g, 'Stmt>');
    const d = deliver(secret, statement, 'm1');
    expect(await provider().handleWebhook(d.rawBody, d.headers)).toMatchObject({ status: 'rejected', reason: 'malformed', message: expect.stringMatching(/importBankStatement/) as string });
    expect(await handle(provider(), { ...collected, batch: true })).toMatchObject({ status: 'rejected', reason: 'malformed', message: expect.stringMatching(/2 transactions/) as string });
    const broken = deliver(secret, '<Document><BkToCstmrDbtCdtNtfctn>', 'm2');
    expect(await provider().handleWebhook(broken.rawBody, broken.headers)).toMatchObject({ status: 'rejected', reason: 'malformed' });
  });

  it('signatures: a stale timestamp is refused (replay), a rotated secret is accepted, the delivery id is signed', async () => {
    const body = camt054(collected);
    const sentAt = Math.floor(Date.parse('2025-01-14T12:00:00Z') / 1000);
    const headers = signSepaNotification(secret, 'm1', sentAt, body);
    const at = (seconds: number) => provider({ now: () => new Date((sentAt + seconds) * 1000) });
    expect(await at(300).handleWebhook(body, headers)).toMatchObject({ status: 'verified' });
    expect(await at(301).handleWebhook(body, headers)).toMatchObject({ status: 'rejected', reason: 'bad-signature', message: expect.stringMatching(/tolerance of 300 s/) as string });
    const rotating = createSepaPaymentProvider({ creditor, paymentPage: 'https://shop.example/pay', webhookSecret: ['new-secret-0123456789abcdef', secret], now: () => new Date(sentAt * 1000) });
    expect(await rotating.handleWebhook(body, headers)).toMatchObject({ status: 'verified' });
    expect(await at(0).handleWebhook(body, { ...headers, 'webhook-id': 'm2' })).toMatchObject({ status: 'rejected', reason: 'bad-signature' });
  });
});

describe('a notified collection and the day\'s statement are one payment', () => {
  it('the camt.053 credit with the end-to-end id and amount of a payment recorded from camt.054 is reported already imported and writes nothing', async () => {
    const mw = createMahnwerk({ store: createMemoryClaimStore(), clock: fixedClock('2025-01-14'), policy: 'auto' });
    await mw.createClaim({ id: 'RE-2025-001', reference: 'RE-2025-001', debtor: { id: 'D-1', kind: 'consumer', name: 'Erika Mustermann' }, principal: '1011.75', currency: 'EUR', invoiceDate: '2025-01-02', dueDate: '2025-01-16' });
    const notification = deliver(secret, camt054(collected), 'msg-1');
    const { outcome } = await handlePaymentWebhook(mw, provider(), notification.rawBody, notification.headers);
    expect(outcome.status).toBe('verified');
    const history = (await mw.history('RE-2025-001')).length;

    // The end-of-day statement carries the same booking (another bank reference for the statement line).
    const statement = camt054({ ...collected, entryRef: 'STMT-LINE-7', txRef: 'STMT-TX-7' }).replace(/BkToCstmrDbtCdtNtfctn/g, 'BkToCstmrStmt').replace(/Ntfctn>/g, 'Stmt>');
    const result = await importBankStatement(mw, statement, { claimIds: ['RE-2025-001'] });
    expect(result.matched.map((m) => [m.credit.id, m.claimId, m.rule, m.replayed, m.openAfter])).toEqual([['STMT-TX-7', 'RE-2025-001', 'already-imported', true, '0.00']]);
    expect((await mw.claim('RE-2025-001')).payments.map((p) => [p.paymentId, p.amount])).toEqual([['RE-2025-001-D1', '1011.75']]);
    expect((await mw.history('RE-2025-001')).length).toBe(history);

    // A different amount under the same end-to-end id is not taken for the notified payment: it is matched like any credit.
    const other = camt054({ ...collected, entryRef: 'STMT-LINE-8', txRef: 'STMT-TX-8', amount: '10.00' }).replace(/BkToCstmrDbtCdtNtfctn/g, 'BkToCstmrStmt').replace(/Ntfctn>/g, 'Stmt>');
    const again = await importBankStatement(mw, other, { claimIds: ['RE-2025-001'] });
    expect([...again.matched, ...again.partlyMatched].map((m) => m.rule)).not.toContain('already-imported');
  });
});
