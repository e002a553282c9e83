import type { Logger } from "pino";

export interface Stoppable {
  readonly logger: Logger;
  stop(): Promise<void>;
}

export interface CrashExitOptions {
  /** The longest a crashed app gets to stop before the process exits anyway. */
  readonly stopTimeoutMs: number;
  readonly exit?: (code: number) => void;
}

/**
 * Gives the app a bounded chance to stop cleanly (close the database, the gateway), then exits
 * non-zero so the process manager restarts a fresh bot. Unfinished jobs resume on the next start.
 * Returns the handler: call it with the reason; only the first call counts.
 */
export function createFatalExit(app: Stoppable, options: CrashExitOptions) {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let exiting = false;
  return function exitFatally(): void {
    if (exiting) return;
    exiting = true;
    process.exitCode = 1;
    const deadline = setTimeout(() => {
      app.logger.error({ timeoutMs: options.stopTimeoutMs }, "Stop timed out; exiting anyway");
      exit(1);
    }, options.stopTimeoutMs);
    app
      .stop()
      .catch((stopError: unknown) => app.logger.error({ err: stopError }, "Stop failed"))
      .finally(() => {
        clearTimeout(deadline);
        exit(1);
      });
  };
}

/** An exception nobody caught leaves the process in an unknown state: log it, stop and exit. */
export function exitOnUncaughtException(app: Stoppable, options: CrashExitOptions): void {
  const exitFatally = createFatalExit(app, options);
  process.on("uncaughtException", (error, origin) => {
    app.logger.fatal({ err: error, origin }, "Uncaught exception; stopping and exiting");
    exitFatally();
  });
}
