import { UserError } from "../domain/user-error.js";
import { settingsOf } from "../domain/video-settings.js";
import { requestJob } from "./confirm-job.js";
import type { ButtonHandler } from "./types.js";

const gone = () => new UserError("That video is no longer in the bot's records.");

/** Buttons under a finished video. Ids carry only the job id; everything else is re-read. */
export const jobButtons: Readonly<Record<string, ButtonHandler>> = {
  /** Same settings, a new job charged to whoever clicked (their limits and the server's rules apply). */
  async regenerate(interaction, jobId, deps) {
    const job = deps.jobs.get(jobId);
    if (!job || job.guildId !== interaction.guildId) throw gone();
    await requestJob(interaction, settingsOf(job), deps);
  },

  async delete(interaction, jobId, deps) {
    const job = deps.jobs.get(jobId);
    if (!job || job.guildId !== interaction.guildId) throw gone();
    if (job.userId !== interaction.user.id) {
      throw new UserError("Only the member who asked for this video can delete it.");
    }
    await interaction.deferUpdate();
    await interaction.deleteReply();
    deps.logger.info({ jobId }, "Video message deleted by its requester");
  },
};
