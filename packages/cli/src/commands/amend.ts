import { agencyHandoverMissing, fixedClock, isIsoDate, type AmendClaimFactsInput, type IsoDate } from '@mahnwerk/core';
import { helpText, parseFlags, str, type FlagSpec } from '../args.js';
import { renderTable, toJson } from '../format.js';
import { hostFlags, openConfiguredHost, requiredDatabase } from '../host.js';
import { UsageError, type CliIo } from '../io.js';
import type { CommandResult } from './command.js';

const flags: readonly FlagSpec[] = [
  ...hostFlags,
  { name: 'claim', type: 'string', placeholder: 'ID', required: true, help: 'the claim whose facts to add' },
  { name: 'description', type: 'string', placeholder: 'TEXT', help: 'what the claim is for, as printed in letters (1–500 characters), e.g. "Bestellung 4711: Gartenstuhl"' },
  { name: 'contract-date', type: 'string', placeholder: 'YYYY-MM-DD', help: 'the day the contract was concluded (not after the invoice date)' },
  { name: 'today', type: 'string', placeholder: 'YYYY-MM-DD', help: "the business day the amendment is recorded on (default: today in the config's time zone)" },
];

const summary = "add a claim's missing description and/or contract date (§ 13a Abs. 1 Nr. 2 RDG: needed before a consumer's claim goes to a collection agency)";

const notes = [
  'A consumer\'s claim is handed over to a collection agency only with both facts: the agency\'s first letter',
  'must name the contract\'s subject and the date it was concluded (§ 13a Abs. 1 Nr. 2 RDG). A hand-over',
  'blocked for want of them is taken up again by the next mahnwerk run after the amendment.',
  '',
  'A fact is added, never changed: a claim that has one with another value is refused (fact_already_set),',
  'because letters sent and the audit trail rest on it. The same value again records nothing.',
  'Each fact is checked as at import; nothing is written when one is refused.',
];

/** What `amend --json` prints. */
interface AmendReport {
  readonly database: string;
  readonly claimId: string;
  /** False when every fact given was on the claim already (nothing written). */
  readonly recorded: boolean;
  readonly version: number;
  /** The claim's facts of § 13a Abs. 1 Nr. 2 RDG after the amendment (null: not set). */
  readonly description: string | null;
  readonly contractDate: IsoDate | null;
  /** What a consumer's claim still lacks for a hand-over to a collection agency (empty: nothing). */
  readonly missingForHandover: readonly string[];
}

/** `mahnwerk amend`: adds a claim's missing facts through the host API's `amendClaimFacts`. */
export const amendCommand = {
  name: 'amend',
  summary,
  fieldToFlag: { claimId: '--claim', description: '--description', contractDate: '--contract-date', today: '--today' } as Record<string, string>,
  help: () => helpText('amend', summary, flags, 'mahnwerk amend --db ./mahnwerk-data --claim RE-2025-0042 --contract-date 2024-12-20', notes),
  async run(argv: readonly string[], _readStdin: () => Promise<string>, io: CliIo): Promise<CommandResult> {
    const f = parseFlags('amend', argv, flags);
    if (f['help']) return { text: amendCommand.help() };
    const description = str(f, 'description');
    const contractDate = str(f, 'contract-date');
    if (description === undefined && contractDate === undefined) {
      throw new UsageError('--description / --contract-date: give the facts to add, one or both (see mahnwerk amend --help).');
    }
    const today = str(f, 'today');
    if (today !== undefined && !isIsoDate(today)) throw new UsageError(`--today: "${today}" is not a date written YYYY-MM-DD.`);
    const { config, db } = await requiredDatabase(f, io, 'amend');
    const host = await openConfiguredHost(config, db, io, 'cli', today === undefined ? {} : { clock: fixedClock(today) });
    try {
      // The facts as given: core checks them as at creation (dates, lengths) and names the field.
      const input: AmendClaimFactsInput = {
        claimId: str(f, 'claim') as string,
        ...(description === undefined ? {} : { description }),
        ...(contractDate === undefined ? {} : { contractDate }),
      };
      const result = await host.mahnwerk.amendClaimFacts(input);
      const state = await host.mahnwerk.claim(result.claimId);
      const report: AmendReport = {
        database: host.opened.where,
        claimId: result.claimId,
        recorded: !result.replayed,
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
  const head = renderTable(['claim', 'description', 'contract date', 'recorded'], [[r.claimId, r.description ?? '–', r.contractDate ?? '–', r.recorded ? 'yes' : 'no (already set)']]);
  const next =
    r.missingForHandover.length === 0
      ? 'the claim can be handed over to a collection agency: the next mahnwerk run takes up a hand-over that was blocked for want of these facts\n'
      : `still missing for a hand-over to a collection agency (§ 13a Abs. 1 Nr. 2 RDG): ${r.missingForHandover.join(' and ')}\n`;
  return head + next;
}
