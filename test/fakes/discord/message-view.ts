import {
  type APIAttachment,
  type APIMessage,
  type APIMessageInteractionMetadata,
  ApplicationIntegrationType,
  InteractionType,
} from "discord-api-types/v10";
import { knownUser } from "./payloads.js";
import type {
  FakeDiscordState,
  InteractionRecord,
  StoredAttachment,
  StoredMessage,
} from "./state.js";

/** A stored message as Discord returns it over REST. */
export function apiMessage(state: FakeDiscordState, message: StoredMessage): APIMessage {
  const interaction = message.interactionId ? state.interactions.get(message.interactionId) : null;
  const viaApp = message.source !== "channel";
  return {
    id: message.id,
    channel_id: message.channelId,
    author: knownUser(state, state.config.applicationId),
    content: message.content,
    timestamp: new Date(message.createdAt).toISOString(),
    edited_timestamp: message.editedAt === null ? null : new Date(message.editedAt).toISOString(),
    tts: false,
    mention_everyone: message.pings.everyone,
    mentions: message.pings.users.map((id) => knownUser(state, id)),
    mention_roles: message.pings.roles,
    attachments: message.attachments.map(apiAttachment),
    embeds: message.embeds,
    components: message.components,
    pinned: false,
    type: message.type,
    flags: message.flags,
    ...(viaApp ? { webhook_id: state.config.applicationId } : {}),
    ...(viaApp ? { application_id: state.config.applicationId } : {}),
    ...(interaction
      ? { interaction_metadata: interactionMetadata(state, interaction, message) }
      : {}),
  };
}

function apiAttachment(attachment: StoredAttachment): APIAttachment {
  return {
    id: attachment.id,
    filename: attachment.name,
    size: attachment.size,
    url: attachment.url,
    proxy_url: attachment.url.replace("cdn.discordapp.com", "media.discordapp.net"),
    content_type: attachment.contentType,
    ...(attachment.description === null ? {} : { description: attachment.description }),
  };
}

function interactionMetadata(
  state: FakeDiscordState,
  interaction: InteractionRecord,
  message: StoredMessage,
): APIMessageInteractionMetadata {
  const original = interaction.originalMessageId;
  const base = {
    id: interaction.id,
    user: knownUser(state, interaction.userId),
    authorizing_integration_owners: {
      [ApplicationIntegrationType.GuildInstall]: interaction.guildId ?? "0",
    },
    ...(original !== null && original !== message.id
      ? { original_response_message_id: original }
      : {}),
  };
  return interaction.type === InteractionType.MessageComponent
    ? {
        ...base,
        type: InteractionType.MessageComponent,
        interacted_message_id: interaction.sourceMessageId ?? "",
      }
    : { ...base, type: InteractionType.ApplicationCommand };
}
