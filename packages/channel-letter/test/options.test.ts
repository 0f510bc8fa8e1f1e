import { MahnwerkError, ValidationError } from '@mahnwerk/core';
import { describe, expect, it } from 'vitest';
import { createLetterChannel, type LetterChannelOptions } from '../src/index.js';
import { dunningLetter } from './fixtures.js';

// House rule: bad input is rejected with a typed error naming the field, before anything happens.
// createLetterChannel({}) used to return a channel that failed only at its first send (an
// `adapter_failed` deep in a daily run); every option is now checked when the channel is made.

const sender = dunningLetter().sender;
const output = (): Promise<void> => Promise.resolve();

/** The ValidationError `make` throws (fails the test when it throws none or another kind). */
function refusal(make: () => unknown): ValidationError {
  try {
    make();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    expect(MahnwerkError.isInstance(error) && error.code).toBe('invalid_input');
    return error as ValidationError;
  }
  throw new Error('createLetterChannel accepted the options');
}

/** Options as a caller without the type checker (plain JavaScript, a config file) may pass them. */
const untyped = (options: Record<string, unknown>) => () => createLetterChannel(options as unknown as LetterChannelOptions);

describe('createLetterChannel checks its options when it is made', () => {
  it('no sender: refused, naming `sender` and what to give', () => {
    const error = refusal(untyped({}));
    expect(error.field).toBe('sender');
    expect(error.message).toMatch(/^sender: createLetterChannel needs the sender .*addressLines or postalAddress.*or a function/);
    expect(refusal(untyped({ sender: null, output })).field).toBe('sender');
  });

  it('a sender that is neither an object nor a function: refused', () => {
    expect(refusal(untyped({ sender: 'Muster GmbH', output })).field).toBe('sender');
  });

  it('a fixed sender is checked as renderLetterPdf checks it: name, address, IBAN, BIC', () => {
    expect(refusal(untyped({ sender: { ...sender, name: '  ' }, output })).field).toBe('sender.name');
    const { addressLines: _lines, ...bare } = sender;
    expect(refusal(untyped({ sender: bare, output })).field).toBe('sender.addressLines');
    expect(refusal(untyped({ sender: { ...sender, addressLines: 'Hafenstraße 12, 50667 Köln' }, output })).field).toBe('sender.addressLines');
    // DE88… is the ISO 13616 example IBAN DE89 3704 0044 0532 0130 00 with a wrong check digit (render.test.ts uses the same).
    expect(refusal(untyped({ sender: { ...sender, bank: { iban: 'DE88370400440532013000' } }, output })).field).toBe('sender.bank.iban');
    expect(refusal(untyped({ sender: { ...sender, bank: { iban: 'DE89370400440532013000', bic: 'COBA' } }, output })).field).toBe('sender.bank.bic');
  });

  it('no output, or not a function: refused, naming `output`', () => {
    expect(refusal(untyped({ sender })).field).toBe('output');
    const error = refusal(untyped({ sender, output: 'out/' }));
    expect(error.field).toBe('output');
    expect(error.message).toMatch(/^output: .*function taking each finished letter.*got a text\.$/);
  });

  it('today, compose, name and closing, when given, must be what they say', () => {
    expect(refusal(untyped({ sender, output, today: '2025-02-06' })).field).toBe('today');
    expect(refusal(untyped({ sender, output, compose: {} })).field).toBe('compose');
    expect(refusal(untyped({ sender, output, name: '' })).field).toBe('name');
    expect(refusal(untyped({ sender, output, name: 7 })).field).toBe('name');
    expect(refusal(untyped({ sender, output, closing: 'Mit freundlichen Grüßen' })).field).toBe('closing');
    expect(refusal(untyped({ sender, output, closing: ['Mit freundlichen Grüßen', 3] })).field).toBe('closing[1]');
  });

  it('no options at all: refused, naming `options`', () => {
    expect(refusal(() => createLetterChannel(undefined as unknown as LetterChannelOptions)).field).toBe('options');
  });

  it('good options pass: a fixed sender, a sender function (checked per letter at send), every optional option', () => {
    expect(createLetterChannel({ sender, output }).name).toBe('letter');
    expect(
      createLetterChannel({ sender: () => sender, output, today: () => '2025-02-06', name: 'post', compose: (m, s, d) => ({ ...dunningLetter(), date: d, sender: s, subject: m.subject }), closing: ['Gruß'] })
        .name,
    ).toBe('post');
  });
});
