/**
 * `npm run backup -- <file>`: an online, consistent copy of the bot's database, safe to take while
 * the bot runs. Restore by stopping the bot and putting the copy at DATABASE_PATH. With
 * DATABASE_URL set it points to pg_dump instead.
 */
import { type Config, ConfigError, loadDatabaseLocation } from "../config.js";
import { createLogger } from "../logger.js";
import {
  BackupTargetExistsError,
  backupDatabase,
  PG_DUMP_ADVICE,
  pgDumpCommand,
} from "../services/ops/backup.js";

const logger = createLogger({ logLevel: "info" });
const [given, ...extra] = process.argv.slice(2);
const target = given && extra.length === 0 && !given.startsWith("-") ? given : undefined;
const location = readLocation();
if (!location) {
  process.exitCode = 1;
} else if (location.databaseUrl !== undefined) {
  // Never the URL itself: it holds the database password.
  logger.error({ command: pgDumpCommand(target) }, PG_DUMP_ADVICE);
  process.exitCode = 1;
} else if (!target) {
  logger.error("Usage: npm run backup -- <backup file>   (the file must not exist yet)");
  process.exitCode = 2;
} else {
  await backUpTo(location.databasePath, target);
}

function readLocation(): Pick<Config, "databasePath" | "databaseUrl"> | null {
  try {
    return loadDatabaseLocation();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    logger.error({ problems: error.problems }, "Invalid configuration");
    return null;
  }
}

async function backUpTo(source: string, target: string): Promise<void> {
  try {
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
