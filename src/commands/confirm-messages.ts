import { ButtonStyle, ComponentType, MessageFlags } from "discord.js";
import { describeSettings } from "../discord/job-messages.js";
import type { JobSettings } from "../domain/video-settings.js";
import { credits, type MessageKey, type Translator } from "../i18n/index.js";

/** The words of the confirmation step, by key; the member who clicks sees them in their language. */
export const confirmText = {
  started: "replies.confirm.started",
  notStarted: "replies.confirm.notStarted",
  cancelled: "replies.confirm.cancelled",
  expired: "replies.confirm.expired",
} as const satisfies Record<string, MessageKey>;

export const confirmIds = {
  generate: (id: string) => `confirm:generate:${id}`,
  cancel: (id: string) => `confirm:cancel:${id}`,
};

/**
 * The ephemeral "Generate it?" question. `forOthers`: the job regenerates someone else's video,
 * so the clicker is told it spends the server's credits.
 */
export function confirmMessage(
  price: number,
  settings: JobSettings,
  id: string,
  t: Translator,
  forOthers = false,
) {
  const values = { cost: credits(t, price), settings: describeSettings(settings, t) };
  return {
    content: t(forOthers ? "replies.confirm.othersQuestion" : "replies.confirm.question", values),
    flags: MessageFlags.Ephemeral,
    allowedMentions: { parse: [] },
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.Button,
            style: ButtonStyle.Success,
            label: t("replies.confirm.generate"),
            custom_id: confirmIds.generate(id),
          },
          {
            type: ComponentType.Button,
            style: ButtonStyle.Secondary,
            label: t("replies.confirm.cancel"),
            custom_id: confirmIds.cancel(id),
          },
        ],
      },
    ],
  } as const;
}
