import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const KEEP_LINES = 40;
const STOP_GRACE_MS = 10_000;

/** How to start the bot: Node's arguments (flags, then the entry script) and a name for them. */
export interface BotLaunch {
  readonly label: string;
  readonly args: readonly string[];
}

/** The bot as the end-to-end suite runs it: TypeScript through tsx's loader. */
export const TSX_LAUNCH: BotLaunch = {
  label: "node --import tsx src/main.ts",
  args: [
    "--import",
    import.meta.resolve("tsx"),
    fileURLToPath(new URL("../src/main.ts", import.meta.url)),
  ],
};

/** The reference bot of the acknowledgement bench, through tsx like TSX_LAUNCH. */
export const REFERENCE_TSX_LAUNCH: BotLaunch = {
  label: "node --import tsx bench/reference-bot.ts",
  args: [
    "--import",
    import.meta.resolve("tsx"),
    fileURLToPath(new URL("./reference-bot.ts", import.meta.url)),
  ],
};

/** The same launch with extra Node flags first, e.g. `--cpu-prof` to profile the bot. */
export function withNodeArgs(launch: BotLaunch, nodeArgs: readonly string[]): BotLaunch {
  if (nodeArgs.length === 0) return launch;
  return { label: `${launch.label} ${nodeArgs.join(" ")}`, args: [...nodeArgs, ...launch.args] };
}

export interface BenchBotOptions {
  readonly env: Record<string, string>;
  readonly cwd: string;
  readonly launch: BotLaunch;
}

/**
 * The real bot as a child process, like the end-to-end harness's, but built for measuring: it
 * exposes the pid for /proc sampling and keeps only the last few log lines, so the benchmark
 * process does no per-line JSON work while it measures.
 */
export class BenchBot {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private readonly recent: string[] = [];
  private readyLine: (() => void) | null = null;
  private readonly lineWaiters = new Set<(line: string) => boolean>();
  /** Log lines at level error (50) or fatal (60) since start. */
  errorLines = 0;

  constructor(private readonly options: BenchBotOptions) {}

  get pid(): number {
    const pid = this.child?.pid;
    if (pid === undefined) throw new Error("The bot is not running");
    return pid;
  }

  /** Starts the bot and resolves once it logs that it is ready. */
  async start(timeoutMs = 30_000): Promise<void> {
    const child = spawn(process.execPath, this.options.launch.args, {
      cwd: this.options.cwd,
      env: { PATH: process.env.PATH ?? "", ...this.options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    this.exited = once(child, "exit").then(() => undefined);
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream }).on("line", (line) => this.collect(line));
    }
    const ready = new Promise<void>((resolve) => {
      this.readyLine = resolve;
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`The bot did not become ready:\n${this.tail()}`)),
        timeoutMs,
      );
    });
    const died = this.exited.then(() => {
      throw new Error(`The bot exited during start-up:\n${this.tail()}`);
    });
    try {
      await Promise.race([ready, timeout, died]);
    } finally {
      clearTimeout(timer);
    }
  }

  private collect(line: string): void {
    this.recent.push(line);
    if (this.recent.length > KEEP_LINES) this.recent.shift();
    // Substring checks, not JSON.parse: this runs in the process that measures latency.
    if (line.includes('"level":50') || line.includes('"level":60')) this.errorLines += 1;
    if (this.readyLine && line.includes('"msg":"Ready')) {
      this.readyLine();
      this.readyLine = null;
    }
    for (const waiter of this.lineWaiters) if (waiter(line)) this.lineWaiters.delete(waiter);
  }

  /** The first output line (among the recent ones, or still to come) that matches. */
  waitForLine(pattern: RegExp, timeoutMs = 10_000): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const seen = this.recent.map((line) => pattern.exec(line)).find((match) => match !== null);
      if (seen) return resolve(seen);
      const timer = setTimeout(() => {
        this.lineWaiters.delete(waiter);
        reject(new Error(`No output line matched ${pattern}:\n${this.tail()}`));
      }, timeoutMs);
      const waiter = (line: string) => {
        const match = pattern.exec(line);
        if (!match) return false;
        clearTimeout(timer);
        resolve(match);
        return true;
      };
      this.lineWaiters.add(waiter);
    });
  }

  /** The last log lines, for an error message. */
  tail(): string {
    return this.recent.join("\n");
  }

  /** Graceful stop (SIGTERM, which also lets `--cpu-prof` write its profile). */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
    await this.exited;
    clearTimeout(timer);
  }
}
