/**
 * When to ask Seedance whether a job is done (without callbacks, polling is how a member gets
 * their video). The schedule is a fixed list of times after the job's submission, worked out
 * from the expected render time alone, so it is a pure function of stored columns: after a
 * restart the same times come out again, with no per-poll database write to remember them.
 *
 *   submit ─ base ─── ≤ cap ─── ≤ cap ─┬─ dense polls ─┴─ ×1.5 back-off up to the cap ─…
 *                              expected −25 %     expected +25 %
 */
export interface PollPlan {
  /** How long a task with these settings usually takes (see render-time-estimate.ts). */
  readonly expectedMs: number;
  /** The first poll comes this long after submission (catches tasks that fail at once). */
  readonly baseIntervalMs: number;
  /** No two polls are further apart than this. */
  readonly maxIntervalMs: number;
}

/** Where a job's schedule is anchored; both are stored on the job, so a restart resumes it. */
export interface PollAnchor {
  /** When Seedance accepted the job (epoch ms). */
  readonly submittedAt: number;
  readonly expectedMs: number;
}

export interface PlannedPoll {
  /** When to poll, counted from the job's submission. */
  readonly atMs: number;
  /** How far either side of `atMs` jitter may move it: never enough to swap with a neighbour. */
  readonly spreadMs: number;
}

/** Tasks with the same settings finish within about ±25 % of their typical time. */
export const FINISH_SPREAD = 0.25;
/** Polls across each half of that window: the member waits about window / 14 on average. */
const DENSE_POLLS_PER_HALF = 7;
/** A short task's window is still polled at most every 2 s: seen within 2 s is plenty. */
const MIN_DENSE_GAP_MS = 2_000;
const BACKOFF = 1.5;
/** Each poll moves up to a fifth of the shorter gap beside it, so jobs don't poll in lockstep. */
export const JITTER = 0.2;

/**
 * The gap between polls while the task is most likely to finish: never more than the base
 * interval (5 s by default, so a video is seen under 5 s after it is ready) and shorter for short
 * tasks, so every job spends about the same number of polls in its window.
 */
export function denseGapMs(plan: PollPlan): number {
  const halfWindow = plan.expectedMs * FINISH_SPREAD;
  return Math.min(
    plan.baseIntervalMs,
    Math.max(MIN_DENSE_GAP_MS, halfWindow / DENSE_POLLS_PER_HALF),
  );
}

/** Every planned poll time, in order, forever (the job timeout ends the job, not the schedule). */
export function* pollTimes(plan: PollPlan): Generator<number, never> {
  const dense = denseGapMs(plan);
  const windowStart = plan.expectedMs * (1 - FINISH_SPREAD);
  const windowEnd = plan.expectedMs * (1 + FINISH_SPREAD);
  let at = plan.baseIntervalMs;
  yield at;
  // The approach: evenly spaced, at most the cap apart, the last one on the window's start.
  if (windowStart - at >= dense) {
    const hops = Math.ceil((windowStart - at) / plan.maxIntervalMs);
    const step = (windowStart - at) / hops;
    for (let hop = 1; hop < hops; hop++) yield at + hop * step;
    at = windowStart;
    yield at;
  }
  while (at < windowEnd) {
    at += dense;
    yield at;
  }
  // Late tasks: back off as the old poller did, so a stuck task costs a few polls a minute.
  for (let gap = dense; ; ) {
    gap = Math.min(gap * BACKOFF, plan.maxIntervalMs);
    at += gap;
    yield at;
  }
}

/** The first planned poll strictly after `afterMs` (from submission), with its jitter allowance. */
export function nextPoll(plan: PollPlan, afterMs: number): PlannedPoll {
  const times = pollTimes(plan);
  let previous = 0;
  let current = times.next().value;
  while (current <= afterMs) {
    previous = current;
    current = times.next().value;
  }
  const following = times.next().value;
  return { atMs: current, spreadMs: JITTER * Math.min(current - previous, following - current) };
}
