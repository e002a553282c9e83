import type { Job } from "../../db/schema.js";
import type { JobSettings } from "../../domain/video-settings.js";

/** Everything a job row needs except what the reservation itself decides. */
export interface JobReservation extends JobSettings {
  readonly guildId: string;
  readonly channelId: string;
  readonly userId: string;
  readonly price: number;
  readonly applicationId: string;
  readonly interactionToken: string;
  readonly tokenExpiresAt: number;
  readonly uploadLimitBytes: number;
  readonly memberLocale: string;
  readonly publicLocale: string;
}

/** Why a job ended without a video: a code the renderers turn into words, and Seedance's text. */
export interface JobFailure {
  readonly code: string;
  readonly detail?: string | null;
}

export interface ConcurrencyLimits {
  readonly activeJobsPerGuild: number;
  readonly activeJobsPerUser: number;
}

/** Where a job's message now is, after a route that may have posted a new one. */
export interface MessagePlace {
  readonly messageId: string | null;
  readonly channelId: string | null;
}

/** The columns that remember a message's place; nothing when no message was shown. */
export const placeOf = ({
  messageId,
  channelId,
}: MessagePlace): Partial<Pick<Job, "messageId" | "messageChannelId">> =>
  messageId ? { messageId, messageChannelId: channelId } : {};
