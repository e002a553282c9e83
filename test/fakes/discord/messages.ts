import {
  AllowedMentionsTypes,
  type APIAllowedMentions,
  InteractionType,
  MessageFlags,
  MessageType,
} from "discord-api-types/v10";
import { discordErrors, FakeApiError } from "./errors.js";
import { parseForm } from "./form-errors.js";
import { type MessageBody, messageBodySchema } from "./message-schema.js";
import type {
  FakeDiscordState,
  InteractionRecord,
  Pings,
  RecordedFile,
  StoredAttachment,
  StoredMessage,
} from "./state.js";

/** Flags a sender may set; everything else (loading, crossposted…) is Discord's to set. */
const SETTABLE_FLAGS =
  MessageFlags.Ephemeral | MessageFlags.SuppressEmbeds | MessageFlags.SuppressNotifications;

/** Replies to slash commands are typed as such; other interactions get plain messages. */
export function replyType(record: InteractionRecord): MessageType {
  return record.type === InteractionType.ApplicationCommand
    ? MessageType.ChatInputCommand
    : MessageType.Default;
}

export interface NewMessage {
  channelId: string;
  source: StoredMessage["source"];
  interactionId: string | null;
  type: MessageType;
  uploadLimit: number;
  /** A deferred response's placeholder: empty, flagged as loading. */
  loading?: boolean;
}

export function createMessage(
  state: FakeDiscordState,
  init: NewMessage,
  rawBody: unknown,
  files: RecordedFile[],
): StoredMessage {
  const body = parseMessageBody(rawBody ?? {}, files, init.uploadLimit);
  const channel = state.channels.get(init.channelId);
  const id = state.nextId();
  let flags = (body.flags ?? 0) & SETTABLE_FLAGS;
  if (init.source === "channel") flags &= ~MessageFlags.Ephemeral;
  if (init.loading) flags |= MessageFlags.Loading;
  const message: StoredMessage = {
    id,
    channelId: init.channelId,
    guildId: channel?.guildId ?? null,
    source: init.source,
    interactionId: init.interactionId,
    type: init.type,
    content: body.content ?? "",
    embeds: body.embeds ?? [],
    components: body.components ?? [],
    attachments: attach(state, init.channelId, [], body, files),
    allowedMentions: body.allowed_mentions ?? null,
    flags,
    // Ephemeral messages reach one person, who is never pinged by them.
    pings:
      flags & MessageFlags.Ephemeral
        ? { everyone: false, users: [], roles: [] }
        : pings(body.content ?? "", body.allowed_mentions),
    replyTo: body.message_reference?.message_id ?? null,
    createdAt: Date.now(),
    editedAt: null,
    edits: 0,
    deleted: false,
  };
  if (!init.loading) requireContent(message);
  state.messages.set(id, message);
  return message;
}

/** PATCH semantics: fields present in the body replace, absent ones stay; never notifies. */
export function editMessage(
  state: FakeDiscordState,
  message: StoredMessage,
  rawBody: unknown,
  files: RecordedFile[],
  uploadLimit: number,
): StoredMessage {
  const body = parseMessageBody(rawBody ?? {}, files, uploadLimit);
  const next: StoredMessage = {
    ...message,
    content: body.content === undefined ? message.content : (body.content ?? ""),
    embeds: body.embeds === undefined ? message.embeds : (body.embeds ?? []),
    components: body.components === undefined ? message.components : (body.components ?? []),
    attachments: attach(state, message.channelId, message.attachments, body, files),
    allowedMentions:
      body.allowed_mentions === undefined ? message.allowedMentions : body.allowed_mentions,
    flags:
      (message.flags & ~(MessageFlags.Loading | MessageFlags.SuppressEmbeds)) |
      ((body.flags ?? message.flags) & MessageFlags.SuppressEmbeds),
    editedAt: Date.now(),
    edits: message.edits + 1,
  };
  requireContent(next);
  state.messages.set(next.id, next);
  return next;
}

function parseMessageBody(raw: unknown, files: RecordedFile[], uploadLimit: number): MessageBody {
  const total = files.reduce((sum, file) => sum + file.size, 0);
  if (total > uploadLimit) throw discordErrors.entityTooLarge();
  const body = parseForm(messageBodySchema, raw);
  if ((body.flags ?? 0) & MessageFlags.IsComponentsV2) {
    throw new FakeApiError(400, 50035, "The fake Discord does not model Components V2 messages");
  }
  return body;
}

function requireContent(message: StoredMessage): void {
  const { content, embeds, components, attachments } = message;
  if (!content && !embeds.length && !components.length && !attachments.length) {
    throw discordErrors.emptyMessage();
  }
}

/** v10 rule: `attachments`, when sent, lists every attachment to keep plus the new uploads. */
function attach(
  state: FakeDiscordState,
  channelId: string,
  existing: StoredAttachment[],
  body: MessageBody,
  files: RecordedFile[],
): StoredAttachment[] {
  const refs = body.attachments;
  const kept =
    refs === undefined ? existing : existing.filter((a) => refs?.some((r) => r.id === a.id));
  const added = files.map((file, index) => {
    const ref = refs?.find((r) => r.id === String(index));
    const id = state.nextId();
    const filename = ref?.filename ?? file.name;
    return {
      ...file,
      id,
      name: filename,
      description: ref?.description ?? null,
      url: `https://cdn.discordapp.com/attachments/${channelId}/${id}/${encodeURIComponent(filename)}`,
    };
  });
  return [...kept, ...added];
}

/** Who Discord would notify: mentions in the content, filtered by `allowed_mentions`. */
function pings(content: string, allowed: APIAllowedMentions | null | undefined): Pings {
  const parses = (kind: AllowedMentionsTypes) => !allowed || !!allowed.parse?.includes(kind);
  const ids = (pattern: RegExp) => [...content.matchAll(pattern)].map((match) => match[1] ?? "");
  return {
    everyone: /@(everyone|here)\b/.test(content) && parses(AllowedMentionsTypes.Everyone),
    users: ids(/<@!?(\d+)>/g).filter(
      (id) => parses(AllowedMentionsTypes.User) || !!allowed?.users?.includes(id),
    ),
    roles: ids(/<@&(\d+)>/g).filter(
      (id) => parses(AllowedMentionsTypes.Role) || !!allowed?.roles?.includes(id),
    ),
  };
}
