import type { ChatInputCommandInteraction, SlashCommandOptionsOnlyBuilder } from "discord.js";
import { z } from "zod";
import { priceOf } from "../domain/pricing.js";
import { hasVisibleText, sanitizePrompt } from "../domain/prompt.js";
import { choicesOf, videoOptionFields } from "../domain/video-option-fields.js";
import {
  ASPECT_RATIOS,
  type AspectRatio,
  DURATIONS,
  type JobSettings,
  PROMPT_MAX,
  RESOLUTIONS,
} from "../domain/video-settings.js";
import { translator } from "../i18n/index.js";
import { invalidOption, refuse } from "../i18n/refusal.js";
import { effectiveOptions, type ServerDefaults } from "../services/settings/rules.js";

const PROMPT_KEYS = {
  missing: "refusals.promptMissing",
  empty: "refusals.promptEmpty",
  tooLong: "refusals.promptTooLong",
} as const;

// Each issue's message is a catalog key; the refusal is translated for the member who sees it.
export const videoOptionsSchema = z.object({
  // Cleaned first, so what is measured, checked for emptiness and stored is what Seedance gets.
  prompt: z
    .string({ error: PROMPT_KEYS.missing })
    .transform(sanitizePrompt)
    .refine(hasVisibleText, PROMPT_KEYS.empty)
    .refine((prompt) => prompt.length <= PROMPT_MAX, PROMPT_KEYS.tooLong),
  ...videoOptionFields,
});

export type VideoOptions = z.output<typeof videoOptionsSchema>;

/** What only the command knows: the kind of job and, for /animate, the image. */
export interface JobSource {
  readonly kind: JobSettings["kind"];
  readonly imageUrl: string | null;
  /** The image's size when Discord reports it; its shape is the ratio nobody chose. */
  readonly image: { readonly width: number; readonly height: number } | null;
}

/**
 * A job's settings from the member's options; an option left out takes the server's default,
 * else the built-in one (see effectiveOptions).
 */
export function toJobSettings(
  options: VideoOptions,
  source: JobSource,
  server: ServerDefaults,
): JobSettings {
  const chosen = effectiveOptions(
    {
      resolution: options.resolution,
      duration: options.duration,
      aspectRatio: options.aspect_ratio,
      audio: options.audio,
      fixedLens: options.fixed_lens,
    },
    server,
    source.image,
  );
  return { kind: source.kind, prompt: options.prompt, imageUrl: source.imageUrl, ...chosen };
}

const OPTION_NAMES = ["prompt", "aspect_ratio", "resolution", "duration", "audio", "fixed_lens"];

/** Reads the raw option values and validates them: crafted payloads get a clear refusal too. */
export function readVideoOptions(interaction: ChatInputCommandInteraction): VideoOptions {
  return parseVideoOptions(
    Object.fromEntries(
      OPTION_NAMES.map((name) => [name, interaction.options.get(name)?.value ?? undefined]),
    ),
  );
}

/** Validates options from any form (slash options, a modal's fields). */
export function parseVideoOptions(raw: Record<string, unknown>): VideoOptions {
  const result = videoOptionsSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const promptKey = Object.values(PROMPT_KEYS).find((key) => key === issue?.message);
  if (promptKey) throw refuse(promptKey, { max: PROMPT_MAX });
  const option = String(issue?.path[0] ?? "");
  throw invalidOption(option, choicesOf(option));
}

/** Each ratio with the shape it makes (`16:9 · landscape`); values stay the bare ratios. */
export function aspectChoices() {
  const t = translator("en");
  return ASPECT_RATIOS.map((ratio: AspectRatio) => ({
    name: `${ratio} · ${t(`common.shape.${ratio}`)}`,
    value: ratio,
  }));
}

export const cost = (resolution: string, duration: number, audio = false) =>
  priceOf({ resolution, duration, audio });

/** Adds the shared options, each choice showing what it costs (DESIGN §2). */
export function addVideoOptions(
  builder: SlashCommandOptionsOnlyBuilder,
  aspectNote: string,
): SlashCommandOptionsOnlyBuilder {
  builder
    .addStringOption((option) =>
      option
        .setName("prompt")
        .setDescription("Describe the video: subject, action, style, camera")
        .setRequired(true)
        .setMaxLength(PROMPT_MAX),
    )
    .addStringOption((option) =>
      option
        .setName("aspect_ratio")
        .setDescription(`Frame shape; ${aspectNote}`)
        .addChoices(aspectChoices()),
    )
    .addStringOption((option) =>
      option
        .setName("resolution")
        .setDescription("Picture quality (default 720p, or the server's default)")
        .addChoices(
          RESOLUTIONS.map((resolution) => ({
            name: `${resolution} — ${cost(resolution, 8)} credits for 8 s`,
            value: resolution,
          })),
        ),
    )
    .addIntegerOption((option) =>
      option
        .setName("duration")
        .setDescription("Length in seconds (default 8, or the server's default)")
        .addChoices(
          DURATIONS.map((duration) => ({
            name: `${duration} s — ${cost("720p", duration)} credits at 720p`,
            value: duration,
          })),
        ),
    )
    .addBooleanOption((option) =>
      option
        .setName("audio")
        .setDescription(
          `AI soundtrack (720p 8 s: ${cost("720p", 8, true)} credits instead of ${cost("720p", 8)})`,
        ),
    )
    .addBooleanOption((option) =>
      option.setName("fixed_lens").setDescription("Lock the camera to reduce motion blur (free)"),
    );
  return builder;
}
