import { describe, expect, it } from 'vitest';
import {
  AdjustmentExceedsPrincipalError,
  ChannelError,
  ClaimExistsError,
  ClaimNotFoundError,
  ConflictError,
  CostNoticeRequiredError,
  CurrencyMismatchError,
  DateError,
  FactAlreadySetError,
  FactCorrectionRefusedError,
  FeeCapError,
  IdempotencyMismatchError,
  LegalDataError,
  MahnwerkError,
  MoneyError,
  PaymentNotFoundError,
  PolicyError,
  UnknownTimeZoneError,
  RunDayBeforeLastRunError,
  ValidationError,
} from '../../src/index.js';

// The error classes' stable codes (DESIGN.md: "errors are MahnwerkError subclasses with a stable
// `code`"; errors.ts: "A code never changes meaning once released; hosts may switch on it"). Pinned
// here, each with its class name, its place among the classes (`instanceof`, and
// `MahnwerkError.isInstance` across package copies) and that message, field and cause come through
// as given. The expected codes are copied from each class's TSDoc ("Code `…`") and the
// MahnwerkErrorCode union, not from running the code; docs/engine.md names fact_already_set,
// fact_correction_refused and idempotency_mismatch the same way.

interface Pin {
  readonly make: (message: string) => MahnwerkError;
  readonly cls: abstract new (...args: never[]) => MahnwerkError;
  readonly name: string;
  readonly code: string;
  /** Whether it is also a ValidationError (the classes whose TSDoc says "it is a ValidationError"). */
  readonly validation: boolean;
}

const field = { field: 'claims[3].dueDate', cause: new Error('underneath') };

const pins: readonly Pin[] = [
  { make: (m) => new ValidationError(m, field), cls: ValidationError, name: 'ValidationError', code: 'invalid_input', validation: true },
  { make: (m) => new MoneyError(m, field), cls: MoneyError, name: 'MoneyError', code: 'invalid_money', validation: false },
  { make: (m) => new CurrencyMismatchError(m, field), cls: CurrencyMismatchError, name: 'CurrencyMismatchError', code: 'currency_mismatch', validation: false },
  { make: (m) => new DateError(m, field), cls: DateError, name: 'DateError', code: 'invalid_date', validation: false },
  { make: (m) => new LegalDataError('base_rate_unknown', m, field), cls: LegalDataError, name: 'LegalDataError', code: 'base_rate_unknown', validation: false },
  { make: (m) => new LegalDataError('table_unknown', m, field), cls: LegalDataError, name: 'LegalDataError', code: 'table_unknown', validation: false },
  { make: (m) => new FeeCapError(m, field), cls: FeeCapError, name: 'FeeCapError', code: 'factor_above_cap', validation: false },
  { make: (m) => new PolicyError(m, { ...field, rule: 'policy.schema' }), cls: PolicyError, name: 'PolicyError', code: 'policy_invalid', validation: true },
  {
    make: (m) => new CostNoticeRequiredError(m, { ...field, notice: null, fee: null }),
    cls: CostNoticeRequiredError,
    name: 'CostNoticeRequiredError',
    code: 'cost_notice_required',
    validation: true,
  },
  { make: (m) => new FactAlreadySetError(m, { ...field, current: 'x' }), cls: FactAlreadySetError, name: 'FactAlreadySetError', code: 'fact_already_set', validation: true },
  {
    make: (m) => new FactCorrectionRefusedError(m, { ...field, because: 'handed-over' }),
    cls: FactCorrectionRefusedError,
    name: 'FactCorrectionRefusedError',
    code: 'fact_correction_refused',
    validation: true,
  },
  {
    make: (m) => new AdjustmentExceedsPrincipalError(m, { ...field, open: '303.09', openOn: '2025-02-01' }),
    cls: AdjustmentExceedsPrincipalError,
    name: 'AdjustmentExceedsPrincipalError',
    code: 'adjustment_exceeds_principal',
    validation: true,
  },
  {
    make: (m) => new UnknownTimeZoneError(m, { ...field, timeZone: 'Europe/Atlantis' }),
    cls: UnknownTimeZoneError,
    name: 'UnknownTimeZoneError',
    code: 'time_zone_unknown',
    validation: true,
  },
  {
    make: (m) => new RunDayBeforeLastRunError(m, { ...field, date: '2025-03-10', lastRunDay: '2025-03-12' }),
    cls: RunDayBeforeLastRunError,
    name: 'RunDayBeforeLastRunError',
    code: 'run_day_before_last_run',
    validation: true,
  },
  { make: (m) => new ClaimNotFoundError(m, field), cls: ClaimNotFoundError, name: 'ClaimNotFoundError', code: 'claim_not_found', validation: false },
  { make: (m) => new PaymentNotFoundError(m, field), cls: PaymentNotFoundError, name: 'PaymentNotFoundError', code: 'payment_not_found', validation: false },
  { make: (m) => new ClaimExistsError(m, field), cls: ClaimExistsError, name: 'ClaimExistsError', code: 'claim_exists', validation: false },
  { make: (m) => new ConflictError(m, field), cls: ConflictError, name: 'ConflictError', code: 'conflict', validation: false },
  { make: (m) => new ChannelError(m, field), cls: ChannelError, name: 'ChannelError', code: 'adapter_failed', validation: false },
  { make: (m) => new IdempotencyMismatchError(m, field), cls: IdempotencyMismatchError, name: 'IdempotencyMismatchError', code: 'idempotency_mismatch', validation: false },
];

describe('error classes: every stable code pinned (a code never changes meaning once released)', () => {
  it.each(pins.map((p) => [p.name, p.code, p] as const))('%s has code %s, its name, its place among the classes, and message, field and cause as given', (_name, _code, pin) => {
    const error = pin.make(`what was wrong (${pin.code})`);
    expect(error.code).toBe(pin.code);
    expect(error.name).toBe(pin.name);
    expect(error.message).toBe(`what was wrong (${pin.code})`);
    expect(error.field).toBe('claims[3].dueDate');
    expect(error.cause).toBe(field.cause);
    expect(error).toBeInstanceOf(pin.cls);
    expect(error).toBeInstanceOf(MahnwerkError);
    expect(error).toBeInstanceOf(Error);
    expect(error instanceof ValidationError).toBe(pin.validation);
    expect(MahnwerkError.isInstance(error)).toBe(true);
    // Only a channel error may be retried, and only when it says so (not given here).
    expect(error.retryable).toBe(false);
  });

  it('no two classes share a code, except LegalDataError, which carries either of its two', () => {
    const byCode = new Map<string, string>();
    for (const p of pins) {
      const { code, name } = p.make('x');
      const other = byCode.get(code);
      expect(other === undefined || other === name, `${code}: ${other} and ${name}`).toBe(true);
      byCode.set(code, name);
    }
    expect(byCode.size).toBe(pins.length);
  });

  it('a plain object with the same fields is not taken for a mahnwerk error', () => {
    expect(MahnwerkError.isInstance({ code: 'invalid_input', message: 'x', name: 'ValidationError' })).toBe(false);
    expect(MahnwerkError.isInstance(new Error('x'))).toBe(false);
  });
});
