import type { BotDatabase } from "../../db/client.js";
import { desc, eq, sql } from "../../db/drizzle/core.js";
import { guildSettings, type SettingsAuditEntry, settingsAudit } from "../../db/schema.js";
import { immediateTransaction } from "../../db/transaction.js";
import type { Clock } from "../../lib/clock.js";
import type { SettingsChange } from "./changes.js";
import type { GuildSettings } from "./rules.js";
import { planChange, toSettings } from "./settings-columns.js";

export type SettingsStore = ReturnType<typeof createSettingsStore>;

/**
 * Every read and write of server settings. A change is one transaction: the new row and one
 * audit entry (old → new, as JSON) per setting whose value actually changed.
 */
export function createSettingsStore(database: BotDatabase, clock: Clock) {
  const { db } = database;
  const readRow = db
    .select()
    .from(guildSettings)
    .where(eq(guildSettings.guildId, sql.placeholder("guildId")))
    .prepare();

  function get(guildId: string): GuildSettings {
    return toSettings(readRow.get({ guildId }));
  }

  return {
    get,

    /** Applies the change and returns the server's settings after it. */
    change(guildId: string, actorId: string, change: SettingsChange): GuildSettings {
      return immediateTransaction(database, () => {
        const { after, audits } = planChange(get(guildId), change);
        const now = clock.now();
        for (const audit of audits) {
          db.insert(settingsAudit)
            .values({ guildId, actorId, ...audit, createdAt: now })
            .run();
        }
        db.insert(guildSettings)
          .values({ guildId, ...after, updatedAt: now })
          .onConflictDoUpdate({ target: guildSettings.guildId, set: { ...after, updatedAt: now } })
          .run();
        return toSettings(after);
      });
    },

    lastChange(guildId: string): SettingsAuditEntry | undefined {
      return db
        .select()
        .from(settingsAudit)
        .where(eq(settingsAudit.guildId, guildId))
        .orderBy(desc(settingsAudit.id))
        .limit(1)
        .get();
    },
  };
}
