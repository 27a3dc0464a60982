/**
 * One client-protocol socket (plain TCP or TLS): reads the banner, writes
 * request lines and matches replies to requests in order (pipelining).
 *
 * Invariants: replies are matched FIFO to written lines; once the socket
 * fails or closes, every outstanding and later request is rejected with a
 * {@link ConnectionError}; no request line contains CR or LF, and none longer
 * than the server's limit is written.
 */

import net from 'node:net';
import tls from 'node:tls';
import { ConnectionError, ProtocolViolationError, RequestTooLargeError, errorFromServer } from './errors.js';
import { ReplyParser, type Reply } from './reply.js';

/** Largest request line the server accepts, terminator included (PROTOCOL.md §2.3). */
export const MAX_REQUEST_BYTES = 1_048_576;

/** How to reach a server. */
export interface Endpoint {
  /** Host name or IP address. */
  readonly host: string;
  /** TCP port of the client protocol. */
  readonly port: number;
  /** `false` for plain TCP, `true` for TLS with the system CAs, or TLS options (e.g. `ca`). */
  readonly tls?: boolean | tls.ConnectionOptions;
  /** Milliseconds allowed for TCP connect, TLS handshake and banner together (default 10 000). */
  readonly connectTimeoutMs?: number;
}

interface Waiter {
  resolve(reply: Reply): void;
  reject(err: Error): void;
}

/** A connected socket with the banner already consumed. */
export class Connection {
  private readonly parser = new ReplyParser();
  private readonly waiters: Waiter[] = [];
  private failure: ConnectionError | null = null;
  private closed: Promise<void>;

  private constructor(private readonly socket: net.Socket) {
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.fail(new ConnectionError(`connection lost: ${err.message}`, err)));
    socket.on('close', () => this.fail(new ConnectionError('connection lost: closed by the server')));
  }

  /**
   * Opens a connection and waits for the banner.
   *
   * @param endpoint where to connect
   * @returns the ready connection
   * @throws ConnectionError when connecting, the handshake or the banner fails or times out;
   *   the server's error (e.g. RateLimitedError) when it answers with one instead of the banner
   */
  static async open(endpoint: Endpoint): Promise<Connection> {
    const timeoutMs = endpoint.connectTimeoutMs ?? 10_000;
    const socket = await new Promise<net.Socket>((resolve, reject) => {
      let sock: net.Socket;
      const onError = (err: Error): void => {
        clearTimeout(timer);
        sock.destroy();
        reject(new ConnectionError(`cannot connect to ${endpoint.host}:${endpoint.port}: ${err.message}`, err));
      };
      const timer = setTimeout(() => onError(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
      const onConnect = (): void => {
        clearTimeout(timer);
        sock.off('error', onError);
        resolve(sock);
      };
      if (endpoint.tls === undefined || endpoint.tls === false) {
        sock = net.connect({ host: endpoint.host, port: endpoint.port }, onConnect);
      } else {
        const extra = endpoint.tls === true ? {} : endpoint.tls;
        const servername = net.isIP(endpoint.host) === 0 ? endpoint.host : undefined;
        sock = tls.connect({ host: endpoint.host, port: endpoint.port, servername, ...extra }, onConnect);
      }
      sock.once('error', onError);
    });
    socket.setNoDelay(true);
    const conn = new Connection(socket);
    const banner = await withTimeout(conn.next(), timeoutMs, () => conn.destroy());
    if (banner.kind === 'error') {
      conn.destroy();
      throw errorFromServer(banner.text);
    }
    if (banner.kind !== 'simple' || !banner.text.startsWith('GRUMPYDB ')) {
      conn.destroy();
      throw new ProtocolViolationError('server did not send the GRUMPYDB banner');
    }
    return conn;
  }

  /** True once the socket has failed or been closed. */
  get isClosed(): boolean {
    return this.failure !== null;
  }

  /**
   * Sends one request line and resolves with its reply (error replies included).
   *
   * @param line the command without terminator; must not contain CR or LF
   * @returns the server's reply
   * @throws RequestTooLargeError, ConnectionError
   */
  request(line: string): Promise<Reply> {
    if (this.failure !== null) return Promise.reject(this.failure);
    const bytes = Buffer.byteLength(line, 'utf8') + 2;
    if (bytes > MAX_REQUEST_BYTES) return Promise.reject(new RequestTooLargeError(bytes));
    const reply = this.next();
    this.socket.write(line + '\r\n');
    return reply;
  }

  /** Sends `QUIT` when possible and closes the socket; resolves once it is closed. */
  async close(): Promise<void> {
    if (this.failure === null) {
      const bye = this.request('QUIT').catch(() => undefined);
      this.socket.end();
      await withTimeout(bye, 1000, () => undefined).catch(() => undefined);
    }
    this.destroy();
    await this.closed;
  }

  /** Closes the socket at once, failing outstanding requests. */
  destroy(): void {
    this.fail(new ConnectionError('connection closed by the client'));
    this.socket.destroy();
  }

  private next(): Promise<Reply> {
    return new Promise((resolve, reject) => {
      if (this.failure !== null) reject(this.failure);
      else this.waiters.push({ resolve, reject });
    });
  }

  private onData(chunk: Buffer): void {
    let replies: Reply[];
    try {
      replies = this.parser.push(chunk);
    } catch (err) {
      const failure = err instanceof Error ? err : new Error(String(err));
      this.fail(new ConnectionError(`connection unusable: ${failure.message}`, failure));
      this.socket.destroy();
      return;
    }
    for (const reply of replies) {
      const waiter = this.waiters.shift();
      if (waiter === undefined) {
        this.fail(new ConnectionError('server sent an unsolicited reply'));
        this.socket.destroy();
        return;
      }
      waiter.resolve(reply);
    }
  }

  private fail(err: ConnectionError): void {
    if (this.failure !== null) return;
    this.failure = err;
    for (const waiter of this.waiters.splice(0)) waiter.reject(err);
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      onTimeout();
      reject(new ConnectionError(`timed out after ${ms} ms`));
    }, ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
