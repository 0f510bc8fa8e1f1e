import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, type ClaimEvent, type ClaimFacts } from '../../src/index.js';
import { reasonText, reasonTexts, saidReason, type ReasonTextCall, type ReasonTextId } from '../../src/ledger/reason-texts.js';
import { createCompactCodec, decodeEvents, encodeClaim } from '../../src/simulate/compact.js';
import { codecFacts } from './codec-fixtures.js';

// Issue 7, point 5 ("reasons kept as rule id + inputs"): the engine makes each reason text with one
// named text function; a reason made so is remembered with the function's id and arguments, and
// simulate's compact encoder keeps those instead of the text; decoding calls the same function. The
// specification: the texts are the ones the engine wrote before (by hand below, copied from the
// template literals the functions replace), the reasons are the same plain objects, and every text
// reads back exactly, whatever the arguments.

const facts: ClaimFacts = codecFacts;

describe('reason texts: one function per text', () => {
  it('each function writes the text the engine wrote before (by hand)', () => {
    const byHand: { [K in ReasonTextId]: [Extract<ReasonTextCall, [K, ...unknown[]]>, string][] } = {
      holdExpired: [[['holdExpired', 'H-1', '2025-03-01'], 'Hold H-1 ran until 2025-03-01; it ends the next day.']],
      installmentMissed: [
        [['installmentMissed', 2, '100.00', '2025-04-01', '2025-04-08', 7, '50.00', '200.00'], 'Installment 2 of 100.00 was due on 2025-04-01; by 2025-04-08 (grace 7 days) 50.00 of 200.00 due so far was paid.'],
      ],
      installmentTakenBack: [
        [
          ['installmentTakenBack', 2, '427.21', '2025-04-25', '2025-04-30', 'cb-p2', '2025-05-05', '427.21', '854.42'],
          'Installment 2 of 427.21 was due on 2025-04-25 and paid by 2025-04-30; the refund or chargeback cb-p2 of 2025-05-05 took back payments under the plan, ' +
            'leaving 427.21 of 854.42 due so far paid. A payment taken back did not fulfil (§ 362 Abs. 1 BGB): the installment is unpaid from 2025-05-05.',
        ],
      ],
      installmentTakenBackBooked: [
        [
          ['installmentTakenBackBooked', 2, '427.21', '2025-04-25', '2025-04-30', 'cb-p2', '2025-04-28', '2025-05-05', '2025-04-30', '427.21', '854.42'],
          'Installment 2 of 427.21 was due on 2025-04-25 and stood paid by 2025-04-30 until the refund or chargeback cb-p2, value-dated 2025-04-28, was booked on 2025-05-05: ' +
            'it took back payments under the plan, leaving 427.21 of 854.42 due so far paid by 2025-04-30. A payment taken back did not fulfil (§ 362 Abs. 1 BGB): ' +
            'the installment was unpaid from 2025-04-28; it is recorded missed on 2025-05-05, the day the reversal was booked, not before.',
        ],
      ],
      installmentPlanDefaulted: [[['installmentPlanDefaulted', 2, 2], '2 installments missed (policy limit 2); the plan has failed and dunning resumes.']],
      settled: [[['settled', '0.00', 'EUR', '2025-01-24'], 'Nothing is left to pay (total 0.00 EUR on 2025-01-24).']],
      limitationExpired: [
        [['limitationExpired', '2028-12-31'], 'The limitation period ended on 2028-12-31; the claim is time-barred and is not dunned any more (the debtor may refuse payment, § 214 Abs. 1 BGB).'],
      ],
      stageEntered: [
        [['stageEntered', 'reminder', 'Zahlungserinnerung', 'due date 2025-01-15 + 7 days', undefined, undefined], 'Stage reminder (Zahlungserinnerung) starts: due date 2025-01-15 + 7 days.'],
        [['stageEntered', 'dunning-notice', 'Mahnung', 'previous stage entered 2025-01-22 + 14 days', '2025-02-19', undefined], 'Stage dunning-notice (Mahnung) starts: previous stage entered 2025-01-22 + 14 days. Deadline 2025-02-19.'],
        [
          ['stageEntered', 'final-notice', 'Letzte Mahnung', 'previous stage entered 2025-02-05 + 21 days', '2025-03-10', '2025-03-08'],
          'Stage final-notice (Letzte Mahnung) starts: previous stage entered 2025-02-05 + 21 days. Deadline 2025-03-08 falls on a Saturday, Sunday or holiday; § 193 BGB moves it to 2025-03-10.',
        ],
      ],
      creditorDunningFee: [
        [['creditorDunningFee', 'final-notice', []], "Creditor's dunning fee for stage final-notice: actual material costs of the letter."],
        [['creditorDunningFee', 'final-notice', ['A.', 'B.']], "Creditor's dunning fee for stage final-notice: actual material costs of the letter. A. B."],
        [['creditorDunningFee', 'x', ['']], "Creditor's dunning fee for stage x: actual material costs of the letter. "],
      ],
      letterNotSent: [
        [
          ['letterNotSent', 'INV-1:msg:final-notice:1', 'final-notice', 'INV-1:fee:creditor-dunning-fee:2025-07-28:1', '1.00', 'EUR'],
          'Message INV-1:msg:final-notice:1 of stage final-notice was not sent on any channel: no material costs arose, so the creditor dunning fee INV-1:fee:creditor-dunning-fee:2025-07-28:1 is not owed. 1.00 EUR dropped.',
        ],
      ],
      feeBeforeDefault: [
        [
          ['feeBeforeDefault', 'INV-8:fee:creditor-dunning-fee:2025-02-21:1', 'creditor-dunning-fee', '2025-02-21', '2025-02-25', '1.00', 'EUR'],
          'The creditor-dunning-fee INV-8:fee:creditor-dunning-fee:2025-02-21:1 was charged on 2025-02-21 as if the debtor were in default, but the dunning notice default rested on did not reach them and default began only on 2025-02-25: it is not owed. 1.00 EUR dropped.',
        ],
        [
          ['feeBeforeDefault', 'F-1', 'collection-costs', '2025-03-01', null, '70.20', 'EUR', '20.00'],
          'The collection-costs F-1 was charged on 2025-03-01 as if the debtor were in default, but the dunning notice default rested on did not reach them and the debtor is not in default: it is not owed. 70.20 EUR dropped. 20.00 EUR paid on it is held for the debtor as an overpayment.',
        ],
      ],
      feeReinstated: [
        [
          ['feeReinstated', 'flat-fee', 'PD-1:fee:flat-fee:2025-07-28:1', 'fee.payment-day', '2025-07-28', 'bank-1', 'chargeback', '40.00', 'EUR'],
          'The flat-fee PD-1:fee:flat-fee:2025-07-28:1 was dropped on 2025-07-28 because payment bank-1 settled the claim on the day it was charged. The chargeback takes that payment back: it did not fulfil (§ 362 Abs. 1 BGB), so the claim was not paid then and the reason of the reduction is gone. 40.00 EUR charged again.',
        ],
        [
          ['feeReinstated', 'collection-costs', 'SC-1:fee:collection-costs:2025-08-14:1', 'fee.simple-case', '2025-08-28', 'bank-1', 'refund', '60.35', 'EUR'],
          "The collection-costs SC-1:fee:collection-costs:2025-08-14:1 was lowered on 2025-08-28 because payment bank-1 settled the claim within two weeks of the collection agency's first demand (a simple case). The refund takes that payment back: it did not fulfil (§ 362 Abs. 1 BGB), so the claim was not paid then and the reason of the reduction is gone. 60.35 EUR charged again.",
        ],
        // With the paid part moved back (§ 367 Abs. 1 BGB): the credit to the principal withdrawn, the money held applied to the costs again.
        [
          ['feeReinstated', 'collection-costs', 'SC-1:fee:collection-costs:2025-08-14:1', 'fee.simple-case', '2025-08-28', 'bank-2', 'chargeback', '60.35', 'EUR', '60.35', null],
          "The collection-costs SC-1:fee:collection-costs:2025-08-14:1 was lowered on 2025-08-28 because payment bank-2 settled the claim within two weeks of the collection agency's first demand (a simple case). The chargeback takes that payment back: it did not fulfil (§ 362 Abs. 1 BGB), so the claim was not paid then and the reason of the reduction is gone. 60.35 EUR charged again. Of it, 60.35 EUR that earlier payments had paid on the costs was credited to the principal when the fee was lowered: that credit is withdrawn and the money applied to the costs again (§ 367 Abs. 1 BGB, costs first), so the principal is owed again by 60.35 EUR.",
        ],
        [
          ['feeReinstated', 'collection-costs', 'F-1', 'fee.simple-case', '2025-01-11', 'P2', 'refund', '30.00', 'EUR', '6.48', '23.52'],
          "The collection-costs F-1 was lowered on 2025-01-11 because payment P2 settled the claim within two weeks of the collection agency's first demand (a simple case). The refund takes that payment back: it did not fulfil (§ 362 Abs. 1 BGB), so the claim was not paid then and the reason of the reduction is gone. 30.00 EUR charged again. Of it, 23.52 EUR that earlier payments had paid on the costs was held for the debtor as an overpayment when the fee was lowered: it is applied to the costs again (§ 367 Abs. 1 BGB, costs first) and no longer held. Of it, 6.48 EUR that earlier payments had paid on the costs was credited to the principal when the fee was lowered: that credit is withdrawn and the money applied to the costs again (§ 367 Abs. 1 BGB, costs first), so the principal is owed again by 6.48 EUR.",
        ],
      ],
      defaultWithdrawn: [
        [
          ['defaultWithdrawn', '2025-02-08', 'INV-8:msg:dunning-notice:1', 'email', '2025-02-12'],
          'Default from 2025-02-08 rested on the receipt of notice INV-8:msg:dunning-notice:1, which the email provider reported not delivered on 2025-02-12: it never reached the debtor (§ 130 Abs. 1 S. 1 BGB) and did not put them in default (§ 286 Abs. 1 BGB). Default is taken back and counted anew from the ledger.',
        ],
      ],
      collectionCosts: [
        [['collectionCosts', 'uncontested', '1086.72', 'EUR', false], 'Collection costs (uncontested claim) on 1086.72 EUR, at most what a lawyer could charge (§ 13e RDG).'],
        [['collectionCosts', 'contested', '5.00', 'EUR', true], 'Collection costs (contested claim) on 5.00 EUR, at most what a lawyer could charge (§ 13e RDG), less the flat fee (§ 288 Abs. 5 S. 3 BGB).'],
      ],
      courtFee: [
        [['courtFee', 'GKG 2021-01-01', true], 'Court fee for the Mahnbescheid (KV 1100 GKG, GKG 2021-01-01), minimum fee.'],
        [['courtFee', 'GKG 2025-06-01', false], 'Court fee for the Mahnbescheid (KV 1100 GKG, GKG 2025-06-01).'],
      ],
      handedOver: [
        [['handedOver', 'collection-agency'], 'The claim is handed over to a collection agency.'],
        [['handedOver', 'lawyer'], 'The claim is handed over to a lawyer.'],
      ],
      writeOff: [[['writeOff', '12.34', 'EUR'], 'The open balance of 12.34 EUR is written off.']],
      sent: [
        [['sent', 'email'], 'Sent by email.'],
        [
          ['sent', 'letter', '2025-02-24', '2025-02-20', '2025-02-06'],
          "Sent by letter, later than booked (2025-02-06): the payment deadline is counted from the day it was sent, 2025-02-24 instead of 2025-02-20, so the debtor gets the stage's full period.",
        ],
      ],
      attemptUnknown: [
        [
          ['attemptUnknown', 'letter', 'no answer from letter within 30000 ms'],
          'Handed to letter, outcome unknown (it may have been delivered): no answer from letter within 30000 ms. Retried on letter with the same idempotency key and the same content, never on another channel.',
        ],
      ],
      withdrawn: [[['withdrawn', 'settled'], 'Message withdrawn: the claim is settled.']],
      mayHaveGone: [
        [
          ['mayHaveGone', 'letter', 'no answer from letter within 30000 ms', 'ab12'],
          "Given up on letter: no answer from letter within 30000 ms. It may have been delivered all the same (an attempt's outcome is unknown): what was handed over under its idempotency key has content hash ab12. No other channel is tried and its stage's fee stays; check with the provider what the debtor got.",
        ],
      ],
      withdrawnMayHaveGone: [
        [
          ['withdrawnMayHaveGone', 'settled', 'letter', 'ab12'],
          'Message withdrawn: the claim is settled. An earlier attempt on letter, whose outcome is unknown, may have delivered it: what was handed over has content hash ab12.',
        ],
      ],
      skipped: [
        [['skipped', 'sms', 'letter', 'no phone number'], 'Not sent by sms; trying letter: no phone number.'],
        [['skipped', 'sms', undefined, 'no phone number'], 'Not sent by sms: no phone number.'],
      ],
      refused: [
        [['refused', 'email', 'letter', '550 no such user'], 'The email provider refused the recipient; trying letter: 550 no such user'],
        [['refused', 'email', undefined, '550'], 'The email provider refused the recipient: 550'],
      ],
      deliveryFailed: [
        [['deliveryFailed', 'email', 'letter', 'timeout'], 'Delivery by email failed; trying letter: timeout'],
        [['deliveryFailed', 'email', undefined, 'timeout'], 'Delivery by email failed: timeout'],
      ],
      reportedDelivered: [
        [['reportedDelivered', 'email', undefined], 'Delivered by email.'],
        [['reportedDelivered', 'email', 'inbox'], 'Delivered by email: inbox.'],
      ],
      reportedBounce: [[['reportedBounce', 'email', 'mailbox full'], 'The email provider reported a bounce: mailbox full; later messages go out on their fallback channel.']],
      reportedFailed: [[['reportedFailed', 'letter', undefined], 'The letter provider could not deliver.']],
      reportedOpened: [[['reportedOpened', 'email', 'pixel'], 'Opened (reported by email): pixel.']],
      reportedOptOut: [[['reportedOptOut', 'sms', undefined], 'The debtor opted out of sms; no further messages on it.']],
      paymentReversed: [
        [
          ['paymentReversed', 'chargeback', '2025-05-02'],
          "The chargeback undoes the payment's allocation from its tail (unapplied, principal, interest, costs), so what is kept stays allocated costs, interest, principal; the undone parts are owed again from 2025-05-02.",
        ],
      ],
      reopened: [[['reopened', 'returned-debit', '10.00', 'EUR'], 'The returned-debit leaves 10.00 EUR owed again on a settled claim.']],
    };
    for (const cases of Object.values(byHand)) for (const [call, text] of cases) expect(reasonText(...(call as ReasonTextCall))).toBe(text);
    expect(Object.keys(byHand).sort()).toStrictEqual(Object.keys(reasonTexts).sort());
  });

  it('a reason made by saidReason is the plain object the literal makes: keys in order, nothing else to see', () => {
    const inputs = { total: '0.00', asOf: '2025-01-24' };
    const cases: [ReturnType<typeof saidReason>, object][] = [
      [saidReason('delivery.sent', undefined, undefined, 'sent', 'email'), { rule: 'delivery.sent', text: 'Sent by email.' }],
      [saidReason('guard.x', '§ 362 Abs. 1 BGB', undefined, 'withdrawn', 'settled'), { rule: 'guard.x', basis: '§ 362 Abs. 1 BGB', text: 'Message withdrawn: the claim is settled.' }],
      [saidReason('write-off', undefined, inputs, 'writeOff', '1.00', 'EUR'), { rule: 'write-off', text: 'The open balance of 1.00 EUR is written off.', inputs }],
      [saidReason('settled', '§ 362 Abs. 1 BGB', inputs, 'settled', '0.00', 'EUR', '2025-01-24'), { rule: 'settled', basis: '§ 362 Abs. 1 BGB', text: 'Nothing is left to pay (total 0.00 EUR on 2025-01-24).', inputs }],
    ];
    for (const [made, literal] of cases) {
      expect(made).toStrictEqual(literal);
      expect(Reflect.ownKeys(made)).toStrictEqual(Reflect.ownKeys(literal));
      expect(Object.getPrototypeOf(made)).toBe(Object.prototype);
      expect(JSON.stringify(made)).toBe(JSON.stringify(literal));
      expect(canonicalJson(made)).toBe(canonicalJson(literal));
      expect(structuredClone(made)).toStrictEqual(literal);
      expect(Object.getOwnPropertyDescriptors(made)).toStrictEqual(Object.getOwnPropertyDescriptors(literal));
    }
  });
});

// Strings a text may be given: empty, the claim id (alone and within), dates and amounts (what the
// generic encoder would take out), control characters (U+0000–U+0002 mark templates there), text
// outside Latin-1 and outside the BMP, long ones.
const odd = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ minLength: 40, maxLength: 300 }),
  fc.constantFrom('', facts.id, `${facts.id}:msg:reminder:1`, '2025-03-29', '1042.80', '-0', '0.90', '\u0000', '\u0001', '\u0002', '\t\n', 'ü€…', '😀', 'x'.repeat(500)),
  fc.array(fc.constantFrom(facts.id, '2025-03-29', '12.5', ' ', '\u0001', 'ä', 'a'), { maxLength: 8 }).map((p) => p.join('')),
);
const maybe = fc.option(odd, { nil: undefined });
const num = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(-0, 2 ** 31, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY));
const calls: { [K in ReasonTextId]: fc.Arbitrary<Extract<ReasonTextCall, [K, ...unknown[]]>> } = {
  holdExpired: fc.tuple(fc.constant('holdExpired' as const), odd, odd),
  installmentMissed: fc.tuple(fc.constant('installmentMissed' as const), num, odd, odd, odd, num, odd, odd),
  installmentTakenBack: fc.tuple(fc.constant('installmentTakenBack' as const), num, odd, odd, odd, odd, odd, odd, odd),
  installmentTakenBackBooked: fc.oneof(
    fc.tuple(fc.constant('installmentTakenBackBooked' as const), num, odd, odd, odd, odd, odd, odd, odd, odd, odd),
    fc.tuple(fc.constant('installmentTakenBackBooked' as const), num, odd, odd, odd, odd, odd, odd, odd, odd, odd, odd),
  ),
  installmentPlanDefaulted: fc.tuple(fc.constant('installmentPlanDefaulted' as const), num, num),
  settled: fc.tuple(fc.constant('settled' as const), odd, odd, odd),
  limitationExpired: fc.tuple(fc.constant('limitationExpired' as const), odd),
  stageEntered: fc.tuple(fc.constant('stageEntered' as const), odd, odd, odd, maybe, maybe),
  creditorDunningFee: fc.tuple(fc.constant('creditorDunningFee' as const), odd, fc.array(odd, { maxLength: 4 })),
  letterNotSent: fc.tuple(fc.constant('letterNotSent' as const), odd, odd, odd, odd, odd),
  feeBeforeDefault: fc.oneof(
    fc.tuple(fc.constant('feeBeforeDefault' as const), odd, odd, odd, fc.option(odd, { nil: null }), odd, odd),
    fc.tuple(fc.constant('feeBeforeDefault' as const), odd, odd, odd, fc.option(odd, { nil: null }), odd, odd, fc.option(odd, { nil: null })),
  ),
  feeReinstated: fc.oneof(
    fc.tuple(fc.constant('feeReinstated' as const), odd, odd, odd, odd, odd, odd, odd, odd),
    fc.tuple(fc.constant('feeReinstated' as const), odd, odd, odd, odd, odd, odd, odd, odd, fc.option(odd, { nil: null }), fc.option(odd, { nil: null })),
  ),
  defaultWithdrawn: fc.tuple(fc.constant('defaultWithdrawn' as const), odd, odd, odd, odd),
  collectionCosts: fc.tuple(fc.constant('collectionCosts' as const), odd, odd, odd, fc.boolean()),
  courtFee: fc.tuple(fc.constant('courtFee' as const), odd, fc.boolean()),
  handedOver: fc.tuple(fc.constant('handedOver' as const), fc.oneof(fc.constantFrom('lawyer', 'collection-agency'), odd)),
  writeOff: fc.tuple(fc.constant('writeOff' as const), odd, odd),
  sent: fc.oneof(fc.tuple(fc.constant('sent' as const), odd), fc.tuple(fc.constant('sent' as const), odd, odd, odd, odd)),
  attemptUnknown: fc.tuple(fc.constant('attemptUnknown' as const), odd, odd),
  withdrawn: fc.tuple(fc.constant('withdrawn' as const), odd),
  mayHaveGone: fc.tuple(fc.constant('mayHaveGone' as const), odd, odd, odd),
  withdrawnMayHaveGone: fc.tuple(fc.constant('withdrawnMayHaveGone' as const), odd, odd, odd),
  skipped: fc.tuple(fc.constant('skipped' as const), odd, maybe, odd),
  refused: fc.tuple(fc.constant('refused' as const), odd, maybe, odd),
  deliveryFailed: fc.tuple(fc.constant('deliveryFailed' as const), odd, maybe, odd),
  reportedDelivered: fc.tuple(fc.constant('reportedDelivered' as const), odd, maybe),
  reportedBounce: fc.tuple(fc.constant('reportedBounce' as const), odd, maybe),
  reportedFailed: fc.tuple(fc.constant('reportedFailed' as const), odd, maybe),
  reportedOpened: fc.tuple(fc.constant('reportedOpened' as const), odd, maybe),
  reportedOptOut: fc.tuple(fc.constant('reportedOptOut' as const), odd, maybe),
  paymentReversed: fc.tuple(fc.constant('paymentReversed' as const), odd, odd),
  reopened: fc.tuple(fc.constant('reopened' as const), odd, odd, odd),
};
const anyCall = fc.oneof(...(Object.values(calls) as fc.Arbitrary<ReasonTextCall>[]));

function eventOf(reason: ReturnType<typeof saidReason>, n: number): ClaimEvent {
  return { claimId: facts.id, date: '2025-03-01', reason, policy: 'de-b2c-default@3', type: 'x', n } as unknown as ClaimEvent;
}

describe('compact codec: reasons kept as text function and arguments', () => {
  it('every text function, random arguments (empty, the claim id, dates, amounts, control characters, outside Latin-1 and the BMP, long): encoded and decoded, the text is the same string, the events deep-equal', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(anyCall, fc.option(odd, { nil: undefined })), { minLength: 1, maxLength: 6 }), (made) => {
        const codec = createCompactCodec();
        const events = made.map(([call, basis], n) => eventOf(saidReason('rule.x', basis, n % 2 === 0 ? undefined : { n }, ...call), n));
        // Twice in one codec: the second claim from what the first left in the tables.
        const first = encodeClaim(codec, facts, events, []);
        const second = encodeClaim(codec, facts, events, []);
        for (const code of [first, second]) {
          const back = decodeEvents(codec, facts, code);
          expect(back).toStrictEqual(events);
          back.forEach((e, i) => {
            expect(e.reason?.text).toBe(reasonText(...(made[i] as [ReasonTextCall, unknown])[0]));
            expect(canonicalJson(e)).toBe(canonicalJson(events[i]));
          });
        }
        // The texts were kept as calls, not as strings (nor as templates made of them).
        for (const e of events) expect(codec.values).not.toContain(e.reason?.text);
      }),
      { numRuns: 1500 },
    );
  });

  it('the texts of the engine’s reasons are not kept whole in the run’s table', () => {
    const codec = createCompactCodec();
    const reason = saidReason('settled', '§ 362 Abs. 1 BGB', { total: '0.00', asOf: '2025-01-24' }, 'settled', '0.00', 'EUR', '2025-01-24');
    const code = encodeClaim(codec, facts, [eventOf(reason, 0)], []);
    expect(decodeEvents(codec, facts, code)[0]?.reason).toStrictEqual(reason);
    const strings = codec.values.filter((v): v is string => typeof v === 'string');
    expect(strings.some((s) => s.includes('Nothing is left'))).toBe(false);
    expect(strings).toContain('settled');
  });

  it('a reason whose text changed after it was made, or a copy of one, reads back with the text it has (the generic path)', () => {
    const codec = createCompactCodec();
    const changed = saidReason('settled', undefined, undefined, 'settled', '1.00', 'EUR', '2025-01-24');
    (changed as { text: string }).text = 'A text of the host, 2025-01-24, 1.00 EUR, longer than forty characters.';
    const same = saidReason('settled', undefined, undefined, 'settled', '1.00', 'EUR', '2025-01-24');
    (same as { text: string }).text = `Nothing is left to pay (total ${'1.00'} EUR on 2025-01-24).`; // equal text, another string
    const copy = { ...saidReason('delivery.sent', undefined, undefined, 'sent', 'email') };
    const events = [eventOf(changed, 0), eventOf(same, 1), eventOf(copy, 2)];
    const code = encodeClaim(codec, facts, events, []);
    const back = decodeEvents(codec, facts, code);
    expect(back).toStrictEqual(events);
    expect(back[0]?.reason?.text).toBe('A text of the host, 2025-01-24, 1.00 EUR, longer than forty characters.');
  });
});
