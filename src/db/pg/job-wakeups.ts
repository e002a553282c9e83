import type pg from "pg";
import type { Logger } from "pino";
import { z } from "zod";

/** The channel every process LISTENs on; a payload names one job. */
const CHANNEL = "seedance_job_wakeup";
const RECONNECT_MS = 2_000;

const wakeup = z.object({ jobId: z.uuid(), taskId: z.string().max(200).nullable() });
export type JobWakeup = z.infer<typeof wakeup>;

export interface JobWakeups {
  /** Tells every process that Seedance called back for this job; its holder polls it now. */
  send(wakeup: JobWakeup): Promise<void>;
  close(): Promise<void>;
}

/**
 * Seedance's callback may reach any process behind the load balancer, but only the process
 * holding the job's lease polls it: NOTIFY carries the callback to all of them, and the holder
 * acts. One pooled connection is kept for LISTEN, and taken again if it breaks. Resolves once
 * listening (or, if the database is unreachable, once a retry is scheduled).
 */
export async function openJobWakeups(
  pool: pg.Pool,
  onWakeup: (wakeup: JobWakeup) => void,
  logger: Logger,
): Promise<JobWakeups> {
  let listener: pg.PoolClient | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;

  function receive(message: pg.Notification): void {
    const parsed = wakeup.safeParse(parseJson(message.payload ?? ""));
    if (parsed.success) onWakeup(parsed.data);
    else logger.warn({ channel: message.channel }, "Ignored a malformed job wake-up");
  }

  async function listen(): Promise<void> {
    try {
      const client = await pool.connect();
      client.on("notification", receive);
      client.once("error", (error) => {
        logger.warn({ err: error }, "The job wake-up connection broke; listening again soon");
        client.release(error);
        listener = null;
        scheduleListen();
      });
      await client.query(`LISTEN ${CHANNEL}`);
      listener = client;
    } catch (error) {
      logger.warn({ err: error }, "Could not listen for job wake-ups; trying again soon");
      scheduleListen();
    }
  }

  function scheduleListen(): void {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = null;
      void listen();
    }, RECONNECT_MS);
    retry.unref();
  }

  await listen();

  return {
    async send(message) {
      await pool.query("SELECT pg_notify($1, $2)", [CHANNEL, JSON.stringify(message)]);
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      const client = listener;
      listener = null;
      if (!client) return;
      await client.query(`UNLISTEN ${CHANNEL}`).catch(() => undefined);
      client.release();
    },
  };
}

/** Anyone with access to the database can NOTIFY: a payload is untrusted until parsed. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
