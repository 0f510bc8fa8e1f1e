/** The languages of the portal. */
export type PortalLocale = 'de' | 'en';

/** @internal Every text of the portal's pages, in one language. */
export interface PortalTexts {
  readonly lang: PortalLocale;
  readonly title: string;
  readonly otherLanguage: string;
  readonly otherLanguageName: string;
  readonly skip: string;
  readonly claim: (reference: string) => string;
  readonly statusOpen: string;
  readonly statusSettled: string;
  readonly statusDisputed: string;
  readonly statusPlan: string;
  readonly statusHold: string;
  /**
   * A promise to pay whose day has not passed: the amount, the promised day and — when § 193 BGB moves it
   * (a Saturday, Sunday or holiday) — why and the weekday and day it may be paid by (else null).
   */
  readonly statusPromised: (amount: string, by: string, moved: { readonly why: string; readonly payableWeekday: string; readonly payableOn: string } | null) => string;
  /** At a stage of kind `handover` whose hand-over is to a collection agency (or names nobody). */
  readonly statusHandedOver: string;
  /** At a stage of kind `handover` whose hand-over is to a lawyer (core's `handOverPartyAt`). */
  readonly statusHandedOverToLawyer: string;
  /** At a stage of kind `court-dunning`. */
  readonly statusCourtDunning: string;
  readonly asOf: (date: string) => string;
  /** The creditor's label at the top of the page. */
  readonly creditorLabel: string;
  /** The label of who collects after the hand-over. */
  readonly collectorLabel: string;
  /** The agency collecting for the creditor (§ 13a Abs. 1 Nr. 1 RDG names the client). */
  readonly onBehalfOf: (agency: string, creditor: string) => string;
  /** Whom the debtor pays, in the payment section. */
  readonly payTo: (collector: string) => string;
  readonly statement: string;
  readonly statementCaption: string;
  readonly colDate: string;
  readonly colItem: string;
  readonly colBasis: string;
  readonly colAmount: string;
  readonly parts: { readonly principal: string; readonly interest: string; readonly costs: string };
  readonly interestDetail: (days: number, rate: string, on: string) => string;
  /** An interest line's label from its period in words (core's `periodInWords` with `from`: `vom … bis …`, one day `am …`). */
  readonly interestPeriod: (period: string) => string;
  readonly feeDetail: (factor: string, baseFee: string) => string;
  readonly unconfirmedTag: string;
  readonly unconfirmedNote: string;
  readonly totalOpen: string;
  readonly unapplied: string;
  /** The heading of the notice on a claim holding money beyond what the debtor owed. */
  readonly overpaidTitle: string;
  /**
   * That notice: how much was paid too much, since the payment of `date` (`several`: since the
   * first of several payments), and that it is owed back (§ 812 Abs. 1 BGB).
   */
  readonly overpaid: (amount: string, date: string, several: boolean) => string;
  /** Whom the debtor asks: the host's `contact` (e-mail, phone). */
  readonly askUs: (contact: string) => string;
  /** Whom the debtor asks when the host gave no contact but named the creditor. */
  readonly askCreditor: (creditor: string) => string;
  /** Joins the contact's e-mail and phone. */
  readonly or: string;
  /** The payment section when the host gave neither a payment provider nor a bank account: no way to pay on the page. */
  readonly payNowhere: (total: string) => string;
  readonly pay: string;
  readonly payOnline: string;
  readonly payOnlineButton: string;
  readonly payOnlineHint: string;
  /** Says what paying online today costs when it differs from the total shown (a payment today owes no interest for today; a simple-case reduction of collection costs may lower it too). */
  readonly payOnlineAmount: (amount: string) => string;
  readonly transfer: string;
  readonly transferHint: string;
  readonly recipient: string;
  readonly iban: string;
  readonly bic: string;
  readonly amount: string;
  readonly reference: string;
  readonly giroCodeLabel: string;
  readonly plan: string;
  readonly planHint: (max: number, min: string, latest: string) => string;
  readonly planCount: string;
  readonly planFirst: string;
  /** Under the proposal form: the later installments keep the day of the month, and a day § 193 BGB moves may be paid on the next business day. */
  readonly planDaysHint: string;
  readonly planSubmit: string;
  /** An installment of the plan: its number, amount and due date (`dueOn` / `dueMoved`). */
  readonly installment: (number: number, amount: string, due: string) => string;
  /** An installment's due date on a business day: `fällig 14.02.2025`. */
  readonly dueOn: (date: string) => string;
  /** An installment's due date § 193 BGB moves: the date, why (the weekday or the holiday), and the weekday and day it may be paid by. */
  readonly dueMoved: (date: string, why: string, payableWeekday: string, payableOn: string) => string;
  /** Under a plan with a moved due date: why it may be paid on the next business day (§ 193 BGB). */
  readonly planMovedNote: string;
  /** The days of the week, Monday first (ISO 8601). */
  readonly weekdays: readonly [string, string, string, string, string, string, string];
  /** A public holiday's German name (core's holiday table, `holidaysOn`) as the page names it: German as it is, English translated. */
  readonly holidayName: (name: string) => string;
  /** The heading over a proposal with the creditor's review. */
  readonly reviewHeading: string;
  /** Its text: the day it was proposed, and the last day the dunning pauses for the review (null: no end). */
  readonly reviewText: (proposedOn: string, until: string | null) => string;
  /** The plan section's heading and text while a plan is in force (no form then). */
  readonly planAgreedHeading: string;
  readonly planAgreedText: string;
  /** The cost notice's title: § 13a Abs. 3 RDG binds a collection agency. */
  readonly costNoticeTitle: string;
  /** The cost notice's title once the claim is handed over to a lawyer: § 43d Abs. 3 BRAO, the lawyer's counterpart of § 13a Abs. 3 RDG. */
  readonly costNoticeTitleLawyer: string;
  readonly costNoticeGeneric: string;
  readonly costNoticeAmount: (amount: string) => string;
  readonly costNoticeAck: string;
  readonly promise: string;
  readonly promiseHint: string;
  readonly promiseAmount: string;
  readonly promiseBy: string;
  readonly promiseSubmit: string;
  readonly dispute: string;
  readonly disputeHint: string;
  readonly disputeReason: string;
  readonly disputeSubmit: string;
  readonly letters: string;
  readonly lettersNone: string;
  readonly letterLink: (date: string, title: string | null) => string;
  /** The names of the built-in policies' letters by template; another template's letter is listed by its date alone. */
  readonly letterTitles: Readonly<Record<string, string>>;
  readonly done: {
    readonly plan: string;
    readonly review: string;
    readonly promise: string;
    readonly dispute: string;
  };
  readonly refusal: {
    readonly 'too-many': (max: number) => string;
    readonly 'too-small': (min: string) => string;
    readonly 'first-too-late': (latest: string) => string;
    readonly 'first-in-past': (earliest: string) => string;
    readonly 'nothing-owed': string;
    /** A proposal while a plan is in force. */
    readonly 'plan-in-force': string;
    readonly 'notice-not-acknowledged': string;
    readonly 'promise-in-past': (today: string) => string;
    readonly 'promise-too-late': (latest: string) => string;
    readonly 'promise-zero': string;
    readonly 'promise-above-total': (total: string) => string;
    /** A promise the engine would not hold escalation for (an earlier one was broken, or a hold was extended once already). */
    readonly 'promise-not-holding': string;
    readonly 'reason-missing': string;
    readonly 'reason-too-long': (max: number) => string;
    /** A field that is empty or not in its form. */
    readonly field: { readonly count: string; readonly first: string; readonly amount: string; readonly by: string };
    readonly invalid: string;
    readonly refused: string;
  };
  readonly errorTitle: string;
  readonly errorText: string;
  readonly tooManyTitle: string;
  readonly tooManyText: string;
  /** A form whose body is above the portal's limit (16 KiB). */
  readonly tooLargeTitle: string;
  readonly tooLargeText: string;
  readonly formExpiredTitle: string;
  readonly unavailableTitle: string;
  readonly unavailableText: string;
  readonly formExpiredText: string;
  readonly yourPlan: string;
  readonly disputeOpen: string;
  readonly settledText: string;
}

const de: PortalTexts = {
  lang: 'de',
  title: 'Ihre offene Forderung',
  otherLanguage: 'English',
  otherLanguageName: 'en',
  skip: 'Zum Inhalt springen',
  claim: (r) => `Forderung ${r}`,
  statusOpen: 'offen',
  statusSettled: 'beglichen',
  statusDisputed: 'bestritten – Mahnungen ruhen',
  statusPlan: 'Ratenzahlung vereinbart',
  statusHold: 'Mahnungen ruhen',
  statusPromised: (amount, by, moved) =>
    moved === null ? `Zahlung von ${amount} bis ${by} zugesagt` : `Zahlung von ${amount} bis ${by} (${moved.why}) zugesagt – zahlbar bis ${moved.payableWeekday}, ${moved.payableOn}`,
  statusHandedOver: 'an Inkasso übergeben',
  statusHandedOverToLawyer: 'an einen Rechtsanwalt übergeben',
  statusCourtDunning: 'gerichtliches Mahnverfahren',
  asOf: (d) => `Stand: Ende des ${d}`,
  creditorLabel: 'Gläubiger',
  collectorLabel: 'Forderungseinzug',
  onBehalfOf: (agency, creditor) => `${agency} im Auftrag von ${creditor}`,
  payTo: (who) => `Sie zahlen an: ${who}`,
  statement: 'Forderungsaufstellung',
  statementCaption: 'Hauptforderung, Zinsen und Kosten mit ihrer Rechtsgrundlage',
  colDate: 'Datum',
  colItem: 'Posten',
  colBasis: 'Rechtsgrundlage',
  colAmount: 'Betrag',
  parts: { principal: 'Hauptforderung', interest: 'Zinsen', costs: 'Kosten' },
  interestDetail: (days, rate, on) => `${days} ${days === 1 ? 'Tag' : 'Tage'}, ${rate} % p. a. auf ${on}`,
  interestPeriod: (period) => `Verzugszinsen ${period}`,
  feeDetail: (factor, baseFee) => `${factor} × volle Gebühr von ${baseFee}`,
  unconfirmedTag: 'vorläufig',
  unconfirmedNote: 'Als „vorläufig“ markierte Beträge beruhen auf einem noch nicht amtlich bestätigten Wert; sie werden nach Bestätigung geprüft.',
  totalOpen: 'Offener Gesamtbetrag',
  unapplied: 'Überzahlung (wird erstattet oder verrechnet)',
  overpaidTitle: 'Sie haben zu viel gezahlt',
  overpaid: (amount, date, several) =>
    `Mit ${several ? `Ihren Zahlungen seit dem ${date}` : `Ihrer Zahlung vom ${date}`} haben Sie ${amount} mehr gezahlt, als Sie schuldeten. Dieser Betrag steht Ihnen zu (§ 812 Abs. 1 BGB): Er wird Ihnen erstattet oder mit einer anderen fälligen Forderung gegen Sie verrechnet.`,
  askUs: (contact) => `Fragen dazu beantworten wir Ihnen unter ${contact}.`,
  askCreditor: (creditor) => `Fragen dazu richten Sie bitte an ${creditor}.`,
  or: 'oder',
  payNowhere: (total) => `Auf dieser Seite ist kein Zahlungsweg hinterlegt (keine Online-Zahlung, keine Bankverbindung). Bitte zahlen Sie ${total} so, wie es in unserem Schreiben angegeben ist.`,
  pay: 'Bezahlen',
  payOnline: 'Online bezahlen',
  payOnlineButton: 'Jetzt online bezahlen',
  payOnlineHint: 'Sie werden zu unserem Zahlungsdienstleister weitergeleitet.',
  payOnlineAmount: (amount) => `Bei Zahlung heute zahlen Sie ${amount}: der Betrag, der die Forderung heute vollständig ausgleicht (für den Zahlungstag fallen keine Zinsen an).`,
  transfer: 'Überweisung',
  transferHint: 'Scannen Sie den GiroCode mit Ihrer Banking-App oder überweisen Sie mit diesen Angaben:',
  recipient: 'Empfänger',
  iban: 'IBAN',
  bic: 'BIC',
  amount: 'Betrag',
  reference: 'Verwendungszweck',
  giroCodeLabel: 'GiroCode für die Überweisung des offenen Betrags',
  plan: 'Ratenzahlung vorschlagen',
  planHint: (max, min, latest) => `Bis zu ${max} Monatsraten, jede mindestens ${min}; die erste Rate spätestens am ${latest}.`,
  planCount: 'Anzahl der Monatsraten',
  planFirst: 'Fälligkeit der ersten Rate',
  planDaysHint:
    'Die weiteren Raten sind jeweils am selben Tag der folgenden Monate fällig. Fällt eine Rate auf einen Samstag, Sonntag oder gesetzlichen Feiertag, zahlen Sie rechtzeitig, wenn Sie am nächsten Werktag zahlen (§ 193 BGB); Ihr Ratenplan nennt diesen Tag.',
  planSubmit: 'Ratenzahlung vorschlagen',
  installment: (n, amount, due) => `Rate ${n}: ${amount}, ${due}`,
  dueOn: (date) => `fällig ${date}`,
  dueMoved: (date, why, weekday, payable) => `fällig ${date} (${why}) – zahlbar bis ${weekday}, ${payable}`,
  planMovedNote: 'Fällt eine Rate auf einen Samstag, Sonntag oder gesetzlichen Feiertag, zahlen Sie rechtzeitig, wenn Sie am nächsten Werktag zahlen (§ 193 BGB).',
  weekdays: ['Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag', 'Sonntag'],
  holidayName: (name) => name,
  reviewHeading: 'Ihr Ratenzahlungsvorschlag wird geprüft',
  reviewText: (on, until) =>
    `Ihren Vorschlag vom ${on} prüfen wir; ${until === null ? 'bis dahin' : `bis zum ${until}`} ruhen die Mahnungen. Sie haben diese Raten vorgeschlagen:`,
  planAgreedHeading: 'Ihre Ratenzahlung',
  planAgreedText: 'Mit Ihnen ist eine Ratenzahlung vereinbart. Bitte zahlen Sie die Raten zu diesen Terminen; solange Sie das tun, ruhen die Mahnungen.',
  costNoticeTitle: 'Hinweis nach § 13a Abs. 3 RDG',
  costNoticeTitleLawyer: 'Hinweis nach § 43d Abs. 3 BRAO',
  costNoticeGeneric:
    'Schließen Sie mit uns eine Zahlungsvereinbarung (Raten- oder Stundungsvereinbarung), können dadurch weitere Kosten entstehen: eine Einigungsgebühr nach Nr. 1000 Nr. 2 VV RVG (§ 31b RVG) und gegebenenfalls höhere Auslagen (Nr. 7002 VV RVG).',
  costNoticeAmount: (a) => `Die weiteren Kosten betragen ${a}.`,
  costNoticeAck: 'Ich habe den Hinweis zu den Kosten einer Zahlungsvereinbarung gelesen.',
  promise: 'Zahlung zusagen',
  promiseHint: 'Sagen Sie zu, bis wann Sie zahlen. Bis dahin senden wir keine weitere Mahnung.',
  promiseAmount: 'Betrag in EUR',
  promiseBy: 'Zahlung bis',
  promiseSubmit: 'Zahlung zusagen',
  dispute: 'Forderung bestreiten',
  disputeHint: 'Wenn die Forderung nicht stimmt, sagen Sie uns warum. Bis zur Klärung ruhen die Mahnungen.',
  disputeReason: 'Ihre Begründung',
  disputeSubmit: 'Forderung bestreiten',
  letters: 'Ihre Schreiben',
  lettersNone: 'Noch keine Schreiben zum Herunterladen.',
  letterLink: (d, t) => (t === null ? `Schreiben vom ${d} (PDF)` : `${t} vom ${d} (PDF)`),
  letterTitles: {
    reminder: 'Zahlungserinnerung',
    'dunning-notice': 'Mahnung',
    'final-notice': 'Letzte Mahnung',
    'handover-inkasso': 'Zahlungsaufforderung des Inkassodienstleisters',
    'court-dunning-announcement': 'Ankündigung des gerichtlichen Mahnverfahrens',
  },
  done: {
    plan: 'Vielen Dank. Ihre Ratenzahlung ist vereinbart.',
    review: 'Vielen Dank. Ihr Vorschlag wird geprüft; bis dahin ruhen die Mahnungen.',
    promise: 'Vielen Dank. Ihre Zahlungszusage ist vermerkt.',
    dispute: 'Ihr Einwand ist vermerkt. Bis zur Klärung ruhen die Mahnungen.',
  },
  refusal: {
    'too-many': (m) => `Bitte wählen Sie höchstens ${m} Raten.`,
    'too-small': (m) => `Jede Rate muss mindestens ${m} betragen; bitte wählen Sie weniger Raten.`,
    'first-too-late': (d) => `Die erste Rate muss spätestens am ${d} fällig sein.`,
    'first-in-past': (d) => `Die erste Rate kann frühestens am ${d} fällig sein.`,
    'nothing-owed': 'Es ist nichts mehr offen.',
    'plan-in-force': 'Mit Ihnen ist bereits eine Ratenzahlung vereinbart. Eine weitere kann nicht vorgeschlagen werden; bitte wenden Sie sich an uns, wenn Sie die Raten ändern möchten.',
    'notice-not-acknowledged': 'Bitte bestätigen Sie, dass Sie den Kostenhinweis gelesen haben.',
    'promise-in-past': (d) => `Das Datum „Zahlung bis“ liegt in der Vergangenheit. Bitte wählen Sie ein Datum ab dem ${d}.`,
    'promise-too-late': (d) => `Bitte wählen Sie als Datum „Zahlung bis“ spätestens den ${d}.`,
    'promise-zero': 'Bitte geben Sie einen Betrag über 0,00 € ein.',
    'promise-above-total': (total) => `Der Betrag ist höher als der offene Gesamtbetrag von ${total}. Bitte geben Sie höchstens diesen Betrag ein.`,
    'promise-not-holding':
      'Eine weitere Zahlungszusage können wir für diese Forderung nicht annehmen: Eine frühere Zusage wurde nicht eingehalten oder schon einmal verlängert. Bitte zahlen Sie den offenen Betrag oder schlagen Sie eine Ratenzahlung vor.',
    'reason-missing': 'Bitte schreiben Sie uns, warum die Forderung nicht stimmt (mindestens 3 Zeichen).',
    'reason-too-long': (max) => `Ihre Begründung ist zu lang. Bitte fassen Sie sie in höchstens ${max.toLocaleString('de-DE')} Zeichen.`,
    field: {
      count: 'Bitte geben Sie die Anzahl der Monatsraten als ganze Zahl ein, zum Beispiel 3.',
      first: 'Bitte geben Sie das Datum der ersten Rate ein (TT.MM.JJJJ).',
      amount: 'Bitte geben Sie den Betrag in Euro ein, zum Beispiel 12,50.',
      by: 'Bitte geben Sie das Datum ein, bis zu dem Sie zahlen (TT.MM.JJJJ).',
    },
    invalid: 'Bitte prüfen Sie Ihre Eingaben.',
    refused: 'Das ist bei dieser Forderung gerade nicht möglich. Bitte wenden Sie sich an uns.',
  },
  errorTitle: 'Dieser Link ist nicht gültig',
  errorText: 'Der Link ist abgelaufen oder nicht mehr gültig. Bitte verwenden Sie den Link aus unserem letzten Schreiben oder wenden Sie sich an uns.',
  tooManyTitle: 'Zu viele Anfragen',
  tooManyText: 'Bitte warten Sie einen Moment und versuchen Sie es dann erneut.',
  tooLargeTitle: 'Eingabe zu lang',
  tooLargeText: 'Ihre Eingaben sind zu umfangreich und wurden nicht gespeichert. Bitte gehen Sie zurück, kürzen Sie Ihren Text und senden Sie das Formular erneut.',
  formExpiredTitle: 'Formular abgelaufen',
  unavailableTitle: 'Seite gerade nicht verfügbar',
  unavailableText: 'Bitte versuchen Sie es später noch einmal. Ihre Eingaben wurden nicht gespeichert.',
  formExpiredText: 'Bitte laden Sie die Seite neu und senden Sie das Formular erneut.',
  yourPlan: 'Ihre Raten',
  disputeOpen: 'Ihr Einwand wird geprüft.',
  settledText: 'Die Forderung ist vollständig beglichen. Vielen Dank.',
};

/** The English names of the holidays in core's table (`holidaysOn` names them in German); another name reads "a public holiday". */
const englishHolidayNames: Readonly<Record<string, string>> = {
  Neujahr: "New Year's Day",
  'Heilige Drei Könige': 'Epiphany',
  'Internationaler Frauentag': "International Women's Day",
  Karfreitag: 'Good Friday',
  Ostermontag: 'Easter Monday',
  'Tag der Arbeit': 'Labour Day',
  'Tag der Befreiung': 'Liberation Day',
  'Christi Himmelfahrt': 'Ascension Day',
  Pfingstmontag: 'Whit Monday',
  Fronleichnam: 'Corpus Christi',
  'Mariä Himmelfahrt': 'Assumption Day',
  Weltkindertag: "World Children's Day",
  'Tag der Deutschen Einheit': 'German Unity Day',
  Reformationstag: 'Reformation Day',
  Allerheiligen: "All Saints' Day",
  'Buß- und Bettag': 'Day of Repentance and Prayer',
  '1. Weihnachtstag': 'Christmas Day',
  '2. Weihnachtstag': "St Stephen's Day",
};

const en: PortalTexts = {
  lang: 'en',
  title: 'Your open claim',
  otherLanguage: 'Deutsch',
  otherLanguageName: 'de',
  skip: 'Skip to content',
  claim: (r) => `Claim ${r}`,
  statusOpen: 'open',
  statusSettled: 'paid',
  statusDisputed: 'disputed – reminders paused',
  statusPlan: 'installment plan agreed',
  statusHold: 'reminders paused',
  statusPromised: (amount, by, moved) =>
    moved === null ? `payment of ${amount} promised by ${by}` : `payment of ${amount} promised by ${by} (${moved.why}) – payable by ${moved.payableWeekday}, ${moved.payableOn}`,
  statusHandedOver: 'handed over to a collection agency',
  statusHandedOverToLawyer: 'handed over to a lawyer',
  statusCourtDunning: 'court dunning procedure',
  asOf: (d) => `As of the end of ${d}`,
  creditorLabel: 'Creditor',
  collectorLabel: 'Collected by',
  onBehalfOf: (agency, creditor) => `${agency} on behalf of ${creditor}`,
  payTo: (who) => `You pay: ${who}`,
  statement: 'Statement of account',
  statementCaption: 'Principal, interest and costs with their legal basis (legal terms in German)',
  colDate: 'Date',
  colItem: 'Item',
  colBasis: 'Legal basis',
  colAmount: 'Amount',
  parts: { principal: 'Principal', interest: 'Interest', costs: 'Costs' },
  interestDetail: (days, rate, on) => `${days} ${days === 1 ? 'day' : 'days'}, ${rate} % p.a. on ${on}`,
  interestPeriod: (period) => `Default interest ${period}`,
  feeDetail: (factor, baseFee) => `${factor} × the full fee of ${baseFee}`,
  unconfirmedTag: 'provisional',
  unconfirmedNote: 'Amounts marked “provisional” rest on a figure not yet officially confirmed; they are checked once it is.',
  totalOpen: 'Total open',
  unapplied: 'Overpayment (refunded or applied elsewhere)',
  overpaidTitle: 'You paid too much',
  overpaid: (amount, date, several) =>
    `With ${several ? `your payments since ${date}` : `your payment of ${date}`} you paid ${amount} more than you owed. This amount is yours (§ 812 (1) BGB): it will be refunded to you or set off against another claim due from you.`,
  askUs: (contact) => `For questions, contact us at ${contact}.`,
  askCreditor: (creditor) => `For questions, please contact ${creditor}.`,
  or: 'or',
  payNowhere: (total) => `No way to pay is set up on this page (no online payment, no bank account). Please pay ${total} as our letter says.`,
  pay: 'Pay',
  payOnline: 'Pay online',
  payOnlineButton: 'Pay online now',
  payOnlineHint: 'You will be taken to our payment provider.',
  payOnlineAmount: (amount) => `Paying today, you pay ${amount}: the amount that settles the claim in full today (no interest is owed for the day of payment).`,
  transfer: 'Bank transfer',
  transferHint: 'Scan the GiroCode with your banking app, or transfer with these details:',
  recipient: 'Recipient',
  iban: 'IBAN',
  bic: 'BIC',
  amount: 'Amount',
  reference: 'Reference',
  giroCodeLabel: 'GiroCode for a transfer of the open amount',
  plan: 'Propose an installment plan',
  planHint: (max, min, latest) => `Up to ${max} monthly installments, each at least ${min}; the first due by ${latest} at the latest.`,
  planCount: 'Number of monthly installments',
  planFirst: 'Due date of the first installment',
  planDaysHint:
    'The further installments fall due on the same day of the following months. If an installment falls on a Saturday, Sunday or public holiday, you pay in time if you pay on the next working day (§ 193 BGB); your plan names that day.',
  planSubmit: 'Propose installment plan',
  installment: (n, amount, due) => `Installment ${n}: ${amount}, ${due}`,
  dueOn: (date) => `due ${date}`,
  dueMoved: (date, why, weekday, payable) => `due ${date} (${why}) – payable by ${weekday}, ${payable}`,
  planMovedNote: 'If an installment falls on a Saturday, Sunday or public holiday, you pay in time if you pay on the next working day (§ 193 BGB).',
  weekdays: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
  holidayName: (name) => (Object.hasOwn(englishHolidayNames, name) ? (englishHolidayNames[name] as string) : 'a public holiday'),
  reviewHeading: 'Your installment proposal is being reviewed',
  reviewText: (on, until) =>
    `We are reviewing your proposal of ${on}; reminders pause ${until === null ? 'meanwhile' : `until ${until}`}. You proposed these installments:`,
  planAgreedHeading: 'Your installment plan',
  planAgreedText: 'An installment plan is agreed with you. Please pay the installments on these dates; as long as you do, reminders pause.',
  costNoticeTitle: 'Notice under § 13a (3) RDG (German Legal Services Act)',
  costNoticeTitleLawyer: 'Notice under § 43d (3) BRAO (German Federal Lawyers’ Act)',
  costNoticeGeneric:
    'If you conclude a payment agreement (installments or deferral) with us, further costs may arise: a settlement fee under no. 1000 no. 2 VV RVG (§ 31b RVG) and possibly higher expenses (no. 7002 VV RVG).',
  costNoticeAmount: (a) => `The further costs amount to ${a}.`,
  costNoticeAck: 'I have read the notice on the costs of a payment agreement.',
  promise: 'Promise to pay',
  promiseHint: 'Tell us by when you will pay. Until then we send no further reminder.',
  promiseAmount: 'Amount in EUR',
  promiseBy: 'Pay by',
  promiseSubmit: 'Promise to pay',
  dispute: 'Dispute the claim',
  disputeHint: 'If the claim is wrong, tell us why. Reminders pause until it is resolved.',
  disputeReason: 'Your reason',
  disputeSubmit: 'Dispute the claim',
  letters: 'Your letters',
  lettersNone: 'No letters to download yet.',
  letterLink: (d, t) => (t === null ? `Letter of ${d} (PDF)` : `${t} of ${d} (PDF)`),
  letterTitles: {
    reminder: 'Payment reminder',
    'dunning-notice': 'Dunning notice',
    'final-notice': 'Final notice',
    'handover-inkasso': 'Demand for payment by the collection agency',
    'court-dunning-announcement': 'Notice of court dunning proceedings',
  },
  done: {
    plan: 'Thank you. Your installment plan is agreed.',
    review: 'Thank you. Your proposal is being reviewed; reminders pause meanwhile.',
    promise: 'Thank you. Your promise to pay is recorded.',
    dispute: 'Your objection is recorded. Reminders pause until it is resolved.',
  },
  refusal: {
    'too-many': (m) => `Please choose at most ${m} installments.`,
    'too-small': (m) => `Each installment must be at least ${m}; please choose fewer installments.`,
    'first-too-late': (d) => `The first installment must fall due by ${d} at the latest.`,
    'first-in-past': (d) => `The first installment can fall due on ${d} at the earliest.`,
    'nothing-owed': 'Nothing is open any more.',
    'plan-in-force': 'An installment plan is already agreed with you. Another cannot be proposed; please contact us if you want to change the installments.',
    'notice-not-acknowledged': 'Please confirm that you have read the cost notice.',
    'promise-in-past': (d) => `The date “Pay by” lies in the past. Please choose a date from ${d}.`,
    'promise-too-late': (d) => `Please choose ${d} at the latest as the date “Pay by”.`,
    'promise-zero': 'Please enter an amount above €0.00.',
    'promise-above-total': (total) => `The amount is higher than the total open, ${total}. Please enter at most that amount.`,
    'promise-not-holding': 'We cannot accept another promise to pay for this claim: an earlier promise was not kept or has been extended once already. Please pay the amount open or propose an installment plan.',
    'reason-missing': 'Please tell us why the claim is wrong (at least 3 characters).',
    'reason-too-long': (max) => `Your reason is too long. Please keep it to ${max.toLocaleString('en')} characters at most.`,
    field: {
      count: 'Please enter the number of monthly installments as a whole number, e.g. 3.',
      first: 'Please enter the due date of the first installment.',
      amount: 'Please enter the amount in euros, e.g. 12.50.',
      by: 'Please enter the date by which you will pay.',
    },
    invalid: 'Please check your entries.',
    refused: 'This is not possible for this claim right now. Please contact us.',
  },
  errorTitle: 'This link is not valid',
  errorText: 'The link has expired or is no longer valid. Please use the link from our latest letter, or contact us.',
  tooManyTitle: 'Too many requests',
  tooManyText: 'Please wait a moment and try again.',
  tooLargeTitle: 'Entry too long',
  tooLargeText: 'What you entered is too long and was not saved. Please go back, shorten your text and send the form again.',
  formExpiredTitle: 'Form expired',
  unavailableTitle: 'Page not available right now',
  unavailableText: 'Please try again later. Nothing you entered was saved.',
  formExpiredText: 'Please reload the page and send the form again.',
  yourPlan: 'Your installments',
  disputeOpen: 'Your objection is being reviewed.',
  settledText: 'The claim is paid in full. Thank you.',
};

/** @internal The texts of a language. */
export function textsFor(locale: PortalLocale): PortalTexts {
  return locale === 'en' ? en : de;
}

/**
 * @internal The page language: `?lang=` when given, else the debtor's locale, else the first of
 * `Accept-Language` the portal speaks, else German.
 */
export function pickLocale(query: string | undefined, debtorLocale: string | undefined, acceptLanguage: string | undefined): PortalLocale {
  if (query === 'de' || query === 'en') return query;
  if (debtorLocale === 'de' || debtorLocale === 'en') return debtorLocale;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.trim().slice(0, 2).toLowerCase();
    if (tag === 'de' || tag === 'en') return tag;
  }
  return 'de';
}
