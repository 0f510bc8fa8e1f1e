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
