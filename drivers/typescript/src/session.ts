/**
 * A session: the driver's main connection plus the state needed to use it
 * safely from concurrent callers — the access token to replay, the database
 * the connection has selected, and forwarding (PROTOCOL.md §4.8).
 *
 * Invariants:
 * - Requests are pipelined on one connection in call order. A request bound
 *   to a database that is not the selected one waits until `USE <db>` has
 *   been answered `+OK`; if USE fails, that request fails with USE's error
 *   and is never sent, so no command ever runs in a database it was not meant for.
 * - Requests that must run with no database selected (GRANT/REVOKE, whose
 *   plain resource names depend on it) go over a second connection that never
 *   sends USE.
 * - A `forward to <node>@<host:port>` answer is followed once: connect there,
 *   replay `TOKEN` and `USE`, resend; whatever that node answers is the result.
 * - A closed connection is reopened on the next request, replaying `TOKEN`.
 */

import { ConnectionError, ForwardError, TokenExpiredError, errorFromServer } from './errors.js';
import { Connection, type Endpoint } from './connection.js';
import type { Reply } from './reply.js';
import { expectOk, expectSimple } from './wire.js';

/** Which database a request needs selected. */
export type DatabaseBinding = string | null | typeof NO_DATABASE;

/** Binding for requests that must run on a connection without a selected database. */
export const NO_DATABASE: unique symbol = Symbol('no database');

interface Job {
  readonly line: string;
  readonly db: string | null;
  resolve(value: Promise<{ reply: Reply; db: string | null }>): void;
  reject(err: unknown): void;
}

/** Tokens held by a session. */
export interface SessionTokens {
  /** Access token replayed with `TOKEN` on new connections. */
  access?: string;
  /** Refresh token used with `REFRESH` when the access token has expired. */
  refresh?: string;
}

/** The driver's connection state; see the module comment for its invariants. */
export class Session {
  private main: Connection | null;
  private side: Promise<Connection> | null = null;
  private sideToken: string | undefined;
  private selected: string | null = null;
  private readonly queue: Job[] = [];
  private pumping = false;
  private closing = false;

  /**
   * @param endpoint where the main connection goes (and how forwarded ones connect)
   * @param conn the already-open main connection
   * @param tokens tokens to replay; updated in place by the client
   */
  constructor(
    private readonly endpoint: Endpoint,
    conn: Connection,
    readonly tokens: SessionTokens,
  ) {
    this.main = conn;
  }

  /**
   * Sends one request with the given database binding.
   *
   * @param line the request line
   * @param db database that must be selected, `null` for none in particular, or {@link NO_DATABASE}
   * @returns the reply (error replies included), after following a forward answer once
   */
  async execute(line: string, db: DatabaseBinding): Promise<Reply> {
    if (db === NO_DATABASE) {
      const conn = await this.sideConnection();
      return this.followForward(line, await conn.request(line), null);
    }
    const { reply, db: selected } = await new Promise<{ reply: Reply; db: string | null }>((resolve, reject) => {
      this.queue.push({ line, db, resolve, reject });
      void this.pump();
    });
    return this.followForward(line, reply, selected);
  }

  /** Closes every connection; later requests fail. */
  async close(): Promise<void> {
    this.closing = true;
    const side = this.side;
    this.side = null;
    const closing: Promise<void>[] = [];
    if (this.main !== null) closing.push(this.main.close());
    if (side !== null) closing.push(side.then((c) => c.close()).catch(() => undefined));
    await Promise.all(closing);
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0) {
        const job = this.queue[0] as Job;
        let conn: Connection;
        try {
          conn = await this.mainConnection();
          if (job.db !== null && job.db !== this.selected) {
            expectOk(await conn.request(`USE ${job.db}`));
            this.selected = job.db;
          }
        } catch (err) {
          this.queue.shift();
          job.reject(err);
          continue;
        }
        this.queue.shift();
        const db = this.selected;
        job.resolve(conn.request(job.line).then((reply) => ({ reply, db })));
      }
    } finally {
      this.pumping = false;
    }
  }

  private async mainConnection(): Promise<Connection> {
    if (this.main !== null && !this.main.isClosed) return this.main;
    if (this.closing) throw errorClosed();
    this.main = null;
    this.selected = null;
    const conn = await this.openAuthenticated(this.endpoint);
    if (this.closing) {
      await conn.close();
      throw errorClosed();
    }
    this.main = conn;
    return conn;
  }

  private async sideConnection(): Promise<Connection> {
    if (this.closing) throw errorClosed();
    const current = this.side;
    if (current !== null) {
      const conn = await current.catch(() => null);
      // Reuse it only while it carries the session's current access token.
      if (conn !== null && !conn.isClosed && this.sideToken === this.tokens.access) return conn;
      if (conn !== null) void conn.close();
    }
    this.sideToken = this.tokens.access;
    const opened = this.openAuthenticated(this.endpoint);
    this.side = opened;
    opened.catch(() => {
      if (this.side === opened) this.side = null;
    });
    return opened;
  }

  /** Opens a connection and replays the access token (refreshing it once if it has expired). */
  private async openAuthenticated(endpoint: Endpoint): Promise<Connection> {
    const conn = await Connection.open(endpoint);
    try {
      if (this.tokens.access !== undefined) {
        let reply = await conn.request(`TOKEN ${this.tokens.access}`);
        if (reply.kind === 'error' && errorFromServer(reply.text) instanceof TokenExpiredError && this.tokens.refresh !== undefined) {
          const text = expectSimple(await conn.request(`REFRESH ${this.tokens.refresh}`));
          const access = text.startsWith('TOKEN ') ? text.slice(6) : '';
          this.tokens.access = access;
          reply = await conn.request(`TOKEN ${access}`);
        }
        expectOk(reply);
      }
      return conn;
    } catch (err) {
      conn.destroy();
      throw err;
    }
  }

  private async followForward(line: string, reply: Reply, db: string | null): Promise<Reply> {
    if (reply.kind !== 'error') return reply;
    const err = errorFromServer(reply.text);
    if (!(err instanceof ForwardError)) return reply;
    const colon = err.address.lastIndexOf(':');
    let host = err.address.slice(0, colon);
    if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
    const port = Number(err.address.slice(colon + 1));
    if (colon <= 0 || !Number.isInteger(port) || port <= 0 || port > 65535) return reply;
    const conn = await this.openAuthenticated({ ...this.endpoint, host, port });
    try {
      if (db !== null) expectOk(await conn.request(`USE ${db}`));
      return await conn.request(line);
    } finally {
      await conn.close();
    }
  }
}

function errorClosed(): ConnectionError {
  return new ConnectionError('client is closed');
}
