import { settingsOf } from "../domain/video-settings.js";
import { translator } from "../i18n/index.js";
import { refuse } from "../i18n/refusal.js";
import { requestJob } from "./confirm-job.js";
import { editPromptModal } from "./edit-prompt.js";
import type { ButtonHandler, CommandDeps, GuildButtonInteraction } from "./types.js";

const gone = () => refuse("refusals.jobGone");

/**
 * The job a button names, if the button is on that job's own message in this server. Custom ids
 * can be forged: without this, a member's own delete button sent from someone else's message
 * would delete that message.
 */
async function jobOnThisMessage(
  interaction: GuildButtonInteraction,
  jobId: string,
  deps: CommandDeps,
) {
  const job = await deps.jobs.get(jobId);
  if (!job || job.guildId !== interaction.guildId) throw gone();
  if (job.messageId === null || job.messageId !== interaction.message.id) {
    throw refuse("refusals.notThisMessage");
  }
  return job;
}

/** Buttons under a finished video. Ids carry only the job id; everything else is re-read. */
export const jobButtons: Readonly<Record<string, ButtonHandler>> = {
  /**
   * Same settings, a new job charged to whoever clicked (their limits and the server's rules
   * apply). Someone other than the requester is asked first: it spends the server's credits.
   */
  async regenerate(interaction, jobId, deps) {
    const job = await jobOnThisMessage(interaction, jobId, deps);
    await requestJob(interaction, settingsOf(job), deps, {
      forOthers: job.userId !== interaction.user.id,
    });
  },

  /** Edit prompt…: a form pre-filled with the prompt; its submit starts the new job. */
  async edit(interaction, jobId, deps) {
    const job = await jobOnThisMessage(interaction, jobId, deps);
    await interaction.showModal(editPromptModal(job, translator(interaction.locale)));
  },

  async delete(interaction, jobId, deps) {
    const job = await jobOnThisMessage(interaction, jobId, deps);
    if (job.userId !== interaction.user.id) {
      throw refuse("refusals.deleteNotYours");
    }
    await interaction.deferUpdate();
    await interaction.deleteReply();
    deps.logger.info({ jobId }, "Video message deleted by its requester");
  },
};
