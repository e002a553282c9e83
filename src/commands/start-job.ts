import { generatingMessage } from "../discord/job-messages.js";
import { priceOf } from "../domain/pricing.js";
import type { JobSettings } from "../domain/video-settings.js";
import type { CommandDeps, GuildButtonInteraction, GuildCommandInteraction } from "./types.js";

/** Interaction tokens live 15 minutes; stop using one a minute early rather than risk 401s. */
const TOKEN_LIFETIME_MS = 15 * 60_000;
const TOKEN_SAFETY_MS = 60_000;
const DEFAULT_UPLOAD_LIMIT = 10 * 1024 * 1024;

/**
 * Starts a job from an interaction: what the interaction tells us about where to answer, the
 * price, and the public "Generating…" reply; the pipeline does the rest.
 */
export async function startJob(
  interaction: GuildCommandInteraction | GuildButtonInteraction,
  settings: JobSettings,
  deps: CommandDeps,
): Promise<void> {
  const reservation = {
    ...settings,
    guildId: interaction.guildId,
    channelId: interaction.channelId ?? "",
    userId: interaction.user.id,
    price: priceOf(settings),
    applicationId: interaction.applicationId,
    interactionToken: interaction.token,
    tokenExpiresAt: interaction.createdTimestamp + TOKEN_LIFETIME_MS - TOKEN_SAFETY_MS,
    uploadLimitBytes: interaction.attachmentSizeLimit ?? DEFAULT_UPLOAD_LIMIT,
  };
  await deps.pipeline.start(reservation, async (job) => {
    const response = await interaction.reply({
      embeds: generatingMessage(job, deps.clock.now()).embeds,
      allowedMentions: { parse: [] },
      withResponse: true,
    });
    return response.resource?.message?.id ?? null;
  });
}
