import {
  type APIModalInteractionResponseCallbackData,
  type APISelectMenuOption,
  ComponentType,
} from "discord.js";
import { promptInput } from "../../discord/prompt-input.js";
import { priceOf } from "../../domain/pricing.js";
import { ASPECT_RATIOS, DURATIONS, RESOLUTIONS } from "../../domain/video-settings.js";
import type { GuildModalInteraction } from "../types.js";

/** Plain-English texts of the Animate form, kept together for translation. */
const modalText = {
  title: "Animate with Seedance",
  prompt: "Prompt",
  promptHint: "Describe the motion: subject, action, style, camera",
  resolution: "Resolution",
  duration: "Duration",
  aspectRatio: "Aspect ratio",
  audio: "Audio",
  serverDefault: "Leave empty for this server's default",
  ratioDefault: "Leave empty to follow the server's default or the image",
  audioOn: "On (AI soundtrack)",
  audioOff: "Off",
} as const;

const cost = (resolution: string, duration: number) =>
  priceOf({ resolution, duration, audio: false });

function select(
  customId: string,
  label: string,
  description: string,
  options: APISelectMenuOption[],
) {
  return {
    type: ComponentType.Label,
    label,
    description,
    component: {
      type: ComponentType.StringSelect,
      custom_id: customId,
      required: false,
      min_values: 0,
      max_values: 1,
      options,
    },
  } as const;
}

/** The prompt and, as optional selects, the settings a member would give /animate. */
export function animateModal(customId: string): APIModalInteractionResponseCallbackData {
  return {
    custom_id: customId,
    title: modalText.title,
    components: [
      promptInput(modalText.prompt, { description: modalText.promptHint }),
      select(
        "resolution",
        modalText.resolution,
        modalText.serverDefault,
        RESOLUTIONS.map((r) => ({ label: `${r} — ${cost(r, 8)} credits for 8 s`, value: r })),
      ),
      select(
        "duration",
        modalText.duration,
        modalText.serverDefault,
        DURATIONS.map((d) => ({
          label: `${d} s — ${cost("720p", d)} credits at 720p`,
          value: String(d),
        })),
      ),
      select(
        "aspect_ratio",
        modalText.aspectRatio,
        modalText.ratioDefault,
        ASPECT_RATIOS.map((ratio) => ({ label: ratio, value: ratio })),
      ),
      select("audio", modalText.audio, modalText.serverDefault, [
        { label: modalText.audioOn, value: "on" },
        { label: modalText.audioOff, value: "off" },
      ]),
    ],
  };
}

/** The form's answers in /animate's option names, for the same validation. */
export function readAnimateModal(interaction: GuildModalInteraction): Record<string, unknown> {
  const { fields } = interaction;
  const one = (id: string) => fields.getStringSelectValues(id)[0];
  const duration = one("duration");
  const audio = one("audio");
  return {
    prompt: fields.getTextInputValue("prompt"),
    resolution: one("resolution"),
    duration: duration === undefined ? undefined : Number(duration),
    aspect_ratio: one("aspect_ratio"),
    audio: audio === undefined ? undefined : audio === "on",
  };
}
