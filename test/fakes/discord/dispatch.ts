import {
  type APIChatInputApplicationCommandInteraction,
  type APIMessageComponentButtonInteraction,
  GatewayDispatchEvents,
  InteractionType,
} from "discord-api-types/v10";
import { TEN_MIB } from "./config.js";
import type { Gateway } from "./gateway.js";
import {
  buttonPayload,
  commandPayload,
  type InvokerOptions,
  type OptionValue,
} from "./interaction-payloads.js";
import { interactionToken } from "./snowflake.js";
import type { FakeDiscordState, FakeUser, InteractionRecord } from "./state.js";

export interface DispatchCommandOptions extends InvokerOptions {
  name: string;
  subcommand?: string;
  /** Wraps the subcommand in a group, registered or not (a crafted payload can name any). */
  subcommandGroup?: string;
  /** Values typed from the registered command when known; an object is an attachment. */
  options?: Record<string, OptionValue>;
  /** Defaults to the first guild. */
  guildId?: string;
  /** Defaults to the guild's first channel. */
  channelId?: string;
  /** false: the command comes from the user's DM with the bot (no guild, no member). */
  inGuild?: boolean;
}

export interface DispatchButtonOptions extends InvokerOptions {
  customId: string;
  /** The message carrying the button; its channel and guild are the interaction's. */
  messageId: string;
}

export interface DispatchedInteraction<P> {
  interactionId: string;
  token: string;
  payload: P;
}

/** Builds INTERACTION_CREATE events, records them, and sends them down the gateway. */
export function createDispatcher(state: FakeDiscordState, gateway: Gateway) {
  const defaultUser = state.addUser({ id: state.nextId(), username: "member" });

  function begin(
    type: InteractionType,
    invoker: InvokerOptions,
    channelId: string,
    names: { commandName?: string; customId?: string; sourceMessageId?: string },
  ): { record: InteractionRecord; user: FakeUser } {
    const user = invoker.user?.id
      ? state.addUser({ ...invoker.user, id: invoker.user.id })
      : defaultUser;
    const createdAt = invoker.createdAt ?? Date.now();
    const id = state.nextId(createdAt);
    const record: InteractionRecord = {
      id,
      token: interactionToken(id),
      type,
      commandName: names.commandName ?? null,
      customId: names.customId ?? null,
      userId: user.id,
      channelId,
      guildId: state.channels.get(channelId)?.guildId ?? null,
      createdAt,
      dispatchedAt: 0,
      attachmentSizeLimit: invoker.attachmentSizeLimit ?? TEN_MIB,
      expired: false,
      sourceMessageId: names.sourceMessageId ?? null,
      ack: null,
      originalMessageId: null,
      followUpIds: [],
      modal: null,
    };
    return { record, user };
  }

  function send<P>(record: InteractionRecord, payload: P): DispatchedInteraction<P> {
    state.interactions.set(record.id, record);
    state.interactionsByToken.set(record.token, record);
    record.dispatchedAt = Date.now();
    gateway.dispatch(GatewayDispatchEvents.InteractionCreate, payload, record.guildId);
    state.changed();
    return { interactionId: record.id, token: record.token, payload };
  }

  return {
    /** Building blocks for the other kinds of interaction (see dispatch-forms.ts). */
    begin,
    send,

    command(
      options: DispatchCommandOptions,
    ): DispatchedInteraction<APIChatInputApplicationCommandInteraction> {
      const channelId = commandChannel(options);
      const { record, user } = begin(InteractionType.ApplicationCommand, options, channelId, {
        commandName: options.name,
      });
      return send(record, commandPayload(state, record, user, options, options));
    },

    button(
      options: DispatchButtonOptions,
    ): DispatchedInteraction<APIMessageComponentButtonInteraction> {
      const message = state.messages.get(options.messageId);
      if (!message || message.deleted) {
        throw new Error(`fake Discord: no message ${options.messageId} to click`);
      }
      const { record, user } = begin(InteractionType.MessageComponent, options, message.channelId, {
        customId: options.customId,
        sourceMessageId: message.id,
      });
      return send(record, buttonPayload(state, record, user, options));
    },
  };

  function commandChannel(options: DispatchCommandOptions): string {
    if (options.inGuild === false) {
      const userId = options.user?.id ?? defaultUser.id;
      state.addUser({ ...options.user, id: userId });
      return state.dmChannelWith(userId).id;
    }
    const guild = options.guildId ? state.guild(options.guildId) : state.config.guilds[0];
    if (!guild) throw new Error(`fake Discord: unknown guild ${options.guildId}`);
    const channelId = options.channelId ?? guild.channels[0]?.id;
    if (!channelId || !guild.channels.some((channel) => channel.id === channelId)) {
      throw new Error(`fake Discord: guild ${guild.id} has no channel ${channelId}`);
    }
    return channelId;
  }
}
