import { afterEach, describe, expect, it } from 'vitest';
import { ForwardError, GrumpyClient } from '@grumpydb/client';
import { FakeNode, bulk } from './support/fake-node.js';

const topology = '{"cluster_id":"c","local_node_id":"n1","n":2,"peers":[],"vnodes_per_node":256,"writers":[]}';
const nodes: FakeNode[] = [];

afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.stop()));
});

describe('forwarding (PROTOCOL.md §4.8)', () => {
  it('follows one forward error: connects there, replays TOKEN and USE, resends; a second forward is the result', async () => {
    let ownerPort = 0;
    let firstPort = 0;
    const owner = await new FakeNode((line) => {
      if (line.startsWith('TOKEN ') || line.startsWith('USE ')) return '+OK\r\n';
      if (line.startsWith('INSERT ')) return '+OK\r\n';
      if (line.startsWith('GET ')) return `-ERR forward to n1@127.0.0.1:${firstPort}; not the owner\r\n`;
      return '-ERR unknown command: x\r\n';
    }).start();
    ownerPort = owner.port;
    const first = await new FakeNode((line) => {
      if (line.startsWith('LOGIN ')) return '+TOKEN acc.tok.en ref.tok.en\r\n';
      if (line.startsWith('TOKEN ') || line.startsWith('USE ')) return '+OK\r\n';
      if (line === 'TOPOLOGY') return bulk(topology);
      if (line.startsWith('INSERT ') || line.startsWith('GET ')) return `-ERR forward to n2@127.0.0.1:${ownerPort}; not the owner\r\n`;
      if (line === 'PING') return '+PONG\r\n';
      return '-ERR unknown command: x\r\n';
    }).start();
    firstPort = first.port;
    nodes.push(owner, first);

    const client = await GrumpyClient.connect({ host: '127.0.0.1', port: first.port, tenant: 'acme', username: 'alice', password: 'pw' });
    try {
      const db = client.database('mydb');
      const key = '3df9dde6-1a2b-4c3d-8e9f-001122334455';
      await db.insert('users', key, { name: 'Bob' });
      expect(first.lines).toEqual(['LOGIN acme alice pw', 'TOKEN acc.tok.en', 'TOPOLOGY', 'USE mydb', `INSERT users ${key} {"name":"Bob"}`]);
      expect(owner.lines).toEqual(['TOKEN acc.tok.en', 'USE mydb', `INSERT users ${key} {"name":"Bob"}`, 'QUIT']);

      const err = await db.get('users', key).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ForwardError);
      expect((err as ForwardError).nodeId).toBe('n1');
      expect((err as ForwardError).address).toBe(`127.0.0.1:${first.port}`);
      // The GET was resent exactly once to the owner and not followed further.
      expect(owner.lines.filter((l) => l.startsWith('GET '))).toHaveLength(1);
      expect(first.lines.filter((l) => l.startsWith('GET '))).toHaveLength(1);
      await client.ping();
    } finally {
      await client.close();
    }
  });

  it('ignores a forward error whose address cannot be parsed', async () => {
    const node = await new FakeNode((line) => (line === 'PING' ? '-ERR forward to n9@nowhere; not the owner\r\n' : '+OK\r\n')).start();
    nodes.push(node);
    const client = await GrumpyClient.connect({ host: '127.0.0.1', port: node.port });
    try {
      await expect(client.ping()).rejects.toBeInstanceOf(ForwardError);
    } finally {
      await client.close();
    }
  });
});
