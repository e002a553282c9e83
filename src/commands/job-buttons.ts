import { UserError } from "../domain/user-error.js";
import { settingsOf } from "../domain/video-settings.js";
import { requestJob } from "./confirm-job.js";
import type { ButtonHandler, CommandDeps, GuildButtonInteraction } from "./types.js";

const gone = () => new UserError("That video is no longer in the bot's records.");

/**
 * The job a button names, if the button is on that job's own message in this server. Custom ids
 * can be forged: without this, a member's own delete button sent from someone else's message
 * would delete that message.
 */
function jobOnThisMessage(interaction: GuildButtonInteraction, jobId: string, deps: CommandDeps) {
  const job = deps.jobs.get(jobId);
  if (!job || job.guildId !== interaction.guildId) throw gone();
  if (job.messageId === null || job.messageId !== interaction.message.id) {
    throw new UserError("That button doesn't belong to this message.");
  }
  return job;
}

/** Buttons under a finished video. Ids carry only the job id; everything else is re-read. */
export const jobButtons: Readonly<Record<string, ButtonHandler>> = {
  /** Same settings, a new job charged to whoever clicked (their limits and the server's rules apply). */
  async regenerate(interaction, jobId, deps) {
    const job = jobOnThisMessage(interaction, jobId, deps);
    await requestJob(interaction, settingsOf(job), deps);
  },

  async delete(interaction, jobId, deps) {
    const job = jobOnThisMessage(interaction, jobId, deps);
    if (job.userId !== interaction.user.id) {
      throw new UserError("Only the member who asked for this video can delete it.");
    }
    await interaction.deferUpdate();
    await interaction.deleteReply();
    deps.logger.info({ jobId }, "Video message deleted by its requester");
  },
};
