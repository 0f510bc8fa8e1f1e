import { describe, expect, it } from 'vitest';
import { renderMessage, stripControlCharacters } from '../src/index.js';
import { handoverData, letterData } from './fixtures.js';

const attack = '<script>alert("x")</script>';

describe('HTML output escapes every string supplied by debtor or creditor', () => {
  const data = letterData({
    debtor: { name: `Max ${attack} Mustermann`, kind: 'consumer', addressLines: ['Lindenallee 7 <img src=x onerror=alert(1)>', '50968 Köln'], customerNumber: '"><b>' },
    creditor: { ...letterData().creditor, name: 'Stadtwerke <b>&</b> Co', signature: "O'Neil & Söhne" },
    claim: { ...letterData().claim, reference: 'RE-<1>', subject: '<i>Strom</i>' },
  });

  for (const channel of ['letter', 'email'] as const) {
    it(`${channel}: no raw tag from the data reaches the HTML`, () => {
      const { html, text, subject } = renderMessage('dunning-notice', channel, data);
      expect(html).not.toContain('<script>');
      expect(html).not.toContain('<img');
      expect(html).not.toContain('<b>');
      expect(html).not.toContain('<i>Strom');
      expect(html).toContain('Max &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Mustermann');
      expect(html).toContain('Stadtwerke &lt;b&gt;&amp;&lt;/b&gt; Co');
      expect(html).toContain('O&#x27;Neil &amp; Söhne');
      expect(html).toContain('RE-&lt;1&gt;');
      // Plain text is not escaped: the reader sees what was supplied.
      expect(text).toContain(`Max ${attack} Mustermann`);
      expect(subject).toContain('RE-<1>');
    });
  }

  it('escapes the § 13a block and statement labels of the handover letter too', () => {
    const base = handoverData();
    const data = handoverData({
      inkasso: { ...base.inkasso, client: { name: '<script>Client</script>', addressLines: ['<x>'] } },
      statement: { ...base.statement, lines: base.statement.lines.map((l, i) => (i === 0 ? { ...l, label: '<u>Hauptforderung</u>', basis: '<s>§</s>' } : l)) },
    });
    const { html } = renderMessage('handover-inkasso', 'letter', data);
    expect(html).not.toMatch(/<script>|<u>|<s>|<x>/);
    expect(html).toContain('&lt;script&gt;Client&lt;/script&gt;');
    expect(html).toContain('&lt;u&gt;Hauptforderung&lt;/u&gt;');
  });

  it('accepts only http(s) payment links (no javascript: URLs in href)', () => {
    expect(() => renderMessage('reminder', 'email', letterData({ paymentLink: 'javascript:alert(1)' }))).toThrow(/paymentLink/);
    expect(() => renderMessage('reminder', 'email', letterData({ paymentLink: 'https://pay.example/x" onclick="y' }))).toThrow(/paymentLink/);
    const { html } = renderMessage('reminder', 'email', letterData({ paymentLink: 'https://pay.example/p?a=1&b=2' }));
    expect(html).toContain('href="https://pay.example/p?a&#x3D;1&amp;b&#x3D;2"');
  });
});

describe('control characters are stripped from supplied strings', () => {
  it('removes C0/C1 controls and bidi overrides; line breaks in a field become a space', () => {
    expect(stripControlCharacters('Max\u0000 Muster\u0007mann')).toBe('Max Mustermann');
    expect(stripControlCharacters('Max\nMustermann\r\n')).toBe('Max Mustermann');
    expect(stripControlCharacters('\u202eevil\u202c name\u0085')).toBe('evil name');
  });

  it('in text and HTML output', () => {
    const data = letterData({
      debtor: { name: 'Max\u0000\u001b[31m Mustermann\u202e', kind: 'consumer', addressLines: ['Linden\nallee 7', '50968\tKöln'] },
      claim: { ...letterData().claim, reference: 'RE-2025-004711\u0007' },
    });
    const { text, html, subject } = renderMessage('reminder', 'letter', data);
    // eslint-disable-next-line no-control-regex
    const controls = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e]/;
    expect(text).not.toMatch(controls);
    expect(html).not.toMatch(controls);
    expect(subject).toBe('Zahlungserinnerung – Rechnung RE-2025-004711');
    expect(text).toContain('Max[31m Mustermann\nLinden allee 7\n50968 Köln');
  });
});
