import { readBotState, writeBotState } from "../../db/bot-state.js";
import type { Db } from "../../db/client.js";
import { readPgBotState, writePgBotState } from "../../db/pg/bot-state.js";
import type { PgExecutor } from "../../db/pg/client.js";
import { asynchronous } from "../../lib/async.js";
import type { BotStatePort } from "./storage.js";

/** The bot's own facts in SQLite's `bot_state`. */
export function sqliteBotState(db: Db): BotStatePort {
  return asynchronous({
    read: (key: string) => readBotState(db, key),
    write: (key: string, value: string) => writeBotState(db, key, value),
  });
}

/** The bot's own facts in PostgreSQL's `bot_state`. */
export function pgBotState(db: PgExecutor): BotStatePort {
  return {
    read: (key) => readPgBotState(db, key),
    write: (key, value) => writePgBotState(db, key, value),
  };
}
