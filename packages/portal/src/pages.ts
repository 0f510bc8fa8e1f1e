import { addDays, dayInWords, formatMoney, holidaysOn, installmentLastDay, isoWeekday, money, periodInWords, statementLineText, toAmountString, unconfirmedText, type ClaimState, type GermanState, type HandOverParty, type Installment, type InstallmentPlanState, type IsoDate, type Money, type StageKind, type Statement, type StatementLine, type StatementLineText } from '@mahnwerk/core';
import { html, raw } from 'hono/html';
import { amountInputText } from './amount-input.js';
import { disputeReasonMaxLength } from './dispute.js';
import { suggestedFirstDueInDays, suggestedPayDay, suggestedPromiseInDays, type ResolvedInstallmentRules } from './installment-rules.js';
import type { PortalTexts } from './messages.js';

/** @internal A piece of HTML whose inserted values hono/html has escaped. */
export type Html = ReturnType<typeof html>;

/** @internal The portal's style sheet: system fonts, text contrast above 7:1, visible focus, no scripts. */
export const portalCss = `
*{box-sizing:border-box}
body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1a1a1a;background:#fff}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem}
.skip:focus{left:.5rem}
header,main,footer{max-width:52rem;margin:0 auto;padding:1rem}
header{display:flex;justify-content:space-between;align-items:baseline;border-bottom:2px solid #1a1a1a}
h1{font-size:1.6rem;margin:.5rem 0}
h2{font-size:1.25rem;margin:2rem 0 .5rem;border-bottom:1px solid #595959}
a{color:#0b4a8f}
a:focus,button:focus,input:focus,textarea:focus,select:focus{outline:3px solid #b35900;outline-offset:2px}
table{border-collapse:collapse;width:100%}
caption{text-align:left;color:#404040;padding-bottom:.25rem}
th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #bfbfbf;vertical-align:top}
td.num,th.num{text-align:right;white-space:nowrap}
tfoot th,tfoot td{border-top:2px solid #1a1a1a;font-weight:700}
.detail{display:block;color:#404040;font-size:.9rem}
.tag{display:inline-block;border:1px solid #8a4b00;color:#6b3a00;background:#fff4e5;padding:0 .3rem;font-size:.85rem;margin-left:.3rem}
.notice{border-left:4px solid #0b4a8f;background:#eef4fb;padding:.75rem 1rem;margin:1rem 0}
.ok{border-left-color:#1e6b2f;background:#edf7ef}
.err{border-left-color:#a61b1b;background:#fbeeee}
.field-error{color:#a61b1b;font-weight:600;margin:.25rem 0}
[aria-invalid=true]{border:2px solid #a61b1b}
.grid{display:grid;gap:1.5rem;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr))}
form{margin:.5rem 0}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
label.check{font-weight:400;display:flex;gap:.5rem;align-items:flex-start}
input[type=number],input[type=date],input[type=text],textarea{font:inherit;padding:.4rem;border:1px solid #595959;border-radius:3px;width:100%;max-width:20rem;color:#1a1a1a;background:#fff}
textarea{max-width:100%;min-height:6rem}
button{display:block;font:inherit;font-weight:600;margin-top:.75rem;padding:.5rem 1rem;border:2px solid #0b4a8f;border-radius:4px;background:#0b4a8f;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#0b4a8f}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dt{font-weight:600}
dd{margin:0;overflow-wrap:anywhere}
svg{max-width:14rem;height:auto;display:block}
`;

/** @internal Who the page names: the creditor, and the agency when it collects (else null). */
export interface ClaimParties {
  readonly creditor: string;
  readonly agency: string | null;
}

/** @internal Everything a claim page shows. */
export interface ClaimPageModel {
  readonly t: PortalTexts;
  readonly self: string;
  readonly otherLanguageHref: string;
  readonly state: ClaimState;
  /** The kind of the policy stage the claim is in, or null (none yet, or not in the portal's policy). */
  readonly stageKind: StageKind | null;
  /** Whom the policy has handed the claim over to at its stage (core's `handOverPartyAt`), or null: the creditor collects. */
  readonly handedOverTo: HandOverParty | null;
  /** Who claims the money, or null when the host named no creditor. */
  readonly parties: ClaimParties | null;
  /** Whom the debtor pays, for the payment section: the agency on the creditor's behalf only when the transfer goes to the agency's account (`agencyBankAccount`), else the creditor. */
  readonly payee: ClaimParties | null;
  readonly statement: Statement;
  readonly today: IsoDate;
  readonly csrf: string;
  readonly formId: string;
  readonly canPayOnline: boolean;
  /** What "pay online" charges: what settles the claim when paid today (`Mahnwerk.amountDueInFull`); null without a payment provider. */
  readonly payOnlineAmount: Money | null;
  readonly transfer: { readonly name: string; readonly iban: string; readonly bic?: string; readonly reference: string; readonly qrSvg: string | null } | null;
  readonly rules: ResolvedInstallmentRules;
  /** The federal state whose public holidays count for the claim's installments (core's `holidayState`), or undefined: nationwide holidays only. */
  readonly holidays?: GermanState | undefined;
  readonly costNotice: string | null;
  readonly letters: readonly { readonly messageId: string; readonly date: IsoDate; readonly template: string }[] | null;
  readonly banner: { readonly kind: 'ok' | 'err'; readonly text: string } | null;
  /** What the debtor sent in a form that was refused: shown again with the problem at its field. */
  readonly entered?: EnteredForm | null;
  /** Money the claim holds beyond what the debtor owed (core's `unappliedMoneyOf`), or null: the page says it is owed back. */
  readonly overpaid?: { readonly amount: Money; readonly since: IsoDate; readonly payments: number } | null;
  /** How the debtor reaches the creditor (the `contact` option as text), or null. */
  readonly contact?: string | null;
  /** The debtor's installment proposal while it is with the creditor's review (`proposalUnderReview`), or null. */
  readonly proposal?: ProposalUnderReview | null;
}

/** @internal A proposal sent to the creditor's review: the day it was made, the last day its hold pauses the dunning, and its installments. */
export interface ProposalUnderReview {
  readonly placedOn: IsoDate;
  readonly until: IsoDate | undefined;
  readonly installments: readonly Installment[];
}

/** @internal A refused form as the debtor filled it in: its values, the field the problem is about (null: the whole form) and the problem. */
export interface EnteredForm {
  readonly form: string;
  readonly values: Readonly<Record<string, string>>;
  readonly field: string | null;
  readonly message: string;
}

/** What a field shows: what the debtor sent in a refused form, else the page's default. */
function valueOf(m: ClaimPageModel, form: string, name: string, fallback: string): string {
  const entered = m.entered;
  return entered !== null && entered !== undefined && entered.form === form ? (entered.values[name] ?? '') : fallback;
}

/**
 * A field's error state: `aria-invalid` and the error's id for `aria-describedby` when the refused
 * form's problem is about this field, and the message under it (WCAG 3.3.1).
 */
function fieldError(m: ClaimPageModel, form: string, name: string, id: string): { attrs: Html | string; describedBy: string; message: Html | string } {
  const e = m.entered;
  if (e === null || e === undefined || e.form !== form || e.field !== name) return { attrs: '', describedBy: '', message: '' };
  return { attrs: raw(' aria-invalid="true"'), describedBy: `${id}-error `, message: html`<p class="field-error" id="${id}-error">${e.message}</p>` };
}

function locale(t: PortalTexts): string {
  return t.lang === 'de' ? 'de-DE' : 'en';
}

/** @internal Money for people in the page's language. */
export function showMoney(t: PortalTexts, m: Money): string {
  return formatMoney(m, locale(t));
}

/** @internal A date for people in the page's language, as the letters write it (core's `dayInWords`): `02.01.2025` / `2 January 2025`. */
export function showDate(t: PortalTexts, d: IsoDate): string {
  return dayInWords(d, t.lang);
}

/**
 * @internal An installment's due date as the page shows it: `fällig 14.02.2025`, and when § 193 BGB
 * moves it — a Saturday, Sunday or public holiday in `holidays` (the debtor's federal state) — the day
 * it may be paid by, from core's one rule `installmentLastDay`: `fällig 11.05.2025 (Sonntag) – zahlbar
 * bis Montag, 12.05.2025`; a holiday is named, `fällig 18.04.2025 (Karfreitag) – zahlbar bis Dienstag,
 * 22.04.2025`. The day is the business day the debtor must pay by, without the policy's
 * `installmentGraceDays`: the grace days are the creditor's tolerance before it records a miss, not a
 * term the debtor agreed to, and printing them would make them one.
 */
export function installmentDueText(t: PortalTexts, dueDate: IsoDate, holidays: GermanState | undefined): string {
  const moved = movedDay(t, dueDate, holidays);
  return moved === null ? t.dueOn(showDate(t, dueDate)) : t.dueMoved(showDate(t, dueDate), moved.why, moved.payableWeekday, moved.payableOn);
}

/**
 * A day for a payment that § 193 BGB moves, in words — why (the weekday or the holiday) and the weekday
 * and day it may be paid by (core's `installmentLastDay`, without grace days) — or null when it is a
 * business day. The words of an installment's due date and of a promise's day.
 */
function movedDay(t: PortalTexts, date: IsoDate, holidays: GermanState | undefined): { why: string; payableWeekday: string; payableOn: string } | null {
  const { payableOn } = installmentLastDay(date, 0, holidays);
  if (payableOn === date) return null;
  const holiday = holidaysOn(date, holidays)[0];
  return { why: holiday === undefined ? weekdayName(t, date) : t.holidayName(holiday.name), payableWeekday: weekdayName(t, payableOn), payableOn: showDate(t, payableOn) };
}

/**
 * @internal The one wording of a list of installments, wherever the portal lists them — the agreed plan
 * on the page, a proposal under the creditor's review on the page and in the hold note written for the
 * reviewer: `Rate 1: 200,00 €, fällig 14.03.2025`, a day § 193 BGB moves with the day it may be paid by
 * ({@link installmentDueText}).
 *
 * @param t - the texts of the language (the hold note: German)
 * @param installments - the installments in due-date order
 * @param currency - the claim's currency
 * @param holidays - the federal state whose public holidays count (core's `holidayState`)
 */
export function installmentLines(t: PortalTexts, installments: readonly Installment[], currency: string, holidays: GermanState | undefined): string[] {
  return installments.map((i, k) => t.installment(k + 1, formatAmountText(t, i.amount, currency), installmentDueText(t, i.dueDate, holidays)));
}

/** Whether § 193 BGB moves any of the installments' due dates (the list then gets the note on it). */
function anyMoved(installments: readonly Installment[], holidays: GermanState | undefined): boolean {
  return installments.some((i) => installmentLastDay(i.dueDate, 0, holidays).payableOn !== i.dueDate);
}

/** An installment list of the page (`id`) with the § 193 BGB note under it when a date moves. */
function installmentList(m: ClaimPageModel, id: string, installments: readonly Installment[]): Html {
  const { t } = m;
  return html`<ul id="${id}">${installmentLines(t, installments, m.statement.currency, m.holidays).map((line) => html`<li>${line}</li>`)}</ul>${
    anyMoved(installments, m.holidays) ? html`<p id="${id === 'plan-installments' ? 'plan-moved' : `${id}-moved`}">${t.planMovedNote}</p>` : ''
  }`;
}

function weekdayName(t: PortalTexts, d: IsoDate): string {
  return t.weekdays[isoWeekday(d) - 1] as string;
}

/** @internal The frame of every page: language, title, skip link, style sheet. */
export function layout(t: PortalTexts, title: string, body: Html, head: Html | string = ''): Html {
  return html`<!doctype html>
<html lang="${t.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<style>${raw(portalCss)}</style>
${head}
</head>
<body>
<a class="skip" href="#main">${t.skip}</a>
${body}
</body>
</html>`;
}

/** @internal The one page for every link that does not work: it says nothing about why, nor about any claim. */
export function errorPage(t: PortalTexts, title: string, text: string): Html {
  return layout(t, title, html`<main id="main"><h1>${title}</h1><p>${text}</p></main>`);
}

/**
 * @internal The installment plan in force: the latest agreed plan unless the debtor defaulted on it.
 * While one is in force the page shows it instead of the proposal form, and a proposal is refused.
 */
export function planInForce(state: ClaimState): InstallmentPlanState | null {
  const plan = state.installmentPlan;
  return plan !== null && plan.defaultedOn === undefined ? plan : null;
}

/**
 * The claim's status as the page names it, the first that holds: paid; disputed; an installment
 * plan in force; reminders paused; a promise to pay whose day (moved by § 193 BGB) has not passed; then the kind of the
 * claim's stage — handed over (`handover`: to a lawyer when the policy's hand-over is to one, else to
 * a collection agency) or in the court dunning procedure (`court-dunning`); else open.
 */
function statusText(t: PortalTexts, state: ClaimState, stageKind: StageKind | null, handedOverTo: HandOverParty | null, open: boolean, today: IsoDate, holidays: GermanState | undefined): string {
  if (!open) return t.statusSettled;
  if (state.disputes.some((d) => d.resolvedOn === undefined)) return t.statusDisputed;
  if (planInForce(state) !== null) return t.statusPlan;
  if (state.holds.some((h) => h.liftedOn === undefined && (h.until === undefined || h.until >= today))) return t.statusHold;
  // The latest promise whose day has not passed — a day § 193 BGB moves (a Saturday, Sunday or holiday) passes
  // only after the business day it gives, which the status then names: the debtor sees what they promised.
  const promise = state.promises.at(-1);
  if (promise !== undefined && installmentLastDay(promise.by, 0, holidays).payableOn >= today) {
    return t.statusPromised(formatAmountText(t, promise.amount, state.facts.currency), showDate(t, promise.by), movedDay(t, promise.by, holidays));
  }
  if (stageKind === 'handover') return handedOverTo === 'lawyer' ? t.statusHandedOverToLawyer : t.statusHandedOver;
  if (stageKind === 'court-dunning') return t.statusCourtDunning;
  return t.statusOpen;
}

/**
 * A statement line's label and basis as the page shows them: an interest period is named with its
 * first and last day in the page's date format (core's label carries them as ISO dates, for logs and
 * files); every other line is worded in the page's language by core's `statementLineText` (German:
 * core's label and basis as they are).
 */
function lineText(t: PortalTexts, line: StatementLine): StatementLineText {
  const words = statementLineText(line, t.lang);
  if (line.part === 'interest' && line.to !== undefined) return { label: t.interestPeriod(periodInWords(line.date, line.to, t.lang, true)), basis: words.basis };
  return words;
}

function lineRow(t: PortalTexts, line: StatementLine): Html {
  const words = lineText(t, line);
  const decimal = (d: string): string => d.replace('.', t.lang === 'de' ? ',' : '.');
  const detail =
    line.part === 'interest' && line.days !== undefined && line.ratePercent !== undefined && line.onPrincipal !== undefined
      ? html`<span class="detail">${t.interestDetail(line.days, decimal(line.ratePercent), showMoney(t, line.onPrincipal))}</span>`
      : line.factor !== undefined && line.baseFee !== undefined
        ? html`<span class="detail">${t.feeDetail(decimal(line.factor), showMoney(t, line.baseFee))}</span>`
        : '';
  // What the figure rests on, in the page's language (core's one wording of the remarks).
  const remark = line.unconfirmed === undefined ? undefined : unconfirmedText(line.unconfirmed, t.lang);
  const tag = remark === undefined ? '' : html`<span class="tag" title="${remark}">${t.unconfirmedTag}</span>`;
  const unconfirmedDetail = remark === undefined ? '' : html`<span class="detail">${remark}</span>`;
  return html`<tr data-part="${line.part}"${line.unconfirmed === undefined ? '' : raw(' data-unconfirmed="true"')}>
<td>${showDate(t, line.date)}</td>
<td>${words.label}${tag}${detail}${unconfirmedDetail}</td>
<td>${words.basis}</td>
<td class="num">${showMoney(t, line.amount)}</td>
</tr>`;
}

function statementTable(t: PortalTexts, st: Statement): Html {
  const parts = (['principal', 'interest', 'costs'] as const).map(
    (part) => html`<tr><th scope="row" colspan="3">${t.parts[part]}</th><td class="num" data-total="${part}">${showMoney(t, st[part])}</td></tr>`,
  );
  const unconfirmed = (st.unconfirmed ?? []).map((u) => unconfirmedText(u, t.lang));
  return html`<table id="statement">
<caption>${t.statementCaption}. ${t.asOf(showDate(t, st.asOf))}</caption>
<thead><tr><th scope="col">${t.colDate}</th><th scope="col">${t.colItem}</th><th scope="col">${t.colBasis}</th><th scope="col" class="num">${t.colAmount}</th></tr></thead>
<tbody>${st.lines.map((l) => lineRow(t, l))}</tbody>
<tfoot>${parts}<tr><th scope="row" colspan="3">${t.totalOpen}</th><td class="num" data-total="total">${showMoney(t, st.total)}</td></tr>
${st.unapplied.amount.isZero() ? '' : html`<tr><th scope="row" colspan="3">${t.unapplied}</th><td class="num">${showMoney(t, st.unapplied)}</td></tr>`}
</tfoot>
</table>
${unconfirmed.length === 0 ? '' : html`<div class="notice" id="unconfirmed-note"><p>${t.unconfirmedNote}</p><ul>${unconfirmed.map((u) => html`<li>${u}</li>`)}</ul></div>`}`;
}

function hidden(m: ClaimPageModel): Html {
  return html`<input type="hidden" name="csrf" value="${m.csrf}"><input type="hidden" name="form" value="${m.formId}"><input type="hidden" name="lang" value="${m.t.lang}">`;
}

/** Who collects, in words: the creditor, or the agency on its behalf. */
function collector(t: PortalTexts, parties: ClaimParties): string {
  return parties.agency === null ? parties.creditor : t.onBehalfOf(parties.agency, parties.creditor);
}

/** The parties at the top of the page: the creditor, and after the hand-over the agency collecting for it. */
function partiesList(t: PortalTexts, parties: ClaimParties | null): Html | string {
  if (parties === null) return '';
  return html`<dl id="parties"><dt>${t.creditorLabel}</dt><dd id="creditor">${parties.creditor}</dd>${
    parties.agency === null ? '' : html`<dt>${t.collectorLabel}</dt><dd id="collector">${collector(t, parties)}</dd>`
  }</dl>`;
}

function payment(m: ClaimPageModel): Html {
  const { t } = m;
  const online = m.canPayOnline
    ? html`<section aria-labelledby="pay-online"><h3 id="pay-online">${t.payOnline}</h3>${
        m.payOnlineAmount === null || !m.payOnlineAmount.amount.greaterThan(0) || m.payOnlineAmount.amount.equals(m.statement.total.amount)
          ? ''
          : html`<p id="pay-online-amount">${t.payOnlineAmount(showMoney(t, m.payOnlineAmount))}</p>`
      }<p>${t.payOnlineHint}</p>
<form method="post" action="${m.self}/pay">${hidden(m)}<button type="submit" id="pay-button">${t.payOnlineButton}</button></form></section>`
    : '';
  const tr = m.transfer;
  const transfer =
    tr === null
      ? ''
      : html`<section aria-labelledby="pay-transfer"><h3 id="pay-transfer">${t.transfer}</h3><p>${t.transferHint}</p>
${tr.qrSvg === null ? '' : html`<figure id="girocode">${raw(tr.qrSvg)}</figure>`}
<dl><dt>${t.recipient}</dt><dd>${tr.name}</dd><dt>${t.iban}</dt><dd>${ibanPrint(tr.iban)}</dd>${tr.bic === undefined ? '' : html`<dt>${t.bic}</dt><dd>${tr.bic}</dd>`}
<dt>${t.amount}</dt><dd>${showMoney(t, m.statement.total)}</dd><dt>${t.reference}</dt><dd>${tr.reference}</dd></dl></section>`;
  const payee = m.payee === null ? '' : html`<p id="payee">${t.payTo(collector(t, m.payee))}</p>`;
  // Neither a provider nor an account: the page says so and how to pay, rather than a heading with nothing under it.
  if (!m.canPayOnline && tr === null) {
    const ask = askText(m);
    return html`<section aria-labelledby="pay"><h2 id="pay">${t.pay}</h2>${payee}<p id="pay-nowhere">${t.payNowhere(showMoney(t, m.statement.total))}${ask === null ? '' : ` ${ask}`}</p></section>`;
  }
  return html`<section aria-labelledby="pay"><h2 id="pay">${t.pay}</h2>${payee}<div class="grid">${online}${transfer}</div></section>`;
}

/** Whom the debtor asks: the host's contact, else the creditor by name, else nobody (null). */
function askText(m: ClaimPageModel): string | null {
  const contact = m.contact ?? null;
  if (contact !== null) return m.t.askUs(contact);
  return m.parties === null ? null : m.t.askCreditor(m.parties.creditor);
}

/** The notice on a claim holding money beyond what the debtor owed: how much, since when, that it is owed back, whom to ask. */
function overpaidNotice(m: ClaimPageModel): Html | string {
  const o = m.overpaid ?? null;
  if (o === null) return '';
  const { t } = m;
  const ask = askText(m);
  return html`<div class="notice" id="overpaid" role="note"><strong>${t.overpaidTitle}</strong><p>${t.overpaid(showMoney(t, o.amount), showDate(t, o.since), o.payments > 1)}${ask === null ? '' : ` ${ask}`}</p></div>`;
}

function planSection(m: ClaimPageModel): Html {
  const { t, rules } = m;
  const [count, first, ack] = [fieldError(m, 'plan', 'count', 'plan-count'), fieldError(m, 'plan', 'first', 'plan-first'), fieldError(m, 'plan', 'ack', 'plan-ack')];
  const plan = m.state.installmentPlan;
  // Each installment with its agreed due date and, when § 193 BGB moves it, the day it may be paid by (core's installmentLastDay).
  const installments = (p: NonNullable<typeof plan>): Html => html`<h3>${t.yourPlan}</h3>${installmentList(m, 'plan-installments', p.installments)}`;
  // A plan in force is shown with its installments and no form: a second proposal would meet the agreed plan.
  const inForce = planInForce(m.state);
  if (inForce !== null) return html`<section aria-labelledby="plan"><h2 id="plan">${t.planAgreedHeading}</h2><p id="plan-agreed">${t.planAgreedText}</p>${installments(inForce)}</section>`;
  const agreed = plan === null ? '' : installments(plan);
  // A proposal with the creditor's review: what the debtor proposed, listed as an agreed plan is.
  const proposal = m.proposal ?? null;
  const review =
    proposal === null
      ? ''
      : html`<div class="notice" id="proposal" role="note"><h3>${t.reviewHeading}</h3><p id="proposal-text">${t.reviewText(showDate(t, proposal.placedOn), proposal.until === undefined ? null : showDate(t, proposal.until))}</p>${installmentList(m, 'proposal-installments', proposal.installments)}</div>`;
  const notice =
    m.costNotice === null
      ? ''
      : html`<div class="notice" id="cost-notice" role="note"><strong>${m.handedOverTo === 'lawyer' ? t.costNoticeTitleLawyer : t.costNoticeTitle}</strong><p>${m.costNotice}</p></div>
<label class="check" for="plan-ack"><input type="checkbox" id="plan-ack" name="ack" value="yes" required${valueOf(m, 'plan', 'ack', '') === 'yes' ? raw(' checked') : ''}${ack.describedBy === '' ? '' : raw(` aria-describedby="${ack.describedBy.trim()}"`)}${ack.attrs}> <span>${t.costNoticeAck}</span></label>${ack.message}`;
  const latest = showDate(t, addDays(m.today, rules.maxDaysToFirst));
  return html`<section aria-labelledby="plan"><h2 id="plan">${t.plan}</h2>${agreed}${review}
<p id="plan-hint">${t.planHint(rules.maxInstallments, formatAmountText(t, rules.minInstallment, m.statement.currency), latest)}</p>
<p id="plan-days-hint">${t.planDaysHint}</p>
<form method="post" action="${m.self}/plan">${hidden(m)}
<label for="plan-count">${t.planCount}</label><input type="number" id="plan-count" name="count" min="1" max="${rules.maxInstallments}" value="${valueOf(m, 'plan', 'count', String(Math.min(3, rules.maxInstallments)))}" required aria-describedby="${count.describedBy}plan-hint"${count.attrs}>${count.message}
<label for="plan-first">${t.planFirst}</label><input type="date" id="plan-first" name="first" min="${m.today}" max="${addDays(m.today, rules.maxDaysToFirst)}" value="${valueOf(m, 'plan', 'first', suggestedPayDay(m.today, suggestedFirstDueInDays, rules, m.holidays))}" required aria-describedby="${first.describedBy}plan-days-hint"${first.attrs}>${first.message}
${notice}
<button type="submit" id="plan-submit">${t.planSubmit}</button></form></section>`;
}

function promiseSection(m: ClaimPageModel): Html {
  const { t } = m;
  const [amount, by] = [fieldError(m, 'promise', 'amount', 'promise-amount'), fieldError(m, 'promise', 'by', 'promise-by')];
  return html`<section aria-labelledby="promise"><h2 id="promise">${t.promise}</h2><p id="promise-hint">${t.promiseHint}</p>
<form method="post" action="${m.self}/promise">${hidden(m)}
<label for="promise-amount">${t.promiseAmount}</label><input type="text" inputmode="decimal" id="promise-amount" name="amount" value="${valueOf(m, 'promise', 'amount', amountInputText(toAmountString(m.statement.total), t.lang))}" required aria-describedby="${amount.describedBy}promise-hint"${amount.attrs}>${amount.message}
<label for="promise-by">${t.promiseBy}</label><input type="date" id="promise-by" name="by" min="${m.today}" max="${addDays(m.today, m.rules.maxDaysToFirst)}" value="${valueOf(m, 'promise', 'by', suggestedPayDay(m.today, suggestedPromiseInDays, m.rules, m.holidays))}" required${by.describedBy === '' ? '' : raw(` aria-describedby="${by.describedBy.trim()}"`)}${by.attrs}>${by.message}
<button type="submit" id="promise-submit">${t.promiseSubmit}</button></form></section>`;
}

function disputeSection(m: ClaimPageModel): Html {
  const { t } = m;
  const reason = fieldError(m, 'dispute', 'reason', 'dispute-reason');
  if (m.state.disputes.some((d) => d.resolvedOn === undefined)) return html`<section aria-labelledby="dispute"><h2 id="dispute">${t.dispute}</h2><p>${t.disputeOpen}</p></section>`;
  return html`<section aria-labelledby="dispute"><h2 id="dispute">${t.dispute}</h2><p id="dispute-hint">${t.disputeHint}</p>
<form method="post" action="${m.self}/dispute">${hidden(m)}
<label for="dispute-reason">${t.disputeReason}</label><textarea id="dispute-reason" name="reason" required minlength="3" maxlength="${disputeReasonMaxLength}" aria-describedby="${reason.describedBy}dispute-hint"${reason.attrs}>${valueOf(m, 'dispute', 'reason', '')}</textarea>${reason.message}
<button type="submit" class="secondary" id="dispute-submit">${t.disputeSubmit}</button></form></section>`;
}

function lettersSection(m: ClaimPageModel): Html {
  const { t } = m;
  if (m.letters === null) return html``;
  return html`<section aria-labelledby="letters"><h2 id="letters">${t.letters}</h2>${
    m.letters.length === 0
      ? html`<p>${t.lettersNone}</p>`
      : html`<ul>${m.letters.map((l) => html`<li><a href="${m.self}/letters/${encodeURIComponent(l.messageId)}?lang=${t.lang}" download>${t.letterLink(showDate(t, l.date), Object.hasOwn(t.letterTitles, l.template) ? (t.letterTitles[l.template] as string) : null)}</a></li>`)}</ul>`
  }</section>`;
}

/** An IBAN in print form: groups of four (ISO 13616), easier to read and type. */
function ibanPrint(iban: string): string {
  return iban.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');
}

/** @internal The claim page. */
export function claimPage(m: ClaimPageModel): Html {
  const { t, state, statement } = m;
  const facts = state.facts;
  const open = statement.total.amount.greaterThan(0) && state.status !== 'settled';
  const banner = m.banner === null ? '' : html`<p class="notice ${m.banner.kind}" role="${m.banner.kind === 'err' ? 'alert' : 'status'}" id="banner">${m.banner.text}</p>`;
  // A debtor whose personal data was erased (or no longer matches its commitment) has no name to show: core's stand-in ("gelöscht") is not one.
  const named = facts.debtor.personalData === undefined || facts.debtor.personalData.status === 'held';
  const body = html`<header><span>${named ? facts.debtor.name : ''}</span><a href="${m.otherLanguageHref}" lang="${t.otherLanguageName}" hreflang="${t.otherLanguageName}">${t.otherLanguage}</a></header>
<main id="main">
<h1>${t.claim(facts.reference ?? facts.id)}</h1>
${partiesList(t, m.parties)}
${facts.description === undefined ? '' : html`<p>${facts.description}</p>`}
<p>${t.totalOpen}: <strong id="total">${showMoney(t, statement.total)}</strong> · <span id="status">${statusText(t, state, m.stageKind, m.handedOverTo, open, m.today, m.holidays)}</span></p>
${banner}
${open ? '' : html`<p class="notice ok">${t.settledText}</p>`}
${overpaidNotice(m)}
<section aria-labelledby="statement-heading"><h2 id="statement-heading">${t.statement}</h2>${statementTable(t, statement)}</section>
${open ? payment(m) : ''}
${open ? planSection(m) : ''}
${open ? promiseSection(m) : ''}
${open ? disputeSection(m) : ''}
${lettersSection(m)}
</main>`;
  return layout(t, `${t.title} – ${facts.reference ?? facts.id}`, body);
}

/** @internal An amount text (`"25.00"`) shown as money of the page's language. */
export function formatAmountText(t: PortalTexts, amount: string, currency: string): string {
  return formatMoney(money(amount, currency), locale(t));
}
