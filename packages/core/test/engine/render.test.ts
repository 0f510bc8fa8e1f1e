import { describe, expect, it } from 'vitest';
import { deB2cDefaultPolicy, project, renderPlainText, statement } from '../../src/index.js';
import { created, facts, play } from './helpers.js';

const NBSP = '\u00a0';

/*
 * The core's plain-text fallback (used when the host gives no `render`). A consumer claim of
 * 1,000.00 EUR due 2025-01-16 on an agreed calendar date is in default from 2025-01-17 (§ 286 Abs. 2
 * Nr. 1 BGB). Interest to 2025-01-23: 7 days at base rate 2.27 % (1 January 2025) + 5 points =
 * 7.27 % (§ 288 Abs. 1 BGB): 1000.00 × 7.27 % × 7 / 365 = 1.3942… → 1.39 EUR (worked out by hand).
 */
const f = facts({ reference: 'RE-1' });
const st = statement(project(play([created(f)], deB2cDefaultPolicy, '2025-01-02', '2025-01-23')), '2025-01-23');

describe('renderPlainText: an interest period in German text shows German dates only, once', () => {
  it('prints "Zinsen 17.01.2025 bis 23.01.2025: 7 Tage zu 7,27 % p. a. aus 1.000,00 €: 1,39 € (§ 288 Abs. 1 BGB)" and no ISO date', () => {
    const { text } = renderPlainText({ template: 'reminder', channel: 'email', locale: 'de', claim: f, statement: st });
    expect(text).toContain(`  Zinsen 17.01.2025 bis 23.01.2025: 7 Tage zu 7,27 % p. a. aus 1.000,00${NBSP}€: 1,39${NBSP}€ (§ 288 Abs. 1 BGB)\n`);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(text.split('17.01.2025').length - 1).toBe(1);
  });

  it('the English text names the period once too', () => {
    const { text } = renderPlainText({ template: 'reminder', channel: 'email', locale: 'en', claim: f, statement: st });
    expect(text).toContain(`  Interest 2025-01-17 to 2025-01-23: 7 days at 7.27 % p.a. on €1,000.00: €1.39 (§ 288 Abs. 1 BGB)\n`);
    expect(text.split('2025-01-17').length - 1).toBe(1);
  });

  it('other lines keep their label and basis', () => {
    const { text } = renderPlainText({ template: 'reminder', channel: 'email', locale: 'de', claim: f, statement: st });
    expect(text).toContain(`  Hauptforderung: 1.000,00${NBSP}€ (Rechnung RE-1)\n`);
  });
});

describe('renderPlainText: the closing', () => {
  // The fallback gets no creditor data (RenderInput carries none), so it cannot sign with the
  // creditor's name; it ends with the closing words and nothing after them — no empty or
  // "undefined" line.
  it('ends with "Mit freundlichen Grüßen" / "Kind regards" and nothing after it', () => {
    const de = renderPlainText({ template: 'reminder', channel: 'letter', locale: 'de', claim: f, statement: st });
    expect(de.text.endsWith('\n\nMit freundlichen Grüßen')).toBe(true);
    const en = renderPlainText({ template: 'reminder', channel: 'letter', locale: 'en', claim: f, statement: st });
    expect(en.text.endsWith('\n\nKind regards')).toBe(true);
    expect(`${de.text}${en.text}`).not.toMatch(/undefined|null/);
  });
});
