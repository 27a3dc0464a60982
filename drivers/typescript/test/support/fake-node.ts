// A tiny fake GrumpyDB node for protocol-level tests: it sends the banner (or
// a scripted greeting), records every request line, and answers each with
// whatever the test's function returns (raw reply bytes; null closes the socket).

import net from 'node:net';

/** Encodes a bulk reply. */
export function bulk(s: string): string {
  return `$${Buffer.byteLength(s)}\r\n${s}\r\n`;
}

/** A scripted fake server on a free loopback port. */
export class FakeNode {
  /** Every request line received, in order, over all connections. */
  readonly lines: string[] = [];
  /** Connections accepted so far. */
  connections = 0;
  /** The listening port, after {@link start}. */
  port = 0;
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();

  /**
   * @param answer reply bytes for a line (null closes the connection)
   * @param greeting bytes sent on accept (default: the banner)
   */
  constructor(answer: (line: string, connection: number) => string | null, greeting = '+GRUMPYDB 4.0.0\r\n') {
    this.server = net.createServer((sock) => {
      const connection = ++this.connections;
      this.sockets.add(sock);
      sock.on('close', () => this.sockets.delete(sock));
      sock.write(greeting);
      let buf = '';
      sock.on('data', (chunk) => {
        buf += chunk.toString('utf8');
        let lf: number;
        while ((lf = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, lf).replace(/\r$/, '');
          buf = buf.slice(lf + 1);
          this.lines.push(line);
          if (line === 'QUIT') {
            sock.end('+BYE\r\n');
            return;
          }
          const reply = answer(line, connection);
          if (reply === null) {
            sock.destroy();
            return;
          }
          sock.write(reply);
        }
      });
      sock.on('error', () => undefined);
    });
  }

  /** Starts listening on 127.0.0.1 and a free port. */
  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    const addr = this.server.address();
    this.port = typeof addr === 'object' && addr !== null ? addr.port : 0;
    return this;
  }

  /** Stops listening and drops open connections. */
  async stop(): Promise<void> {
    for (const sock of this.sockets) sock.destroy();
    await new Promise((r) => this.server.close(r));
  }
}
