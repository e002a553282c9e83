import { MessageFlags, MessageType } from "discord-api-types/v10";
import { z } from "zod";
import { discordErrors } from "../errors.js";
import { parseForm } from "../form-errors.js";
import { apiMessage } from "../message-view.js";
import { createMessage, editMessage } from "../messages.js";
import { apiDmChannel } from "../payloads.js";
import { json, noContent, type Route, type RouteContext } from "../router.js";
import type { FakeChannel, StoredMessage } from "../state.js";

/** Messages sent with the bot token: the delivery fallbacks of DESIGN §4 end up here. */
export const channelRoutes: Route[] = [
  {
    method: "POST",
    pattern: "/channels/:channel/messages",
    botAuth: true,
    handle: (ctx) => {
      const { state } = ctx;
      const channel = channelOf(ctx);
      if (channel.guildId === null && state.permissions.denyDirectMessage) {
        throw discordErrors.cannotDmUser();
      }
      if (channel.guildId !== null && state.permissions.denyChannelPost) {
        throw discordErrors.missingPermissions();
      }
      const message = createMessage(
        state,
        {
          channelId: channel.id,
          source: "channel",
          interactionId: null,
          type: MessageType.Default,
          uploadLimit: state.config.uploadLimitBytes,
        },
        ctx.body,
        ctx.files,
      );
      return json(apiMessage(state, message));
    },
  },
  {
    method: "GET",
    pattern: "/channels/:channel/messages/:message",
    botAuth: true,
    handle: (ctx) => json(apiMessage(ctx.state, channelMessage(ctx, channelOf(ctx)))),
  },
  {
    method: "PATCH",
    pattern: "/channels/:channel/messages/:message",
    botAuth: true,
    handle: (ctx) => {
      const { state } = ctx;
      const channel = channelOf(ctx);
      if (state.permissions.denyChannelMessageEdit) throw discordErrors.missingPermissions();
      const message = channelMessage(ctx, channel);
      const limit = state.config.uploadLimitBytes;
      return json(apiMessage(state, editMessage(state, message, ctx.body, ctx.files, limit)));
    },
  },
  {
    method: "DELETE",
    pattern: "/channels/:channel/messages/:message",
    botAuth: true,
    handle: (ctx) => {
      const message = channelMessage(ctx, channelOf(ctx));
      ctx.state.messages.set(message.id, { ...message, deleted: true });
      return noContent();
    },
  },
  {
    method: "POST",
    pattern: "/users/@me/channels",
    botAuth: true,
    handle: ({ state, body }) => {
      const { recipient_id } = parseForm(z.object({ recipient_id: z.string() }), body);
      if (!state.users.has(recipient_id)) throw discordErrors.invalidRecipient();
      return json(apiDmChannel(state, state.dmChannelWith(recipient_id)));
    },
  },
];

function channelOf({ state, params }: RouteContext): FakeChannel {
  const channel = state.channels.get(params.channel ?? "");
  if (!channel) throw discordErrors.unknownChannel();
  return channel;
}

/** Ephemeral messages exist only for their recipient: the bot token cannot reach them. */
function channelMessage({ state, params }: RouteContext, channel: FakeChannel): StoredMessage {
  const message = state.messages.get(params.message ?? "");
  const reachable =
    message &&
    !message.deleted &&
    message.channelId === channel.id &&
    !(message.flags & MessageFlags.Ephemeral);
  if (!reachable) throw discordErrors.unknownMessage();
  return message;
}
