// Writes a large reproducible book for `mahnwerk simulate` as NDJSON (one claim per line), from
// @mahnwerk/testing's seeded book generator. For the million-claim memory measurement in
// docs/benchmarks.md:
//
//   npx esbuild packages/testing/bench/make-book.ts --bundle --platform=node --format=esm \
//     --conditions=@mahnwerk/source --outfile=/tmp/make-book.mjs
//   node /tmp/make-book.mjs /tmp/book-1m.ndjson 1000000 12
//
// Arguments: file, number of claims, number of quarters the invoices spread over (default 1: all
// within 90 days, as makeBook does). With several quarters the book is made quarter by quarter
// (makeBook with `start` at each quarter, ids and debtor ids prefixed per quarter so they stay
// unique), which is how a shop's invoices arrive: over time, not all at once.
import { createWriteStream } from 'node:fs';
import { addDays } from '@mahnwerk/core';
import { makeBook } from '../src/index.js';

const [file = '/tmp/book.ndjson', sizeText = '1000000', quartersText = '1'] = process.argv.slice(2);
const size = Number(sizeText);
const quarters = Number(quartersText);
const out = createWriteStream(file, { encoding: 'utf8' });
let written = 0;
for (let q = 0; q < quarters; q++) {
  const n = Math.floor(size / quarters) + (q < size % quarters ? 1 : 0);
  const book = makeBook({ seed: 1000 + q, size: n, start: addDays('2025-01-01', q * 91), idPrefix: `Q${q + 1}-` });
  let chunk = '';
  for (const claim of book.claims) {
    const line = JSON.stringify({ ...claim, debtor: { ...claim.debtor, id: `Q${q + 1}-${claim.debtor.id}` } });
    chunk += `${line}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      chunk = '';
    }
    written++;
  }
  if (chunk !== '' && !out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
}
await new Promise<void>((resolve) => out.end(() => resolve()));
console.log(JSON.stringify({ file, claims: written, quarters }));
