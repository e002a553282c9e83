import { refuse } from "../../../i18n/refusal.js";
import { channelsChange } from "../../../services/settings/changes.js";
import type { GuildCommandInteraction } from "../../types.js";
import { savedText } from "../render.js";
import { rawOption, replyWith, type SettingsSubcommand } from "./types.js";

/** A channel id from an option, refused unless it is one of this server's channels. */
function ownChannel(interaction: GuildCommandInteraction, name: string): string | undefined {
  const id = rawOption(interaction, name);
  if (id === undefined) return undefined;
  const channel = typeof id === "string" ? interaction.guild?.channels.cache.get(id) : undefined;
  if (!channel || channel.guildId !== interaction.guildId) {
    throw refuse("settings.refusals.channelNotHere");
  }
  return channel.id;
}

export const channels: SettingsSubcommand = async (interaction, { settings }) => {
  const { guildId } = interaction;
  const clear = rawOption(interaction, "clear");
  const remove = rawOption(interaction, "remove");
  const current = (await settings.get(guildId)).channelIds;
  if (typeof remove === "string" && !current.includes(remove) && clear !== true) {
    throw refuse("settings.refusals.channelNotListed", { channel: `<#${remove}>` });
  }
  const change = channelsChange(current, {
    add: ownChannel(interaction, "add"),
    remove: typeof remove === "string" ? remove : undefined,
    clear: clear === true,
  });
  const after = await settings.change(guildId, interaction.user.id, change);
  return replyWith(interaction, (t) => savedText.channels(after.channelIds, t));
};
