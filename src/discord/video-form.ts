import {
  type APILabelComponent,
  type APISelectMenuOption,
  ComponentType,
  type ModalSubmitFields,
  TextInputStyle,
} from "discord.js";
import { priceOf } from "../domain/pricing.js";
import {
  ASPECT_RATIOS,
  DURATIONS,
  type JobSettings,
  PROMPT_MAX,
  RESOLUTIONS,
} from "../domain/video-settings.js";
import { credits, type Translator } from "../i18n/index.js";

/**
 * The inputs both forms share (Animate with Seedance, Edit prompt…), read back under /video's
 * option names so one parser (parseVideoOptions) checks them.
 */
type FormSettings = Pick<JobSettings, "resolution" | "duration" | "aspectRatio" | "audio">;

/** The prompt box, read back as `prompt`. */
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

function select(
  customId: string,
  label: string,
  description: string | null,
  options: APISelectMenuOption[],
): APILabelComponent {
  // Pre-selected means there is always an answer; nothing pre-selected means "the default".
  const required = options.some((option) => option.default);
  return {
    type: ComponentType.Label,
    label,
    ...(description ? { description } : {}),
    component: {
      type: ComponentType.StringSelect,
      custom_id: customId,
      required,
      min_values: required ? 1 : 0,
      max_values: 1,
      options,
    },
  };
}

/**
 * The four setting selects. With `current` (Edit prompt…) each shows the job's value
 * pre-selected and prices against its other settings; without (Animate with Seedance) they may
 * stay empty for the server's default, and price against 720p, 8 s.
 */
export function settingSelects(t: Translator, current: FormSettings | null): APILabelComponent[] {
  const base = current ?? { resolution: "720p", duration: 8, aspectRatio: null, audio: false };
  const option = (label: string, value: string, isCurrent: boolean): APISelectMenuOption => ({
    label,
    value,
    ...(current && isCurrent ? { default: true } : {}),
  });
  const cost = (resolution: string, duration: number) =>
    credits(t, priceOf({ resolution, duration, audio: base.audio }));
  const seconds = (count: number) => t("common.seconds", { count });
  const hint = (key: "serverDefault" | "ratioDefault") => (current ? null : t(`jobs.form.${key}`));
  return [
    select(
      "resolution",
      t("jobs.form.resolution"),
      hint("serverDefault"),
      RESOLUTIONS.map((resolution) =>
        option(
          t("jobs.form.resolutionOption", {
            resolution,
            cost: cost(resolution, base.duration),
            duration: seconds(base.duration),
          }),
          resolution,
          resolution === base.resolution,
        ),
      ),
    ),
    select(
      "duration",
      t("jobs.form.duration"),
      hint("serverDefault"),
      DURATIONS.map((duration) =>
        option(
          t("jobs.form.durationOption", {
            duration: seconds(duration),
            cost: cost(base.resolution, duration),
            resolution: base.resolution,
          }),
          String(duration),
          duration === base.duration,
        ),
      ),
    ),
    select(
      "aspect_ratio",
      t("jobs.form.aspectRatio"),
      hint("ratioDefault"),
      ASPECT_RATIOS.map((ratio) =>
        option(
          t("jobs.form.ratioOption", { ratio, shape: t(`common.shape.${ratio}`) }),
          ratio,
          ratio === base.aspectRatio,
        ),
      ),
    ),
    select("audio", t("jobs.form.audio"), hint("serverDefault"), [
      option(t("jobs.form.audioOn"), "on", base.audio),
      option(t("jobs.form.audioOff"), "off", !base.audio),
    ]),
  ];
}

/**
 * A submitted form in /video's option names. An input the submit lacks (a crafted payload) is
 * left out, so the parser refuses a missing prompt and a missing setting keeps its default.
 */
export function readVideoForm(fields: ModalSubmitFields): Record<string, unknown> {
  const input = (id: string) => fields.fields.get(id);
  const text = input("prompt");
  const one = (id: string) => {
    const field = input(id);
    return field?.type === ComponentType.StringSelect ? field.values[0] : undefined;
  };
  const duration = one("duration");
  const audio = one("audio");
  return {
    prompt: text?.type === ComponentType.TextInput ? text.value : undefined,
    resolution: one("resolution"),
    duration: duration === undefined ? undefined : Number(duration),
    aspect_ratio: one("aspect_ratio"),
    audio: audio === undefined ? undefined : audio === "on",
  };
}
