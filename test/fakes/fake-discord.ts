import { type FakeDiscordOptions, type ResolvedGuild, resolveConfig } from "./discord/config.js";
import {
  createDispatcher,
  type DispatchButtonOptions,
  type DispatchCommandOptions,
} from "./discord/dispatch.js";
import {
  createFormDispatcher,
  type DispatchMessageCommandOptions,
  type DispatchModalSubmitOptions,
} from "./discord/dispatch-forms.js";
import { createGateway, type GatewayStats, type SessionInfo } from "./discord/gateway.js";
import { createMemberMessages, type MemberMessageInput } from "./discord/member-messages.js";
import { createRestServer, type FaultRule } from "./discord/rest.js";
import { createSnowflakes } from "./discord/snowflake.js";
import {
  type CommandRegistration,
  FakeDiscordState,
  type InteractionRecord,
  type PermissionToggles,
  type RecordedRequest,
  type RegisteredCommand,
  type StoredMessage,
} from "./discord/state.js";
import { waitFor } from "./discord/wait.js";

export type { FakeDiscordOptions, FakeGuildOptions, ResolvedGuild } from "./discord/config.js";
export type { DispatchButtonOptions, DispatchCommandOptions } from "./discord/dispatch.js";
export type {
  DispatchMessageCommandOptions,
  DispatchModalSubmitOptions,
} from "./discord/dispatch-forms.js";
export type { SessionInfo, ShardKey } from "./discord/gateway.js";
export { shardOf } from "./discord/gateway-sessions.js";
export type { FakeAttachmentInput, OptionValue } from "./discord/interaction-payloads.js";
export type { MemberMessageInput } from "./discord/member-messages.js";
export type { RateLimitOptions } from "./discord/rate-limits.js";
export type { FaultRule } from "./discord/rest.js";
export type {
  AckRecord,
  InteractionRecord,
  Pings,
  RecordedFile,
  RecordedRequest,
  StoredAttachment,
  StoredMessage,
} from "./discord/state.js";

const DEFAULT_WAIT_MS = 5_000;

/**
 * A loopback Discord for end-to-end tests: REST under `apiUrl` (give it to discord.js as
 * `rest.api`) and a gateway that `GET /gateway/bot` points to. It keeps Discord's rules —
 * one acknowledgement within the deadline, token lifetime, upload limits, message limits,
 * permissions — and records every request so tests can assert on what the bot did.
 */
export function createFakeDiscord(options: FakeDiscordOptions = {}) {
  const config = resolveConfig(options, createSnowflakes());
  const state = new FakeDiscordState(config);
  const gateway = createGateway(state);
  let gatewayUrl: string | null = null;
  let apiUrl: string | null = null;
  const rest = createRestServer(state, () => gatewayUrl ?? "");
  const dispatcher = createDispatcher(state, gateway);
  const memberMessages = createMemberMessages(state);
  const forms = createFormDispatcher(state, dispatcher, memberMessages);

  const messagesIn = (channelId: string): StoredMessage[] =>
    [...state.messages.values()].filter((m) => m.channelId === channelId && !m.deleted);
  const byToken = (token: string): InteractionRecord => {
    const record = state.interactionsByToken.get(token);
    if (!record) throw new Error("fake Discord: no interaction with that token");
    return record;
  };

  return {
    applicationId: config.applicationId,
    botToken: config.botToken,
    ownerId: config.ownerId,
    guilds: config.guilds as readonly ResolvedGuild[],
    /** `http://127.0.0.1:<port>/api`, the value for `rest.api` / `DISCORD_API_URL`. */
    get apiUrl(): string {
      if (!apiUrl) throw new Error("fake Discord: call start() first");
      return apiUrl;
    },
    get gatewayUrl(): string {
      if (!gatewayUrl) throw new Error("fake Discord: call start() first");
      return gatewayUrl;
    },
    /** Every REST request, in arrival order of their answers. */
    requests: state.requests as readonly RecordedRequest[],
    /** Each bulk command overwrite (`PUT …/commands`), in order. */
    registrations: state.registrations as readonly CommandRegistration[],
    internalErrors: state.internalErrors as readonly Error[],

    async start(): Promise<void> {
      gatewayUrl = await gateway.start();
      apiUrl = `http://127.0.0.1:${await rest.start()}/api`;
    },
    async close(): Promise<void> {
      await Promise.all([gateway.close(), rest.close()]);
    },

    /** Sends a slash command (INTERACTION_CREATE, type 2) to the bot. */
    dispatchCommand: (command: DispatchCommandOptions) => dispatcher.command(command),
    /** Clicks a button (INTERACTION_CREATE, type 3) on a message the fake holds. */
    dispatchButton: (button: DispatchButtonOptions) => dispatcher.button(button),
    /** A message a member posted (with attachments or embedded images), to open menus on. */
    postMemberMessage: (input: MemberMessageInput = {}) => memberMessages.post(input),
    /** Apps → <name> on a message (INTERACTION_CREATE, type 2 with `data.type` 3). */
    dispatchMessageCommand: (command: DispatchMessageCommandOptions) =>
      forms.messageCommand(command),
    /** Submits the modal an interaction was answered with (INTERACTION_CREATE, type 5). */
    dispatchModalSubmit: (submit: DispatchModalSubmitOptions) => forms.modalSubmit(submit),

    /** The interaction's record: ack type, ack latency, flags, reply and follow-up ids. */
    interaction(token: string): InteractionRecord {
      const record = byToken(token);
      return { ...record, followUpIds: [...record.followUpIds] };
    },
    /** The current state of the interaction's original response, if it has one. */
    originalMessage(token: string): StoredMessage | undefined {
      const id = byToken(token).originalMessageId;
      return id === null ? undefined : state.messages.get(id);
    },
    message: (id: string): StoredMessage | undefined => state.messages.get(id),
    /** Messages not deleted in a channel (ephemeral ones included), oldest first. */
    messagesIn,
    /** Messages the bot sent to a user's DMs, oldest first. */
    directMessagesTo(userId: string): StoredMessage[] {
      const channel = [...state.channels.values()].find((c) => c.recipientId === userId);
      return channel ? messagesIn(channel.id) : [];
    },
    /** Registered commands, global or for one guild. */
    commands: (guildId?: string): RegisteredCommand[] =>
      state.commands.get(guildId ?? "global") ?? [],

    /** Ends the interaction's token now: its webhook answers 401 Invalid Webhook Token. */
    expireToken(token: string): void {
      byToken(token).expired = true;
    },
    setPermissions(toggles: Partial<PermissionToggles>): void {
      Object.assign(state.permissions, toggles);
    },
    /** Delays or fails the next request(s) matching the rule. */
    injectFault: (rule: FaultRule): void => rest.injectFault(rule),

    /** True while a gateway session (on that shard id, when given) has an open socket. */
    isConnected: (shard?: number): boolean => gateway.isConnected(shard),
    /** Closes the bot's gateway sockets, or one shard's (default 4000: discord.js resumes). */
    dropConnection: (code?: number, shard?: number): void => gateway.drop(code, shard),
    gatewayStats: (): GatewayStats => gateway.stats(),
    /** Every session identified so far, with its `[shard_id, num_shards]`, open or not. */
    gatewaySessions: (): SessionInfo[] => gateway.sessions(),

    waitFor: <T>(probe: () => T | null | undefined | false, timeoutMs = DEFAULT_WAIT_MS) =>
      waitFor(state, probe, timeoutMs),
    /** Resolves with the first recorded request (past or future) that matches. */
    waitForRequest: (match: (request: RecordedRequest) => boolean, timeoutMs = DEFAULT_WAIT_MS) =>
      waitFor(state, () => state.requests.find(match), timeoutMs),
  };
}

export type FakeDiscord = ReturnType<typeof createFakeDiscord>;
