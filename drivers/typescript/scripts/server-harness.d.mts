/** Directory of the Go server module. */
export declare const SERVER_DIR: string;
/** Builds the server binary into a fresh temporary directory. */
export declare function buildServer(): Promise<{ binary: string; dir: string }>;
/** A currently free loopback TCP port. */
export declare function freePort(): Promise<number>;
/** A running server started by {@link startServer}. */
export interface RunningServer {
  host: string;
  port: number;
  httpPort: number;
  dataDir: string;
  password: string;
  tls: boolean;
  stop(): Promise<void>;
  log(): string;
}
/** Starts one server on fresh loopback ports with a fresh data directory. */
export declare function startServer(opts: { binary: string; workDir: string; password: string; tls?: boolean; name: string; config?: string }): Promise<RunningServer>;
