import type { Readiness } from "./discord/interaction-router.js";
import type { Logger } from "./logger.js";
import type { Storage } from "./services/storage/storage.js";

/** How often the bot checks that its database file is still the one it opened. */
const FILE_CHECK_INTERVAL_MS = 5_000;

/**
 * Whether the bot takes interactions now: only between start-up recovery and shutdown, and
 * only while its database file is the one it opened. Losing the file is reported once, as
 * fatal, so the process can exit rather than write a ledger that vanishes on restart.
 */
export function createReadiness(
  database: Pick<Storage, "fileProblem">,
  logger: Logger,
  onFatal: ((error: Error) => void) | undefined,
) {
  let accepting = false;
  let lost = false;

  function databaseFileOk(): boolean {
    const problem = database.fileProblem();
    if (problem === null) return true;
    if (!lost) {
      lost = true;
      logger.fatal(
        { problem },
        "The database file changed under the running bot; refusing commands",
      );
      onFatal?.(new Error(problem));
    }
    return false;
  }

  const watch = setInterval(databaseFileOk, FILE_CHECK_INTERVAL_MS);
  watch.unref();

  return {
    databaseFileOk,
    state(): Readiness {
      if (!databaseFileOk()) return "database-lost";
      return accepting ? "ready" : "restarting";
    },
    open(): void {
      accepting = true;
    },
    close(): void {
      accepting = false;
      clearInterval(watch);
    },
  };
}
