import type { Logger } from "pino";
import { z } from "zod";
import { type Clock, systemClock } from "../../lib/clock.js";
import { botUserAgent } from "../delivery/user-agent.js";
import {
  badResponseError,
  envelopeSaysError,
  errorFromResponse,
  errorFromTransportFailure,
  type SeedanceOperation,
} from "./http-errors.js";
import { type GenerateRequest, refusedBeforeSending, toWireBody } from "./request.js";
import { statusResponseSchema, type TaskStatus, toTaskStatus } from "./status.js";
import { createTransport, type TransportRequest, type TransportResponse } from "./transport.js";

export type { GenerateRequest } from "./request.js";

const generateResponseSchema = z.object({ data: z.object({ task_id: z.string().trim().min(1) }) });

export interface SeedanceClientOptions {
  /** Up to and including `/v1`, e.g. `https://seedanceapi.org/v1`. */
  baseUrl: string;
  apiKey: string;
  logger: Logger;
  requestTimeoutMs?: number;
  /** A longer answer is cut off and reported as BAD_RESPONSE; real ones are a few hundred bytes. */
  maxResponseBytes?: number;
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
  const transport = createTransport({
    baseUrl: options.baseUrl,
    timeoutMs: requestTimeoutMs,
    maxBodyBytes: options.maxResponseBytes ?? 1024 * 1024,
  });
  const firstUnknownStatus = createOnceTracker(1_000);
  const redact = (text: string) => (apiKey === "" ? text : text.replaceAll(apiKey, "[redacted]"));
  // Built once: the same headers go with every poll.
  const getHeaders = {
    authorization: `Bearer ${apiKey}`,
    accept: "application/json",
    "user-agent": botUserAgent,
  };

  async function send(operation: SeedanceOperation, request: TransportRequest) {
    const started = clock.now();
    let response: TransportResponse;
    try {
      response = await transport(request);
    } catch (error) {
      throw errorFromTransportFailure(operation, error, requestTimeoutMs);
    }
    const { status: httpStatus, retryAfter } = response;
    const body = parseJson(response.text);
    logger.debug({ operation, httpStatus, ms: clock.now() - started }, "Seedance request finished");
    if (httpStatus < 200 || httpStatus >= 300 || envelopeSaysError(body)) {
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
      const wireBody = JSON.stringify(toWireBody(request));
      const headers = {
        ...getHeaders,
        "content-type": "application/json",
        "content-length": String(Buffer.byteLength(wireBody)),
      };
      const { httpStatus, body } = await send("generate", {
        method: "POST",
        path: "/generate",
        headers,
        body: wireBody,
      });
      const result = generateResponseSchema.safeParse(body);
      if (!result.success) throw badResponseError("generate", httpStatus);
      return { taskId: result.data.data.task_id };
    },

    async getStatus(taskId) {
      if (taskId.trim() === "") throw refusedBeforeSending("getStatus", "BAD_REQUEST");
      const path = `/status?task_id=${encodeURIComponent(taskId)}`;
      const { httpStatus, body } = await send("getStatus", {
        method: "GET",
        path,
        headers: getHeaders,
      });
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
