import { causesDefaultParagraphs, courtCostsParagraphs, keptHtml, keptOr, keptText } from './pieces.js';
import type { LocaleTemplateSet } from './set.js';

const deadlineText = '{{#if deadline}}by {{date deadline}}{{else}}without delay{{/if}}';

/** The notice whose receipt puts the debtor in default says so (`causesDefault`, § 286 Abs. 1 BGB): dunning and final notice, text and HTML. */
const causesDefaultText =
  'With the receipt of this notice you are in default of payment (§ 286(1) BGB); from the following day you also owe default interest (§ 288 BGB) until payment is received.{{#if deadline}} The deadline of {{date deadline}} is not a deferral of payment: it gives you the opportunity to pay before we take further steps.{{/if}}';

/**
 * The Mahnung that puts the debtor in default only once its deadline has passed unpaid says so
 * (`causesDefaultAfterDeadline`, § 286 Abs. 1 BGB; a policy with `mahnungDefault: 'after-deadline'`):
 * dunning and final notice, text and HTML.
 */
const causesDefaultAfterDeadlineText =
  'If you do not pay by {{date deadline}}, you are in default of payment from the following day (§ 286(1) BGB); from then on you also owe default interest (§ 288 BGB) until payment is received.';

/** The paragraph of a dunning or final notice that says when default begins, text and HTML (pieces.ts). */
const defaultParagraph = causesDefaultParagraphs(causesDefaultAfterDeadlineText, causesDefaultText);

/** The subject of a stage's letter after a kept installment plan: the stage's title, then that it asks for the remainder. */
const keptSubject = (title: string, usual: string): string => `{{#if afterKeptPlan}}${title}: remaining balance after instalments – invoice {{claim.reference}}{{else}}${usual}{{/if}}`;

/** After a kept installment plan: the demand for the remainder (`total`: the amount as the format shows it), with the deadline. */
const keptDemandOf = (total: string): string => `Please pay the remaining balance of ${total} ${deadlineText}`;
const keptDemand = keptDemandOf('{{money statement.total}}');
const keptDemandHtml = keptDemandOf('<strong>{{money statement.total}}</strong>');

/** After a kept installment plan: the letter's last paragraph (questions and objections; already paid). */
const keptClosing =
  'If you have any questions about this statement or objections to any item, please contact us. If you have already transferred the remaining balance, please disregard this message.';

/**
 * After a kept installment plan, the final notice and the court dunning announcement say what may follow,
 * as a reservation: the next stage may not be taken (e.g. for a remainder below the policy's minimum).
 */
const keptFinalNext =
  'If the remaining balance is not received in time, we reserve the right to hand the claim over to a collection agency or to apply for a court order for payment (Mahnbescheid); this could cause you further costs.';
const keptCourtNext =
  'If it is not received in time, we reserve the right to apply {{#if creditor.isCollectionAgency}}on behalf of your creditor {{/if}}to the competent court for a court order for payment (Mahnbescheid, §§ 688 ff. ZPO).';

/**
 * The court dunning announcement's further costs, after a kept installment plan and in the usual letter,
 * text and HTML (pieces.ts): the prospective costs listed, or else the court fees in general.
 */
const courtCosts = courtCostsParagraphs({
  intro: 'This would cause further costs for you, not included in the total above:',
  keptOtherwise: 'This would cause further costs, in particular court fees under the German Court Fees Act (GKG).',
  otherwise: 'This causes further costs, in particular court fees under the German Court Fees Act (GKG), which will be claimed from you in the order.',
});

/** English built-in templates. German legal references are kept as they are cited in Germany. */
export const en: LocaleTemplateSet = {
  subjects: {
    reminder: keptSubject('Payment reminder', 'Payment reminder – invoice {{claim.reference}}'),
    'dunning-notice': keptSubject('Dunning notice', 'Dunning notice – invoice {{claim.reference}}'),
    'final-notice': keptSubject('Final notice', 'Final notice – invoice {{claim.reference}}'),
    'handover-inkasso': `Demand for payment on behalf of {{#if inkasso.client}}{{inkasso.client.name}}{{else}}our client{{/if}}{{#if afterKeptPlan}}: remaining balance after instalments{{/if}} – claim {{claim.reference}}`,
    'court-dunning-announcement': keptSubject('Notice of court dunning proceedings', 'Notice of court dunning proceedings – invoice {{claim.reference}}'),
  },

  bodies: {
    reminder: keptOr(
      keptText(`Please transfer the remaining balance of {{money statement.total}} ${deadlineText}.`, '{{> payment}}', keptClosing),
      `This may have escaped your attention: our invoice {{claim.reference}} of {{date claim.invoiceDate}}{{#if claim.subject}} for {{claim.subject}}{{/if}} was due for payment on {{date claim.dueDate}}. {{#if paidInPart}}We have not yet received payment in full.{{else}}We have not yet received your payment.{{/if}}

{{> statement}}

Please transfer the outstanding amount of {{money statement.total}} ${deadlineText}.

{{> payment}}

If you have already paid, please disregard this message.
`,
    ),
    'dunning-notice': keptOr(
      keptText(`${keptDemand}.\n${defaultParagraph.text}`, '{{> payment}}', keptClosing),
      `Our invoice {{claim.reference}} of {{date claim.invoiceDate}}{{#if claim.subject}} for {{claim.subject}}{{/if}} was due on {{date claim.dueDate}} and has not been paid{{#if paidInPart}} in full{{/if}} to date.

We hereby request that you pay the outstanding total of {{money statement.total}} ${deadlineText}.

{{#if causesDefaultAfterDeadline}}
${causesDefaultAfterDeadlineText}
{{else if causesDefault}}
${causesDefaultText}
{{else if hasInterest}}
As you are in default, you also owe default interest (§ 288 BGB), which continues to accrue until payment is received.
{{/if}}

{{> statement}}

{{> payment}}

If you have any objections to the claim, please let us know immediately. If you have already paid, please disregard this message.
`,
    ),
    'final-notice': keptOr(
      keptText(`${keptDemand}.\n${defaultParagraph.text}`, '{{> payment}}', keptFinalNext, keptClosing),
      `{{#if earlierNoticeNotReceived}}Our invoice {{claim.reference}} of {{date claim.invoiceDate}}{{#if claim.subject}} for {{claim.subject}}{{/if}}, due on {{date claim.dueDate}}, {{#if paidInPart}}has still not been paid in full{{else}}remains unpaid{{/if}}.{{else}}Despite our dunning notice, our invoice {{claim.reference}} of {{date claim.invoiceDate}}{{#if claim.subject}} for {{claim.subject}}{{/if}}, due on {{date claim.dueDate}}, {{#if paidInPart}}has still not been paid in full{{else}}remains unpaid{{/if}}.{{/if}}

{{> statement}}

This is your final opportunity to pay the total of {{money statement.total}} ${deadlineText}.
${defaultParagraph.text}

{{> payment}}

If payment is not received in time, we will take further steps without further notice, in particular handing the claim over to a collection agency or applying for a court order for payment (Mahnbescheid). This may cause you further costs.

If you have any objections to the claim, please let us know immediately.
`,
    ),
    'handover-inkasso': keptOr(
      keptText(`${keptDemand} to us.`, '{{> payment}}', '{{> inkasso-disclosure}}', keptClosing),
      `{{#if inkasso.client}}{{inkasso.client.name}}{{else}}Your creditor{{/if}} has instructed us to collect their claim from invoice {{claim.reference}} of {{date claim.invoiceDate}}{{#if claim.subject}} for {{claim.subject}}{{/if}}. The claim fell due on {{date claim.dueDate}} and has not been paid{{#if paidInPart}} in full{{/if}}.

We request that you pay the total of {{money statement.total}} to us ${deadlineText}.

{{> statement}}

{{> payment}}

{{> inkasso-disclosure}}

If you have any objections to the claim, please let us know immediately.
`,
    ),
    'court-dunning-announcement': keptOr(
      keptText(`${keptDemand}. ${keptCourtNext}\n${courtCosts.kept.text}`, '{{> payment}}', `You could lodge an objection (Widerspruch) against a court order for payment. ${keptClosing}`),
      `{{#if creditor.isCollectionAgency}}The claim of your creditor{{#if inkasso.client}} {{inkasso.client.name}}{{/if}} from invoice {{claim.reference}} of {{date claim.invoiceDate}}{{#if claim.subject}} for {{claim.subject}}{{/if}} is still outstanding despite our demand for payment.{{else}}The claim from our invoice {{claim.reference}} of {{date claim.invoiceDate}}{{#if claim.subject}} for {{claim.subject}}{{/if}} is still outstanding{{#unless earlierNoticeNotReceived}} despite our dunning notice{{/unless}}.{{/if}}

{{> statement}}

If we do not receive the total of {{money statement.total}} ${deadlineText}, we will {{#if creditor.isCollectionAgency}}on behalf of your creditor {{/if}}apply to the competent court for a court order for payment (Mahnbescheid, §§ 688 ff. ZPO).
${courtCosts.usual.text}

{{> payment}}

You may lodge an objection (Widerspruch) against a court order for payment. If you have any objections to the claim, please let us know now.
`,
    ),
  },

  bodiesHtml: {
    reminder: keptOr(
      keptHtml(`<p>Please transfer the remaining balance of <strong>{{money statement.total}}</strong> ${deadlineText}.</p>`, '{{> payment}}', `<p>${keptClosing}</p>`),
      `<p>This may have escaped your attention: our invoice {{claim.reference}} of {{date claim.invoiceDate}}{{#if claim.subject}} for {{claim.subject}}{{/if}} was due for payment on {{date claim.dueDate}}. {{#if paidInPart}}We have not yet received payment in full.{{else}}We have not yet received your payment.{{/if}}</p>
{{> statement}}
<p>Please transfer the outstanding amount of <strong>{{money statement.total}}</strong> ${deadlineText}.</p>
{{> payment}}
<p>If you have already paid, please disregard this message.</p>
`,
    ),
    'dunning-notice': keptOr(
      keptHtml(`<p>${keptDemandHtml}.</p>`, defaultParagraph.html, '{{> payment}}', `<p>${keptClosing}</p>`),
      `<p>Our invoice {{claim.reference}} of {{date claim.invoiceDate}}{{#if claim.subject}} for {{claim.subject}}{{/if}} was due on {{date claim.dueDate}} and has not been paid{{#if paidInPart}} in full{{/if}} to date.</p>
<p>We hereby request that you pay the outstanding total of <strong>{{money statement.total}}</strong> ${deadlineText}.</p>
{{#if causesDefaultAfterDeadline}}
<p>${causesDefaultAfterDeadlineText}</p>
{{else if causesDefault}}
<p>${causesDefaultText}</p>
{{else if hasInterest}}
<p>As you are in default, you also owe default interest (§ 288 BGB), which continues to accrue until payment is received.</p>
{{/if}}
{{> statement}}
{{> payment}}
<p>If you have any objections to the claim, please let us know immediately. If you have already paid, please disregard this message.</p>
`,
    ),
    'final-notice': keptOr(
      keptHtml(`<p>${keptDemandHtml}.</p>`, defaultParagraph.html, '{{> payment}}', `<p>${keptFinalNext}</p>`, `<p>${keptClosing}</p>`),
      `<p>{{#if earlierNoticeNotReceived}}Our invoice {{claim.reference}} of {{date claim.invoiceDate}}{{#if claim.subject}} for {{claim.subject}}{{/if}}, due on {{date claim.dueDate}}, {{#if paidInPart}}has still not been paid in full{{else}}remains unpaid{{/if}}.{{else}}Despite our dunning notice, our invoice {{claim.reference}} of {{date claim.invoiceDate}}{{#if claim.subject}} for {{claim.subject}}{{/if}}, due on {{date claim.dueDate}}, {{#if paidInPart}}has still not been paid in full{{else}}remains unpaid{{/if}}.{{/if}}</p>
{{> statement}}
<p>This is your final opportunity to pay the total of <strong>{{money statement.total}}</strong> ${deadlineText}.</p>
${defaultParagraph.html}
{{> payment}}
<p>If payment is not received in time, we will take further steps without further notice, in particular handing the claim over to a collection agency or applying for a court order for payment (Mahnbescheid). This may cause you further costs.</p>
<p>If you have any objections to the claim, please let us know immediately.</p>
`,
    ),
    'handover-inkasso': keptOr(
      keptHtml(`<p>${keptDemandHtml} to us.</p>`, '{{> payment}}', '{{> inkasso-disclosure}}', `<p>${keptClosing}</p>`),
      `<p>{{#if inkasso.client}}{{inkasso.client.name}}{{else}}Your creditor{{/if}} has instructed us to collect their claim from invoice {{claim.reference}} of {{date claim.invoiceDate}}{{#if claim.subject}} for {{claim.subject}}{{/if}}. The claim fell due on {{date claim.dueDate}} and has not been paid{{#if paidInPart}} in full{{/if}}.</p>
<p>We request that you pay the total of <strong>{{money statement.total}}</strong> to us ${deadlineText}.</p>
{{> statement}}
{{> payment}}
{{> inkasso-disclosure}}
<p>If you have any objections to the claim, please let us know immediately.</p>
`,
    ),
    'court-dunning-announcement': keptOr(
      keptHtml(`<p>${keptDemandHtml}. ${keptCourtNext}</p>`, courtCosts.kept.html, '{{> payment}}', `<p>You could lodge an objection (Widerspruch) against a court order for payment. ${keptClosing}</p>`),
      `<p>{{#if creditor.isCollectionAgency}}The claim of your creditor{{#if inkasso.client}} {{inkasso.client.name}}{{/if}} from invoice {{claim.reference}} of {{date claim.invoiceDate}}{{#if claim.subject}} for {{claim.subject}}{{/if}} is still outstanding despite our demand for payment.{{else}}The claim from our invoice {{claim.reference}} of {{date claim.invoiceDate}}{{#if claim.subject}} for {{claim.subject}}{{/if}} is still outstanding{{#unless earlierNoticeNotReceived}} despite our dunning notice{{/unless}}.{{/if}}</p>
{{> statement}}
<p>If we do not receive the total of <strong>{{money statement.total}}</strong> ${deadlineText}, we will {{#if creditor.isCollectionAgency}}on behalf of your creditor {{/if}}apply to the competent court for a court order for payment (Mahnbescheid, §§ 688 ff. ZPO).</p>
${courtCosts.usual.html}
{{> payment}}
<p>You may lodge an objection (Widerspruch) against a court order for payment. If you have any objections to the claim, please let us know now.</p>
`,
    ),
  },

  sms: {
    reminder:
      '{{creditor.name}}: Reminder inv. {{claim.reference}}, {{money statement.total}} due{{#if deadline}} by {{date deadline}}{{/if}}. {{#if paymentLink}}{{paymentLink}}{{else}}Details by post/e-mail.{{/if}}',
    'dunning-notice':
      '{{creditor.name}}: Dunning notice inv. {{claim.reference}}: please pay {{money statement.total}} {{#if deadline}}by {{date deadline}}{{else}}now{{/if}}{{#if paymentLink}}: {{paymentLink}}{{else}}. Details by post/e-mail.{{/if}}',
    'final-notice':
      '{{creditor.name}}: Final notice inv. {{claim.reference}}: pay {{money statement.total}} {{#if deadline}}by {{date deadline}}{{else}}now{{/if}}{{#if paymentLink}}: {{paymentLink}}{{else}}. Details by post/e-mail.{{/if}}',
    'handover-inkasso':
      '{{creditor.name}}{{#if inkasso.client}} for {{inkasso.client.name}}{{/if}}: claim {{claim.reference}}, {{money statement.total}} due{{#if paymentLink}}: {{paymentLink}}{{else}}. Details by post/e-mail.{{/if}}',
    'court-dunning-announcement':
      '{{creditor.name}}: pay inv. {{claim.reference}} ({{money statement.total}}) {{#if deadline}}by {{date deadline}}{{else}}now{{/if}} or we seek a court order{{#if paymentLink}}: {{paymentLink}}{{else}}.{{/if}}',
  },

  partials: {
    salutation: '{{#if debtor.isConsumer}}Dear {{debtor.name}},{{else}}Dear Sir or Madam,{{/if}}\n',

    // The opening of a letter after a kept installment plan (`afterKeptPlan`): thanks for the payments, what they came to
    // and that a remainder is left; why, the statement below shows with its own lines and their bases — the letter adds no
    // reason of its own (whether default interest runs during a Stundung is open, docs/legal-notes.md).
    'after-kept-plan': `Thank you for your payments under the instalment agreement of {{date afterKeptPlan.agreedOn}} {{#if creditor.isCollectionAgency}}for the claim{{#if inkasso.client}} of your creditor {{inkasso.client.name}}{{/if}} from invoice{{else}}for our invoice{{/if}} {{claim.reference}} of {{date claim.invoiceDate}}{{#if claim.subject}} for {{claim.subject}}{{/if}}. {{#if afterKeptPlan.paidAsAgreed}}You have paid {{plural afterKeptPlan.installments "the agreed instalment" "all agreed instalments"}}, {{money afterKeptPlan.paid}} in total.{{else}}You have paid {{money afterKeptPlan.paid}} under it in total.{{/if}}

After allocating your payments, a remaining balance of {{money statement.total}} is still open. The statement below shows how we allocated your payments and what the remaining balance consists of, with the legal basis of each item.
`,
    'after-kept-plan.html': `<p>Thank you for your payments under the instalment agreement of {{date afterKeptPlan.agreedOn}} {{#if creditor.isCollectionAgency}}for the claim{{#if inkasso.client}} of your creditor {{inkasso.client.name}}{{/if}} from invoice{{else}}for our invoice{{/if}} {{claim.reference}} of {{date claim.invoiceDate}}{{#if claim.subject}} for {{claim.subject}}{{/if}}. {{#if afterKeptPlan.paidAsAgreed}}You have paid {{plural afterKeptPlan.installments "the agreed instalment" "all agreed instalments"}}, <strong>{{money afterKeptPlan.paid}}</strong> in total.{{else}}You have paid <strong>{{money afterKeptPlan.paid}}</strong> under it in total.{{/if}}</p>
<p>After allocating your payments, a remaining balance of <strong>{{money statement.total}}</strong> is still open. The statement below shows how we allocated your payments and what the remaining balance consists of, with the legal basis of each item.</p>
`,

    'letter-head': `{{creditor.name}} · {{join creditor.addressLines " · "}}

{{debtor.name}}
{{#each debtor.addressLines}}
{{this}}
{{/each}}

{{#if debtor.customerNumber}}
Customer number: {{debtor.customerNumber}}
{{/if}}
Date: {{date letterDate}}
`,
    'letter-head.html': `<header class="sender">{{creditor.name}} · {{join creditor.addressLines " · "}}</header>
<address class="recipient">{{debtor.name}}{{#each debtor.addressLines}}<br>{{this}}{{/each}}</address>
<p class="meta">{{#if debtor.customerNumber}}Customer number: {{debtor.customerNumber}}<br>{{/if}}Date: {{date letterDate}}</p>
`,

    statement: `Statement of account (as of {{date statement.asOf}}):
{{#each lines}}
{{#if isInterestPeriod}}
- Interest {{period date to}}: {{days}} {{plural days "day" "days"}} at {{percent ratePercent}} p.a.{{#if onPrincipal}} on {{money onPrincipal}}{{/if}}{{#if basis}} ({{basis}}){{/if}}: {{money amount}}
{{else if code}}
- {{label}} of {{date date}}{{#if basis}}{{#unless basisInLabel}} ({{basis}}){{/unless}}{{/if}}: {{#if factor}}{{decimal factor}} × {{money baseFee}} = {{/if}}{{money amount}}
{{else}}
- {{label}} of {{date date}}{{#if basis}} ({{basis}}){{/if}}: {{money amount}}
{{/if}}
{{/each}}

Principal: {{money statement.principal}}
{{#if hasInterestTotal}}
Interest: {{money statement.interest}}
{{/if}}
{{#if hasCostsTotal}}
Costs: {{money statement.costs}}
{{/if}}
Total due: {{money statement.total}}
`,
    // The printed letter's pieces: the items of its head for the layout's information block (the customer number; one
    // `label⇥value` line per item, which the renderer turns into the message's letterHead), and in the letter body
    // (`<locale>/letter/<name>.body`) the statement as a table — the cells of statement.html, separated by tabs, which the
    // renderer turns into the message's letterStatement, leaving a `[statement]` paragraph in the body.
    'letter-info': `{{#if debtor.customerNumber}}
Customer number\t{{debtor.customerNumber}}
{{/if}}
`,
    'letter-statement': `Statement of account (as of {{date statement.asOf}})
{{#each lines}}
{{#if isInterestPeriod}}Interest {{period date to}}: {{days}} {{plural days "day" "days"}} at {{percent ratePercent}} p.a.{{#if onPrincipal}} on {{money onPrincipal}}{{/if}}{{else}}{{label}} of {{date date}}{{#if factor}}, {{decimal factor}} × {{money baseFee}}{{/if}}{{/if}}\t{{basis}}\t{{money amount}}
{{/each}}
Principal\t{{money statement.principal}}
{{#if hasInterestTotal}}
Interest\t{{money statement.interest}}
{{/if}}
{{#if hasCostsTotal}}
Costs\t{{money statement.costs}}
{{/if}}
Total due\t{{money statement.total}}
`,
    'statement.html': `<table class="statement">
<caption>Statement of account (as of {{date statement.asOf}})</caption>
<thead><tr><th>Item</th><th>Basis</th><th class="amount">Amount</th></tr></thead>
<tbody>
{{#each lines}}
<tr><td>{{#if isInterestPeriod}}Interest {{period date to}}: {{days}} {{plural days "day" "days"}} at {{percent ratePercent}} p.a.{{#if onPrincipal}} on {{money onPrincipal}}{{/if}}{{else}}{{label}} of {{date date}}{{#if factor}}, {{decimal factor}} × {{money baseFee}}{{/if}}{{/if}}</td><td>{{basis}}</td><td class="amount">{{money amount}}</td></tr>
{{/each}}
</tbody>
<tfoot>
<tr><td colspan="2">Principal</td><td class="amount">{{money statement.principal}}</td></tr>
{{#if hasInterestTotal}}
<tr><td colspan="2">Interest</td><td class="amount">{{money statement.interest}}</td></tr>
{{/if}}
{{#if hasCostsTotal}}
<tr><td colspan="2">Costs</td><td class="amount">{{money statement.costs}}</td></tr>
{{/if}}
<tr class="total"><th colspan="2">Total due</th><th class="amount">{{money statement.total}}</th></tr>
</tfoot>
</table>
`,

    payment: `{{#if creditor.bank}}
Bank details: {{#if creditor.bank.holder}}{{creditor.bank.holder}}, {{/if}}IBAN {{creditor.bank.iban}}{{#if creditor.bank.bic}}, BIC {{creditor.bank.bic}}{{/if}}{{#if creditor.bank.bankName}} ({{creditor.bank.bankName}}){{/if}}
Payment reference (please quote unchanged): {{claim.paymentReference}}
{{/if}}
{{#if paymentLink}}
Pay online: {{paymentLink}}
{{/if}}
`,
    'payment.html': `{{#if creditor.bank}}
<p class="bank">Bank details: {{#if creditor.bank.holder}}{{creditor.bank.holder}}, {{/if}}IBAN {{creditor.bank.iban}}{{#if creditor.bank.bic}}, BIC {{creditor.bank.bic}}{{/if}}{{#if creditor.bank.bankName}} ({{creditor.bank.bankName}}){{/if}}<br>Payment reference (please quote unchanged): {{claim.paymentReference}}</p>
{{/if}}
{{#if paymentLink}}
<p class="pay"><a href="{{paymentLink}}">Pay online now</a></p>
{{/if}}
`,

    'inkasso-disclosure': `Information under § 13a(1) RDG (German Legal Services Act):
{{#if inkasso.client}}
Client: {{inkasso.client.name}}{{#if inkasso.client.addressLines}}, {{join inkasso.client.addressLines ", "}}{{/if}}
{{/if}}
{{#if inkasso.claimReason}}
Reason for the claim: {{#if inkasso.claimReason.isContract}}contract of {{date inkasso.claimReason.date}} for {{inkasso.claimReason.subject}}{{else}}{{inkasso.claimReason.subject}} on {{date inkasso.claimReason.date}}{{/if}}; invoice {{claim.reference}} of {{date claim.invoiceDate}}, due on {{date claim.dueDate}}
{{/if}}
Interest calculation:
{{#each interestLines}}
- {{#if onPrincipal}}{{money onPrincipal}} × {{/if}}{{percent ratePercent}} p.a. {{period date to from=true}} ({{days}} {{plural days "day" "days"}}) = {{money amount}}{{#if basis}} ({{basis}}){{/if}}
{{else}}
- No interest is claimed.
{{/each}}
{{#if inkasso.higherInterest}}
Note: the interest rate is above the statutory default rate (base rate plus 5 percentage points, § 288(1) BGB). Reason: {{inkasso.higherInterestReason}}
{{/if}}
Costs (type, amount and origin):
{{#each costLines}}
- {{label}}{{#if factor}} ({{decimal factor}} × {{money baseFee}}){{/if}}: {{money amount}}, {{#if isCredit}}credited on{{else}}incurred on{{/if}} {{date date}}{{#if basis}}; basis: {{basis}}{{/if}}
{{else}}
- No costs are claimed.
{{/each}}
{{#if inkasso.vatOnCosts}}
VAT: our client is not entitled to deduct input VAT; the VAT on the collection costs is therefore claimed.
{{/if}}
{{#if inkasso.addressResearched}}
Address: your address was not provided by our client but researched by us{{#if inkasso.addressSource}} ({{inkasso.addressSource}}){{/if}}. If it is wrong, please tell us {{#if creditor.email}}by e-mail to {{creditor.email}} or {{/if}}in writing to {{creditor.name}}, {{join creditor.addressLines ", "}}.
{{/if}}
{{#if inkasso.supervisoryAuthority}}
Competent supervisory authority: {{inkasso.supervisoryAuthority.name}}{{#if inkasso.supervisoryAuthority.addressLines}}, {{join inkasso.supervisoryAuthority.addressLines ", "}}{{/if}}{{#if inkasso.supervisoryAuthority.email}}, e-mail: {{inkasso.supervisoryAuthority.email}}{{/if}}{{#if inkasso.supervisoryAuthority.website}}, {{inkasso.supervisoryAuthority.website}}{{/if}}
{{/if}}
`,
    'inkasso-disclosure.html': `<section class="disclosure">
<h2>Information under § 13a(1) RDG (German Legal Services Act)</h2>
<dl>
{{#if inkasso.client}}
<dt>Client</dt><dd>{{inkasso.client.name}}{{#if inkasso.client.addressLines}}, {{join inkasso.client.addressLines ", "}}{{/if}}</dd>
{{/if}}
{{#if inkasso.claimReason}}
<dt>Reason for the claim</dt><dd>{{#if inkasso.claimReason.isContract}}contract of {{date inkasso.claimReason.date}} for {{inkasso.claimReason.subject}}{{else}}{{inkasso.claimReason.subject}} on {{date inkasso.claimReason.date}}{{/if}}; invoice {{claim.reference}} of {{date claim.invoiceDate}}, due on {{date claim.dueDate}}</dd>
{{/if}}
<dt>Interest calculation</dt>
{{#each interestLines}}
<dd>{{#if onPrincipal}}{{money onPrincipal}} × {{/if}}{{percent ratePercent}} p.a. {{period date to from=true}} ({{days}} {{plural days "day" "days"}}) = {{money amount}}{{#if basis}} ({{basis}}){{/if}}</dd>
{{else}}
<dd>No interest is claimed.</dd>
{{/each}}
{{#if inkasso.higherInterest}}
<dt>Note on the interest rate</dt><dd>The interest rate is above the statutory default rate (base rate plus 5 percentage points, § 288(1) BGB). Reason: {{inkasso.higherInterestReason}}</dd>
{{/if}}
<dt>Costs (type, amount and origin)</dt>
{{#each costLines}}
<dd>{{label}}{{#if factor}} ({{decimal factor}} × {{money baseFee}}){{/if}}: {{money amount}}, {{#if isCredit}}credited on{{else}}incurred on{{/if}} {{date date}}{{#if basis}}; basis: {{basis}}{{/if}}</dd>
{{else}}
<dd>No costs are claimed.</dd>
{{/each}}
{{#if inkasso.vatOnCosts}}
<dt>VAT</dt><dd>Our client is not entitled to deduct input VAT; the VAT on the collection costs is therefore claimed.</dd>
{{/if}}
{{#if inkasso.addressResearched}}
<dt>Address</dt><dd>Your address was not provided by our client but researched by us{{#if inkasso.addressSource}} ({{inkasso.addressSource}}){{/if}}. If it is wrong, please tell us {{#if creditor.email}}by e-mail to {{creditor.email}} or {{/if}}in writing to {{creditor.name}}, {{join creditor.addressLines ", "}}.</dd>
{{/if}}
{{#if inkasso.supervisoryAuthority}}
<dt>Competent supervisory authority</dt><dd>{{inkasso.supervisoryAuthority.name}}{{#if inkasso.supervisoryAuthority.addressLines}}, {{join inkasso.supervisoryAuthority.addressLines ", "}}{{/if}}{{#if inkasso.supervisoryAuthority.email}}, e-mail: {{inkasso.supervisoryAuthority.email}}{{/if}}{{#if inkasso.supervisoryAuthority.website}}, {{inkasso.supervisoryAuthority.website}}{{/if}}</dd>
{{/if}}
</dl>
</section>
`,

    closing: `Yours sincerely
{{#if creditor.signature}}{{creditor.signature}}{{else}}{{creditor.name}}{{/if}}
`,
    'closing.html': `<p class="closing">Yours sincerely<br>{{#if creditor.signature}}{{creditor.signature}}{{else}}{{creditor.name}}{{/if}}</p>
`,

    footer: `--
{{creditor.name}} · {{join creditor.addressLines " · "}}
{{#if creditor.phone}}
Phone: {{creditor.phone}}
{{/if}}
{{#if creditor.email}}
E-mail: {{creditor.email}}
{{/if}}
{{#if creditor.website}}
{{creditor.website}}
{{/if}}
{{#if creditor.registration}}
{{creditor.registration}}
{{/if}}
`,
    'footer.html': `<footer>{{creditor.name}} · {{join creditor.addressLines " · "}}{{#if creditor.phone}}<br>Phone: {{creditor.phone}}{{/if}}{{#if creditor.email}}<br>E-mail: {{creditor.email}}{{/if}}{{#if creditor.website}}<br>{{creditor.website}}{{/if}}{{#if creditor.registration}}<br>{{creditor.registration}}{{/if}}</footer>
`,
  },
};
