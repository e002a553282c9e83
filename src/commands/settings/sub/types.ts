import { MessageFlags } from "discord.js";
import type { CommandDeps, GuildCommandInteraction } from "../../types.js";

export type SettingsSubcommand = (
  interaction: GuildCommandInteraction,
  deps: CommandDeps,
) => Promise<unknown>;

export const ephemeral = { flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } } as const;

/** An option's raw value as Discord sent it, for validation (crafted payloads included). */
export const rawOption = (interaction: GuildCommandInteraction, name: string) =>
  interaction.options.get(name)?.value ?? undefined;
