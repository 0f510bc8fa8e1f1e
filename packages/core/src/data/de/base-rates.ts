import type { IsoDate } from '../../calendar/date.js';

/**
 * How well a base-rate row is backed, in the marks of the project's legal facts file
 * (`shared/legal/de-and-eu-facts.md`):
 *
 * - `V`: checked against the primary legal text or an official publication;
 * - `V2`: two or more independent secondary sources agree and the value fits the ECB rate path;
 * - `M`: medium: one good secondary source, or several code tables that may share an origin;
 * - `U`: unverified. Such a row also has `confirmed: false`.
 */
export type BaseRateConfidence = 'V' | 'V2' | 'M' | 'U';

/**
 * One half-year of the German base rate (Basiszinssatz, § 247 BGB). The rate changes only on
 * 1 January and 1 July (§ 247 Abs. 1 S. 2 BGB). A table lists **every** half-year, including those
 * in which the rate stayed the same, so a missing publication is never taken for an unchanged rate.
 */
export interface BaseRateRow {
  /** First day of the half-year: `YYYY-01-01` or `YYYY-07-01`. */
  readonly from: IsoDate;
  /** The rate in percent as a decimal string, e.g. `'1.27'` or `'-0.88'`. */
  readonly ratePercent: string;
  /** Where the value comes from (Bundesbank publication, reporting pages, facts-file section). */
  readonly source: string;
  /**
   * `false` when no primary source confirms the value yet. Interest computed on such a row is
   * marked `unconfirmedBaseRate`. Absent or `true`: the value is taken as confirmed.
   */
  readonly confirmed?: boolean;
  /** How well the value is backed (see {@link BaseRateConfidence}); informational. */
  readonly confidence?: BaseRateConfidence;
}

const FACTS = 'facts file shared/legal/de-and-eu-facts.md § 1.1';
const BBK = 'Deutsche Bundesbank, published in the Bundesanzeiger (§ 247 Abs. 2 BGB)';
const EARLY = 'henrich-stb.de; froehlichundhein.de; godoku.de (Bundesanzeiger references); ameax/bgb-interest data/base_rates.json';
const RECENT = 'ameax/bgb-interest data/base_rates.json (Bundesbank SDMX series BBIN1.M.DE.BBK.BBKBAS2.EUR.ME, cached 2025-10-02); ThomasMoreAI/legal-skills-open verzugszins_rechner.py';

function row(from: IsoDate, ratePercent: string, confidence: BaseRateConfidence, reportedBy: string): BaseRateRow {
  // An unverified value has no known Bundesbank publication: do not claim one for it.
  const origin = confidence === 'U' ? 'UNCONFIRMED value, not yet seen in a Bundesbank publication' : BBK;
  const base = { from, ratePercent, source: `${origin}; reported by ${reportedBy}; ${FACTS} [${confidence}]`, confidence };
  return Object.freeze(confidence === 'U' ? { ...base, confirmed: false } : base);
}

function unchanged(from: IsoDate, ratePercent: string, reportedBy: string): BaseRateRow {
  return row(from, ratePercent, 'V2', `${reportedBy} (unchanged)`);
}

/**
 * The German base rate (§ 247 BGB) for every half-year from 2002-01-01 (when § 247 BGB replaced the
 * DÜG base rate of 3.62 %) to the newest value known to mahnwerk, with sources.
 *
 * The row of 2026-07-01 (1.52 %) is carried by several code tables but was not confirmed by a
 * primary source (Bundesbank press release or Bundesanzeiger) when this table was made; it is
 * marked `confirmed: false`. Hosts that want only confirmed values build their table with
 * `createBaseRateTable(germanBaseRates, { confirmedOnly: true })`; hosts add newer rows with
 * `extendBaseRates`.
 */
export const germanBaseRates: readonly BaseRateRow[] = Object.freeze([
  row('2002-01-01', '2.57', 'V2', EARLY),
  row('2002-07-01', '2.47', 'V2', EARLY),
  row('2003-01-01', '1.97', 'V2', `${EARLY}; steuerkanzlei-konerding-thomas.de`),
  row('2003-07-01', '1.22', 'V2', EARLY),
  row('2004-01-01', '1.14', 'V2', EARLY),
  row('2004-07-01', '1.13', 'V2', EARLY),
  row('2005-01-01', '1.21', 'V2', EARLY),
  row('2005-07-01', '1.17', 'V2', EARLY),
  row('2006-01-01', '1.37', 'V2', EARLY),
  row('2006-07-01', '1.95', 'V2', `${EARLY}; rechtslupe.de`),
  row('2007-01-01', '2.70', 'V2', EARLY),
  row('2007-07-01', '3.19', 'V2', EARLY),
  row('2008-01-01', '3.32', 'V2', `${EARLY}; Börsen-Zeitung ("Anfang 2008 … 3,32 %")`),
  row('2008-07-01', '3.19', 'V2', EARLY),
  row('2009-01-01', '1.62', 'V2', `${EARLY}; Bundesbank press release via lifepr.de ("Anpassung … zum 1. Januar 2009 auf 1,62")`),
  row('2009-07-01', '0.12', 'V2', EARLY),
  unchanged('2010-01-01', '0.12', 'froehlichundhein.de'),
  unchanged('2010-07-01', '0.12', 'froehlichundhein.de'),
  unchanged('2011-01-01', '0.12', 'froehlichundhein.de'),
  row('2011-07-01', '0.37', 'V2', EARLY),
  row('2012-01-01', '0.12', 'V2', EARLY),
  unchanged('2012-07-01', '0.12', 'froehlichundhein.de'),
  row('2013-01-01', '-0.13', 'M', 'ameax/bgb-interest data/base_rates.json and several code tables (allgrund.com "+0,13" is a sign error)'),
  row('2013-07-01', '-0.38', 'V2', 'assekuranz-info-portal.de (Bundesbank notice); ameax/bgb-interest data/base_rates.json'),
  row('2014-01-01', '-0.63', 'M', 'ameax/bgb-interest data/base_rates.json; ThomasMoreAI/legal-skills-open'),
  row('2014-07-01', '-0.73', 'M', 'ameax/bgb-interest data/base_rates.json; ThomasMoreAI/legal-skills-open; rechtsanwaeltin-fuldner ("zum 1.7.2014 beträgt -0,73")'),
  row('2015-01-01', '-0.83', 'V2', 'ameax/bgb-interest data/base_rates.json; Börsen-Zeitung (-0.83 before 1.7.2016)'),
  unchanged('2015-07-01', '-0.83', 'ameax/bgb-interest data/base_rates.json; Börsen-Zeitung'),
  unchanged('2016-01-01', '-0.83', 'ameax/bgb-interest data/base_rates.json; Börsen-Zeitung'),
  row('2016-07-01', '-0.88', 'V2', 'Börsen-Zeitung ("Basiszins sinkt auf minus 0,88 Prozent"); stb-bruns.com'),
  unchanged('2017-01-01', '-0.88', 'stb-bruns.com'),
  unchanged('2017-07-01', '-0.88', 'stb-bruns.com'),
  unchanged('2018-01-01', '-0.88', 'stb-bruns.com'),
  unchanged('2018-07-01', '-0.88', 'stb-bruns.com'),
  unchanged('2019-01-01', '-0.88', 'stb-bruns.com'),
  unchanged('2019-07-01', '-0.88', 'Bundesbank press release via lifepr.de ("bleibt unverändert bei -0,88"); stb-bruns.com'),
  unchanged('2020-01-01', '-0.88', 'stb-bruns.com'),
  unchanged('2020-07-01', '-0.88', 'Bundesbank press release via lifepr.de ("bleibt unverändert bei -0,88"); stb-bruns.com'),
  unchanged('2021-01-01', '-0.88', 'Bundesbank press release via lifepr.de ("bleibt unverändert bei -0,88"); stb-bruns.com'),
  unchanged('2021-07-01', '-0.88', 'stb-bruns.com'),
  unchanged('2022-01-01', '-0.88', 'stb-bruns.com'),
  unchanged('2022-07-01', '-0.88', 'stb-bruns.com'),
  row('2023-01-01', '1.62', 'V2', 'stb-bruns.com ("Zum 1.1.2023 … 1,62 %"); ameax/bgb-interest data/base_rates.json'),
  row('2023-07-01', '3.12', 'V2', `${RECENT}; ECB MRO delta +1.50`),
  row('2024-01-01', '3.62', 'V2', `${RECENT}; ECB MRO delta +0.50`),
  row('2024-07-01', '3.37', 'V2', `${RECENT}; ECB MRO delta -0.25`),
  row('2025-01-01', '2.27', 'V2', `${RECENT}; ECB MRO delta -1.10`),
  row('2025-07-01', '1.27', 'V2', 'malerblog.net ("zum 1. Juli 2025 … auf 1,27 Prozent"); ameax/bgb-interest data/base_rates.json'),
  unchanged(
    '2026-01-01',
    '1.27',
    'Bundesbank press release via finanzmarktnachrichten.de and state-of.biz (MRO 2.15 % on 22.12.2025; Bundesanzeiger 24.12.2025)',
  ),
  row(
    '2026-07-01',
    '1.52',
    'U',
    'code tables only (ThomasMoreAI/legal-skills-open verzugszins_rechner.py and others, facts file § 1.1 note 2, § 9 item 1); NO Bundesbank press release or Bundesanzeiger notice found: verify before relying on it',
  ),
]);

/**
 * The last day for which {@link germanBaseRates} knows the base rate: the last day of the
 * half-year of its last row.
 */
export const baseRateKnownUntil: IsoDate = '2026-12-31';
