import { describe, expect, it } from 'vitest';
import { createPlainTextRenderer, type IsoDate, type RenderInput, type Renderer } from '../../src/index.js';
import { deliveryClaim, deliveryHost, deliveryPolicy, mahnungBounce } from './host-fixture.js';

// Rule (§ 130 Abs. 1 S. 1 BGB with § 286 Abs. 1 BGB; docs/legal-notes.md, "A later notice built on a
// notice that never arrived"): a final notice (Letzte Mahnung) is written as if an earlier Mahnung had
// reached the debtor — the built-in text opens "trotz unserer Mahnung …". When the Mahnung went out by
// e-mail, the provider reported it bounced and no fallback delivered it, the debtor never received any
// Mahnung: the final notice is the first demand they get, and its text must not refer to one that never
// arrived. The engine tells the renderer (`RenderInput.earlierNoticeNotReceived`, the one input
// `messageRenderInput` makes for the dispatcher and for decide's renderer check), and the built-in
// templates leave the reference out (`@mahnwerk/templates`, test "earlier notice not received").
//
// Not repeated: a final notice that went out before the report stays the notice that reached the debtor.
// Any unambiguous demand for payment after the due date is a Mahnung (§ 286 Abs. 1 BGB) — the final
// notice put the debtor in default with its receipt (default-withdrawn and default-began anew, see
// default-notice-not-received) and gave its own deadline counted from its own send; no rule of law asks
// for a sequence of notices before it. Sending the Mahnung after it, or the final notice again, would
// demand the same again with another deadline (and another fee).
//
// Dates by hand: 2025-01-01 was a Wednesday; Mahnung by e-mail Thu 2025-02-06 (deadline 14 days, 02-20);
// final notice by letter 7 days later, not before the deadline has passed: Fri 2025-02-21, received Mon
// 02-24, default from Tue 02-25.

/** The host (host-fixture's delivery host on claim INV-10, both channels deliver everything) and what its renderer was given. */
function setup(fallback: boolean) {
  const plain = createPlainTextRenderer({ creditor: { name: 'Beispiel GmbH' } });
  // What the renderer is given (and what decide's check is asked with), message by message.
  const rendered: RenderInput[] = [];
  const checked: RenderInput[] = [];
  const render: Renderer = Object.assign((input: RenderInput) => {
    rendered.push(input);
    return plain(input);
  }, {
    check: (input: RenderInput) => {
      checked.push(input);
      return null;
    },
  });
  const policy = deliveryPolicy({ id: 'later-notice-after-bounce', name: 'Later notice after bounce', mahnung: fallback ? 'email-then-letter' : 'email', finalFee: '1.00' });
  return { ...deliveryHost({ policy, claimId: 'INV-10', render }), rendered, checked };
}

const claim = deliveryClaim(10);

const bounce = mahnungBounce(10);
/** What the final notice was written with: its channel, day, whether it causes default and whether an earlier notice reached the debtor. */
const finalNotice = (inputs: readonly RenderInput[]) =>
  inputs.filter((i) => i.stage === 'final-notice').map((i) => ({ channel: i.channel, causesDefault: i.causesDefault ?? false, earlierNoticeNotReceived: i.earlierNoticeNotReceived ?? false }));

describe('§ 130 Abs. 1 S. 1 BGB, § 286 Abs. 1 BGB: a later notice built on a Mahnung that never arrived does not refer to it, and is not repeated', () => {
  it('the Mahnung e-mail reported bounced on 2025-02-12, no fallback: the final notice (Fri 2025-02-21) is written as the first demand — earlierNoticeNotReceived, and it causes default', async () => {
    const h = setup(false);
    await h.mw.createClaim(claim);
    await h.run('2025-02-21', async (day) => {
      if (day === '2025-02-12') await h.mw.recordDelivery(bounce);
    });
    expect(h.letter.map((m) => `${m.stage ?? '-'} ${m.date}`)).toEqual(['reminder 2025-01-23', 'final-notice 2025-02-21']);
    expect(finalNotice(h.rendered)).toEqual([{ channel: 'letter', causesDefault: true, earlierNoticeNotReceived: true }]);
    // The renderer's check is asked with the same input (one function makes it): by decide when it books the stage, and
    // by the dispatcher again at the send.
    expect(finalNotice(h.checked)).toEqual([
      { channel: 'letter', causesDefault: true, earlierNoticeNotReceived: true },
      { channel: 'letter', causesDefault: true, earlierNoticeNotReceived: true },
    ]);
  });

  it('no bounce, or a bounce whose fallback letter went out (2025-02-12): the Mahnung reached the debtor — the final notice refers to it (no flag), and the Mahnung itself never carries it', async () => {
    for (const report of [false, true]) {
      const h = setup(true);
      await h.mw.createClaim(claim);
      await h.run('2025-03-10', async (day) => {
        if (report && day === '2025-02-12') await h.mw.recordDelivery(bounce);
      });
      expect(finalNotice(h.rendered)).toEqual([{ channel: 'letter', causesDefault: false, earlierNoticeNotReceived: false }]);
      expect(h.rendered.filter((i) => i.stage === 'dunning-notice').map((i) => i.earlierNoticeNotReceived ?? false)).toEqual(report ? [false, false] : [false]);
    }
  });

  it('reported after the final notice went out (Mon 2025-02-24, Mon 2025-03-03): nothing is repeated — no Mahnung letter, no second final notice; the final notice is the notice that put the debtor in default (from Tue 2025-02-25)', async () => {
    for (const reportOn of ['2025-02-24', '2025-03-03'] as IsoDate[]) {
      for (const fallback of [false, true]) {
        const h = setup(fallback);
        await h.mw.createClaim(claim);
        await h.run('2025-03-31', async (day) => {
          if (day === reportOn) await h.mw.recordDelivery(bounce);
        });
        const events = await h.events();
        expect(h.letter.map((m) => `${m.stage ?? '-'} ${m.date}`)).toEqual(['reminder 2025-01-23', 'final-notice 2025-02-21']);
        expect(events.filter((e) => e.type === 'stage-entered').map((e) => `${e.stage} ${e.date}`)).toEqual(['reminder 2025-01-23', 'dunning-notice 2025-02-06', 'final-notice 2025-02-21']);
        expect((await h.mw.claim('INV-10')).defaultBegan).toBe('2025-02-25');
      }
    }
  });

  it('a policy with no Mahnung stage before its final notice (reminder, then final notice): no earlier notice ever went out — the final notice is the first demand and carries the flag; with the Mahnung stage it does not', async () => {
    // Reminder by letter 7 days after the due date (Thu 2025-01-23), final notice 7 days after it (Thu 2025-01-30).
    // A Zahlungserinnerung is no notice of this policy (not of a kind in noticeKinds): "trotz unserer Mahnung" would
    // refer to a letter the debtor never got.
    const plain = createPlainTextRenderer({ creditor: { name: 'Beispiel GmbH' } });
    const rendered: RenderInput[] = [];
    const render: Renderer = (input: RenderInput) => {
      rendered.push(input);
      return plain(input);
    };
    const full = deliveryPolicy({ id: 'no-mahnung-stage', name: 'No Mahnung stage', mahnung: 'letter' });
    const policy = { ...full, stages: full.stages.filter((s) => s.kind !== 'dunning-notice') } as typeof full;
    const h = deliveryHost({ policy, claimId: 'INV-10', render });
    await h.mw.createClaim(claim);
    await h.run('2025-02-05');
    expect(h.letter.map((m) => `${m.stage ?? '-'} ${m.date}`)).toEqual(['reminder 2025-01-23', 'final-notice 2025-01-30']);
    expect(finalNotice(rendered)).toEqual([{ channel: 'letter', causesDefault: true, earlierNoticeNotReceived: true }]);
    // The reminder is no notice: never flagged (only a notice's text refers to an earlier one).
    expect(rendered.filter((i) => i.stage === 'reminder').map((i) => i.earlierNoticeNotReceived ?? false)).toEqual([false]);
  });
});

describe('§ 130 Abs. 1 S. 1 BGB: recordDelivery tells the host which notices referred to the reported one as received (unfoundedReferences)', () => {
  // The final notice went out Fri 2025-02-21 by letter with "trotz unserer Mahnung" (the Mahnung e-mail of
  // Thu 02-06 counted as delivered). A bounce of that e-mail reported afterwards makes the reference untrue: the
  // debtor never got the Mahnung. The engine sends no correction (legal-notes); the report's answer names the
  // final notice so that the host can write to the debtor.
  it('reported Mon 2025-02-24 or Mon 2025-03-03, with or without a fallback: the answer names the final notice sent 2025-02-21; a replay by key answers the same', async () => {
    for (const reportOn of ['2025-02-24', '2025-03-03'] as IsoDate[]) {
      for (const fallback of [false, true]) {
        const h = setup(fallback);
        await h.mw.createClaim(claim);
        const answers: unknown[] = [];
        await h.run('2025-03-10', async (day) => {
          if (day !== reportOn) return;
          answers.push((await h.mw.recordDelivery(bounce, { idempotencyKey: 'bounce-1' })).unfoundedReferences);
          const replayed = await h.mw.recordDelivery(bounce, { idempotencyKey: 'bounce-1' });
          expect(replayed.replayed).toBe(true);
          answers.push(replayed.unfoundedReferences);
        });
        const expected = [{ messageId: 'INV-10:msg:final-notice:1', stage: 'final-notice', sentOn: '2025-02-21' }];
        expect(answers).toEqual([expected, expected]);
      }
    }
  });

  it('reported Wed 2025-02-12, before the final notice: no notice referred to the Mahnung yet — the answer is empty (with a fallback the letter then reaches the debtor and the final notice refers to it rightly)', async () => {
    for (const fallback of [false, true]) {
      const h = setup(fallback);
      await h.mw.createClaim(claim);
      const answers: unknown[] = [];
      await h.run('2025-03-10', async (day) => {
        if (day === '2025-02-12') answers.push((await h.mw.recordDelivery(bounce)).unfoundedReferences);
      });
      expect(answers).toEqual([[]]);
    }
  });

  it('other reports say nothing: "delivered" for the Mahnung, and a bounce of the final notice itself (its own text is not made untrue by its own loss)', async () => {
    const h = setup(false);
    await h.mw.createClaim(claim);
    const answers: unknown[] = [];
    await h.run('2025-03-10', async (day) => {
      if (day !== '2025-02-24') return;
      answers.push((await h.mw.recordDelivery({ ...bounce, status: 'delivered' })).unfoundedReferences);
      answers.push((await h.mw.recordDelivery({ claimId: 'INV-10', messageId: 'INV-10:msg:final-notice:1', channel: 'letter', status: 'bounced' })).unfoundedReferences);
    });
    expect(answers).toEqual([[], []]);
  });
});
