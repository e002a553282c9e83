import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { databaseMigratedUpTo } from "../helpers/migrations.js";

const GUILD = "100000000000000001";

describe("the job_locales migration", () => {
  let folder: string;
  let path: string;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), "seedance-bot-locales-"));
    path = join(folder, "bot.db");
    const old = databaseMigratedUpTo(path, "0007_message_channel_and_notices", folder);
    old.prepare("INSERT INTO guilds (id, balance, created_at) VALUES (?, 72, 1)").run(GUILD);
    old
      .prepare(
        `INSERT INTO jobs (id, guild_id, channel_id, user_id, kind, prompt, aspect_ratio, resolution,
         duration, audio, fixed_lens, price, state, application_id, interaction_token,
         token_expires_at, upload_limit_bytes, created_at, updated_at)
         VALUES ('job-1', ?, '2', '3', 'text', 'a fox', '16:9', '720p', 8, 0, 0, 28, 'submitted',
         '9', 'tok', 0, 1024, 1, 1)`,
      )
      .run(GUILD);
    old.close();
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it("keeps the jobs, which speak English as they did before", () => {
    const database = openDatabase(path);
    try {
      const job = database.sqlite.prepare("SELECT * FROM jobs WHERE id = 'job-1'").get();
      expect(job).toMatchObject({
        prompt: "a fox",
        state: "submitted",
        price: 28,
        member_locale: "en-US",
        public_locale: "en-US",
      });
      expect(database.sqlite.prepare("SELECT balance FROM guilds").get()).toEqual({ balance: 72 });
    } finally {
      database.close();
    }
  });
});
