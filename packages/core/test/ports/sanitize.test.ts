import { describe, expect, it } from 'vitest';
import { hasUnsafeCharacters, sanitizeBody, sanitizeLine, sanitizeMessage, sanitizeRecipient, type OutgoingMessage } from '../../src/index.js';

// The Channel port promises adapters sanitised names and addresses: no control or bidi-formatting
// character reaches them (header injection via CR/LF, RFC 5322 § 2.2; "Trojan Source", CVE-2021-42574).
describe('sanitizeLine: one safe line for any channel', () => {
  it('CR LF in a name become a space, so "Anna\\r\\nBcc: …" cannot start a header line', () => {
    expect(sanitizeLine('Anna\r\nBcc: victim@example.org')).toBe('Anna Bcc: victim@example.org');
    expect(sanitizeLine('Anna\nTo: x')).toBe('Anna To: x');
  });

  it('removes every C0 and C1 control, DEL, U+2028/U+2029 and the bidi controls (LRM, RLM, ALM, U+202A–U+202E, U+2066–U+2069)', () => {
    const bidi = ['\u200e', '\u200f', '\u061c', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'];
    const controls = [...Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)), '\u007f', ...Array.from({ length: 32 }, (_, i) => String.fromCharCode(0x80 + i)), '\u2028', '\u2029'];
    for (const c of [...bidi, ...controls]) {
      const out = sanitizeLine(`Erika${c}Muster`);
      expect(out, `U+${c.charCodeAt(0).toString(16).padStart(4, '0')}`).toBe('Erika Muster');
      expect(hasUnsafeCharacters(out)).toBe(false);
    }
  });

  it('a right-to-left override cannot turn "Rechnung\\u202Efdp.exe" around; umlauts, ß and € stay', () => {
    expect(sanitizeLine('Rechnung\u202Efdp.exe')).toBe('Rechnung fdp.exe');
    expect(sanitizeLine('  Jürgen   Weiß – 1.000 € ')).toBe('Jürgen Weiß – 1.000 €');
    expect(hasUnsafeCharacters('Jürgen Weiß €')).toBe(false);
    expect(hasUnsafeCharacters('a\u202eb')).toBe(true);
  });
});

describe('sanitizeBody: bodies keep their lines', () => {
  it('CRLF and CR become LF, tab and LF stay, other controls and bidi overrides go', () => {
    expect(sanitizeBody('Zeile 1\r\nZeile 2\rZeile 3\n\tEinzug\u0007\u202e!')).toBe('Zeile 1\nZeile 2\nZeile 3\n\tEinzug!');
  });
});

describe('sanitizeRecipient: unusable addresses are dropped with the reason', () => {
  it('an e-mail address carrying a header or a second address is dropped, so the channel is skipped, not trusted', () => {
    for (const email of ['anna@example.org\r\nBcc: x@evil.example', 'anna@example.org, x@evil.example', '"Anna" <anna@example.org>', 'anna example.org']) {
      const { recipient, dropped } = sanitizeRecipient({ name: 'Anna', email });
      expect(recipient.email, email).toBeUndefined();
      expect(dropped).toEqual([{ field: 'email', reason: expect.stringContaining('not one plain address') as unknown }]);
    }
    expect(sanitizeRecipient({ name: 'Anna', email: ' anna.b+mahn@example.co.uk ' }).recipient.email).toBe('anna.b+mahn@example.co.uk');
  });

  it('phone numbers: spaces, dashes and parentheses are removed; what is left must be E.164 (+, at most 15 digits)', () => {
    expect(sanitizeRecipient({ name: 'A', phone: '+49 (151) 123-456 78' }).recipient.phone).toBe('+4915112345678');
    expect(sanitizeRecipient({ name: 'A', phone: '0151 12345678' }).dropped[0]?.field).toBe('phone');
    expect(sanitizeRecipient({ name: 'A', phone: '+4915112345678\n' }).recipient.phone).toBe('+4915112345678');
    expect(sanitizeRecipient({ name: 'A', phone: '+49151123456789012' }).dropped[0]?.field).toBe('phone');
  });

  it('address lines are sanitised, empty lines removed; an address of only empty lines is dropped', () => {
    expect(sanitizeRecipient({ name: 'A', address: ['Heidestraße 17\r\n', '', '51147 Köln\u202e'] }).recipient.address).toEqual(['Heidestraße 17', '51147 Köln']);
    expect(sanitizeRecipient({ name: 'A', address: ['  ', '\n'] })).toEqual({ recipient: { name: 'A' }, dropped: [{ field: 'address', reason: 'the postal address has no non-empty line' }] });
  });

  it('each field of a structured postal address is one safe line; an empty optional field is left out, a postal address without street, postal code, city or country is dropped', () => {
    const postalAddress = { street: 'Heide\r\nstraße', houseNumber: '17\u202e', addressLine2: ' \n ', postalCode: '51147', city: 'Köln\t', country: 'DE' };
    expect(sanitizeRecipient({ name: 'A', postalAddress }).recipient).toEqual({
      name: 'A',
      postalAddress: { street: 'Heide straße', houseNumber: '17', postalCode: '51147', city: 'Köln', country: 'DE' },
    });
    expect(sanitizeRecipient({ name: 'A', postalAddress: { ...postalAddress, city: '\u202e' } })).toEqual({
      recipient: { name: 'A' },
      dropped: [{ field: 'postalAddress', reason: 'the postal address has no city' }],
    });
  });
});

describe('sanitizeMessage', () => {
  it('sanitises recipient, subject, bodies (text, html, letter body) and attachment names, and leaves the given message unchanged', () => {
    const message: OutgoingMessage = Object.freeze({
      id: 'm1',
      claimId: 'c1',
      channel: 'email',
      to: { name: 'Anna\r\nBcc: x@evil.example', email: 'anna@example.org' },
      subject: 'Mahnung\r\nBcc: x@evil.example',
      text: 'a\r\nb',
      html: '<p>a</p>\r\n',
      letterBody: 'Guten Tag\r\n\u202eAnna,\r\nc',
      locale: 'de',
      attachments: [{ filename: '../../etc/passwd\n.pdf', contentType: 'application/pdf\r\nX: y', content: new Uint8Array([37]) }],
    });
    const out = sanitizeMessage(message);
    expect(out.to).toEqual({ name: 'Anna Bcc: x@evil.example', email: 'anna@example.org' });
    expect(out.subject).toBe('Mahnung Bcc: x@evil.example');
    expect([out.text, out.html, out.letterBody]).toEqual(['a\nb', '<p>a</p>\n', 'Guten Tag\nAnna,\nc']);
    expect(out.attachments?.[0]).toMatchObject({ filename: '.._.._etc_passwd .pdf', contentType: 'application/pdf X: y' });
    expect(message.to.name).toBe('Anna\r\nBcc: x@evil.example');
  });

  it('each label and value of the letter head is one safe line (a CR LF or tab cannot add an item or a column); an item left empty by that is dropped', () => {
    const message: OutgoingMessage = Object.freeze({
      id: 'm1',
      claimId: 'c1',
      channel: 'letter',
      to: { name: 'Anna', address: ['Heidestraße 17', '51147 Köln'] },
      subject: 'Mahnung',
      text: 'a',
      letterBody: 'a',
      letterHead: [
        { label: 'Kunden\tnummer', value: 'K-4711\r\nVertragskonto\t55\u202e' },
        { label: '\u202e', value: 'x' },
        { label: 'Leer', value: ' \n ' },
      ],
      locale: 'de',
    });
    expect(sanitizeMessage(message).letterHead).toEqual([{ label: 'Kunden nummer', value: 'K-4711 Vertragskonto 55' }]);
    expect(message.letterHead?.[0]?.value).toBe('K-4711\r\nVertragskonto\t55\u202e');
    // An empty head stays an empty head (the renderer says it has no items); none stays none.
    expect(sanitizeMessage({ ...message, letterHead: [] }).letterHead).toEqual([]);
    const { letterHead: _h, ...withoutHead } = message;
    expect('letterHead' in sanitizeMessage(withoutHead)).toBe(false);
  });

  it('every text of the statement table is one safe line, so a tab or line break in a description or label stays in its cell; null and absent stay so', () => {
    const message: OutgoingMessage = Object.freeze({
      id: 'm1',
      claimId: 'c1',
      channel: 'letter',
      to: { name: 'Anna', address: ['Heidestraße 17', '51147 Köln'] },
      subject: 'Mahnung',
      text: 'a',
      letterBody: 'a\n\n[statement]',
      letterStatement: {
        caption: 'Forderungs\naufstellung',
        rows: [
          { description: 'Mahn\tkosten', basis: '§ 288\r\nAbs. 1 BGB', amount: '1,50 €' },
          { description: 'Strom\nund Gas\u202e', basis: '', amount: '100,00 €' },
        ],
        totals: [{ label: 'Gesamt\tbetrag', amount: '101,50 €' }],
      },
      locale: 'de',
    });
    // The rows and sums stay (none is dropped, an empty basis stays empty: the figures must still add up).
    expect(sanitizeMessage(message).letterStatement).toEqual({
      caption: 'Forderungs aufstellung',
      rows: [
        { description: 'Mahn kosten', basis: '§ 288 Abs. 1 BGB', amount: '1,50 €' },
        { description: 'Strom und Gas', basis: '', amount: '100,00 €' },
      ],
      totals: [{ label: 'Gesamt betrag', amount: '101,50 €' }],
    });
    expect(message.letterStatement?.rows[0]?.description).toBe('Mahn\tkosten');
    expect(sanitizeMessage({ ...message, letterStatement: null }).letterStatement).toBeNull();
    const { letterStatement: _s, ...without } = message;
    expect('letterStatement' in sanitizeMessage(without)).toBe(false);
  });

  it('the payment reference and link are one safe line each; amount and currency stay', () => {
    const message: OutgoingMessage = Object.freeze({
      id: 'm1',
      claimId: 'c1',
      channel: 'letter',
      to: { name: 'Anna', address: ['Heidestraße 17', '51147 Köln'] },
      subject: 'Mahnung',
      text: 'a',
      locale: 'de',
      payment: { amount: '1006.68', currency: 'EUR', reference: 'RE-1\r\n\u202e2', link: 'https://pay.example/c/1\n' },
    });
    expect(sanitizeMessage(message).payment).toEqual({ amount: '1006.68', currency: 'EUR', reference: 'RE-1 2', link: 'https://pay.example/c/1' });
  });
});
