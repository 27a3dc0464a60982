// Loopback benchmark of the driver against a real server built from ../../server.
// Sequential and concurrent (pipelined) inserts and gets; prints ops/s and
// latency percentiles. BENCH_N (default 5000) sets operations per phase,
// BENCH_CONCURRENCY (default 64) the requests kept in flight.

import { rm } from 'node:fs/promises';
import { GrumpyClient } from '../dist/index.js';
import { buildServer, startServer } from '../scripts/server-harness.mjs';

const N = Number(process.env.BENCH_N ?? 5000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const PASSWORD = 'bench-admin-password';

function pct(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function sequential(label, keys, op) {
  const lat = [];
  const t0 = performance.now();
  for (const k of keys) {
    const s = performance.now();
    await op(k);
    lat.push(performance.now() - s);
  }
  const ms = performance.now() - t0;
  lat.sort((a, b) => a - b);
  report(label, keys.length, ms, lat);
}

async function concurrent(label, keys, op) {
  const lat = [];
  let next = 0;
  const t0 = performance.now();
  async function worker() {
    while (next < keys.length) {
      const k = keys[next++];
      const s = performance.now();
      await op(k);
      lat.push(performance.now() - s);
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const ms = performance.now() - t0;
  lat.sort((a, b) => a - b);
  report(label, keys.length, ms, lat);
}

function report(label, n, ms, lat) {
  const line = `${label.padEnd(34)} ${String(Math.round((n / ms) * 1000)).padStart(8)} ops/s   p50 ${pct(lat, 50).toFixed(3)} ms   p99 ${pct(lat, 99).toFixed(3)} ms`;
  console.log(line);
}

const { binary, dir } = await buildServer();
const server = await startServer({ binary, workDir: dir, password: PASSWORD, name: 'bench' });
try {
  const client = await GrumpyClient.connect({ host: server.host, port: server.port, tenant: '_system', username: 'admin', password: PASSWORD });
  const db = client.database('bench');
  await db.createCollection('docs');
  const doc = { name: 'benchmark user', age: 42, tags: ['a', 'b', 'c'], address: { city: 'Paris', zip: '75001' } };
  console.log(`node ${process.version}, ${N} ops per phase, concurrency ${CONCURRENCY}, doc ${JSON.stringify(doc).length} bytes`);
  const seqKeys = Array.from({ length: N }, () => crypto.randomUUID());
  const conKeys = Array.from({ length: N }, () => crypto.randomUUID());
  await sequential('insert, sequential', seqKeys, (k) => db.insert('docs', k, doc));
  await sequential('get, sequential', seqKeys, (k) => db.get('docs', k));
  await concurrent(`insert, ${CONCURRENCY} in flight`, conKeys, (k) => db.insert('docs', k, doc));
  await concurrent(`get, ${CONCURRENCY} in flight`, conKeys, (k) => db.get('docs', k));
  const clients = await Promise.all(Array.from({ length: 4 }, () => GrumpyClient.connect({ host: server.host, port: server.port, tenant: '_system', username: 'admin', password: PASSWORD })));
  let i = 0;
  await concurrent(`get, 4 clients x ${CONCURRENCY / 4} in flight`, conKeys, (k) => clients[i++ % 4].database('bench').get('docs', k));
  await Promise.all(clients.map((c) => c.close()));
  await client.close();
} finally {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
}
