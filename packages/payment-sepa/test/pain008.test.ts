import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { pain008, pain008Namespace, parseCamt, type DirectDebit, type Pain008Options } from '../src/index.js';

// These tests check the structure the ISO 20022 message definition and the EPC SDD Core
// implementation guidelines prescribe — element order of each sequence, counts and control sums,
// required elements. The validation against the ISO 20022 schema itself (schema/pain.008.001.02.xsd,
// xmllint --schema) is in pain008-schema.test.ts.

const options: Pain008Options = {
  messageId: 'MW-2025-01-14-1',
  createdAt: '2025-01-14T09:00:00+01:00',
  collectionDate: '2025-01-20',
  creditor: { name: 'Beispiel Shop GmbH', iban: 'DE89 3704 0044 0532 0130 00', bic: 'COBADEFFXXX', creditorId: 'DE98ZZZ09999999999', address: { street: 'Hauptstraße', houseNumber: '5', postalCode: '80331', city: 'München', country: 'DE' } },
};
const debits: DirectDebit[] = [
  {
    claimId: 'RE-2025-001',
    amount: '1011.75',
    sequenceType: 'FRST',
    mandate: { id: 'MNDT-2024-0042', signedOn: '2024-11-02' },
    debtor: { name: 'Erika Mustermann', iban: 'DE02120300000000202051', address: { street: 'Musterstraße', houseNumber: '1', postalCode: '10115', city: 'Berlin', country: 'DE' } },
    creditorReference: 'RF27RE2025001',
  },
  { claimId: 'RE-2025-002', amount: '0.10', sequenceType: 'RCUR', mandate: { id: 'MNDT-2023-0007', signedOn: '2023-05-01' }, debtor: { name: 'Hans Beispiel', iban: 'DE02500105170137075030' }, remittance: 'Rechnung RE-2025-002' },
  { claimId: 'RE-2025-003', amount: '0.20', sequenceType: 'RCUR', mandate: { id: 'MNDT-2023-0008', signedOn: '2023-05-01' }, debtor: { name: 'Jana Probe', iban: 'DE02100100100006820101', bic: 'PBNKDEFF' } },
];

type Ordered = Record<string, unknown>[];
const ordered = (xml: string): Ordered => new XMLParser({ preserveOrder: true, ignoreAttributes: false, parseTagValue: false, removeNSPrefix: true }).parse(xml) as Ordered;
const nameOf = (n: Record<string, unknown>) => Object.keys(n).find((k) => k !== ':@' && k !== '#text') as string;
const children = (n: Record<string, unknown>): Ordered => (n[nameOf(n)] as Ordered).filter((c) => nameOf(c) !== undefined);
const child = (n: Record<string, unknown>, name: string) => children(n).find((c) => nameOf(c) === name) as Record<string, unknown>;
const all = (n: Record<string, unknown>, name: string) => children(n).filter((c) => nameOf(c) === name);
const textOf = (n: Record<string, unknown>) => ((n[nameOf(n)] as Ordered)[0]?.['#text'] as string | undefined) ?? '';
const names = (n: Record<string, unknown>) => children(n).map(nameOf);

describe('pain008: SEPA direct debits (pain.008.001.02)', () => {
  const xml = pain008(debits, options);
  const doc = ordered(xml).find((n) => nameOf(n) === 'Document') as Record<string, unknown>;
  const root = child(doc, 'CstmrDrctDbtInitn');

  it('is well-formed (xmllint) and in the pain.008.001.02 namespace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pain008-'));
    writeFileSync(join(dir, 'out.xml'), xml);
    expect(() => execFileSync('xmllint', ['--noout', join(dir, 'out.xml')], { stdio: 'pipe' })).not.toThrow();
    expect(xml).toContain(`<Document xmlns="${pain008Namespace}">`);
    expect(xml).not.toContain('xmlns=""');
  });

  it('group header: message id, creation time, number of transactions and the control sum (1011.75 + 0.10 + 0.20 = 1012.05)', () => {
    const head = child(root, 'GrpHdr');
    expect(names(head)).toEqual(['MsgId', 'CreDtTm', 'NbOfTxs', 'CtrlSum', 'InitgPty']);
    expect(['MsgId', 'CreDtTm', 'NbOfTxs', 'CtrlSum'].map((n) => textOf(child(head, n)))).toEqual(['MW-2025-01-14-1', '2025-01-14T09:00:00', '3', '1012.05']);
  });

  it('one payment information block per sequence type, elements in the order of the schema sequence, with count and control sum', () => {
    const blocks = all(root, 'PmtInf');
    expect(blocks.map((b) => textOf(child(child(b, 'PmtTpInf'), 'SeqTp')))).toEqual(['FRST', 'RCUR']);
    expect(blocks.map((b) => [textOf(child(b, 'NbOfTxs')), textOf(child(b, 'CtrlSum'))])).toEqual([
      ['1', '1011.75'],
      ['2', '0.30'],
    ]);
    for (const b of blocks) {
      expect(names(b).filter((n) => n !== 'DrctDbtTxInf')).toEqual(['PmtInfId', 'PmtMtd', 'NbOfTxs', 'CtrlSum', 'PmtTpInf', 'ReqdColltnDt', 'Cdtr', 'CdtrAcct', 'CdtrAgt', 'ChrgBr', 'CdtrSchmeId']);
      expect(names(child(b, 'PmtTpInf'))).toEqual(['SvcLvl', 'LclInstrm', 'SeqTp']);
      expect(textOf(child(b, 'ReqdColltnDt'))).toBe('2025-01-20');
      expect(textOf(child(child(child(b, 'CdtrAcct'), 'Id'), 'IBAN'))).toBe('DE89370400440532013000');
    }
    expect(names(child(child(blocks[0] as Record<string, unknown>, 'Cdtr'), 'PstlAdr'))).toEqual(['StrtNm', 'BldgNb', 'PstCd', 'TwnNm', 'Ctry']);
  });

  it('each debit: end-to-end id, amount as a decimal string, mandate id and date, agent, structured address, IBAN, remittance', () => {
    const [first, second, third] = all(root, 'PmtInf').flatMap((b) => all(b, 'DrctDbtTxInf'));
    expect(names(first as Record<string, unknown>)).toEqual(['PmtId', 'InstdAmt', 'DrctDbtTx', 'DbtrAgt', 'Dbtr', 'DbtrAcct', 'RmtInf']);
    expect(xml).toContain('<InstdAmt Ccy="EUR">1011.75</InstdAmt>');
    expect(xml).toContain('<InstdAmt Ccy="EUR">0.10</InstdAmt>');
    expect(xml).toMatch(/<MndtRltdInf>\s*<MndtId>MNDT-2024-0042<\/MndtId>\s*<DtOfSgntr>2024-11-02<\/DtOfSgntr>/);
    expect(names(child(child(first as Record<string, unknown>, 'Dbtr'), 'PstlAdr'))).toEqual(['StrtNm', 'BldgNb', 'PstCd', 'TwnNm', 'Ctry']);
    expect(xml).toMatch(/<CdtrRefInf>\s*<Tp>\s*<CdOrPrtry>\s*<Cd>SCOR<\/Cd>\s*<\/CdOrPrtry>\s*<Issr>ISO<\/Issr>\s*<\/Tp>\s*<Ref>RF27RE2025001<\/Ref>/);
    expect(names(second as Record<string, unknown>)).toEqual(['PmtId', 'InstdAmt', 'DrctDbtTx', 'DbtrAgt', 'Dbtr', 'DbtrAcct', 'RmtInf']);
    expect(xml).toContain('<Id>NOTPROVIDED</Id>');
    // Without RF or text the remittance line is the claim id (what the SEPA provider reads back from camt.054).
    expect(names(third as Record<string, unknown>)).toEqual(['PmtId', 'InstdAmt', 'DrctDbtTx', 'DbtrAgt', 'Dbtr', 'DbtrAcct', 'RmtInf']);
    expect(textOf(child(child(third as Record<string, unknown>, 'RmtInf'), 'Ustrd'))).toBe('RE-2025-003');
    expect(xml).toContain('<BIC>PBNKDEFF</BIC>');
  });

  it('checks every input before writing: IBAN checksum, creditor reference, mandate date, amount decimals, SEPA character set', () => {
    const bad = (over: Partial<DirectDebit>, opts: Partial<Pain008Options> = {}) => () => pain008([{ ...(debits[0] as DirectDebit), ...over }], { ...options, ...opts });
    expect(bad({ debtor: { name: 'E', iban: 'DE02120300000000202052' } })).toThrow(expect.objectContaining({ field: 'debits[0].debtor.iban' }) as Error);
    expect(bad({ creditorReference: 'RF28RE2025001' })).toThrow(expect.objectContaining({ field: 'debits[0].creditorReference' }) as Error);
    expect(bad({ mandate: { id: 'M1', signedOn: '2025-01-21' } })).toThrow(expect.objectContaining({ field: 'debits[0].mandate.signedOn' }) as Error);
    expect(bad({ amount: '10.001' })).toThrow(expect.objectContaining({ field: 'debits[0].amount' }) as Error);
    expect(bad({ mandate: { id: 'M€1', signedOn: '2024-01-01' } })).toThrow(expect.objectContaining({ field: 'debits[0].mandate.id' }) as Error);
    expect(bad({}, { creditor: { ...options.creditor, creditorId: 'ZZZ' } })).toThrow(expect.objectContaining({ field: 'creditor.creditorId' }) as Error);
    expect(() => pain008([], options)).toThrow(/at least one/);
  });

  it('is not a bank statement: the camt reader refuses it', () => {
    expect(() => parseCamt(xml)).toThrow(/neither BkToCstmrStmt/);
  });
});
