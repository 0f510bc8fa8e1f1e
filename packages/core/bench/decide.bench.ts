import { createHash } from 'node:crypto';
import { bench, describe } from 'vitest';
import { appendAudit, buildAuditChain, decide, project, resolvePolicy, type AuditEntry, type AuditHasher, type ClaimEvent } from '../src/index.js';
import { decideMix } from './book.js';

// `pnpm bench`: decide + audit append over the decide mix of 300 bench claims (every point of a
// simulated year at which the engine decided something, plus a final review; see decideMix). One
// iteration = every decision of the mix. States and chains are built outside the measurement, and
// every iteration decides states of its own (a state decided before would find its statements
// remembered, which a daily run that loads each claim once never does).
// The node:crypto hasher is built here, like @mahnwerk/cli's nodeSha256Hasher (core's benches do
// not import the cli).
const node: AuditHasher = { algorithm: 'sha-256', sha256Hex: (t) => createHash('sha256').update(t, 'utf8').digest('hex') };
const policies = { consumer: resolvePolicy('auto', 'consumer'), business: resolvePolicy('auto', 'business') };
const points = decideMix(300).flatMap((c) => {
  const chain = buildAuditChain(c.events);
  return c.ends.map((end, k) => ({ events: c.events.slice(0, end), day: c.days[k] as string, last: chain[end - 1] as AuditEntry<ClaimEvent> }));
});
/** Sets of fresh states, one per iteration (warm-up included), made before the measurement. */
const pool = (n: number) => Array.from({ length: n }, () => points.map((p) => project(p.events)));
const pools = { noble: pool(12), node: pool(12) };

function round(hasher: AuditHasher | undefined): void {
  const states = (hasher ? pools.node : pools.noble).pop() ?? points.map((p) => project(p.events));
  for (const [i, p] of points.entries()) {
    const state = states[i]!;
    const decision = decide(state, policies[state.facts.debtor.kind], p.day);
    const chain: AuditEntry<ClaimEvent>[] = new Array(p.last.seq + 1);
    chain[p.last.seq] = p.last;
    for (const event of decision.events) chain.push(appendAudit(chain, event, hasher ? { hasher } : {}));
  }
}

describe(`decide + audit append, ${points.length} decisions per iteration`, () => {
  bench('noble SHA-256 (core default)', () => round(undefined), { iterations: 3, time: 0 });
  bench('node:crypto SHA-256 (injected)', () => round(node), { iterations: 3, time: 0 });
});
