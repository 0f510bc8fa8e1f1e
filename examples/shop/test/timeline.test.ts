import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toAmountString, type ClaimEvent } from '@mahnwerk/core';
import { businessOrder, consumerOrder, runTimeline } from '../src/timeline.js';

// Every figure below was computed by hand (act/365; base rate § 247 BGB 2.27 % from 2025-01-01,
// 1.27 % from 2025-07-01) and checked against the letters read as the debtor reads them.
let book: Awaited<ReturnType<typeof runTimeline>>;
const events = async (claimId: string): Promise<ClaimEvent[]> => (await book.mahnwerk.history(claimId)).map((entry) => entry.event);
const stagesOf = async (claimId: string) => (await events(claimId)).flatMap((e) => (e.type === 'stage-entered' ? [`${e.date} ${e.stage}`] : []));
const lettersOf = (claimId: string) => book.letter.sent.filter((m) => m.claimId === claimId);
/** A message's text as the debtor reads it: the no-break spaces between figure and unit as spaces. */
const read = (text: string | undefined) => text?.replace(/\u00a0/g, ' ');

beforeAll(async () => {
  book = await runTimeline('2025-06-30');
}, 120_000); // four months of daily runs on the embedded database: 5–15 s on a busy machine (a timeout is a hang guard, not a speed check)
afterAll(async () => {
  await book?.close();
});

describe('examples/shop timeline: a consumer and a business order over four months', () => {
  it('§ 367 Abs. 1 BGB: the partial payment of 2025-04-10 pays the interest first, then the principal', async () => {
    const payment = (await events(consumerOrder.id)).find((e) => e.type === 'payment-received');
    // Default from 2025-03-18 (agreed due date 03-17, § 286 Abs. 2 Nr. 1 BGB) to 04-09: 23 days at
    // 2.27 + 5 = 7.27 % (§ 288 Abs. 1 BGB): 249.90 × 0.0727 × 23 / 365 = 1.1448 → 1.14; 100.00 − 1.14 = 98.86.
    expect(payment?.type === 'payment-received' && payment.allocation).toEqual({ costs: '0.00', interest: '1.14', principal: '98.86', unapplied: '0.00' });
  });

  it('§ 288 Abs. 2, 5 BGB: the business final notice claims 11.27 % and the 40 EUR flat fee; the consumer owes no flat fee', async () => {
    const finalNotice = lettersOf(businessOrder.id).find((m) => m.subject.startsWith('Letzte Mahnung'));
    // 2025-04-03 … 05-19 = 47 days at 2.27 + 9 = 11.27 %: 4780 × 0.1127 × 47 / 365 = 69.368 → 69.37;
    // 4780.00 + 69.37 + 40.00 = 4889.37; deadline 05-19 + 10 = 05-29 (Christi Himmelfahrt, § 193 BGB) → 05-30.
    expect(read(finalNotice?.text)).toContain('47 Tage zu 11,27 % p. a. aus 4.780,00 € (§ 288 Abs. 2 BGB): 69,37 €');
    expect(read(finalNotice?.text)).toContain('Verzugspauschale (§ 288 Abs. 5 BGB) vom 19.05.2025: 40,00 €');
    expect(read(finalNotice?.text)).toContain('den Gesamtbetrag von 4.889,37 € bis zum 30.05.2025');
    expect((await events(consumerOrder.id)).filter((e) => e.type === 'fee-charged' && e.kind === 'flat-fee')).toEqual([]);
  });

  it('guard.no-escalation-during-dispute: the business Mahnung waits until the dispute is resolved', async () => {
    // Reminder on due date + 7 = 04-09; the Mahnung would follow 14 days later (04-23), but the
    // dispute is open from 04-14 to 04-28: the Mahnung goes out on the day it is resolved.
    expect(await stagesOf(businessOrder.id)).toEqual(['2025-04-09 reminder', '2025-04-28 dunning-notice', '2025-05-19 final-notice']);
  });

  it("§ 13a Abs. 1 RDG, § 13e RDG: the agency's first letter names its client, the contract and every cost", async () => {
    expect(book.runs.reduce((failed, run) => failed + run.failed, 0)).toBe(0);
    const first = lettersOf(consumerOrder.id).find((m) => m.subject.includes('im Auftrag von'));
    expect(first?.subject).toBe('Zahlungsaufforderung im Auftrag von Gartenwelt Versand GmbH – Forderung RE-2025-0417');
    expect(first?.text.startsWith('Muster Inkasso GmbH · Inkassoplatz 2 · 10117 Berlin')).toBe(true);
    expect(read(first?.text)).toContain('Auftraggeber: Gartenwelt Versand GmbH, Lindenallee 12, 04109 Leipzig');
    expect(read(first?.text)).toContain('Forderungsgrund: Vertrag vom 01.03.2025 über Bestellung 4711');
    // Hand-over on final notice (04-28) + 17 = 05-15. Value 151.04 ≤ 500 EUR, RVG table of 2021 (the
    // mandate is before 2025-06-01): 0.9 × 49.00 = 44.10 (Nr. 2300 VV RVG), 20 % = 8.82 (Nr. 7002).
    // Interest 04-10 … 05-15 = 36 days: 151.04 × 0.0727 × 36 / 365 = 1.0830 → 1.08.
    // 151.04 + 1.08 + (1.00 + 44.10 + 8.82) = 206.04; deadline 05-15 + 14 = 05-29 (holiday) → 05-30.
    expect(read(first?.text)).toContain('0,9 × 49,00 € = 44,10 €');
    expect(read(first?.text)).toContain('Auslagenpauschale Nr. 7002 VV RVG vom 15.05.2025: 8,82 €');
    expect(read(first?.text)).toContain('den Gesamtbetrag von 206,04 € bis zum 30.05.2025 an uns zu zahlen');
  });

  it('§ 362, § 367 BGB: an overpayment settles the claim and leaves the surplus unapplied for the shop to refund', async () => {
    const payment = (await events(businessOrder.id)).find((e) => e.type === 'payment-received');
    // Due in full on 06-02: 4780.00 + interest 04-03 … 06-01 (60 days: 4780 × 0.1127 × 60 / 365 = 88.554 → 88.55)
    // + 40.00 flat fee = 4908.55; 6000.00 − 4908.55 = 1091.45.
    expect(payment?.type === 'payment-received' && payment.allocation).toEqual({ costs: '40.00', interest: '88.55', principal: '4780.00', unapplied: '1091.45' });
    const statement = await book.mahnwerk.statement(businessOrder.id, '2025-06-30');
    expect([toAmountString(statement.total), toAmountString(statement.unapplied)]).toEqual(['0.00', '1091.45']);
    expect((await book.mahnwerk.claim(businessOrder.id)).status).toBe('settled');
  });
});
