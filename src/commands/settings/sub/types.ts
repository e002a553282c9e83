import { MessageFlags } from "discord.js";
import { type Translator, translator } from "../../../i18n/index.js";
import type { CommandDeps, GuildCommandInteraction } from "../../types.js";

export type SettingsSubcommand = (
  interaction: GuildCommandInteraction,
  deps: CommandDeps,
) => Promise<unknown>;

export const ephemeral = { flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } } as const;

/** An option's raw value as Discord sent it, for validation (crafted payloads included). */
export const rawOption = (interaction: GuildCommandInteraction, name: string) =>
  interaction.options.get(name)?.value ?? undefined;

/** Replies to the admin, in their language, with what `text` says. */
export const replyWith = (interaction: GuildCommandInteraction, text: (t: Translator) => string) =>
  interaction.reply({ content: text(translator(interaction.locale)), ...ephemeral });
