// Where a quoted personal datum is masked (docs/gdpr.md "What is personal data here"; GDPR Art. 17:
// what `redactPersonalData` lets through lands in the hash chain, where it can never be erased, so
// masking too little is a privacy defect while masking too much only mangles a word). The rule: a
// name, an address line or a street is masked only where it STARTS a word (the character before it
// is not a Unicode letter or digit); its end is left open (genitive "Müllers", "Anna's"); an e-mail
// address or a phone number is masked wherever it occurs. Every expected text below was written by
// hand from that rule, character by character, not copied from the code's output.
import { describe, expect, it } from 'vitest';
import { personalDataRedactor, redactPersonalData, type ClaimEvent, type PersonalData } from '../../src/index.js';

/** An event whose free-text members are `note` and `reason.text`. */
function eventWith(note: string, text = 'Letzte Mahnung'): ClaimEvent {
  return { type: 'dispute-opened', claimId: 'INV-1', date: '2025-02-20', disputeId: 'DSP-1', note, reason: { rule: 'r', text } } as unknown as ClaimEvent;
}

/** The note as stored after redaction with `data`. */
function masked(data: PersonalData, note: string): string {
  return (personalDataRedactor(data)(eventWith(note, 'nothing personal')) as unknown as { note: string }).note;
}

describe('a name is masked only where it starts a word (the bug: "E M" inside "Letzte Mahnung")', () => {
  const em: PersonalData = { name: 'E M' };

  it('a debtor named "E M" leaves "Letzte Mahnung" as it is (it read "Letzt[personal data]ahnung"); the very event comes back', () => {
    // "Letzte Mahnung" holds "e M" at index 5, preceded by "t" (a letter): not the start of a word.
    const event = eventWith('Letzte Mahnung an den Schuldner', 'Letzte Mahnung');
    expect(personalDataRedactor(em)(event)).toBe(event);
    expect(redactPersonalData(event, em)).toBe(event);
  });

  it('"E M" quoted as a name is still masked: at the start, after a space, after punctuation, in any case', () => {
    expect(masked(em, 'E M rief an')).toBe('[personal data] rief an');
    expect(masked(em, 'Anruf von e m wegen Letzte Mahnung')).toBe('Anruf von [personal data] wegen Letzte Mahnung');
    expect(masked(em, 'Schuldner:E M')).toBe('Schuldner:[personal data]');
  });
});

describe('quotes that must still be masked (under-masking would put the datum into the chain for good)', () => {
  const anna: PersonalData = { name: 'Anna Müller', email: 'anna.mueller@example.org', phone: '+4915112345678' };

  it('the name at the start of the text', () => {
    expect(masked(anna, 'Anna Müller sagt, sie habe gezahlt')).toBe('[personal data] sagt, sie habe gezahlt');
  });

  it('the name after punctuation: parentheses, colon, quotation marks, slash, hyphen, underscore', () => {
    expect(masked(anna, '(Anna Müller)')).toBe('([personal data])');
    expect(masked(anna, 'Schuldnerin:Anna Müller')).toBe('Schuldnerin:[personal data]');
    expect(masked(anna, '„Anna Müller“')).toBe('„[personal data]“');
    expect(masked(anna, 'Kunde/Anna Müller')).toBe('Kunde/[personal data]');
    expect(masked(anna, 'Frau-Anna Müller')).toBe('Frau-[personal data]');
    expect(masked(anna, 'an_Anna Müller')).toBe('an_[personal data]');
  });

  it('the name in the genitive: the end of a name is left open ("Anna Müllers", "Anna Müller\'s")', () => {
    expect(masked(anna, 'Anna Müllers Bestellung')).toBe('[personal data]s Bestellung');
    expect(masked(anna, "Anna Müller's order")).toBe("[personal data]'s order");
    expect(masked({ name: 'Anna' }, "Anna's Brief")).toBe("[personal data]'s Brief");
  });

  it('case-insensitive: upper case, lower case, mixed', () => {
    expect(masked(anna, 'ANNA MÜLLER und anna müller und aNnA mÜlLeR')).toBe('[personal data] und [personal data] und [personal data]');
  });

  it('ſ (U+017F) for s and the Kelvin sign (U+212A) for k, as iu folds them (see foldAscii), at the start of a word', () => {
    // "Kurt Weiss" quoted as "\u212Aurt Weiſſ": K → Kelvin sign, both s → ſ; iu matches them, and
    // the prefilter folds them the same way (toLowerCase: U+212A → k; ſ → s).
    expect(masked({ name: 'Kurt Weiss' }, 'Herr \u212Aurt Wei\u017F\u017F rief an')).toBe('Herr [personal data] rief an');
    // ſ and the Kelvin sign are letters: one just before the name means it does not start a word.
    expect(masked({ name: 'Kurt Weiss' }, 'x\u212Aurt Weiss')).toBe('x\u212Aurt Weiss');
  });

  it('the e-mail address in angle brackets, after mailto:, in any case, and wherever it occurs (it is no word)', () => {
    expect(masked(anna, '550 5.1.1 <anna.mueller@example.org>: user unknown')).toBe('550 5.1.1 <[personal data]>: user unknown');
    expect(masked(anna, 'mailto:ANNA.MUELLER@EXAMPLE.ORG')).toBe('mailto:[personal data]');
    // A longer address ending in hers is masked as far as hers goes (too much is cosmetic).
    expect(masked(anna, 'to xanna.mueller@example.org')).toBe('to x[personal data]');
  });

  it('the phone number after "Tel.:", after a space, and directly after a letter (its "+" starts no word)', () => {
    expect(masked(anna, 'Tel.:+4915112345678')).toBe('Tel.:[personal data]');
    expect(masked(anna, 'SMS an +4915112345678 abgelehnt')).toBe('SMS an [personal data] abgelehnt');
    expect(masked(anna, 'Tel+4915112345678')).toBe('Tel[personal data]');
  });

  it('a phone number without "+" (redactPersonalData takes any data) is masked inside a longer number too', () => {
    expect(masked({ name: 'X Y Z', phone: '015112345678' }, 'Nr. 49015112345678')).toBe('Nr. 49[personal data]');
  });
});

describe('addresses: a line or street is masked where it starts a word', () => {
  const data: PersonalData = { name: 'Erika Mustermann', address: ['Heidestraße 17', '51147 Köln'], postalAddress: { street: 'Hof', houseNumber: '2', postalCode: '51147', city: 'Köln', country: 'DE' } };

  it('an address line after a comma or at the start; a line beginning with a digit after a hyphen', () => {
    expect(masked(data, 'Heidestraße 17, 51147 Köln')).toBe('[personal data], [personal data]');
    expect(masked(data, 'PLZ D-51147 Köln')).toBe('PLZ D-[personal data]');
  });

  it('a street that is part of another word ("Hof" in "Bahnhof") is left; "Hof 2" and "Hofes" are masked', () => {
    expect(masked(data, 'am Bahnhof abgegeben')).toBe('am Bahnhof abgegeben');
    expect(masked(data, 'Hof 2 unbekannt, Tor des Hofes')).toBe('[personal data] unbekannt, Tor des [personal data]es');
  });
});

describe('a name that is a common word is masked as a word (decided: masking too much is cosmetic)', () => {
  // A debtor named "Post" or "Mahn": the redactor cannot tell the word from the name, and leaving
  // the word would leave the name. The end stays open (for the genitive), so a word that begins
  // with the name is masked as far as the name goes.
  it('"Post": "Die Post" and "Postleitzahl" are masked; "Kompost" is not', () => {
    expect(masked({ name: 'Post' }, 'Die Post stellte nicht zu (Postleitzahl falsch), Kompost')).toBe('Die [personal data] stellte nicht zu ([personal data]leitzahl falsch), Kompost');
  });

  it('"Mahn": "Mahnung" is masked as far as "Mahn"; "Letzte" before it is not touched', () => {
    expect(masked({ name: 'Mahn' }, 'Letzte Mahnung an Herrn Mahn')).toBe('Letzte [personal data]ung an Herrn [personal data]');
  });
});
