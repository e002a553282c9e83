import { type Client, Events, Status } from "discord.js";
import type pino from "pino";
import { buttonScopes, commands } from "./commands/index.js";
import type { Config } from "./config.js";
import { type BotDatabase, openDatabase } from "./db/client.js";
import { createDiscordClient } from "./discord/client.js";
import { createInteractionRouter } from "./discord/interaction-router.js";
import { createJobMessenger } from "./discord/job-messenger.js";
import { prepareOnReady } from "./discord/ready.js";
import { callbackSecret, callbackUrl, createCallbackSigner } from "./http/callback-signature.js";
import { checkDatabaseWritable, createHttpServer } from "./http/server.js";
import { createLogger, type Logger } from "./logger.js";
import { type Clock, systemClock } from "./services/clock.js";
import { createDelivery } from "./services/delivery.js";
import { createJobPipeline } from "./services/job-pipeline.js";
import { createJobStore } from "./services/job-store.js";
import { createLedger } from "./services/ledger.js";
import { createMetrics, type Metrics } from "./services/metrics.js";
import { createOperatorAlerts } from "./services/operator-alerts.js";
import { createOwners } from "./services/owners.js";
import { createPoller } from "./services/poller.js";
import { createReservationBatcher } from "./services/reservation-batcher.js";
import { createSeedanceClient } from "./services/seedance-client.js";

/** Seams for tests and benchmarks; production uses the defaults. */
export interface AppOverrides {
  readonly clock?: Clock;
  readonly random?: () => number;
  readonly logDestination?: pino.DestinationStream;
}

export interface App {
  readonly logger: Logger;
  readonly database: BotDatabase;
  readonly client: Client;
  readonly metrics: Metrics;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Composition root: builds the database, services and Discord client from the configuration. */
export function createApp(config: Config, overrides: AppOverrides = {}): App {
  const clock = overrides.clock ?? systemClock;
  const logger = createLogger(config, overrides.logDestination);
  const database = openDatabase(config.databasePath);
  const ledger = createLedger(database, clock, config.limits);
  const store = createJobStore(database, ledger, clock, logger);
  const metrics = createMetrics(() => store.countByState());
  const owners = createOwners(config.ownerIds);
  const client = createDiscordClient(config.discord.apiUrl);
  // Signs callback URLs with a key derived from both secrets: rotating either invalidates them.
  const signer = createCallbackSigner(callbackSecret(config.discord.token, config.seedance.apiKey));
  const publicUrl = config.http?.publicUrl;
  const alerts = createOperatorAlerts({
    logger,
    clock,
    ownerIds: () => owners.list(),
    notifyOwner: async (userId, text) => {
      await client.users.send(userId, { content: text, allowedMentions: { parse: [] } });
    },
  });
  const messenger = createJobMessenger(client.rest, clock, logger, metrics);
  const seedance = createSeedanceClient({
    baseUrl: config.seedance.apiUrl,
    apiKey: config.seedance.apiKey,
    logger,
    clock,
  });
  const delivery = createDelivery({
    store,
    messenger,
    clock,
    logger,
    metrics,
    maxConcurrentDownloads: 2,
    downloadTimeoutMs: 120_000,
    retryDelaysMs: [5_000, 15_000, 60_000, 300_000, 900_000],
  });
  const pipeline = createJobPipeline({
    store,
    seedance,
    delivery,
    messenger,
    clock,
    logger,
    metrics,
    jobTimeoutMs: config.seedance.jobTimeoutMs,
    callbackUrlFor: (jobId) => (publicUrl ? callbackUrl(publicUrl, jobId, signer) : null),
    alerts,
  });
  const poller = createPoller({
    clock,
    logger,
    random: overrides.random ?? Math.random,
    baseIntervalMs: config.seedance.pollIntervalMs,
    maxIntervalMs: config.seedance.pollMaxIntervalMs,
    concurrency: 16,
    check: (jobId) => pipeline.check(jobId),
  });
  pipeline.attachPoller(poller);

  const http = config.http
    ? createHttpServer({
        port: config.http.port,
        host: config.http.host,
        logger,
        signer,
        // A job we know but aren't polling (already finished) is still "ours": 202, no retry.
        onCallback: (jobId) =>
          poller.pollNow(jobId) || store.get(jobId) !== undefined ? "polled" : "unknown",
        health: () => ({
          gatewayConnected: client.ws.status === Status.Ready,
          databaseWritable: checkDatabaseWritable(database.sqlite, logger),
          jobsInFlight: poller.size,
        }),
        metricsRegistry: metrics.registry,
      })
    : null;

  const route = createInteractionRouter({
    commands,
    buttonScopes,
    metrics,
    deps: {
      ledger,
      reservations: createReservationBatcher(database, ledger),
      store,
      pipeline,
      owners,
      clock,
      logger,
      adminsCanTopUp: config.adminsCanTopUp,
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
    database,
    client,
    metrics,

    async start() {
      const ready = new Promise<Client<true>>((resolve) =>
        client.once(Events.ClientReady, resolve),
      );
      // Up first, so /healthz answers (503) while Discord connects.
      await http?.start();
      await client.login(config.discord.token);
      await prepareOnReady(await ready, {
        db: database.db,
        logger,
        owners,
        commands,
        applicationId: config.discord.clientId,
        guildId: config.discord.guildId,
      });
      pipeline.resume();
      poller.start();
    },

    async stop() {
      await http?.stop();
      await poller.stop();
      await pipeline.stop();
      await alerts.idle();
      await client.destroy();
      database.close();
      logger.info("Stopped");
    },
  };
}
