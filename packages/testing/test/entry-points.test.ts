import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as conformance from '../src/conformance/index.js';
import * as doubles from '../src/doubles.js';
import * as testing from '../src/index.js';
import * as vitestEntry from '../src/vitest.js';

const src = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');

/** Every module specifier a source file imports or re-exports (type-only imports included). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)\s[^;]*?from\s+'([^']+)'/g)].map((m) => m[1] as string);
}

/** The packages a module reaches through its relative imports. */
function packagesReached(entry: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of importsOf(file)) {
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else packages.add(spec);
    }
  };
  visit(join(src, entry));
  return packages;
}

describe('entry points', () => {
  it('@mahnwerk/testing, /doubles and /conformance work without vitest: nothing they reach imports vitest', () => {
    // @noble/hashes signs the recording payment provider's webhooks (HMAC-SHA256; no node built-ins).
    const noble = ['@noble/hashes/hmac.js', '@noble/hashes/sha2.js', '@noble/hashes/utils.js'];
    expect([...packagesReached('index.ts')].sort()).toEqual(['@mahnwerk/core', ...noble].sort());
    expect([...packagesReached('doubles.ts')].sort()).toEqual(['@mahnwerk/core', ...noble].sort());
    expect([...packagesReached('conformance/index.ts')]).toEqual(['@mahnwerk/core']);
    expect([...packagesReached('vitest.ts')].sort()).toEqual(['@mahnwerk/core', 'vitest']);
  });

  it('the main entry is the doubles and the conformance checks; /vitest holds the suites, the matchers and describePostgres', () => {
    expect(Object.keys(conformance).sort()).toEqual(['ConformanceFailure', 'channelChecks', 'claimStoreChecks', 'paymentProviderChecks', 'paymentWebhookChecks', 'runConformance']);
    expect(Object.keys(testing).sort()).toEqual([...Object.keys(doubles), ...Object.keys(conformance)].sort());
    expect(Object.keys(vitestEntry).sort()).toEqual(
      ['describePostgres', 'installMatchers', 'mahnwerkMatchers', 'testChannel', 'testClaimStore', 'testPaymentProvider', 'timelineEvents'].sort(),
    );
    expect(Object.keys(doubles).sort()).toEqual(
      ['createMemoryClaimStore', 'createRandom', 'createRecordingChannel', 'createRecordingPaymentProvider', 'createVirtualClock', 'fixtures', 'makeBook', 'mulberry32', 'nameSlug', 'recordingSignatureHeader', 'runBookOnHost'].sort(),
    );
  });

  it('no source module uses the system clock or Math.random outside the places that need them', () => {
    for (const [file, allowed] of [
      ['memory-claim-store.ts', false],
      ['virtual-clock.ts', false],
      ['book.ts', false],
      ['fixtures.ts', false],
      ['random.ts', false],
      ['host-driver.ts', false],
    ] as const) {
      const text = readFileSync(join(src, file), 'utf8');
      expect(/Math\.random|new Date\(|Date\.now/.test(text), file).toBe(allowed);
    }
  });
});
