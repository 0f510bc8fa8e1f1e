// The compact encoder alone (issue 7, point 5): what encoding the finished claims of a run costs,
// apart from the run. Captures each claim's facts, events and messages of simulateStream over the
// bench book (what collectLeanResult hands to encodeClaim), checks that every claim reads back
// deep-equal, then encodes all claims R times, each round with a fresh codec (as one run does),
// and prints the median and least CPU time of a round and a hash of the encoded bytes (equal
// hashes: the same encoding byte for byte).
//   node encode.mjs 2000 365 15      (bundle it like measure.ts)
import { isDeepStrictEqual } from 'node:util';
import type { ClaimEvent, ClaimFacts } from '../src/index.js';
import { simulateStream } from '../src/index.js';
import { createCompactCodec, decodeEvents, decodeMessages, encodeClaim, type CompactMessage } from '../src/simulate/compact.js';
import { messageEventCount } from '../src/simulate/simulate.js';
import { benchInput } from './book.js';

const [size = 2000, days = 365, rounds = 15] = process.argv.slice(2).map(Number);
const pending = new Map<string, CompactMessage[]>();
const claims: { facts: ClaimFacts; events: readonly ClaimEvent[]; messages: CompactMessage[] }[] = [];
simulateStream(benchInput(size, days), {
  onMessage: (message) => {
    const fields: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(message)) if (key !== 'totals' && key !== 'statement') fields[key] = value;
    let list = pending.get(message.claimId);
    if (list === undefined) pending.set(message.claimId, (list = []));
    const t = message.totals;
    const totals = { currency: t.total.currency, principal: t.principal.amount.toFixed(), interest: t.interest.amount.toFixed(), costs: t.costs.amount.toFixed(), total: t.total.amount.toFixed() };
    list.push({ fields, upTo: messageEventCount(message), totals });
  },
  onClaim: (claim) => {
    claims.push({ facts: claim.facts, events: claim.events, messages: pending.get(claim.id) ?? [] });
  },
});

const codec = createCompactCodec();
const codes = claims.map((c) => encodeClaim(codec, c.facts, c.events, c.messages));
const amounts = (m: { totals: CompactMessage['totals'] }): string[] => [m.totals.principal, m.totals.interest, m.totals.costs, m.totals.total].map((x) => `${x} ${m.totals.currency}`);
const decodedAmounts = (m: ReturnType<typeof decodeMessages>[number]): string[] => [m.totals.principal, m.totals.interest, m.totals.costs, m.totals.total].map((x) => `${x.amount.toFixed()} ${x.currency}`);
claims.forEach((c, i) => {
  const code = codes[i] as string;
  if (!isDeepStrictEqual(decodeEvents(codec, c.facts, code), c.events)) throw new Error(`encode bench: the events of claim ${c.facts.id} read back differently`);
  const back = decodeMessages(codec, c.facts, code).map((m) => [m.fields, m.upTo, decodedAmounts(m)]);
  if (!isDeepStrictEqual(back, c.messages.map((m) => [m.fields, m.upTo, amounts(m)]))) throw new Error(`encode bench: the messages of claim ${c.facts.id} read back differently`);
});
// FNV-1a over all codes.
let hash = 2166136261;
let bytes = 0;
for (const code of codes) {
  bytes += code.length;
  for (let i = 0; i < code.length; i++) hash = Math.imul(hash ^ code.charCodeAt(i), 16777619) >>> 0;
}

const times: number[] = [];
for (let r = 0; r < rounds; r++) {
  const fresh = createCompactCodec();
  const c0 = process.cpuUsage();
  for (const c of claims) encodeClaim(fresh, c.facts, c.events, c.messages);
  const cpu = process.cpuUsage(c0);
  times.push((cpu.user + cpu.system) / 1000);
}
times.sort((a, b) => a - b);
console.log(
  JSON.stringify({
    case: 'encode',
    claims: claims.length,
    days,
    rounds,
    medianCpuMs: Number((times[times.length >> 1] as number).toFixed(1)),
    minCpuMs: Number((times[0] as number).toFixed(1)),
    bytesPerClaim: Math.round(bytes / claims.length),
    codeHash: hash.toString(16),
  }),
);
