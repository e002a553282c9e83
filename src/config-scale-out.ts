import { z } from "zod";

/**
 * The settings of a bot run as several processes on one PostgreSQL database (README "Scaling
 * out"), and the rules that tie them together; config.ts folds them into the one schema.
 */

const shardIds = z
  .string()
  .transform((value) =>
    value
      .split(",")
      .map((id) => id.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(z.string().regex(/^\d+$/, "must be a shard number (0, 1, 2…)").transform(Number))
      .min(1, "must list at least one shard"),
  )
  .refine((ids) => new Set(ids).size === ids.length, "lists a shard twice");

export const scaleOutFields = {
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// or postgresql:// URL" })
    .optional(),
  SHARD_COUNT: z.coerce.number().int().positive().optional(),
  SHARD_IDS: shardIds.optional(),
  PROCESS_ID: z
    .string()
    .trim()
    .regex(/^[\w.:@-]{1,128}$/, "must be 1–128 letters, digits or . _ : @ -")
    .optional(),
  JOB_LEASE_MS: z.coerce
    .number()
    .int()
    .min(5_000, "must be at least 5000 (5 seconds)")
    .default(30_000),
};

type ShardEnv = { SHARD_COUNT?: number; SHARD_IDS?: number[]; DATABASE_URL?: string };

/**
 * SHARD_COUNT is the total across every process; SHARD_IDS the ones this process runs. A process
 * that leaves shards to others shares the database with them, which SQLite can't (one process).
 */
export function checkShards(env: ShardEnv, ctx: z.core.$RefinementCtx<ShardEnv>): void {
  const { SHARD_COUNT: count, SHARD_IDS: ids } = env;
  const problem = (message: string) =>
    ctx.addIssue({ code: "custom", path: ["SHARD_IDS"], message });
  if (ids === undefined) return;
  if (count === undefined) {
    problem("needs SHARD_COUNT, the number of shards across all processes");
    return;
  }
  const outside = ids.filter((id) => id >= count);
  if (outside.length > 0) {
    problem(
      `has ${outside.join(", ")}, but with SHARD_COUNT=${count} shards run 0 to ${count - 1}`,
    );
  } else if (ids.length < count && env.DATABASE_URL === undefined) {
    problem(
      "leaves shards to other processes, which must share one PostgreSQL database: set DATABASE_URL (SQLite serves one process only)",
    );
  }
}

/** The gateway shards this process runs; undefined: discord.js's default, one shard. */
export type ShardPlan = { readonly ids: readonly number[]; readonly count: number } | undefined;

/** SHARD_COUNT alone: this process runs every shard. */
export function shardsOf(count: number | undefined, ids: readonly number[] | undefined): ShardPlan {
  if (count === undefined) return undefined;
  const running = ids ?? Array.from({ length: count }, (_, id) => id);
  return { ids: [...running].sort((a, b) => a - b), count };
}
