import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * The real error body is undocumented, so the fake can speak several plausible dialects:
 * - `flat`: `{ code: 401, error: "INVALID_API_KEY", message }`
 * - `nested`: `{ error: { code: "INVALID_API_KEY", message } }`
 * - `string-code`: `{ code: "INVALID_API_KEY", message }`
 * - `message-only`: `{ message: "INVALID_API_KEY" }`
 * - `envelope-200`: HTTP 200 with `{ code: 401, message: "INVALID_API_KEY", data: null }`
 * - `bare`: the status alone, with an empty body
 */
export const errorStyles = [
  "flat",
  "nested",
  "string-code",
  "message-only",
  "envelope-200",
  "bare",
] as const;
export type ErrorStyle = (typeof errorStyles)[number];

export type FakeEndpoint = "generate" | "status" | "video";

/** A scripted failure for the next request(s) to one endpoint. */
export interface FailureScript {
  /** HTTP status; default 500. */
  status?: number;
  /** How many requests in a row fail; default 1. */
  times?: number;
  retryAfterSeconds?: number;
  /** A raw Retry-After value, e.g. an HTTP date; wins over `retryAfterSeconds`. */
  retryAfter?: string;
  /** The error code in the JSON body; default chosen from the status. */
  code?: string;
  /** A raw body instead of JSON, e.g. an HTML error page or truncated JSON. */
  body?: string;
  contentType?: string;
  /** Send `body` in pieces without a Content-Length, as a streaming proxy would. */
  chunked?: boolean;
  /** Send the headers and the first half of `body`, then nothing more (the client times out). */
  stallBody?: boolean;
  /** Never answer (the client times out). */
  hang?: boolean;
  /** Drop the connection without an answer. */
  destroy?: boolean;
  /** generate only: create the task, then fail anyway, as a server that crashed after accepting. */
  afterAccepting?: boolean;
}

const defaultCodes: Record<number, string> = {
  400: "INVALID_PARAMETERS",
  401: "INVALID_API_KEY",
  402: "INSUFFICIENT_CREDITS",
  404: "TASK_NOT_FOUND",
  429: "RATE_LIMITED",
  500: "INTERNAL_ERROR",
  503: "SERVICE_UNAVAILABLE",
};

export const defaultCodeFor = (status: number) => defaultCodes[status] ?? "INTERNAL_ERROR";

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

// The body for one dialect: the HTTP status to send and the JSON, or null for an empty body.
function errorPayload(style: ErrorStyle, status: number, code: string, message: string) {
  switch (style) {
    case "flat":
      return { httpStatus: status, body: { code: status, error: code, message } };
    case "nested":
      return { httpStatus: status, body: { error: { code, message } } };
    case "string-code":
      return { httpStatus: status, body: { code, message } };
    case "message-only":
      return { httpStatus: status, body: { message: code } };
    case "envelope-200":
      return { httpStatus: 200, body: { code: status, message: code, data: null } };
    case "bare":
      return { httpStatus: status, body: null };
  }
}

export function sendError(
  response: ServerResponse,
  style: ErrorStyle,
  error: { status: number; code: string; message: string; headers?: Record<string, string> },
): void {
  const { httpStatus, body } = errorPayload(style, error.status, error.code, error.message);
  if (body !== null) {
    sendJson(response, httpStatus, body, error.headers);
    return;
  }
  response.writeHead(httpStatus, { "content-length": 0, ...error.headers });
  response.end();
}

const CHUNK_CHARS = 16 * 1024;

function sendBody(response: ServerResponse, body: string, failure: FailureScript): void {
  if (failure.stallBody) {
    // The server's closeAllConnections() ends it on close.
    response.write(body.slice(0, Math.ceil(body.length / 2)));
    return;
  }
  if (!failure.chunked) {
    response.end(body);
    return;
  }
  for (let at = 0; at < body.length; at += CHUNK_CHARS) {
    response.write(body.slice(at, at + CHUNK_CHARS));
  }
  response.end();
}

/** Answers with a scripted failure, or deliberately doesn't answer at all. */
export function sendFailure(response: ServerResponse, style: ErrorStyle, failure: FailureScript) {
  if (failure.hang) return; // the server's closeAllConnections() ends it on close
  if (failure.destroy) {
    response.socket?.destroy();
    return;
  }
  const status = failure.status ?? 500;
  const retryAfter = failure.retryAfter ?? failure.retryAfterSeconds?.toString();
  const headers: Record<string, string> =
    retryAfter === undefined ? {} : { "retry-after": retryAfter };
  if (failure.body !== undefined) {
    const contentType =
      failure.contentType ??
      (failure.body.trimStart().startsWith("<") ? "text/html" : "application/json");
    response.writeHead(status, { "content-type": contentType, ...headers });
    sendBody(response, failure.body, failure);
    return;
  }
  const code = failure.code ?? defaultCodeFor(status);
  sendError(response, style, { status, code, message: `Scripted failure: ${code}`, headers });
}

/** One queue per endpoint; each request consumes one `times` from the head. */
export function createFailureQueue() {
  const queues = new Map<FakeEndpoint, { script: FailureScript; left: number }[]>();
  return {
    push(endpoint: FakeEndpoint, script: FailureScript) {
      const queue = queues.get(endpoint) ?? [];
      queue.push({ script, left: script.times ?? 1 });
      queues.set(endpoint, queue);
    },
    take(endpoint: FakeEndpoint): FailureScript | null {
      const head = queues.get(endpoint)?.[0];
      if (head === undefined) return null;
      head.left -= 1;
      if (head.left <= 0) queues.get(endpoint)?.shift();
      return head.script;
    },
    clear: () => queues.clear(),
  };
}

const maxBodyBytes = 1024 * 1024;

export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBodyBytes) throw new Error(`request body over ${maxBodyBytes} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The parsed JSON body, or null when there is none or it isn't JSON (the fake then says 400). */
export function parseJsonBody(text: string): unknown {
  if (text === "") return null;
  try {
    return JSON.parse(text);
  } catch (error) {
    if (error instanceof SyntaxError) return null;
    throw error;
  }
}
