import { afterEach, describe, expect, it, vi } from 'vitest';

// The example runs as it stands (CI runs every example): it prints the default, the interest
// periods, the collection costs and the allocation. The first line is checked by hand: the due
// date 2025-03-03 was agreed as a calendar date (dueDateAgreed), so default begins the next day without a Mahnung
// (§ 286 Abs. 2 Nr. 1 BGB), before the 30 days of § 286 Abs. 3 BGB would run out.

afterEach(() => {
  vi.restoreAllMocks();
});

describe('examples/calculator', () => {
  it('runs and prints the day default began and the allocation of the 500.00 payment', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((text: unknown) => {
      lines.push(String(text));
    });
    await import('../src/main.js');
    expect(lines[0]).toMatch(/^Default from 2025-03-04 \(§ 286 Abs\. 2 Nr\. 1 BGB/);
    expect(lines.some((l) => /^Interest: \d+\.\d{2} EUR$/.test(l))).toBe(true);
    expect(lines.at(-1)).toMatch(/^RE-1: costs \d+\.\d{2}, interest \d+\.\d{2}, principal \d+\.\d{2}$/);
  }, 60_000);
});
