/**
 * Building request lines and interpreting replies.
 *
 * Arguments are checked before anything is sent: a word (name, key, index)
 * must be non-empty and free of whitespace, and no argument may contain CR or
 * LF, so a caller's value can never split one command into two.
 */

import { ClientArgumentError, ProtocolViolationError, errorFromServer } from './errors.js';
import { parseJson, type JsonValue } from './json.js';
import type { Reply } from './reply.js';

/** The Unicode White_Space set the server splits words on (PROTOCOL.md §1). */
const WHITESPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
const LINE_BREAK = /[\r\n]/;

/**
 * Checks a one-word argument.
 *
 * @param value the argument
 * @param what its name, for the error message
 * @returns the value unchanged
 * @throws ClientArgumentError when empty or containing whitespace
 */
export function word(value: string, what: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new ClientArgumentError(`${what} must be a non-empty string`);
  if (WHITESPACE.test(value)) throw new ClientArgumentError(`${what} must not contain whitespace: ${JSON.stringify(value)}`);
  return value;
}

/**
 * Checks a rest-of-line argument (may contain spaces).
 *
 * @param value the argument
 * @param what its name, for the error message
 * @returns the value unchanged
 * @throws ClientArgumentError when blank, containing CR or LF, or starting or
 *   ending with whitespace (the server would silently trim it)
 */
export function rest(value: string, what: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new ClientArgumentError(`${what} must be a non-empty string`);
  if (LINE_BREAK.test(value)) throw new ClientArgumentError(`${what} must not contain CR or LF`);
  if (WHITESPACE.test(value[0] as string) || WHITESPACE.test(value[value.length - 1] as string)) {
    throw new ClientArgumentError(`${what} must not start or end with whitespace`);
  }
  return value;
}

/** Throws the mapped server error for an error reply; returns the reply otherwise. */
function checked(reply: Reply): Reply {
  if (reply.kind === 'error') throw errorFromServer(reply.text);
  return reply;
}

function unexpected(reply: Reply, wanted: string): never {
  throw new ProtocolViolationError(`expected ${wanted}, got a ${reply.kind} reply`);
}

/**
 * Expects a simple string reply.
 *
 * @param reply the reply
 * @returns its text (e.g. `OK`, `TOKEN a r`)
 */
export function expectSimple(reply: Reply): string {
  const r = checked(reply);
  if (r.kind !== 'simple') unexpected(r, 'a simple string');
  return r.text;
}

/** Expects exactly `+OK`. */
export function expectOk(reply: Reply): void {
  const text = expectSimple(reply);
  if (text !== 'OK') throw new ProtocolViolationError(`expected +OK, got +${text}`);
}

/**
 * Expects `+OK <n>`.
 *
 * @returns n
 */
export function expectOkCount(reply: Reply): number {
  const text = expectSimple(reply);
  const m = /^OK (\d+)$/.exec(text);
  if (m === null) throw new ProtocolViolationError(`expected +OK <n>, got +${text}`);
  return Number(m[1]);
}

/**
 * Expects an integer reply.
 *
 * @returns the value as a bigint
 */
export function expectInteger(reply: Reply): bigint {
  const r = checked(reply);
  if (r.kind !== 'integer') unexpected(r, 'an integer');
  return r.value;
}

/**
 * Expects an integer reply holding a count.
 *
 * @returns the value as a number (exact up to 2^53)
 */
export function expectCount(reply: Reply): number {
  return Number(expectInteger(reply));
}

/**
 * Expects a bulk or null bulk reply.
 *
 * @returns the payload, or null for `$-1`
 */
export function expectBulk(reply: Reply): string | null {
  const r = checked(reply);
  if (r.kind !== 'bulk') unexpected(r, 'a bulk string');
  return r.data;
}

/**
 * Expects a bulk reply holding JSON.
 *
 * @returns the parsed value, or null for `$-1`
 */
export function expectJson<T = JsonValue>(reply: Reply): T | null {
  const data = expectBulk(reply);
  return data === null ? null : (parseJson(data) as T);
}

/**
 * Expects an array reply of non-null bulks.
 *
 * @returns the elements
 */
export function expectArray(reply: Reply): string[] {
  const r = checked(reply);
  if (r.kind !== 'array') unexpected(r, 'an array');
  return r.items.map((item) => {
    if (item === null) throw new ProtocolViolationError('unexpected null array element');
    return item;
  });
}

/** One result document: its canonical key and its JSON value. */
export interface Row<T = JsonValue> {
  /** Canonical lower-case hyphenated UUID. */
  readonly key: string;
  /** The document (after projection, for FIND). */
  readonly doc: T;
}

/**
 * Expects an array of `<uuid> <json>` elements.
 *
 * @returns the decoded rows in reply order
 */
export function expectRows<T = JsonValue>(reply: Reply): Row<T>[] {
  return expectArray(reply).map((item) => {
    const space = item.indexOf(' ');
    if (space <= 0) throw new ProtocolViolationError('result element is not "<uuid> <json>"');
    return { key: item.slice(0, space), doc: parseJson(item.slice(space + 1)) as T };
  });
}
