/**
 * `npm run backup -- <file>`: an online, consistent copy of the bot's database, safe to take while
 * the bot runs. Restore by stopping the bot and putting the copy at DATABASE_PATH.
 */
import { loadDatabasePath } from "../config.js";
import { createLogger } from "../logger.js";
import { BackupTargetExistsError, backupDatabase } from "../services/ops/backup.js";

const logger = createLogger({ logLevel: "info" });
const [target, ...extra] = process.argv.slice(2);
if (!target || extra.length > 0 || target.startsWith("-")) {
  logger.error("Usage: npm run backup -- <backup file>   (the file must not exist yet)");
  process.exitCode = 2;
} else {
  await backUpTo(target);
}

async function backUpTo(target: string): Promise<void> {
  try {
    const source = loadDatabasePath();
    const started = performance.now();
    const { bytes, method } = await backupDatabase(source, target);
    const ms = Math.round(performance.now() - started);
    logger.info({ source, target, bytes, method, ms }, "Backup written and verified");
  } catch (error) {
    if (error instanceof BackupTargetExistsError) {
      logger.error({ target }, error.message);
    } else {
      logger.error({ err: error }, "Backup failed");
    }
    process.exitCode = 1;
  }
}
