import { EventEmitter } from "node:events";
import type {
  APIActionRowComponent,
  APIAllowedMentions,
  APIComponentInMessageActionRow,
  APIEmbed,
  InteractionResponseType,
  InteractionType,
  MessageType,
} from "discord-api-types/v10";
import type { CommandDef } from "./command-schema.js";
import type { FakeDiscordConfig } from "./config.js";
import { createSnowflakes } from "./snowflake.js";

export interface FakeUser {
  id: string;
  username: string;
  globalName: string | null;
  bot: boolean;
}

export interface FakeChannel {
  id: string;
  name: string;
  /** null for a DM channel. */
  guildId: string | null;
  /** The other party of a DM channel. */
  recipientId: string | null;
}

/** One uploaded file, as the fake received it. Bytes are kept only for small files. */
export interface RecordedFile {
  field: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  bytes: Buffer | null;
}

export interface StoredAttachment extends RecordedFile {
  id: string;
  description: string | null;
  url: string;
}

/** Who a message actually notified, after Discord applies `allowed_mentions`. */
export interface Pings {
  everyone: boolean;
  users: string[];
  roles: string[];
}

export interface StoredMessage {
  id: string;
  channelId: string;
  guildId: string | null;
  /** How the message was created: interaction callback, interaction webhook, or bot token. */
  source: "callback" | "webhook" | "channel";
  interactionId: string | null;
  type: MessageType;
  content: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
  attachments: StoredAttachment[];
  allowedMentions: APIAllowedMentions | null;
  flags: number;
  /** Set at creation only: Discord never notifies anyone about an edit. */
  pings: Pings;
  /** The message this one replies to (`message_reference`), if any. */
  replyTo: string | null;
  createdAt: number;
  editedAt: number | null;
  edits: number;
  deleted: boolean;
}

export interface AckRecord {
  type: InteractionResponseType;
  at: number;
  /** Time from the fake's dispatch of INTERACTION_CREATE to the callback request's arrival. */
  latencyMs: number;
  flags: number;
  ephemeral: boolean;
}

export interface InteractionRecord {
  id: string;
  token: string;
  type: InteractionType;
  commandName: string | null;
  customId: string | null;
  userId: string;
  channelId: string;
  guildId: string | null;
  createdAt: number;
  dispatchedAt: number;
  attachmentSizeLimit: number;
  expired: boolean;
  /** The message a component interaction came from. */
  sourceMessageId: string | null;
  ack: AckRecord | null;
  originalMessageId: string | null;
  followUpIds: string[];
  modal: unknown;
}

export interface RecordedRequest {
  method: string;
  /** Path under `/api/v10`, e.g. `/channels/123/messages`. */
  path: string;
  /** The matched route pattern, e.g. `/channels/:channel/messages`; null when none matched. */
  route: string | null;
  query: Record<string, string>;
  body: unknown;
  files: RecordedFile[];
  at: number;
  authorized: boolean;
  status: number;
  errorCode: number | null;
}

/** A registered command, as `GET /applications/{app}/commands` returns it. */
export interface RegisteredCommand extends CommandDef {
  id: string;
  application_id: string;
  version: string;
  guild_id?: string;
}

export interface CommandRegistration {
  guildId: string | null;
  at: number;
  names: string[];
}

export interface PermissionToggles {
  /** `PATCH /channels/{c}/messages/{m}` answers 403 Missing Permissions (50013). */
  denyChannelMessageEdit: boolean;
  /** `POST /channels/{c}/messages` in a guild channel answers 403 Missing Permissions (50013). */
  denyChannelPost: boolean;
  /** Posting in a DM channel answers 403 Cannot send messages to this user (50007). */
  denyDirectMessage: boolean;
}

export function placeholderUser(id: string): FakeUser {
  return { id, username: `user${id.slice(-6)}`, globalName: null, bot: false };
}

/** Everything the fake knows; REST, gateway and test helpers share one instance. */
export class FakeDiscordState {
  readonly nextId = createSnowflakes();
  readonly users = new Map<string, FakeUser>();
  readonly channels = new Map<string, FakeChannel>();
  readonly messages = new Map<string, StoredMessage>();
  readonly interactions = new Map<string, InteractionRecord>();
  readonly interactionsByToken = new Map<string, InteractionRecord>();
  /** Keyed by guild id, or "global". */
  readonly commands = new Map<string, RegisteredCommand[]>();
  readonly registrations: CommandRegistration[] = [];
  readonly requests: RecordedRequest[] = [];
  /** Bugs in the fake itself (answered 500); a suite should expect this to stay empty. */
  readonly internalErrors: Error[] = [];
  readonly permissions: PermissionToggles = {
    denyChannelMessageEdit: false,
    denyChannelPost: false,
    denyDirectMessage: false,
  };
  private readonly events = new EventEmitter().setMaxListeners(0);

  constructor(readonly config: FakeDiscordConfig) {
    this.addUser({ id: config.applicationId, username: config.botUsername, bot: true });
    for (const id of config.team?.memberIds ?? [config.ownerId]) this.addUser({ id });
    for (const guild of config.guilds) {
      this.addUser({ id: guild.ownerId });
      for (const channel of guild.channels) {
        this.channels.set(channel.id, { ...channel, guildId: guild.id, recipientId: null });
      }
    }
  }

  addUser(user: { id: string; username?: string; globalName?: string; bot?: boolean }): FakeUser {
    const known = this.users.get(user.id);
    if (known && user.username === undefined) return known;
    const stored = {
      ...placeholderUser(user.id),
      ...(user.username === undefined ? {} : { username: user.username }),
      globalName: user.globalName ?? null,
      bot: !!user.bot,
    };
    this.users.set(user.id, stored);
    return stored;
  }

  /** Returns the bot's DM channel with a user, opening it on first use as Discord does. */
  dmChannelWith(userId: string): FakeChannel {
    for (const channel of this.channels.values()) {
      if (channel.recipientId === userId) return channel;
    }
    const channel = { id: this.nextId(), name: "", guildId: null, recipientId: userId };
    this.channels.set(channel.id, channel);
    return channel;
  }

  guild(id: string) {
    return this.config.guilds.find((guild) => guild.id === id);
  }

  /** Wakes every `waitFor`; call after each mutation that a test might wait on. */
  changed(): void {
    this.events.emit("change");
  }

  onChange(listener: () => void): () => void {
    this.events.on("change", listener);
    return () => this.events.off("change", listener);
  }
}
