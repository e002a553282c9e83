import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import { urlToHttpOptions } from "node:url";

/** What the client reads of an answer: the status, Retry-After and the body as text. */
export interface TransportResponse {
  readonly status: number;
  readonly retryAfter: string | null;
  readonly text: string;
}

export interface TransportRequest {
  readonly method: "GET" | "POST";
  /** Path and query, appended to the base URL's path. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface TransportOptions {
  /** Up to and including `/v1`. */
  readonly baseUrl: string;
  /** For the whole exchange, from sending to the last byte of the body. */
  readonly timeoutMs: number;
  /** A JSON answer is a few hundred bytes; anything past this is not one. */
  readonly maxBodyBytes: number;
}

export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

/** The answer's body was longer than `maxBodyBytes`; it was cut off unread. */
export class ResponseTooLargeError extends Error {
  override readonly name = "ResponseTooLargeError";

  constructor(
    readonly httpStatus: number,
    readonly limitBytes: number,
  ) {
    super(`response body over ${limitBytes} bytes`);
  }
}

// Below the 5 s keep-alive timeout of Node's own servers and most proxies, so that an idle
// connection is given up by us first; a server's shorter `Keep-Alive: timeout=` hint still wins.
const IDLE_SOCKET_MS = 4_000;

const timedOut = () => new DOMException("The request timed out", "TimeoutError");

function isStaleConnection(error: unknown, request: http.ClientRequest, answered: boolean) {
  const code = error instanceof Error && "code" in error ? error.code : null;
  return code === "ECONNRESET" && request.reusedSocket && !answered;
}

function readBody(response: IncomingMessage, maxBodyBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const status = response.statusCode ?? 0;
    const chunks: Buffer[] = [];
    let size = 0;
    // Cutting the answer off closes its connection, so the agent never hands it out again.
    const tooLarge = () => response.destroy(new ResponseTooLargeError(status, maxBodyBytes));
    response.on("error", reject);
    if (Number(response.headers["content-length"]) > maxBodyBytes) {
      tooLarge();
      return;
    }
    response.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) tooLarge();
      else chunks.push(chunk);
    });
    response.once("end", () => resolve(Buffer.concat(chunks, size).toString("utf8")));
  });
}

/**
 * Seedance over Node's own http/https with a keep-alive agent, instead of `fetch`: at hundreds of
 * polls a second, fetch's WHATWG Request, Response, Headers and stream objects per call were a
 * large share of the bot's garbage. A GET whose reused connection turns out to have been closed
 * by the server is sent once more on a new one; a POST never is (it may have created a task).
 */
export function createTransport(options: TransportOptions): Transport {
  const { timeoutMs, maxBodyBytes } = options;
  const baseUrl = new URL(options.baseUrl.replace(/\/+$/, ""));
  const base = urlToHttpOptions(baseUrl);
  const basePath = baseUrl.pathname.replace(/\/+$/, "");
  const secure = base.protocol === "https:";
  const agent = secure
    ? new https.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS })
    : new http.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS });
  const send = secure ? https.request : http.request;

  function attempt(request: TransportRequest, deadline: number, retry: boolean) {
    return new Promise<TransportResponse>((resolve, reject) => {
      let mayRetry = retry;
      let answered = false;
      let expired = false;
      const outgoing = send({
        protocol: base.protocol,
        hostname: base.hostname,
        port: base.port,
        path: `${basePath}${request.path}`,
        method: request.method,
        headers: request.headers,
        agent,
      });
      // Cleared with the answer: nothing of a poll outlives it (see the client's tests).
      const timer = setTimeout(() => {
        expired = true;
        outgoing.destroy(timedOut());
      }, deadline - performance.now());
      // Destroying a request can surface as an error on the request and on its response, in
      // either order; the first settles the promise, and a timeout is reported as one.
      const fail = (error: unknown) => {
        clearTimeout(timer);
        if (expired) reject(timedOut());
        else if (mayRetry && isStaleConnection(error, outgoing, answered)) {
          mayRetry = false;
          resolve(attempt(request, deadline, false));
        } else reject(error);
      };
      outgoing.on("error", fail);
      outgoing.once("response", (response) => {
        answered = true;
        const retryAfter = response.headers["retry-after"] ?? null;
        readBody(response, maxBodyBytes).then((text) => {
          clearTimeout(timer);
          resolve({ status: response.statusCode ?? 0, retryAfter, text });
        }, fail);
      });
      outgoing.end(request.body);
    });
  }

  return (request) => attempt(request, performance.now() + timeoutMs, request.method === "GET");
}
