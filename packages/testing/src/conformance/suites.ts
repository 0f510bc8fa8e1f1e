import type { Channel, ClaimStore, PaymentProvider } from '@mahnwerk/core';
import { afterEach, describe, it } from 'vitest';
import { channelChecks, type ChannelSubject } from './channel-checks.js';
import type { ConformanceCheck } from './check.js';
import { claimStoreChecks, type ClaimStoreFactory, type ClaimStoreSubject } from './claim-store-checks.js';
import { paymentProviderChecks, paymentWebhookChecks, type PaymentProviderSubject } from './payment-provider-checks.js';

/** Options every conformance suite takes. */
export interface SuiteOptions<A> {
  /** Called after each test with every adapter the factories made for it (close pools, drop schemas …). */
  readonly teardown?: (adapter: A) => void | Promise<void>;
  /** Per-test timeout in milliseconds, for adapters behind a network (vitest's default otherwise). */
  readonly timeout?: number;
}

/** Options of {@link testClaimStore}: the suite options and the optional tables hook. */
export interface ClaimStoreSuiteOptions extends SuiteOptions<ClaimStore> {
  /** See {@link ClaimStoreSubject.tables}: reads what landed in the store's tables directly. */
  readonly tables?: ClaimStoreSubject['tables'];
  /** See {@link ClaimStoreSubject.batched}: `false` for a store without the optional batched methods. */
  readonly batched?: boolean;
  /** See {@link ClaimStoreSubject.runDays}: `false` for a store without the optional last day run. */
  readonly runDays?: boolean;
}

/** Options of {@link testChannel}: the suite options and the optional hooks of a {@link ChannelSubject}. */
export interface ChannelSuiteOptions extends SuiteOptions<Channel> {
  /** See {@link ChannelSubject.recipient}. */
  readonly recipient?: ChannelSubject['recipient'];
  /** See {@link ChannelSubject.failing}. */
  readonly failing?: ChannelSubject['failing'];
  /** See {@link ChannelSubject.deliveries}. */
  readonly deliveries?: ChannelSubject['deliveries'];
  /** See {@link ChannelSubject.bouncing}. */
  readonly bouncing?: ChannelSubject['bouncing'];
  /** See {@link ChannelSubject.received}. */
  readonly received?: ChannelSubject['received'];
}

/** Options of {@link testPaymentProvider}: the suite options and a failing-provider factory. */
export interface PaymentProviderSuiteOptions extends SuiteOptions<PaymentProvider> {
  /** See {@link PaymentProviderSubject.failing}. */
  readonly failing?: PaymentProviderSubject['failing'];
  /** See {@link PaymentProviderSubject.webhooks}. */
  readonly webhooks?: PaymentProviderSubject['webhooks'];
}

/** Wraps a factory so that every adapter it makes is remembered for teardown. */
function tracked<A>(factory: () => A | Promise<A>, made: A[]): () => Promise<A> {
  return async () => {
    const adapter = await factory();
    made.push(adapter);
    return adapter;
  };
}

function register<S, A>(title: string, checks: readonly ConformanceCheck<S>[], subject: S, made: A[], options: SuiteOptions<A>): void {
  describe(title, () => {
    afterEach(async () => {
      const adapters = made.splice(0);
      if (options.teardown !== undefined) for (const adapter of adapters) await options.teardown(adapter);
    });
    const groups = [...new Set(checks.map((c) => c.group))];
    for (const group of groups) {
      describe(group, () => {
        for (const check of checks.filter((c) => c.group === group)) {
          const reason = check.unavailable?.(subject);
          if (reason !== undefined) it.skip(`${check.title} — skipped: ${reason}`, () => undefined);
          else it(check.title, () => check.run(subject), options.timeout);
        }
      });
    }
  });
}

/**
 * Registers the `ClaimStore` conformance suite (vitest `describe`/`it`, one test per check of
 * {@link claimStoreChecks}). Every store adapter runs it; an adapter is done when it passes.
 *
 * ```ts
 * testClaimStore('postgres', async () => createPostgresStore(await freshSchema()), { teardown: (s) => s.close() });
 * ```
 *
 * @param name - the adapter's name, shown in the suite title
 * @param factory - makes a fresh, empty store; called once per test
 * @param options - tables hook, teardown and timeout
 */
export function testClaimStore(name: string, factory: ClaimStoreFactory, options: ClaimStoreSuiteOptions = {}): void {
  const made: ClaimStore[] = [];
  const subject: ClaimStoreSubject = {
    create: tracked(factory, made),
    ...(options.tables === undefined ? {} : { tables: options.tables }),
    ...(options.batched === undefined ? {} : { batched: options.batched }),
    ...(options.runDays === undefined ? {} : { runDays: options.runDays }),
  };
  register(`ClaimStore conformance: ${name}`, claimStoreChecks, subject, made, options);
}

/**
 * Registers the `Channel` conformance suite (one test per check of {@link channelChecks}).
 * Checks that need a hook you do not pass (`failing`, `bouncing`, `received`) are reported as skipped.
 *
 * @param name - the adapter's name, shown in the suite title
 * @param factory - makes a fresh channel that delivers; called once per test
 * @param options - recipient, failing factory, deliveries hook, teardown and timeout
 */
export function testChannel(name: string, factory: () => Channel | Promise<Channel>, options: ChannelSuiteOptions = {}): void {
  const made: Channel[] = [];
  const subject: ChannelSubject = {
    create: tracked(factory, made),
    ...(options.recipient === undefined ? {} : { recipient: options.recipient }),
    ...(options.failing === undefined ? {} : { failing: tracked(options.failing, made) }),
    ...(options.deliveries === undefined ? {} : { deliveries: options.deliveries }),
    ...(options.bouncing === undefined ? {} : { bouncing: tracked(options.bouncing, made) }),
    ...(options.received === undefined ? {} : { received: options.received }),
  };
  register(`Channel conformance: ${name}`, channelChecks, subject, made, options);
}

/**
 * Registers the `PaymentProvider` conformance suite (one test per check of
 * {@link paymentProviderChecks} and {@link paymentWebhookChecks}): links, idempotency, failures,
 * webhook verification, and — through a host over the in-memory store — duplicate and
 * out-of-order events, refunds, chargebacks and forged requests. The failure check is skipped
 * without a `failing` factory, the webhook and ledger checks without a `webhooks` simulator.
 *
 * @param name - the adapter's name, shown in the suite title
 * @param factory - makes a fresh provider; called once per test
 * @param options - failing factory, webhook simulator, teardown and timeout
 */
export function testPaymentProvider(
  name: string,
  factory: () => PaymentProvider | Promise<PaymentProvider>,
  options: PaymentProviderSuiteOptions = {},
): void {
  const made: PaymentProvider[] = [];
  const subject: PaymentProviderSubject = {
    create: tracked(factory, made),
    ...(options.failing === undefined ? {} : { failing: tracked(options.failing, made) }),
    ...(options.webhooks === undefined ? {} : { webhooks: options.webhooks }),
  };
  register(`PaymentProvider conformance: ${name}`, [...paymentProviderChecks, ...paymentWebhookChecks], subject, made, options);
}
