import { keepPersonalDataApart, statementAsOf, withPersonalData, type ClaimEvent, type ClaimFacts } from '@mahnwerk/core';
import { describe, expect, it } from 'vitest';
import { createEngineRenderer } from '../src/index.js';
import { creditor } from './fixtures.js';

// GDPR erasure (issue 9 point 7, docs/gdpr.md): after eraseDebtor the engine reads the debtor's
// name as "gelöscht" (locale de) / "erased" (en) with no address; letters print exactly that.
const facts = (locale: 'de' | 'en'): ClaimFacts => ({
  id: 'claim-0816',
  debtor: { id: 'd-9', kind: 'consumer', name: 'Maximilian Mustermann', address: ['Lindenallee 7', '50968 Köln'], email: 'max@example.org', locale },
  principal: '1234.56',
  currency: 'EUR',
  invoiceDate: '2025-10-20',
  dueDate: '2025-11-03',
  reference: 'RE-2025-004712',
});

/** The claim-created event as the engine reads it after erasure: stored without personal data, the holding erased. */
function afterErasure(locale: 'de' | 'en'): ClaimFacts {
  const created: ClaimEvent = { type: 'claim-created', claimId: 'claim-0816', date: '2025-10-20', claim: facts(locale) };
  const apart = keepPersonalDataApart(created, 'ab'.repeat(32));
  const read = withPersonalData(apart.event, { status: 'erased', claimId: 'claim-0816', debtorId: 'd-9', commitment: apart.record?.commitment ?? '', erasedAt: '2026-03-01T10:00:00Z' });
  if (read.type !== 'claim-created') throw new Error('unreachable');
  return read.claim;
}

describe('letters for a debtor whose personal data was erased', () => {
  const render = createEngineRenderer({ creditor });
  for (const [locale, word] of [['de', 'gelöscht'], ['en', 'erased']] as const) {
    it(`the ${locale} reminder (e-mail body; a letter cannot be made without an address) addresses "${word}" and holds no name, address or e-mail of the debtor`, async () => {
      const claim = afterErasure(locale);
      const events: ClaimEvent[] = [{ type: 'claim-created', claimId: claim.id, date: '2025-10-20', claim }];
      const out = await render({ template: 'reminder', channel: 'email', locale, claim, statement: statementAsOf(events, '2026-03-10'), stage: 'reminder' });
      expect(out.text).toContain(word);
      for (const datum of ['Maximilian', 'Mustermann', 'Lindenallee', '50968', 'max@example.org']) expect(out.text).not.toContain(datum);
    });
  }
});
