export interface HealthReport {
  gatewayConnected: boolean;
  databaseWritable: boolean;
  jobsInFlight: number;
}

export interface HealthBody {
  status: "ok" | "unhealthy";
  gateway: "connected" | "disconnected";
  database: "writable" | "not writable";
  jobsInFlight: number;
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
      ...(healthy ? {} : { problems }),
    },
  };
}
