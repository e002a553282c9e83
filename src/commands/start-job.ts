import { priceOf } from "../domain/pricing.js";
import type { JobSettings } from "../domain/video-settings.js";
import { publicLocaleOf } from "../i18n/index.js";
import { InsufficientCreditsError, TooManyActiveJobsError } from "../services/credits/refusals.js";
import type { GuildSettings } from "../services/settings/rules.js";
import { offerCheaper } from "./cheaper.js";
import { replyGenerating } from "./public-reply.js";
import { runningJobsRefusal } from "./running-jobs.js";
import { enforceServerRules, type JobInteraction } from "./server-rules.js";
import type { CommandDeps } from "./types.js";

/** Interaction tokens live 15 minutes; stop using one a minute early rather than risk 401s. */
const TOKEN_LIFETIME_MS = 15 * 60_000;
const TOKEN_SAFETY_MS = 60_000;
const DEFAULT_UPLOAD_LIMIT = 10 * 1024 * 1024;

/**
 * Starts a job from an interaction: what the interaction tells us about where to answer, the
 * price, and the public "Generating…" reply; the pipeline does the rest.
 */
export async function startJob(
  interaction: JobInteraction,
  settings: JobSettings,
  server: GuildSettings,
  deps: CommandDeps,
): Promise<void> {
  const price = priceOf(settings);
  // The server's rules (channels, role, maximum cost) refuse before anything is reserved.
  enforceServerRules(server, interaction, price);
  const reservation = {
    ...settings,
    guildId: interaction.guildId,
    channelId: interaction.channelId ?? "",
    userId: interaction.user.id,
    price,
    applicationId: interaction.applicationId,
    interactionToken: interaction.token,
    tokenExpiresAt: interaction.createdTimestamp + TOKEN_LIFETIME_MS - TOKEN_SAFETY_MS,
    uploadLimitBytes: interaction.attachmentSizeLimit ?? DEFAULT_UPLOAD_LIMIT,
    // Stored so that every later message, after a restart too, speaks the same language.
    memberLocale: interaction.locale,
    publicLocale: publicLocaleOf({
      setting: server.language,
      guildLocale: interaction.guildLocale,
      memberLocale: interaction.locale,
    }),
  };
  try {
    await deps.pipeline.start(reservation, (job) => replyGenerating(interaction, job, deps.clock));
  } catch (error) {
    // Not enough credits: offer, as one click, the dearest variant the balance still pays.
    if (error instanceof InsufficientCreditsError) {
      throw offerCheaper(error, interaction, settings, deps);
    }
    if (error instanceof TooManyActiveJobsError && error.scope === "member") {
      throw await runningJobsRefusal(error, interaction, deps);
    }
    throw error;
  }
}
