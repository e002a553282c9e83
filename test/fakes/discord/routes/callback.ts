import {
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  type RESTPostAPIInteractionCallbackWithResponseResult,
} from "discord-api-types/v10";
import { z } from "zod";
import { discordErrors } from "../errors.js";
import { parseForm } from "../form-errors.js";
import { apiMessage } from "../message-view.js";
import { createMessage, editMessage, replyType } from "../messages.js";
import { modalSchema } from "../modal-schema.js";
import { json, noContent, type Route, type RouteContext } from "../router.js";
import type { InteractionRecord, StoredMessage } from "../state.js";

const callbackSchema = z.object({
  type: z.enum(InteractionResponseType),
  data: z.unknown().optional(),
});

/** `POST /interactions/{id}/{token}/callback`: the one acknowledgement an interaction gets. */
export const callbackRoutes: Route[] = [
  {
    method: "POST",
    pattern: "/interactions/:interaction/:token/callback",
    botAuth: false,
    handle: acknowledge,
  },
];

function acknowledge(ctx: RouteContext) {
  const { state, params, receivedAt } = ctx;
  const record = state.interactions.get(params.interaction ?? "");
  if (!record || record.token !== params.token) throw discordErrors.unknownInteraction();
  if (receivedAt - record.createdAt > state.config.ackDeadlineMs) {
    throw discordErrors.unknownInteraction();
  }
  if (record.ack) throw discordErrors.alreadyAcknowledged();
  const { type, data } = parseForm(callbackSchema, ctx.body);
  const message = respond(ctx, record, type, data);
  record.ack = {
    type,
    at: receivedAt,
    latencyMs: receivedAt - record.dispatchedAt,
    flags: message?.flags ?? 0,
    ephemeral: !!((message?.flags ?? 0) & MessageFlags.Ephemeral),
  };
  if (ctx.query.get("with_response") !== "true") return noContent();
  const result: RESTPostAPIInteractionCallbackWithResponseResult = {
    interaction: {
      id: record.id,
      type: record.type,
      ...(message
        ? {
            response_message_id: message.id,
            response_message_loading: !!(message.flags & MessageFlags.Loading),
            response_message_ephemeral: !!(message.flags & MessageFlags.Ephemeral),
          }
        : {}),
    },
    ...(message ? { resource: { type, message: apiMessage(state, message) } } : {}),
  };
  return json(result);
}

/** Applies one callback type; returns the message it created or updated, if any. */
function respond(
  { state, files }: RouteContext,
  record: InteractionRecord,
  type: InteractionResponseType,
  data: unknown,
): StoredMessage | null {
  const T = InteractionResponseType;
  const isComponent = record.type === InteractionType.MessageComponent;
  const newMessage = (loading: boolean) => {
    const message = createMessage(
      state,
      {
        channelId: record.channelId,
        source: "callback",
        interactionId: record.id,
        type: replyType(record),
        uploadLimit: record.attachmentSizeLimit,
        loading,
      },
      loading ? { flags: flagsOf(data) } : data,
      loading ? [] : files,
    );
    record.originalMessageId = message.id;
    return message;
  };
  switch (type) {
    case T.ChannelMessageWithSource:
      return newMessage(false);
    case T.DeferredChannelMessageWithSource:
      return newMessage(true);
    case T.DeferredMessageUpdate:
    case T.UpdateMessage: {
      const source = record.sourceMessageId ? state.messages.get(record.sourceMessageId) : null;
      if (!isComponent || !source) throw invalidType();
      const updated =
        type === T.UpdateMessage
          ? editMessage(state, source, data, files, record.attachmentSizeLimit)
          : null;
      record.originalMessageId = source.id;
      return updated;
    }
    case T.Modal:
      // A modal answers a command or a component, never another modal.
      if (record.type === InteractionType.ModalSubmit) throw invalidType();
      record.modal = parseForm(modalSchema, data);
      return null;
    default:
      throw invalidType();
  }
}

function flagsOf(data: unknown): number | undefined {
  return parseForm(z.object({ flags: z.number().int().optional() }).optional(), data)?.flags;
}

function invalidType() {
  return discordErrors.invalidFormBody({
    type: {
      _errors: [{ code: "INTERACTION_RESPONSE_TYPE_INVALID", message: "Invalid response type" }],
    },
  });
}
