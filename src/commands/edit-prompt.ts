import type { APIModalInteractionResponseCallbackData } from "discord.js";
import type { Job } from "../db/schema.js";
import { customId } from "../discord/custom-ids.js";
import { promptInput, readVideoForm, settingSelects } from "../discord/video-form.js";
import { settingsOf } from "../domain/video-settings.js";
import type { Translator } from "../i18n/index.js";
import { refuse } from "../i18n/refusal.js";
import { requestJob } from "./confirm-job.js";
import type { ModalHandler } from "./types.js";
import { parseVideoOptions } from "./video-options.js";

/** The Edit prompt… form: the job's prompt and settings, pre-filled, to change and send anew. */
export function editPromptModal(job: Job, t: Translator): APIModalInteractionResponseCallbackData {
  return {
    custom_id: customId.editForm(job.id),
    title: t("jobs.form.editTitle"),
    components: [
      promptInput(t("jobs.form.prompt"), { value: job.prompt }),
      ...settingSelects(t, job),
    ],
  };
}

/**
 * The form's submit: a new job with the edited prompt and settings (an animate job keeps its
 * image; a setting the submit lacks keeps the old job's), through the same checks, price and
 * reservation as /video.
 */
export const editPromptModals: Readonly<Record<string, ModalHandler>> = {
  async submit(interaction, jobId, deps) {
    const job = await deps.jobs.get(jobId);
    if (!job || job.guildId !== interaction.guildId) throw refuse("refusals.jobGone");
    const edited = parseVideoOptions(readVideoForm(interaction.fields));
    await requestJob(
      interaction,
      {
        ...settingsOf(job),
        prompt: edited.prompt,
        resolution: edited.resolution ?? job.resolution,
        duration: edited.duration ?? job.duration,
        aspectRatio: edited.aspect_ratio ?? job.aspectRatio,
        audio: edited.audio ?? job.audio,
      },
      deps,
    );
  },
};
