/**
 * Exit codes of the CLI: 0 success, 1 a failure of what it runs on (a database, a worker process, a
 * file it writes) or a bug, 2 bad input (usage or data), 3 `mahnwerk run` ran its day but claims
 * could not be decided (errors such as `base_rate_unknown`; what was decided is stored — fix the
 * cause it names and run the same command again). Steps blocked by a guard are no failure (0).
 */
export const exitCodes = { ok: 0, failure: 1, badInput: 2, claimsFailed: 3 } as const;
