import type { FakeDiscordState, RecordedFile } from "./state.js";

export interface RouteContext {
  state: FakeDiscordState;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  files: RecordedFile[];
  /** When the request arrived: deadlines are judged by this, not by when its body finished. */
  receivedAt: number;
  gatewayUrl: string;
}

export interface RouteReply {
  status: number;
  body?: unknown;
}

export interface Route {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Path under /api/v10 with `:name` parameters, e.g. `/channels/:channel/messages`. */
  pattern: string;
  /** Requires `Authorization: Bot <token>`; interaction routes authenticate by their token. */
  botAuth: boolean;
  handle(ctx: RouteContext): RouteReply;
}

export type RouteMatch =
  | { kind: "found"; route: Route; params: Record<string, string> }
  | { kind: "wrong-method" }
  | { kind: "none" };

export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch {
  const segments = path.split("/").filter(Boolean);
  let pathMatched = false;
  for (const route of routes) {
    const params = matchPattern(route.pattern, segments);
    if (!params) continue;
    if (route.method === method) return { kind: "found", route, params };
    pathMatched = true;
  }
  return pathMatched ? { kind: "wrong-method" } : { kind: "none" };
}

function matchPattern(pattern: string, segments: string[]): Record<string, string> | null {
  const parts = pattern.split("/").filter(Boolean);
  if (parts.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (const [index, part] of parts.entries()) {
    const segment = decodeURIComponent(segments[index] ?? "");
    if (part.startsWith(":")) params[part.slice(1)] = segment;
    else if (part !== segment) return null;
  }
  return params;
}

export const json = (body: unknown, status = 200): RouteReply => ({ status, body });
export const noContent = (): RouteReply => ({ status: 204 });
