import { type Logger, pino } from "pino";
import type { Config } from "./config.js";
import { capLogLine, redactLogObject } from "./log-redaction.js";

export type { Logger };

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
    base: { pid: process.pid },
    // redactLogObject blanks secrets at any depth, so pino's `redact` (which parses each of its
    // paths again on every line) would only do the same work twice.
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
