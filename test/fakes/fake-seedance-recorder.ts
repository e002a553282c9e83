import type { IncomingMessage } from "node:http";

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Every header except `authorization`, whose value is never kept (see `authorized`). */
  headers: Record<string, string>;
  /** Whether the request carried the configured `Bearer` key. */
  authorized: boolean;
  /** Parsed JSON body, or null when there was none or it wasn't JSON. */
  body: unknown;
  /** The client's port: requests on one kept-alive connection share it. */
  remotePort: number | undefined;
  at: number;
}

export type RequestPredicate = (request: RecordedRequest) => boolean;

export function headersWithoutAuth(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (name === "authorization" || value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

interface Waiter {
  predicate: RequestPredicate;
  count: number;
  matches: RecordedRequest[];
  resolve: (matches: RecordedRequest[]) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * Every request the fake saw, plus waiters that resolve once enough matching requests arrived.
 * A waiter checks each new request once, so waiting stays cheap while thousands of polls land.
 */
export function createRequestLog() {
  const requests: RecordedRequest[] = [];
  const waiters = new Set<Waiter>();
  let keep = true;

  function settle(waiter: Waiter, outcome: RecordedRequest[] | Error) {
    clearTimeout(waiter.timer);
    waiters.delete(waiter);
    if (outcome instanceof Error) waiter.reject(outcome);
    else waiter.resolve(outcome);
  }

  return {
    requests: requests as readonly RecordedRequest[],

    /** Turn off to run long benchmarks without keeping every request (waiters still work). */
    setKeep(value: boolean) {
      keep = value;
    },

    add(request: RecordedRequest) {
      if (keep) requests.push(request);
      for (const waiter of waiters) {
        if (!waiter.predicate(request)) continue;
        waiter.matches.push(request);
        if (waiter.matches.length >= waiter.count) settle(waiter, waiter.matches);
      }
    },

    waitFor(predicate: RequestPredicate, count: number, timeoutMs: number) {
      return new Promise<RecordedRequest[]>((resolve, reject) => {
        const matches = requests.filter(predicate);
        if (matches.length >= count) {
          resolve(matches);
          return;
        }
        const waiter: Waiter = {
          predicate,
          count,
          matches,
          resolve,
          reject,
          timer: setTimeout(() => {
            const seen = waiter.matches.length;
            settle(
              waiter,
              new Error(`Waited ${timeoutMs} ms for ${count} request(s), saw ${seen}`),
            );
          }, timeoutMs),
        };
        waiters.add(waiter);
      });
    },

    clear() {
      requests.length = 0;
    },

    rejectWaiters(reason: string) {
      for (const waiter of waiters) settle(waiter, new Error(reason));
    },
  };
}
