import type { Job } from "../db/schema.js";
import { generatingMessage } from "../discord/job-messages.js";
import { priceOf } from "../services/pricing.js";
import { enforceServerRules, type JobInteraction } from "./server-rules.js";
import type { CommandDeps } from "./types.js";

/** Interaction tokens live 15 minutes; stop using one a minute early rather than risk 401s. */
const TOKEN_LIFETIME_MS = 15 * 60_000;
const TOKEN_SAFETY_MS = 60_000;
const DEFAULT_UPLOAD_LIMIT = 10 * 1024 * 1024;

export type JobSettings = Pick<
  Job,
  "kind" | "prompt" | "aspectRatio" | "resolution" | "duration" | "audio" | "fixedLens" | "imageUrl"
>;

export function settingsOf(job: Job): JobSettings {
  const { kind, prompt, aspectRatio, resolution, duration, audio, fixedLens, imageUrl } = job;
  return { kind, prompt, aspectRatio, resolution, duration, audio, fixedLens, imageUrl };
}

/**
 * Answer first, work later (DESIGN §3): price, reserve in one local transaction (committed with
 * the other reservations of the same event-loop turn), reply, and only then hand the job to the
 * pipeline. Nothing here waits on the network before the reply.
 */
export async function startJob(
  interaction: JobInteraction,
  settings: JobSettings,
  deps: CommandDeps,
): Promise<void> {
  const price = priceOf(settings);
  // The server's rules (channels, role, maximum cost) refuse before anything is reserved.
  enforceServerRules(deps.settings.get(interaction.guildId), interaction, price);
  const job = await deps.reservations.reserve({
    ...settings,
    guildId: interaction.guildId,
    channelId: interaction.channelId ?? "",
    userId: interaction.user.id,
    price,
    applicationId: interaction.applicationId,
    interactionToken: interaction.token,
    tokenExpiresAt: interaction.createdTimestamp + TOKEN_LIFETIME_MS - TOKEN_SAFETY_MS,
    uploadLimitBytes: interaction.attachmentSizeLimit ?? DEFAULT_UPLOAD_LIMIT,
  });
  deps.logger.info({ jobId: job.id, guildId: job.guildId, price: job.price }, "Job reserved");

  const body = generatingMessage(job, deps.clock.now());
  let messageId: string | null;
  try {
    const response = await interaction.reply({
      embeds: body.embeds,
      allowedMentions: { parse: [] },
      withResponse: true,
    });
    messageId = response.resource?.message?.id ?? null;
  } catch (error) {
    deps.pipeline.replyFailed(job);
    throw error;
  }
  deps.pipeline.accepted(job, messageId);
}
