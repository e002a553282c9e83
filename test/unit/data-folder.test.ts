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
/**
 * Root ignores file modes, so as root the bot runs without the capabilities that let it (the
 * tree stays readable, wherever it is, unlike for another uid; docker/verify.sh covers uid 1000).
 */
const WITHOUT_OVERRIDE = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"];

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "seedance-bot-data-"));
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
    mkdirSync(folder);
    chmodSync(folder, 0o555);
    const bot = [process.execPath, "--import", TSX, MAIN];
    const [command = "", ...args] = process.getuid?.() === 0 ? [...WITHOUT_OVERRIDE, ...bot] : bot;
    const result = spawnSync(command, args, {
      cwd: root,
      encoding: "utf8",
      timeout: 15_000,
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
    expect(result.error).toBeUndefined();
    expect(result.status, result.stderr).toBe(1);
    const lines = result.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0] ?? "") as { level: number; msg: string; code: string };
    expect(line.level).toBe(60);
    expect(line.code).toBe("EACCES");
    expect(line.msg).toContain(`${folder} is not writable`);
    expect(line.msg).toMatch(/the bot runs as \S+ \(uid \d+\)/);
    expect(line.msg).toContain("chown");
    expect(result.stderr).not.toMatch(/SqliteError|\n\s+at /);
    expect(existsSync(join(folder, "bot.db"))).toBe(false);
  });
});
