import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '@mahnwerk/cli';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain ESM script without declarations
import { blocks, generatedDir, guides } from '../extract.mjs';

// Every TypeScript block of docs/guides runs here as a module (the `// test` blocks run as their
// own test files), and every `npx mahnwerk` line of the guides runs through the CLI. A guide whose
// code throws, or a command that exits non-zero, fails the build of the docs.

const modules = (readdirSync(generatedDir) as string[]).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).sort();

describe('guide code blocks run', () => {
  it('the guides have code to run', () => {
    expect(modules.length).toBeGreaterThan(5);
  });
  for (const file of modules) {
    it(file, async () => {
      await import(join(generatedDir, file));
    }, 60_000);
  }
});

describe('guide CLI lines run', () => {
  const all = guides() as { file: string; text: string }[];
  for (const { file, text } of all) {
    const json = blocks(text, 'json') as string[];
    // cli.md: the three JSON blocks are the claims.json, payments.json and script.json its commands read.
    const files: Record<string, string> = { 'claims.json': json[0] ?? '', 'payments.json': json[1] ?? '', 'script.json': json[2] ?? '' };
    const lines = (blocks(text, 'sh') as string[]).flatMap((b) => b.split('\n')).filter((l) => l.startsWith('npx mahnwerk '));
    for (const line of lines) {
      it(`${file}: ${line}`, async () => {
        let stderr = '';
        const args = line.replace(/^npx mahnwerk /, '').split(/\s+/);
        const code = await runCli(args, {
          stdout: () => undefined,
          stderr: (t) => {
            stderr += t;
          },
          readStdin: async () => '',
          readFile: async (path) => {
            const text = files[path];
            if (text === undefined || text === '') throw new Error(`ENOENT: ${path}`);
            return text;
          },
        });
        // demo reports its progress on stderr; a failure would be exit 2 with its one-line reason.
        expect(code, stderr).toBe(0);
      }, 120_000);
    }
  }
});
