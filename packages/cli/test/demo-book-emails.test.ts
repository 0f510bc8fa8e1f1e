import { describe, expect, it } from 'vitest';
import { makeDemoBook } from '../src/demo-book.js';

// The demo's e-mail addresses as a debtor reads them in the To: line of the reminder (mahnwerk-demo/
// <claim>/…-reminder-email.eml). They were made by decomposing the name (NFD) and turning every
// character outside a–z into a dot — the umlaut's combining diaeresis too, so "Müller" became
// "mu.ller" and "UG (haftungsbeschränkt)" "haftungsbeschra.nkt". They are now made as
// `mahnwerk generate` makes its book's (@mahnwerk/testing's nameSlug: ß → ss, marks dropped).

const book = makeDemoBook({ start: '2025-01-02', size: 200, seed: 42 });

describe('mahnwerk demo: debtor e-mail addresses', () => {
  it('by hand: "Jonas Müller" → jonas.muller@example.org, "Hanse Handel UG (haftungsbeschränkt)" → hanse.handel.ug.haftungsbeschrankt@example.org', () => {
    const emailOf = (name: string) => book.claims.find((c) => c.debtor.name === name)?.debtor.email;
    expect(emailOf('Jonas Müller')).toBe('jonas.muller@example.org');
    expect(emailOf('Hanse Handel UG (haftungsbeschränkt)')).toBe('hanse.handel.ug.haftungsbeschrankt@example.org');
  });

  it('every address is the words of the name, one dot-separated part per word (none split at an umlaut), in a–z and 0–9', () => {
    const parts = (email: string | undefined) => (email ?? '').replace(/@example\.org$/, '').split('.');
    const words = (name: string) => name.split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
    for (const claim of book.claims) expect(claim.debtor.email).toMatch(/^[a-z0-9]+(\.[a-z0-9]+)*@example\.org$/);
    const split = book.claims.filter((c) => parts(c.debtor.email).length !== words(c.debtor.name).length);
    expect(split.map((c) => `${c.debtor.name} → ${c.debtor.email}`)).toEqual([]);
  });
});
