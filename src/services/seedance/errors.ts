/** Every way a Seedance call can fail. Closed on purpose: `failureText` must cover each one. */
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
