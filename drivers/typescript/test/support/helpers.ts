// Shared test helpers: clients for the servers started by global-setup, unique
// names, and a seeded random generator whose seed is printed (and settable
// with GRUMPY_SEED) so a failing randomised test can be replayed.

import { inject } from 'vitest';
import { GrumpyClient, type ConnectOptions } from '@grumpydb/client';

/** Coordinates of the plain-TCP test server. */
export function plainServer() {
  return inject('plain');
}

/** Coordinates of the TLS test server. */
export function secureServer() {
  return inject('secure');
}

/** JWKS URL of a test server. */
export function jwksUrl(server: { host: string; httpPort: number }): string {
  return `http://${server.host}:${server.httpPort}/.well-known/jwks.json`;
}

/** Connects to the plain server as `_system/admin`. */
export function adminClient(extra: Partial<ConnectOptions> = {}): Promise<GrumpyClient> {
  const s = plainServer();
  return GrumpyClient.connect({
    host: s.host,
    port: s.port,
    tenant: '_system',
    username: 'admin',
    password: s.password,
    ...extra,
  });
}

/** A fresh valid name (`[a-z0-9_]`, starting with the prefix). */
export function uniqueName(prefix: string): string {
  return `${prefix}_${crypto.randomUUID().replace(/-/g, '').slice(0, 12)}`;
}

/** A small deterministic PRNG (mulberry32) with its seed. */
export function seededRandom(label: string): { seed: number; next: () => number } {
  const fromEnv = process.env['GRUMPY_SEED'];
  const seed = fromEnv !== undefined && fromEnv !== '' ? Number(fromEnv) >>> 0 : (Date.now() ^ (Math.random() * 2 ** 32)) >>> 0;
  console.log(`${label}: seed ${seed} (replay with GRUMPY_SEED=${seed})`);
  let a = seed;
  return {
    seed,
    next() {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}
