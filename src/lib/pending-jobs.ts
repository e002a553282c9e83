import { randomUUID } from "node:crypto";
import type { Clock } from "./clock.js";

/** A job waiting for its member's "Generate", kept only in memory: a restart forgets it. */
export interface Pending<T> {
  readonly guildId: string;
  readonly userId: string;
  readonly value: T;
  readonly expiresAt: number;
}

export type PendingJobs<T> = ReturnType<typeof createPendingJobs<T>>;

/**
 * Jobs that asked to be confirmed (`/settings confirm_above`). A button carries only the id; the
 * job's settings stay here, so a crafted custom id can't change what is generated or for whom.
 * Each entry is taken at most once, so a double click starts one job.
 */
export function createPendingJobs<T>(clock: Clock, ttlMs: number) {
  const held = new Map<string, Pending<T>>();

  function sweep(): void {
    const now = clock.now();
    for (const [id, pending] of held) if (pending.expiresAt <= now) held.delete(id);
  }

  return {
    hold(guildId: string, userId: string, value: T): string {
      sweep();
      const id = randomUUID();
      held.set(id, { guildId, userId, value, expiresAt: clock.now() + ttlMs });
      return id;
    },

    /** The entry, removed, if it is still waiting and belongs to this member in this server. */
    take(id: string, guildId: string, userId: string): Pending<T> | undefined {
      sweep();
      const pending = held.get(id);
      if (!pending || pending.guildId !== guildId || pending.userId !== userId) return undefined;
      held.delete(id);
      return pending;
    },

    get size(): number {
      return held.size;
    },
  };
}
