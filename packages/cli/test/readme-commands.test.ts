import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { run } from './run.js';

// What a stranger reads before typing a command: the root README's "The CLI" table is the list of
// commands the repository's front page promises. `mahnwerk --help` is the list the CLI has. Every
// command of the one must be in the other — the table once lacked `verify`, `amend` and `portal`,
// so a reader of the README never learned that the audit trail can be checked from the command
// line (docs/gdpr.md), how a hand-over blocked for want of § 13a Abs. 1 Nr. 2 RDG facts is
// unblocked, or that the debtor portal can be tried locally.

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

/** The first word after `mahnwerk` in each row of the README's "## The CLI" table. */
function readmeTableCommands(markdown: string): string[] {
  const section = /^## The CLI\n([\s\S]*?)(?=^## )/m.exec(markdown)?.[1] ?? '';
  return [...section.matchAll(/^\| `mahnwerk ([a-z-]+)[^`]*` \|/gm)].map((m) => m[1] as string);
}

/** The command names `mahnwerk --help` lists under "Commands:". */
function helpCommands(help: string): string[] {
  const block = help.split('Commands:\n')[1]?.split('\n\n')[0] ?? '';
  return block.split('\n').map((line) => /^ {2}([a-z-]+) /.exec(line)?.[1]).filter((name): name is string => name !== undefined);
}

describe('README.md "The CLI": one row per command of `mahnwerk --help`', () => {
  it('the parsers find the lists (so the check below cannot pass on two empty lists)', async () => {
    const listed = helpCommands((await run(['--help'])).stdout);
    expect(listed.length).toBeGreaterThan(15);
    expect(listed).toContain('interest');
    expect(readmeTableCommands(readme)).toContain('interest');
  });

  it('every command the CLI lists has a row in the README table, and the table names no other', async () => {
    const listed = helpCommands((await run(['--help'])).stdout);
    const table = readmeTableCommands(readme);
    expect(listed.filter((name) => !table.includes(name))).toEqual([]);
    expect(table.filter((name) => !listed.includes(name))).toEqual([]);
  });
});
