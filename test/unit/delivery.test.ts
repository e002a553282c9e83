import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Job } from "../../src/db/schema.js";
import type { JobMessage } from "../../src/discord/job-messages.js";
import {
  type JobMessenger,
  type LocalizedMessage,
  type ShowOptions,
  UploadTooLargeError,
} from "../../src/discord/job-messenger.js";
import { createJobNotifier } from "../../src/discord/job-notifier.js";
import { translator } from "../../src/i18n/index.js";
import { asynchronous } from "../../src/lib/async.js";
import { createDelivery } from "../../src/services/delivery/delivery.js";
import { createVideoFitter } from "../../src/services/delivery/fit-video.js";
import type { JobStore } from "../../src/services/jobs/job-store.js";
import type { Shown } from "../../src/services/jobs/notifier.js";
import { createMetrics } from "../../src/services/ops/metrics.js";
import { mp4Bytes } from "../fakes/fake-seedance-mp4.js";
import { ManualClock } from "../helpers/clock.js";
import { openTempDatabase, type TempDatabase } from "../helpers/database.js";
import { testFfmpeg } from "../helpers/ffmpeg.js";
import { ADMIN_ID, createCredits, GUILD_ID, reservation } from "../helpers/jobs.js";

/** A messenger that records what it was asked to show, and can be told to refuse. */
class RecordingMessenger implements JobMessenger {
  shown: { body: JobMessage; fileBytes: number }[] = [];
  /** Each upload's bytes, read the way the REST client reads them: from the Blob, when sent. */
  uploads: Buffer[] = [];
  pings: JobMessage[] = [];
  failures: Error[] = [];

  async show(job: Job, message: LocalizedMessage, options: ShowOptions = {}): Promise<Shown> {
    const body = message(translator(job.publicLocale));
    for (const file of options.files ?? []) {
      this.uploads.push(Buffer.from(await file.data.arrayBuffer()));
    }
    const failure = this.failures.shift();
    if (failure) throw failure;
    const fileBytes = options.files?.reduce((sum, file) => sum + file.data.size, 0) ?? 0;
    this.shown.push({ body, fileBytes });
    return { route: "interaction", messageId: "900000000000000001", channelId: null };
  }

  async ping(job: Job, message: LocalizedMessage): Promise<void> {
    this.pings.push(message(translator(job.publicLocale)));
  }
}

/** Serves `size` bytes at any path, counting how many downloads run at once. */
async function startVideoServer(size: number) {
  let active = 0;
  let peak = 0;
  const server: Server = createServer((_, response) => {
    active++;
    peak = Math.max(peak, active);
    response.writeHead(200, { "content-type": "video/mp4", "content-length": size });
    setTimeout(() => {
      response.end(mp4Bytes(size));
      active--;
    }, 20);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (name: string) => `http://127.0.0.1:${port}/${name}.mp4`,
    peak: () => peak,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("delivery", () => {
  let database: TempDatabase;
  let clock: ManualClock;
  let store: JobStore;
  let messenger: RecordingMessenger;
  let videos: Awaited<ReturnType<typeof startVideoServer>>;

  beforeEach(async () => {
    database = openTempDatabase();
    clock = new ManualClock();
    const credits = createCredits(database, clock, {
      activeJobsPerGuild: 50,
      activeJobsPerUser: 50,
    });
    credits.ledger.topUp({ guildId: GUILD_ID, amount: 10_000, actorId: ADMIN_ID });
    store = credits.jobs;
    messenger = new RecordingMessenger();
    videos = await startVideoServer(50_000);
  });
  afterEach(async () => {
    await videos.close();
    database.dispose();
  });

  function delivery(retryDelaysMs: number[] = [], tmpDir?: string) {
    const port = asynchronous(store);
    return createDelivery({
      store: port,
      notifier: createJobNotifier(messenger, clock),
      fitter: createVideoFitter({ ffmpegPath: testFfmpeg, maxConcurrent: 1, timeoutMs: 30_000 }),
      clock,
      logger: pino({ level: "silent" }),
      metrics: createMetrics({ countJobsByState: () => port.countByState() }),
      maxConcurrentDownloads: 3,
      downloadTimeoutMs: 5_000,
      retryDelaysMs,
      tmpDir,
    });
  }

  /** A job that Seedance finished after `tookMs`. */
  function succeededJob(tookMs: number, uploadLimitBytes = 10 * 1024 * 1024): Job {
    const job = store.reserve(reservation({ uploadLimitBytes }));
    store.markSubmitted(job.id, `task-${job.id}`, 60_000);
    clock.advance(tookMs);
    store.markSucceeded(job.id, videos.url(job.id), job.price);
    return store.get(job.id) as Job;
  }

  it("uploads the video as a file and marks the job delivered", async () => {
    const job = succeededJob(30_000);
    await delivery().deliver(job.id);
    expect(messenger.shown).toHaveLength(1);
    expect(messenger.shown[0]?.fileBytes).toBe(50_000);
    expect(store.get(job.id)).toMatchObject({ state: "delivered", deliveryPath: "attachment" });
    expect(messenger.pings).toHaveLength(0);
  });

  it("uploads from a temporary file, removed once Discord has it or refused it", async () => {
    const tmpDir = mkdtempSync(join(tmpdir(), "delivery-test-"));
    try {
      const job = succeededJob(30_000);
      messenger.failures.push(new Error("Discord is down"));
      const run = delivery([1_000], tmpDir).deliver(job.id);
      while (clock.pendingSleeps === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(readdirSync(tmpDir)).toEqual([]);
      clock.advance(1_000);
      await run;
      expect(messenger.uploads).toEqual([mp4Bytes(50_000), mp4Bytes(50_000)]);
      expect(readdirSync(tmpDir)).toEqual([]);
      expect(store.get(job.id)?.state).toBe("delivered");
    } finally {
      rmSync(tmpDir, { recursive: true, force: true });
    }
  });

  it("uploads from memory when the temp dir can't be written", async () => {
    const job = succeededJob(30_000);
    await delivery([], join(tmpdir(), "no-such-dir", "deeper")).deliver(job.id);
    expect(messenger.uploads).toEqual([mp4Bytes(50_000)]);
    expect(store.get(job.id)?.state).toBe("delivered");
  });

  it("pings the member only for jobs that took longer than a minute", async () => {
    const job = succeededJob(90_000);
    await delivery().deliver(job.id);
    expect(messenger.pings).toHaveLength(1);
    expect(messenger.pings[0]?.allowed_mentions).toEqual({ parse: [], users: [job.userId] });
  });

  it("sends a link when the video is over the upload limit, without downloading it all", async () => {
    const job = succeededJob(10_000, 20_000);
    await delivery().deliver(job.id);
    expect(messenger.shown[0]?.fileBytes).toBe(0);
    expect(messenger.shown[0]?.body.content).toContain(videos.url(job.id));
    expect(store.get(job.id)?.deliveryPath).toBe("link");
  });

  it("sends a link when Discord refuses the upload as too large", async () => {
    const job = succeededJob(10_000);
    messenger.failures.push(new UploadTooLargeError());
    await delivery().deliver(job.id);
    expect(store.get(job.id)?.deliveryPath).toBe("link");
  });

  it("retries with backoff, and keeps an undeliverable job visible instead of dropping it", async () => {
    const job = succeededJob(10_000);
    messenger.failures.push(
      new Error("Discord is down"),
      new Error("still down"),
      new Error("down"),
    );
    const run = delivery([1_000, 2_000]).deliver(job.id);
    // Advance only once the retry is asleep: a download can outlast any fixed real-time pause
    // (on Node 24 it regularly took longer than 50 ms, and the test hung).
    for (const wait of [1_000, 2_000]) {
      // Advance only once the delivery is waiting, however slow the machine is.
      while (clock.pendingSleeps === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      clock.advance(wait);
    }
    await run;
    expect(store.get(job.id)).toMatchObject({ state: "succeeded", deliveryAttempts: 3 });
  });

  it("downloads at most three videos at once", async () => {
    const jobs = Array.from({ length: 8 }, () => succeededJob(1_000));
    const run = delivery();
    await Promise.all(jobs.map((job) => run.deliver(job.id)));
    expect(videos.peak()).toBeLessThanOrEqual(3);
    expect(jobs.map((job) => store.get(job.id)?.state)).toEqual(Array(8).fill("delivered"));
  });
});
