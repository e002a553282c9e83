import { type Logger, pino } from "pino";
import type { Config } from "./config.js";

export type { Logger };

/**
 * Paths pino blanks out wherever they appear in a logged object. The secrets themselves are never
 * logged on purpose; this is the safety net for an error or payload logged whole.
 */
const REDACTED_PATHS = [
  "token",
  "*.token",
  "interactionToken",
  "*.interactionToken",
  "apiKey",
  "*.apiKey",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "*.headers.authorization",
  "config.discord.token",
  "config.seedance.apiKey",
];

export function createLogger(
  config: Pick<Config, "logLevel">,
  destination?: pino.DestinationStream,
): Logger {
  return pino(
    {
      level: config.logLevel,
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      base: { pid: process.pid },
    },
    destination,
  );
}
