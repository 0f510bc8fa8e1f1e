// The base-rate table of the specs whose simulated step fails past the known base rates (§ 247 BGB),
// and the engine's words for it, written once: model-step-error, script-step-error and
// listed-input-error check that each such error names its step and keeps these words after it.
import { createBaseRateTable, germanBaseRates } from '../../src/index.js';

/**
 * A base-rate table whose last row is 2025-01-01: the rate is known through 2025-06-30 (§ 247 BGB: a
 * rate holds for a half-year), not for 2025-07-01.
 */
export const ratesToJune2025 = createBaseRateTable(germanBaseRates.filter((r) => r.from <= '2025-01-01'));

/** The engine's own words for 2025-07-01 under {@link ratesToJune2025} (base-rate.ts, beyondKnownMessage). */
export const beyondJune2025 =
  'the base rate (§ 247 BGB) for 2025-07-01 is not known; the table ends on 2025-06-30 (last row from 2025-01-01: 2.27 %). To fix: pass the newer half-year rows published by the Deutsche Bundesbank via extendBaseRates(table, rows) (option baseRates), or opt in with allowBeyondKnownBaseRate: true (baseRateOn: allowBeyondKnown: true) to assume 2.27 % — such periods are marked as assumed.';
