import { MahnwerkError } from '@mahnwerk/core';
import { UsageError } from './io.js';

/**
 * Turns an error from the core into the one line the CLI prints, naming the flag instead of the
 * core's field name where the two differ. Anything that is not a known error is re-thrown.
 */
export function describeError(
  error: unknown,
  fieldToFlag: Readonly<Record<string, string>>,
  rewrites: readonly (readonly [RegExp, string])[] = [],
): string {
  if (error instanceof UsageError) return error.message;
  if (MahnwerkError.isInstance(error)) {
    const field = error.field;
    const flag = field === undefined ? undefined : (fieldToFlag[field] ?? (field.startsWith('--') ? field : undefined));
    let line = error.message;
    if (field !== undefined && flag !== undefined) {
      if (line.startsWith(`${field}:`)) line = `${flag}:${line.slice(field.length + 1)}`;
      else if (!line.startsWith(flag)) line = `${flag}: ${line}`;
    }
    return toFlagNames(line, fieldToFlag, rewrites);
  }
  throw error;
}

/**
 * Replaces the library's option names inside a message with the flags the user typed: first the
 * command's own rewrites (sentences that name library calls), then every camelCase option name of
 * `fieldToFlag` as a whole word (`give factorReason` → `give --reason`). Plain-word option names
 * (`from`, `case`) are left to the rewrites, since they are also ordinary words.
 *
 * @internal
 */
export function toFlagNames(line: string, fieldToFlag: Readonly<Record<string, string>>, rewrites: readonly (readonly [RegExp, string])[] = []): string {
  let out = line;
  for (const [pattern, replacement] of rewrites) out = out.replace(pattern, replacement);
  for (const [option, flag] of Object.entries(fieldToFlag)) {
    if (/[A-Z]/.test(option)) out = out.replace(new RegExp(`(?<![\\w-])${option}(?![\\w])`, 'g'), flag);
  }
  return out;
}

/**
 * An expected failure of what a command runs on — a worker process that died, a database that
 * cannot be reached — as opposed to bad input (exit 2) or a bug. The message says what happened,
 * where and what to do; the CLI prints it as it is and exits 1.
 *
 * @internal
 */
export class OperationalError extends Error {
  /**
   * @param message - what happened, where, and what to do about it
   * @param options - the underlying error, when there is one
   */
  constructor(message: string, options: { readonly cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OperationalError';
  }
}

/** What the CLI prints for a failed command, and the exit code it ends with. @internal */
export interface FailureReport {
  /** The line after `mahnwerk <command>: `. */
  readonly line: string;
  /** 2 for bad input (the command line or a file), 1 for everything else. */
  readonly exitCode: 1 | 2;
}

/** Socket errors of a server that is not there (or not reachable): Node's `code` of a failed connect or lookup. */
const unreachable = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

/** What a file-system or socket error code means, for people. */
const systemReasons: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  ENOSPC: 'no space left on the device',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'a part of the path is a file, not a directory',
  EEXIST: 'a file is in the way where a directory is needed',
  EISDIR: 'it is a directory, not a file',
  ENOENT: 'no such file or directory',
  EMFILE: 'too many open files',
  EADDRINUSE: 'the address is in use by another process',
  EADDRNOTAVAIL: 'the address is not one of this machine',
};

function stringField(error: unknown, key: string): string | undefined {
  const value = typeof error === 'object' && error !== null ? (error as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The hint for a database failure (store-postgres wraps every one in an `adapter_failed` error
 * with the driver's error as `cause`), by the cause's socket error code or SQLSTATE; undefined when
 * the cause is no database or network error.
 */
function databaseHint(cause: unknown): { what: string; todo: string } | undefined {
  const code = stringField(cause, 'code');
  if (code === undefined) return undefined;
  const where = 'the server in --db (or the config\'s "database")';
  if (unreachable.has(code) || /^08/.test(code) || /^57P0[123]$/.test(code)) {
    return { what: 'the PostgreSQL server cannot be reached', todo: `check that ${where} is running and that its host and port are right, then run the command again` };
  }
  if (code === '28P01' || code === '28000') return { what: 'the PostgreSQL server refused the login', todo: 'check the user name and password in --db (or the config\'s "database")' };
  if (code === '3D000') return { what: 'the database does not exist on the PostgreSQL server', todo: 'create it (createdb <name>) or correct its name in --db (or the config\'s "database")' };
  if (code === '53300') return { what: 'the PostgreSQL server has no connection free', todo: 'run the command again once other clients have disconnected, or raise the server\'s max_connections' };
  if (code === '55P03' || code === '40P01' || code === '40001') {
    return { what: 'another process holds a lock on the same data', todo: 'run the command again once it is done (what was stored stays stored)' };
  }
  if (code === '42501') return { what: 'the database user lacks a privilege', todo: 'grant it to the user in --db, or connect as the owner of the schema' };
  return undefined;
}

/**
 * A Node file-system or socket error (it has a `code` such as `EACCES` and a `syscall`) in words:
 * what failed, on which path or address, why, and what to do; undefined for any other error.
 */
function systemErrorLine(error: unknown): string | undefined {
  const code = stringField(error, 'code');
  const syscall = stringField(error, 'syscall');
  if (code === undefined || syscall === undefined || !/^E[A-Z_]+$/.test(code)) return undefined;
  const path = stringField(error, 'path');
  const address = stringField(error, 'address');
  const port = stringField(error, 'port');
  const where = path !== undefined ? `"${path}"` : address !== undefined ? `${address}${port === undefined ? '' : `:${port}`}` : (stringField(error, 'hostname') ?? 'it');
  const reason = systemReasons[code] ?? (unreachable.has(code) ? 'the server cannot be reached' : messageOf(error));
  if (code === 'EADDRINUSE') return `cannot listen on ${where}: ${reason} (${code}); stop that process or choose another --port.`;
  if (unreachable.has(code)) return `cannot connect to ${where}: ${reason} (${code}); check that it is running and reachable, then run the command again.`;
  // `open` serves reading and writing alike: its hint names neither.
  const writes = syscall === 'mkdir' || syscall === 'write' || syscall === 'rename' || syscall === 'unlink';
  const verb = syscall === 'mkdir' ? 'create the directory' : syscall;
  return `could not ${verb} ${where}: ${reason} (${code}); ${writes ? 'choose a path this user may write to, or fix the one given' : 'check the path and its permissions'}.`;
}

/**
 * What the CLI says about an error a command ended with, and its exit code — the one place that
 * tells bad input from an operational failure from a bug:
 * - a `UsageError`, or a `MahnwerkError` about the input (not retryable, not an adapter's failure):
 *   the line {@link describeError} makes, exit 2;
 * - an {@link OperationalError} (e.g. a worker process of `run --workers N` that died), an adapter's
 *   failure (`adapter_failed`: a database that cannot be reached or refuses the login, a lock held
 *   by another process — what happened, where and what to do), a retryable `MahnwerkError`, a file
 *   that cannot be written or a port in use: a plain line, exit 1;
 * - anything else is a bug: "unexpected failure (<class> <code>): <message>", exit 1.
 *
 * @internal
 */
export function describeFailure(
  error: unknown,
  fieldToFlag: Readonly<Record<string, string>> = {},
  rewrites: readonly (readonly [RegExp, string])[] = [],
): FailureReport {
  if (error instanceof OperationalError) return { line: error.message, exitCode: 1 };
  if (MahnwerkError.isInstance(error) && (error.code === 'adapter_failed' || error.retryable)) {
    const hint = databaseHint(error.cause);
    const message = error.message.replace(/\.$/, '');
    if (hint !== undefined) return { line: `${hint.what} — ${message}. What to do: ${hint.todo}.`, exitCode: 1 };
    return { line: error.retryable ? `${message}. This may pass: run the command again.` : `${message}.`, exitCode: 1 };
  }
  if (error instanceof UsageError || MahnwerkError.isInstance(error)) return { line: describeError(error, fieldToFlag, rewrites), exitCode: 2 };
  const system = systemErrorLine(error);
  if (system !== undefined) return { line: system, exitCode: 1 };
  const name = error instanceof Error ? error.name : typeof error;
  const code = stringField(error, 'code');
  return {
    line: `unexpected failure (${name}${code === undefined ? '' : ` ${code}`}): ${messageOf(error)} — a bug in mahnwerk, not in your input; please report it with the command you ran.`,
    exitCode: 1,
  };
}
