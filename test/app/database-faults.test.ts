import { rmSync } from "node:fs";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type InProcessApp, MEMBER, startInProcessApp } from "../helpers/in-process-app.js";

const EPHEMERAL = 1 << 6;
let app: InProcessApp;

beforeEach(async () => {
  app = await startInProcessApp();
  await app.start();
  const guildId = app.discord.guilds[0]?.id ?? "";
  await app.app.storage.ledger.topUp({ guildId, amount: 1_000, actorId: "1" });
});
afterEach(() => app.close());

async function videoReply() {
  const { token } = await app.discord.dispatchCommand({
    user: MEMBER,
    name: "video",
    options: { prompt: "a fox" },
  });
  return app.discord.waitFor(() => app.discord.originalMessage(token));
}
const jobCount = () => app.sql((db) => db.prepare("SELECT count(*) FROM jobs").pluck().get());

describe("the database busy or gone", () => {
  it("refuses with 'busy, try again' in time when another process holds the write lock", async () => {
    const other = new Database(app.databasePath);
    other.exec("BEGIN IMMEDIATE");
    try {
      const reply = await videoReply();
      expect(reply.content).toMatch(/busy/);
      expect(reply.flags & EPHEMERAL).toBe(EPHEMERAL);
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
    expect(jobCount()).toBe(0);
    expect((await videoReply()).embeds[0]?.title).toMatch(/Generating/);
    app.checkLedger();
  });

  it("stops accepting commands and reports it fatal when the database file is deleted", async () => {
    for (const suffix of ["", "-wal", "-shm"])
      rmSync(`${app.databasePath}${suffix}`, { force: true });
    const reply = await videoReply();
    expect(reply.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(reply.content).toMatch(/database/);
    expect(app.fatal).toHaveLength(1);
    expect(app.logs.some((line) => line.includes("database file"))).toBe(true);
  });
});
