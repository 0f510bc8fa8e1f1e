import { describe, expect, it } from 'vitest';
import {
  addDays,
  createMahnwerk,
  renderPlainText,
  simulate,
  type Channel,
  type ClaimEvent,
  type ClaimFacts,
  type IsoDate,
  type RenderCheck,
  type Renderer,
  type RenderInput,
} from '../../src/index.js';
import { memoryStore } from '../engine/memory-store.js';

// One path (DESIGN.md "One path from a command to its events"; rule guard.message-cannot-be-written):
// `simulate({ render })` asks the renderer's check as `createMahnwerk({ render }).runDue` does, so a
// simulation of a book does not hand over — and charge collection costs (§ 13e RDG) for — a claim
// whose collection agency's first letter (§ 13a Abs. 1 RDG) the host's renderer refuses. It used to
// take no renderer: it handed the claim over on 2025-03-16 with 95.04 collection costs while the host
// blocked the step. The figures are those of core/test/engine/message-check.test.ts (the same claim);
// the test compares the two drivers with each other, day by day, and works nothing out itself.

const RULE = 'guard.message-cannot-be-written';
const REASON = 'the sender is not a collection agency (creditor.isCollectionAgency)';
const FROM: IsoDate = '2025-01-02';
const TO: IsoDate = '2025-04-30';

const claim: ClaimFacts = {
  id: 'INV-1',
  debtor: { id: 'D-1', kind: 'consumer', name: 'Erika Muster', email: 'erika@example.org', address: ['Musterstr. 1', '10115 Berlin'] },
  principal: '1000.00',
  currency: 'EUR',
  invoiceDate: FROM,
  dueDate: '2025-01-16',
  dueDateAgreed: true,
  description: 'Bestellung 4711: Gartenstuhl',
  contractDate: FROM,
};

/** A check that cannot write the agency's first letter on any channel (as `@mahnwerk/templates` refuses it without an agency sender). */
const refusing: RenderCheck = (input) => (input.template === 'handover-inkasso' ? REASON : null);

/** The host's renderer: plain text signed by the shop, with the check above. */
const renderer: Renderer = Object.assign((input: RenderInput) => renderPlainText(input, { name: 'Muster GmbH' }), { check: refusing });

const channel = (name: string): Channel => ({ specificationVersion: 'v1', name, canReach: () => true, send: (m) => Promise.resolve({ providerMessageId: m.id }) });

/** A host event as simulate books it: without `recordedAt` and the reference to the personal data kept apart from the chain. */
function asSimulated(event: ClaimEvent): ClaimEvent {
  const { recordedAt: _recordedAt, ...rest } = event;
  if (rest.type !== 'claim-created') return rest as ClaimEvent;
  const { personalData: _ref, ...debtor } = rest.claim.debtor;
  return { ...rest, claim: { ...rest.claim, debtor } } as ClaimEvent;
}

/** The host: createMahnwerk over the memory store, runDue every day; its ledger and `runDue().blocked`, dated. */
async function host(render: Renderer): Promise<{ events: ClaimEvent[]; blocked: string[] }> {
  const clock = { date: FROM, today: () => clock.date, now: () => `${clock.date}T09:00:00+01:00` };
  const mw = createMahnwerk({ store: memoryStore(), clock, policy: 'auto', render, channels: [channel('email'), channel('letter')] });
  await mw.createClaim(claim);
  const blocked: string[] = [];
  for (let day = FROM; day <= TO; day = addDays(day, 1)) {
    clock.date = day;
    const run = await mw.runDue();
    for (const b of run.blocked) blocked.push(`${day} ${b.claimId} ${b.reason.rule} ${b.reason.stage ?? ''} ${b.reason.text}`);
  }
  return { events: (await mw.claim(claim.id)).events.map(asSimulated), blocked };
}

function simulated(render?: SimulationRender): { events: readonly ClaimEvent[]; blocked: string[] } {
  const result = simulate({ claims: [claim], policy: 'auto', from: FROM, to: TO, ...(render === undefined ? {} : { render }) });
  return {
    events: result.claims[0]?.events ?? [],
    blocked: result.blocked.map((b) => `${b.date} ${b.claimId} ${b.reason.rule} ${b.reason.stage ?? ''} ${b.reason.text}`),
  };
}

type SimulationRender = NonNullable<Parameters<typeof simulate>[0]['render']>;

describe(`simulate({ render }) and runDue agree on ${RULE} (one path)`, () => {
  it('the same claim and renderer: the same events and the same blocked steps, day by day — no hand-over, no collection costs', async () => {
    const h = await host(renderer);
    const s = simulated(renderer);
    expect(s.events).toEqual(h.events);
    expect(s.blocked).toEqual(h.blocked);
    // What both say: the hand-over is blocked on its day and on every day after it (the check is asked again daily).
    expect(h.blocked[0]?.startsWith(`2025-03-16 INV-1 ${RULE} handover Stage handover sends "handover-inkasso" by letter (fallback email)`)).toBe(true);
    expect(h.blocked.map((b) => b.slice(0, 10))).toEqual(Array.from({ length: 46 }, (_, k) => addDays('2025-03-16', k)));
    expect(h.blocked[0]).toContain(`letter: ${REASON}`);
    expect(s.events.some((e) => e.type === 'handed-over' || (e.type === 'fee-charged' && e.kind === 'collection-costs'))).toBe(false);
  });

  it('just { check } does the same as the renderer; without a render option the simulation hands over (as a host without a check does)', async () => {
    expect(simulated({ check: refusing })).toEqual(simulated(renderer));
    const plain = simulated();
    expect(plain.events.filter((e) => e.type === 'handed-over').map((e) => e.date)).toEqual(['2025-03-16']);
    expect(plain.blocked).toEqual([]);
    const hostWithout = await host((input) => renderPlainText(input, { name: 'Muster GmbH' }));
    expect(plain.events).toEqual(hostWithout.events);
  });

  it('a render option that is no renderer, or whose check is no function, is refused before anything runs, naming the field', () => {
    const input = { claims: [claim], policy: 'auto' as const, from: FROM, to: TO };
    expect(() => simulate({ ...input, render: { check: 'yes' } as unknown as SimulationRender })).toThrow(/^render\.check: expected a function/);
    expect(() => simulate({ ...input, render: 42 as unknown as SimulationRender })).toThrow(/^render: expected the renderer/);
  });
});
