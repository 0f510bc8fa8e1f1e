import { MahnwerkError } from '@mahnwerk/core';
import { describe, expect, it } from 'vitest';
import { createRenderer, renderMessage, TemplateError } from '../src/index.js';
import { letterData } from './fixtures.js';

function thrown(fn: () => unknown): TemplateError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TemplateError);
    expect(MahnwerkError.isInstance(error)).toBe(true);
    expect((error as TemplateError).code).toBe('template_invalid');
    return error as TemplateError;
  }
  throw new Error('expected a TemplateError');
}

describe('strict mode: a variable the data does not have fails the render', () => {
  it('names the variable, the template key and the position', () => {
    const renderer = createRenderer({ overrides: { 'de/email/reminder': 'Hallo {{debtor.nickname}}!' } });
    const error = thrown(() => renderer.render('reminder', 'email', letterData()));
    expect(error.templateKey).toBe('de/email/reminder');
    expect(error.message).toContain('"nickname"');
    expect(error.message).toContain('line 1, column 9');
  });

  it('also inside partials and loops', () => {
    const renderer = createRenderer({ overrides: { 'de/partials/statement': '{{#each lines}}{{labl}}{{/each}}\n' } });
    const error = thrown(() => renderer.render('dunning-notice', 'letter', letterData()));
    expect(error.message).toContain('"labl"');
  });

  it('a helper given a missing value fails instead of printing nothing', () => {
    const renderer = createRenderer({ overrides: { 'de/email/reminder.subject': 'Offen: {{money statement.totl}}' } });
    const error = thrown(() => renderer.render('reminder', 'email', letterData()));
    expect(error.templateKey).toBe('de/email/reminder.subject');
    expect(error.message).toContain('helper "money" needs a Money value, got nothing');
  });

  it('an unknown helper or partial fails', () => {
    thrown(() => createRenderer({ overrides: { 'de/email/reminder': '{{shout debtor.name}}' } }).render('reminder', 'email', letterData()));
    const error = thrown(() => createRenderer({ overrides: { 'de/email/reminder': '{{> nope}}' } }).render('reminder', 'email', letterData()));
    expect(error.message).toContain('nope');
  });
});

describe('overrides', () => {
  it('replace a template by key `${locale}/${channel}/${name}` (text), `.subject` and `.html`', () => {
    const renderer = createRenderer({
      overrides: {
        'de/email/reminder': 'Hallo {{debtor.name}}, bitte {{money statement.total}} bis {{date deadline}} zahlen.',
        'de/email/reminder.subject': 'Kleine Erinnerung {{claim.reference}}',
        'de/email/reminder.html': '<p>Hallo {{debtor.name}}</p>',
      },
    });
    const out = renderer.render('reminder', 'email', letterData());
    expect(out).toEqual({
      subject: 'Kleine Erinnerung RE-2025-004711',
      text: 'Hallo Maximilian Mustermann, bitte 1.260,02\u00a0€ bis 24.03.2026 zahlen.',
      html: '<p>Hallo Maximilian Mustermann</p>',
    });
    // Other locales, channels and names keep the built-ins.
    expect(renderer.render('reminder', 'email', letterData({ locale: 'en' })).subject).toBe('Payment reminder – invoice RE-2025-004711');
    expect(renderer.render('reminder', 'letter', letterData()).subject).toBe('Zahlungserinnerung – RE-2025-004711'.replace('–', '– Rechnung'));
  });

  it('replace a shared partial for every template that uses it', () => {
    const renderer = createRenderer({ overrides: { 'en/partials/closing': 'Kind regards\nThe accounts team\n' } });
    for (const name of ['reminder', 'dunning-notice', 'final-notice'] as const) {
      expect(renderer.render(name, 'email', letterData({ locale: 'en' })).text).toContain('Kind regards\nThe accounts team');
    }
    // The HTML variant of the partial is separate and unchanged.
    expect(renderer.render('reminder', 'email', letterData({ locale: 'en' })).html).toContain('Yours sincerely');
  });

  it('a text partial without an HTML variant is HTML-escaped in HTML output', () => {
    const renderer = createRenderer({ overrides: { 'de/partials/salutation': 'Moin {{debtor.name}},\n' } });
    const out = renderer.render('reminder', 'email', letterData({ debtor: { name: '<b>Max</b>', kind: 'consumer', addressLines: [] } }));
    expect(out.text).toMatch(/^Moin <b>Max<\/b>,/);
    expect(out.html).toContain('<p>Moin &lt;b&gt;Max&lt;/b&gt;,');
  });

  it('add new templates under new names', () => {
    const renderer = createRenderer({
      overrides: { 'de/sms/second-reminder': 'Noch offen: {{money statement.total}}', 'de/sms/second-reminder.subject': '2. Erinnerung' },
    });
    expect(renderer.has('second-reminder', 'sms', 'de')).toBe(true);
    expect(renderer.render('second-reminder', 'sms', letterData())).toEqual({ subject: '2. Erinnerung', text: 'Noch offen: 1.260,02 €' });
  });

  it('work through renderMessage(…, { overrides }) too', () => {
    const out = renderMessage('final-notice', 'sms', letterData(), { overrides: { 'de/sms/final-notice': 'LETZTE MAHNUNG {{claim.reference}}' } });
    expect(out.text).toBe('LETZTE MAHNUNG RE-2025-004711');
    expect(renderMessage('final-notice', 'sms', letterData()).text).not.toContain('LETZTE MAHNUNG');
  });

  it('reject malformed keys and syntax errors when the renderer is created', () => {
    expect(thrown(() => createRenderer({ overrides: { 'de/fax/reminder': 'x' } })).message).toContain('not a template key');
    expect(thrown(() => createRenderer({ overrides: { 'fr/email/reminder': 'x' } })).message).toContain('not a template key');
    expect(thrown(() => createRenderer({ overrides: { 'de/sms/reminder.html': 'x' } })).message).toContain('not a template key');
    const syntax = thrown(() => createRenderer({ overrides: { 'de/email/reminder': '{{#if deadline}}open' } }));
    expect(syntax.templateKey).toBe('de/email/reminder');
    expect(syntax.message).toContain('not a valid Handlebars template');
  });

  it('each renderer has its own Handlebars instance (helpers of one do not leak)', () => {
    const a = createRenderer({ overrides: { 'de/email/reminder': 'A' } });
    const b = createRenderer();
    expect(a.render('reminder', 'email', letterData()).text).toBe('A');
    expect(b.render('reminder', 'email', letterData()).text).not.toBe('A');
  });
});
