import type { Job } from "../../db/schema.js";

/** A steady stream of commands must not hold submits back for longer than this. */
const MAX_WAIT_MS = 250;

export interface SubmitQueueOptions {
  /** Stores every job's first attempt and message id in one commit; rejects if it can't. */
  readonly record: (jobs: readonly Job[]) => Promise<void>;
  /** Starts a job's submit; `recorded` says whether its first attempt is stored already. */
  readonly start: (job: Job, recorded: boolean) => void;
  readonly maxWaitMs?: number;
}

export type SubmitQueue = ReturnType<typeof createSubmitQueue>;

/**
 * Replies first, submits after (issue 16). A submit started as soon as its own reply lands runs
 * its first-attempt write (an fsync) and its Seedance request ahead of the replies other members
 * are still waiting for. So submits wait until no answer is on its way, then start together, their
 * first attempts stored in one commit — still before any request reaches Seedance.
 */
export function createSubmitQueue(options: SubmitQueueOptions) {
  const maxWaitMs = options.maxWaitMs ?? MAX_WAIT_MS;
  let answering = 0;
  let waiting: Job[] = [];
  let scheduled = false;
  let deadline: NodeJS.Timeout | null = null;

  async function startAll(): Promise<void> {
    if (deadline) clearTimeout(deadline);
    deadline = null;
    const batch = waiting;
    waiting = [];
    if (batch.length === 0) return;
    // Unrecorded, each submit writes its own attempt, and fails (logged) as before batching.
    const recorded = await options.record(batch).then(
      () => true,
      () => false,
    );
    for (const job of batch) options.start(job, recorded);
  }

  /** One turn later, so the jobs whose replies landed together start in one commit. */
  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      if (answering === 0) void startAll();
    });
  }

  return {
    /** Runs a member's answer (reservation and reply), counted so that submits wait for it. */
    async whileAnswering<T>(answer: () => Promise<T>): Promise<T> {
      answering += 1;
      try {
        return await answer();
      } finally {
        answering -= 1;
        if (answering === 0 && waiting.length > 0) schedule();
      }
    },

    /** Queues a replied job's submit. */
    submit(job: Job): void {
      waiting.push(job);
      deadline ??= setTimeout(() => void startAll(), maxWaitMs);
      if (answering === 0) schedule();
    },

    /** Starts whatever waits now (shutdown: the submits run, and stop waits for them). */
    flush: startAll,
  };
}
