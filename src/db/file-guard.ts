import { statSync } from "node:fs";

/**
 * Notices the database file being deleted or replaced under the running bot (an operator's `rm`,
 * a restore over it, a volume unmounted). SQLite keeps writing to the open, unlinked file, so
 * every charge after that would vanish at the next restart.
 */
export function watchDatabaseFile(path: string): () => string | null {
  if (path === ":memory:") return () => null;
  const identity = (): string | null => {
    try {
      const { dev, ino } = statSync(path);
      return `${dev}:${ino}`;
    } catch {
      return null;
    }
  };
  const original = identity();
  return () => {
    const now = identity();
    if (now === null) return `the database file ${path} is gone`;
    if (now !== original) return `the database file ${path} was replaced by another file`;
    return null;
  };
}
