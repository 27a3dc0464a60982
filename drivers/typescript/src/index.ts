/**
 * `@grumpydb/client` — the TypeScript driver for GrumpyDB.
 *
 * ```ts
 * import { GrumpyClient } from '@grumpydb/client';
 * const client = await GrumpyClient.connect({ host: 'localhost', port: 6380, tenant: 'acme', username: 'alice', password: 's3cr3t' });
 * const db = client.database('myapp');
 * await db.insert('users', crypto.randomUUID(), { name: 'Bob' });
 * await client.close();
 * ```
 *
 * @packageDocumentation
 */

export { GrumpyClient } from './client.js';
export type { ConnectOptions, GrantResource, Tokens, Topology, UserInfo, WhoAmI } from './client.js';
export { Database, ref } from './database.js';
export type { BatchEntry, CollectionStats, FindOptions, FindPlan } from './database.js';
export type { Row } from './wire.js';
export { parseJson, stringifyJson } from './json.js';
export type { JsonValue, StringifyOptions } from './json.js';
export type { RoleClaim, TokenClaims } from './verify.js';
export { MAX_REQUEST_BYTES } from './connection.js';
export {
  ERROR_TABLE,
  AccessDeniedError,
  AlreadyExistsError,
  ClientArgumentError,
  CommandSyntaxError,
  ConnectionError,
  CyclicReferenceError,
  DocumentTooLargeError,
  ForwardError,
  GrumpyError,
  InvalidArgumentError,
  InvalidCredentialsError,
  InvalidTokenError,
  NoDatabaseSelectedError,
  NotAuthenticatedError,
  NotFoundError,
  ProtocolViolationError,
  RateLimitedError,
  RequestTooLargeError,
  ServerError,
  TokenExpiredError,
  TokenVerificationError,
  UnsupportedError,
  errorFromServer,
} from './errors.js';
export type { ErrorRule } from './errors.js';
