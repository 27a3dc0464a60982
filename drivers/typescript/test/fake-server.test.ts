import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionError, GrumpyClient, ProtocolViolationError, RateLimitedError } from '@grumpydb/client';
import { FakeNode, bulk } from './support/fake-node.js';

const nodes: FakeNode[] = [];
afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.stop()));
});

async function fake(answer: (line: string, conn: number) => string | null, greeting?: string): Promise<FakeNode> {
  const node = await new FakeNode(answer, greeting).start();
  nodes.push(node);
  return node;
}

const login = (line: string): string | undefined => {
  if (line.startsWith('LOGIN ')) return '+TOKEN acc1 ref1\r\n';
  if (line.startsWith('TOKEN ') || line.startsWith('USE ')) return '+OK\r\n';
  if (line === 'TOPOLOGY') return bulk('{"n":1,"peers":[]}');
  return undefined;
};

describe('protocol edge cases against a fake server', () => {
  it('reads bulks by declared length even when the payload holds CR LF', async () => {
    // Whitespace between JSON tokens may be CR LF; a line-based reader would cut the payload there.
    const doc = '{"a":1,\r\n"b":"x"}';
    const node = await fake((line) => login(line) ?? (line.startsWith('GET ') ? bulk(doc) + '' : '-ERR unknown command: x\r\n'));
    const client = await GrumpyClient.connect({ host: '127.0.0.1', port: node.port, tenant: 't', username: 'u', password: 'p' });
    try {
      const db = client.database('d');
      const [a, b] = await Promise.all([db.get('c', 'k1'), db.get('c', 'k2')]);
      expect(a).toEqual({ a: 1, b: 'x' });
      expect(b).toEqual({ a: 1, b: 'x' });
    } finally {
      await client.close();
    }
  });

  it('maps a connection-cap refusal sent instead of the banner', async () => {
    const node = await fake(() => '+OK\r\n', '-ERR rate limited (too many connections from your IP)\r\n');
    await expect(GrumpyClient.connect({ host: '127.0.0.1', port: node.port })).rejects.toBeInstanceOf(RateLimitedError);
  });

  it('refuses a server that sends no banner', async () => {
    const node = await fake(() => '+OK\r\n', '+HELLO\r\n');
    await expect(GrumpyClient.connect({ host: '127.0.0.1', port: node.port })).rejects.toBeInstanceOf(ProtocolViolationError);
  });

  it('fails outstanding requests with ConnectionError when the server drops, then reconnects with the token', async () => {
    const node = await fake((line, conn) => login(line) ?? (line.startsWith('GET ') && conn === 1 ? null : '$-1\r\n'));
    const client = await GrumpyClient.connect({ host: '127.0.0.1', port: node.port, tenant: 't', username: 'u', password: 'p' });
    try {
      const db = client.database('d');
      await expect(db.get('c', 'k')).rejects.toBeInstanceOf(ConnectionError);
      expect(await db.get('c', 'k')).toBeNull();
      expect(node.connections).toBe(2);
      expect(node.lines.slice(-3)).toEqual(['TOKEN acc1', 'USE d', 'GET c k']);
    } finally {
      await client.close();
    }
  });

  it('refreshes an expired access token once when reconnecting', async () => {
    let tokens = 0;
    const node = await fake((line, conn) => {
      if (line === 'TOKEN acc1' && conn > 1) return '-ERR token expired\r\n';
      if (line === 'REFRESH ref1') return '+TOKEN acc2\r\n';
      if (line.startsWith('TOKEN ')) tokens++;
      if (line === 'PING' && conn === 1) return null;
      return login(line) ?? '+PONG\r\n';
    });
    const client = await GrumpyClient.connect({ host: '127.0.0.1', port: node.port, tenant: 't', username: 'u', password: 'p' });
    try {
      await expect(client.ping()).rejects.toBeInstanceOf(ConnectionError);
      await client.ping();
      expect(client.accessToken).toBe('acc2');
      expect(node.lines.slice(-4)).toEqual(['TOKEN acc1', 'REFRESH ref1', 'TOKEN acc2', 'PING']);
      expect(tokens).toBe(2);
    } finally {
      await client.close();
    }
  });

  it('times out a server that accepts but never greets', async () => {
    const node = await fake(() => '+OK\r\n', '');
    const t0 = Date.now();
    await expect(GrumpyClient.connect({ host: '127.0.0.1', port: node.port, connectTimeoutMs: 300 })).rejects.toBeInstanceOf(ConnectionError);
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});
