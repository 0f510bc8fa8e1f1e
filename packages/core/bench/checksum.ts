// Checksum of everything the speed work must keep identical (not a benchmark; a guard):
// every event, message (with its statement) and final statement of `simulate 2000 365`, and the
// decisions + audit entries of decide over a fixed decide-mix file.
//   node checksum.mjs simulate 2000 365
//   node checksum.mjs decide FILE
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { appendAudit, buildAuditChain, decide, project, resolvePolicy, simulate, type AuditEntry, type ClaimEvent, type IsoDate } from '../src/index.js';
import { nodeSha256Hasher } from '../../cli/src/node-hasher.js';
import { benchInput, type DecideMixClaim } from './book.js';

const [kind, a1, a2] = process.argv.slice(2);
const h = (): ReturnType<typeof createHash> => createHash('sha256');
if (kind === 'simulate') {
  const r = simulate(benchInput(Number(a1 ?? 2000), Number(a2 ?? 365)));
  const he = h(), hm = h(), hs = h();
  for (const e of r.events) he.update(JSON.stringify(e) + '\n');
  for (const m of r.messages) hm.update(JSON.stringify({ ...m, statement: m.statement }) + '\n');
  for (const c of r.claims) hs.update(JSON.stringify({ id: c.id, status: c.status, stage: c.stage, statement: c.statement, events: c.events }) + '\n');
  console.log(JSON.stringify({ events: r.events.length, messages: r.messages.length, decisions: r.decisions, ev: he.digest('hex').slice(0, 16), msg: hm.digest('hex').slice(0, 16), claims: hs.digest('hex').slice(0, 16) }));
} else if (kind === 'decide') {
  const claims = JSON.parse(readFileSync(a1 as string, 'utf8')) as DecideMixClaim[];
  const policies = { consumer: resolvePolicy('auto', 'consumer'), business: resolvePolicy('auto', 'business') };
  const hd = h(), ha = h();
  let n = 0;
  for (const c of claims) {
    const chain = buildAuditChain(c.events);
    c.ends.forEach((end, k) => {
      const state = project(c.events.slice(0, end));
      const d = decide(state, policies[state.facts.debtor.kind], c.days[k] as IsoDate);
      hd.update(JSON.stringify(d) + '\n');
      const ch: AuditEntry<ClaimEvent>[] = chain.slice(0, end);
      for (const e of d.events) { const entry = appendAudit(ch, e, { hasher: nodeSha256Hasher }); ch.push(entry); ha.update(JSON.stringify(entry) + '\n'); n++; }
    });
  }
  console.log(JSON.stringify({ events: n, decisions: hd.digest('hex').slice(0, 16), audit: ha.digest('hex').slice(0, 16) }));
}
