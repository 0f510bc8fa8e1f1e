#!/usr/bin/env node
import { closeSync, createReadStream, mkdirSync, openSync, writeSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { runCli } from './cli.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const code = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin,
  readFile: (path) => readFile(path, 'utf8'),
  writeFile: async (path, text) => {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text, 'utf8');
  },
  writeBinaryFile: async (path, bytes) => {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, bytes);
  },
  ...(process.stderr.isTTY ? { progressStream: process.stderr } : {}),
  readFileStream: (path) => createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 }) as AsyncIterable<string>,
  openFileWriter: (path) => {
    mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(path, 'w');
    // Pieces are gathered into ~1 MB writes; writeSync keeps them in order while the run goes on.
    let buffer: string[] = [];
    let size = 0;
    const flush = (): void => {
      if (size === 0) return;
      writeSync(fd, buffer.join(''));
      buffer = [];
      size = 0;
    };
    return {
      write: (text) => {
        buffer.push(text);
        size += text.length;
        if (size >= 1 << 20) flush();
      },
      close: async () => {
        flush();
        closeSync(fd);
      },
    };
  },
});
process.exitCode = code;
