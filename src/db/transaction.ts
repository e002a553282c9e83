import type { DatabaseConnection } from "./client.js";

/**
 * Runs `work` inside one `BEGIN IMMEDIATE` transaction (a savepoint when already inside one).
 * IMMEDIATE takes the write lock up front, so two processes checking a balance can't both pass.
 * Async work is refused before it starts: better-sqlite3 would commit whatever runs after an
 * `await` outside the transaction.
 */
export function immediateTransaction<T>(database: DatabaseConnection, work: () => T): T {
  if (work.constructor.name === "AsyncFunction") {
    throw new TypeError("A database transaction cannot run async work");
  }
  return database.sqlite
    .transaction(() => {
      const result = work();
      if (isPromiseLike(result)) {
        throw new TypeError("A database transaction cannot run async work");
      }
      return result;
    })
    .immediate();
}

function isPromiseLike(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}
