import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { computeCollectionCosts, FeeCapError, money } from '../../src/index.js';

// House rule "one path: a rule lives in one function and every caller goes through it". The article
// before a word in a message ("a simple case", "an uncontested case", "an object") is one rule:
// `withArticle` in errors/zod-issue.ts (by the word's first sound: "an uncontested", "a union").
// This guard reads packages/core/src and fails on a second rule: an "a"/"an" picked by hand in a
// conditional (`'an' : 'a'`, `'a' : 'an'`) or glued onto "a" in a template (`a${… 'n' …}`) anywhere
// but in zod-issue.ts. Before, collection-costs.ts wrote `a${kind === 'uncontested' ? 'n' : ''}` for
// the case of a FeeCapError, and policy/load.ts had a withArticle of its own (every vowel → "an").

const here = dirname(fileURLToPath(import.meta.url));
const srcDir = resolve(here, '..', '..', 'src');
const home = join('errors', 'zod-issue.ts');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

const byHand = [/['"]an?['"]\s*:\s*['"]an?['"]/, /`a\$\{[^`]*'n'/, /function\s+withArticle\b/];

describe('one rule for "a"/"an" in core messages (withArticle, errors/zod-issue.ts)', () => {
  it('no file of core but zod-issue.ts picks the article by hand', () => {
    const found: string[] = [];
    for (const file of sources(srcDir)) {
      const name = relative(srcDir, file).split(sep).join('/');
      if (relative(srcDir, file) === home) continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (byHand.some((re) => re.test(line))) found.push(`${name}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(found).toEqual([]);
  });

  // Nr. 2300 VV RVG Anm. (2) (mandates from 2021-10-01): simple case at most 0.5 (S. 2), uncontested
  // at most 0.9 without a reason (S. 1); Anm. (1): contested at most 1.3 without a reason. A rate above
  // the cap is a FeeCapError whose message names the case with its article — by the one rule.
  it('the FeeCapError of each collection case names it with its article: a simple, an uncontested, a contested case', () => {
    const cap = (kind: 'simple' | 'uncontested' | 'contested', factor: string): string => {
      try {
        computeCollectionCosts({ claim: money('1200.00', 'EUR'), mandateDate: '2025-07-01', case: kind, factor });
      } catch (error) {
        expect(error).toBeInstanceOf(FeeCapError);
        return (error as FeeCapError).message;
      }
      throw new Error(`no FeeCapError for ${kind} ${factor}`);
    };
    expect(cap('simple', '0.6')).toMatch(/^factor: 0\.6 is above the cap of 0\.5 for a simple case \(Nr\. 2300 VV RVG Anm\. \(2\) S\. 2\)/);
    expect(cap('uncontested', '1.0')).toMatch(/^factor: 1\.0 is above the cap of 0\.9 for an uncontested case \(Nr\. 2300 VV RVG Anm\. \(2\) S\. 1, 3\)/);
    expect(cap('contested', '1.5')).toMatch(/^factor: 1\.5 is above the cap of 1\.3 for a contested case \(Nr\. 2300 VV RVG Anm\. \(1\)\)/);
  });
});
