import { z } from "zod";
import { GUILD_LANGUAGES } from "../../db/schema.js";
import { MAX_TOP_UP } from "../../domain/credits.js";
import { UserError } from "../../domain/user-error.js";
import { videoOptionFields } from "../../domain/video-option-fields.js";
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

const defaultsSchema = z.object({
  ...videoOptionFields,
  reset: z.boolean({ error: "reset must be true or false." }).optional(),
});

function parse<T>(schema: z.ZodType<T>, raw: unknown): T {
  const result = schema.safeParse(raw);
  if (!result.success) {
    throw new UserError(result.error.issues[0]?.message ?? "Those values aren't valid.");
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
    throw new UserError("Choose at least one default to set, or `reset` to go back to 720p, 8 s.");
  }
  return change;
}

const amountSchema = z
  .number({ error: "The amount must be a whole number." })
  .int("The amount must be a whole number.")
  .min(0, "The amount can't be negative; 0 turns this off.")
  .max(MAX_TOP_UP, `The amount can be at most ${MAX_TOP_UP.toLocaleString("en-US")}.`);

/** An amount setting: 0 turns it off (stored as null). */
export function amountChange(key: "confirm_above" | "max_cost", raw: unknown): SettingsChange {
  const amount = parse(amountSchema, raw);
  return { [key]: amount === 0 ? null : amount };
}

export function languageChange(raw: unknown): SettingsChange {
  const language = parse(
    z.enum(GUILD_LANGUAGES, { error: `language must be ${GUILD_LANGUAGES.join(", ")}.` }),
    raw,
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
    throw new UserError(
      "Choose a channel to `add` or `remove`, or `clear` to allow every channel.",
    );
  }
  let channels = edit.clear ? [] : [...current];
  if (edit.add && !channels.includes(edit.add)) channels.push(edit.add);
  if (edit.remove) channels = channels.filter((id) => id !== edit.remove);
  if (channels.length > MAX_CHANNELS) {
    throw new UserError(`A server can allow at most ${MAX_CHANNELS} channels.`);
  }
  return { channels };
}
