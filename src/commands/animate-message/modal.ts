import type { APIModalInteractionResponseCallbackData } from "discord.js";
import { promptInput, settingSelects } from "../../discord/video-form.js";
import type { Translator } from "../../i18n/index.js";

/** The prompt and, as optional selects, the settings a member would give /animate. */
export function animateModal(
  customId: string,
  t: Translator,
): APIModalInteractionResponseCallbackData {
  return {
    custom_id: customId,
    title: t("jobs.form.animateTitle"),
    components: [
      promptInput(t("jobs.form.prompt"), { description: t("jobs.form.promptHint") }),
      ...settingSelects(t, null),
    ],
  };
}
