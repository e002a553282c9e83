import type { GuildSettingsRow } from "../../db/schema.js";
import type { SettingKey, SettingsChange } from "./changes.js";
import { DEFAULT_SETTINGS, type GuildSettings } from "./rules.js";

/** A `guild_settings` row's settings: the same columns on SQLite and PostgreSQL. */
export type SettingsColumns = Omit<GuildSettingsRow, "guildId" | "updatedAt">;

/** One audit entry: a setting that changed, old → new as JSON. */
export interface SettingAudit {
  readonly key: SettingKey;
  readonly oldValue: string;
  readonly newValue: string;
}

/** Which column holds each setting. */
const COLUMN: Readonly<Record<SettingKey, keyof SettingsColumns>> = {
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

/** A server's settings from its row; a server without one has the built-in settings. */
export function toSettings(row: SettingsColumns | undefined): GuildSettings {
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

function toColumns(settings: GuildSettings): SettingsColumns {
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

/**
 * What a change does to a server's settings: the row to write, and one audit entry per setting
 * whose value actually changed. Both stores write exactly this, in one transaction.
 */
export function planChange(before: GuildSettings, change: SettingsChange) {
  const old = toColumns(before);
  const after: SettingsColumns = { ...old };
  const audits: SettingAudit[] = [];
  for (const [key, value] of Object.entries(change) as [SettingKey, unknown][]) {
    const column = COLUMN[key];
    const oldValue = JSON.stringify(old[column]);
    const newValue = JSON.stringify(value);
    if (oldValue === newValue) continue;
    Object.assign(after, { [column]: value });
    audits.push({ key, oldValue, newValue });
  }
  return { after, audits };
}
