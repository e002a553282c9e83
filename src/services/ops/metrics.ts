import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { JobState } from "../../domain/job-states.js";

export type Metrics = ReturnType<typeof createMetrics>;

export interface MetricSources {
  readonly countJobsByState: () => Promise<Record<JobState, number>>;
  /** Each gateway shard this process runs, and whether it is connected. */
  readonly gatewayShards?: () => Iterable<readonly [shard: number, connected: boolean]>;
  /**
   * Set when several processes share the work: every series is labelled with it, so one
   * Prometheus can tell them apart.
   */
  readonly processId?: string;
}

/** The bot's Prometheus metrics, on a registry of its own (no global state). */
export function createMetrics(sources: MetricSources) {
  const { countJobsByState, gatewayShards } = sources;
  const registry = new Registry();
  if (sources.processId) registry.setDefaultLabels({ process: sources.processId });
  collectDefaultMetrics({ register: registry });
  const seconds = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

  return {
    registry,
    jobsByState: new Gauge({
      name: "seedance_bot_jobs",
      help: "Jobs in the database, by state",
      labelNames: ["state"] as const,
      registers: [registry],
      async collect() {
        for (const [state, count] of Object.entries(await countJobsByState())) {
          this.set({ state }, count);
        }
      },
    }),
    gatewayShards: new Gauge({
      name: "seedance_bot_gateway_shard_connected",
      help: "1 while the gateway shard is connected, by shard",
      labelNames: ["shard"] as const,
      registers: [registry],
      collect() {
        for (const [shard, connected] of gatewayShards?.() ?? []) {
          this.set({ shard: String(shard) }, connected ? 1 : 0);
        }
      },
    }),
    generateSeconds: new Histogram({
      name: "seedance_generate_duration_seconds",
      help: "Latency of Seedance generate requests",
      buckets: seconds,
      registers: [registry],
    }),
    pollSeconds: new Histogram({
      name: "seedance_poll_duration_seconds",
      help: "Latency of Seedance status requests",
      buckets: seconds,
      registers: [registry],
    }),
    statusPolls: new Counter({
      name: "seedance_bot_status_polls_total",
      help: "Status checks made by the poller (counted here, not in the database)",
      registers: [registry],
    }),
    pollsPerJob: new Histogram({
      name: "seedance_bot_polls_per_job",
      help: "Status checks a job needed until it finished, since the bot last started",
      buckets: [1, 2, 4, 6, 8, 10, 12, 16, 24, 32, 64],
      registers: [registry],
    }),
    creditsCharged: new Counter({
      name: "seedance_bot_credits_charged_total",
      help: "Credits reserved for jobs",
      registers: [registry],
    }),
    creditsRefunded: new Counter({
      name: "seedance_bot_credits_refunded_total",
      help: "Credits given back for failed jobs and overcharges",
      registers: [registry],
    }),
    seedanceErrors: new Counter({
      name: "seedance_api_errors_total",
      help: "Seedance API errors by code",
      labelNames: ["code"] as const,
      registers: [registry],
    }),
    discordErrors: new Counter({
      name: "discord_api_errors_total",
      help: "Discord API errors by code",
      labelNames: ["code"] as const,
      registers: [registry],
    }),
    deliveries: new Counter({
      name: "seedance_bot_deliveries_total",
      help: "Finished videos delivered, by path",
      labelNames: ["path"] as const,
      registers: [registry],
    }),
  };
}
