import { z } from "zod";
import { ASPECT_RATIOS, DURATIONS, RESOLUTIONS } from "./video-settings.js";

/**
 * The optional video settings as a member (in `/video`, `/animate`) or an admin (in
 * `/settings defaults`) may send them: one parser for both, so a crafted value gets the same
 * refusal wherever it arrives.
 */
export const videoOptionFields = {
  aspect_ratio: z
    .enum(ASPECT_RATIOS, { error: `aspect_ratio must be one of ${ASPECT_RATIOS.join(", ")}.` })
    .optional(),
  resolution: z
    .enum(RESOLUTIONS, { error: `resolution must be ${RESOLUTIONS.join(" or ")}.` })
    .optional(),
  duration: z
    .literal(DURATIONS, { error: `duration must be ${DURATIONS.join(", ")} seconds.` })
    .optional(),
  audio: z.boolean({ error: "audio must be true or false." }).optional(),
  fixed_lens: z.boolean({ error: "fixed_lens must be true or false." }).optional(),
};
