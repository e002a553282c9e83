import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const MAIN = fileURLToPath(new URL("../../src/main.ts", import.meta.url));
const TSX = import.meta.resolve("tsx");

export interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly [key: string]: unknown;
}

/**
 * The real bot (`src/main.ts`) as a child process, configured only through its environment,
 * with its JSON log lines collected so tests can wait for them and search them.
 */
export class BotProcess {
  readonly logs: LogLine[] = [];
  readonly rawOutput: string[] = [];
  private child: ChildProcess | null = null;
  private exited: Promise<number | null> = Promise.resolve(null);
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly env: Record<string, string>,
    private readonly cwd: string,
    /** Extra modules to load before the bot (`--import`), e.g. a fault to set off from a test. */
    private readonly preload: readonly string[] = [],
  ) {}

  /** Starts the bot and resolves once it logs that it is ready. */
  async start(timeoutMs = 20_000): Promise<void> {
    const imports = [TSX, ...this.preload].flatMap((module) => ["--import", module]);
    const child = spawn(process.execPath, [...imports, MAIN], {
      cwd: this.cwd,
      env: { PATH: process.env.PATH ?? "", ...this.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    this.exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream }).on("line", (line) => this.collect(line));
    }
    await this.waitForLog((line) => line.msg.startsWith("Ready"), timeoutMs);
  }

  private collect(line: string): void {
    this.rawOutput.push(line);
    try {
      this.logs.push(JSON.parse(line) as LogLine);
    } catch {
      // Not every line is JSON (a crash prints a plain stack); rawOutput keeps it anyway.
    }
    for (const listener of this.listeners) listener();
  }

  waitForLog(match: (line: LogLine) => boolean, timeoutMs = 10_000): Promise<LogLine> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.logs.find(match);
        if (!found) return;
        cleanup();
        resolve(found);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(
            `Timed out waiting for a log line. Output:\n${this.rawOutput.slice(-30).join("\n")}`,
          ),
        );
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }

  /** Graceful stop (SIGTERM); resolves with the exit code. */
  async stop(): Promise<number | null> {
    this.child?.kill("SIGTERM");
    return this.exited;
  }

  /** Sends a signal without waiting; see `exitCode` for what follows. */
  signal(name: NodeJS.Signals): void {
    this.child?.kill(name);
  }

  /** Resolves with the exit code once the process has ended on its own. */
  exitCode(): Promise<number | null> {
    return this.exited;
  }

  /** A crash: no shutdown code runs. */
  async kill(): Promise<void> {
    this.child?.kill("SIGKILL");
    await this.exited;
  }
}
