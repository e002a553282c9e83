import { shorten } from "../lib/format.js";
import type { JobFailure } from "../services/jobs/job-store.js";
import type { SeedanceErrorCode } from "../services/seedance/errors.js";

const tryLater = "please try again in a few minutes.";

/** Failures the bot itself decides, next to Seedance's codes. */
type BotFailureCode = "TASK_FAILED" | "JOB_TIMEOUT" | "INTERRUPTED" | "REPLY_FAILED";

// The one place a failure becomes words for a Discord member; `Record` makes tsc insist that a
// new code gets a message.
const failureTexts: Record<SeedanceErrorCode | Exclude<BotFailureCode, "TASK_FAILED">, string> = {
  INVALID_PROMPT: "Seedance rejected the prompt. Please reword it and try again.",
  INVALID_ASPECT_RATIO: "Seedance doesn't support that aspect ratio. Please pick another one.",
  INVALID_RESOLUTION: "Seedance doesn't support that resolution. Please pick 480p or 720p.",
  INVALID_DURATION: "Seedance doesn't support that duration. Please pick 4, 8 or 12 seconds.",
  TOO_MANY_IMAGES: "Seedance accepts only one reference image per video.",
  BAD_REQUEST:
    "Seedance refused the request. Please try other settings, and tell the bot owner if it keeps happening.",
  INVALID_API_KEY: "The bot's Seedance API key is not valid — please tell the bot owner.",
  INSUFFICIENT_CREDITS:
    "The bot owner's Seedance account is out of credits — please tell the bot owner.",
  TASK_NOT_FOUND: "Seedance lost track of this video. Please try again.",
  RATE_LIMITED: "Seedance is busy right now — please try again in a minute.",
  INTERNAL_ERROR: `Seedance is having trouble right now — ${tryLater}`,
  SERVICE_UNAVAILABLE: `Seedance is having trouble right now — ${tryLater}`,
  NETWORK: `Couldn't reach Seedance — ${tryLater}`,
  TIMEOUT: `Couldn't reach Seedance in time — ${tryLater}`,
  BAD_RESPONSE: `Seedance sent an answer the bot couldn't read — ${tryLater}`,
  JOB_TIMEOUT: "Seedance took too long to make this video, so the bot gave up on it.",
  INTERRUPTED: "The bot restarted before your video reached Seedance. Please try again.",
  REPLY_FAILED: "The reply could not be sent.",
};

const maxQuotedLength = 200;

/**
 * A sentence for a task Seedance reported as failed. Its `error_message` is Seedance's own text,
 * useful to the member, but it is quoted on one line and kept short so it can't flood the message.
 */
export function failedTaskMessage(errorMessage: string | null): string {
  const reason = (errorMessage ?? "").replace(/\s+/g, " ").trim();
  if (reason === "") return "Seedance couldn't make this video.";
  return `Seedance couldn't make this video: “${shorten(reason, maxQuotedLength)}”`;
}

/** What went wrong, in words a member understands. */
export function failureText(failure: JobFailure): string {
  if (failure.code === "TASK_FAILED") return failedTaskMessage(failure.detail ?? null);
  return (
    failureTexts[failure.code as keyof typeof failureTexts] ?? "Something went wrong on my side."
  );
}
