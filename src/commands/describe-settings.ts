import type { Translator } from "../i18n/index.js";
import { BUILT_IN, type ServerDefaults } from "../services/settings/rules.js";

/** Each default, marked when the server chose it rather than the built-in one (/help, /settings). */
export function describeDefaults(defaults: ServerDefaults, t: Translator): string {
  const mark = (value: unknown, text: string) =>
    value === null ? text : t("common.defaults.server", { value: text });
  const state = (on: boolean) => t(on ? "common.defaults.on" : "common.defaults.off");
  const ratio =
    defaults.aspectRatio ?? t("common.defaults.imageShape", { ratio: BUILT_IN.aspectRatio });
  return [
    mark(defaults.resolution, defaults.resolution ?? BUILT_IN.resolution),
    mark(defaults.duration, t("common.seconds", { count: defaults.duration ?? BUILT_IN.duration })),
    mark(defaults.aspectRatio, ratio),
    mark(
      defaults.audio,
      t("common.defaults.audio", { state: state(defaults.audio ?? BUILT_IN.audio) }),
    ),
    mark(
      defaults.fixedLens,
      t("common.defaults.fixedLens", { state: state(defaults.fixedLens ?? BUILT_IN.fixedLens) }),
    ),
  ].join(" · ");
}

/** The channels where videos can be made, and who may make them. */
export const describeChannels = (ids: readonly string[], t: Translator) =>
  ids.length === 0 ? t("common.where.everyChannel") : ids.map((id) => `<#${id}>`).join(", ");

export const describeRole = (roleId: string | null, t: Translator) =>
  roleId === null
    ? t("common.where.everyone")
    : t("common.where.withRole", { role: `<@&${roleId}>` });
