import { createHash } from "node:crypto";
import type { RouteReply } from "./router.js";

/**
 * Per-route rate limits as Discord enforces them: a bucket per route and major parameter
 * (channel, guild, webhook), `X-RateLimit-*` headers on every answer, and a 429 with
 * `retry_after` for a request past the limit. Off unless a test turns it on.
 */
export interface RateLimitOptions {
  /** Requests one bucket allows per window (Discord: e.g. 5 messages per 5 s per channel). */
  limit: number;
  windowMs: number;
  /** The routes limited, tested against the path under /api/v10; default every route. */
  paths?: RegExp;
}

interface Bucket {
  used: number;
  resetAt: number;
}

export type RateLimitVerdict =
  | { kind: "unlimited" }
  | { kind: "allowed"; headers: Record<string, string> }
  | { kind: "limited"; headers: Record<string, string>; reply: RouteReply };

/** Discord's major parameters: requests differing only in these have separate buckets. */
const MAJOR_PARAMETERS = ["channel", "guild", "token"] as const;

export function createRateLimits(options: RateLimitOptions | undefined) {
  const buckets = new Map<string, Bucket>();

  return {
    take(
      method: string,
      path: string,
      pattern: string,
      params: Record<string, string>,
      now: number,
    ): RateLimitVerdict {
      if (!options || !(options.paths ?? /./).test(path)) return { kind: "unlimited" };
      const hash = bucketHash(method, pattern);
      const major = MAJOR_PARAMETERS.map((name) => params[name] ?? "").join(":");
      const key = `${hash}:${major}`;
      let bucket = buckets.get(key);
      if (!bucket || now >= bucket.resetAt) {
        bucket = { used: 0, resetAt: now + options.windowMs };
        buckets.set(key, bucket);
      }
      const exceeded = bucket.used >= options.limit;
      if (!exceeded) bucket.used += 1;
      const resetAfter = (bucket.resetAt - now) / 1_000;
      const headers = {
        "x-ratelimit-limit": String(options.limit),
        "x-ratelimit-remaining": String(options.limit - bucket.used),
        "x-ratelimit-reset": (bucket.resetAt / 1_000).toFixed(3),
        "x-ratelimit-reset-after": resetAfter.toFixed(3),
        "x-ratelimit-bucket": hash,
      };
      if (!exceeded) return { kind: "allowed", headers };
      return {
        kind: "limited",
        headers: {
          ...headers,
          "retry-after": String(Math.ceil(resetAfter)),
          "x-ratelimit-scope": "user",
        },
        reply: {
          status: 429,
          body: { message: "You are being rate limited.", retry_after: resetAfter, global: false },
        },
      };
    },
  };
}

/** Opaque like Discord's bucket ids, and the same for every major parameter of a route. */
function bucketHash(method: string, pattern: string): string {
  return createHash("sha256").update(`${method} ${pattern}`).digest("hex").slice(0, 32);
}
