import { ButtonStyle, ComponentType, MessageFlags } from "discord.js";
import type { JobSettings } from "../domain/video-settings.js";
import { formatCredits } from "../lib/format.js";

/** Plain-English texts of the confirmation step, kept together for translation. */
export const confirmText = {
  question: (price: number, settings: JobSettings) =>
    `This video costs **${formatCredits(price)}** (${describe(settings)}). Generate it?`,
  generate: "Generate",
  cancel: "Cancel",
  started: "Started: your video is in the message below.",
  notStarted: "Not started; nothing was charged.",
  cancelled: "Cancelled. Nothing was charged.",
  expired: "This confirmation has expired or was already used. Please run the command again.",
} as const;

function describe(settings: JobSettings): string {
  const extras = [settings.audio ? "audio" : null, settings.fixedLens ? "fixed lens" : null];
  return [settings.resolution, settings.aspectRatio, `${settings.duration} s`, ...extras]
    .filter(Boolean)
    .join(" · ");
}

export const confirmIds = {
  generate: (id: string) => `confirm:generate:${id}`,
  cancel: (id: string) => `confirm:cancel:${id}`,
};

export function confirmMessage(price: number, settings: JobSettings, id: string) {
  return {
    content: confirmText.question(price, settings),
    flags: MessageFlags.Ephemeral,
    allowedMentions: { parse: [] },
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.Button,
            style: ButtonStyle.Success,
            label: confirmText.generate,
            custom_id: confirmIds.generate(id),
          },
          {
            type: ComponentType.Button,
            style: ButtonStyle.Secondary,
            label: confirmText.cancel,
            custom_id: confirmIds.cancel(id),
          },
        ],
      },
    ],
  } as const;
}
