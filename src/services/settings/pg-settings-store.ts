import { desc, eq } from "../../db/drizzle/core.js";
import type { PgBotDatabase } from "../../db/pg/client.js";
import { guildSettings, settingsAudit } from "../../db/pg/schema.js";
import type { SettingsAuditEntry } from "../../db/schema.js";
import type { Clock } from "../../lib/clock.js";
import type { SettingsChange } from "./changes.js";
import type { GuildSettings } from "./rules.js";
import { planChange, toSettings } from "./settings-columns.js";

export type PgSettingsStore = ReturnType<typeof createPgSettingsStore>;

/**
 * The settings store (settings-store.ts) on PostgreSQL: the same rows, the same audit. A change
 * locks the server's row first, so two processes changing one server's settings at once each
 * audit from the value the other left, never from the same old value.
 */
export function createPgSettingsStore(database: PgBotDatabase, clock: Clock) {
  const { db } = database;

  return {
    async get(guildId: string): Promise<GuildSettings> {
      const [row] = await db.select().from(guildSettings).where(eq(guildSettings.guildId, guildId));
      return toSettings(row);
    },

    /** Applies the change and returns the server's settings after it. */
    change(guildId: string, actorId: string, change: SettingsChange): Promise<GuildSettings> {
      return db.transaction(async (tx) => {
        const now = clock.now();
        // A first change has no row to lock: a defaults row stands in (the change writes it).
        await tx.insert(guildSettings).values({ guildId, updatedAt: now }).onConflictDoNothing();
        const [row] = await tx
          .select()
          .from(guildSettings)
          .where(eq(guildSettings.guildId, guildId))
          .for("update");
        const { after, audits } = planChange(toSettings(row), change);
        if (audits.length > 0) {
          await tx
            .insert(settingsAudit)
            .values(audits.map((audit) => ({ guildId, actorId, ...audit, createdAt: now })));
        }
        await tx
          .update(guildSettings)
          .set({ ...after, updatedAt: now })
          .where(eq(guildSettings.guildId, guildId));
        return toSettings(after);
      });
    },

    async lastChange(guildId: string): Promise<SettingsAuditEntry | undefined> {
      const [entry] = await db
        .select()
        .from(settingsAudit)
        .where(eq(settingsAudit.guildId, guildId))
        .orderBy(desc(settingsAudit.id))
        .limit(1);
      return entry;
    },
  };
}
