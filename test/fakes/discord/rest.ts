import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { readBody } from "./body.js";
import { discordErrors, FakeApiError } from "./errors.js";
import { createRateLimits } from "./rate-limits.js";
import { matchRoute, type RouteReply } from "./router.js";
import { applicationRoutes } from "./routes/application.js";
import { callbackRoutes } from "./routes/callback.js";
import { channelRoutes } from "./routes/channels.js";
import { guildRoutes } from "./routes/guilds.js";
import { webhookRoutes } from "./routes/webhooks.js";
import type { FakeDiscordState, RecordedRequest } from "./state.js";

const API_PREFIX = "/api/v10";
const routes = [
  ...applicationRoutes,
  ...callbackRoutes,
  ...webhookRoutes,
  ...channelRoutes,
  ...guildRoutes,
];

/** Makes the next matching request(s) slow or fail, e.g. a 500 or a 429 with Retry-After. */
export interface FaultRule {
  method?: string;
  /** Tested against the path under /api/v10. */
  path: RegExp;
  /** Only requests that upload files (or, when false, only those that don't). */
  withFiles?: boolean;
  /** How many requests it applies to; default 1. */
  times?: number;
  /** Wait this long before answering (the REST timeout, slow uploads). */
  delayMs?: number;
  /** Answer with this status instead of handling the request. */
  status?: number;
  /**
   * Handle the request first, then answer with `status` anyway: the change happened but the
   * answer says otherwise (a 5xx after the commit, a response lost on the way).
   */
  afterHandling?: boolean;
  code?: number;
  message?: string;
  headers?: Record<string, string>;
}

export interface RestServer {
  start(): Promise<number>;
  close(): Promise<void>;
  injectFault(rule: FaultRule): void;
}

export function createRestServer(state: FakeDiscordState, gatewayUrl: () => string): RestServer {
  const faults: { rule: FaultRule; left: number }[] = [];
  const rateLimits = createRateLimits(state.config.rateLimits);
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      state.internalErrors.push(error instanceof Error ? error : new Error(String(error)));
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  server.keepAliveTimeout = state.config.keepAliveMs;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = Date.now();
    const url = new URL(req.url ?? "/", "http://fake.invalid");
    const path = url.pathname.startsWith(`${API_PREFIX}/`)
      ? url.pathname.slice(API_PREFIX.length)
      : url.pathname;
    const method = req.method ?? "GET";
    const authorized = req.headers.authorization === `Bot ${state.config.botToken}`;
    const match = matchRoute(routes, method, path);
    const record: RecordedRequest = {
      method,
      path,
      route: match.kind === "found" ? match.route.pattern : null,
      query: Object.fromEntries(url.searchParams),
      body: undefined,
      files: [],
      at: receivedAt,
      authorized,
      status: 0,
      errorCode: null,
    };
    let reply: RouteReply;
    let headers: Record<string, string> = {};
    let rateLimitHeaders: Record<string, string> = {};
    try {
      const body = await readBody(req);
      record.body = body.json;
      record.files = body.files;
      const fault = takeFault(method, path, body.files.length > 0);
      if (fault?.delayMs) await sleep(fault.delayMs);
      const injected = () => {
        headers = fault?.headers ?? {};
        return new FakeApiError(
          fault?.status ?? 500,
          fault?.code ?? 0,
          fault?.message ?? "Injected fault",
        );
      };
      if (fault?.status !== undefined && !fault.afterHandling) throw injected();
      if (!url.pathname.startsWith(`${API_PREFIX}/`) || match.kind === "none") {
        throw discordErrors.notFound();
      }
      if (match.kind === "wrong-method") throw discordErrors.methodNotAllowed();
      if (match.route.botAuth && !authorized) throw discordErrors.unauthorized();
      const limit = rateLimits.take(method, path, match.route.pattern, match.params, receivedAt);
      rateLimitHeaders = limit.kind === "unlimited" ? {} : limit.headers;
      reply =
        limit.kind === "limited"
          ? limit.reply
          : match.route.handle({
              state,
              params: match.params,
              query: url.searchParams,
              body: body.json,
              files: body.files,
              receivedAt,
              gatewayUrl: gatewayUrl(),
            });
      if (fault?.status !== undefined) throw injected();
    } catch (error) {
      if (!(error instanceof FakeApiError)) throw error;
      reply = { status: error.status, body: error.toBody() };
      record.errorCode = error.code;
    }
    record.status = reply.status;
    state.requests.push(record);
    state.changed();
    send(res, reply, { ...rateLimitHeaders, ...headers });
  }

  function takeFault(method: string, path: string, hasFiles: boolean): FaultRule | undefined {
    const index = faults.findIndex(
      ({ rule }) =>
        (rule.method ?? method) === method &&
        rule.path.test(path) &&
        (rule.withFiles ?? hasFiles) === hasFiles,
    );
    const fault = faults[index];
    if (!fault) return undefined;
    fault.left -= 1;
    if (fault.left <= 0) faults.splice(index, 1);
    return fault.rule;
  }

  return {
    async start() {
      server.listen(0, "127.0.0.1");
      await once(server, "listening");
      const address = server.address();
      if (address === null || typeof address === "string") {
        throw new Error("fake Discord: REST server not on TCP");
      }
      return address.port;
    },
    async close() {
      const closed = once(server, "close");
      server.close();
      server.closeAllConnections();
      await closed;
    },
    injectFault(rule) {
      faults.push({ rule, left: rule.times ?? 1 });
    },
  };
}

function send(res: ServerResponse, reply: RouteReply, headers: Record<string, string>): void {
  if (reply.body === undefined) {
    res.writeHead(reply.status, headers).end();
    return;
  }
  const payload = JSON.stringify(reply.body);
  res
    .writeHead(reply.status, {
      ...headers,
      "content-type": "application/json",
      "content-length": Buffer.byteLength(payload),
    })
    .end(payload);
}
