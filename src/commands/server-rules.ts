import { refusalError } from "../services/settings/refusal-text.js";
import {
  type GenerationRequest,
  type GuildSettings,
  generationRefusal,
} from "../services/settings/rules.js";
import type {
  GuildButtonInteraction,
  GuildCommandInteraction,
  GuildMessageMenuInteraction,
  GuildModalInteraction,
} from "./types.js";

/** Every interaction a job can start from. */
export type JobInteraction =
  | GuildCommandInteraction
  | GuildButtonInteraction
  | GuildModalInteraction;

/** Where and by whom the job is asked for, read from the interaction. */
function generationRequest(
  interaction: JobInteraction | GuildMessageMenuInteraction,
  price: number,
): GenerationRequest {
  const roles = interaction.member.roles;
  const channel = interaction.channel;
  return {
    channelId: interaction.channelId ?? "",
    parentChannelId: channel?.isThread() ? channel.parentId : null,
    roleIds: Array.isArray(roles) ? roles : [...roles.cache.keys()],
    price,
  };
}

/** Throws the member-facing refusal when the job breaks one of the server's rules. */
export function enforceServerRules(
  settings: GuildSettings,
  interaction: JobInteraction | GuildMessageMenuInteraction,
  price: number,
): void {
  const refusal = generationRefusal(settings, generationRequest(interaction, price));
  if (refusal) throw refusalError(refusal);
}
