import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { DataFolderError, ensureDataFolder } from "../../src/db/data-folder.js";

const MAIN = fileURLToPath(new URL("../../src/main.ts", import.meta.url));
const TSX = import.meta.resolve("tsx");
/** `nobody`: root ignores file modes, so as root the bot is started as an ordinary user. */
const NOBODY = 65_534;

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "seedance-bot-data-"));
  // mkdtemp makes it 0700; the unprivileged child must be able to look inside.
  chmodSync(root, 0o755);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function thrown(action: () => void): DataFolderError {
  try {
    action();
  } catch (error) {
    if (error instanceof DataFolderError) return error;
    throw error;
  }
  throw new Error("expected a DataFolderError");
}

describe("ensureDataFolder", () => {
  it("creates a missing folder, nested, and the database opens in it", () => {
    const path = join(root, "a", "b", "bot.db");
    ensureDataFolder(path);
    const database = openDatabase(path);
    database.close();
    expect(existsSync(path)).toBe(true);
  });

  it("names the path, the user and the fix when part of the path is a file", () => {
    writeFileSync(join(root, "data"), "not a folder");
    const path = join(root, "data", "sub", "bot.db");
    const error = thrown(() => openDatabase(path));
    expect(error.code).toBe("ENOTDIR");
    expect(error.path).toBe(path);
    expect(error.message).toContain(`Cannot use the database at ${path}`);
    expect(error.message).toContain("is a file, not a folder");
    expect(error.message).toMatch(/the bot runs as \S+ \(uid \d+\)/);
    expect(error.message).toContain("set DATABASE_PATH");
    expect(existsSync(join(root, "data", "sub"))).toBe(false);
  });

  it("refuses a folder that is an existing file", () => {
    writeFileSync(join(root, "data"), "not a folder");
    const error = thrown(() => ensureDataFolder(join(root, "data", "bot.db")));
    expect(["EEXIST", "ENOTDIR"]).toContain(error.code);
    expect(error.message).toContain(join(root, "data"));
  });

  it("leaves an in-memory database alone", () => {
    expect(() => ensureDataFolder(":memory:")).not.toThrow();
  });
});

describe("the bot with a data folder it can't write", () => {
  it("logs one fatal line with the path, its user and the fix, and exits 1", () => {
    const folder = join(root, "data");
    mkdirSync(folder, { mode: 0o755 });
    const asRoot = process.getuid?.() === 0;
    if (!asRoot) chmodSync(folder, 0o555);
    const result = spawnSync(process.execPath, ["--import", TSX, MAIN], {
      cwd: root,
      encoding: "utf8",
      timeout: 15_000,
      ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
      env: {
        PATH: process.env.PATH ?? "",
        DISCORD_TOKEN: "token",
        DISCORD_CLIENT_ID: "123456789012345678",
        SEEDANCE_API_KEY: "key",
        // Unreachable on purpose: the check must come before any network.
        DISCORD_API_URL: "http://127.0.0.1:9/api",
        SEEDANCE_API_URL: "http://127.0.0.1:9/v1",
        DATABASE_PATH: join(folder, "bot.db"),
      },
    });
    const lines = result.stdout.trim().split("\n");
    expect(result.status, result.stderr).toBe(1);
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0] ?? "") as { level: number; msg: string; code: string };
    expect(line.level).toBe(60);
    expect(line.code).toBe("EACCES");
    expect(line.msg).toContain(`${folder} is not writable`);
    expect(line.msg).toMatch(asRoot ? /runs as nobody \(uid 65534\)/ : /runs as \S+ \(uid \d+\)/);
    expect(line.msg).toContain("chown");
    expect(result.stderr).not.toMatch(/SqliteError|\n\s+at /);
    expect(existsSync(join(folder, "bot.db"))).toBe(false);
  });
});
