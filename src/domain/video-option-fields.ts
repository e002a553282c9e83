import { z } from "zod";
import { ASPECT_RATIOS, DURATIONS, RESOLUTIONS } from "./video-settings.js";

/**
 * The optional video settings as a member (in `/video`, `/animate`) or an admin (in
 * `/settings defaults`) may send them: one parser for both, so a crafted value gets the same
 * refusal wherever it arrives (naming `choicesOf` the option).
 */
export const videoOptionFields = {
  aspect_ratio: z.enum(ASPECT_RATIOS).optional(),
  resolution: z.enum(RESOLUTIONS).optional(),
  duration: z.literal(DURATIONS).optional(),
  audio: z.boolean().optional(),
  fixed_lens: z.boolean().optional(),
};

const CHOICES: Readonly<Record<string, readonly (string | number)[]>> = {
  aspect_ratio: ASPECT_RATIOS,
  resolution: RESOLUTIONS,
  duration: DURATIONS,
};

/** The values an option takes; every option without a list is a true/false one. */
export const choicesOf = (option: string): readonly (string | number)[] =>
  CHOICES[option] ?? ["true", "false"];
