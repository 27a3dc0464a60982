/**
 * Error classes of the driver and the single table that maps the server's
 * stable error prefixes (PROTOCOL.md §4.11) onto them.
 *
 * Every failure the driver reports is a {@link GrumpyError}. Errors answered by
 * the server carry the server's text without its `ERR ` prefix as `message`
 * and a stable machine-readable `code`; errors detected by the driver itself
 * (connection loss, malformed replies, bad arguments, token verification)
 * use codes starting with `client_`.
 */

/** Base class of every error thrown by the driver. */
export class GrumpyError extends Error {
  /** Stable machine-readable code, e.g. `collection_not_found`. */
  readonly code: string;
  /** The server's error text (without `ERR `) when the error came from the wire. */
  readonly serverMessage: string | undefined;

  /**
   * @param message human-readable text (the server's text for wire errors)
   * @param code stable machine-readable code
   * @param options `serverMessage` for wire errors and an optional `cause`
   */
  constructor(message: string, code: string, options: { serverMessage?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.serverMessage = options.serverMessage;
  }
}

/** The connection has no authenticated caller (`not authenticated`). */
export class NotAuthenticatedError extends GrumpyError {}
/** The caller lacks the needed role (`access denied: …`). */
export class AccessDeniedError extends GrumpyError {}
/** LOGIN or REFRESH was refused (`invalid credentials`). */
export class InvalidCredentialsError extends GrumpyError {}
/** A token was presented at or after its expiry (`token expired`). */
export class TokenExpiredError extends GrumpyError {}
/** A token was malformed, badly signed or of the wrong type (`invalid token: …`). */
export class InvalidTokenError extends GrumpyError {}
/** A server limit refused the request (`rate limited…`). */
export class RateLimitedError extends GrumpyError {}
/** The server could not parse the command line (`unknown command`, `missing argument`, …). */
export class CommandSyntaxError extends GrumpyError {}
/** A with_db command ran before any database was selected. */
export class NoDatabaseSelectedError extends GrumpyError {}
/** An argument was refused: bad UUID, JSON, name, filter, options, role, … */
export class InvalidArgumentError extends GrumpyError {}
/** A document (or a resolved document) exceeds the 16 MiB limit. */
export class DocumentTooLargeError extends GrumpyError {}
/** A named object (key, collection, database, tenant, index, user) does not exist. */
export class NotFoundError extends GrumpyError {}
/** A named object (key, collection, database, tenant, index, user) already exists. */
export class AlreadyExistsError extends GrumpyError {}
/** RESOLVE met a reference back onto its own path (`cyclic reference detected: …`). */
export class CyclicReferenceError extends GrumpyError {}
/** The server does not support the requested consistency level or feature. */
export class UnsupportedError extends GrumpyError {}
/** The server failed internally (`internal error: …`, `I/O error: …`, lock errors). */
export class ServerError extends GrumpyError {}

/** The command belongs on another node (`forward to <node>@<host:port>; not the owner`). */
export class ForwardError extends GrumpyError {
  /** Node id named by the server. */
  readonly nodeId: string;
  /** `host:port` named by the server. */
  readonly address: string;

  /**
   * @param message the server's text
   * @param nodeId node id parsed from the message
   * @param address `host:port` parsed from the message
   */
  constructor(message: string, nodeId: string, address: string) {
    super(message, 'forward', { serverMessage: message });
    this.nodeId = nodeId;
    this.address = address;
  }
}

/** The socket could not be opened, failed, or closed with requests outstanding. */
export class ConnectionError extends GrumpyError {
  /** @param message description; @param cause underlying socket error, if any */
  constructor(message: string, cause?: unknown) {
    super(message, 'client_connection', { cause });
  }
}

/** The server sent bytes that do not form a valid reply, or an unexpected reply kind. */
export class ProtocolViolationError extends GrumpyError {
  /** @param message description of what was wrong */
  constructor(message: string) {
    super(message, 'client_protocol');
  }
}

/** The driver refused an argument before sending (whitespace in a word, CR/LF, unsupported value). */
export class ClientArgumentError extends GrumpyError {
  /** @param message description of the bad argument */
  constructor(message: string) {
    super(message, 'client_argument');
  }
}

/** The request line would exceed the server's 1 048 576-byte limit, so it was not sent. */
export class RequestTooLargeError extends GrumpyError {
  /** Length of the refused line in bytes, terminator included. */
  readonly bytes: number;

  /** @param bytes line length in bytes, terminator included */
  constructor(bytes: number) {
    super(`request too large for the server (${bytes} bytes, limit 1048576)`, 'client_request_too_large');
    this.bytes = bytes;
  }
}

/** The access token failed verification against the server's JWKS. */
export class TokenVerificationError extends GrumpyError {
  /** @param message description; @param cause the error raised by `jose` */
  constructor(message: string, cause?: unknown) {
    super(message, 'client_token_verification', { cause });
  }
}

type ErrorClass = new (message: string, code: string, options: { serverMessage?: string }) => GrumpyError;

/** One row of {@link ERROR_TABLE}: a server text matcher, its code and its class. */
export interface ErrorRule {
  /** A literal prefix of the server text, or a pattern anchored at its start. */
  readonly match: string | RegExp;
  /** The `code` given to matching errors. */
  readonly code: string;
  /** The class instantiated for matching errors. */
  readonly errorClass: ErrorClass;
}

/**
 * The mapping from server error text to error class, checked top to bottom;
 * the first match wins. Texts are PROTOCOL.md §4.11 and REPL.md §12.3.
 */
export const ERROR_TABLE: readonly ErrorRule[] = [
  { match: 'not authenticated', code: 'not_authenticated', errorClass: NotAuthenticatedError },
  { match: 'access denied', code: 'access_denied', errorClass: AccessDeniedError },
  { match: 'invalid credentials', code: 'invalid_credentials', errorClass: InvalidCredentialsError },
  { match: 'token expired', code: 'token_expired', errorClass: TokenExpiredError },
  { match: 'invalid token', code: 'invalid_token', errorClass: InvalidTokenError },
  { match: 'rate limited', code: 'rate_limited', errorClass: RateLimitedError },
  { match: 'line too long', code: 'line_too_long', errorClass: CommandSyntaxError },
  { match: 'empty command', code: 'empty_command', errorClass: CommandSyntaxError },
  { match: 'unknown command', code: 'unknown_command', errorClass: CommandSyntaxError },
  { match: 'missing argument', code: 'missing_argument', errorClass: CommandSyntaxError },
  { match: 'no database selected', code: 'no_database_selected', errorClass: NoDatabaseSelectedError },
  { match: 'invalid UUID', code: 'invalid_uuid', errorClass: InvalidArgumentError },
  { match: 'invalid JSON', code: 'invalid_json', errorClass: InvalidArgumentError },
  { match: 'invalid vector_clock JSON', code: 'invalid_vector_clock', errorClass: InvalidArgumentError },
  { match: 'invalid name', code: 'invalid_name', errorClass: InvalidArgumentError },
  { match: 'invalid filter', code: 'invalid_filter', errorClass: InvalidArgumentError },
  { match: 'invalid find options', code: 'invalid_find_options', errorClass: InvalidArgumentError },
  { match: 'invalid value', code: 'invalid_value', errorClass: InvalidArgumentError },
  { match: 'value type cannot be indexed', code: 'value_not_indexable', errorClass: InvalidArgumentError },
  { match: 'unknown role', code: 'unknown_role', errorClass: InvalidArgumentError },
  { match: 'depth must be', code: 'invalid_depth', errorClass: InvalidArgumentError },
  { match: 'INSERTMANY needs', code: 'invalid_batch', errorClass: InvalidArgumentError },
  { match: 'document too large', code: 'document_too_large', errorClass: DocumentTooLargeError },
  { match: 'resolved document too large', code: 'document_too_large', errorClass: DocumentTooLargeError },
  { match: 'cyclic reference detected', code: 'cyclic_reference', errorClass: CyclicReferenceError },
  { match: /^key \S+ not found/, code: 'key_not_found', errorClass: NotFoundError },
  { match: /^key \S+ already exists/, code: 'key_exists', errorClass: AlreadyExistsError },
  { match: 'collection not found', code: 'collection_not_found', errorClass: NotFoundError },
  { match: 'database not found', code: 'database_not_found', errorClass: NotFoundError },
  { match: 'tenant not found', code: 'tenant_not_found', errorClass: NotFoundError },
  { match: 'index not found', code: 'index_not_found', errorClass: NotFoundError },
  { match: 'user not found', code: 'user_not_found', errorClass: NotFoundError },
  { match: 'collection already exists', code: 'collection_exists', errorClass: AlreadyExistsError },
  { match: 'database already exists', code: 'database_exists', errorClass: AlreadyExistsError },
  { match: 'tenant already exists', code: 'tenant_exists', errorClass: AlreadyExistsError },
  { match: 'index already exists', code: 'index_exists', errorClass: AlreadyExistsError },
  { match: 'user already exists', code: 'user_exists', errorClass: AlreadyExistsError },
  { match: 'consistency concerns', code: 'unsupported_concern', errorClass: UnsupportedError },
  { match: 'v5 only supports', code: 'unsupported_concern', errorClass: UnsupportedError },
  { match: 'internal error', code: 'internal_error', errorClass: ServerError },
  { match: 'I/O error', code: 'io_error', errorClass: ServerError },
  { match: 'database is locked', code: 'database_locked', errorClass: ServerError },
];

const FORWARD = /^forward to (\S+?)@(\S+?);/;

/**
 * Builds the error for a server error reply.
 *
 * @param text the reply line after `-`, with or without its `ERR ` prefix
 * @returns the matching error instance; unknown texts give a plain {@link GrumpyError} with code `server_error`
 */
export function errorFromServer(text: string): GrumpyError {
  const message = text.startsWith('ERR ') ? text.slice(4) : text === 'ERR' ? '' : text;
  const forward = FORWARD.exec(message);
  if (message.startsWith('forward to ') && forward !== null) {
    return new ForwardError(message, forward[1] ?? '', forward[2] ?? '');
  }
  for (const rule of ERROR_TABLE) {
    const hit = typeof rule.match === 'string' ? message.startsWith(rule.match) : rule.match.test(message);
    if (hit) {
      return new rule.errorClass(message, rule.code, { serverMessage: message });
    }
  }
  return new GrumpyError(message, 'server_error', { serverMessage: message });
}
