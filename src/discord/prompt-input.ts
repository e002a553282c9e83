import { type APILabelComponent, ComponentType, TextInputStyle } from "discord.js";
import { PROMPT_MAX } from "../domain/video-settings.js";

/** The prompt box of a form (Animate with Seedance, Edit prompt…), read back as `prompt`. */
export function promptInput(label: string, options: { description?: string; value?: string }) {
  return {
    type: ComponentType.Label,
    label,
    ...(options.description ? { description: options.description } : {}),
    component: {
      type: ComponentType.TextInput,
      custom_id: "prompt",
      style: TextInputStyle.Paragraph,
      required: true,
      min_length: 1,
      max_length: PROMPT_MAX,
      ...(options.value ? { value: options.value } : {}),
    },
  } satisfies APILabelComponent;
}
