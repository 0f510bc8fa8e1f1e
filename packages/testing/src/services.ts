import { describe, it } from 'vitest';

/**
 * Registers a suite that needs a real PostgreSQL server, named by `MAHNWERK_TEST_PG_URL` (CI's
 * `.ci/services.sh` starts one and exports it; locally: `source .ci/services.sh && services_start`).
 * Without the variable the suite is reported as skipped with the reason — except on CI (`CI=true`
 * or `CI=1`), where its absence fails a test instead, so CI never passes without having run them.
 *
 * @param title - the suite title
 * @param body - registers the tests
 * @param label - the package named in the skip warning, e.g. `store-postgres`
 */
export function describePostgres(title: string, body: () => void, label = 'mahnwerk'): void {
  const url = process.env['MAHNWERK_TEST_PG_URL'];
  if (url !== undefined && url !== '') {
    describe(title, body);
    return;
  }
  const why = 'MAHNWERK_TEST_PG_URL is not set (locally: source .ci/services.sh && services_start)';
  if (process.env['CI'] === 'true' || process.env['CI'] === '1') {
    describe(title, () => {
      it('needs a real PostgreSQL on CI', () => {
        throw new Error(`${why}; CI must run the PostgreSQL tests, so this fails instead of skipping.`);
      });
    });
    return;
  }
  console.warn(`[${label}] skipping "${title}": ${why}.`);
  describe.skip(`${title} — skipped: ${why}`, body);
}
