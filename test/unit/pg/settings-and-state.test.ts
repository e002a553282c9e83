import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openPostgres } from "../../../src/db/pg/client.js";
import { asynchronous } from "../../../src/lib/async.js";
import { createPgSettingsStore } from "../../../src/services/settings/pg-settings-store.js";
import { DEFAULT_SETTINGS } from "../../../src/services/settings/rules.js";
import { createSettingsStore } from "../../../src/services/settings/settings-store.js";
import { pgBotState, sqliteBotState } from "../../../src/services/storage/bot-state.js";
import type { BotStatePort, SettingsPort } from "../../../src/services/storage/storage.js";
import { ManualClock } from "../../helpers/clock.js";
import { openTempDatabase } from "../../helpers/database.js";
import { openTempPostgres } from "../../helpers/pg-database.js";

const GUILD = "100000000000000001";
const ADMIN = "100000000000000003";
const AUDIT = "SELECT key, old_value, new_value, actor_id FROM settings_audit ORDER BY id";

interface Stores {
  readonly settings: SettingsPort;
  readonly botState: BotStatePort;
  /** The audit trail, oldest first. */
  audit(): Promise<unknown[]>;
  /** The database's URL, for a second process's connections (PostgreSQL only). */
  readonly url?: string;
  dispose(): Promise<void>;
}

const DATABASES = {
  async sqlite(clock) {
    const database = openTempDatabase();
    return {
      settings: asynchronous(createSettingsStore(database, clock)),
      botState: sqliteBotState(database.db),
      audit: async () => database.sqlite.prepare(AUDIT).all(),
      dispose: async () => database.dispose(),
    };
  },
  async postgresql(clock) {
    const database = await openTempPostgres();
    return {
      settings: createPgSettingsStore(database, clock),
      botState: pgBotState(database.db),
      audit: async () => (await database.pool.query(AUDIT)).rows,
      url: database.url,
      dispose: () => database.dispose(),
    };
  },
} satisfies Record<string, (clock: ManualClock) => Promise<Stores>>;

/** Drizzle wraps PostgreSQL's error; SQLite's message names the constraint itself. */
const refusalOf = (error: Error) => `${error.message} ${String(error.cause)}`;

/** The settings and bot-state ports, the same behaviour on both databases. */
describe.each(Object.keys(DATABASES) as (keyof typeof DATABASES)[])(
  "settings and bot state on %s",
  (kind) => {
    let clock: ManualClock;
    let stores: Stores;

    beforeEach(async () => {
      clock = new ManualClock();
      stores = await DATABASES[kind](clock);
    });
    afterEach(() => stores.dispose());

    it("gives a server without a row the built-in settings", async () => {
      expect(await stores.settings.get(GUILD)).toEqual(DEFAULT_SETTINGS);
      expect(await stores.settings.lastChange(GUILD)).toBeUndefined();
    });

    it("stores a change and audits each setting that changed, old → new", async () => {
      const { settings } = stores;
      await settings.change(GUILD, ADMIN, { duration: 12, channels: ["7"], max_cost: 50 });
      clock.advance(1_000);
      const after = await settings.change(GUILD, ADMIN, { duration: 12, language: "ko" });
      expect(after).toMatchObject({ channelIds: ["7"], maxCost: 50, language: "ko" });
      expect(after.defaults.duration).toBe(12);
      expect(await settings.get(GUILD)).toEqual(after);
      expect(await settings.get("100000000000000009")).toEqual(DEFAULT_SETTINGS);
      expect(await stores.audit()).toEqual([
        { key: "duration", old_value: "null", new_value: "12", actor_id: ADMIN },
        { key: "channels", old_value: "[]", new_value: '["7"]', actor_id: ADMIN },
        { key: "max_cost", old_value: "null", new_value: "50", actor_id: ADMIN },
        { key: "language", old_value: '"auto"', new_value: '"ko"', actor_id: ADMIN },
      ]);
      expect(await settings.lastChange(GUILD)).toMatchObject({
        key: "language",
        createdAt: clock.now(),
      });
    });

    it("changes nothing, audit included, when the database refuses a value", async () => {
      await stores.settings.change(GUILD, ADMIN, { max_cost: 50 });
      const refused = stores.settings.change(GUILD, ADMIN, { role: "9", duration: 5 as 4 });
      expect(await refused.then(() => "stored", refusalOf)).toMatch(
        /guild_settings_duration_known/,
      );
      expect(await stores.settings.get(GUILD)).toMatchObject({ roleId: null, maxCost: 50 });
      expect(await stores.audit()).toHaveLength(1);
    });

    it("keeps the bot's own facts, the last write winning", async () => {
      expect(await stores.botState.read("commands-hash")).toBeUndefined();
      await stores.botState.write("commands-hash", "abc");
      await stores.botState.write("commands-hash", "def");
      expect(await stores.botState.read("commands-hash")).toBe("def");
    });

    it.runIf(kind === "postgresql")(
      "audits every change from the value the last one left, across processes",
      async () => {
        const other = await openPostgres(stores.url ?? "");
        const settings = [stores.settings, createPgSettingsStore(other, clock)];
        try {
          await Promise.all(
            Array.from({ length: 12 }, (_, i) =>
              settings[i % 2]?.change(GUILD, ADMIN, { max_cost: 100 + i }),
            ),
          );
        } finally {
          await other.close();
        }
        const audit = (await stores.audit()) as { old_value: string; new_value: string }[];
        expect(audit).toHaveLength(12);
        audit.forEach((entry, i) => {
          expect(entry.old_value).toBe(i === 0 ? "null" : audit[i - 1]?.new_value);
        });
        expect(JSON.stringify((await stores.settings.get(GUILD)).maxCost)).toBe(
          audit.at(-1)?.new_value,
        );
      },
    );
  },
);
