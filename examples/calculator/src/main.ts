// A creditor's first questions about an unpaid invoice, answered with their legal basis.
import {
  allocatePayment,
  computeCollectionCosts,
  computeDefaultInterest,
  determineDefault,
  money,
  toAmountString,
} from '@mahnwerk/core';

// Invoice due and received on 2025-03-03, consumer, invoice pointed out the 30-day rule. The
// payment date was agreed in the contract (§ 286 Abs. 2 Nr. 1 BGB), so default needs no Mahnung.
const verzug = determineDefault({
  debtor: 'consumer',
  dueDate: '2025-03-03',
  dueDateAgreed: true,
  invoiceReceivedOn: '2025-03-03',
  invoicePointedOut30DayRule: true,
});
if (!verzug) throw new Error('not in default');
console.log(`Default from ${verzug.firstDayOfDefault} (${verzug.basis})`);

const interest = computeDefaultInterest({
  principal: money('1000.00'),
  from: verzug.firstDayOfDefault,
  to: '2025-06-30',
  debtor: 'consumer',
});
for (const p of interest.periods) {
  console.log(`${p.from}–${p.to}: ${p.days} days at ${p.ratePercent.toString()} % = ${toAmountString(p.amount)} (${p.basis})`);
}
console.log(`Interest: ${toAmountString(interest.total)} EUR`);

const costs = computeCollectionCosts({ claim: money('1000.00'), mandateDate: '2025-07-01', case: 'uncontested' });
for (const item of costs.items) console.log(`${item.code}: ${toAmountString(item.amount)}`);

const allocation = allocatePayment({
  payment: money('500.00'),
  date: '2025-07-10',
  claims: [{ id: 'RE-1', dueDate: '2025-03-03', costs: costs.total, interest: interest.total, principal: money('1000.00') }],
});
console.log(allocation.allocations.map((a) => `${a.claimId}: costs ${toAmountString(a.costs)}, interest ${toAmountString(a.interest)}, principal ${toAmountString(a.principal)}`).join('\n'));
