import { accessSync, constants, existsSync, mkdirSync } from "node:fs";
import { userInfo } from "node:os";
import { dirname, resolve } from "node:path";

/**
 * The database's folder (or file) can't be created or written by the user the bot runs as.
 * `message` is the whole story in one line — which path, which user, how to fix it — because the
 * usual reader is someone whose Docker bind mount belongs to root, not a developer with a stack.
 */
export class DataFolderError extends Error {
  override readonly name = "DataFolderError";

  constructor(
    readonly path: string,
    readonly user: string,
    readonly code: string,
    problem: string,
    fix: string,
  ) {
    super(`Cannot use the database at ${path}: ${problem} (the bot runs as ${user}). ${fix}`);
  }
}

/** "node (uid 1000)"; a uid with no passwd entry (`docker run --user 1234`) has no name. */
function currentUser(): string {
  const uid = process.getuid?.();
  try {
    return `${userInfo().username} (uid ${uid})`;
  } catch {
    return `uid ${uid}`;
  }
}

function errorCode(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== "string") throw error;
  return code;
}

/** What went wrong and what to do about it, by the system's error code. */
function explain(code: string, target: string, user: string): { problem: string; fix: string } {
  const uid = process.getuid?.() ?? "<uid>";
  if (code === "EACCES" || code === "EPERM") {
    return {
      problem: `${target} is not writable`,
      fix: `Give ${user} write access to ${target} (for a bind-mounted host folder: sudo chown -R ${uid} <host folder>), or set DATABASE_PATH to a folder it can write.`,
    };
  }
  if (code === "EROFS") {
    return {
      problem: `${target} is on a read-only file system`,
      fix: "Mount it read-write, or set DATABASE_PATH to a writable folder.",
    };
  }
  if (code === "ENOTDIR" || code === "EEXIST") {
    return {
      problem: `part of ${target} is a file, not a folder`,
      fix: "Move that file away, or set DATABASE_PATH to another folder.",
    };
  }
  return { problem: `${target} can't be used (${code})`, fix: "Check DATABASE_PATH." };
}

function check(path: string, target: string, action: () => void): void {
  try {
    action();
  } catch (error) {
    const code = errorCode(error);
    const user = currentUser();
    const { problem, fix } = explain(code, target, user);
    throw new DataFolderError(path, user, code, problem, fix);
  }
}

/**
 * Creates the database's folder when missing and checks that the bot can write it (SQLite keeps
 * its -wal and -shm files beside the database) and the file itself, if there is one already.
 * Throws DataFolderError instead of letting SQLite fail later with a bare "unable to open".
 */
export function ensureDataFolder(databasePath: string): void {
  if (databasePath === ":memory:") return;
  const path = resolve(databasePath);
  const folder = dirname(path);
  check(path, folder, () => mkdirSync(folder, { recursive: true }));
  check(path, folder, () => accessSync(folder, constants.W_OK | constants.X_OK));
  if (existsSync(path)) check(path, path, () => accessSync(path, constants.R_OK | constants.W_OK));
}
