export interface HealthReport {
  gatewayConnected: boolean;
  databaseWritable: boolean;
  jobsInFlight: number;
  /** Which process answers, when several share the work (issue 17). */
  readonly scale?: ProcessScale;
}

/** What a process of a scaled-out bot runs: its database, its id and its gateway shards. */
export interface ProcessScale {
  readonly database: "sqlite" | "postgresql";
  readonly processId: string;
  /** The shards this process runs; null: discord.js's default, one. */
  readonly shards: readonly number[] | null;
}

export interface HealthBody {
  status: "ok" | "unhealthy";
  gateway: "connected" | "disconnected";
  database: "writable" | "not writable";
  jobsInFlight: number;
  databaseKind?: ProcessScale["database"];
  process?: string;
  shards?: readonly number[] | null;
  /** Present only when unhealthy: what an operator should look at, in words. */
  problems?: string[];
}

/** The /healthz answer: 200 when both the gateway and the database are fine, else 503. */
export function healthBody(report: HealthReport): { healthy: boolean; body: HealthBody } {
  const problems = [
    ...(report.gatewayConnected ? [] : ["Discord gateway disconnected"]),
    ...(report.databaseWritable ? [] : ["database not writable"]),
  ];
  const healthy = problems.length === 0;
  return {
    healthy,
    body: {
      status: healthy ? "ok" : "unhealthy",
      gateway: report.gatewayConnected ? "connected" : "disconnected",
      database: report.databaseWritable ? "writable" : "not writable",
      jobsInFlight: report.jobsInFlight,
      ...(report.scale
        ? {
            databaseKind: report.scale.database,
            process: report.scale.processId,
            shards: report.scale.shards,
          }
        : {}),
      ...(healthy ? {} : { problems }),
    },
  };
}
