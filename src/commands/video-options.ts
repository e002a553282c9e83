import type { ChatInputCommandInteraction, SlashCommandOptionsOnlyBuilder } from "discord.js";
import { z } from "zod";
import { hasVisibleText, sanitizePrompt } from "../domain/prompt.js";
import { UserError } from "../services/errors.js";
import { DURATIONS, priceOf, RESOLUTIONS } from "../services/pricing.js";
import { ASPECT_RATIOS, type AspectRatio } from "../services/seedance-request.js";
import type { JobSettings } from "./start-job.js";

export const PROMPT_MAX = 2000;

/** The settings shared by /video and /animate, as the member chose them. */
export const videoOptionsSchema = z.object({
  // Cleaned first, so what is measured, checked for emptiness and stored is what Seedance gets.
  prompt: z
    .string({ error: "Please write a prompt describing the video." })
    .transform(sanitizePrompt)
    .refine(hasVisibleText, "Please write a prompt describing the video — it can't be empty.")
    .refine(
      (prompt) => prompt.length <= PROMPT_MAX,
      `The prompt is too long: keep it to ${PROMPT_MAX.toLocaleString("en-US")} characters.`,
    ),
  aspect_ratio: z
    .enum(ASPECT_RATIOS, { error: `aspect_ratio must be one of ${ASPECT_RATIOS.join(", ")}.` })
    .optional(),
  resolution: z
    .enum(RESOLUTIONS, { error: `resolution must be ${RESOLUTIONS.join(" or ")}.` })
    .default("720p"),
  duration: z
    .literal(DURATIONS, { error: `duration must be ${DURATIONS.join(", ")} seconds.` })
    .default(8),
  audio: z.boolean({ error: "audio must be true or false." }).default(false),
  fixed_lens: z.boolean({ error: "fixed_lens must be true or false." }).default(false),
});

export type VideoOptions = z.output<typeof videoOptionsSchema>;

/** A job's settings from the member's options; `source` says what only the command knows. */
export function toJobSettings(
  options: VideoOptions,
  source: { kind: JobSettings["kind"]; aspectRatio: AspectRatio; imageUrl: string | null },
): JobSettings {
  return {
    kind: source.kind,
    prompt: options.prompt,
    aspectRatio: options.aspect_ratio ?? source.aspectRatio,
    resolution: options.resolution,
    duration: options.duration,
    audio: options.audio,
    fixedLens: options.fixed_lens,
    imageUrl: source.imageUrl,
  };
}

const OPTION_NAMES = ["prompt", "aspect_ratio", "resolution", "duration", "audio", "fixed_lens"];

/** Reads the raw option values and validates them: crafted payloads get a clear refusal too. */
export function readVideoOptions(interaction: ChatInputCommandInteraction): VideoOptions {
  const raw = Object.fromEntries(
    OPTION_NAMES.map((name) => [name, interaction.options.get(name)?.value ?? undefined]),
  );
  const result = videoOptionsSchema.safeParse(raw);
  if (!result.success) {
    throw new UserError(result.error.issues[0]?.message ?? "Those options aren't valid.");
  }
  return result.data;
}

const cost = (resolution: string, duration: number, audio = false) =>
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
        .addChoices(ASPECT_RATIOS.map((ratio: AspectRatio) => ({ name: ratio, value: ratio }))),
    )
    .addStringOption((option) =>
      option
        .setName("resolution")
        .setDescription("Picture quality (default 720p)")
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
        .setDescription("Length in seconds (default 8)")
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
