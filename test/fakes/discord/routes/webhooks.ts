import { MessageFlags } from "discord-api-types/v10";
import { discordErrors } from "../errors.js";
import { apiMessage } from "../message-view.js";
import { createMessage, editMessage, replyType } from "../messages.js";
import { json, noContent, type Route, type RouteContext } from "../router.js";
import type { InteractionRecord, StoredMessage } from "../state.js";

/** The interaction webhook: edit or delete replies and send follow-ups, with the token only. */
export const webhookRoutes: Route[] = [
  { method: "POST", pattern: "/webhooks/:app/:token", botAuth: false, handle: followUp },
  {
    method: "GET",
    pattern: "/webhooks/:app/:token/messages/:message",
    botAuth: false,
    handle: (ctx) => json(apiMessage(ctx.state, webhookMessage(ctx, interactionOf(ctx)))),
  },
  {
    method: "PATCH",
    pattern: "/webhooks/:app/:token/messages/:message",
    botAuth: false,
    handle: (ctx) => {
      const record = interactionOf(ctx);
      const message = webhookMessage(ctx, record);
      const edited = editMessage(
        ctx.state,
        message,
        ctx.body,
        ctx.files,
        record.attachmentSizeLimit,
      );
      return json(apiMessage(ctx.state, edited));
    },
  },
  {
    method: "DELETE",
    pattern: "/webhooks/:app/:token/messages/:message",
    botAuth: false,
    handle: (ctx) => {
      const message = webhookMessage(ctx, interactionOf(ctx));
      ctx.state.messages.set(message.id, { ...message, deleted: true });
      return noContent();
    },
  },
];

/**
 * The token's interaction, if its webhook exists: Discord creates it with the acknowledgement
 * and it lives `tokenLifetimeMs` from the interaction's creation.
 */
function interactionOf({ state, params, receivedAt }: RouteContext): InteractionRecord {
  const record = state.interactionsByToken.get(params.token ?? "");
  if (!record || params.app !== state.config.applicationId) throw discordErrors.unknownWebhook();
  const expired = record.expired || receivedAt - record.createdAt > state.config.tokenLifetimeMs;
  if (expired) throw discordErrors.invalidWebhookToken();
  if (!record.ack) throw discordErrors.unknownWebhook();
  return record;
}

/** `@original` or one of this interaction's own follow-ups; nothing else is reachable. */
function webhookMessage({ state, params }: RouteContext, record: InteractionRecord): StoredMessage {
  const id = params.message === "@original" ? record.originalMessageId : params.message;
  const own = id === record.originalMessageId || record.followUpIds.includes(id ?? "");
  const message = id && own ? state.messages.get(id) : undefined;
  if (!message || message.deleted) throw discordErrors.unknownMessage();
  return message;
}

/**
 * A follow-up. Discord quirk kept on purpose: the first follow-up after a deferred reply
 * replaces the "thinking…" message (keeping the deferral's ephemeral flag) and pings no one.
 */
function followUp(ctx: RouteContext) {
  const { state, query } = ctx;
  const record = interactionOf(ctx);
  const original = record.originalMessageId ? state.messages.get(record.originalMessageId) : null;
  let message: StoredMessage;
  if (original && !original.deleted && original.flags & MessageFlags.Loading) {
    message = editMessage(state, original, ctx.body, ctx.files, record.attachmentSizeLimit);
  } else {
    message = createMessage(
      state,
      {
        channelId: record.channelId,
        source: "webhook",
        interactionId: record.id,
        type: replyType(record),
        uploadLimit: record.attachmentSizeLimit,
      },
      ctx.body,
      ctx.files,
    );
    record.followUpIds.push(message.id);
  }
  return query.get("wait") === "true" ? json(apiMessage(state, message)) : noContent();
}
