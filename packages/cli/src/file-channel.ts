import type { Channel, OutgoingMessage } from '@mahnwerk/core';
import { UsageError, type CliIo } from './io.js';

/** A message id as a file name: characters other than letters, digits, `.`, `_` and `-` become `_`. @internal */
export function messageFileName(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]/g, '_');
}

/** The text file a message is written as: a few header lines, a blank line, the text. @internal */
export function messageFile(message: OutgoingMessage): string {
  const to = [message.to.name, message.to.email && `<${message.to.email}>`, message.to.phone].filter(Boolean).join(' ');
  const head = [
    `Message-Id: ${message.id}`,
    `Claim: ${message.claimId}`,
    `Channel: ${message.channel}`,
    ...(message.stage === undefined ? [] : [`Stage: ${message.stage}`]),
    ...(message.date === undefined ? [] : [`Date: ${message.date}`]),
    `To: ${to}`,
    ...(message.to.address === undefined ? [] : message.to.address.map((l) => `Address: ${l}`)),
    `Subject: ${message.subject}`,
  ];
  return `${head.join('\n')}\n\n${message.text}${message.text.endsWith('\n') ? '' : '\n'}`;
}

/**
 * Stand-ins for real channels: each `send` writes the message into `dir` as `<message id>.txt`
 * (attachments beside it as `<message id>-<file name>`) and reports it accepted. Writing the same
 * message id again writes the same file, so a retry with the same idempotency key changes nothing.
 * They reach every debtor (a letter needs no address check here: nothing is posted).
 *
 * @param dir - the directory
 * @param names - the channel names to stand in for, e.g. `email`, `letter`
 * @param io - the CLI's file writers
 * @returns one channel per name
 * @throws UsageError when the CLI cannot write files
 */
export function fileChannels(dir: string, names: readonly string[], io: Pick<CliIo, 'writeFile' | 'writeBinaryFile'>): Channel[] {
  const { writeFile, writeBinaryFile } = io;
  if (writeFile === undefined) throw new UsageError('channels.file: this host cannot write files; remove the file channel from the config.');
  return names.map(
    (name): Channel => ({
      specificationVersion: 'v1',
      name,
      capabilities: { attachments: writeBinaryFile !== undefined, needsConsent: false },
      canReach: () => true,
      async send(message) {
        const base = `${dir}/${messageFileName(message.id)}`;
        await writeFile(`${base}.txt`, messageFile(message));
        for (const a of message.attachments ?? []) await writeBinaryFile?.(`${base}-${messageFileName(a.filename)}`, a.content);
        return { providerMessageId: `file:${base}.txt` };
      },
    }),
  );
}
