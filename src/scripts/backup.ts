/**
 * `npm run backup -- <file>`: an online, consistent copy of the bot's database, safe to take while
 * the bot runs. Restore by stopping the bot and putting the copy at DATABASE_PATH.
 *
 * Only DATABASE_PATH is read, not the whole configuration: a backup job (cron, a sidecar
 * container) should need neither the Discord token nor the Seedance key, and must work even when
 * those are absent or being rotated. It is read the way config.ts reads it (.env, then zod).
 */
import { z } from "zod";
import { createLogger } from "../logger.js";
import { BackupTargetExistsError, backupDatabase } from "../services/backup.js";

const envSchema = z.object({ DATABASE_PATH: z.string().min(1).default("./data/bot.db") });

function loadDatabasePath(): string {
  try {
    process.loadEnvFile(".env");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  // A blank value counts as unset, as in config.ts.
  const given = process.env.DATABASE_PATH?.trim() || undefined;
  return envSchema.parse({ DATABASE_PATH: given }).DATABASE_PATH;
}

const [target, ...extra] = process.argv.slice(2);
if (!target || extra.length > 0 || target.startsWith("-")) {
  console.error("Usage: npm run backup -- <backup file>   (the file must not exist yet)");
  process.exit(2);
}

const logger = createLogger({ logLevel: "info" });
try {
  const source = loadDatabasePath();
  const started = performance.now();
  const { bytes, method } = await backupDatabase(source, target);
  const ms = Math.round(performance.now() - started);
  logger.info({ source, target, bytes, method, ms }, "Backup written and verified");
} catch (error) {
  if (error instanceof BackupTargetExistsError) {
    console.error(error.message);
  } else {
    logger.error({ err: error }, "Backup failed");
  }
  process.exitCode = 1;
}
