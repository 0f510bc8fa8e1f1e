import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// House rule (DESIGN.md): "Money is never a JS number. … A float anywhere in a money path is a
// defect." This guard reads the source of packages/core/src with the TypeScript compiler API and
// fails on (a) anything money-named declared as `number`, and (b) float parsing / rounding calls
// in the money and law folders.

const here = dirname(fileURLToPath(import.meta.url));
const coreDir = resolve(here, '..', '..');
const srcDir = join(coreDir, 'src');

/** Names that smell of money. */
const MONEY_NAME = /amount|principal|interest|costs?|fee|payment|balance|total|money|price|sum/i;

/**
 * Names that match MONEY_NAME but are not money. Keep this list explicit and small: a new entry
 * needs a reason. Whole names, case-sensitive.
 */
const ALLOWED_NAMES: ReadonlySet<string> = new Set([
  'days', // day counts are integers
  'count',
  'yearDays', // 365 / 366
  'ratePercent', // named in the brief; a rate, not an amount
  'marginPoints',
  'isConsumer', // "consumer" contains "sum"
  'consumer',
]);

/**
 * Name endings that make a money-looking name a count of something else (an integer):
 * `interestDays`, `paymentCount`, `feeIndex`, `totalMonths`, `amountDigits`.
 */
const ALLOWED_SUFFIX = /(Days|Count|Index|Months|Years|Digits)$/;

/**
 * Comparators (`compareTotals`, `compareSummaries`): their number is an order (negative, zero,
 * positive) as `Array.prototype.sort` wants it, never an amount.
 */
const ALLOWED_PREFIX = /^compare[A-Z]/;

/** Calls that turn text or a decimal into a float, or round a float. */
const FORBIDDEN_CALLS = ['parseFloat', 'Number.parseFloat', 'Number', 'Math.round'] as const;

/** Folders (under src) where the forbidden calls are checked. */
const CALL_CHECKED_DIRS = ['money', 'law'];

interface Violation {
  file: string;
  line: number;
  rule: 'number-typed-money' | 'float-call';
  name: string;
}

function isMoneyName(name: string): boolean {
  return MONEY_NAME.test(name) && !ALLOWED_NAMES.has(name) && !ALLOWED_SUFFIX.test(name) && !ALLOWED_PREFIX.test(name);
}

/** True when the type annotation mentions the `number` keyword anywhere (number, number | undefined, number[], …). */
function mentionsNumber(type: ts.TypeNode | undefined): boolean {
  if (!type) return false;
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (n.kind === ts.SyntaxKind.NumberKeyword) {
      found = true;
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(type);
  return found;
}

function nameOf(node: ts.Node & { name?: ts.Node }): string | undefined {
  const n = node.name;
  if (!n) return undefined;
  if (ts.isIdentifier(n) || ts.isStringLiteral(n) || ts.isPrivateIdentifier(n)) return n.text;
  return undefined;
}

function calleeName(expr: ts.Expression): string | undefined {
  if (ts.isIdentifier(expr)) return expr.text;
  if (ts.isPropertyAccessExpression(expr) && ts.isIdentifier(expr.expression)) return `${expr.expression.text}.${expr.name.text}`;
  return undefined;
}

/**
 * Checks one source text.
 *
 * @param file - the file name used in reports
 * @param text - the TypeScript source
 * @param checkCalls - also report parseFloat / Number( / Math.round calls
 */
function checkSource(file: string, text: string, checkCalls: boolean): Violation[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: Violation[] = [];
  const report = (node: ts.Node, rule: Violation['rule'], name: string): void => {
    const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    out.push({ file, line: line + 1, rule, name });
  };
  const visit = (node: ts.Node): void => {
    if (
      ts.isPropertySignature(node) ||
      ts.isPropertyDeclaration(node) ||
      ts.isParameter(node) ||
      ts.isVariableDeclaration(node)
    ) {
      const name = nameOf(node);
      if (name && isMoneyName(name) && mentionsNumber(node.type)) report(node, 'number-typed-money', name);
    }
    if (ts.isFunctionDeclaration(node) || ts.isMethodSignature(node) || ts.isMethodDeclaration(node)) {
      const name = nameOf(node);
      if (name && isMoneyName(name) && mentionsNumber(node.type)) report(node, 'number-typed-money', `${name}()`);
    }
    if (ts.isTypeAliasDeclaration(node) && isMoneyName(node.name.text) && mentionsNumber(node.type)) {
      report(node, 'number-typed-money', `type ${node.name.text}`);
    }
    if (checkCalls && (ts.isCallExpression(node) || ts.isNewExpression(node))) {
      const callee = calleeName(node.expression);
      if (callee && (FORBIDDEN_CALLS as readonly string[]).includes(callee)) report(node, 'float-call', `${callee}(`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function listTs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = join(dir, e.name);
    if (e.isDirectory()) return listTs(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

function checkCore(): Violation[] {
  return listTs(srcDir).flatMap((file) => {
    const rel = relative(srcDir, file).split(sep).join('/');
    const checkCalls = CALL_CHECKED_DIRS.some((d) => rel.startsWith(`${d}/`));
    return checkSource(`src/${rel}`, readFileSync(file, 'utf8'), checkCalls);
  });
}

const format = (vs: Violation[]) => vs.map((v) => `${v.file}:${v.line} ${v.rule} ${v.name}`).join('\n');

describe('guard: money is never a JS number in core', () => {
  it('finds at least the money and law sources (the scan is not empty)', () => {
    const files = listTs(srcDir).map((f) => relative(srcDir, f).split(sep).join('/'));
    expect(files).toContain('money/money.ts');
    expect(files).toContain('law/de/allocation.ts');
  });

  it('no money-named property, parameter, variable, function or type is declared `number`; no parseFloat / Number( / Math.round in money and law', () => {
    const violations = checkCore();
    expect(violations, `\n${format(violations)}\n`).toEqual([]);
  });

  it('the checker reports a violation in an in-memory snippet (it would catch one)', () => {
    const snippet = [
      'export interface Claim {',
      '  principal: number;', // line 2: reported
      '  interestDays: number;', // allowed suffix
      '  count: number;', // not money
      '  fee?: number | undefined;', // line 5: reported (union)
      '  amounts: readonly number[];', // line 6: reported (array)
      '}',
      'export function pay(payment: number, days: number): void {', // line 8: payment reported
      '  const total: number = 0;', // line 9: reported
      '  const parsed = parseFloat("1.5");', // line 10: float-call
      '  const n = Number("2");', // line 11: float-call
      '  const r = Math.round(2.5);', // line 12: float-call
      '  void total; void parsed; void n; void r; void days;',
      '}',
      'export type Amount = number;', // line 15: reported
      'export function totalAmount(): number { return 0; }', // line 16: reported
      'export const ok = Number.isFinite(1);', // Number.isFinite is not Number(
    ].join('\n');
    const found = checkSource('snippet.ts', snippet, true).map((v) => `${v.line} ${v.rule} ${v.name}`);
    expect(found).toEqual([
      '2 number-typed-money principal',
      '5 number-typed-money fee',
      '6 number-typed-money amounts',
      '8 number-typed-money payment',
      '9 number-typed-money total',
      '10 float-call parseFloat(',
      '11 float-call Number(',
      '12 float-call Math.round(',
      '15 number-typed-money type Amount',
      '16 number-typed-money totalAmount()',
    ]);
    // Outside money/ and law/ only the typing rule applies.
    expect(checkSource('snippet.ts', snippet, false).every((v) => v.rule === 'number-typed-money')).toBe(true);
  });

  it('money-typed declarations pass', () => {
    const snippet = "import type { Money } from './money.js';\nexport interface C { principal: Money; fee: string; days: number; yearDays: 365 | 366 }";
    expect(checkSource('ok.ts', snippet, true)).toEqual([]);
  });
});

describe('guard: money(12.5) and add(m, 5) do not compile', () => {
  const checkFile = join(here, 'money-types.check.ts');

  function compile(overrideText?: string): readonly ts.Diagnostic[] {
    const configPath = join(coreDir, 'tsconfig.test.json');
    const config = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
    const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, coreDir, undefined, configPath);
    const host = ts.createCompilerHost(parsed.options, true);
    if (overrideText !== undefined) {
      const original = host.getSourceFile.bind(host);
      host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) =>
        resolve(fileName) === checkFile ? ts.createSourceFile(fileName, overrideText, languageVersion, true) : original(fileName, languageVersion, onError, shouldCreate);
    }
    const program = ts.createProgram({ rootNames: [checkFile], options: parsed.options, host });
    const sf = program.getSourceFile(checkFile);
    expect(sf, 'the type-level check file is part of the program').toBeDefined();
    // Only this file's diagnostics: other modules may be mid-edit by other work.
    return [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
  }

  const text = readFileSync(checkFile, 'utf8');
  const expectations = text.split('\n').filter((l) => l.trim().startsWith('// @ts-expect-error')).length;

  it('the file has its @ts-expect-error lines, and is inside tsconfig.test.json', () => {
    expect(expectations).toBeGreaterThanOrEqual(2);
    expect(text).toMatch(/@ts-expect-error[^\n]*\n\s*money\(12\.5\);/);
    expect(text).toMatch(/@ts-expect-error[^\n]*\n\s*add\(m, 5\);/);
    const configPath = join(coreDir, 'tsconfig.test.json');
    const config = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
    const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, coreDir, undefined, configPath);
    expect(parsed.fileNames.map((f) => resolve(f))).toContain(checkFile);
  });

  it('every @ts-expect-error is needed (no TS2578 "unused directive"), and the positive controls compile', () => {
    const diagnostics = compile();
    expect(diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
  }, 120_000);

  it('without the directives each marked line is a type error (the check has teeth)', () => {
    const stripped = text.replace(/\/\/ @ts-expect-error[^\n]*/g, '// (directive removed)');
    const diagnostics = compile(stripped);
    const lines = new Set(diagnostics.map((d) => (d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : -1)));
    expect(lines.size).toBe(expectations);
  }, 120_000);
});
