import { describe, expect, it } from 'vitest';
import {
  addDays,
  createMahnwerk,
  deB2cDefaultPolicy,
  decide,
  messageBlock,
  project,
  renderPlainText,
  type ClaimEvent,
  type IsoDate,
  type RenderCheck,
  type Renderer,
  type RenderInput,
  statement,
} from '../../src/index.js';
import { created, facts, ofType, play, timeline } from './helpers.js';
import { sendingHost } from './host-fixture.js';

// Rule guard.message-cannot-be-written: a renderer may carry a check (Renderer.check) that says,
// before the engine books a step, whether and why it cannot write the step's message. A stage whose
// message no channel of it can write is not entered — no stage, no fee, no hand-over — exactly like
// guard.agency-handover-needs-claim-reason: the debtor is not charged for a step they are never
// told of (here: the collection agency's first letter, § 13a Abs. 1 RDG; collection costs §§ 280
// Abs. 2, 286 BGB, § 13e RDG). A renderer without a check behaves as before.
// The figures (hand-over on 2025-03-16, costs 95.04) are those of agency-handover.test.ts's consumer
// timeline, which this file reuses and does not work out again.

const RULE = 'guard.message-cannot-be-written';
const REASON = 'the sender is not a collection agency (creditor.isCollectionAgency)';

/** A check that cannot write the agency's first letter on `refused` channels, and writes everything else. */
function refusing(refused: readonly string[] = ['letter', 'email']): RenderCheck {
  return (input) => (input.template === 'handover-inkasso' && refused.includes(input.channel) ? REASON : null);
}

function run(check?: RenderCheck): ClaimEvent[] {
  return play([created(facts())], deB2cDefaultPolicy, '2025-01-02', '2025-05-31', check === undefined ? {} : { context: { messageCheck: check } });
}

describe('guard.message-cannot-be-written: a stage whose message the renderer cannot write is not booked', () => {
  it('the hand-over is blocked on its day with the rule and the check\'s reason; no hand-over, no collection costs, no letter', () => {
    const events = run(refusing());
    expect(ofType(events, 'handed-over')).toEqual([]);
    expect(ofType(events, 'fee-charged').filter((f) => f.kind === 'collection-costs')).toEqual([]);
    expect(ofType(events, 'message-queued').map((m) => m.template)).not.toContain('handover-inkasso');
    expect(project(events).stage).toBe('final-notice');

    const before = project(events.filter((e) => e.date < '2025-03-16'));
    const d = decide(before, deB2cDefaultPolicy, '2025-03-16', { messageCheck: refusing() });
    expect(d.events).toEqual([]);
    expect(d.blocked).toEqual([expect.objectContaining({ rule: RULE, stage: 'handover' })]);
    const text = d.blocked[0]?.text ?? '';
    // The reason names the template, both channels tried, and the renderer's own reason for each.
    expect(text).toContain('"handover-inkasso" by letter (fallback email)');
    expect(text).toContain(`letter: ${REASON}`);
    expect(text).toContain(`email: ${REASON}`);
    expect(text).toContain('nothing is charged');
    // Tried again the next day (the host may give the renderer what it lacks): the stage's day has come.
    expect(d.nextReviewAt).toBe('2025-03-17');
    // Once the renderer can write it, the hand-over follows on the next decision — with its costs.
    const later = decide(before, deB2cDefaultPolicy, '2025-03-17', { messageCheck: () => null });
    expect(timeline(later.events)).toEqual([
      '2025-03-17 stage handover deadline 2025-03-31',
      '2025-03-17 handed-over',
      '2025-03-17 fee collection-costs 95.04',
      '2025-03-17 message letter handover-inkasso',
    ]);
  });

  it('a renderer without a check, or one that can write every message, gives the very events of today', () => {
    const plain = run();
    expect(run(() => null)).toEqual(plain);
    expect(timeline(plain).filter((l) => l.startsWith('2025-03-16'))).toContain('2025-03-16 fee collection-costs 95.04');
  });

  it('a message its fallback channel can write is not blocked (delivery falls back to it when the first channel fails)', () => {
    const events = run(refusing(['letter']));
    expect(ofType(events, 'handed-over').map((e) => e.date)).toEqual(['2025-03-16']);
  });

  it('the check is asked with what rendering will see: the statement after the stage\'s own costs, its deadline and message id', () => {
    const asked: RenderInput[] = [];
    const events = run((input) => {
      asked.push(input);
      return null;
    });
    const handover = asked.filter((i) => i.template === 'handover-inkasso');
    expect(handover.map((i) => [i.channel, i.locale, i.stage, i.claim.id, i.messageId, i.deadline])).toEqual([
      ['letter', 'de', 'handover', 'INV-1', 'INV-1:msg:handover:1', '2025-03-31'],
    ]);
    // Its statement is the claim's on the hand-over day with the stage's collection costs booked, as
    // the letter that goes out that day shows them: 95.04 (agency-handover.test.ts). By hand: value
    // 1000.00, RVG table 2021 fee 88.00 × 0.9 (Nr. 2300 VV RVG) = 79.20, plus Nr. 7002 VV RVG 20 % =
    // 15.84; 79.20 + 15.84 = 95.04.
    const stmt = handover[0]?.statement;
    expect(stmt?.asOf).toBe('2025-03-16');
    const collection = stmt?.lines.filter((l) => /2300|7002/.test(l.label)).map((l) => l.amount.amount.toFixed(2));
    expect(collection).toEqual(['79.20', '15.84']);
    expect(ofType(events, 'fee-charged').some((f) => f.kind === 'collection-costs')).toBe(true);
    // Asked once per stage entry that sends (each first channel accepted), never for stages that send nothing.
    expect(asked.map((i) => i.template)).toEqual(ofType(events, 'message-queued').map((m) => m.template));
  });

  it('§ 13a Abs. 1 Nr. 5 RDG: a check that refuses a letter listing collection costs without a cost breakdown blocks the hand-over (it used to see the statement before the costs and pass)', () => {
    // The check stands for a renderer that cannot print the § 13a Abs. 1 Nr. 5 RDG cost list (or the
    // Nr. 6 VAT declaration) it lacks: it refuses only a statement that holds collection costs. Asked
    // with the statement before the hand-over's costs (the defect), it passed, the hand-over and its
    // 95.04 were booked, and the letter then failed at rendering.
    const noCostList: RenderCheck = (input) =>
      input.statement.lines.some((l) => l.part === 'costs' && (l.code ?? l.label).includes('2300')) ? 'no § 13a Abs. 1 Nr. 5 RDG cost breakdown configured (agency.costList)' : null;
    const events = run(noCostList);
    expect(ofType(events, 'handed-over')).toEqual([]);
    expect(ofType(events, 'fee-charged').filter((f) => f.kind === 'collection-costs')).toEqual([]);
    const before = project(events.filter((e) => e.date < '2025-03-16'));
    const d = decide(before, deB2cDefaultPolicy, '2025-03-16', { messageCheck: noCostList });
    expect(d.events).toEqual([]);
    expect(d.blocked.map((b) => b.rule)).toEqual([RULE]);
    expect(d.blocked[0]?.text).toContain('letter: no § 13a Abs. 1 Nr. 5 RDG cost breakdown configured (agency.costList)');
    // The same check on the statement without the costs (the day before the hand-over) passes.
    const dayBefore = project(events.filter((e) => e.date < '2025-03-15'));
    expect(noCostList({ template: 'handover-inkasso', channel: 'letter', locale: 'de', claim: dayBefore.facts, statement: statement(dayBefore, '2025-03-15') })).toBeNull();
  });

  it('a check that throws is a refusal with the error\'s message; a stage without messages is not checked', () => {
    // The hand-over's events as decide books them without a check, on the state before them.
    const before = project(run(refusing()).filter((e) => e.date < '2025-03-16'));
    const booked = decide(before, deB2cDefaultPolicy, '2025-03-16').events;
    const after = project([...before.events, ...booked]);
    const queued = ofType(booked, 'message-queued');
    expect(queued.map((m) => m.template)).toEqual(['handover-inkasso']);
    const thrown = messageBlock(after, queued, '2025-03-16', () => {
      throw new TypeError('boom');
    }, deB2cDefaultPolicy);
    expect(thrown?.rule).toBe(RULE);
    expect(thrown?.stage).toBe('handover');
    expect(thrown?.text).toContain('letter: boom');
    expect(messageBlock(after, [], '2025-03-16', refusing(), deB2cDefaultPolicy)).toBeNull();
    expect(messageBlock(after, queued, '2025-03-16', undefined, deB2cDefaultPolicy)).toBeNull();
  });
});

describe('createMahnwerk: the render option\'s check blocks the step; a message that fails is reported in runDue().failures', () => {
  const setup = (render: Renderer) => sendingHost(render);
  const claim = {
    id: 'INV-1',
    debtor: { id: 'D-1', kind: 'consumer' as const, name: 'Erika Muster', email: 'erika@example.org', address: ['Musterstr. 1', '10115 Berlin'] },
    principal: '1000.00',
    currency: 'EUR',
    invoiceDate: '2025-01-02' as IsoDate,
    dueDate: '2025-01-16' as IsoDate,
    dueDateAgreed: true,
    description: 'Bestellung 4711: Gartenstuhl',
    contractDate: '2025-01-02' as IsoDate,
  };
  /** A renderer that cannot write the agency's letter (it throws, as @mahnwerk/templates does), optionally saying so beforehand. */
  const renderer = (withCheck: boolean): Renderer => {
    const render = (input: RenderInput) => {
      if (input.template === 'handover-inkasso') throw new Error(REASON);
      return renderPlainText(input, { name: 'Muster GmbH' });
    };
    return withCheck ? Object.assign(render, { check: refusing() }) : render;
  };

  it('with the check: runDue reports the block every day from the hand-over day on; no collection costs, nothing failed', async () => {
    const { mw, clock, sent } = setup(renderer(true));
    await mw.createClaim(claim);
    const blocked: string[] = [];
    let failed = 0;
    for (let day: IsoDate = '2025-01-02'; day <= '2025-03-18'; day = addDays(day, 1)) {
      clock.date = day;
      const r = await mw.runDue();
      failed += r.failed;
      for (const b of r.blocked) blocked.push(`${day} ${b.reason.rule} ${b.reason.stage ?? ''}`);
    }
    expect(blocked).toEqual([`2025-03-16 ${RULE} handover`, `2025-03-17 ${RULE} handover`, `2025-03-18 ${RULE} handover`]);
    expect(failed).toBe(0);
    const state = await mw.claim('INV-1');
    expect(state.stage).toBe('final-notice');
    expect(state.handedOver).toBeNull();
    expect(state.fees.map((f) => f.kind)).toEqual(['creditor-dunning-fee']);
    expect(sent.map((m) => m.id)).toEqual(['INV-1:msg:reminder:1', 'INV-1:msg:dunning-notice:1', 'INV-1:msg:final-notice:1']);
  });

  it('the check is asked with the very input the renderer gets for the message that goes out (all but the payment link)', async () => {
    const checked: RenderInput[] = [];
    const rendered: RenderInput[] = [];
    const render = Object.assign((input: RenderInput) => {
      rendered.push(input);
      return renderPlainText(input, { name: 'Muster Inkasso GmbH' });
    }, {
      check: (input: RenderInput) => {
        checked.push(input);
        return null;
      },
    });
    const { mw, clock } = setup(render);
    await mw.createClaim(claim);
    for (let day: IsoDate = '2025-01-02'; day <= '2025-03-16'; day = addDays(day, 1)) {
      clock.date = day;
      await mw.runDue();
    }
    // Every message of the run: reminder, dunning notice, final notice, hand-over letter — each asked
    // when its stage was booked and again when it is sent (the dispatcher asks the check with the send
    // day's input), and rendered once on the same day (no payment provider: no link).
    expect(rendered.map((i) => i.template)).toEqual(['reminder', 'dunning-notice', 'final-notice', 'handover-inkasso']);
    expect(checked).toEqual(rendered.flatMap((input) => [input, input]));
  });

  it('without the check (as before): the hand-over is booked and its letter fails — runDue names the message, its template and why, channel by channel', async () => {
    const { mw, clock } = setup(renderer(false));
    await mw.createClaim(claim);
    const failures: unknown[] = [];
    for (let day: IsoDate = '2025-01-02'; day <= '2025-03-16'; day = addDays(day, 1)) {
      clock.date = day;
      const r = await mw.runDue();
      expect(r.failures).toHaveLength(r.failed);
      expect(r.errors).toEqual([]);
      failures.push(...r.failures);
    }
    expect(failures).toEqual([
      { claimId: 'INV-1', messageId: 'INV-1:msg:handover:1', template: 'handover-inkasso', error: `letter: ${REASON}; email: ${REASON}` },
    ]);
  });
});
