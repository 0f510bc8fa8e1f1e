import { agencyHandoverMissing, fixedClock, isIsoDate, type AmendClaimFactsInput, type CorrectClaimFactsInput, type IsoDate } from '@mahnwerk/core';
import { helpText, parseFlags, str, type FlagSpec } from '../args.js';
import { renderTable, toJson } from '../format.js';
import { hostFlags, openConfiguredHost, requiredDatabase } from '../host.js';
import { UsageError, type CliIo } from '../io.js';
import type { CommandResult } from './command.js';

const flags: readonly FlagSpec[] = [
  ...hostFlags,
  { name: 'claim', type: 'string', placeholder: 'ID', required: true, help: 'the claim whose facts to add (or, with --correct, to correct)' },
  { name: 'description', type: 'string', placeholder: 'TEXT', help: 'what the claim is for, as printed in letters (1–500 characters), e.g. "Bestellung 4711: Gartenstuhl"' },
  { name: 'contract-date', type: 'string', placeholder: 'YYYY-MM-DD', help: 'the day the contract was concluded (not after the invoice date)' },
  { name: 'correct', type: 'boolean', help: 'correct facts the claim has that were entered wrongly (needs --reason), instead of adding missing ones' },
  { name: 'reason', type: 'string', placeholder: 'TEXT', help: 'with --correct: why the fact is corrected, kept in the audit trail (required, not blank)' },
  { name: 'today', type: 'string', placeholder: 'YYYY-MM-DD', help: "the business day the amendment is recorded on (default: today in the config's time zone)" },
];

const summary = "add a claim's missing description and/or contract date (§ 13a Abs. 1 Nr. 2 RDG: needed before a consumer's claim goes to a collection agency), or --correct one entered wrongly";

const notes = [
  'A consumer\'s claim is handed over to a collection agency only with both facts: the agency\'s first letter',
  'must name the contract\'s subject and the date it was concluded (§ 13a Abs. 1 Nr. 2 RDG). A hand-over',
  'blocked for want of them is taken up again by the next mahnwerk run after the amendment.',
  '',
  'Without --correct a fact is added, never changed: a claim that has one with another value is refused',
  '(fact_already_set). The same value again records nothing.',
  '',
  'With --correct --reason TEXT a fact the claim has is corrected: the audit trail records the old value,',
  'the new value and the reason; letters already sent stay as they were, later ones use the corrected fact.',
  'Refused (fact_correction_refused) where something booked rests on the old value: a contract date that',
  'changes the § 288 BGB regime once default began (Art. 229 § 34 EGBGB), a consumer\'s claim handed over',
  '(the first letter named the reason, § 13a Abs. 1 Nr. 2 RDG), a claim before the court (§ 690 ZPO).',
  'Each fact is checked as at import; nothing is written when one is refused.',
];

/** What `amend --json` prints. */
interface AmendReport {
  readonly database: string;
  readonly claimId: string;
  /** `add` (missing facts added) or `correct` (facts corrected with `--correct`). */
  readonly mode: 'add' | 'correct';
  /** False when every fact given was on the claim already (nothing written; never for a correction). */
  readonly recorded: boolean;
  /** For a correction: the values it replaced (null: not corrected). */
  readonly previous?: { readonly description: string | null; readonly contractDate: IsoDate | null };
  /** For a correction: the reason given, as recorded. */
  readonly reason?: string;
  readonly version: number;
  /** The claim's facts of § 13a Abs. 1 Nr. 2 RDG after the amendment (null: not set). */
  readonly description: string | null;
  readonly contractDate: IsoDate | null;
  /** What a consumer's claim still lacks for a hand-over to a collection agency (empty: nothing). */
  readonly missingForHandover: readonly string[];
}

/**
 * `mahnwerk amend`: adds a claim's missing facts through the host API's `amendClaimFacts`, or with
 * `--correct --reason TEXT` corrects facts entered wrongly through `correctClaimFacts`.
 */
export const amendCommand = {
  name: 'amend',
  summary,
  fieldToFlag: { claimId: '--claim', description: '--description', contractDate: '--contract-date', reason: '--reason', today: '--today' } as Record<string, string>,
  rewrites: [
    [/amendClaimFacts \(CLI: (mahnwerk amend without --correct)\)/g, '$1'],
    [/correctClaimFacts \(CLI: (mahnwerk amend --correct --reason TEXT)\)/g, '$1'],
    [/amendClaimFacts \(CLI: (mahnwerk amend)\)/g, '$1'],
  ] as readonly (readonly [RegExp, string])[],
  help: () =>
    helpText(
      'amend',
      summary,
      flags,
      'mahnwerk amend --db ./mahnwerk-data --claim RE-2025-0042 --contract-date 2024-12-20\n  mahnwerk amend --db ./mahnwerk-data --claim RE-2025-0042 --correct --contract-date 2024-12-20 --reason "mistyped at import; the order says 20.12.2024"',
      notes,
    ),
  async run(argv: readonly string[], _readStdin: () => Promise<string>, io: CliIo): Promise<CommandResult> {
    const f = parseFlags('amend', argv, flags);
    if (f['help']) return { text: amendCommand.help() };
    const description = str(f, 'description');
    const contractDate = str(f, 'contract-date');
    if (description === undefined && contractDate === undefined) {
      throw new UsageError('--description / --contract-date: give the facts to add, one or both (see mahnwerk amend --help).');
    }
    const correct = f['correct'] === true;
    const reason = str(f, 'reason');
    if (correct && reason === undefined) {
      throw new UsageError('--reason: a correction needs the reason, e.g. --reason "contract date mistyped at import" (it is kept in the audit trail).');
    }
    if (!correct && reason !== undefined) {
      throw new UsageError('--reason: only a correction takes a reason; add --correct to correct a fact the claim has, or leave --reason out to add a missing one.');
    }
    const today = str(f, 'today');
    if (today !== undefined && !isIsoDate(today)) throw new UsageError(`--today: "${today}" is not a date written YYYY-MM-DD.`);
    const { config, db } = await requiredDatabase(f, io, 'amend');
    const host = await openConfiguredHost(config, db, io, 'cli', today === undefined ? {} : { clock: fixedClock(today) });
    try {
      // The facts as given: core checks them as at creation (dates, lengths, the reason) and names the field.
      const facts = {
        claimId: str(f, 'claim') as string,
        ...(description === undefined ? {} : { description }),
        ...(contractDate === undefined ? {} : { contractDate }),
      };
      const result = correct
        ? await host.mahnwerk.correctClaimFacts({ ...facts, reason: reason as string } satisfies CorrectClaimFactsInput)
        : await host.mahnwerk.amendClaimFacts(facts satisfies AmendClaimFactsInput);
      const state = await host.mahnwerk.claim(result.claimId);
      const corrected = result.events.find((e) => e.type === 'claim-facts-corrected');
      const report: AmendReport = {
        database: host.opened.where,
        claimId: result.claimId,
        mode: correct ? 'correct' : 'add',
        recorded: !result.replayed,
        ...(corrected === undefined || corrected.type !== 'claim-facts-corrected'
          ? {}
          : {
              previous: { description: corrected.previous.description ?? null, contractDate: corrected.previous.contractDate ?? null },
              reason: corrected.correctionReason,
            }),
        version: result.version,
        description: state.facts.description ?? null,
        contractDate: state.facts.contractDate ?? null,
        // The engine's own rule (core's guard.agency-handover-needs-claim-reason).
        missingForHandover: agencyHandoverMissing(state.facts, 'collection-agency'),
      };
      if (f['json']) return { text: toJson(report) };
      return { text: table(report) };
    } finally {
      await host.close();
    }
  },
};

function table(r: AmendReport): string {
  const head =
    r.previous === undefined
      ? renderTable(['claim', 'description', 'contract date', 'recorded'], [[r.claimId, r.description ?? '–', r.contractDate ?? '–', r.recorded ? 'yes' : 'no (already set)']])
      : renderTable(
          ['claim', 'fact', 'was', 'now'],
          [
            ...(r.previous.description === null ? [] : [[r.claimId, 'description', r.previous.description, r.description ?? '–']]),
            ...(r.previous.contractDate === null ? [] : [[r.claimId, 'contract date', r.previous.contractDate, r.contractDate ?? '–']]),
          ],
        ) + `corrected, reason recorded: ${r.reason ?? ''}\nletters already sent stay as they were; later letters, statements and decisions use the corrected facts\n`;
  const next =
    r.missingForHandover.length === 0
      ? 'the claim can be handed over to a collection agency: the next mahnwerk run takes up a hand-over that was blocked for want of these facts\n'
      : `still missing for a hand-over to a collection agency (§ 13a Abs. 1 Nr. 2 RDG): ${r.missingForHandover.join(' and ')}\n`;
  return head + next;
}
