import { Routes } from "discord.js";
import { priceOf } from "../domain/pricing.js";
import type { JobSettings } from "../domain/video-settings.js";
import { translator } from "../i18n/index.js";
import { refuse } from "../i18n/refusal.js";
import { type GuildSettings, needsConfirmation } from "../services/settings/rules.js";
import { confirmMessage, confirmText } from "./confirm-messages.js";
import { enforceServerRules, type JobInteraction } from "./server-rules.js";
import { startJob } from "./start-job.js";
import type {
  ButtonHandler,
  CommandDeps,
  ConfirmableJob,
  GuildButtonInteraction,
} from "./types.js";

type ConfirmKey = (typeof confirmText)[keyof typeof confirmText];

export interface JobRequestOptions {
  /** The server's settings, when the command has just read them (for its defaults). */
  readonly server?: GuildSettings;
  /** The job regenerates another member's video: always ask, it spends the server's credits. */
  readonly forOthers?: boolean;
}

/**
 * The way into a job for every command: the server's rules refuse first; a job above the
 * server's confirm_above asks (ephemerally) before anything is reserved; anything else starts.
 */
export async function requestJob(
  interaction: JobInteraction,
  settings: JobSettings,
  deps: CommandDeps,
  options: JobRequestOptions = {},
): Promise<void> {
  const server = options.server ?? (await deps.settings.get(interaction.guildId));
  const price = priceOf(settings);
  if (!options.forOthers && !needsConfirmation(server, price)) {
    return startJob(interaction, settings, server, deps);
  }
  enforceServerRules(server, interaction, price);
  const id = deps.pendingJobs.hold(interaction.guildId, interaction.user.id, {
    settings,
    applicationId: interaction.applicationId,
    questionToken: interaction.token,
  });
  const t = translator(interaction.locale);
  await interaction.reply(confirmMessage(price, settings, id, t, options.forOthers === true));
}

/** Best effort: the question's token may be gone, and the job already answered the click. */
async function closeQuestion(
  interaction: GuildButtonInteraction,
  job: ConfirmableJob,
  key: ConfirmKey,
  deps: CommandDeps,
): Promise<void> {
  const content = translator(interaction.locale)(key);
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
    if (!pending) throw refuse(confirmText.expired);
    let started = false;
    try {
      // Read again: the rules may have changed while the member made up their mind.
      const server = await deps.settings.get(interaction.guildId);
      await startJob(interaction, pending.value.settings, server, deps);
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
    const content = translator(interaction.locale)(confirmText.cancelled);
    await interaction.update({ content, components: [] });
  },
};
