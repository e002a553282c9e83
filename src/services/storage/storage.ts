import type { JobWakeup, JobWakeups } from "../../db/pg/job-wakeups.js";
import type { Job } from "../../db/schema.js";
import type { Async } from "../../lib/async.js";
import type { Ledger } from "../credits/ledger.js";
import type { JobReservation, JobStore } from "../jobs/job-store.js";
import type { JobLeases } from "../jobs/lease-keeper.js";
import type { AlertClaims } from "../ops/operator-alerts.js";
import type { SettingsStore } from "../settings/settings-store.js";

/** The job store as the services see it, whichever database holds the jobs. */
export type JobStorePort = Async<JobStore>;

/**
 * The ledger as commands and services see it. The job steps (charge, refund, settle) and the
 * spend checks are left out: they only ever run inside a job store transaction.
 */
export type LedgerPort = Async<
  Omit<Ledger, "chargeJob" | "refundJob" | "settleJob" | "checkBalance" | "checkDailyLimit">
>;

export type SettingsPort = Async<SettingsStore>;

/** Small facts the bot keeps about itself (the registered commands' hash, say). */
export interface BotStatePort {
  read(key: string): Promise<string | undefined>;
  write(key: string, value: string): Promise<void>;
}

export type DatabaseKind = "sqlite" | "postgresql";

/** What several processes sharing one database need to share the jobs (issue 17). */
export interface Cluster {
  /** This process's lease owner id (PROCESS_ID). */
  readonly processId: string;
  readonly leases: JobLeases;
  /** Listens for callbacks other processes received for jobs this one may hold. */
  openWakeups(onWakeup: (wakeup: JobWakeup) => void): Promise<JobWakeups>;
}

/** Everything the bot keeps, behind one boundary: SQLite by default, PostgreSQL to scale out. */
export interface Storage {
  readonly kind: DatabaseKind;
  readonly jobs: JobStorePort;
  readonly ledger: LedgerPort;
  readonly settings: SettingsPort;
  readonly botState: BotStatePort;
  /** Null on SQLite: its single process owns every job. */
  readonly cluster: Cluster | null;
  /** Operator alerts sent once between the processes sharing the database. */
  readonly alerts: AlertClaims;
  /**
   * Checks and charges a new job, committed before it resolves. SQLite commits the reservations
   * of one event-loop turn together (reservation-batcher.ts), on a thread of their own
   * (reservation-thread-client.ts), and PostgreSQL commits them together too
   * (pg-reservation-batcher.ts).
   */
  reserve(reservation: JobReservation): Promise<Job>;
  /**
   * Why the store can't be trusted any more, or null: SQLite's file was deleted or replaced
   * under the running bot, or its reservation thread stopped. Always null on PostgreSQL, whose
   * server guards its own files.
   */
  problem(): string | null;
  /** Whether a write would succeed right now, for /healthz. */
  writable(): Promise<boolean>;
  close(): Promise<void>;
}
