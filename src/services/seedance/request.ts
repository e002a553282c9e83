import { z } from "zod";
import { ASPECT_RATIOS, DURATIONS, RESOLUTIONS } from "../../domain/video-settings.js";
import { SeedanceError, type SeedanceErrorCode } from "./errors.js";
import type { SeedanceOperation } from "./http-errors.js";

const httpUrl = z.url({ protocol: /^https?$/ });

const generateRequestSchema = z.object({
  prompt: z.string().trim().min(1).max(2000),
  aspectRatio: z.enum(ASPECT_RATIOS),
  resolution: z.enum(RESOLUTIONS),
  duration: z.literal(DURATIONS),
  generateAudio: z.boolean(),
  fixedLens: z.boolean(),
  // The API takes at most one reference image; sending two would only earn a 400.
  imageUrls: z.array(httpUrl).max(1).optional(),
  callbackUrl: httpUrl.optional(),
});

export type GenerateRequest = z.input<typeof generateRequestSchema>;

const fieldCodes: Partial<Record<PropertyKey, SeedanceErrorCode>> = {
  prompt: "INVALID_PROMPT",
  aspectRatio: "INVALID_ASPECT_RATIO",
  resolution: "INVALID_RESOLUTION",
  duration: "INVALID_DURATION",
};

export function refusedBeforeSending(
  operation: SeedanceOperation,
  code: SeedanceErrorCode,
): SeedanceError {
  return new SeedanceError(code, `Seedance ${operation} refused before sending: ${code}`, {
    httpStatus: null,
    retryable: false,
    retryAfterMs: null,
    certainlyNotAccepted: true,
  });
}

function validationError(error: z.ZodError): SeedanceError {
  const issue = error.issues[0];
  const field = issue?.path[0];
  const tooManyImages =
    field === "imageUrls" && issue?.code === "too_big" && issue.path.length === 1;
  const code = tooManyImages ? "TOO_MANY_IMAGES" : (fieldCodes[field ?? ""] ?? "BAD_REQUEST");
  return refusedBeforeSending("generate", code);
}

/**
 * Checks a request and shapes it as the API wants it (snake_case, duration as a string). A bad
 * request throws here, before anything is sent, so it can never have created a task.
 */
export function toWireBody(input: GenerateRequest): Record<string, unknown> {
  const parsed = generateRequestSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  const request = parsed.data;
  const { imageUrls, callbackUrl } = request;
  return {
    prompt: request.prompt,
    aspect_ratio: request.aspectRatio,
    resolution: request.resolution,
    duration: String(request.duration),
    generate_audio: request.generateAudio,
    fixed_lens: request.fixedLens,
    ...(imageUrls !== undefined && imageUrls.length > 0 ? { image_urls: imageUrls } : {}),
    ...(callbackUrl === undefined ? {} : { callback_url: callbackUrl }),
  };
}
