import { type Client, Events, Status } from "discord.js";
import type { App, AppOverrides } from "./app-types.js";
import { buttonScopes, commands, modalScopes } from "./commands/index.js";
import type { Config } from "./config.js";
import { createDiscordClient } from "./discord/client.js";
import { createInteractionRouter } from "./discord/interaction-router.js";
import { createJobMessenger } from "./discord/job-messenger.js";
import { createJobNotifier } from "./discord/job-notifier.js";
import { prepareOnReady } from "./discord/ready.js";
import { callbackSecret, callbackUrl, createCallbackSigner } from "./http/callback-signature.js";
import { type CallbackOutcome, createHttpServer } from "./http/server.js";
import { systemClock } from "./lib/clock.js";
import { createPendingJobs } from "./lib/pending-jobs.js";
import { createLogger } from "./logger.js";
import { createReadiness } from "./readiness.js";
import { createDelivery } from "./services/delivery/delivery.js";
import { ffmpegCommand, logFfmpegAvailability } from "./services/delivery/ffmpeg.js";
import { createVideoFitter } from "./services/delivery/fit-video.js";
import { createJobPipeline } from "./services/jobs/pipeline.js";
import { createPoller } from "./services/jobs/poller.js";
import { createRenderTimeEstimate, pollAnchorOf } from "./services/jobs/render-time-estimate.js";
import { createSharedJobs } from "./services/jobs/shared-jobs.js";
import { createMetrics } from "./services/ops/metrics.js";
import { createOperatorAlerts } from "./services/ops/operator-alerts.js";
import { createOwners } from "./services/ops/owners.js";
import { createSeedanceClient } from "./services/seedance/client.js";
import { openStorage } from "./services/storage/open-storage.js";

/** A confirmation waits no longer than its question's token can still edit it away. */
const CONFIRMATION_TTL_MS = 14 * 60_000;

/** Composition root: builds the database, services and Discord client from the configuration. */
export async function createApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  const clock = overrides.clock ?? systemClock;
  const logger = createLogger(config, overrides.logDestination);
  const storage = await openStorage(config, clock, logger);
  const { ledger, jobs: store } = storage;
  const client = createDiscordClient(config.discord.apiUrl, config.shards);
  const metrics = createMetrics({
    countJobsByState: () => store.countByState(),
    gatewayShards: () =>
      client.ws.shards.map((shard, id) => [id, shard.status === Status.Ready] as const),
    ...(storage.cluster ? { processId: config.processId } : {}),
  });
  const owners = createOwners(config.ownerIds);
  const readiness = createReadiness(storage, logger, overrides.onFatal);
  // Signs callback URLs with a key derived from both secrets: rotating either invalidates them.
  const signer = createCallbackSigner(callbackSecret(config.discord.token, config.seedance.apiKey));
  const publicUrl = config.http?.publicUrl;
  const alerts = createOperatorAlerts({
    logger,
    clock,
    claims: storage.alerts,
    ownerIds: () => owners.list(),
    notifyOwner: async (userId, text) => {
      await client.users.send(userId, { content: text, allowedMentions: { parse: [] } });
    },
  });
  const notifier = createJobNotifier(
    createJobMessenger(client.rest, clock, logger, metrics),
    clock,
    (guildId) => ledger.balance(guildId),
  );
  const seedance = createSeedanceClient({
    baseUrl: config.seedance.apiUrl,
    apiKey: config.seedance.apiKey,
    logger,
    clock,
  });
  const ffmpeg = ffmpegCommand(config.ffmpegPath);
  const fitter = createVideoFitter({ ffmpegPath: ffmpeg, maxConcurrent: 1, timeoutMs: 180_000 });
  const delivery = createDelivery({ store, notifier, fitter, clock, logger, metrics });
  // Learned render times: the poll schedule's anchor, and the progress bar's "usually about".
  const renderTimes = createRenderTimeEstimate(store);
  const poller = createPoller({
    clock,
    logger,
    random: overrides.random ?? Math.random,
    baseIntervalMs: config.seedance.pollIntervalMs,
    maxIntervalMs: config.seedance.pollMaxIntervalMs,
    check: (jobId) => pipeline.check(jobId),
    metrics,
  });
  const pipeline = createJobPipeline({
    store,
    reserve: (reservation) => storage.reserve(reservation),
    seedance,
    notifier,
    clock,
    logger,
    metrics,
    alerts,
    renderTimes,
    jobTimeoutMs: config.seedance.jobTimeoutMs,
    callbackUrlFor: publicUrl ? (jobId) => callbackUrl(publicUrl, jobId, signer) : null,
    track: (job) => poller.track(job.id, pollAnchorOf(job, renderTimes)),
    pollNow: (jobId) => poller.pollNow(jobId),
    delivery,
  });

  const shared = storage.cluster
    ? createSharedJobs({
        cluster: storage.cluster,
        pipeline,
        poller,
        clock,
        logger,
        leaseMs: config.jobLeaseMs,
      })
    : null;

  /** A genuine callback: poll the job now, here or (another process's job) where it is held. */
  async function onCallback(jobId: string, taskIdHint: string | null): Promise<CallbackOutcome> {
    if (pipeline.heardCallback(jobId, taskIdHint) || poller.pollNow(jobId)) return "polled";
    // A job we know but aren't polling (already finished) is still "ours": 202, no retry.
    if ((await store.get(jobId)) === undefined) return "unknown";
    await shared?.forward(jobId, taskIdHint);
    return "polled";
  }

  const http = config.http
    ? createHttpServer({
        port: config.http.port,
        host: config.http.host,
        logger,
        signer,
        onCallback,
        health: async () => ({
          gatewayConnected: client.ws.status === Status.Ready,
          databaseWritable: readiness.databaseFileOk() && (await storage.writable()),
          jobsInFlight: poller.size,
          scale: {
            database: storage.kind,
            processId: config.processId,
            shards: config.shards ? [...config.shards.ids] : null,
          },
        }),
        metricsRegistry: metrics.registry,
      })
    : null;

  const route = createInteractionRouter({
    readiness: () => readiness.state(),
    commands,
    buttonScopes,
    modalScopes,
    metrics,
    deps: {
      ledger,
      jobs: store,
      pipeline,
      owners,
      clock,
      logger,
      adminsCanTopUp: config.adminsCanTopUp,
      settings: storage.settings,
      pendingJobs: createPendingJobs(clock, CONFIRMATION_TTL_MS),
      pendingImages: createPendingJobs(clock, CONFIRMATION_TTL_MS),
      attachmentOrigins: config.discord.attachmentOrigins,
    },
  });
  client.on(Events.InteractionCreate, (interaction) => void route(interaction));
  client.on(Events.Error, (error) => logger.error({ err: error }, "Discord client error"));
  client.on(Events.ShardDisconnect, (_, shardId) =>
    logger.warn({ shardId }, "Gateway disconnected"),
  );

  return {
    logger,
    storage,
    client,
    metrics,

    async start() {
      const ready = new Promise<Client<true>>((resolve) =>
        client.once(Events.ClientReady, resolve),
      );
      // Up first, so /healthz answers (503) while Discord connects.
      await http?.start();
      void logFfmpegAvailability(ffmpeg, logger);
      // Recovery runs before the gateway delivers a single command, so it only ever sees jobs
      // from before this start; it needs REST only (edits, posts), not the gateway.
      client.rest.setToken(config.discord.token);
      await renderTimes.prime();
      // Alone on SQLite every job is ours; sharing PostgreSQL, only those we claim a lease on.
      await (shared ? shared.start() : pipeline.recovery.resumeAll());
      poller.start();
      readiness.open();
      await client.login(config.discord.token);
      await prepareOnReady(await ready, {
        state: storage.botState,
        logger,
        owners,
        commands,
        applicationId: config.discord.clientId,
        guildId: config.discord.guildId,
        registersCommands: config.shards?.ids.includes(0) ?? true,
      });
    },

    async stop() {
      // New commands are answered "restarting" from here on, rather than reserved and refunded.
      readiness.close();
      await http?.stop();
      await poller.stop();
      await pipeline.stop();
      await shared?.stop();
      await alerts.idle();
      await client.destroy();
      await storage.close();
      logger.info("Stopped");
    },
  };
}
