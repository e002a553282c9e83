import { Routes } from "discord.js";
import { priceOf } from "../domain/pricing.js";
import { UserError } from "../domain/user-error.js";
import type { JobSettings } from "../domain/video-settings.js";
import { needsConfirmation } from "../services/settings/rules.js";
import { confirmMessage, confirmText } from "./confirm-messages.js";
import { enforceServerRules, type JobInteraction } from "./server-rules.js";
import { startJob } from "./start-job.js";
import type {
  ButtonHandler,
  CommandDeps,
  ConfirmableJob,
  GuildButtonInteraction,
} from "./types.js";

/** What a confirmation remembers: the job, and the token that can edit the question away. */

/**
 * The way into a job for every command: the server's rules refuse first; a job above the
 * server's confirm_above asks (ephemerally) before anything is reserved; anything else starts.
 */
export async function requestJob(
  interaction: JobInteraction,
  settings: JobSettings,
  deps: CommandDeps,
): Promise<void> {
  const server = deps.settings.get(interaction.guildId);
  const price = priceOf(settings);
  enforceServerRules(server, interaction, price);
  if (!needsConfirmation(server, price)) return startJob(interaction, settings, deps);
  const id = deps.pendingJobs.hold(interaction.guildId, interaction.user.id, {
    settings,
    applicationId: interaction.applicationId,
    questionToken: interaction.token,
  });
  await interaction.reply(confirmMessage(price, settings, id));
}

/** Best effort: the question's token may be gone, and the job already answered the click. */
async function closeQuestion(
  interaction: GuildButtonInteraction,
  job: ConfirmableJob,
  content: string,
  deps: CommandDeps,
): Promise<void> {
  const route = Routes.webhookMessage(job.applicationId, job.questionToken, "@original");
  try {
    await interaction.client.rest.patch(route, { body: { content, components: [] }, auth: false });
  } catch (error) {
    deps.logger.info(
      { err: error, guildId: interaction.guildId },
      "Could not close a confirmation",
    );
  }
}

export const confirmButtons: Readonly<Record<string, ButtonHandler>> = {
  /**
   * Reserves and answers the click with the public job message. That message is the click's own
   * reply, so its token (valid 15 minutes from the click) edits it for the job's life.
   */
  async generate(interaction, id, deps) {
    const pending = deps.pendingJobs.take(id, interaction.guildId, interaction.user.id);
    if (!pending) throw new UserError(confirmText.expired);
    let started = false;
    try {
      await startJob(interaction, pending.value.settings, deps);
      started = true;
    } finally {
      await closeQuestion(
        interaction,
        pending.value,
        started ? confirmText.started : confirmText.notStarted,
        deps,
      );
    }
  },

  async cancel(interaction, id, deps) {
    deps.pendingJobs.take(id, interaction.guildId, interaction.user.id);
    await interaction.update({ content: confirmText.cancelled, components: [] });
  },
};
