import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { systemClock } from "../../src/lib/clock.js";
import { createLedger } from "../../src/services/credits/ledger.js";
import { BackupTargetExistsError, backupDatabase } from "../../src/services/ops/backup.js";
import { openTempDatabase, type TempDatabase } from "../helpers/database.js";
import { ADMIN_ID, GUILD_ID } from "../helpers/jobs.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SCRIPT = fileURLToPath(new URL("../../src/scripts/backup.ts", import.meta.url));
const TSX = import.meta.resolve("tsx");

/**
 * Another process committing one row at a time, numbered w:0, w:1, … as fast as it can, like a
 * busy bot. A separate process because VACUUM INTO blocks this one's event loop while it runs.
 */
const WRITER = `
import Database from "better-sqlite3";
const db = new Database(process.argv[1]);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = FULL");
db.pragma("busy_timeout = 5000");
const insert = db.prepare("INSERT INTO bot_state (key, value) VALUES (?, 'w')");
let n = 0;
const write = () => { insert.run("w:" + n++); if (n === 1) process.send("writing"); setImmediate(write); };
write();
`;

function startWriter(path: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--input-type=module", "-e", WRITER, path], {
    cwd: ROOT,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    child.once("message", () => resolve(child));
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`writer exited early with ${code}`)));
  });
}

function writerRows(database: { sqlite: TempDatabase["sqlite"] }): number[] {
  return database.sqlite
    .prepare("SELECT CAST(substr(key, 3) AS INTEGER) AS n FROM bot_state WHERE key LIKE 'w:%'")
    .pluck()
    .all() as number[];
}

describe("backupDatabase", () => {
  let database: TempDatabase;
  let target: string;
  let writer: ChildProcess | null = null;

  beforeEach(() => {
    database = openTempDatabase();
    target = join(dirname(database.path), "backups", "copy.db");
  });
  afterEach(() => {
    writer?.kill();
    writer = null;
    database.dispose();
  });

  it("makes a consistent copy while another process keeps writing", async () => {
    const ledger = createLedger(database, systemClock);
    ledger.topUp({ guildId: GUILD_ID, amount: 1_234, actorId: ADMIN_ID });
    // A few megabytes, so the copy takes long enough for the writer to commit during it.
    const seed = database.sqlite.prepare("INSERT INTO bot_state (key, value) VALUES (?, ?)");
    database.sqlite.transaction(() => {
      for (let i = 0; i < 5_000; i++) seed.run(`seed:${i}`, "x".repeat(1_000));
    })();
    writer = await startWriter(database.path);

    const committedBefore = writerRows(database).length;
    const result = await backupDatabase(database.path, target);
    const committedAfter = writerRows(database).length;
    writer.kill();

    expect(result.method).toBe("vacuum-into");
    expect(committedAfter).toBeGreaterThan(committedBefore);
    const copy = openDatabase(target);
    try {
      expect(copy.sqlite.pragma("integrity_check", { simple: true })).toBe("ok");
      expect(result.bytes).toBe(readFileSync(target).length);
      expect(createLedger(copy, systemClock).balance(GUILD_ID)).toBe(1_234);
      const seeded = copy.sqlite.prepare("SELECT count(*) FROM bot_state WHERE key LIKE 'seed:%'");
      expect(seeded.pluck().get()).toBe(5_000);
      // A snapshot holds every write committed before it and none after a gap: w:0 … w:k-1.
      const rows = writerRows(copy).sort((a, b) => a - b);
      expect(rows.length).toBeGreaterThanOrEqual(committedBefore);
      expect(rows).toEqual(rows.map((_, index) => index));
    } finally {
      copy.close();
    }
    expect(readdirSync(dirname(target))).toEqual(["copy.db"]);
  }, 30_000);

  it("refuses to overwrite an existing file, and leaves it as it was", async () => {
    await backupDatabase(database.path, target);
    writeFileSync(target, "precious");
    await expect(backupDatabase(database.path, target)).rejects.toBeInstanceOf(
      BackupTargetExistsError,
    );
    expect(readFileSync(target, "utf8")).toBe("precious");
    expect(readdirSync(dirname(target))).toEqual(["copy.db"]);
  });

  it("fails on a missing source instead of backing up a new empty database", async () => {
    const missing = join(dirname(database.path), "missing.db");
    await expect(backupDatabase(missing, target)).rejects.toThrow(/No database at/);
    expect(existsSync(missing)).toBe(false);
    expect(existsSync(target)).toBe(false);
  });
});

describe("npm run backup", () => {
  /** The script as `npm run backup` runs it, in a folder without a .env, with only `env`. */
  function runBackup(env: Record<string, string>, args: string[]) {
    const result = spawnSync(process.execPath, ["--import", TSX, SCRIPT, ...args], {
      cwd: dirname(database.path),
      encoding: "utf8",
      timeout: 15_000,
      env: { PATH: process.env.PATH ?? "", ...env },
    });
    const lines = result.stdout.trim().split("\n").filter(Boolean);
    return { status: result.status, output: result.stdout + result.stderr, lines };
  }
  let database: TempDatabase;
  beforeEach(() => {
    database = openTempDatabase();
  });
  afterEach(() => database.dispose());

  it("copies the SQLite database at DATABASE_PATH", () => {
    const target = join(dirname(database.path), "copy.db");
    const { status, lines } = runBackup({ DATABASE_PATH: database.path }, [target]);
    expect(status).toBe(0);
    expect(JSON.parse(lines[0] ?? "")).toMatchObject({
      msg: "Backup written and verified",
      target,
    });
    expect(existsSync(target)).toBe(true);
  });

  it("with DATABASE_URL, says to use pg_dump, shows the command, and exits 1", () => {
    const password = "pg-secret-password";
    const env = {
      DATABASE_PATH: database.path,
      DATABASE_URL: `postgres://bot:${password}@127.0.0.1:1/bot`,
    };
    const { status, output, lines } = runBackup(env, ["bot-2026-12-01.dump"]);
    expect(status).toBe(1);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? "")).toMatchObject({
      level: 50,
      msg: expect.stringContaining("DATABASE_URL is set: the bot's data is in PostgreSQL"),
      command: 'pg_dump --format=custom --file=bot-2026-12-01.dump --dbname="$DATABASE_URL"',
    });
    expect(output).not.toContain(password);
    expect(existsSync(join(dirname(database.path), "bot-2026-12-01.dump"))).toBe(false);
    expect(runBackup(env, []).lines[0]).toContain("--file=bot.dump");
  });
});
