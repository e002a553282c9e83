/** Every way a Seedance call can fail. Closed on purpose: `userMessage` must cover each one. */
export const seedanceErrorCodes = [
  "INVALID_PROMPT",
  "INVALID_ASPECT_RATIO",
  "INVALID_RESOLUTION",
  "INVALID_DURATION",
  "TOO_MANY_IMAGES",
  "BAD_REQUEST",
  "INVALID_API_KEY",
  "INSUFFICIENT_CREDITS",
  "TASK_NOT_FOUND",
  "RATE_LIMITED",
  "INTERNAL_ERROR",
  "SERVICE_UNAVAILABLE",
  "NETWORK",
  "TIMEOUT",
  "BAD_RESPONSE",
] as const;

export type SeedanceErrorCode = (typeof seedanceErrorCodes)[number];

/** Codes only we produce; a server body naming one of them is not trusted as a code. */
const clientOnlyCodes: ReadonlySet<SeedanceErrorCode> = new Set([
  "NETWORK",
  "TIMEOUT",
  "BAD_RESPONSE",
]);

export function isServerErrorCode(value: string): value is SeedanceErrorCode {
  return (
    (seedanceErrorCodes as readonly string[]).includes(value) &&
    !clientOnlyCodes.has(value as SeedanceErrorCode)
  );
}

export interface SeedanceErrorDetails {
  /** The HTTP status of the response, or null when there was none (network, timeout, refused before sending). */
  httpStatus: number | null;
  /** Worth asking again later: 429, 5xx, network, timeout, unreadable response. */
  retryable: boolean;
  retryAfterMs: number | null;
  /**
   * The server certainly did not create a task, so `generate` (which is not idempotent) may be
   * sent again: connection refused, 429, 503 with Retry-After, or refused before sending.
   * A timeout or a 500 leaves it unknown, hence false.
   */
  certainlyNotAccepted: boolean;
  cause?: unknown;
}

export class SeedanceError extends Error {
  override readonly name = "SeedanceError";
  readonly code: SeedanceErrorCode;
  readonly httpStatus: number | null;
  readonly retryable: boolean;
  readonly retryAfterMs: number | null;
  readonly certainlyNotAccepted: boolean;

  constructor(code: SeedanceErrorCode, message: string, details: SeedanceErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.httpStatus = details.httpStatus;
    this.retryable = details.retryable;
    this.retryAfterMs = details.retryAfterMs;
    this.certainlyNotAccepted = details.certainlyNotAccepted;
  }
}

const tryLater = "please try again in a few minutes.";

// The one place a Seedance failure becomes words for a Discord member; `Record` makes tsc insist
// that a new code gets a message.
const userMessages: Record<SeedanceErrorCode, string> = {
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
};

export function userMessage(error: SeedanceError): string {
  return userMessages[error.code];
}

const maxQuotedLength = 200;

/**
 * A sentence for a task Seedance reported as failed. Its `error_message` is Seedance's own text,
 * useful to the member, but it is quoted on one line and kept short so it can't flood the message.
 */
export function failedTaskMessage(errorMessage: string | null): string {
  const reason = (errorMessage ?? "").replace(/\s+/g, " ").trim();
  if (reason === "") return "Seedance couldn't make this video.";
  const quoted =
    reason.length > maxQuotedLength ? `${reason.slice(0, maxQuotedLength - 1).trimEnd()}…` : reason;
  return `Seedance couldn't make this video: “${quoted}”`;
}
