import { policyStagesFor, type PolicySpec } from '@mahnwerk/core';
import type { MahnwerkConfig } from './config.js';
import { UsageError } from './io.js';

/**
 * The channels the config gives the engine: those the file channel (`channels.file.channels`)
 * stands in for, or none. What `hostEngineOptions` builds the channels from.
 *
 * @internal
 */
export function configuredChannels(config: MahnwerkConfig): readonly string[] {
  return config.channels.file?.channels ?? [];
}

/**
 * The channels the config's policy sends on (for both debtor kinds) whose message could go out on
 * neither the channel nor its fallback with the configured channels, in the policy's order: each
 * such message would be given up on at once (`no channel "…" is configured`, not retried) while the
 * stage that queued it — its fees included — is recorded.
 *
 * @internal
 */
export function unsendableChannels(config: MahnwerkConfig): string[] {
  const have = new Set(configuredChannels(config));
  const missing = new Set<string>();
  for (const kind of ['consumer', 'business'] as const) {
    for (const stage of policyStagesFor(config.policy as PolicySpec, kind)) {
      for (const action of stage.actions) {
        if (action.type !== 'send' || have.has(action.channel)) continue;
        if (action.fallbackChannel !== undefined && have.has(action.fallbackChannel)) continue;
        missing.add(action.channel);
      }
    }
  }
  return [...missing];
}

/**
 * Refuses `mahnwerk run` before anything is decided when a message of the config's policy could go
 * out on no configured channel (`run` asks when at least one claim is due: a run with nothing to
 * decide sends nothing) (see {@link unsendableChannels}): deciding would record the stages and
 * their costs and then fail every such message for good. The message names the config field to set
 * (`channels.file`, or `channels.file.channels` when a file channel stands in for other channels).
 *
 * @param config - the settings
 * @param file - the config file they came from (undefined: the defaults, read from `mahnwerk.config.json`)
 * @throws UsageError naming the field, the channels missing and what to write
 * @internal
 */
export function checkRunChannels(config: MahnwerkConfig, file: string | undefined): void {
  const missing = unsendableChannels(config);
  if (missing.length === 0) return;
  const where = file ?? 'mahnwerk.config.json';
  const names = missing.map((c) => `"${c}"`).join(', ');
  const fileChannel = config.channels.file;
  if (fileChannel === undefined) {
    throw new UsageError(
      `${where}: channels.file: no channel is configured, and the policy "${config.policy}" sends by ${names}: every message of the run would fail and not be retried, while its stage and costs are recorded. Set "channels": { "file": { "dir": "./outbox" } } in ${where} (each message is written into a file there), or configure the real channel; nothing was decided.`,
    );
  }
  throw new UsageError(
    `${where}: channels.file.channels: the file channel stands in for ${fileChannel.channels.map((c) => `"${c}"`).join(', ')} only, and the policy "${config.policy}" sends by ${names} with no configured fallback: those messages would fail and not be retried, while their stage and costs are recorded. Add ${names} to "channels.file.channels" in ${where}; nothing was decided.`,
  );
}
