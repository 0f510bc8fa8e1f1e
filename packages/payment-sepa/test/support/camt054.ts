import type { SimulatedPayment, SimulatedReversal, WebhookDelivery, WebhookSimulator } from '@mahnwerk/testing';
import { signSepaNotification } from '../../src/index.js';

/** One booked entry of a camt.054 notification, as a bank writes it for the creditor's account. */
export interface NotifiedEntry {
  /** The bank's reference of the booking (`Ntry/AcctSvcrRef`). */
  readonly entryRef: string;
  /** The bank's reference of the transaction (`TxDtls/Refs/AcctSvcrRef`). */
  readonly txRef?: string;
  readonly creditDebit: 'CRDT' | 'DBIT';
  readonly amount: string;
  readonly currency: string;
  /** Booking and value date. */
  readonly day: string;
  readonly status?: 'BOOK' | 'PDNG';
  /** Bank transaction code family and sub-family (domain PMNT), e.g. IDDT/ESDD, IDDT/UPDD, ICDT/ESCT, RCDT/ESCT. */
  readonly family: string;
  readonly subFamily: string;
  readonly endToEndId?: string | undefined;
  readonly mandateId?: string;
  readonly remittance?: string;
  readonly creditorReference?: string;
  /** ISO 20022 return reason code (`RtrInf/Rsn/Cd`), e.g. MD06. */
  readonly returnReason?: string;
  /** Write a second transaction into the entry (a batch). */
  readonly batch?: boolean;
}

const esc = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function transaction(e: NotifiedEntry): string {
  return `
          <TxDtls>
            <Refs>${e.txRef === undefined ? '' : `<AcctSvcrRef>${esc(e.txRef)}</AcctSvcrRef>`}<EndToEndId>${esc(e.endToEndId ?? 'NOTPROVIDED')}</EndToEndId>${e.mandateId === undefined ? '' : `<MndtId>${esc(e.mandateId)}</MndtId>`}</Refs>
            <AmtDtls><TxAmt><Amt Ccy="${e.currency}">${e.amount}</Amt></TxAmt></AmtDtls>
            <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>${e.family}</Cd><SubFmlyCd>${e.subFamily}</SubFmlyCd></Fmly></Domn></BkTxCd>
            <RltdPties><Dbtr><Nm>Erika Mustermann</Nm></Dbtr><DbtrAcct><Id><IBAN>DE02120300000000202051</IBAN></Id></DbtrAcct></RltdPties>
            ${e.remittance === undefined && e.creditorReference === undefined ? '' : `<RmtInf>${e.remittance === undefined ? '' : `<Ustrd>${esc(e.remittance)}</Ustrd>`}${e.creditorReference === undefined ? '' : `<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>ISO</Issr></Tp><Ref>${e.creditorReference}</Ref></CdtrRefInf></Strd>`}</RmtInf>`}
            ${e.returnReason === undefined ? '' : `<RtrInf><Rsn><Cd>${e.returnReason}</Cd></Rsn></RtrInf>`}
          </TxDtls>`;
}

/** A camt.054.001.02 notification of one entry (ISO 20022 element names and order). */
export function camt054(e: NotifiedEntry): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02">
  <BkToCstmrDbtCdtNtfctn>
    <GrpHdr><MsgId>N-${esc(e.entryRef)}</MsgId><CreDtTm>${e.day}T12:00:00</CreDtTm></GrpHdr>
    <Ntfctn>
      <Id>NTF-${esc(e.entryRef)}</Id>
      <CreDtTm>${e.day}T12:00:00</CreDtTm>
      <Acct><Id><IBAN>DE89370400440532013000</IBAN></Id></Acct>
      <Ntry>
        <Amt Ccy="${e.currency}">${e.amount}</Amt>
        <CdtDbtInd>${e.creditDebit}</CdtDbtInd>
        <Sts>${e.status ?? 'BOOK'}</Sts>
        <BookgDt><Dt>${e.day}</Dt></BookgDt>
        <ValDt><Dt>${e.day}</Dt></ValDt>
        <AcctSvcrRef>${esc(e.entryRef)}</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>${e.family}</Cd><SubFmlyCd>${e.subFamily}</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls>${transaction(e)}${e.batch === true ? transaction({ ...e, txRef: `${e.txRef ?? e.entryRef}-2` }) : ''}
        </NtryDtls>
      </Ntry>
    </Ntfctn>
  </BkToCstmrDbtCdtNtfctn>
</Document>
`;
}

/** Signs a body as the bank connector does, sent now. */
export function deliver(secret: string, body: string, deliveryId: string, now = new Date()): WebhookDelivery {
  return { rawBody: body, headers: signSepaNotification(secret, deliveryId, Math.floor(now.getTime() / 1000), body) };
}

/**
 * The SEPA story of the conformance suite as camt.054 notifications: a payment is a collected
 * direct debit (credit, PMNT/IDDT/ESDD) whose end-to-end id is the payment id and whose remittance
 * line is the claim id (as `pain008` writes them); a refund is a credit transfer the creditor sent
 * back (debit, PMNT/ICDT/ESCT) under the payment's end-to-end id; a chargeback is the debtor's
 * refund claim through their bank (debit, PMNT/IDDT/UPDD, return reason MD06).
 */
export function sepaWebhooks(secret: string): WebhookSimulator {
  const day = (at: string) => at.slice(0, 10);
  return {
    payment: (p: SimulatedPayment) =>
      deliver(secret, camt054({ entryRef: p.eventId, txRef: `tx-${p.eventId}`, creditDebit: 'CRDT', amount: p.amount, currency: p.currency, day: day(p.at), family: 'IDDT', subFamily: 'ESDD', endToEndId: p.paymentId, mandateId: 'MNDT-2024-0042', remittance: p.claimId }), `msg_${p.eventId}`),
    refund: (r: SimulatedReversal) =>
      deliver(secret, camt054({ entryRef: r.eventId, txRef: r.reversalId, creditDebit: 'DBIT', amount: r.amount, currency: r.currency, day: day(r.at), family: 'ICDT', subFamily: 'ESCT', endToEndId: r.paymentId, remittance: r.claimId }), `msg_${r.eventId}`),
    chargeback: (c: SimulatedReversal) =>
      deliver(
        secret,
        camt054({ entryRef: c.eventId, txRef: c.reversalId, creditDebit: 'DBIT', amount: c.amount, currency: c.currency, day: day(c.at), family: 'IDDT', subFamily: 'UPDD', endToEndId: c.paymentId, mandateId: 'MNDT-2024-0042', remittance: c.claimId, returnReason: 'MD06' }),
        `msg_${c.eventId}`,
      ),
  };
}
