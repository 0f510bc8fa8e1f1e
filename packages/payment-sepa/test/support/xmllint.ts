import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The ISO 20022 schema the package ships (see schema/README.md). */
export const pain008Xsd = fileURLToPath(new URL('../../schema/pain.008.001.02.xsd', import.meta.url));

const missing = spawnSync('xmllint', ['--version']).error !== undefined;

/**
 * True where xmllint (Debian libxml2-utils) is missing and this is not CI: on a fresh machine with
 * only Node the schema checks are skipped, with a note. CI (`.ci/run` installs libxml2-utils; `CI`
 * is set) always runs them, and fails if xmllint is missing.
 */
export const withoutXmllint = missing && process.env.CI === undefined;
if (withoutXmllint) {
  console.warn('payment-sepa: the pain.008 XSD checks are skipped: xmllint is not installed (apt-get install libxml2-utils; .ci/run installs it).');
}

/** What xmllint said about a file. */
export interface SchemaVerdict {
  /** True when the file is valid against the schema. */
  readonly valid: boolean;
  /** xmllint's messages (stderr). */
  readonly messages: string;
}

/** Validates an XML text against the shipped pain.008.001.02 XSD with `xmllint --noout --schema`. */
export function validateAgainstXsd(xml: string, xsd = pain008Xsd): SchemaVerdict {
  const dir = mkdtempSync(join(tmpdir(), 'mahnwerk-pain008-'));
  const file = join(dir, 'pain008.xml');
  writeFileSync(file, xml);
  const run = spawnSync('xmllint', ['--noout', '--schema', xsd, file], { encoding: 'utf8' });
  if (run.error !== undefined) throw run.error;
  return { valid: run.status === 0, messages: run.stderr };
}
