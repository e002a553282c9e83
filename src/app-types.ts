import type { Client } from "discord.js";
import type pino from "pino";
import type { Clock } from "./lib/clock.js";
import type { Logger } from "./logger.js";
import type { Metrics } from "./services/ops/metrics.js";
import type { Storage } from "./services/storage/storage.js";

/** Seams for tests and benchmarks; production uses the defaults. */
export interface AppOverrides {
  /**
   * The app can't go on safely (its database file vanished): main.ts stops it and exits
   * non-zero so the process manager restarts it on the real file.
   */
  readonly onFatal?: (error: Error) => void;
  readonly clock?: Clock;
  readonly random?: () => number;
  readonly logDestination?: pino.DestinationStream;
}

export interface App {
  readonly logger: Logger;
  readonly storage: Storage;
  readonly client: Client;
  readonly metrics: Metrics;
  start(): Promise<void>;
  stop(): Promise<void>;
}
