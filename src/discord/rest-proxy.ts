import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { proxyRequests } from "@discordjs/proxy";
// Not discord.js's REST: that is @discordjs/rest's CommonJS build, whose errors the proxy (ESM)
// would not recognise as Discord's (instanceof fails across the two builds).
import { type RateLimitData, REST, RESTEvents } from "@discordjs/rest";
import type { RestProxyConfig } from "../config.js";
import type { Logger } from "../logger.js";
import { HANDLER_SWEEP_MS, REST_TIMEOUT_MS } from "./client.js";

/**
 * The proxy streams each request's body straight through to Discord, so it can't send a body a
 * second time: @discordjs/rest re-sends after an unexpected 429 and would send it empty. Requests
 * with a body therefore get the 429 (with Retry-After) back, and the caller's own client waits and
 * sends again; the proxy still answers from its shared state without asking Discord.
 */
const carriesBody = ({ method }: RateLimitData): boolean =>
  !["GET", "DELETE", "HEAD"].includes(method.toUpperCase());

export interface RestProxy {
  /** Resolves with the port it listens on. */
  start(): Promise<number>;
  /** Stops taking requests; those in flight finish. */
  stop(): Promise<void>;
}

/**
 * An HTTP server in front of Discord's REST API for every bot process of one bot token. One
 * @discordjs/rest instance keeps the rate-limit buckets for all of them, so N processes don't each
 * spend the token's limits as if alone (they would draw 429s, and enough of those get the IP
 * banned for a while). It holds no token: each caller's own Authorization header is passed on.
 */
export function createRestProxy(
  config: Pick<RestProxyConfig, "upstreamUrl" | "port" | "host">,
  logger: Logger,
): RestProxy {
  const rest = new REST({
    api: config.upstreamUrl,
    timeout: REST_TIMEOUT_MS,
    // The body is the caller's request stream, passed through: it can't be sent a second time,
    // and the bot's own client decides about retries.
    retries: 0,
    rejectOnRateLimit: carriesBody,
    handlerSweepInterval: HANDLER_SWEEP_MS,
  });
  rest.on(RESTEvents.RateLimited, ({ global, route, timeToReset, limit }) =>
    logger.debug(
      { global, route, timeToReset, limit },
      "Discord rate limit reached; requests wait",
    ),
  );
  const forward = proxyRequests(rest);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    // proxyRequests ends the response even after an error it doesn't know (Discord unreachable);
    // without a status set here first, the caller would read that as an empty 200.
    res.statusCode = 502;
    try {
      await forward(req, res);
    } catch (error) {
      logger.error({ err: error, method: req.method, path: req.url }, "REST proxy request failed");
      if (!res.writableEnded) res.end();
    }
    const ms = Math.round(performance.now() - started);
    logger.debug({ method: req.method, path: req.url, status: res.statusCode, ms }, "Proxied");
  }

  const server = createServer((req, res) => void handle(req, res));
  return {
    async start() {
      server.listen(config.port, config.host);
      await once(server, "listening");
      const address = server.address();
      return typeof address === "object" && address ? address.port : config.port;
    },
    async stop() {
      if (!server.listening) return;
      const closed = once(server, "close");
      server.close();
      await closed;
    },
  };
}
