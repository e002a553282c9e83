import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createCallbackSender } from "./fake-seedance-callbacks.js";
import {
  createFailureQueue,
  type ErrorStyle,
  type FailureScript,
  type FakeEndpoint,
  parseJsonBody,
  readBody,
  sendError,
  sendFailure,
  sendJson,
} from "./fake-seedance-http.js";
import { sendMp4 } from "./fake-seedance-mp4.js";
import {
  createRequestLog,
  headersWithoutAuth,
  type RecordedRequest,
  type RequestPredicate,
} from "./fake-seedance-recorder.js";
import {
  chargedCredits,
  createTask,
  type FakeTask,
  fakePrice,
  hasVideo,
  isFinished,
  statusData,
  type TaskScript,
  validateGenerateBody,
} from "./fake-seedance-tasks.js";

export type { CallbackDelivery } from "./fake-seedance-callbacks.js";
export type { ErrorStyle, FailureScript, FakeEndpoint } from "./fake-seedance-http.js";
export { minimumMp4Bytes } from "./fake-seedance-mp4.js";
export type { RecordedRequest, RequestPredicate } from "./fake-seedance-recorder.js";
export type { FakeTask, TaskScript, WireRequest } from "./fake-seedance-tasks.js";
export { fakePrice } from "./fake-seedance-tasks.js";

/** Settings a test may change while the fake runs. */
export interface FakeSeedanceSettings {
  /** How long a task runs unless scripted otherwise; default 300 ms. */
  taskDurationMs: number;
  /** Size of every served MP4; default 4 KiB. */
  videoBytes: number;
  /** Dialect of error bodies; default `flat`. */
  errorStyle: ErrorStyle;
  /** Keep every request in `requests`; turn off for benchmarks. Default true. */
  recordRequests: boolean;
}

export interface FakeSeedanceOptions extends Partial<FakeSeedanceSettings> {
  /** The key the fake accepts as `Authorization: Bearer <key>`. */
  apiKey?: string;
  /** The fake account's starting balance; default 1,000,000. */
  accountCredits?: number;
  callbackTimeoutMs?: number;
  /** The fake's clock, for tests that run the bot on a manual one; default `Date.now`. */
  now?: () => number;
}

export type FakeSeedance = ReturnType<typeof createFakeSeedance>;

const apiPrefix = "/v1";

function endpointOf(method: string, path: string): FakeEndpoint | null {
  if (method === "POST" && path === `${apiPrefix}/generate`) return "generate";
  if (method === "GET" && path === `${apiPrefix}/status`) return "status";
  if ((method === "GET" || method === "HEAD") && path.startsWith("/videos/")) return "video";
  return null;
}

export function createFakeSeedance(options: FakeSeedanceOptions = {}) {
  const apiKey = options.apiKey ?? "sk-fake-seedance-key";
  const now = options.now ?? Date.now;
  const settings: FakeSeedanceSettings = {
    taskDurationMs: options.taskDurationMs ?? 300,
    videoBytes: options.videoBytes ?? 4096,
    errorStyle: options.errorStyle ?? "flat",
    recordRequests: options.recordRequests ?? true,
  };
  let accountCredits = options.accountCredits ?? 1_000_000;
  const tasks = new Map<string, FakeTask>();
  const taskScripts: TaskScript[] = [];
  const failures = createFailureQueue();
  const log = createRequestLog();
  log.setKeep(settings.recordRequests);
  const callbacks = createCallbackSender(options.callbackTimeoutMs ?? 2_000);
  const serverErrors: unknown[] = [];
  let origin: string | null = null;
  let taskCount = 0;
  let statusRequestCount = 0;

  const requireOrigin = () => {
    if (origin === null) throw new Error("The fake Seedance is not started");
    return origin;
  };
  const videoUrl = (taskId: string) => `${requireOrigin()}/videos/${taskId}.mp4`;

  // Linear in the number of tasks; a few thousand tasks keep this far below a millisecond.
  function balance(at = now()): number {
    let spent = 0;
    for (const task of tasks.values()) spent += chargedCredits(task, at);
    return accountCredits - spent;
  }

  function refuse(response: ServerResponse, status: number, code: string, message: string) {
    sendError(response, settings.errorStyle, { status, code, message });
  }

  function serveGenerate(response: ServerResponse, body: unknown, failure: FailureScript | null) {
    const validation = validateGenerateBody(body);
    if (!validation.ok) return refuse(response, 400, validation.code, validation.message);
    const { request } = validation;
    const at = now();
    const price = fakePrice(request.resolution, request.duration, request.generate_audio);
    const available = balance(at);
    if (available < price) {
      return refuse(
        response,
        402,
        "INSUFFICIENT_CREDITS",
        `Needs ${price} credits, has ${available}`,
      );
    }
    taskCount += 1;
    const id = `seed${taskCount.toString(36)}${randomBytes(6).toString("hex")}`;
    const script = taskScripts.shift() ?? {};
    const task = createTask(id, request, script, settings.taskDurationMs, at);
    tasks.set(id, task);
    callbacks.schedule(task);
    if (failure !== null) return sendFailure(response, settings.errorStyle, failure);
    const data = { task_id: id, status: task.runningStatus };
    const answer = () => sendJson(response, 200, { code: 200, message: "success", data });
    if (script.answerDelayMs === undefined) answer();
    else setTimeout(answer, script.answerDelayMs).unref();
  }

  function serveStatus(response: ServerResponse, taskId: string | null) {
    const task = taskId === null ? undefined : tasks.get(taskId);
    if (task === undefined || task.forgotten) {
      return refuse(response, 404, "TASK_NOT_FOUND", "Task not found");
    }
    const data = statusData(task, videoUrl(task.id), now());
    sendJson(response, 200, { code: 200, message: "success", data });
  }

  async function serveVideo(request: IncomingMessage, response: ServerResponse, url: URL) {
    const taskId = /^\/videos\/([^/]+)\.mp4$/.exec(url.pathname)?.[1];
    const task = taskId === undefined ? undefined : tasks.get(taskId);
    if (task === undefined || !hasVideo(task, now())) {
      response.writeHead(404, { "content-type": "text/plain" }).end("Not found");
      return;
    }
    const hop = Number(url.searchParams.get("hop") ?? 0);
    if (hop < task.videoRedirects) {
      // Relative, as CDNs often send them; the client resolves it against this URL.
      response.writeHead(302, { location: `${url.pathname}?hop=${hop + 1}` }).end();
      return;
    }
    if (task.video === null) return sendMp4(request, response, settings.videoBytes);
    const { body, contentType } = task.video;
    response.writeHead(200, { "content-type": contentType, "content-length": body.length });
    response.end(request.method === "HEAD" ? undefined : body);
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const method = request.method ?? "GET";
    const url = new URL(request.url ?? "/", requireOrigin());
    const body = parseJsonBody(await readBody(request));
    const authorized = request.headers.authorization === `Bearer ${apiKey}`;
    const query = Object.fromEntries(url.searchParams);
    const headers = headersWithoutAuth(request);
    const remotePort = request.socket.remotePort;
    log.add({
      method,
      path: url.pathname,
      query,
      headers,
      authorized,
      body,
      remotePort,
      at: now(),
    });

    const endpoint = endpointOf(method, url.pathname);
    if (endpoint === null) return refuse(response, 404, "NOT_FOUND", "No such endpoint");
    if (endpoint === "status") statusRequestCount += 1;
    const failure = failures.take(endpoint);
    const failsAfterAccepting = endpoint === "generate" && failure?.afterAccepting === true;
    if (failure !== null && !failsAfterAccepting) {
      return sendFailure(response, settings.errorStyle, failure);
    }
    if (endpoint === "video") return serveVideo(request, response, url);
    if (!authorized) return refuse(response, 401, "INVALID_API_KEY", "Invalid API key");
    if (endpoint === "status") return serveStatus(response, url.searchParams.get("task_id"));
    return serveGenerate(response, body, failure);
  }

  // A bug in the fake must fail the test loudly, not look like a Seedance outage.
  function recordCrash(response: ServerResponse, error: unknown) {
    serverErrors.push(error);
    console.error("Fake Seedance handler failed", error);
    if (response.headersSent) response.destroy();
    else response.writeHead(500, { "content-type": "text/plain" }).end("fake crashed");
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => recordCrash(response, error));
  });

  return {
    /** Listens on 127.0.0.1 at a random port; resolves the API base URL (ending in `/v1`). */
    async start(): Promise<string> {
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
          server.off("error", reject);
          resolve();
        });
      });
      const address = server.address();
      if (address === null || typeof address === "string") throw new Error("No TCP address");
      origin = `http://127.0.0.1:${address.port}`;
      return `${origin}${apiPrefix}`;
    },

    /** Stops the server, cutting hanging requests, and waits for callbacks in flight. */
    async close(): Promise<void> {
      log.rejectWaiters("The fake Seedance was closed");
      const stopped = new Promise<void>((resolve, reject) => {
        if (!server.listening) return resolve();
        server.close((error) => (error ? reject(error) : resolve()));
      });
      server.closeAllConnections();
      await Promise.all([stopped, callbacks.close()]);
    },

    /** The API base URL, ending in `/v1`. */
    get url(): string {
      return `${requireOrigin()}${apiPrefix}`;
    },
    get apiKey(): string {
      return apiKey;
    },
    /** Where the fake serves a task's MP4 (what `response[0]` holds once it succeeded). */
    videoUrl,
    get requests(): readonly RecordedRequest[] {
      return log.requests;
    },
    /** Status polls received, counted even when requests are not recorded (benchmarks). */
    get statusRequestCount(): number {
      return statusRequestCount;
    },
    get tasks(): ReadonlyMap<string, FakeTask> {
      return tasks;
    },
    get callbacks() {
      return callbacks.deliveries;
    },
    /** Errors thrown by the fake's own handlers; a test should expect none. */
    get serverErrors(): readonly unknown[] {
      return serverErrors;
    },
    /** Credits left: the start balance minus running tasks' prices and finished tasks' costs. */
    get balance(): number {
      return balance();
    },
    setBalance(credits: number): void {
      accountCredits += credits - balance();
    },
    configure(changes: Partial<FakeSeedanceSettings>): void {
      Object.assign(settings, changes);
      log.setKeep(settings.recordRequests);
    },
    /** Scripts the next created task; call several times to queue several. */
    scriptNextTask(script: TaskScript): void {
      taskScripts.push(script);
    },
    failNext(endpoint: FakeEndpoint, failure: FailureScript = {}): void {
      failures.push(endpoint, failure);
    },
    /** Drops queued task scripts and failures; tasks and requests stay. */
    resetScripts(): void {
      taskScripts.length = 0;
      failures.clear();
    },
    /** From now on the task answers 404 TASK_NOT_FOUND. */
    forgetTask(taskId: string): void {
      const task = tasks.get(taskId);
      if (task === undefined) throw new Error(`No task ${taskId}`);
      task.forgotten = true;
      callbacks.cancel(taskId);
    },
    /** Ends a running task now with its scripted outcome (and sends its callback). */
    finishTask(taskId: string): void {
      const task = tasks.get(taskId);
      if (task === undefined) throw new Error(`No task ${taskId}`);
      const at = now();
      if (isFinished(task, at)) return;
      task.finishAt = at;
      callbacks.schedule(task);
    },
    /** Resolves with the matching requests once at least `count` have arrived. */
    waitForRequests(
      predicate: RequestPredicate,
      count = 1,
      timeoutMs = 5_000,
    ): Promise<RecordedRequest[]> {
      return log.waitFor(predicate, count, timeoutMs);
    },
    clearRequests(): void {
      log.clear();
    },
  };
}
