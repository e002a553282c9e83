import type { Db } from "./client.js";
import { eq } from "./drizzle/core.js";
import { botState } from "./schema.js";

export function readBotState(db: Db, key: string): string | undefined {
  return db.select({ value: botState.value }).from(botState).where(eq(botState.key, key)).get()
    ?.value;
}

export function writeBotState(db: Db, key: string, value: string): void {
  db.insert(botState)
    .values({ key, value })
    .onConflictDoUpdate({ target: botState.key, set: { value } })
    .run();
}
