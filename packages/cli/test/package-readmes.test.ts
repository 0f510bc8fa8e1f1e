import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// A published package's README is its page on npm, where only the package's own files are: a
// relative link that leaves the package (`../../docs/guides/cli.md`, `../../README.md`) is dead
// there. The workspace names no public URL of the repository (no `repository` or `homepage` in the
// root package.json or README), so the READMEs name a document of the repository in words
// (`docs/guides/cli.md` of the mahnwerk repository) instead of linking it. Checked for every package
// under packages/ that is not private (each is published as @mahnwerk/*).

const packagesDir = new URL('../../', import.meta.url);
const published = readdirSync(packagesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .filter((name) => {
    try {
      return (JSON.parse(readFileSync(new URL(`${name}/package.json`, packagesDir), 'utf8')) as { private?: boolean }).private !== true;
    } catch {
      return false;
    }
  });

/** The targets of the Markdown links and images of a text that are neither absolute URLs nor anchors. */
const relativeLinks = (markdown: string): string[] =>
  [...markdown.matchAll(/\]\(([^)\s]+)[^)]*\)/gu)].map((m) => m[1] as string).filter((target) => !/^(?:[a-z][a-z0-9+.-]*:|#)/iu.test(target));

describe('the README of every published package links nothing outside the package (dead on npm)', () => {
  it('finds the published packages (so the check below cannot pass on none)', () => {
    expect(published).toEqual(expect.arrayContaining(['core', 'cli', 'templates', 'channel-letter', 'store-postgres', 'testing']));
  });

  it.each(published)('packages/%s/README.md: no relative link leaves the package', (name) => {
    const readme = readFileSync(new URL(`${name}/README.md`, packagesDir), 'utf8');
    expect(relativeLinks(readme).filter((target) => target.startsWith('../') || target.startsWith('/'))).toEqual([]);
  });
});
