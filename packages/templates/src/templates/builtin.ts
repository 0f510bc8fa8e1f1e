import { templateNames, type Locale } from '../types.js';
import { de } from './de.js';
import { en } from './en.js';
import type { LocaleTemplateSet } from './set.js';

const letterStyle = [
  'body.letter{font-family:Arial,Helvetica,sans-serif;font-size:11pt;line-height:1.4;color:#000;max-width:170mm;margin:20mm auto}',
  '.sender{font-size:8pt;border-bottom:1px solid #000;display:inline-block;margin-bottom:4mm}',
  '.recipient{font-style:normal;min-height:30mm}',
  '.meta{text-align:right}',
  'h1.subject{font-size:12pt;margin:8mm 0 4mm}',
  'table.statement{border-collapse:collapse;width:100%;margin:4mm 0}',
  'table.statement caption{text-align:left;font-weight:bold;margin-bottom:2mm}',
  'table.statement th,table.statement td{border-bottom:1px solid #ccc;padding:1mm 2mm;text-align:left;vertical-align:top}',
  'table.statement .amount{text-align:right;white-space:nowrap}',
  'table.statement tr.total th{border-top:2px solid #000}',
  '.disclosure h2{font-size:11pt}.disclosure dt{font-weight:bold;margin-top:2mm}.disclosure dd{margin-left:0}',
  'footer{margin-top:10mm;font-size:8pt;color:#333}',
].join('');

const emailStyle = [
  'body.email{font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.5;color:#222;max-width:640px}',
  'table.statement{border-collapse:collapse;width:100%;margin:12px 0}',
  'table.statement caption{text-align:left;font-weight:bold;margin-bottom:6px}',
  'table.statement th,table.statement td{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}',
  'table.statement .amount{text-align:right;white-space:nowrap}',
  '.disclosure h2{font-size:15px}.disclosure dt{font-weight:bold;margin-top:6px}.disclosure dd{margin-left:0}',
  'footer{margin-top:24px;font-size:12px;color:#555}',
].join('');

function letterText(name: string): string {
  return `{{> letter-head}}

{{subject}}

{{> salutation}}

{{> body-${name}}}

{{> closing}}

{{> footer}}
`;
}

/**
 * The body of a printed letter: what stands between the subject and the closing, which a letter
 * layout (channel-letter's DIN 5008 PDF) sets around it together with head, address, date and
 * footer. The renderer leaves the `payment` partial out of it (the layout's payment block prints
 * what to pay from the message's `payment`) and writes the statement with `letter-statement` (a
 * table, which the renderer gives as the message's `letterStatement` and places with a `[statement]`
 * paragraph). The items of the letter's head the layout cannot know — the customer number —
 * are not in it: the renderer writes them from `letter-info` as the message's `letterHead`.
 */
function letterBody(name: string): string {
  return `{{> salutation}}

{{> body-${name}}}
`;
}

function letterHtml(name: string): string {
  return `<!DOCTYPE html>
<html lang="{{locale}}">
<head>
<meta charset="utf-8">
<title>{{subject}}</title>
<style>${letterStyle}</style>
</head>
<body class="letter">
{{> letter-head}}
<h1 class="subject">{{subject}}</h1>
<p>{{> salutation}}</p>
{{> body-${name}}}
{{> closing}}
{{> footer}}
</body>
</html>
`;
}

function emailText(name: string): string {
  return `{{> salutation}}

{{> body-${name}}}

{{> closing}}

{{> footer}}
`;
}

function emailHtml(name: string): string {
  return `<!DOCTYPE html>
<html lang="{{locale}}">
<head>
<meta charset="utf-8">
<title>{{subject}}</title>
<style>${emailStyle}</style>
</head>
<body class="email">
<p>{{> salutation}}</p>
{{> body-${name}}}
{{> closing}}
{{> footer}}
</body>
</html>
`;
}

function flatten(locale: Locale, set: LocaleTemplateSet, out: Record<string, string>): void {
  for (const name of templateNames) {
    out[`${locale}/partials/body-${name}`] = set.bodies[name];
    out[`${locale}/partials/body-${name}.html`] = set.bodiesHtml[name];
    out[`${locale}/letter/${name}`] = letterText(name);
    out[`${locale}/letter/${name}.subject`] = set.subjects[name];
    out[`${locale}/letter/${name}.html`] = letterHtml(name);
    out[`${locale}/letter/${name}.body`] = letterBody(name);
    out[`${locale}/email/${name}`] = emailText(name);
    out[`${locale}/email/${name}.subject`] = set.subjects[name];
    out[`${locale}/email/${name}.html`] = emailHtml(name);
    out[`${locale}/sms/${name}`] = set.sms[name];
    out[`${locale}/sms/${name}.subject`] = set.subjects[name];
  }
  for (const [partial, source] of Object.entries(set.partials)) out[`${locale}/partials/${partial}`] = source;
}

function build(): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  flatten('de', de, out);
  flatten('en', en, out);
  return Object.freeze(out);
}

/**
 * The sources of all built-in templates, keyed as overrides are:
 * - `${locale}/${channel}/${name}` — text body (for `letter` the whole letter as plain text);
 * - `${locale}/${channel}/${name}.subject` — subject line;
 * - `${locale}/${channel}/${name}.html` — HTML document (letter and e-mail);
 * - `${locale}/letter/${name}.body` — the body of a printed letter (`RenderedMessage.letterBody`):
 *   salutation and `body-${name}` without head, subject, closing and footer, rendered without the
 *   `payment` and `letter-info` partials and with `letter-statement` for `statement` — a letter
 *   layout sets those itself: the statement as a table, which the renderer writes from
 *   `letter-statement` (caption line, `description⇥basis⇥amount` items, `label⇥amount` sums) as
 *   `RenderedMessage.letterStatement`, leaving a `[statement]` paragraph in the body, and the head's
 *   items, which the renderer writes from `letter-info` (one `label⇥value` line per item) as
 *   `RenderedMessage.letterHead`;
 * - `${locale}/partials/${partial}` and `${locale}/partials/${partial}.html` — shared pieces used
 *   as `{{> partial}}` (HTML templates get the `.html` variant, else the text one HTML-escaped):
 *   `salutation`, `letter-head`, `statement`, `payment`, `inkasso-disclosure`, `closing`,
 *   `footer`, the letter body's `letter-info` and `letter-statement`, `after-kept-plan` (the opening
 *   of a letter asking for a kept installment plan's remainder, `LetterData.afterKeptPlan`: thanks,
 *   what was paid, what is left), and one `body-${name}` per template name.
 */
export const builtinTemplates: Readonly<Record<string, string>> = build();
