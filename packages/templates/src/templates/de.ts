import { causesDefaultParagraphs, courtCostsParagraphs, keptHtml, keptOr, keptText } from './pieces.js';
import type { LocaleTemplateSet } from './set.js';

const deadlineText = '{{#if deadline}}bis zum {{date deadline}}{{else}}umgehend{{/if}}';

/** The notice whose receipt puts the debtor in default says so (`causesDefault`, § 286 Abs. 1 BGB): dunning and final notice, text and HTML. */
const causesDefaultText =
  'Mit dem Zugang dieser Mahnung geraten Sie in Zahlungsverzug (§ 286 Abs. 1 BGB); ab dem folgenden Tag schulden Sie zusätzlich Verzugszinsen (§ 288 BGB) bis zum Zahlungseingang.{{#if deadline}} Die Zahlungsfrist bis zum {{date deadline}} ist keine Stundung: Sie gibt Ihnen Gelegenheit zu zahlen, bevor wir weitere Schritte einleiten.{{/if}}';

/**
 * The Mahnung that puts the debtor in default only once its deadline has passed unpaid says so
 * (`causesDefaultAfterDeadline`, § 286 Abs. 1 BGB; a policy with `mahnungDefault: 'after-deadline'`):
 * dunning and final notice, text and HTML.
 */
const causesDefaultAfterDeadlineText =
  'Zahlen Sie nicht bis zum {{date deadline}}, geraten Sie ab dem folgenden Tag in Zahlungsverzug (§ 286 Abs. 1 BGB); von da an schulden Sie zusätzlich Verzugszinsen (§ 288 BGB) bis zum Zahlungseingang.';

/** The paragraph of a dunning or final notice that says when default begins, text and HTML (pieces.ts). */
const defaultParagraph = causesDefaultParagraphs(causesDefaultAfterDeadlineText, causesDefaultText);

/** The subject of a stage's letter after a kept installment plan: the stage's title, then that it asks for the remainder. */
const keptSubject = (title: string, usual: string): string => `{{#if afterKeptPlan}}${title}: Restbetrag nach Ratenzahlung – Rechnung {{claim.reference}}{{else}}${usual}{{/if}}`;

/** After a kept installment plan: the demand for the remainder (`total`: the amount as the format shows it), with the deadline. */
const keptDemandOf = (total: string): string => `Bitte zahlen Sie den Restbetrag von ${total} ${deadlineText}`;
const keptDemand = keptDemandOf('{{money statement.total}}');
const keptDemandHtml = keptDemandOf('<strong>{{money statement.total}}</strong>');

/** After a kept installment plan: the letter's last paragraph (questions and objections; already paid). */
const keptClosing =
  'Haben Sie Fragen zu dieser Aufstellung oder Einwände gegen einzelne Positionen, melden Sie sich bitte bei uns. Haben Sie den Restbetrag bereits überwiesen, betrachten Sie dieses Schreiben bitte als gegenstandslos.';

/**
 * After a kept installment plan, the final notice and the court dunning announcement say what may follow,
 * as a reservation: the next stage may not be taken (e.g. for a remainder below the policy's minimum).
 */
const keptFinalNext =
  'Geht der Restbetrag nicht fristgerecht ein, behalten wir uns vor, die Forderung an ein Inkassounternehmen zu übergeben oder einen gerichtlichen Mahnbescheid zu beantragen; dadurch könnten Ihnen weitere Kosten entstehen.';
const keptCourtNext =
  'Geht er nicht fristgerecht ein, behalten wir uns vor, {{#if creditor.isCollectionAgency}}im Auftrag Ihres Gläubigers {{/if}}beim zuständigen Mahngericht den Erlass eines Mahnbescheids zu beantragen (§§ 688 ff. ZPO).';

/**
 * The court dunning announcement's further costs, after a kept installment plan and in the usual letter,
 * text and HTML (pieces.ts): the prospective costs listed, or else the court fees in general.
 */
const courtCosts = courtCostsParagraphs({
  intro: 'Dadurch entstünden weitere Kosten, die Sie zu tragen hätten und die im obigen Gesamtbetrag nicht enthalten sind:',
  keptOtherwise: 'Dadurch entstünden weitere Kosten, insbesondere Gerichtskosten nach dem Gerichtskostengesetz.',
  otherwise: 'Dadurch entstehen weitere Kosten, insbesondere Gerichtskosten nach dem Gerichtskostengesetz, die im Mahnbescheid gegen Sie geltend gemacht werden.',
});

/** German built-in templates. */
export const de: LocaleTemplateSet = {
  subjects: {
    reminder: keptSubject('Zahlungserinnerung', 'Zahlungserinnerung – Rechnung {{claim.reference}}'),
    'dunning-notice': keptSubject('Mahnung', 'Mahnung – Rechnung {{claim.reference}}'),
    'final-notice': keptSubject('Letzte Mahnung', 'Letzte Mahnung – Rechnung {{claim.reference}}'),
    'handover-inkasso': `Zahlungsaufforderung im Auftrag {{#if inkasso.client}}von {{inkasso.client.name}}{{else}}unseres Auftraggebers{{/if}}{{#if afterKeptPlan}}: Restbetrag nach Ratenzahlung{{/if}} – Forderung {{claim.reference}}`,
    'court-dunning-announcement': keptSubject('Ankündigung des gerichtlichen Mahnverfahrens', 'Ankündigung des gerichtlichen Mahnverfahrens – Rechnung {{claim.reference}}'),
  },

  bodies: {
    reminder: keptOr(
      keptText(`Bitte überweisen Sie den Restbetrag von {{money statement.total}} ${deadlineText}.`, '{{> payment}}', keptClosing),
      `sicher ist es Ihrer Aufmerksamkeit entgangen: Unsere Rechnung {{claim.reference}} vom {{date claim.invoiceDate}}{{#if claim.subject}} über {{claim.subject}}{{/if}} war am {{date claim.dueDate}} zur Zahlung fällig. {{#if paidInPart}}Eine Zahlung in voller Höhe konnten wir bisher nicht feststellen.{{else}}Einen Zahlungseingang konnten wir bisher nicht feststellen.{{/if}}

{{> statement}}

Bitte überweisen Sie den offenen Betrag von {{money statement.total}} ${deadlineText}.

{{> payment}}

Falls Sie die Zahlung bereits veranlasst haben, betrachten Sie dieses Schreiben bitte als gegenstandslos.
`,
    ),
    'dunning-notice': keptOr(
      keptText(`${keptDemand}.\n${defaultParagraph.text}`, '{{> payment}}', keptClosing),
      `unsere Rechnung {{claim.reference}} vom {{date claim.invoiceDate}}{{#if claim.subject}} über {{claim.subject}}{{/if}} war am {{date claim.dueDate}} fällig und ist bis heute nicht{{#if paidInPart}} vollständig{{/if}} beglichen.

Wir fordern Sie hiermit auf, den offenen Gesamtbetrag von {{money statement.total}} ${deadlineText} zu zahlen.

{{#if causesDefaultAfterDeadline}}
${causesDefaultAfterDeadlineText}
{{else if causesDefault}}
${causesDefaultText}
{{else if hasInterest}}
Da Sie sich in Verzug befinden, schulden Sie zusätzlich Verzugszinsen (§ 288 BGB); sie laufen bis zum Zahlungseingang weiter.
{{/if}}

{{> statement}}

{{> payment}}

Sollten Sie Einwände gegen die Forderung haben, teilen Sie uns diese bitte umgehend mit. Haben Sie bereits gezahlt, betrachten Sie dieses Schreiben bitte als gegenstandslos.
`,
    ),
    'final-notice': keptOr(
      keptText(`${keptDemand}.\n${defaultParagraph.text}`, '{{> payment}}', keptFinalNext, keptClosing),
      `{{#if earlierNoticeNotReceived}}unsere Rechnung {{claim.reference}} vom {{date claim.invoiceDate}}{{#if claim.subject}} über {{claim.subject}}{{/if}}, fällig am {{date claim.dueDate}}, ist weiterhin nicht{{#if paidInPart}} vollständig{{/if}} beglichen.{{else}}trotz unserer Mahnung ist unsere Rechnung {{claim.reference}} vom {{date claim.invoiceDate}}{{#if claim.subject}} über {{claim.subject}}{{/if}}, fällig am {{date claim.dueDate}}, weiterhin nicht{{#if paidInPart}} vollständig{{/if}} beglichen.{{/if}}

{{> statement}}

Wir geben Ihnen hiermit letztmalig Gelegenheit, den Gesamtbetrag von {{money statement.total}} ${deadlineText} zu zahlen.
${defaultParagraph.text}

{{> payment}}

Geht die Zahlung nicht fristgerecht ein, werden wir ohne weitere Ankündigung weitere Schritte einleiten, insbesondere die Übergabe der Forderung an ein Inkassounternehmen oder die Beantragung eines gerichtlichen Mahnbescheids. Dadurch können Ihnen weitere Kosten entstehen.

Sollten Sie Einwände gegen die Forderung haben, teilen Sie uns diese bitte umgehend mit.
`,
    ),
    'handover-inkasso': keptOr(
      keptText(`${keptDemand} an uns.`, '{{> payment}}', '{{> inkasso-disclosure}}', keptClosing),
      `wir wurden von {{#if inkasso.client}}{{inkasso.client.name}}{{else}}Ihrem Gläubiger{{/if}} mit der Einziehung der Forderung aus der Rechnung {{claim.reference}} vom {{date claim.invoiceDate}}{{#if claim.subject}} über {{claim.subject}}{{/if}} beauftragt. Die Forderung war am {{date claim.dueDate}} fällig und ist bisher nicht{{#if paidInPart}} vollständig{{/if}} beglichen.

Wir fordern Sie auf, den Gesamtbetrag von {{money statement.total}} ${deadlineText} an uns zu zahlen.

{{> statement}}

{{> payment}}

{{> inkasso-disclosure}}

Sollten Sie Einwände gegen die Forderung haben, teilen Sie uns diese bitte umgehend mit.
`,
    ),
    'court-dunning-announcement': keptOr(
      keptText(`${keptDemand}. ${keptCourtNext}\n${courtCosts.kept.text}`, '{{> payment}}', `Gegen einen Mahnbescheid könnten Sie Widerspruch einlegen. ${keptClosing}`),
      `{{#if creditor.isCollectionAgency}}die Forderung Ihres Gläubigers{{#if inkasso.client}} {{inkasso.client.name}}{{/if}} aus der Rechnung {{claim.reference}} vom {{date claim.invoiceDate}}{{#if claim.subject}} über {{claim.subject}}{{/if}} ist trotz unserer Zahlungsaufforderung weiterhin offen.{{else}}die Forderung aus unserer Rechnung {{claim.reference}} vom {{date claim.invoiceDate}}{{#if claim.subject}} über {{claim.subject}}{{/if}} ist {{#unless earlierNoticeNotReceived}}trotz Mahnung {{/unless}}weiterhin offen.{{/if}}

{{> statement}}

Geht der Gesamtbetrag von {{money statement.total}} nicht ${deadlineText} bei uns ein, werden wir {{#if creditor.isCollectionAgency}}im Auftrag Ihres Gläubigers {{/if}}beim zuständigen Mahngericht den Erlass eines Mahnbescheids beantragen (§§ 688 ff. ZPO).
${courtCosts.usual.text}

{{> payment}}

Gegen einen Mahnbescheid können Sie Widerspruch einlegen. Sollten Sie Einwände gegen die Forderung haben, teilen Sie uns diese bitte schon jetzt mit.
`,
    ),
  },

  bodiesHtml: {
    reminder: keptOr(
      keptHtml(`<p>Bitte überweisen Sie den Restbetrag von <strong>{{money statement.total}}</strong> ${deadlineText}.</p>`, '{{> payment}}', `<p>${keptClosing}</p>`),
      `<p>sicher ist es Ihrer Aufmerksamkeit entgangen: Unsere Rechnung {{claim.reference}} vom {{date claim.invoiceDate}}{{#if claim.subject}} über {{claim.subject}}{{/if}} war am {{date claim.dueDate}} zur Zahlung fällig. {{#if paidInPart}}Eine Zahlung in voller Höhe konnten wir bisher nicht feststellen.{{else}}Einen Zahlungseingang konnten wir bisher nicht feststellen.{{/if}}</p>
{{> statement}}
<p>Bitte überweisen Sie den offenen Betrag von <strong>{{money statement.total}}</strong> ${deadlineText}.</p>
{{> payment}}
<p>Falls Sie die Zahlung bereits veranlasst haben, betrachten Sie dieses Schreiben bitte als gegenstandslos.</p>
`,
    ),
    'dunning-notice': keptOr(
      keptHtml(`<p>${keptDemandHtml}.</p>`, defaultParagraph.html, '{{> payment}}', `<p>${keptClosing}</p>`),
      `<p>unsere Rechnung {{claim.reference}} vom {{date claim.invoiceDate}}{{#if claim.subject}} über {{claim.subject}}{{/if}} war am {{date claim.dueDate}} fällig und ist bis heute nicht{{#if paidInPart}} vollständig{{/if}} beglichen.</p>
<p>Wir fordern Sie hiermit auf, den offenen Gesamtbetrag von <strong>{{money statement.total}}</strong> ${deadlineText} zu zahlen.</p>
{{#if causesDefaultAfterDeadline}}
<p>${causesDefaultAfterDeadlineText}</p>
{{else if causesDefault}}
<p>${causesDefaultText}</p>
{{else if hasInterest}}
<p>Da Sie sich in Verzug befinden, schulden Sie zusätzlich Verzugszinsen (§ 288 BGB); sie laufen bis zum Zahlungseingang weiter.</p>
{{/if}}
{{> statement}}
{{> payment}}
<p>Sollten Sie Einwände gegen die Forderung haben, teilen Sie uns diese bitte umgehend mit. Haben Sie bereits gezahlt, betrachten Sie dieses Schreiben bitte als gegenstandslos.</p>
`,
    ),
    'final-notice': keptOr(
      keptHtml(`<p>${keptDemandHtml}.</p>`, defaultParagraph.html, '{{> payment}}', `<p>${keptFinalNext}</p>`, `<p>${keptClosing}</p>`),
      `<p>{{#if earlierNoticeNotReceived}}unsere Rechnung {{claim.reference}} vom {{date claim.invoiceDate}}{{#if claim.subject}} über {{claim.subject}}{{/if}}, fällig am {{date claim.dueDate}}, ist weiterhin nicht{{#if paidInPart}} vollständig{{/if}} beglichen.{{else}}trotz unserer Mahnung ist unsere Rechnung {{claim.reference}} vom {{date claim.invoiceDate}}{{#if claim.subject}} über {{claim.subject}}{{/if}}, fällig am {{date claim.dueDate}}, weiterhin nicht{{#if paidInPart}} vollständig{{/if}} beglichen.{{/if}}</p>
{{> statement}}
<p>Wir geben Ihnen hiermit letztmalig Gelegenheit, den Gesamtbetrag von <strong>{{money statement.total}}</strong> ${deadlineText} zu zahlen.</p>
${defaultParagraph.html}
{{> payment}}
<p>Geht die Zahlung nicht fristgerecht ein, werden wir ohne weitere Ankündigung weitere Schritte einleiten, insbesondere die Übergabe der Forderung an ein Inkassounternehmen oder die Beantragung eines gerichtlichen Mahnbescheids. Dadurch können Ihnen weitere Kosten entstehen.</p>
<p>Sollten Sie Einwände gegen die Forderung haben, teilen Sie uns diese bitte umgehend mit.</p>
`,
    ),
    'handover-inkasso': keptOr(
      keptHtml(`<p>${keptDemandHtml} an uns.</p>`, '{{> payment}}', '{{> inkasso-disclosure}}', `<p>${keptClosing}</p>`),
      `<p>wir wurden von {{#if inkasso.client}}{{inkasso.client.name}}{{else}}Ihrem Gläubiger{{/if}} mit der Einziehung der Forderung aus der Rechnung {{claim.reference}} vom {{date claim.invoiceDate}}{{#if claim.subject}} über {{claim.subject}}{{/if}} beauftragt. Die Forderung war am {{date claim.dueDate}} fällig und ist bisher nicht{{#if paidInPart}} vollständig{{/if}} beglichen.</p>
<p>Wir fordern Sie auf, den Gesamtbetrag von <strong>{{money statement.total}}</strong> ${deadlineText} an uns zu zahlen.</p>
{{> statement}}
{{> payment}}
{{> inkasso-disclosure}}
<p>Sollten Sie Einwände gegen die Forderung haben, teilen Sie uns diese bitte umgehend mit.</p>
`,
    ),
    'court-dunning-announcement': keptOr(
      keptHtml(`<p>${keptDemandHtml}. ${keptCourtNext}</p>`, courtCosts.kept.html, '{{> payment}}', `<p>Gegen einen Mahnbescheid könnten Sie Widerspruch einlegen. ${keptClosing}</p>`),
      `<p>{{#if creditor.isCollectionAgency}}die Forderung Ihres Gläubigers{{#if inkasso.client}} {{inkasso.client.name}}{{/if}} aus der Rechnung {{claim.reference}} vom {{date claim.invoiceDate}}{{#if claim.subject}} über {{claim.subject}}{{/if}} ist trotz unserer Zahlungsaufforderung weiterhin offen.{{else}}die Forderung aus unserer Rechnung {{claim.reference}} vom {{date claim.invoiceDate}}{{#if claim.subject}} über {{claim.subject}}{{/if}} ist {{#unless earlierNoticeNotReceived}}trotz Mahnung {{/unless}}weiterhin offen.{{/if}}</p>
{{> statement}}
<p>Geht der Gesamtbetrag von <strong>{{money statement.total}}</strong> nicht ${deadlineText} bei uns ein, werden wir {{#if creditor.isCollectionAgency}}im Auftrag Ihres Gläubigers {{/if}}beim zuständigen Mahngericht den Erlass eines Mahnbescheids beantragen (§§ 688 ff. ZPO).</p>
${courtCosts.usual.html}
{{> payment}}
<p>Gegen einen Mahnbescheid können Sie Widerspruch einlegen. Sollten Sie Einwände gegen die Forderung haben, teilen Sie uns diese bitte schon jetzt mit.</p>
`,
    ),
  },

  sms: {
    reminder:
      '{{creditor.name}}: Zahlungserinnerung Rg. {{claim.reference}}, offen {{money statement.total}}{{#if deadline}}, bis {{date deadline}}{{/if}}. {{#if paymentLink}}{{paymentLink}}{{else}}Details per Post/E-Mail.{{/if}}',
    'dunning-notice':
      '{{creditor.name}}: Mahnung Rg. {{claim.reference}}, offen {{money statement.total}}. Bitte {{#if deadline}}bis {{date deadline}}{{else}}umgehend{{/if}} zahlen{{#if paymentLink}}: {{paymentLink}}{{else}}. Details per Post/E-Mail.{{/if}}',
    'final-notice':
      '{{creditor.name}}: Letzte Mahnung Rg. {{claim.reference}}: {{money statement.total}} {{#if deadline}}bis {{date deadline}}{{else}}umgehend{{/if}} zahlen{{#if paymentLink}}: {{paymentLink}}{{else}}. Details per Post/E-Mail.{{/if}}',
    'handover-inkasso':
      '{{creditor.name}}{{#if inkasso.client}} i.A. {{inkasso.client.name}}{{/if}}: Forderung {{claim.reference}}, offen {{money statement.total}}{{#if paymentLink}}: {{paymentLink}}{{else}}. Details per Post/E-Mail.{{/if}}',
    'court-dunning-announcement':
      '{{creditor.name}}: Rg. {{claim.reference}} ({{money statement.total}}) {{#if deadline}}bis {{date deadline}}{{else}}umgehend{{/if}} zahlen, sonst Mahnbescheid{{#if paymentLink}}: {{paymentLink}}{{else}}.{{/if}}',
  },

  partials: {
    salutation: '{{#if debtor.isConsumer}}Guten Tag {{debtor.name}},{{else}}Sehr geehrte Damen und Herren,{{/if}}\n',

    // The opening of a letter after a kept installment plan (`afterKeptPlan`): thanks for the payments, what they came to
    // and that a remainder is left; why, the statement below shows with its own lines and their bases — the letter adds no
    // reason of its own (whether default interest runs during a Stundung is open, docs/legal-notes.md).
    'after-kept-plan': `vielen Dank für Ihre Zahlungen aus der Ratenzahlungsvereinbarung vom {{date afterKeptPlan.agreedOn}} {{#if creditor.isCollectionAgency}}zur Forderung{{#if inkasso.client}} Ihres Gläubigers {{inkasso.client.name}}{{/if}} aus der Rechnung{{else}}zu unserer Rechnung{{/if}} {{claim.reference}} vom {{date claim.invoiceDate}}{{#if claim.subject}} über {{claim.subject}}{{/if}}. {{#if afterKeptPlan.paidAsAgreed}}Sie haben {{plural afterKeptPlan.installments "die vereinbarte Rate" "alle vereinbarten Raten"}} gezahlt, insgesamt {{money afterKeptPlan.paid}}.{{else}}Sie haben darauf insgesamt {{money afterKeptPlan.paid}} gezahlt.{{/if}}

Nach Verrechnung Ihrer Zahlungen ist noch ein Restbetrag von {{money statement.total}} offen. Wie wir Ihre Zahlungen verrechnet haben und wie sich der Restbetrag zusammensetzt, zeigt die folgende Aufstellung mit der Rechtsgrundlage jeder Position.
`,
    'after-kept-plan.html': `<p>vielen Dank für Ihre Zahlungen aus der Ratenzahlungsvereinbarung vom {{date afterKeptPlan.agreedOn}} {{#if creditor.isCollectionAgency}}zur Forderung{{#if inkasso.client}} Ihres Gläubigers {{inkasso.client.name}}{{/if}} aus der Rechnung{{else}}zu unserer Rechnung{{/if}} {{claim.reference}} vom {{date claim.invoiceDate}}{{#if claim.subject}} über {{claim.subject}}{{/if}}. {{#if afterKeptPlan.paidAsAgreed}}Sie haben {{plural afterKeptPlan.installments "die vereinbarte Rate" "alle vereinbarten Raten"}} gezahlt, insgesamt <strong>{{money afterKeptPlan.paid}}</strong>.{{else}}Sie haben darauf insgesamt <strong>{{money afterKeptPlan.paid}}</strong> gezahlt.{{/if}}</p>
<p>Nach Verrechnung Ihrer Zahlungen ist noch ein Restbetrag von <strong>{{money statement.total}}</strong> offen. Wie wir Ihre Zahlungen verrechnet haben und wie sich der Restbetrag zusammensetzt, zeigt die folgende Aufstellung mit der Rechtsgrundlage jeder Position.</p>
`,

    'letter-head': `{{creditor.name}} · {{join creditor.addressLines " · "}}

{{debtor.name}}
{{#each debtor.addressLines}}
{{this}}
{{/each}}

{{#if debtor.customerNumber}}
Kundennummer: {{debtor.customerNumber}}
{{/if}}
Datum: {{date letterDate}}
`,
    'letter-head.html': `<header class="sender">{{creditor.name}} · {{join creditor.addressLines " · "}}</header>
<address class="recipient">{{debtor.name}}{{#each debtor.addressLines}}<br>{{this}}{{/each}}</address>
<p class="meta">{{#if debtor.customerNumber}}Kundennummer: {{debtor.customerNumber}}<br>{{/if}}Datum: {{date letterDate}}</p>
`,

    statement: `Forderungsaufstellung (Stand {{date statement.asOf}}):
{{#each lines}}
{{#if isInterestPeriod}}
- Zinsen {{period date to}}: {{days}} {{plural days "Tag" "Tage"}} zu {{percent ratePercent}} p.\u00a0a.{{#if onPrincipal}} aus {{money onPrincipal}}{{/if}}{{#if basis}} ({{basis}}){{/if}}: {{money amount}}
{{else if code}}
- {{label}} vom {{date date}}{{#if basis}}{{#unless basisInLabel}} ({{basis}}){{/unless}}{{/if}}: {{#if factor}}{{decimal factor}} × {{money baseFee}} = {{/if}}{{money amount}}
{{else}}
- {{label}} vom {{date date}}{{#if basis}} ({{basis}}){{/if}}: {{money amount}}
{{/if}}
{{/each}}

Hauptforderung: {{money statement.principal}}
{{#if hasInterestTotal}}
Zinsen: {{money statement.interest}}
{{/if}}
{{#if hasCostsTotal}}
Kosten: {{money statement.costs}}
{{/if}}
Gesamtbetrag: {{money statement.total}}
`,
    // The printed letter's pieces: the items of its head for the layout's information block (the customer number; one
    // `label⇥value` line per item, which the renderer turns into the message's letterHead), and in the letter body
    // (`<locale>/letter/<name>.body`) the statement as a table — the cells of statement.html, separated by tabs, which the
    // renderer turns into the message's letterStatement, leaving a `[statement]` paragraph in the body.
    'letter-info': `{{#if debtor.customerNumber}}
Kundennummer\t{{debtor.customerNumber}}
{{/if}}
`,
    'letter-statement': `Forderungsaufstellung (Stand {{date statement.asOf}})
{{#each lines}}
{{#if isInterestPeriod}}Zinsen {{period date to}}: {{days}} {{plural days "Tag" "Tage"}} zu {{percent ratePercent}} p.\u00a0a.{{#if onPrincipal}} aus {{money onPrincipal}}{{/if}}{{else}}{{label}} vom {{date date}}{{#if factor}}, {{decimal factor}} × {{money baseFee}}{{/if}}{{/if}}\t{{basis}}\t{{money amount}}
{{/each}}
Hauptforderung\t{{money statement.principal}}
{{#if hasInterestTotal}}
Zinsen\t{{money statement.interest}}
{{/if}}
{{#if hasCostsTotal}}
Kosten\t{{money statement.costs}}
{{/if}}
Gesamtbetrag\t{{money statement.total}}
`,
    'statement.html': `<table class="statement">
<caption>Forderungsaufstellung (Stand {{date statement.asOf}})</caption>
<thead><tr><th>Position</th><th>Grundlage</th><th class="amount">Betrag</th></tr></thead>
<tbody>
{{#each lines}}
<tr><td>{{#if isInterestPeriod}}Zinsen {{period date to}}: {{days}} {{plural days "Tag" "Tage"}} zu {{percent ratePercent}} p.&nbsp;a.{{#if onPrincipal}} aus {{money onPrincipal}}{{/if}}{{else}}{{label}} vom {{date date}}{{#if factor}}, {{decimal factor}} × {{money baseFee}}{{/if}}{{/if}}</td><td>{{basis}}</td><td class="amount">{{money amount}}</td></tr>
{{/each}}
</tbody>
<tfoot>
<tr><td colspan="2">Hauptforderung</td><td class="amount">{{money statement.principal}}</td></tr>
{{#if hasInterestTotal}}
<tr><td colspan="2">Zinsen</td><td class="amount">{{money statement.interest}}</td></tr>
{{/if}}
{{#if hasCostsTotal}}
<tr><td colspan="2">Kosten</td><td class="amount">{{money statement.costs}}</td></tr>
{{/if}}
<tr class="total"><th colspan="2">Gesamtbetrag</th><th class="amount">{{money statement.total}}</th></tr>
</tfoot>
</table>
`,

    payment: `{{#if creditor.bank}}
Bankverbindung: {{#if creditor.bank.holder}}{{creditor.bank.holder}}, {{/if}}IBAN {{creditor.bank.iban}}{{#if creditor.bank.bic}}, BIC {{creditor.bank.bic}}{{/if}}{{#if creditor.bank.bankName}} ({{creditor.bank.bankName}}){{/if}}
Verwendungszweck (bitte unverändert angeben): {{claim.paymentReference}}
{{/if}}
{{#if paymentLink}}
Online bezahlen: {{paymentLink}}
{{/if}}
`,
    'payment.html': `{{#if creditor.bank}}
<p class="bank">Bankverbindung: {{#if creditor.bank.holder}}{{creditor.bank.holder}}, {{/if}}IBAN {{creditor.bank.iban}}{{#if creditor.bank.bic}}, BIC {{creditor.bank.bic}}{{/if}}{{#if creditor.bank.bankName}} ({{creditor.bank.bankName}}){{/if}}<br>Verwendungszweck (bitte unverändert angeben): {{claim.paymentReference}}</p>
{{/if}}
{{#if paymentLink}}
<p class="pay"><a href="{{paymentLink}}">Jetzt online bezahlen</a></p>
{{/if}}
`,

    'inkasso-disclosure': `Informationen nach § 13a Abs. 1 RDG:
{{#if inkasso.client}}
Auftraggeber: {{inkasso.client.name}}{{#if inkasso.client.addressLines}}, {{join inkasso.client.addressLines ", "}}{{/if}}
{{/if}}
{{#if inkasso.claimReason}}
Forderungsgrund: {{#if inkasso.claimReason.isContract}}Vertrag vom {{date inkasso.claimReason.date}} über {{inkasso.claimReason.subject}}{{else}}{{inkasso.claimReason.subject}} am {{date inkasso.claimReason.date}}{{/if}}; Rechnung {{claim.reference}} vom {{date claim.invoiceDate}}, fällig am {{date claim.dueDate}}
{{/if}}
Zinsberechnung:
{{#each interestLines}}
- {{#if onPrincipal}}{{money onPrincipal}} × {{/if}}{{percent ratePercent}} p.\u00a0a. {{period date to from=true}} ({{days}} {{plural days "Tag" "Tage"}}) = {{money amount}}{{#if basis}} ({{basis}}){{/if}}
{{else}}
- Zinsen werden nicht geltend gemacht.
{{/each}}
{{#if inkasso.higherInterest}}
Hinweis: Der Zinssatz liegt über dem gesetzlichen Verzugszinssatz (Basiszinssatz zuzüglich 5 Prozentpunkte, § 288 Abs. 1 BGB). Grund: {{inkasso.higherInterestReason}}
{{/if}}
Kosten (Art, Höhe und Entstehung):
{{#each costLines}}
- {{label}}{{#if factor}} ({{decimal factor}} × {{money baseFee}}){{/if}}: {{money amount}}, {{#if isCredit}}angerechnet am{{else}}entstanden am{{/if}} {{date date}}{{#if basis}}; Grundlage: {{basis}}{{/if}}
{{else}}
- Kosten werden nicht geltend gemacht.
{{/each}}
{{#if inkasso.vatOnCosts}}
Umsatzsteuer: Unser Auftraggeber ist nicht zum Vorsteuerabzug berechtigt; die auf die Inkassokosten entfallende Umsatzsteuer wird daher geltend gemacht.
{{/if}}
{{#if inkasso.addressResearched}}
Anschrift: Ihre Anschrift wurde uns nicht von unserem Auftraggeber mitgeteilt, sondern von uns ermittelt{{#if inkasso.addressSource}} ({{inkasso.addressSource}}){{/if}}. Ist sie unrichtig, teilen Sie uns dies bitte {{#if creditor.email}}per E-Mail an {{creditor.email}} oder {{/if}}schriftlich an {{creditor.name}}, {{join creditor.addressLines ", "}} mit.
{{/if}}
{{#if inkasso.supervisoryAuthority}}
Zuständige Aufsichtsbehörde: {{inkasso.supervisoryAuthority.name}}{{#if inkasso.supervisoryAuthority.addressLines}}, {{join inkasso.supervisoryAuthority.addressLines ", "}}{{/if}}{{#if inkasso.supervisoryAuthority.email}}, E-Mail: {{inkasso.supervisoryAuthority.email}}{{/if}}{{#if inkasso.supervisoryAuthority.website}}, {{inkasso.supervisoryAuthority.website}}{{/if}}
{{/if}}
`,
    'inkasso-disclosure.html': `<section class="disclosure">
<h2>Informationen nach § 13a Abs. 1 RDG</h2>
<dl>
{{#if inkasso.client}}
<dt>Auftraggeber</dt><dd>{{inkasso.client.name}}{{#if inkasso.client.addressLines}}, {{join inkasso.client.addressLines ", "}}{{/if}}</dd>
{{/if}}
{{#if inkasso.claimReason}}
<dt>Forderungsgrund</dt><dd>{{#if inkasso.claimReason.isContract}}Vertrag vom {{date inkasso.claimReason.date}} über {{inkasso.claimReason.subject}}{{else}}{{inkasso.claimReason.subject}} am {{date inkasso.claimReason.date}}{{/if}}; Rechnung {{claim.reference}} vom {{date claim.invoiceDate}}, fällig am {{date claim.dueDate}}</dd>
{{/if}}
<dt>Zinsberechnung</dt>
{{#each interestLines}}
<dd>{{#if onPrincipal}}{{money onPrincipal}} × {{/if}}{{percent ratePercent}} p.&nbsp;a. {{period date to from=true}} ({{days}} {{plural days "Tag" "Tage"}}) = {{money amount}}{{#if basis}} ({{basis}}){{/if}}</dd>
{{else}}
<dd>Zinsen werden nicht geltend gemacht.</dd>
{{/each}}
{{#if inkasso.higherInterest}}
<dt>Hinweis zum Zinssatz</dt><dd>Der Zinssatz liegt über dem gesetzlichen Verzugszinssatz (Basiszinssatz zuzüglich 5 Prozentpunkte, § 288 Abs. 1 BGB). Grund: {{inkasso.higherInterestReason}}</dd>
{{/if}}
<dt>Kosten (Art, Höhe und Entstehung)</dt>
{{#each costLines}}
<dd>{{label}}{{#if factor}} ({{decimal factor}} × {{money baseFee}}){{/if}}: {{money amount}}, {{#if isCredit}}angerechnet am{{else}}entstanden am{{/if}} {{date date}}{{#if basis}}; Grundlage: {{basis}}{{/if}}</dd>
{{else}}
<dd>Kosten werden nicht geltend gemacht.</dd>
{{/each}}
{{#if inkasso.vatOnCosts}}
<dt>Umsatzsteuer</dt><dd>Unser Auftraggeber ist nicht zum Vorsteuerabzug berechtigt; die auf die Inkassokosten entfallende Umsatzsteuer wird daher geltend gemacht.</dd>
{{/if}}
{{#if inkasso.addressResearched}}
<dt>Anschrift</dt><dd>Ihre Anschrift wurde uns nicht von unserem Auftraggeber mitgeteilt, sondern von uns ermittelt{{#if inkasso.addressSource}} ({{inkasso.addressSource}}){{/if}}. Ist sie unrichtig, teilen Sie uns dies bitte {{#if creditor.email}}per E-Mail an {{creditor.email}} oder {{/if}}schriftlich an {{creditor.name}}, {{join creditor.addressLines ", "}} mit.</dd>
{{/if}}
{{#if inkasso.supervisoryAuthority}}
<dt>Zuständige Aufsichtsbehörde</dt><dd>{{inkasso.supervisoryAuthority.name}}{{#if inkasso.supervisoryAuthority.addressLines}}, {{join inkasso.supervisoryAuthority.addressLines ", "}}{{/if}}{{#if inkasso.supervisoryAuthority.email}}, E-Mail: {{inkasso.supervisoryAuthority.email}}{{/if}}{{#if inkasso.supervisoryAuthority.website}}, {{inkasso.supervisoryAuthority.website}}{{/if}}</dd>
{{/if}}
</dl>
</section>
`,

    closing: `Mit freundlichen Grüßen
{{#if creditor.signature}}{{creditor.signature}}{{else}}{{creditor.name}}{{/if}}
`,
    'closing.html': `<p class="closing">Mit freundlichen Grüßen<br>{{#if creditor.signature}}{{creditor.signature}}{{else}}{{creditor.name}}{{/if}}</p>
`,

    footer: `--
{{creditor.name}} · {{join creditor.addressLines " · "}}
{{#if creditor.phone}}
Telefon: {{creditor.phone}}
{{/if}}
{{#if creditor.email}}
E-Mail: {{creditor.email}}
{{/if}}
{{#if creditor.website}}
{{creditor.website}}
{{/if}}
{{#if creditor.registration}}
{{creditor.registration}}
{{/if}}
`,
    'footer.html': `<footer>{{creditor.name}} · {{join creditor.addressLines " · "}}{{#if creditor.phone}}<br>Telefon: {{creditor.phone}}{{/if}}{{#if creditor.email}}<br>E-Mail: {{creditor.email}}{{/if}}{{#if creditor.website}}<br>{{creditor.website}}{{/if}}{{#if creditor.registration}}<br>{{creditor.registration}}{{/if}}</footer>
`,
  },
};
