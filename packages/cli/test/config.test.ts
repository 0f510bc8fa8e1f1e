import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configJsonSchema, loadConfig, parseConfig } from '../src/config.js';

// mahnwerk.config.json (issue 9 point 8): validated with zod, published as a JSON Schema generated
// from the same zod schema.

const schemaFile = new URL('../schema/mahnwerk.config.schema.json', import.meta.url);

describe('the published JSON Schema', () => {
  it('the committed schema/mahnwerk.config.schema.json equals the one generated from the zod schema (MAHNWERK_WRITE_SCHEMA=1 rewrites it)', () => {
    const generated = `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
    if (process.env.MAHNWERK_WRITE_SCHEMA === '1') writeFileSync(schemaFile, generated);
    expect(readFileSync(schemaFile, 'utf8')).toBe(generated);
  });

  it('is shipped: package.json lists schema/ in files', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { files: string[] };
    expect(pkg.files).toContain('schema');
  });

  it('describes the sections and refuses unknown keys', () => {
    const schema = configJsonSchema() as { properties: Record<string, unknown>; additionalProperties: unknown };
    expect(Object.keys(schema.properties).sort()).toEqual(['$schema', 'agency', 'anchor', 'baseRates', 'channels', 'creditor', 'database', 'inkasso', 'policy', 'timeZone']);
    expect(schema.additionalProperties).toBe(false);
  });
});

describe('parseConfig', () => {
  it('anchor: the checkpoints file, the key id and exactly one key file (HMAC or Ed25519)', () => {
    const base = { checkpoints: '/mnt/audit/checkpoints.jsonl', keyId: 'audit-2026' };
    expect(parseConfig(JSON.stringify({ anchor: { ...base, hmacKeyFile: '/etc/mahnwerk/audit.key' } }), 'c.json').anchor).toEqual({ ...base, hmacKeyFile: '/etc/mahnwerk/audit.key' });
    expect(() => parseConfig(JSON.stringify({ anchor: base }), 'c.json')).toThrow('c.json: anchor: give exactly one of hmacKeyFile or ed25519KeyFile');
    expect(() => parseConfig(JSON.stringify({ anchor: { ...base, hmacKeyFile: 'a', ed25519KeyFile: 'b' } }), 'c.json')).toThrow('c.json: anchor: give exactly one of hmacKeyFile or ed25519KeyFile');
  });

  it('fills in the defaults: policy auto, Europe/Berlin, no channels, no base-rate rows', () => {
    expect(parseConfig('{}', 'c.json')).toEqual({ policy: 'auto', timeZone: 'Europe/Berlin', channels: {}, baseRates: [] });
  });

  it('reads a full config; the file channel stands in for email and letter by default', () => {
    const config = parseConfig(
      JSON.stringify({
        database: './data',
        policy: 'de-b2b-default',
        creditor: { name: 'Beispiel GmbH', addressLines: ['Musterweg 1', '10115 Berlin'], bank: { iban: 'DE89370400440532013000' } },
        channels: { file: { dir: './outbox' } },
      }),
      'c.json',
    );
    expect(config.channels.file).toEqual({ dir: './outbox', channels: ['email', 'letter'] });
    expect(config.creditor?.bank?.iban).toBe('DE89370400440532013000');
  });

  it('names the file and the field of a bad value', () => {
    expect(() => parseConfig('{"creditor":{"name":"X","addressLines":[]}}', 'mw.json')).toThrow(/^mw\.json: creditor\.addressLines: .*>=1/);
    expect(() => parseConfig('{"channels":{"file":{"dir":"o","channels":["fax"]}}}', 'mw.json')).toThrow(/^mw\.json: channels\.file\.channels\[0\]: /);
    expect(() => parseConfig('{"databse":"x"}', 'mw.json')).toThrow(/^mw\.json: \(top level\): Unrecognized key: "databse"/);
    expect(() => parseConfig('{', 'mw.json')).toThrow(/^mw\.json: not valid JSON/);
  });

  it('loadConfig: without --config a missing mahnwerk.config.json means defaults; a missing --config file is an error naming --config', async () => {
    const missing = async (path: string): Promise<string> => {
      throw new Error(`ENOENT: no such file, open '${path}'`);
    };
    expect(await loadConfig(undefined, missing)).toEqual({ config: { policy: 'auto', timeZone: 'Europe/Berlin', channels: {}, baseRates: [] }, file: undefined });
    await expect(loadConfig('other.json', missing)).rejects.toThrow(/^--config: cannot read "other\.json"/);
  });
});
