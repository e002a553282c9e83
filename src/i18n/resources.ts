import enCommon from "../locales/en/common.json" with { type: "json" };
import enFailures from "../locales/en/failures.json" with { type: "json" };
import enHelp from "../locales/en/help.json" with { type: "json" };
import enJobs from "../locales/en/jobs.json" with { type: "json" };
import enRefusals from "../locales/en/refusals.json" with { type: "json" };
import enReplies from "../locales/en/replies.json" with { type: "json" };
import enSettings from "../locales/en/settings.json" with { type: "json" };
import koCommands from "../locales/ko/commands.json" with { type: "json" };
import koCommon from "../locales/ko/common.json" with { type: "json" };
import koFailures from "../locales/ko/failures.json" with { type: "json" };
import koHelp from "../locales/ko/help.json" with { type: "json" };
import koJobs from "../locales/ko/jobs.json" with { type: "json" };
import koRefusals from "../locales/ko/refusals.json" with { type: "json" };
import koReplies from "../locales/ko/replies.json" with { type: "json" };
import koSettings from "../locales/ko/settings.json" with { type: "json" };

/** The English catalog is the reference: its shape is the type of every key. */
export const en = {
  common: enCommon,
  jobs: enJobs,
  failures: enFailures,
  refusals: enRefusals,
  replies: enReplies,
  help: enHelp,
  settings: enSettings,
};

export type Catalog = typeof en;

/** Every language the bot speaks; a new one is a folder under src/locales and a line here. */
export const catalogs = {
  en,
  ko: {
    common: koCommon,
    jobs: koJobs,
    failures: koFailures,
    refusals: koRefusals,
    replies: koReplies,
    help: koHelp,
    settings: koSettings,
  },
} as const;

export type Language = keyof typeof catalogs;

/**
 * Command descriptions and choice names per language, keyed by the option's path
 * (`credits/add/amount`, `video/aspect_ratio/16:9`), and the Discord locales they are for.
 * English is written in the command definitions themselves.
 */
export const commandCatalogs: Readonly<
  Record<Exclude<Language, "en">, { locales: readonly string[]; texts: Record<string, string> }>
> = {
  ko: { locales: ["ko"], texts: koCommands },
};
