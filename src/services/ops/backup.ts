import { randomUUID } from "node:crypto";
import { constants } from "node:fs";
import { access, copyFile, link, mkdir, open, rm, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";

export interface BackupResult {
  readonly bytes: number;
  readonly method: "vacuum-into";
}

export class BackupTargetExistsError extends Error {
  constructor(readonly targetPath: string) {
    super(`${targetPath} already exists; choose a new file name (backups never overwrite)`);
    this.name = "BackupTargetExistsError";
  }
}

/** The shell command that dumps the PostgreSQL database; `$DATABASE_URL` stays the shell's. */
export function pgDumpCommand(target = "bot.dump"): string {
  return `pg_dump --format=custom --file=${target} --dbname="$DATABASE_URL"`;
}

/**
 * This script copies a SQLite file; PostgreSQL has its own consistent online dump, taken while
 * every bot process keeps running.
 */
export const PG_DUMP_ADVICE =
  "DATABASE_URL is set: the bot's data is in PostgreSQL, which npm run backup does not copy. " +
  "Back it up with pg_dump (the command below); restore with " +
  'pg_restore --clean --if-exists --dbname="$DATABASE_URL" <file>';

/**
 * Makes an online, consistent copy of the bot's database while the bot may be writing to it.
 *
 * `VACUUM INTO` copies inside one read transaction: in WAL mode that is a snapshot writers don't
 * wait for. better-sqlite3's `db.backup()` copies 100 pages per event-loop turn and restarts
 * whenever another connection writes, so under steady writes it may never finish (measured:
 * 100 MB with a write every 10 ms, still restarting after 60 s; VACUUM INTO took 0.2 s).
 *
 * The copy is written beside the target, checked, flushed to disk (VACUUM INTO doesn't fsync),
 * then hard-linked into place: link() fails if the target exists, so nothing is ever overwritten
 * and a half-written backup never carries the target's name.
 */
export async function backupDatabase(
  sourcePath: string,
  targetPath: string,
): Promise<BackupResult> {
  const target = resolve(targetPath);
  if (await exists(target)) throw new BackupTargetExistsError(target);
  // Checked here too for a clearer message than SQLite's "unable to open database file".
  if (!(await exists(sourcePath)))
    throw new Error(`No database at ${sourcePath}; check DATABASE_PATH`);
  await mkdir(dirname(target), { recursive: true });
  const partial = `${target}.partial-${randomUUID()}`;
  try {
    vacuumInto(sourcePath, partial);
    verifyIntegrity(partial);
    await flushToDisk(partial);
    await publish(partial, target);
  } finally {
    await rm(partial, { force: true });
  }
  return { bytes: (await stat(target)).size, method: "vacuum-into" };
}

function vacuumInto(sourcePath: string, targetPath: string): void {
  // fileMustExist: a mistyped DATABASE_PATH must fail, not back up a freshly created empty file.
  const source = new Database(sourcePath, { fileMustExist: true });
  try {
    source.pragma("busy_timeout = 5000");
    source.prepare("VACUUM INTO ?").run(targetPath);
  } finally {
    source.close();
  }
}

function verifyIntegrity(path: string): void {
  const copy = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const result = copy.pragma("integrity_check", { simple: true });
    if (result !== "ok")
      throw new Error(`The backup failed its integrity check: ${String(result)}`);
  } finally {
    copy.close();
  }
}

async function flushToDisk(path: string): Promise<void> {
  const file = await open(path, "r");
  try {
    await file.sync();
  } finally {
    await file.close();
  }
}

/** Filesystems without hard links (some network and FUSE mounts) answer with one of these. */
const NO_HARD_LINKS = new Set(["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS"]);

async function publish(partial: string, target: string): Promise<void> {
  try {
    await link(partial, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    if (code === "EEXIST") throw new BackupTargetExistsError(target);
    if (!NO_HARD_LINKS.has(code)) throw error;
    // Still never overwrites (COPYFILE_EXCL), but a crash mid-copy can leave a partial target.
    await copyFile(partial, target, constants.COPYFILE_EXCL).catch((copyError: unknown) => {
      const exists = (copyError as NodeJS.ErrnoException).code === "EEXIST";
      throw exists ? new BackupTargetExistsError(target) : copyError;
    });
    await flushToDisk(target);
  }
  // The new directory entry must survive a power cut too (Windows can't open a directory to sync).
  if (process.platform !== "win32") await flushToDisk(dirname(target));
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}
