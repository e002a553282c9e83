import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import { z } from "zod";
import type { CallbackSigner } from "./callback-signature.js";
import { createCallbackThrottle } from "./callback-throttle.js";
import { type HealthReport, healthBody } from "./health.js";

export type CallbackOutcome = "polled" | "unknown";

export interface HttpServerOptions {
  readonly port: number;
  /** 127.0.0.1 by default; the Docker image sets HTTP_HOST=0.0.0.0 for its port mapping. */
  readonly host?: string;
  /** How long a client may take to send a whole request (headers and body); default 10 s. */
  readonly requestTimeoutMs?: number;
  /** The clock for the callback throttle; Date.now by default. */
  readonly now?: () => number;
  readonly logger: Logger;
  readonly signer: CallbackSigner;
  /** Polls the job now; "unknown" when there is no such job. */
  /** A genuine (signed) callback for a job, with the task id its untrusted body names. */
  readonly onCallback: (jobId: string, taskIdHint: string | null) => Promise<CallbackOutcome>;
  readonly health: () => Promise<HealthReport> | HealthReport;
  readonly metricsRegistry: Registry;
}

export interface HttpServer {
  start(): Promise<{ port: number; host: string }>;
  stop(): Promise<void>;
}

/** Seedance's callback body is never read for meaning, so anything bigger than this is abuse. */
const MAX_CALLBACK_BODY_BYTES = 64 * 1024;
const CALLBACK_PATH = /^\/seedance\/callback\/([^/]+)$/;
/** Job ids come from `randomUUID()`, always lower case; any other spelling is not ours. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A replayed callback may make the bot poll its job at most this often. */
const CALLBACK_POLL_INTERVAL_MS = 1_000;

function send(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...headers });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: object) {
  send(res, status, JSON.stringify(body), { "content-type": "application/json" });
}

/**
 * Reads and throws away the body, refusing it past the cap. Resolves false after answering 413:
 * the connection is then closed, so an endless body can't keep us reading.
 */
/** Reads a callback's body, at most MAX_CALLBACK_BODY_BYTES; null (after a 413) when larger. */
function readBody(req: IncomingMessage, res: ServerResponse): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    const tooLarge = () => {
      req.removeAllListeners("data");
      send(res, 413, "Payload Too Large", { connection: "close" });
      res.once("finish", () => req.destroy());
      resolve(null);
    };
    if (Number(req.headers["content-length"] ?? 0) > MAX_CALLBACK_BODY_BYTES) return tooLarge();
    req.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > MAX_CALLBACK_BODY_BYTES) tooLarge();
      else chunks.push(chunk);
    });
    req.once("end", () => resolve(Buffer.concat(chunks)));
    req.once("error", reject);
  });
}

const callbackBodySchema = z.object({ task_id: z.string().trim().min(1).max(200) });

/** The task id a callback names: only a hint, which the bot checks with GET /status. */
function taskIdHint(body: Buffer): string | null {
  try {
    const parsed = callbackBodySchema.safeParse(JSON.parse(body.toString("utf8")));
    return parsed.success ? parsed.data.task_id : null;
  } catch {
    return null;
  }
}

/** The HTTP side of the bot (DESIGN §8): Seedance callbacks, health and metrics, on node:http. */
export function createHttpServer(options: HttpServerOptions): HttpServer {
  const { logger, signer } = options;
  const throttle = createCallbackThrottle(CALLBACK_POLL_INTERVAL_MS, options.now ?? Date.now);
  const requestTimeout = options.requestTimeoutMs ?? 10_000;

  async function callback(req: IncomingMessage, res: ServerResponse, jobId: string, query: string) {
    // Malformed ids are refused before any HMAC work, so junk costs us nothing.
    if (!UUID.test(jobId)) return send(res, 404, "Not Found");
    // Refusals close the connection: an unread body is not worth draining for a stranger.
    const close = { connection: "close" };
    if (req.method !== "POST")
      return send(res, 405, "Method Not Allowed", { allow: "POST", ...close });
    const signature = new URLSearchParams(query).get("sig") ?? "";
    if (!signer.verify(jobId, signature)) return send(res, 401, "Unauthorized", close);
    const body = await readBody(req, res);
    if (body === null) return;
    // Still 202 when throttled: the callback was genuine, the poll is merely not repeated.
    if (!throttle.allow(jobId)) return send(res, 202, "Accepted");
    if ((await options.onCallback(jobId, taskIdHint(body))) === "unknown") {
      return send(res, 404, "Not Found");
    }
    logger.debug({ jobId }, "Seedance callback: polling the job now");
    send(res, 202, "Accepted");
  }

  async function healthz(res: ServerResponse) {
    let report: HealthReport;
    try {
      report = await options.health();
    } catch (error) {
      logger.error({ err: error }, "Health check failed");
      return sendJson(res, 503, { status: "error", problems: ["health check failed"] });
    }
    const { healthy, body } = healthBody(report);
    if (!healthy) logger.warn(body, "Unhealthy");
    sendJson(res, healthy ? 200 : 503, body);
  }

  async function metrics(res: ServerResponse) {
    const registry = options.metricsRegistry;
    send(res, 200, await registry.metrics(), { "content-type": registry.contentType });
  }

  async function route(req: IncomingMessage, res: ServerResponse, path: string, query: string) {
    const callbackId = CALLBACK_PATH.exec(path)?.[1];
    if (callbackId !== undefined) return callback(req, res, callbackId, query);
    if (path !== "/healthz" && path !== "/metrics") return send(res, 404, "Not Found");
    if (req.method !== "GET" && req.method !== "HEAD") {
      return send(res, 405, "Method Not Allowed", { allow: "GET, HEAD" });
    }
    return path === "/healthz" ? healthz(res) : metrics(res);
  }

  // Nothing here should take long, so a slow client is cut off rather than held open. Node only
  // checks these timeouts every connectionsCheckingInterval (30 s by default), hence the short one.
  const limits = {
    requestTimeout,
    headersTimeout: requestTimeout,
    connectionsCheckingInterval: Math.min(1_000, Math.max(50, Math.floor(requestTimeout / 4))),
  };
  const server = createServer(limits, (req, res) => {
    const started = performance.now();
    // Split by hand rather than `new URL`: "//host/x" must stay a path, and the query (which
    // carries the signature) is kept out of every log line.
    const url = req.url ?? "/";
    const mark = url.indexOf("?");
    const path = mark === -1 ? url : url.slice(0, mark);
    const query = mark === -1 ? "" : url.slice(mark + 1);
    res.once("finish", () => {
      const ms = Math.round(performance.now() - started);
      logger.debug({ method: req.method, path, status: res.statusCode, ms }, "HTTP request");
    });
    route(req, res, path, query).catch((error: unknown) => {
      // A client hanging up mid-body is its business, not a fault of ours.
      if (req.destroyed && !res.headersSent) {
        return logger.debug({ err: error, path }, "HTTP client went away mid-request");
      }
      logger.error({ err: error, method: req.method, path }, "HTTP request failed");
      if (!res.headersSent) send(res, 500, "Internal Server Error");
      else res.destroy();
    });
  });

  return {
    start() {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(options.port, options.host ?? "127.0.0.1", () => {
          server.off("error", reject);
          const { port, address: host } = server.address() as AddressInfo;
          logger.info({ host, port }, "HTTP server listening");
          resolve({ port, host });
        });
      });
    },

    stop() {
      return new Promise((resolve, reject) => {
        if (!server.listening) return resolve();
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive connections would hold close() open until they time out.
        server.closeIdleConnections();
      });
    },
  };
}
