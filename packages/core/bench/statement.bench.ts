import { bench, describe } from 'vitest';
import { addDays, project, statement } from '../src/index.js';
import { manyPayments } from './book.js';

// `pnpm bench`: a statement (Zinsstaffel) of a claim in default with 200 payments. Two days
// alternate so that statement() cannot hand back its remembered last result.
const { events, asOf } = manyPayments(200);
const state = project(events);
const next = addDays(asOf, 1);
let flip = false;

describe('statement', () => {
  bench('claim with 200 payments', () => {
    flip = !flip;
    statement(state, flip ? asOf : next);
  });
});
