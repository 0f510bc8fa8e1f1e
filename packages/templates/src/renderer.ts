import {
  Dec,
  isIsoDate,
  keepTogether,
  letterStatementMarker,
  MahnwerkError,
  parseLetterStatementTable,
  ValidationError,
  type LetterHeadItem,
  type LetterStatementTable,
  type Money,
  type RenderedMessage,
} from '@mahnwerk/core';
import Handlebars from 'handlebars';
import { describeProblems, inspectInkasso } from './disclosure.js';
import { InkassoDisclosureError, TemplateError } from './errors.js';
import { formatDateFor, formatMoneyFor, formatPercentFor, formatPeriodFor } from './format.js';
import { builtinTemplates } from './templates/builtin.js';
import { measureSms, toGsmText } from './text.js';
import {
  messageChannels,
  type LetterData,
  type Locale,
  type MessageChannel,
  type RendererOptions,
  type RenderMessageOptions,
  type TemplateName,
} from './types.js';
import { checkLetterData, type TemplateView } from './view.js';

type Mode = 'text' | 'html';
type HandlebarsInstance = ReturnType<typeof Handlebars.create>;
type Compiled = Handlebars.TemplateDelegate<TemplateView>;

/** A template renderer with its own Handlebars instance and the host's overrides. */
export interface TemplateRenderer {
  /**
   * Renders one message.
   *
   * @param name - a {@link TemplateName} or the name of a template added through overrides
   * @param channel - `letter`, `email` or `sms`
   * @param data - the message data
   * @returns subject, text and (letter, e-mail) HTML; for `letter` also the body of a printed
   *   letter (`letterBody`: salutation and body with a paragraph `[statement]` where the statement
   *   stands, without head, subject, closing, footer and the `payment` partial, which a letter
   *   layout sets itself), the statement as a table (`letterStatement`: what the `letter-statement`
   *   partial writes, `null` when the body has no statement table) and the items of its head for
   *   the layout's information block (`letterHead`: the `letter-info` partial's items, the customer
   *   number; an empty list when there are none) when a `.body` template exists for the name
   * @throws TemplateError when an override of `letter-info` writes a line that is not `label⇥value`
   * @throws ValidationError when the data is malformed (naming the field)
   * @throws InkassoDisclosureError for `handover-inkasso` to a consumer when § 13a Abs. 1 RDG items are missing
   * @throws TemplateError for an unknown template, a variable the data lacks, or an SMS over 160 characters
   */
  render(name: TemplateName | (string & Record<never, never>), channel: MessageChannel, data: LetterData): RenderedMessage;
  /**
   * Whether {@link TemplateRenderer.render} would refuse this message before writing its text, and
   * why: the same checks, in the same function, as rendering — channel, data, template, the
   * debtor's postal address for a letter, and for `handover-inkasso` a collection agency as sender
   * naming its client and (to a consumer) the § 13a Abs. 1 RDG information. Pure and synchronous.
   * What only running the template can find (a variable an override uses but the data lacks, an
   * SMS over 160 characters, a `letter-info` override line that is not `label⇥value`) is not checked.
   *
   * @param name - a {@link TemplateName} or the name of a template added through overrides
   * @param channel - `letter`, `email` or `sms`
   * @param data - the message data
   * @returns `null` when rendering would get past these checks, else the refusal's message (what
   *   is missing, where, and how to fix it)
   */
  check(name: TemplateName | (string & Record<never, never>), channel: MessageChannel, data: LetterData): string | null;
  /** True when a subject and text template exist for the name, channel and locale. */
  has(name: string, channel: MessageChannel, locale: Locale): boolean;
  /** All template keys this renderer knows (built-in and overrides), sorted. */
  keys(): readonly string[];
  /** The source of a template key as this renderer uses it (override or built-in), or undefined. */
  source(key: string): string | undefined;
}

const keyPattern = /^(de|en)\/(letter|email|sms|partials)\/([a-z0-9][a-z0-9-]*)(?:\.(subject|html|body))?$/;

/** Thrown by helpers; turned into a TemplateError naming the template. */
class HelperProblem extends Error {}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (a missing value)';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function isMoney(value: unknown): value is Money {
  return typeof value === 'object' && value !== null && Dec.isDecimal((value as Record<string, unknown>)['amount']) && typeof (value as Record<string, unknown>)['currency'] === 'string';
}

function localeOf(options: unknown): Locale {
  const root = (options as { data?: { root?: { locale?: unknown } } } | undefined)?.data?.root;
  return root?.locale === 'en' ? 'en' : 'de';
}

/** Splits helper arguments into the positional ones and Handlebars' options object. */
function helperArgs(name: string, args: unknown[], expected: number, usage: string): { values: unknown[]; options: unknown } {
  const options = args[args.length - 1];
  const values = args.slice(0, -1);
  if (values.length !== expected) throw new HelperProblem(`helper "${name}" takes ${expected} argument(s): ${usage}`);
  return { values, options };
}

function registerHelpers(hb: HandlebarsInstance): void {
  hb.registerHelper('money', (...args: unknown[]) => {
    const { values, options } = helperArgs('money', args, 1, '{{money statement.total}}');
    const value = values[0];
    if (!isMoney(value)) throw new HelperProblem(`helper "money" needs a Money value, got ${describeValue(value)}`);
    return formatMoneyFor(value, localeOf(options));
  });
  hb.registerHelper('date', (...args: unknown[]) => {
    const { values, options } = helperArgs('date', args, 1, '{{date claim.dueDate}}');
    const value = values[0];
    if (!isIsoDate(value)) throw new HelperProblem(`helper "date" needs a date written YYYY-MM-DD, got ${describeValue(value)}`);
    return formatDateFor(value, localeOf(options));
  });
  hb.registerHelper('period', (...args: unknown[]) => {
    const { values, options } = helperArgs('period', args, 2, '{{period date to}} or {{period date to from=true}}');
    const [first, last] = values;
    if (!isIsoDate(first) || !isIsoDate(last)) {
      throw new HelperProblem(`helper "period" needs two dates written YYYY-MM-DD, got ${describeValue(isIsoDate(first) ? last : first)}`);
    }
    const hash = (options as { hash?: Record<string, unknown> } | undefined)?.hash ?? {};
    return formatPeriodFor(first, last, localeOf(options), hash['from'] === true);
  });
  hb.registerHelper('percent', (...args: unknown[]) => {
    const { values, options } = helperArgs('percent', args, 1, '{{percent ratePercent}}');
    const value = values[0];
    if (!(typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) && !Dec.isDecimal(value)) {
      throw new HelperProblem(`helper "percent" needs a decimal string such as "8.37", got ${describeValue(value)}`);
    }
    return formatPercentFor(value as string, localeOf(options));
  });
  hb.registerHelper('decimal', (...args: unknown[]) => {
    const { values, options } = helperArgs('decimal', args, 1, '{{decimal factor}}');
    const value = values[0];
    if (!(typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value))) {
      throw new HelperProblem(`helper "decimal" needs a decimal string such as "0.9", got ${describeValue(value)}`);
    }
    return localeOf(options) === 'de' ? value.replace('.', ',') : value;
  });
  hb.registerHelper('plural', (...args: unknown[]) => {
    const { values } = helperArgs('plural', args, 3, '{{plural days "Tag" "Tage"}}');
    const [count, one, many] = values;
    if (typeof count !== 'number' || typeof one !== 'string' || typeof many !== 'string') {
      throw new HelperProblem(`helper "plural" needs a number and two words, got ${describeValue(count)}`);
    }
    return count === 1 ? one : many;
  });
  hb.registerHelper('join', (...args: unknown[]) => {
    const { values } = helperArgs('join', args, 2, '{{join creditor.addressLines ", "}}');
    const [list, separator] = values;
    if (!Array.isArray(list) || typeof separator !== 'string') {
      throw new HelperProblem(`helper "join" needs a list and a separator, got ${describeValue(list)}`);
    }
    return list.map(String).join(separator);
  });
}

function toTemplateError(error: unknown, key: string): MahnwerkError {
  if (error instanceof TemplateError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof HelperProblem) {
    return new TemplateError(`Template "${key}": ${message}. Fix the template or supply the value in the data.`, { templateKey: key, cause: error });
  }
  const strict = /^"([^"]+)" not defined in .* - (\d+):(\d+)$/.exec(message);
  if (strict) {
    return new TemplateError(
      `Template "${key}" (or a partial it uses) refers to "${strict[1]}" at line ${strict[2]}, column ${Number(strict[3]) + 1}, but the data has no such ` +
        'field or helper. Templates run in strict mode: use a field of TemplateView (optional ones are null, test them with {{#if}}) or fix the override.',
      { templateKey: key, cause: error },
    );
  }
  const partial = /The partial (\S+) could not be found/.exec(message);
  if (partial) {
    return new TemplateError(`Template "${key}" uses the partial {{> ${partial[1]}}}, which does not exist for this locale and output; add it as an override.`, {
      templateKey: key,
      cause: error,
    });
  }
  return new TemplateError(`Template "${key}" failed: ${message}`, { templateKey: key, cause: error });
}

/** How an internal note introduces an unconfirmed remark, per language. */
const unconfirmedNote = { de: 'Nicht bestätigte Angabe: ', en: 'Unconfirmed figure: ' } as const;

/**
 * The distinct `unconfirmed` remarks of a statement's lines and of the costs a letter announces: notes
 * for the sender's files, in the letter's language (the view words the remarks with core's `unconfirmedText`).
 */
function internalNotes(lines: readonly { readonly unconfirmed: string | null; readonly label: string }[], locale: Locale): string[] {
  const notes: string[] = [];
  for (const line of lines) {
    if (line.unconfirmed === null) continue;
    const note = `${unconfirmedNote[locale]}${line.unconfirmed}.`;
    if (!notes.includes(note)) notes.push(note);
  }
  return notes;
}

function tidyText(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function singleLine(text: string): string {
  return text.replace(/[ \t\r\n]+/g, ' ').trim();
}

/**
 * Creates a renderer: an isolated Handlebars instance (`Handlebars.create()`) with the helpers
 * `money`, `date`, `percent`, `period`, `plural` and `join`, the built-in templates and the host's overrides.
 * Templates compile in strict mode (a missing variable fails) and lazily, once per key; overrides
 * are syntax-checked here.
 *
 * @param options - overrides keyed `${locale}/${channel}/${name}` (see {@link builtinTemplates})
 * @throws TemplateError for an override with a malformed key or a syntax error
 */
export function createRenderer(options: RendererOptions = {}): TemplateRenderer {
  const hb = Handlebars.create();
  registerHelpers(hb);
  const sources: Record<string, string> = { ...builtinTemplates };
  for (const [key, source] of Object.entries(options.overrides ?? {})) {
    const match = keyPattern.exec(key);
    if (!match || (match[2] === 'partials' && match[4] === 'subject') || (match[2] === 'sms' && match[4] === 'html') || (match[2] !== 'letter' && match[4] === 'body')) {
      throw new TemplateError(
        `overrides: "${key}" is not a template key; use "<de|en>/<letter|email|sms>/<name>" with an optional ".subject" or ".html" (not for sms) ` +
          'or ".body" (letter only), or "<de|en>/partials/<name>" with an optional ".html".',
        { field: `overrides.${key}`, templateKey: key },
      );
    }
    if (typeof source !== 'string') {
      throw new TemplateError(`overrides: "${key}" must be a template source string.`, { field: `overrides.${key}`, templateKey: key });
    }
    try {
      hb.parse(source);
    } catch (error) {
      throw new TemplateError(`overrides: "${key}" is not a valid Handlebars template: ${error instanceof Error ? error.message : String(error)}`, {
        field: `overrides.${key}`,
        templateKey: key,
        cause: error,
      });
    }
    sources[key] = source;
  }
  // A host who rewrote a text letter and not its letter body would get the built-in wording in the
  // printed letter: without a `.body` of its own, such a letter has none (the channel lays out the text).
  for (const key of Object.keys(options.overrides ?? {})) {
    if (/^(de|en)\/letter\/[a-z0-9][a-z0-9-]*$/.test(key) && options.overrides?.[`${key}.body`] === undefined) delete sources[`${key}.body`];
  }

  const compiled = new Map<string, Compiled>();
  const partialSets = new Map<string, Record<string, Compiled>>();
  const letterBodySets = new Map<Locale, Record<string, Compiled>>();

  function compile(key: string, source: string, mode: Mode): Compiled {
    const cacheKey = `${mode}:${key}`;
    let template = compiled.get(cacheKey);
    if (template === undefined) {
      template = hb.compile<TemplateView>(source, { strict: true, noEscape: mode === 'text' });
      compiled.set(cacheKey, template);
    }
    return template;
  }

  function partialsFor(locale: Locale, mode: Mode): Record<string, Compiled> {
    const cacheKey = `${mode}:${locale}`;
    let set = partialSets.get(cacheKey);
    if (set === undefined) {
      set = {};
      const prefix = `${locale}/partials/`;
      for (const key of Object.keys(sources)) {
        if (!key.startsWith(prefix)) continue;
        const isHtml = key.endsWith('.html');
        const name = isHtml ? key.slice(prefix.length, -'.html'.length) : key.slice(prefix.length);
        if (mode === 'text' && isHtml) continue;
        // HTML output prefers the .html variant; the text variant is compiled with escaping.
        if (mode === 'html' && !isHtml && sources[`${key}.html`] !== undefined) continue;
        set[name] = compile(key, sources[key] as string, mode);
      }
      partialSets.set(cacheKey, set);
    }
    return set;
  }

  /**
   * The text partials of a letter body: `payment` left empty (a letter layout prints what to pay
   * itself, its payment block), `letter-info` left empty (its items are the letter's head,
   * `letterHead`, see {@link letterHeadOf}; a host's `.body` written when they stood at the top of the
   * body still names it) and `statement` written as `letter-statement` — unless the host overrode
   * `statement` and not `letter-statement`: then its own statement text stands in the letter body
   * too, never the built-in table in place of wording it replaced. `letter-statement` itself (and
   * `statement` standing for it) is run through {@link statementTableOf}: its table goes to the
   * message's `letterStatement`, the body gets the `[statement]` paragraph in its place.
   *
   * @param table - collects the table of this one rendering
   */
  function letterBodyPartials(locale: Locale, table: { found?: LetterStatementTable }): Record<string, Compiled> {
    let set = letterBodySets.get(locale);
    if (set === undefined) {
      set = {
        ...partialsFor(locale, 'text'),
        payment: hb.compile<TemplateView>('', { strict: true, noEscape: true }),
        'letter-info': hb.compile<TemplateView>('', { strict: true, noEscape: true }),
      };
      letterBodySets.set(locale, set);
    }
    const key = `${locale}/partials/letter-statement`;
    if (sources[key] === undefined) return set;
    const overridden = (name: string) => options.overrides?.[`${locale}/partials/${name}`] !== undefined;
    const ownStatementOnly = overridden('statement') && !overridden('letter-statement');
    const statement = compile(key, sources[key], 'text');
    // Handlebars calls a partial as a template: (context, options) => text.
    const placed = ((context: TemplateView, runtime?: Handlebars.RuntimeOptions) => statementTableOf(statement(context, runtime), table)) as Compiled;
    return { ...set, 'letter-statement': placed, ...(ownStatementOnly ? {} : { statement: placed }) };
  }

  /**
   * The statement table a `letter-statement` partial wrote (one paragraph: a caption line, items
   * `description⇥basis⇥amount`, sums `label⇥amount`; core's `parseLetterStatementTable`), taken out
   * of the letter body into `table.found` and replaced by the `[statement]` paragraph that places it.
   * The view's texts are single lines without tabs (`stripControlCharacters`), so only the
   * template's own tabs and line breaks make the table: a host's label or description is one cell.
   * Paragraphs of the output that are not a table (an override's own sentences) stay text; an
   * output with no table stays text as a whole. The marker always stands as a paragraph of its own.
   * Only the first table is taken (a `.body` naming the partial twice places the same table twice).
   */
  function statementTableOf(output: string, table: { found?: LetterStatementTable }): string {
    const paragraphs = tidyText(output).split(/\n{2,}/u);
    const tables = paragraphs.map((p) => parseLetterStatementTable(p));
    const at = tables.findIndex((t) => t !== undefined);
    const parsed = tables[at];
    if (parsed === undefined) return output;
    // The layout wraps the description and basis columns: what must not break there is glued (§ 288, Abs. 1, p. a.).
    const found: LetterStatementTable = { ...parsed, rows: parsed.rows.map((row) => ({ ...row, description: keepTogether(row.description), basis: keepTogether(row.basis) })) };
    table.found ??= found;
    paragraphs[at] = letterStatementMarker;
    // Blank lines around it: the marker is a paragraph of its own also where a .body writes the partial
    // right under another line (tidyText makes the extra blank lines one).
    return `\n\n${paragraphs.join('\n\n')}\n\n`;
  }

  function run(key: string, mode: Mode, view: TemplateView, partials: Record<string, Compiled> = partialsFor(view.locale, mode)): string {
    const source = sources[key];
    if (source === undefined) throw new TemplateError(`There is no template "${key}".`, { templateKey: key });
    try {
      return compile(key, source, mode)(view, { partials });
    } catch (error) {
      throw toTemplateError(error, key);
    }
  }

  /**
   * The items of a printed letter's head (`RenderedMessage.letterHead`): the `letter-info` partial
   * of the letter's locale, run on its own with the message's view, one item per line written
   * `label⇥value` (blank lines skipped). The partial is the one place that writes them, so a host
   * relabels or adds items by overriding it; a line of another form fails loudly instead of
   * printing something else than was meant.
   *
   * @throws TemplateError naming the partial and the line when a line is not `label⇥value`
   */
  function letterHeadOf(view: TemplateView): LetterHeadItem[] {
    const key = `${view.locale}/partials/letter-info`;
    if (sources[key] === undefined) return [];
    const items: LetterHeadItem[] = [];
    run(key, 'text', view)
      .split('\n')
      .forEach((line, i) => {
        if (line.trim() === '') return;
        const cells = line.split('\t').map((cell) => cell.trim());
        const [label, value] = cells;
        if (cells.length !== 2 || label === undefined || value === undefined || label === '' || value === '') {
          throw new TemplateError(
            `Template "${key}" writes the items of a printed letter's head, one per line as label, tab, value (e.g. "Kundennummer\\tK-4711"), ` +
              `but its line ${i + 1} reads ${JSON.stringify(line)}. Fix the override: one tab between a label and a value, nothing else on the line.`,
            { templateKey: key },
          );
        }
        items.push({ label, value });
      });
    return items;
  }

  /**
   * A printed letter's body and what its layout sets from fields: the head's items (`letterHead`)
   * and the statement table the body places with `[statement]` (`letterStatement`; `null` when the
   * body has none — a `.body` without `{{> statement}}`, or a host's own statement text).
   */
  function letterPieces(bodyKey: string, view: TemplateView): Pick<RenderedMessage, 'letterBody' | 'letterHead' | 'letterStatement'> {
    const table: { found?: LetterStatementTable } = {};
    const letterBody = tidyText(run(bodyKey, 'text', view, letterBodyPartials(view.locale, table)));
    return { letterBody, letterHead: letterHeadOf(view), letterStatement: table.found ?? null };
  }

  function has(name: string, channel: MessageChannel, locale: Locale): boolean {
    const key = `${locale}/${channel}/${name}`;
    return sources[key] !== undefined && sources[`${key}.subject`] !== undefined;
  }

  /**
   * Everything `render` checks before it writes a text, and the view it writes from: the one path
   * of {@link TemplateRenderer.render} and {@link TemplateRenderer.check}.
   *
   * @throws ValidationError, TemplateError or InkassoDisclosureError as described in {@link TemplateRenderer.render}
   */
  function prepare(name: string, channel: MessageChannel, data: LetterData): { key: string; locale: Locale; checked: ReturnType<typeof checkLetterData>; view: TemplateView } {
    if (!messageChannels.includes(channel)) {
      throw new ValidationError(`channel: ${JSON.stringify(channel)} is not one of ${messageChannels.map((c) => `'${c}'`).join(', ')}.`, { field: 'channel' });
    }
    const checked = checkLetterData(data);
    const { locale } = checked.base;
    const key = `${locale}/${channel}/${name}`;
    if (!has(name, channel, locale)) {
      const known = [...new Set(Object.keys(sources).filter((k) => k.startsWith(`${locale}/${channel}/`) && !k.includes('.')).map((k) => k.split('/')[2]))];
      throw new TemplateError(
        `There is no template "${key}" (needs "${key}" and "${key}.subject"); known ${channel} templates for ${locale}: ${known.join(', ')}. Add it through overrides.`,
        { templateKey: key, field: 'name' },
      );
    }
    if (channel === 'letter' && checked.base.debtor.addressLines.length === 0) {
      throw new ValidationError('debtor.addressLines: a letter needs the postal address of the debtor (addressLines or postalAddress).', { field: 'debtor.addressLines' });
    }
    if (channel === 'letter' && checked.base.creditor.addressLines.length === 0) {
      throw new ValidationError(
        "creditor.addressLines: a letter prints the sender's postal address in the letterhead and the return line above the window (DIN 5008), and the sender has none; give the creditor (or agency) addressLines or postalAddress.",
        { field: 'creditor.addressLines' },
      );
    }
    const inkasso = inspectInkasso(checked);
    if (name === 'handover-inkasso' && checked.base.debtor.isConsumer && inkasso.problems.length > 0) {
      throw new InkassoDisclosureError(describeProblems(inkasso.problems), { templateKey: key });
    }
    if (name === 'handover-inkasso') checkAgencySender(checked.base.creditor.isCollectionAgency, inkasso.view.client !== null, key);
    const view: TemplateView = { ...checked.base, channel, template: name, subject: '', inkasso: inkasso.view };
    return { key, locale, checked, view };
  }

  function check(name: string, channel: MessageChannel, data: LetterData): string | null {
    try {
      prepare(name, channel, data);
      return null;
    } catch (error) {
      if (MahnwerkError.isInstance(error)) return error.message;
      throw error;
    }
  }

  function render(name: string, channel: MessageChannel, data: LetterData): RenderedMessage {
    const { key, locale, checked, view } = prepare(name, channel, data);
    const subject = singleLine(run(`${key}.subject`, 'text', view));
    const full: TemplateView = { ...view, subject };
    if (channel === 'sms') {
      const text = toGsmText(singleLine(run(key, 'text', full)));
      const measure = measureSms(text);
      if (measure.segments > 1) {
        throw new TemplateError(
          `SMS "${key}" is ${measure.length} ${measure.encoding === 'gsm7' ? 'GSM-7 characters' : 'UCS-2 units'} long, more than one SMS (${measure.limit})` +
            `${measure.nonGsm.length > 0 ? `; characters outside GSM-7: ${measure.nonGsm.join(' ')}` : ''}. ` +
            'Shorten creditor.name, claim.reference or paymentLink, or override the template.',
          { templateKey: key },
        );
      }
      return { subject, text };
    }
    const text = tidyText(run(key, 'text', full));
    const htmlKey = `${key}.html`;
    const bodyKey = `${key}.body`;
    const notes = internalNotes([...checked.base.lines, ...checked.base.prospectiveCosts], locale);
    return {
      subject,
      text,
      ...(sources[htmlKey] === undefined ? {} : { html: run(htmlKey, 'html', full).trim() }),
      ...(channel === 'letter' && sources[bodyKey] !== undefined ? letterPieces(bodyKey, full) : {}),
      ...(notes.length === 0 ? {} : { internalNotes: notes }),
    };
  }

  return {
    render,
    check,
    has,
    keys: () => Object.keys(sources).sort(),
    source: (key) => sources[key],
  };
}

/**
 * The collection agency's first demand (`handover-inkasso`) is written by the agency, for its client:
 * its sender must be a collection agency (`creditor.isCollectionAgency: true`) and the letter must
 * name the client (`inkasso.client.name`) — for business debtors too. Signed by the creditor itself
 * it would tell the debtor the creditor had been engaged by itself, and print placeholders for the
 * client.
 *
 * @throws TemplateError (field `creditor.isCollectionAgency` or `inkasso.client.name`) when either is missing
 */
function checkAgencySender(isCollectionAgency: boolean, namesClient: boolean, key: string): void {
  if (isCollectionAgency && namesClient) return;
  const field = isCollectionAgency ? 'inkasso.client.name' : 'creditor.isCollectionAgency';
  throw new TemplateError(
    `"${key}" is the first letter of a collection agency collecting for its client, but ${
      isCollectionAgency ? 'it does not name the client (inkasso.client.name)' : 'its sender is not a collection agency (creditor.isCollectionAgency is not true)'
    }. Give the agency as the sender of this template and the § 13a RDG information with the client, e.g. ` +
      "createEngineRenderer({ creditor: (input) => (input.template === 'handover-inkasso' ? agency : creditor), extra: (input) => (input.template === 'handover-inkasso' ? { inkasso } : {}) }) " +
      'with agency.isCollectionAgency: true and inkasso.client: { name, addressLines }.',
    { templateKey: key, field },
  );
}

let defaultRenderer: TemplateRenderer | undefined;

/**
 * Renders one message with the built-in templates (or, with `options.overrides`, a renderer made
 * for this call — create one with {@link createRenderer} when rendering many messages).
 *
 * - `letter`: subject, the full letter as text, a printable HTML document, and the body of a
 *   printed letter (`letterBody`) for a letter layout that sets head, address, subject, closing and
 *   payment block itself (the letter channel of `@mahnwerk/channel-letter`);
 * - `email`: subject, text and HTML;
 * - `sms`: subject (for logs) and a text of at most 160 GSM-7 characters.
 *
 * Host strings are cleaned of control characters and HTML-escaped in HTML output. For
 * `handover-inkasso` to a consumer, every item of § 13a Abs. 1 RDG must be present (see
 * {@link checkInkassoDisclosure}); otherwise an {@link InkassoDisclosureError} lists them.
 *
 * @param name - the template name, e.g. `dunning-notice`
 * @param channel - `letter`, `email` or `sms`
 * @param data - the message data
 * @param options - template overrides
 * @throws ValidationError, TemplateError or InkassoDisclosureError as described in {@link TemplateRenderer.render}
 */
export function renderMessage(
  name: TemplateName | (string & Record<never, never>),
  channel: MessageChannel,
  data: LetterData,
  options: RenderMessageOptions = {},
): RenderedMessage {
  if (options.overrides !== undefined && Object.keys(options.overrides).length > 0) {
    return createRenderer({ overrides: options.overrides }).render(name, channel, data);
  }
  defaultRenderer ??= createRenderer();
  return defaultRenderer.render(name, channel, data);
}
