import { Worker } from "node:worker_threads";
import type { Logger } from "pino";
import type { Job } from "../../db/schema.js";
import type { Settled } from "../../lib/turn-batcher.js";
import type { ConcurrencyLimits, JobReservation } from "../jobs/job-types.js";
import {
  fromWireError,
  fromWireOutcome,
  type WireError,
  type WireOutcome,
} from "../jobs/reservation-wire.js";

export interface ReservationThreadData {
  readonly path: string;
  readonly limits: ConcurrencyLimits;
}

export type ReservationRequest =
  | {
      readonly type: "commit";
      readonly id: number;
      /** The main thread's clock: the one the rest of the bot (and a test) runs on. */
      readonly now: number;
      readonly reservations: readonly JobReservation[];
    }
  | { readonly type: "close" };

export type ReservationResponse =
  | { readonly ready: true }
  | { readonly id: number; readonly outcomes: readonly WireOutcome[] }
  | { readonly id: number; readonly failure: WireError };

export type ReservationThread = Awaited<ReturnType<typeof startReservationThread>>;

interface Waiting {
  resolve(outcomes: readonly Settled<Job>[]): void;
  reject(error: unknown): void;
}

/** `.js` once built; `.ts` when the bot runs from source (tests, `npm run dev`). */
const ENTRY = new URL(
  `./reservation-thread${import.meta.url.slice(import.meta.url.lastIndexOf("."))}`,
  import.meta.url,
);

/**
 * SQLite's reservations, committed on a thread of their own (issue 16). better-sqlite3 runs
 * each statement on the calling thread; a burst's reservation commit (its inserts, index
 * updates and fsync) took a quarter of the bot's event loop while 200 members waited for their
 * answers. Here the event loop only posts each turn's reservations and reads back the results,
 * so it keeps parsing and answering the next commands meanwhile. The thread has its own
 * connection to the same file; SQLite's write lock orders its commits with the main
 * connection's writes, as it does a backup script's.
 *
 * Resolves once the thread's connection is open, so no command waits for the thread to load. A
 * thread that stops later (it shouldn't: the errors of a commit are answered, not thrown) leaves
 * its batches' outcome unknown, so `problem()` reports it and the bot exits; the restart's
 * recovery settles whatever those reservations left.
 */
export async function startReservationThread(
  data: ReservationThreadData,
  logger: Logger,
  // A test's stand-in for the thread: one that dies as a real one could.
  spawnThread: (data: ReservationThreadData) => Worker = spawn,
) {
  const worker = spawnThread(data);
  // A process that ends without closing storage (a script that failed) must not hang on the
  // thread; a transaction it cuts short is rolled back, never half-committed.
  worker.unref();
  const waiting = new Map<number, Waiting>();
  let nextId = 0;
  let closing = false;
  let problem: string | null = null;

  let started = { resolve: () => {}, reject: (_error: Error) => {} };
  const starting = new Promise<void>((resolve, reject) => {
    started = { resolve, reject };
  });

  /** Fails start-up if it is still under way, and every commit waiting for an answer. */
  function stop(reason: string): void {
    problem ??= reason;
    const error = new Error(reason);
    started.reject(error);
    for (const entry of waiting.values()) entry.reject(error);
    waiting.clear();
  }

  worker.on("message", (response: ReservationResponse) => {
    if ("ready" in response) return started.resolve();
    const entry = waiting.get(response.id);
    waiting.delete(response.id);
    if ("failure" in response) entry?.reject(fromWireError(response.failure));
    else entry?.resolve(response.outcomes.map(fromWireOutcome));
  });
  worker.on("error", (error) => {
    logger.error({ err: error }, "The reservation thread failed");
    stop(`The reservation thread failed: ${error.message}`);
  });
  const exited = new Promise<void>((resolve) =>
    worker.once("exit", (code) => {
      if (!closing) stop(`The reservation thread exited (code ${code})`);
      resolve();
    }),
  );

  await starting;
  return {
    /** Commits the reservations together; each settles with its job or its refusal. */
    commit(reservations: readonly JobReservation[], now: number): Promise<readonly Settled<Job>[]> {
      if (problem !== null || closing) {
        return Promise.reject(new Error(problem ?? "The reservation thread is closing"));
      }
      const id = nextId++;
      const request: ReservationRequest = { type: "commit", id, now, reservations };
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage(request);
      });
    },

    /** Why reservations can't be trusted to commit any more, or null. */
    problem: (): string | null => problem,

    /** Lets the commits under way finish, then closes the thread's connection. */
    async close(): Promise<void> {
      closing = true;
      const close: ReservationRequest = { type: "close" };
      worker.postMessage(close);
      await exited;
    },
  };
}

/**
 * The thread's heap, sized for its work: a batch holds a few hundred reservations and their rows,
 * well under a megabyte. Left to itself, V8 sizes a thread's young generation from the machine's
 * memory, as it does the main thread's (64 MiB semi-spaces on a 24 GiB host with Node 24), and a
 * thread that only ever holds one batch would keep ~100 MiB of RSS for it.
 */
const THREAD_HEAP = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 64 };

function spawn(data: ReservationThreadData): Worker {
  const options = { workerData: data, resourceLimits: THREAD_HEAP };
  if (ENTRY.pathname.endsWith(".js")) return new Worker(ENTRY, options);
  // From source, the thread compiles TypeScript the way its parent does (tsx, a dev dependency).
  // Resolved here: the thread's own resolution would start from the working directory.
  const tsx = import.meta.resolve("tsx/esm/api");
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => {
    register();
    return import(${JSON.stringify(ENTRY.href)});
  });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
