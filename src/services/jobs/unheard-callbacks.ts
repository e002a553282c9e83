import type { Clock } from "../../lib/clock.js";

/**
 * Callbacks no process acted on, kept until the job's lease has surely lapsed: its holder died
 * with the lease still valid, and a job it was submitting learns its task from nothing else.
 */
export function createUnheardCallbacks(clock: Clock, keepMs: number) {
  const kept = new Map<string, { taskId: string; until: number }>();
  return {
    keep(jobId: string, taskId: string): void {
      const now = clock.now();
      // Insertion order is arrival order: the expired ones are at the front.
      for (const [id, entry] of kept) {
        if (entry.until > now) break;
        kept.delete(id);
      }
      kept.delete(jobId);
      kept.set(jobId, { taskId, until: now + keepMs });
    },
    take(jobId: string): string | null {
      const entry = kept.get(jobId);
      kept.delete(jobId);
      return entry !== undefined && entry.until > clock.now() ? entry.taskId : null;
    },
  };
}
