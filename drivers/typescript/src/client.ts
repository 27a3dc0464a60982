/**
 * The entry point: {@link GrumpyClient.connect} opens a session, logs in,
 * optionally verifies the access token against the server's JWKS, and gives
 * access to databases and to the session, user, tenant and server commands.
 */

import type tls from 'node:tls';
import { Connection } from './connection.js';
import { Database } from './database.js';
import { ClientArgumentError, ProtocolViolationError } from './errors.js';
import { NO_DATABASE, Session, type DatabaseBinding } from './session.js';
import { TokenVerifier, type TokenClaims } from './verify.js';
import { expectArray, expectJson, expectOk, expectSimple, rest, word } from './wire.js';

/** Options of {@link GrumpyClient.connect}. */
export interface ConnectOptions {
  /** Server host (default `localhost`). */
  readonly host?: string;
  /** Client-protocol port (default 6380). */
  readonly port?: number;
  /** `false` (default) for plain TCP, `true` for TLS with the system CAs, or Node TLS options such as `{ ca }`. */
  readonly tls?: boolean | tls.ConnectionOptions;
  /** Tenant to log in to; with `username` and `password`. */
  readonly tenant?: string;
  /** Username to log in as. */
  readonly username?: string;
  /** Password (may contain spaces, not line breaks). */
  readonly password?: string;
  /** An access token to authenticate with instead of a password. */
  readonly token?: string;
  /** A refresh token to go with `token`, used when it expires. */
  readonly refreshToken?: string;
  /** URL of the server's JWKS (`http://<host>:6381/.well-known/jwks.json`); when set, access tokens are verified. */
  readonly jwksUrl?: string;
  /** Milliseconds allowed for connect, TLS handshake and banner (default 10 000). */
  readonly connectTimeoutMs?: number;
}

/** The node layout answered by `TOPOLOGY` (PROTOCOL.md §4.8). Unknown fields are kept. */
export interface Topology {
  /** Cluster id. */
  readonly cluster_id: string;
  /** Id of the node that answered. */
  readonly local_node_id: string;
  /** Member count. */
  readonly n: number;
  /** Every member with its client address. */
  readonly peers: readonly { readonly node_id: string; readonly addr: string }[];
  /** Virtual nodes per node. */
  readonly vnodes_per_node: number;
  /** Configured writers. */
  readonly writers: readonly { readonly collection: string; readonly node_id: string }[];
  /** Further fields a newer server may add. */
  readonly [field: string]: unknown;
}

/** The reply of `WHOAMI`. */
export interface WhoAmI {
  /** Username. */
  readonly user: string;
  /** Tenant. */
  readonly tenant: string;
  /** Assignments rendered as `<role>:<scope>`, e.g. `server_admin:Server`. */
  readonly roles: string[];
}

/** One element of `LIST USERS`. */
export interface UserInfo {
  /** Username. */
  readonly username: string;
  /** Tenant. */
  readonly tenant: string;
  /** Role names (without scopes). */
  readonly roles: string[];
}

/**
 * What a grant applies to (PROTOCOL.md §6.5): a tenant, a database, a
 * collection of a database, or the raw resource notation.
 */
export type GrantResource =
  | string
  | { readonly tenant: string }
  | { readonly database: string; readonly collection?: string };

/** The pair of tokens issued by `LOGIN`. */
export interface Tokens {
  /** Access token. */
  readonly access: string;
  /** Refresh token. */
  readonly refresh: string;
}

/** A connected GrumpyDB client; safe for concurrent use. */
export class GrumpyClient {
  private readonly session: Session;
  private readonly verifier: TokenVerifier | undefined;
  private claimsValue: TokenClaims | undefined;
  private topologyValue: Topology | undefined;

  private constructor(session: Session, verifier: TokenVerifier | undefined) {
    this.session = session;
    this.verifier = verifier;
  }

  /**
   * Connects, logs in (or presents `token`), verifies the access token when
   * `jwksUrl` is given, and reads the topology.
   *
   * @param options see {@link ConnectOptions}
   * @returns the connected client
   * @throws ConnectionError, InvalidCredentialsError, TokenVerificationError, …
   */
  static async connect(options: ConnectOptions = {}): Promise<GrumpyClient> {
    const endpoint = {
      host: options.host ?? 'localhost',
      port: options.port ?? 6380,
      tls: options.tls ?? false,
      connectTimeoutMs: options.connectTimeoutMs,
    };
    const verifier = options.jwksUrl === undefined ? undefined : new TokenVerifier(options.jwksUrl);
    const conn = await Connection.open(endpoint);
    const client = new GrumpyClient(new Session(endpoint, conn, {}), verifier);
    try {
      if (options.username !== undefined || options.password !== undefined || options.tenant !== undefined) {
        if (options.username === undefined || options.password === undefined) {
          throw new ClientArgumentError('username and password must be given together');
        }
        await client.login(options.tenant ?? '_system', options.username, options.password);
      } else if (options.token !== undefined) {
        await client.authenticate(options.token, options.refreshToken);
      }
    } catch (err) {
      await client.close();
      throw err;
    }
    return client;
  }

  /** The verified claims of the current access token (set when `jwksUrl` was given). */
  get claims(): TokenClaims | undefined {
    return this.claimsValue;
  }

  /** The current access token, if authenticated. */
  get accessToken(): string | undefined {
    return this.session.tokens.access;
  }

  /** The refresh token from the last LOGIN, if any. */
  get refreshToken(): string | undefined {
    return this.session.tokens.refresh;
  }

  /** The topology read after authentication, if any. */
  get lastTopology(): Topology | undefined {
    return this.topologyValue;
  }

  /**
   * A handle on a database; it is selected (and, for admins, created) on first use.
   *
   * @param name database name
   */
  database(name: string): Database {
    return new Database(this.session, name);
  }

  /**
   * Logs in with a password (`LOGIN`), then presents the access token (`TOKEN`) and reads `TOPOLOGY`.
   *
   * @returns the issued tokens
   * @throws InvalidCredentialsError, RateLimitedError, TokenVerificationError
   */
  async login(tenant: string, username: string, password: string): Promise<Tokens> {
    const line = `LOGIN ${word(tenant, 'tenant')} ${word(username, 'username')} ${rest(password, 'password')}`;
    const text = expectSimple(await this.session.execute(line, null));
    const m = /^TOKEN (\S+) (\S+)$/.exec(text);
    if (m === null) throw new ProtocolViolationError(`expected +TOKEN <access> <refresh>, got +${text}`);
    const tokens = { access: m[1] as string, refresh: m[2] as string };
    await this.authenticate(tokens.access, tokens.refresh);
    return tokens;
  }

  /**
   * Authenticates with an access token (`TOKEN`), verifying it first when `jwksUrl` was given, and reads `TOPOLOGY`.
   *
   * @param access access token
   * @param refresh refresh token kept for later {@link refresh} calls
   */
  async authenticate(access: string, refresh?: string): Promise<void> {
    word(access, 'token');
    if (this.verifier !== undefined) this.claimsValue = await this.verifier.verify(access);
    expectOk(await this.session.execute(`TOKEN ${access}`, null));
    this.session.tokens.access = access;
    if (refresh !== undefined) this.session.tokens.refresh = refresh;
    this.topologyValue = await this.topology();
  }

  /**
   * Obtains a new access token with the user's current roles (`REFRESH`) and
   * uses it for new connections. The open connection keeps its roles until
   * {@link authenticate} is called with the new token.
   *
   * @returns the new access token
   * @throws InvalidCredentialsError, TokenExpiredError, ClientArgumentError when there is no refresh token
   */
  async refresh(): Promise<string> {
    const rt = this.session.tokens.refresh;
    if (rt === undefined) throw new ClientArgumentError('no refresh token: log in with a password first');
    const text = expectSimple(await this.session.execute(`REFRESH ${rt}`, null));
    const m = /^TOKEN (\S+)$/.exec(text);
    if (m === null) throw new ProtocolViolationError(`expected +TOKEN <access>, got +${text}`);
    const access = m[1] as string;
    if (this.verifier !== undefined) this.claimsValue = await this.verifier.verify(access);
    this.session.tokens.access = access;
    return access;
  }

  /** `PING`; resolves when the server answers `+PONG`. */
  async ping(): Promise<void> {
    const text = expectSimple(await this.session.execute('PING', null));
    if (text !== 'PONG') throw new ProtocolViolationError(`expected +PONG, got +${text}`);
  }

  /** The caller's identity (`WHOAMI`). */
  async whoami(): Promise<WhoAmI> {
    const text = expectSimple(await this.session.execute('WHOAMI', null));
    const m = /^USER (.*) TENANT (\S*) ROLES (.*)$/.exec(text);
    if (m === null) throw new ProtocolViolationError(`unexpected WHOAMI reply: +${text}`);
    const roles = splitRoles(m[3] as string);
    return { user: m[1] as string, tenant: m[2] as string, roles };
  }

  /** The cluster layout (`TOPOLOGY`). */
  async topology(): Promise<Topology> {
    const topology = expectJson<Topology>(await this.session.execute('TOPOLOGY', null));
    if (topology === null) throw new ProtocolViolationError('TOPOLOGY answered a null bulk');
    return topology;
  }

  // ---- databases ---------------------------------------------------------

  /** Lists the tenant's databases, sorted (`LIST DATABASES`). */
  async listDatabases(): Promise<string[]> {
    return expectArray(await this.session.execute('LIST DATABASES', null));
  }

  /** Creates a database (`CREATE DATABASE`). */
  async createDatabase(name: string): Promise<void> {
    await this.ok(`CREATE DATABASE ${word(name, 'database name')}`);
  }

  /** Drops a database and everything in it (`DROP DATABASE`). */
  async dropDatabase(name: string): Promise<void> {
    await this.ok(`DROP DATABASE ${word(name, 'database name')}`);
  }

  // ---- users and grants --------------------------------------------------

  /**
   * Creates a user without roles (`CREATE USER`).
   *
   * @param user `alice` (caller's tenant) or `alice@acme`
   */
  async createUser(user: string, password: string): Promise<void> {
    await this.ok(`CREATE USER ${word(user, 'user')} ${rest(password, 'password')}`);
  }

  /** Drops a user, ending its sessions (`DROP USER`). */
  async dropUser(user: string): Promise<void> {
    await this.ok(`DROP USER ${word(user, 'user')}`);
  }

  /**
   * Lists the users of a tenant (`LIST USERS`).
   *
   * @param tenant default: the caller's tenant
   */
  async listUsers(tenant?: string): Promise<UserInfo[]> {
    const line = tenant === undefined ? 'LIST USERS' : `LIST USERS ${word(tenant, 'tenant')}`;
    return expectArray(await this.session.execute(line, null)).map(parseUser);
  }

  /**
   * Grants a role (`GRANT`). Sent on a connection with no database selected,
   * so a plain resource string names a database.
   *
   * @param role e.g. `read_write`
   * @param resource see {@link GrantResource}
   * @param user `alice` or `alice@acme`
   */
  async grant(role: string, resource: GrantResource, user: string): Promise<void> {
    await this.ok(`GRANT ${word(role, 'role')} ON ${resourceText(resource)} TO ${word(user, 'user')}`, NO_DATABASE);
  }

  /** Revokes a role (`REVOKE`); same notation as {@link grant}. */
  async revoke(role: string, resource: GrantResource, user: string): Promise<void> {
    await this.ok(`REVOKE ${word(role, 'role')} ON ${resourceText(resource)} FROM ${word(user, 'user')}`, NO_DATABASE);
  }

  // ---- tenants and server ------------------------------------------------

  /** Creates a tenant (`CREATE TENANT`). */
  async createTenant(name: string): Promise<void> {
    await this.ok(`CREATE TENANT ${word(name, 'tenant')}`);
  }

  /** Drops a tenant's data (`DROP TENANT`). */
  async dropTenant(name: string): Promise<void> {
    await this.ok(`DROP TENANT ${word(name, 'tenant')}`);
  }

  /** Lists the tenants, sorted (`LIST TENANTS`). */
  async listTenants(): Promise<string[]> {
    return expectArray(await this.session.execute('LIST TENANTS', null));
  }

  /** Closes every connection of the client (sending `QUIT`). */
  async close(): Promise<void> {
    await this.session.close();
  }

  private async ok(line: string, db: DatabaseBinding = null): Promise<void> {
    expectOk(await this.session.execute(line, db));
  }
}

function splitRoles(list: string): string[] {
  // Scopes contain ", " inside braces; assignments are separated by "," outside them.
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === ',' && depth === 0) {
      out.push(list.slice(start, i));
      start = i + 1;
    }
  }
  if (list.length > 0) out.push(list.slice(start));
  return out;
}

function parseUser(item: string): UserInfo {
  const colon = item.lastIndexOf(':');
  const left = colon < 0 ? item : item.slice(0, colon);
  const at = left.lastIndexOf('@');
  if (colon < 0 || at < 0) throw new ProtocolViolationError(`unexpected LIST USERS element: ${item}`);
  const roles = item.slice(colon + 1);
  return { username: left.slice(0, at), tenant: left.slice(at + 1), roles: roles === '' ? [] : roles.split(',') };
}

function resourceText(resource: GrantResource): string {
  if (typeof resource === 'string') return word(resource, 'resource');
  if ('tenant' in resource) return `@${word(resource.tenant, 'tenant')}`;
  const db = word(resource.database, 'database');
  return resource.collection === undefined ? db : `${word(resource.collection, 'collection')}:${db}`;
}

