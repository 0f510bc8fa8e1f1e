import { describe, expect, it, vi } from 'vitest';
import { run } from './run.js';
import { helpActionTypes } from './support/help-types.js';

// One list, no drift (simulate-help-types.test.ts): the help reads core's scriptedActionTypes, so a
// core whose list differs — here one that no longer has `promise` and lists `hold` first — gets a
// help that says so. A help that wrote the types by hand still named `promise` in both places.
vi.mock('@mahnwerk/core', async (importOriginal) => {
  const core = await importOriginal<typeof import('@mahnwerk/core')>();
  return { ...core, scriptedActionTypes: ['hold', 'pay', 'pay-in-full', 'dispute', 'resolve-dispute', 'lift-hold', 'installment-plan', 'correct-facts'] };
});

describe('mahnwerk simulate --help follows core\'s list of scripted action types', () => {
  it('a core without promise, hold first: the help lists its types, in its order', async () => {
    const { flag, fields } = helpActionTypes((await run(['simulate', '--help'])).stdout);
    const core = ['hold', 'pay', 'pay-in-full', 'dispute', 'resolve-dispute', 'lift-hold', 'installment-plan', 'correct-facts'];
    expect(flag).toEqual(core);
    expect(fields).toEqual(core);
  });
});
