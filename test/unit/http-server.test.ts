import { Writable } from "node:stream";
import Database from "better-sqlite3";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { readBotState } from "../../src/db/bot-state.js";
import { checkDatabaseWritable } from "../../src/db/write-probe.js";
import { callbackSecret, createCallbackSigner } from "../../src/http/callback-signature.js";
import type { HealthReport } from "../../src/http/health.js";
import { type CallbackOutcome, createHttpServer, type HttpServer } from "../../src/http/server.js";
import { createMetrics } from "../../src/services/ops/metrics.js";
import { openTempDatabase, type TempDatabase } from "../helpers/database.js";

const KNOWN_JOB = "0b6f1d2e-3c4a-4b5c-8d6e-7f8091a2b3c4";
const UNKNOWN_JOB = "9d8c7b6a-5f4e-4d3c-8b2a-190817263544";
const signer = createCallbackSigner(callbackSecret("discord-token", "seedance-key"));

describe("HTTP server", () => {
  let server: HttpServer;
  let base: string;
  let logLines: string[];
  let health: HealthReport | Error;
  const onCallback = vi.fn(
    async (jobId: string): Promise<CallbackOutcome> => (jobId === KNOWN_JOB ? "polled" : "unknown"),
  );

  beforeEach(async () => {
    logLines = [];
    health = { gatewayConnected: true, databaseWritable: true, jobsInFlight: 3 };
    onCallback.mockClear();
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    const metrics = createMetrics({
      countJobsByState: async () => ({
        reserved: 0,
        submitted: 2,
        succeeded: 0,
        delivered: 5,
        failed: 0,
        refunded: 1,
      }),
    });
    server = createHttpServer({
      port: 0,
      host: "127.0.0.1",
      logger: pino({ level: "debug" }, sink),
      signer,
      onCallback,
      health: async () => {
        if (health instanceof Error) throw health;
        return health;
      },
      metricsRegistry: metrics.registry,
    });
    base = `http://127.0.0.1:${(await server.start()).port}`;
  });
  afterEach(() => server.stop());

  const callback = (jobId: string, query: string, init: RequestInit = {}) =>
    fetch(`${base}/seedance/callback/${jobId}${query}`, { method: "POST", body: "{}", ...init });

  describe("POST /seedance/callback/<jobId>", () => {
    it("passes on the task id the body names, as a hint to check", async () => {
      const body = JSON.stringify({ task_id: "seed123", status: "SUCCESS" });
      await callback(KNOWN_JOB, `?sig=${signer.sign(KNOWN_JOB)}`, { body });
      expect(onCallback).toHaveBeenCalledWith(KNOWN_JOB, "seed123");
    });

    it("accepts a signed callback and polls that job once", async () => {
      const response = await callback(KNOWN_JOB, `?sig=${signer.sign(KNOWN_JOB)}`);
      expect(response.status).toBe(202);
      expect(onCallback).toHaveBeenCalledTimes(1);
      expect(onCallback).toHaveBeenCalledWith(KNOWN_JOB, null); // the body "{}" names no task
    });

    it.each([
      ["no signature", ""],
      ["an empty signature", "?sig="],
      ["a wrong signature", `?sig=${"A".repeat(43)}`],
      ["another job's signature", `?sig=${signer.sign(UNKNOWN_JOB)}`],
    ])("refuses %s with 401 and does nothing", async (_, query) => {
      const response = await callback(KNOWN_JOB, query);
      expect(response.status).toBe(401);
      expect(onCallback).not.toHaveBeenCalled();
    });

    it("answers 404 for a signed but unknown job", async () => {
      const response = await callback(UNKNOWN_JOB, `?sig=${signer.sign(UNKNOWN_JOB)}`);
      expect(response.status).toBe(404);
      expect(onCallback).toHaveBeenCalledWith(UNKNOWN_JOB, null);
    });

    it("answers 404 for a malformed job id without checking anything", async () => {
      const verify = vi.spyOn(signer, "verify");
      for (const id of ["not-a-uuid", KNOWN_JOB.toUpperCase(), `${KNOWN_JOB}/x`]) {
        expect((await callback(id, `?sig=${signer.sign(id)}`)).status).toBe(404);
      }
      expect(verify).not.toHaveBeenCalled();
      expect(onCallback).not.toHaveBeenCalled();
      verify.mockRestore();
    });

    it("refuses a body over 64 KiB with 413 and does nothing", async () => {
      const response = await callback(KNOWN_JOB, `?sig=${signer.sign(KNOWN_JOB)}`, {
        body: "x".repeat(64 * 1024 + 1),
      });
      expect(response.status).toBe(413);
      expect(onCallback).not.toHaveBeenCalled();
    });

    it("refuses an oversized body sent without a length (chunked) too", async () => {
      const chunk = new TextEncoder().encode("x".repeat(16 * 1024));
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          controller.enqueue(chunk); // endless: the server must cut it off
        },
      });
      const response = await callback(KNOWN_JOB, `?sig=${signer.sign(KNOWN_JOB)}`, {
        body,
        duplex: "half",
      } as RequestInit);
      expect(response.status).toBe(413);
      expect(onCallback).not.toHaveBeenCalled();
    });

    it("only allows POST", async () => {
      const response = await fetch(
        `${base}/seedance/callback/${KNOWN_JOB}?sig=${signer.sign(KNOWN_JOB)}`,
      );
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("POST");
      expect(onCallback).not.toHaveBeenCalled();
    });

    it("never logs the query string, which carries the signature", async () => {
      const signature = signer.sign(KNOWN_JOB);
      await callback(KNOWN_JOB, `?sig=${signature}`);
      await callback(KNOWN_JOB, "?sig=wrong");
      expect(logLines.join("")).toContain(`/seedance/callback/${KNOWN_JOB}`);
      expect(logLines.join("")).not.toContain(signature);
      expect(logLines.join("")).not.toContain("sig=");
    });
  });

  describe("GET /healthz", () => {
    it("answers 200 when the gateway and the database are fine", async () => {
      const response = await fetch(`${base}/healthz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        status: "ok",
        gateway: "connected",
        database: "writable",
        jobsInFlight: 3,
      });
    });

    it("answers 503 naming what is wrong", async () => {
      health = { gatewayConnected: false, databaseWritable: false, jobsInFlight: 0 };
      const response = await fetch(`${base}/healthz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({
        status: "unhealthy",
        gateway: "disconnected",
        database: "not writable",
        jobsInFlight: 0,
        problems: ["Discord gateway disconnected", "database not writable"],
      });
    });

    it("answers 503 when the health check itself fails", async () => {
      health = new Error("database closed");
      const response = await fetch(`${base}/healthz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: "error", problems: ["health check failed"] });
    });
  });

  describe("GET /metrics", () => {
    it("serves the registry as Prometheus text", async () => {
      const response = await fetch(`${base}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("text/plain");
      const text = await response.text();
      expect(text).toContain('seedance_bot_jobs{state="submitted"} 2');
      expect(text).toContain("# TYPE seedance_bot_credits_charged_total counter");
    });
  });

  it("answers 404 for anything else", async () => {
    expect((await fetch(`${base}/`)).status).toBe(404);
    expect((await fetch(`${base}/seedance/callback`)).status).toBe(404);
    expect((await fetch(`${base}//healthz`)).status).toBe(404);
  });

  it("answers 405 for a wrong method on /healthz and /metrics", async () => {
    expect((await fetch(`${base}/healthz`, { method: "POST" })).status).toBe(405);
    expect((await fetch(`${base}/metrics`, { method: "DELETE" })).status).toBe(405);
  });
});

describe("checkDatabaseWritable", () => {
  let database: TempDatabase;
  beforeEach(() => {
    database = openTempDatabase();
  });
  afterEach(() => database.dispose());

  it("is true for a healthy database, and leaves no trace", () => {
    expect(checkDatabaseWritable(database.sqlite)).toBe(true);
    expect(readBotState(database.db, "health_probe")).toBeUndefined();
    expect(database.sqlite.inTransaction).toBe(false);
    expect(database.sqlite.pragma("busy_timeout", { simple: true })).toBe(1000);
  });

  it("is false, quickly, while another connection holds the write lock", () => {
    const other = new Database(database.path);
    other.exec("BEGIN IMMEDIATE");
    try {
      const started = performance.now();
      expect(checkDatabaseWritable(database.sqlite)).toBe(false);
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(database.sqlite.inTransaction).toBe(false);
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
    expect(checkDatabaseWritable(database.sqlite)).toBe(true);
  });

  it("is false instead of throwing when the connection is closed", () => {
    database.close();
    expect(checkDatabaseWritable(database.sqlite)).toBe(false);
  });
});
