import { bench, describe } from 'vitest';
import { addDays, project, statement } from '../src/index.js';
import { manyPayments } from './book.js';

// `pnpm bench`: a statement (Zinsstaffel) of a claim in default with 200 payments. Eight days
// take turns so that statement() (which remembers up to four days per ledger) computes each one.
const { events, asOf } = manyPayments(200);
const state = project(events);
const days = Array.from({ length: 8 }, (_, k) => addDays(asOf, k));
let turn = 0;

describe('statement', () => {
  bench('claim with 200 payments', () => {
    turn = (turn + 1) % days.length;
    statement(state, days[turn] as string);
  });
});
