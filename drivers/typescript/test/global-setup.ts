// Builds the real server from ../../server and runs two instances for the
// whole test run: one plain TCP, one TLS (self-signed certificate generated
// in its data directory). Their coordinates reach the tests through inject().

import { rm } from 'node:fs/promises';
import type { TestProject } from 'vitest/node';
import { buildServer, startServer, type RunningServer } from '../scripts/server-harness.mjs';

export const ADMIN_PASSWORD = 'grumpy-test-admin-pw';

/** Coordinates of a test server, as provided to the tests. */
export interface ServerInfo {
  host: string;
  port: number;
  httpPort: number;
  dataDir: string;
  password: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    plain: ServerInfo;
    secure: ServerInfo;
  }
}

function info(s: RunningServer): ServerInfo {
  return { host: s.host, port: s.port, httpPort: s.httpPort, dataDir: s.dataDir, password: s.password };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { binary, dir } = await buildServer();
  const servers: RunningServer[] = [];
  try {
    const plain = await startServer({ binary, workDir: dir, password: ADMIN_PASSWORD, name: 'plain' });
    servers.push(plain);
    const secure = await startServer({ binary, workDir: dir, password: ADMIN_PASSWORD, tls: true, name: 'tls' });
    servers.push(secure);
    project.provide('plain', info(plain));
    project.provide('secure', info(secure));
  } catch (err) {
    await Promise.all(servers.map((s) => s.stop()));
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await rm(dir, { recursive: true, force: true });
  };
}
