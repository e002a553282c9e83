import { desc, eq, sql } from "drizzle-orm";
import type { BotDatabase } from "../../db/client.js";
import {
  type GuildSettingsRow,
  guildSettings,
  type SettingsAuditEntry,
  settingsAudit,
} from "../../db/schema.js";
import { immediateTransaction } from "../../db/transaction.js";
import type { Clock } from "../../lib/clock.js";
import type { SettingKey, SettingsChange } from "./changes.js";
import { DEFAULT_SETTINGS, type GuildSettings } from "./rules.js";

type Columns = Omit<GuildSettingsRow, "guildId" | "updatedAt">;

/** Which column holds each setting. */
const COLUMN: Readonly<Record<SettingKey, keyof Columns>> = {
  resolution: "defaultResolution",
  duration: "defaultDuration",
  aspect_ratio: "defaultAspectRatio",
  audio: "defaultAudio",
  fixed_lens: "defaultFixedLens",
  channels: "allowedChannelIds",
  role: "requiredRoleId",
  confirm_above: "confirmAbove",
  max_cost: "maxCost",
  language: "language",
};

function toSettings(row: Columns | undefined): GuildSettings {
  if (!row) return DEFAULT_SETTINGS;
  return {
    defaults: {
      resolution: row.defaultResolution,
      duration: row.defaultDuration,
      aspectRatio: row.defaultAspectRatio,
      audio: row.defaultAudio,
      fixedLens: row.defaultFixedLens,
    },
    channelIds: row.allowedChannelIds,
    roleId: row.requiredRoleId,
    confirmAbove: row.confirmAbove,
    maxCost: row.maxCost,
    language: row.language,
  };
}

function toColumns(settings: GuildSettings): Columns {
  const { defaults } = settings;
  return {
    defaultResolution: defaults.resolution,
    defaultDuration: defaults.duration,
    defaultAspectRatio: defaults.aspectRatio,
    defaultAudio: defaults.audio,
    defaultFixedLens: defaults.fixedLens,
    allowedChannelIds: [...settings.channelIds],
    requiredRoleId: settings.roleId,
    confirmAbove: settings.confirmAbove,
    maxCost: settings.maxCost,
    language: settings.language,
  };
}

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
        const before = toColumns(get(guildId));
        const after: Columns = { ...before };
        const now = clock.now();
        for (const [key, value] of Object.entries(change) as [SettingKey, unknown][]) {
          const column = COLUMN[key];
          const oldValue = JSON.stringify(before[column]);
          const newValue = JSON.stringify(value);
          if (oldValue === newValue) continue;
          Object.assign(after, { [column]: value });
          db.insert(settingsAudit)
            .values({ guildId, actorId, key, oldValue, newValue, createdAt: now })
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
