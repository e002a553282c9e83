import pino from "pino";
import type { BotDatabase } from "../../src/db/client.js";
import type { Clock } from "../../src/lib/clock.js";
import { createLedger } from "../../src/services/credits/ledger.js";
import {
  type ConcurrencyLimits,
  createJobStore,
  type JobReservation,
} from "../../src/services/jobs/job-store.js";

export const GUILD_ID = "100000000000000001";
export const CHANNEL_ID = "100000000000000002";
export const MEMBER_ID = "100000000000000003";
export const ADMIN_ID = "100000000000000004";

/** A valid reservation for a silent 8-second 720p video (28 credits); override what a test needs. */
export function reservation(overrides: Partial<JobReservation> = {}): JobReservation {
  return {
    guildId: GUILD_ID,
    channelId: CHANNEL_ID,
    userId: MEMBER_ID,
    kind: "text",
    prompt: "a red fox running through fresh snow",
    aspectRatio: "16:9",
    resolution: "720p",
    duration: 8,
    audio: false,
    fixedLens: false,
    imageUrl: null,
    price: 28,
    memberLocale: "en-US",
    publicLocale: "en-US",
    applicationId: "100000000000000009",
    interactionToken: "interaction-token",
    tokenExpiresAt: Date.UTC(2026, 10, 26, 12, 15, 0),
    uploadLimitBytes: 10 * 1024 * 1024,
    ...overrides,
  };
}

/** The ledger and the job store on one database, as the app builds them. */
export function createCredits(
  database: BotDatabase,
  clock: Clock,
  limits: ConcurrencyLimits = { activeJobsPerGuild: 5, activeJobsPerUser: 5 },
) {
  const ledger = createLedger(database, clock);
  return {
    ledger,
    jobs: createJobStore(database, ledger, clock, limits, pino({ level: "silent" })),
  };
}
