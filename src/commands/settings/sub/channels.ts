import { UserError } from "../../../domain/user-error.js";
import { channelsChange } from "../../../services/settings/changes.js";
import type { GuildCommandInteraction } from "../../types.js";
import { settingsText } from "../render.js";
import { ephemeral, rawOption, type SettingsSubcommand } from "./types.js";

/** A channel id from an option, refused unless it is one of this server's channels. */
function ownChannel(interaction: GuildCommandInteraction, name: string): string | undefined {
  const id = rawOption(interaction, name);
  if (id === undefined) return undefined;
  const channel = typeof id === "string" ? interaction.guild?.channels.cache.get(id) : undefined;
  if (!channel || channel.guildId !== interaction.guildId) {
    throw new UserError(settingsText.channelNotHere);
  }
  return channel.id;
}

export const channels: SettingsSubcommand = async (interaction, { settings }) => {
  const { guildId } = interaction;
  const clear = rawOption(interaction, "clear");
  const remove = rawOption(interaction, "remove");
  const current = (await settings.get(guildId)).channelIds;
  if (typeof remove === "string" && !current.includes(remove) && clear !== true) {
    throw new UserError(settingsText.channelNotListed(remove));
  }
  const change = channelsChange(current, {
    add: ownChannel(interaction, "add"),
    remove: typeof remove === "string" ? remove : undefined,
    clear: clear === true,
  });
  const after = await settings.change(guildId, interaction.user.id, change);
  return interaction.reply({ content: settingsText.channels(after.channelIds), ...ephemeral });
};
