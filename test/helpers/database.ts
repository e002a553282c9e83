import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BotDatabase, openDatabase } from "../../src/db/client.js";

export interface TempDatabase extends BotDatabase {
  readonly path: string;
  /** Closes the connection and deletes the file and its folder. */
  dispose(): void;
}

/** A real SQLite file with the real migrations, in a folder of its own. */
export function openTempDatabase(): TempDatabase {
  const folder = mkdtempSync(join(tmpdir(), "seedance-bot-test-"));
  const path = join(folder, "bot.db");
  const database = openDatabase(path);
  return {
    ...database,
    path,
    dispose() {
      if (database.sqlite.open) database.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
