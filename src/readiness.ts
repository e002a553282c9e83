import type { Readiness } from "./discord/interaction-router.js";
import type { Logger } from "./logger.js";
import type { Storage } from "./services/storage/storage.js";

/** How often the bot checks that its database can still be trusted (storage's `problem()`). */
const FILE_CHECK_INTERVAL_MS = 5_000;

/**
 * Whether the bot takes interactions now: only between start-up recovery and shutdown, and
 * only while storage reports no problem (its file is the one it opened, its reservation thread
 * runs). A problem is reported once, as fatal, so the process can exit rather than write a
 * ledger that vanishes on restart.
 */
export function createReadiness(
  database: Pick<Storage, "problem">,
  logger: Logger,
  onFatal: ((error: Error) => void) | undefined,
) {
  let accepting = false;
  let lost = false;
  // One look per event-loop turn: a burst's commands arrive in the same few turns, and a stat
  // for each was a visible share of answering them (issue 16). A file replaced during a turn is
  // seen by the next, as it would be by the next command.
  let thisTurn: boolean | null = null;

  function databaseFileOk(): boolean {
    if (thisTurn === null) {
      thisTurn = checkDatabase();
      setImmediate(() => {
        thisTurn = null;
      });
    }
    return thisTurn;
  }

  function checkDatabase(): boolean {
    const problem = database.problem();
    if (problem === null) return true;
    if (!lost) {
      lost = true;
      logger.fatal({ problem }, "The database can't be trusted any more; refusing commands");
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
