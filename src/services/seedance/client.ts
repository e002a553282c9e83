import type { Logger } from "pino";
import { z } from "zod";
import { type Clock, systemClock } from "../../lib/clock.js";
import {
  badResponseError,
  envelopeSaysError,
  errorFromFetchFailure,
  errorFromResponse,
  type SeedanceOperation,
} from "./http-errors.js";
import { type GenerateRequest, refusedBeforeSending, toWireBody } from "./request.js";
import { statusResponseSchema, type TaskStatus, toTaskStatus } from "./status.js";

export type { GenerateRequest } from "./request.js";

const generateResponseSchema = z.object({ data: z.object({ task_id: z.string().trim().min(1) }) });

export interface SeedanceClientOptions {
  /** Up to and including `/v1`, e.g. `https://seedanceapi.org/v1`. */
  baseUrl: string;
  apiKey: string;
  logger: Logger;
  fetch?: typeof globalThis.fetch;
  requestTimeoutMs?: number;
  /** For latency logs and for a Retry-After given as an HTTP date. */
  clock?: Pick<Clock, "now">;
}

export interface SeedanceClient {
  /** Creates a task. Not idempotent: see `SeedanceError.certainlyNotAccepted` before retrying. */
  generate(request: GenerateRequest): Promise<{ taskId: string }>;
  getStatus(taskId: string): Promise<TaskStatus>;
}

function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    // Error pages (HTML from a proxy, truncated bodies) are expected; the status still tells us.
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}

/** Remembers up to `capacity` keys, forgetting the oldest, so a long-lived bot stays bounded. */
function createOnceTracker(capacity: number): (key: string) => boolean {
  const seen = new Set<string>();
  return (key) => {
    if (seen.has(key)) return false;
    if (seen.size >= capacity) {
      const oldest = seen.values().next();
      if (!oldest.done) seen.delete(oldest.value);
    }
    seen.add(key);
    return true;
  };
}

export function createSeedanceClient(options: SeedanceClientOptions): SeedanceClient {
  const { apiKey, logger, requestTimeoutMs = 30_000, clock = systemClock } = options;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const firstUnknownStatus = createOnceTracker(1_000);
  const redact = (text: string) => (apiKey === "" ? text : text.replaceAll(apiKey, "[redacted]"));

  async function send(operation: SeedanceOperation, url: URL, init: RequestInit) {
    const started = clock.now();
    let response: Response;
    let text: string;
    // A timer cleared with the answer, not AbortSignal.timeout(): that signal, its timer and the
    // request state its listeners hold stay alive for the whole timeout after a poll that took
    // milliseconds; at hundreds of polls a second they are promoted and pile up as old garbage.
    const timeout = new AbortController();
    const timer = setTimeout(
      () => timeout.abort(new DOMException("The request timed out", "TimeoutError")),
      requestTimeoutMs,
    );
    try {
      response = await fetchImpl(url, {
        ...init,
        headers: {
          authorization: `Bearer ${apiKey}`,
          accept: "application/json",
          ...(init.body === undefined ? {} : { "content-type": "application/json" }),
        },
        signal: timeout.signal,
      });
      text = await response.text();
    } catch (error) {
      throw errorFromFetchFailure(operation, error, requestTimeoutMs);
    } finally {
      clearTimeout(timer);
    }
    const httpStatus = response.status;
    const body = parseJson(text);
    logger.debug({ operation, httpStatus, ms: clock.now() - started }, "Seedance request finished");
    if (!response.ok || envelopeSaysError(body)) {
      const retryAfter = response.headers.get("retry-after");
      throw errorFromResponse({
        operation,
        httpStatus,
        retryAfter,
        body,
        nowMs: clock.now(),
        redact,
      });
    }
    return { httpStatus, body };
  }

  return {
    async generate(request) {
      const init = { method: "POST", body: JSON.stringify(toWireBody(request)) };
      const { httpStatus, body } = await send("generate", new URL(`${baseUrl}/generate`), init);
      const result = generateResponseSchema.safeParse(body);
      if (!result.success) throw badResponseError("generate", httpStatus);
      return { taskId: result.data.data.task_id };
    },

    async getStatus(taskId) {
      if (taskId.trim() === "") throw refusedBeforeSending("getStatus", "BAD_REQUEST");
      const url = new URL(`${baseUrl}/status`);
      url.searchParams.set("task_id", taskId);
      const { httpStatus, body } = await send("getStatus", url, { method: "GET" });
      const result = statusResponseSchema.safeParse(body);
      if (!result.success) throw badResponseError("getStatus", httpStatus);
      const { status, recognised } = toTaskStatus(taskId, result.data.data);
      if (!recognised && firstUnknownStatus(taskId)) {
        logger.warn(
          { taskId, status: status.rawStatus },
          "Seedance reported an unknown task status; treating it as running",
        );
      }
      return status;
    },
  };
}
