import { createMahnwerk, type Channel, type ClaimEvent, type ClaimFacts, type Mahnwerk } from '@mahnwerk/core';
import { createMemoryClaimStore, createRecordingPaymentProvider, createVirtualClock, fixtures, type RecordingPaymentProvider, type VirtualClock } from '@mahnwerk/testing';
import { createPortal, type Portal, type PortalOptions } from '../src/index.js';

/** A test secret of 32 bytes (never a real key). */
export const secret = 'test-secret-test-secret-test-sec';

/** The creditor's account in the tests (a valid German IBAN from the IBAN standard's examples). */
export const bankAccount = { name: 'Muster Versand GmbH', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' } as const;

export interface Setup {
  readonly mahnwerk: Mahnwerk;
  readonly clock: VirtualClock;
  readonly provider: RecordingPaymentProvider;
  readonly portal: Portal;
  readonly letters: Map<string, Uint8Array>;
  /** Creates a claim and returns a portal path to it. */
  claim(facts?: ClaimFacts): Promise<string>;
  /** The events of a claim. */
  events(claimId: string): Promise<readonly ClaimEvent[]>;
  /** The events of a claim recorded after `claim()` made it. */
  newEvents(claimId: string): Promise<readonly ClaimEvent[]>;
  /** Runs the daily decision day by day until the claim enters the policy stage `stageId` (at most 400 days). */
  untilStage(claimId: string, stageId: string): Promise<void>;
}

/**
 * A portal over the in-memory store and the recording payment provider on a virtual clock; the
 * default claim is the consumer fixture (1,000.00 EUR, in default from 2025-01-01). The engine runs
 * the portal's `policy` override, else `'auto'`. An override of `undefined` removes that option.
 */
export function setup(today = '2025-01-31', overrides: { readonly [K in keyof PortalOptions]?: PortalOptions[K] | undefined } = {}, channels: readonly Channel[] = []): Setup {
  const clock = createVirtualClock(today);
  const provider = createRecordingPaymentProvider();
  const mahnwerk = createMahnwerk({ store: createMemoryClaimStore(), policy: overrides.policy ?? 'auto', clock, channels, statement: { allowBeyondKnownBaseRate: false } });
  const letters = new Map<string, Uint8Array>();
  const baseline = new Map<string, number>();
  const options = {
    mahnwerk,
    secret,
    clock,
    payments: provider,
    bankAccount,
    letters: async (_claimId: string, messageId: string) => letters.get(messageId) ?? null,
    rateLimit: { limit: 1000 },
    ...overrides,
  };
  // An override of undefined removes the option (e.g. `bankAccount: undefined`: no bank transfer).
  const portal = createPortal(Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as unknown as PortalOptions);
  return {
    mahnwerk,
    clock,
    provider,
    portal,
    letters,
    async claim(facts = fixtures.consumerClaim()) {
      await mahnwerk.createClaim(facts);
      // The daily run records the start of default (§ 286 BGB), from which interest runs.
      await mahnwerk.runDue();
      baseline.set(facts.id, (await mahnwerk.claim(facts.id)).events.length);
      return portal.createLink(facts.id);
    },
    async events(claimId) {
      return (await mahnwerk.claim(claimId)).events;
    },
    async newEvents(claimId) {
      return (await mahnwerk.claim(claimId)).events.slice(baseline.get(claimId) ?? 0);
    },
    async untilStage(claimId, stageId) {
      for (let d = 0; d < 400 && (await mahnwerk.claim(claimId)).stage !== stageId; d++) {
        clock.advance(1);
        await mahnwerk.runDue();
      }
      if ((await mahnwerk.claim(claimId)).stage !== stageId) throw new Error(`claim ${claimId} did not reach stage ${stageId}`);
    },
  };
}

/** The value of a form field in a page (the first input with that name). */
export function field(page: string, name: string): string {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(page);
  if (m === null) throw new Error(`no field ${name} in the page`);
  return m[1] as string;
}

/** Posts a form as a browser does (application/x-www-form-urlencoded). */
export function post(portal: Portal, path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return Promise.resolve(
    portal.app.request(path, { method: 'POST', body: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } }),
  );
}

/** The text of a page of the portal at `path` (with its query, e.g. `?lang=en`). */
export async function pageOf(s: Setup, path: string): Promise<string> {
  return (await s.portal.app.request(path)).text();
}

/** The items of the list `<ul id="…">` of a page, tags removed, no-break spaces as spaces. */
export function listItems(page: string, id: string): string[] {
  const list = new RegExp(`<ul id="${id}">([\\s\\S]*?)</ul>`).exec(page)?.[1];
  if (list === undefined) throw new Error(`no list ${id} in the page`);
  return [...list.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => (m[1] as string).replace(/<[^>]+>/g, '').replace(/\u00a0/g, ' '));
}
