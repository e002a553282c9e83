import { type APIEmbed, type APIMessage, EmbedType, MessageType } from "discord-api-types/v10";
import type { FakeAttachmentInput } from "./interaction-payloads.js";
import { knownUser } from "./payloads.js";
import type { FakeDiscordState } from "./state.js";

/** A message a member posted, for context-menu commands to target. */
export interface MemberMessageInput {
  /** Defaults to the first guild's first channel. */
  channelId?: string;
  author?: { id: string; username?: string };
  content?: string;
  attachments?: FakeAttachmentInput[];
  /** Images Discord embedded from links in the content (an `image` embed's thumbnail). */
  embedImages?: { url: string; width?: number; height?: number }[];
}

/**
 * Messages written by members, kept apart from the bot's own: the fake never needs to edit
 * them, only to hand them to the bot in `resolved.messages` as Discord does.
 */
export function createMemberMessages(state: FakeDiscordState) {
  const messages = new Map<string, APIMessage>();

  return {
    post(input: MemberMessageInput): APIMessage {
      const channelId = input.channelId ?? state.config.guilds[0]?.channels[0]?.id ?? "";
      if (!state.channels.has(channelId)) throw new Error(`fake Discord: no channel ${channelId}`);
      const author = state.addUser(input.author ?? { id: state.nextId(), username: "poster" });
      const id = state.nextId();
      const message: APIMessage = {
        id,
        channel_id: channelId,
        author: knownUser(state, author.id),
        content: input.content ?? "",
        timestamp: new Date().toISOString(),
        edited_timestamp: null,
        tts: false,
        mention_everyone: false,
        mentions: [],
        mention_roles: [],
        attachments: (input.attachments ?? []).map((file) => {
          const fileId = state.nextId();
          const url =
            file.url ??
            `https://cdn.discordapp.com/attachments/${channelId}/${fileId}/${file.filename}`;
          return {
            id: fileId,
            filename: file.filename,
            size: file.size,
            url,
            proxy_url: url.replace("cdn.discordapp.com", "media.discordapp.net"),
            content_type: file.contentType,
            ...(file.width === undefined ? {} : { width: file.width }),
            ...(file.height === undefined ? {} : { height: file.height }),
          };
        }),
        // Discord serves embedded images through its media proxy, as `proxy_url`.
        embeds: (input.embedImages ?? []).map(
          (image): APIEmbed => ({
            type: EmbedType.Image,
            url: image.url,
            thumbnail: { ...image, proxy_url: mediaProxyUrl(image.url) },
          }),
        ),
        pinned: false,
        type: MessageType.Default,
      };
      messages.set(id, message);
      return message;
    },

    get: (id: string): APIMessage | undefined => messages.get(id),
  };
}

/** How Discord's media proxy rewrites an external image URL. */
export function mediaProxyUrl(url: string): string {
  const { protocol, host, pathname, search } = new URL(url);
  return `https://media.discordapp.net/external/fake/${protocol.replace(":", "")}/${host}${pathname}${search}`;
}

export type MemberMessages = ReturnType<typeof createMemberMessages>;
