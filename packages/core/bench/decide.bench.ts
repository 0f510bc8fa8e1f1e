import { createHash } from 'node:crypto';
import { bench, describe } from 'vitest';
import { appendAudit, buildAuditChain, decide, project, resolvePolicy, type AuditEntry, type AuditHasher, type ClaimEvent } from '../src/index.js';
import { decideMix } from './book.js';

// `pnpm bench`: decide + audit append over the decide mix of 300 bench claims (every point of a
// simulated year at which the engine decided something, plus a final review; see decideMix). One
// iteration = every decision of the mix. States and chains are built outside the measurement.
// The node:crypto hasher is built here, like @mahnwerk/cli's nodeSha256Hasher (core's benches do
// not import the cli).
const node: AuditHasher = { algorithm: 'sha-256', sha256Hex: (t) => createHash('sha256').update(t, 'utf8').digest('hex') };
const policies = { consumer: resolvePolicy('auto', 'consumer'), business: resolvePolicy('auto', 'business') };
const points = decideMix(300).flatMap((c) => {
  const chain = buildAuditChain(c.events);
  return c.ends.map((end, k) => ({ state: project(c.events.slice(0, end)), day: c.days[k] as string, last: chain[end - 1] as AuditEntry<ClaimEvent> }));
});

function round(hasher: AuditHasher | undefined): void {
  for (const p of points) {
    const decision = decide(p.state, policies[p.state.facts.debtor.kind], p.day);
    const chain: AuditEntry<ClaimEvent>[] = new Array(p.last.seq + 1);
    chain[p.last.seq] = p.last;
    for (const event of decision.events) chain.push(appendAudit(chain, event, hasher ? { hasher } : {}));
  }
}

describe(`decide + audit append, ${points.length} decisions per iteration`, () => {
  bench('noble SHA-256 (core default)', () => round(undefined), { iterations: 3, time: 0 });
  bench('node:crypto SHA-256 (injected)', () => round(node), { iterations: 3, time: 0 });
});
