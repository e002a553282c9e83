import { z } from "zod";
import { GUILD_LANGUAGES } from "../../db/schema.js";
import { MAX_TOP_UP } from "../../domain/credits.js";
import { choicesOf, videoOptionFields } from "../../domain/video-option-fields.js";
import { invalidOption, refuse } from "../../i18n/refusal.js";
import type { GuildSettings, ServerDefaults } from "./rules.js";

/** One audited setting each; `/settings show` and the audit trail use these names. */
const SETTING_KEYS = [
  "resolution",
  "duration",
  "aspect_ratio",
  "audio",
  "fixed_lens",
  "channels",
  "role",
  "confirm_above",
  "max_cost",
  "language",
] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

/** A change as the store applies it: only the keys present change. */
export type SettingsChange = Partial<{
  resolution: ServerDefaults["resolution"];
  duration: ServerDefaults["duration"];
  aspect_ratio: ServerDefaults["aspectRatio"];
  audio: ServerDefaults["audio"];
  fixed_lens: ServerDefaults["fixedLens"];
  channels: readonly string[];
  role: string | null;
  confirm_above: number | null;
  max_cost: number | null;
  language: GuildSettings["language"];
}>;

/** A server may name at most this many channels; more would not fit in one refusal. */
export const MAX_CHANNELS = 25;

const defaultsSchema = z.object({ ...videoOptionFields, reset: z.boolean().optional() });

/** Parses a change; the refusal names the option's choices (the reader's language). */
function parse<T>(schema: z.ZodType<T>, raw: unknown, choicesFor = choicesOf): T {
  const result = schema.safeParse(raw);
  if (!result.success) {
    const option = String(result.error.issues[0]?.path[0] ?? "");
    throw invalidOption(option, choicesFor(option));
  }
  return result.data;
}

/** `/settings defaults`: `reset` clears every default first, then the given ones apply. */
export function defaultsChange(raw: Record<string, unknown>): SettingsChange {
  const { reset, ...given } = parse(defaultsSchema, raw);
  const cleared: SettingsChange = reset
    ? { resolution: null, duration: null, aspect_ratio: null, audio: null, fixed_lens: null }
    : {};
  const change = { ...cleared, ...given };
  if (Object.keys(change).length === 0) {
    throw refuse("settings.refusals.defaultsMissing");
  }
  return change;
}

/** How an amount can be wrong, each with its own refusal. */
function checkedAmount(raw: unknown): number {
  if (typeof raw !== "number" || !Number.isSafeInteger(raw)) throw refuse("refusals.amountWhole");
  if (raw < 0) throw refuse("settings.refusals.amountNegative");
  if (raw > MAX_TOP_UP) throw refuse("settings.refusals.amountTooLarge", { max: MAX_TOP_UP });
  return raw;
}

/** An amount setting: 0 turns it off (stored as null). */
export function amountChange(key: "confirm_above" | "max_cost", raw: unknown): SettingsChange {
  const amount = checkedAmount(raw);
  return { [key]: amount === 0 ? null : amount };
}

export function languageChange(raw: unknown): SettingsChange {
  const { language } = parse(
    z.object({ language: z.enum(GUILD_LANGUAGES) }),
    { language: raw },
    () => GUILD_LANGUAGES,
  );
  return { language };
}

export interface ChannelEdit {
  readonly add?: string | undefined;
  readonly remove?: string | undefined;
  readonly clear?: boolean | undefined;
}

/** The new channel list: cleared first when asked, then one added and one removed. */
export function channelsChange(current: readonly string[], edit: ChannelEdit): SettingsChange {
  if (!edit.add && !edit.remove && !edit.clear) {
    throw refuse("settings.refusals.channelsMissing");
  }
  let channels = edit.clear ? [] : [...current];
  if (edit.add && !channels.includes(edit.add)) channels.push(edit.add);
  if (edit.remove) channels = channels.filter((id) => id !== edit.remove);
  if (channels.length > MAX_CHANNELS) {
    throw refuse("settings.refusals.tooManyChannels", { max: MAX_CHANNELS });
  }
  return { channels };
}
