import { isServerErrorCode, SeedanceError, type SeedanceErrorCode } from "./errors.js";
import { ResponseTooLargeError } from "./transport.js";

export type SeedanceOperation = "generate" | "getStatus";

/** What we know about a response that is an error, by HTTP status or by its JSON `code`. */
export interface ErrorResponse {
  operation: SeedanceOperation;
  httpStatus: number;
  retryAfter: string | null;
  /** Parsed JSON, or undefined when the body was empty, HTML or otherwise not JSON. */
  body: unknown;
  nowMs: number;
  /** Removes secrets from server-supplied text before it goes into an error message. */
  redact: (text: string) => string;
}

const maxDetailLength = 200;

// Connection-stage failures: the request never reached Seedance, so no task can exist.
const notSentErrorCodes = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
function parseRetryAfter(header: string | null, nowMs: number): number | null {
  if (header === null) return null;
  const value = header.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}

// The API's envelope carries its own `code`: a numeric one outside 2xx is the real status.
function envelopeErrorStatus(body: unknown): number | null {
  if (!isRecord(body)) return null;
  const code = typeof body.code === "string" ? Number(body.code) : body.code;
  if (typeof code !== "number" || !Number.isInteger(code)) return null;
  return code >= 200 && code < 300 ? null : code;
}

/** True when a 2xx body is an error all the same: a non-2xx envelope code, or a named error code. */
export function envelopeSaysError(body: unknown): boolean {
  if (envelopeErrorStatus(body) !== null) return true;
  return isRecord(body) && typeof body.code === "string" && readServerCode(body) !== null;
}

// The error body is undocumented: look wherever a code is commonly put, flat or nested.
function candidateStrings(body: unknown): string[] {
  if (!isRecord(body)) return [];
  const nested = isRecord(body.error) ? [body.error.code, body.error.type, body.error.message] : [];
  return [body.code, body.error, body.message, ...nested].filter(
    (value): value is string => typeof value === "string",
  );
}

const asCode = (text: string) =>
  text
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, "_");

function readServerCode(body: unknown): SeedanceErrorCode | null {
  for (const candidate of candidateStrings(body)) {
    const normalised = asCode(candidate);
    if (isServerErrorCode(normalised)) return normalised;
  }
  return null;
}

/** The server's own explanation, when it says more than the code does. */
function readDetail(body: unknown, code: SeedanceErrorCode): string | null {
  if (!isRecord(body)) return null;
  const message = isRecord(body.error) ? body.error.message : body.message;
  if (typeof message !== "string" || message.trim() === "" || asCode(message) === code) return null;
  return message.trim();
}

function codeForStatus(status: number, operation: SeedanceOperation): SeedanceErrorCode {
  if (status === 401 || status === 403) return "INVALID_API_KEY";
  if (status === 402) return "INSUFFICIENT_CREDITS";
  // A 404 from /generate means a wrong base URL, not a lost task.
  if (status === 404) return operation === "getStatus" ? "TASK_NOT_FOUND" : "BAD_REQUEST";
  if (status === 429) return "RATE_LIMITED";
  if (status === 503) return "SERVICE_UNAVAILABLE";
  if (status >= 500 && status < 600) return "INTERNAL_ERROR";
  if (status >= 400 && status < 500) return "BAD_REQUEST";
  return "BAD_RESPONSE";
}

const retryableCodes: ReadonlySet<SeedanceErrorCode> = new Set([
  "RATE_LIMITED",
  "INTERNAL_ERROR",
  "SERVICE_UNAVAILABLE",
  "NETWORK",
  "TIMEOUT",
  "BAD_RESPONSE",
]);

export function errorFromResponse(response: ErrorResponse): SeedanceError {
  const { operation, httpStatus, body } = response;
  // An HTTP 200 can still carry an error status in its envelope; that status is the real one.
  const status =
    httpStatus >= 200 && httpStatus < 300 ? (envelopeErrorStatus(body) ?? httpStatus) : httpStatus;
  const code = readServerCode(body) ?? codeForStatus(status, operation);
  const retryAfterMs = parseRetryAfter(response.retryAfter, response.nowMs);
  const detail = readDetail(body, code);
  const shown = status === httpStatus ? `${status}` : `${status} (HTTP ${httpStatus})`;
  const suffix = detail === null ? "" : `: ${response.redact(detail).slice(0, maxDetailLength)}`;
  return new SeedanceError(code, `Seedance ${operation} failed: ${shown} ${code}${suffix}`, {
    httpStatus,
    retryable: retryableCodes.has(code) || status === 429 || status >= 500,
    retryAfterMs,
    certainlyNotAccepted: status === 429 || (status === 503 && retryAfterMs !== null),
  });
}

export function badResponseError(operation: SeedanceOperation, httpStatus: number): SeedanceError {
  const message = `Seedance ${operation} failed: ${httpStatus} BAD_RESPONSE: unexpected response shape`;
  // Retryable so a poll tries again; not certainlyNotAccepted, since a 2xx generate was accepted.
  return new SeedanceError("BAD_RESPONSE", message, {
    httpStatus,
    retryable: true,
    retryAfterMs: null,
    certainlyNotAccepted: false,
  });
}

// A socket error carries its code, possibly under a cause or, when several addresses were tried,
// inside an AggregateError.
function findSystemErrorCode(error: unknown, depth = 0): string | null {
  if (!(error instanceof Error) || depth > 4) return null;
  if ("code" in error && typeof error.code === "string") return error.code;
  if (error instanceof AggregateError && error.errors.length > 0) {
    return findSystemErrorCode(error.errors[0], depth + 1);
  }
  return findSystemErrorCode(error.cause, depth + 1);
}

export function errorFromTransportFailure(
  operation: SeedanceOperation,
  error: unknown,
  timeoutMs: number,
): SeedanceError {
  if (error instanceof ResponseTooLargeError) {
    const message = `Seedance ${operation} failed: ${error.httpStatus} BAD_RESPONSE: ${error.message}`;
    // Like an unreadable answer: worth asking again, and a generate may have been accepted.
    return new SeedanceError("BAD_RESPONSE", message, {
      httpStatus: error.httpStatus,
      retryable: true,
      retryAfterMs: null,
      certainlyNotAccepted: false,
    });
  }
  const aborted =
    error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError");
  if (aborted) {
    return new SeedanceError(
      "TIMEOUT",
      `Seedance ${operation} failed: no response in ${timeoutMs} ms`,
      {
        httpStatus: null,
        retryable: true,
        retryAfterMs: null,
        certainlyNotAccepted: false,
        cause: error,
      },
    );
  }
  const systemCode = findSystemErrorCode(error);
  return new SeedanceError(
    "NETWORK",
    `Seedance ${operation} failed: network error (${systemCode ?? "unknown"})`,
    {
      httpStatus: null,
      retryable: true,
      retryAfterMs: null,
      certainlyNotAccepted: systemCode !== null && notSentErrorCodes.has(systemCode),
      cause: error,
    },
  );
}
