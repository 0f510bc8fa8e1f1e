import { MahnwerkError, sanitizeMessage, type Channel, type OutgoingMessage } from '@mahnwerk/core';
import { describe, expect, it } from 'vitest';
import { channelChecks, createRecordingChannel, runConformance, type RecordingChannel } from '../src/index.js';
import { testChannel } from '../src/vitest.js';

// The recording channel passes the Channel port's suite, with every optional hook.
testChannel('recording email', () => createRecordingChannel('email'), {
  failing: () => createRecordingChannel('email', { failWith: { retryable: true } }),
  deliveries: (channel, id) => (channel as RecordingChannel).deliveries(id),
});
testChannel('recording letter (no hooks: failure check skipped)', () => createRecordingChannel('letter'));

const message: OutgoingMessage = {
  id: 'RE-1:msg:reminder:1',
  claimId: 'RE-1',
  channel: 'email',
  to: { name: 'Erika Mustermann', email: 'erika@example.org' },
  subject: 'Zahlungserinnerung',
  text: 'Bitte zahlen Sie.',
  locale: 'de',
};

const key = { idempotencyKey: message.id };

describe('createRecordingChannel', () => {
  it('records each delivered message once, in order, and answers duplicates with the first provider id (Channel: same id delivers once)', async () => {
    const channel = createRecordingChannel('email');
    await expect(channel.send(message, key)).resolves.toEqual({ providerMessageId: 'email-1' });
    await expect(channel.send({ ...message, id: 'RE-1:msg:reminder:2' }, { idempotencyKey: 'RE-1:msg:reminder:2' })).resolves.toEqual({ providerMessageId: 'email-2' });
    await expect(channel.send(message, key)).resolves.toEqual({ providerMessageId: 'email-1' });
    expect(channel.sent.map((m) => m.id)).toEqual(['RE-1:msg:reminder:1', 'RE-1:msg:reminder:2']);
    expect(channel.attempts.map((a) => a.outcome)).toEqual(['sent', 'sent', 'duplicate']);
    expect(channel.deliveries(message.id)).toBe(1);
    expect(channel.find(message.id)?.subject).toBe('Zahlungserinnerung');
  });

  it('keeps copies: changing the message after send does not change the record', async () => {
    const channel = createRecordingChannel('email');
    const mutable = JSON.parse(JSON.stringify(message)) as { subject: string } & OutgoingMessage;
    await channel.send(mutable, key);
    mutable.subject = 'changed';
    expect(channel.sent[0]?.subject).toBe('Zahlungserinnerung');
  });

  it('failWith rejects with a MahnwerkError adapter_failed carrying retryable; nothing is recorded as sent, so a retry can succeed', async () => {
    let down = true;
    const channel = createRecordingChannel('email', { failWith: (_m, attempt) => (down ? { retryable: true, message: `timeout on attempt ${attempt}` } : undefined) });
    const error = await channel.send(message, key).catch((e: unknown) => e);
    expect(MahnwerkError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'adapter_failed', retryable: true, message: 'timeout on attempt 1' });
    expect(channel.sent).toEqual([]);
    down = false;
    await expect(channel.send(message, key)).resolves.toEqual({ providerMessageId: 'email-1' });
    expect(channel.attempts.map((a) => a.outcome)).toEqual(['failed', 'sent']);

    const permanent = createRecordingChannel('letter', { failWith: { retryable: false } });
    await expect(permanent.send(message, key)).rejects.toMatchObject({ code: 'adapter_failed', retryable: false, message: expect.stringContaining('permanent failure') as unknown });
  });

  it('canReach by channel name: email needs an e-mail address, sms/whatsapp a phone, letter an address; others reach everyone', () => {
    const nameOnly = { name: 'N' };
    expect(createRecordingChannel('email').canReach(nameOnly)).toBe(false);
    expect(createRecordingChannel('email').canReach({ name: 'N', email: 'n@example.org' })).toBe(true);
    expect(createRecordingChannel('sms').canReach({ name: 'N', phone: '+4915100000000' })).toBe(true);
    expect(createRecordingChannel('whatsapp').canReach(nameOnly)).toBe(false);
    expect(createRecordingChannel('letter').canReach({ name: 'N', address: [] })).toBe(false);
    expect(createRecordingChannel('letter').canReach({ name: 'N', address: ['Weg 1', '12345 Ort'] })).toBe(true);
    expect(createRecordingChannel('webhook').canReach(nameOnly)).toBe(true);
    expect(createRecordingChannel('email', { canReach: true }).canReach(nameOnly)).toBe(true);
    expect(createRecordingChannel('email', { canReach: (to) => to.name.startsWith('A') }).canReach(nameOnly)).toBe(false);
  });

  it('reset() forgets everything, including which ids were delivered', async () => {
    const channel = createRecordingChannel('email');
    await channel.send(message, key);
    channel.reset();
    expect([channel.sent.length, channel.attempts.length]).toEqual([0, 0]);
    await expect(channel.send(message, key)).resolves.toEqual({ providerMessageId: 'email-1' });
  });
});

/** Channels that each break one promise of the port (and keep the others: a fired signal is still honoured). */
function broken(kind: string): Channel {
  let n = 0;
  const base = createRecordingChannel('email');
  const honour = (defect: Channel['send']): Channel['send'] => (m, o) => (o.signal?.aborted === true ? base.send(m, o) : defect(m, o));
  const byContent = new Map<string, string>();
  switch (kind) {
    case 'delivers-every-time':
      return { ...base, send: honour(() => Promise.resolve({ providerMessageId: `p-${++n}` })) };
    case 'same-provider-id':
      return { ...base, send: honour(() => Promise.resolve({ providerMessageId: 'p' })) };
    case 'empty-provider-id':
      return { ...base, send: honour(() => Promise.resolve({ providerMessageId: '' })) };
    case 'mutates-message':
      return { ...base, send: honour((m, o) => ((m as { text: string }).text = 'x', base.send(m, o))) };
    case 'dedups-by-content':
      return {
        ...base,
        send: honour((m) => {
          const k = `${m.subject}|${m.text}|${m.id}`;
          if (!byContent.has(k)) byContent.set(k, `p-${++n}`);
          return Promise.resolve({ providerMessageId: byContent.get(k) as string });
        }),
      };
    case 'ignores-length-limit':
      return { ...base, capabilities: { attachments: false, needsConsent: false, maxLength: 160 } };
    case 'ignores-consent':
      return { ...base, capabilities: { attachments: false, needsConsent: true } };
    case 'ignores-signal':
      return { ...base, send: (m, o) => base.send(m, { idempotencyKey: o.idempotencyKey }) };
    case 'undeclared-capabilities': {
      const { capabilities: _, ...rest } = base;
      return { ...rest, send: base.send, canReach: base.canReach, specificationVersion: 'v1', name: 'email' };
    }
    case 'throws-in-can-reach':
      return { ...base, canReach: (to) => { if (to.email === undefined) throw new Error('no email'); return true; } };
    case 'unversioned':
      return { ...base, specificationVersion: 'v0' as 'v1' };
    default:
      throw new Error(kind);
  }
}

describe('Channel conformance checks catch broken channels', () => {
  it.each([
    ['delivers-every-time', ['channel/idempotent-repeat', 'channel/idempotent-concurrent', 'channel/idempotent-key']],
    ['same-provider-id', ['channel/distinct-ids']],
    // every check that needs a successful send fails
    ['empty-provider-id', ['channel/send', 'channel/idempotent-repeat', 'channel/idempotent-concurrent', 'channel/distinct-ids', 'channel/idempotent-key', 'channel/length-limit', 'channel/consent', 'channel/abort-before', 'channel/abort-during']],
    ['mutates-message', ['channel/send', 'channel/idempotent-repeat', 'channel/idempotent-concurrent', 'channel/distinct-ids', 'channel/idempotent-key', 'channel/length-limit', 'channel/consent', 'channel/abort-before', 'channel/abort-during']],
    ['dedups-by-content', ['channel/idempotent-key']],
    ['ignores-length-limit', ['channel/length-limit']],
    ['ignores-consent', ['channel/consent']],
    ['ignores-signal', ['channel/abort-before']],
    ['undeclared-capabilities', ['channel/capabilities']],
    ['throws-in-can-reach', ['channel/can-reach']],
    ['unversioned', ['channel/specification-version']],
  ] as const)('a channel that %s fails %j', async (kind, failing) => {
    const report = await runConformance(channelChecks, { create: () => broken(kind) });
    expect(report.failed).toEqual(failing);
  });

  it('with a deliveries hook, a channel that sends despite a fired signal, or past its length limit, is caught by what the provider counted', async () => {
    const ignoring = createRecordingChannel('email');
    const sneaky: Channel = { ...ignoring, send: (m, o) => ignoring.send(m, { idempotencyKey: o.idempotencyKey }).then(() => Promise.reject(new MahnwerkError('adapter_failed', 'cancelled', { retryable: true }))) };
    const report = await runConformance(channelChecks, { create: () => sneaky, deliveries: (_c, id) => ignoring.deliveries(id) });
    expect(report.failed).toContain('channel/abort-before');
    expect(report.outcomes.find((o) => o.id === 'channel/abort-before')?.message).toContain('a send cancelled before it started: deliveries of message');
  });

  it('the sanitising check (with a received hook) catches a channel that writes the name into a header raw; the recording channel with sanitizeMessage passes', async () => {
    const raw = new Map<string, string>();
    const make = (clean: boolean): Channel => {
      const inner = createRecordingChannel('email');
      return {
        ...inner,
        send: (m, o) => {
          const msg = clean ? sanitizeMessage(m) : m;
          raw.set(o.idempotencyKey, `To: ${msg.to.name} <${msg.to.email ?? ''}>\r\nSubject: ${msg.subject}\r\n\r\n${msg.text}`);
          return inner.send(m, o);
        },
      };
    };
    const received = (_c: Channel, key: string): string => raw.get(key) ?? '';
    const dirty = await runConformance(channelChecks, { create: () => make(false), received });
    expect(dirty.failed).toEqual(['channel/sanitised']);
    expect(dirty.outcomes.find((o) => o.id === 'channel/sanitised')?.message).toContain('a header line injected through the name or subject reached the provider');
    const clean = await runConformance(channelChecks, { create: () => make(true), received });
    expect(clean.failed).toEqual([]);
  });

  it('the bounce check fails a channel that reports a refused recipient as a plain failure, and passes one that says bounced', async () => {
    const plain = await runConformance(channelChecks, { create: () => createRecordingChannel('email'), bouncing: () => createRecordingChannel('email', { failWith: { retryable: false } }) });
    expect(plain.failed).toEqual(['channel/bounce']);
    const bounce = await runConformance(channelChecks, { create: () => createRecordingChannel('email'), bouncing: () => createRecordingChannel('email', { failWith: { retryable: false, bounced: true } }) });
    expect(bounce.failed).toEqual([]);
  });

  it('a deliveries hook catches a channel that resolves with the same provider id but delivers again', async () => {
    const log: string[] = [];
    const sneaky: Channel = {
      specificationVersion: 'v1',
      name: 'email',
      capabilities: { attachments: false, needsConsent: false },
      canReach: () => true,
      send: (m, o) => {
        if (o.signal?.aborted === true) return Promise.reject(new MahnwerkError('adapter_failed', 'cancelled', { retryable: true }));
        log.push(m.id);
        return Promise.resolve({ providerMessageId: `p-${m.id}` });
      },
    };
    const without = await runConformance(channelChecks, { create: () => sneaky });
    expect(without.ok).toBe(true);
    const withHook = await runConformance(channelChecks, { create: () => sneaky, deliveries: (_c, id) => log.filter((x) => x === id).length });
    expect(withHook.failed).toEqual(['channel/idempotent-repeat', 'channel/idempotent-concurrent', 'channel/idempotent-key', 'channel/abort-during']);
    expect(withHook.outcomes.find((o) => o.id === 'channel/idempotent-repeat')?.message).toMatch(/two sends of the same id: deliveries of message ".*" counted by the subject's deliveries hook\n {2}expected: 1\n {2}found: {4}2/);
  });

  it('a failing channel must reject with MahnwerkError adapter_failed; a plain Error fails the check', async () => {
    const plain: Channel = { specificationVersion: 'v1', name: 'email', canReach: () => true, send: () => Promise.reject(new Error('smtp down')) };
    const report = await runConformance(channelChecks, { create: () => createRecordingChannel('email'), failing: () => plain });
    expect(report.failed).toEqual(['channel/failure']);
    expect(report.outcomes.find((o) => o.id === 'channel/failure')?.message).toContain("code 'adapter_failed', but it rejected with Error: smtp down (not a MahnwerkError)");
    const resolving = await runConformance(channelChecks, { create: () => createRecordingChannel('email'), failing: () => createRecordingChannel('email') });
    expect(resolving.failed).toEqual(['channel/failure']);
  });

  it('without a failing factory the failure check is reported as skipped, not passed', async () => {
    const report = await runConformance(channelChecks, { create: () => createRecordingChannel('email') });
    expect(report.outcomes.find((o) => o.id === 'channel/failure')).toMatchObject({ status: 'skipped', message: expect.stringContaining('failing') as unknown });
  });
});
