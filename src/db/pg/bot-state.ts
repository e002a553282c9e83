import { eq } from "../drizzle/core.js";
import type { PgExecutor } from "./client.js";
import { botState } from "./schema.js";

/** bot-state.ts on PostgreSQL: small facts the bot keeps about itself. */
export async function readPgBotState(db: PgExecutor, key: string): Promise<string | undefined> {
  const [row] = await db
    .select({ value: botState.value })
    .from(botState)
    .where(eq(botState.key, key));
  return row?.value;
}

export async function writePgBotState(db: PgExecutor, key: string, value: string): Promise<void> {
  await db
    .insert(botState)
    .values({ key, value })
    .onConflictDoUpdate({ target: botState.key, set: { value } });
}
