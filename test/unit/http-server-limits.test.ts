import { connect, type Socket } from "node:net";
import pino from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import { callbackSecret, createCallbackSigner } from "../../src/http/callback-signature.js";
import { type CallbackOutcome, createHttpServer, type HttpServer } from "../../src/http/server.js";
import { createMetrics } from "../../src/services/ops/metrics.js";

const JOB = "0b6f1d2e-3c4a-4b5c-8d6e-7f8091a2b3c4";
const signer = createCallbackSigner(callbackSecret("discord-token", "seedance-key"));

/** Issue 10 item 14: where the server listens, how long a request may take, how often it polls. */
describe("HTTP server limits", () => {
  let server: HttpServer | null = null;
  let time = 1_000_000;
  const onCallback = vi.fn(async (_jobId: string): Promise<CallbackOutcome> => "polled");
  afterEach(async () => {
    await server?.stop();
    server = null;
    onCallback.mockClear();
  });

  async function start(options: { host?: string; requestTimeoutMs?: number } = {}) {
    server = createHttpServer({
      port: 0,
      ...options,
      logger: pino({ level: "silent" }),
      signer,
      onCallback,
      health: () => ({ gatewayConnected: true, databaseWritable: true, jobsInFlight: 0 }),
      metricsRegistry: createMetrics({
        countJobsByState: async () => ({
          reserved: 0,
          submitted: 0,
          succeeded: 0,
          delivered: 0,
          failed: 0,
          refunded: 0,
        }),
      }).registry,
      now: () => time,
    });
    return server.start();
  }

  /** Resolves with how long the server kept the socket open (ms) and what it answered. */
  function heldFor(socket: Socket): Promise<{ ms: number; answer: string }> {
    const started = performance.now();
    let answer = "";
    socket.on("data", (chunk) => {
      answer += String(chunk);
    });
    socket.on("error", () => {});
    return new Promise((resolve) =>
      socket.once("close", () => resolve({ ms: performance.now() - started, answer })),
    );
  }

  it("listens on 127.0.0.1 unless told otherwise", async () => {
    const { port, host } = await start();
    expect(host).toBe("127.0.0.1");
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).resolves.toHaveProperty("status", 200);
  });

  it("cuts off a client that sends its headers too slowly, within the configured time", async () => {
    const { port } = await start({ requestTimeoutMs: 500 });
    const socket = connect(port, "127.0.0.1");
    const held = heldFor(socket);
    const header = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ";
    let sent = 0;
    const drip = setInterval(() => {
      if (!socket.destroyed) socket.write(header[sent % header.length] ?? "a");
      sent += 1;
    }, 50);
    const { ms } = await held;
    clearInterval(drip);
    expect(ms).toBeLessThan(2_000);
  });

  it("cuts off a callback whose body never finishes, within the configured time", async () => {
    const { port } = await start({ requestTimeoutMs: 500 });
    const socket = connect(port, "127.0.0.1");
    const held = heldFor(socket);
    socket.write(
      `POST /seedance/callback/${JOB}?sig=${signer.sign(JOB)} HTTP/1.1\r\nHost: x\r\n` +
        "Content-Length: 1000\r\n\r\n{",
    );
    const { ms, answer } = await held;
    expect(ms).toBeLessThan(2_000);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(onCallback).not.toHaveBeenCalled();
  });

  it("polls a job at most once a second, however often a valid callback is replayed", async () => {
    const { port } = await start();
    const replay = () =>
      fetch(`http://127.0.0.1:${port}/seedance/callback/${JOB}?sig=${signer.sign(JOB)}`, {
        method: "POST",
        body: "{}",
      });
    for (let i = 0; i < 5; i++) expect((await replay()).status).toBe(202);
    expect(onCallback).toHaveBeenCalledTimes(1);
    time += 999;
    await replay();
    expect(onCallback).toHaveBeenCalledTimes(1);
    time += 1;
    await replay();
    expect(onCallback).toHaveBeenCalledTimes(2);
  });
});
