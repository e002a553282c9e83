import type { APIModalInteractionResponseCallbackData } from "discord.js";
import type { Job } from "../db/schema.js";
import { customId } from "../discord/custom-ids.js";
import { promptInput } from "../discord/prompt-input.js";
import { settingsOf } from "../domain/video-settings.js";
import type { Translator } from "../i18n/index.js";
import { refuse } from "../i18n/refusal.js";
import { requestJob } from "./confirm-job.js";
import type { ModalHandler } from "./types.js";
import { parseVideoOptions } from "./video-options.js";

/** The Edit prompt… form: the job's prompt, pre-filled, to change and send as a new job. */
export function editPromptModal(job: Job, t: Translator): APIModalInteractionResponseCallbackData {
  return {
    custom_id: customId.editForm(job.id),
    title: t("jobs.editModal.title"),
    components: [promptInput(t("jobs.editModal.label"), { value: job.prompt })],
  };
}

/**
 * The form's submit: a new job with the edited prompt and the old job's settings (an animate
 * job keeps its image), through the same checks, price and reservation as /video.
 */
export const editPromptModals: Readonly<Record<string, ModalHandler>> = {
  async submit(interaction, jobId, deps) {
    const job = await deps.jobs.get(jobId);
    if (!job || job.guildId !== interaction.guildId) throw refuse("refusals.jobGone");
    const { prompt } = parseVideoOptions({
      prompt: interaction.fields.getTextInputValue("prompt"),
    });
    await requestJob(interaction, { ...settingsOf(job), prompt }, deps);
  },
};
