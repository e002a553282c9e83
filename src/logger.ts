import { type Logger, pino } from "pino";
import type { Config } from "./config.js";
import { capLogLine, redactLogObject } from "./log-redaction.js";

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
  "databaseUrl",
  "*.databaseUrl",
  "config.discord.token",
  "config.seedance.apiKey",
  "config.databaseUrl",
];

/**
 * JSON lines for log collectors; readable colours only when a person is watching a terminal.
 * `destination` lets tests capture every line.
 */
export function createLogger(
  config: Pick<Config, "logLevel">,
  destination?: pino.DestinationStream,
): Logger {
  const options: pino.LoggerOptions = {
    level: config.logLevel,
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    base: { pid: process.pid },
    formatters: { log: redactLogObject },
    // redactLogObject has already serialised every error (pino runs formatters first); the
    // default err serializer would re-read the plain result and name its type "Object".
    serializers: { err: (value: unknown) => value },
    hooks: { streamWrite: capLogLine },
  };
  if (destination) return pino(options, destination);
  if (process.stdout.isTTY) {
    return pino({ ...options, transport: { target: "pino-pretty", options: { colorize: true } } });
  }
  return pino(options);
}
