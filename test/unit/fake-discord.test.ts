import { setTimeout as sleep } from "node:timers/promises";
import { constants, inflateSync } from "node:zlib";
import {
  ApplicationCommandOptionType,
  ButtonStyle,
  type ChatInputCommandInteraction,
  Client,
  ComponentType,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  type Interaction,
  InteractionContextType,
  InteractionResponseType,
  MessageFlags,
  PermissionFlagsBits,
  REST,
  Routes,
} from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import {
  createFakeDiscord,
  type DispatchCommandOptions,
  type FakeDiscord,
} from "../fakes/fake-discord.js";

const OWNER_ID = "111111111111111111";
/** Short, so one test can outlive a token; every other test is done with its token in ms. */
const TOKEN_LIFETIME_MS = 3_000;
const MEMBER = { id: "222222222222222222", username: "alice" };
const BOB = { id: "333333333333333333", username: "bob" };

/** Resolves with the rejection a promise must produce, to assert on Discord's error fields. */
async function apiError(promise: Promise<unknown>): Promise<DiscordAPIError> {
  const error = await promise.then(
    () => new Error("expected the request to fail"),
    (reason: unknown) => reason,
  );
  if (!(error instanceof DiscordAPIError)) throw error;
  return error;
}

describe("fake Discord against a real discord.js client", () => {
  let fake: FakeDiscord;
  let client: Client<true>;
  let guildId: string;
  let channelId: string;

  const nextInteraction = () =>
    new Promise<Interaction>((resolve) => client.once(Events.InteractionCreate, resolve));

  /** Dispatches a slash command and returns it as the bot receives it. */
  async function command(
    options: DispatchCommandOptions,
  ): Promise<{ interaction: ChatInputCommandInteraction; token: string }> {
    const received = nextInteraction();
    const { token } = fake.dispatchCommand(options);
    const interaction = await received;
    if (!interaction.isChatInputCommand()) throw new Error("expected a chat input command");
    return { interaction, token };
  }

  beforeAll(async () => {
    fake = createFakeDiscord({ ownerId: OWNER_ID, tokenLifetimeMs: TOKEN_LIFETIME_MS });
    await fake.start();
    const [guild] = fake.guilds;
    if (!guild?.channels[0]) throw new Error("the fake has a default guild and channel");
    guildId = guild.id;
    channelId = guild.channels[0].id;
    const loggingIn = new Client({
      intents: [GatewayIntentBits.Guilds],
      rest: { api: fake.apiUrl },
    });
    const ready = new Promise<Client<true>>((resolve) =>
      loggingIn.once(Events.ClientReady, resolve),
    );
    await loggingIn.login(fake.botToken);
    client = await ready;
  });

  afterAll(async () => {
    await client?.destroy();
    await fake?.close();
  });

  it("logs in over the gateway and caches the guild", () => {
    expect(fake.isConnected()).toBe(true);
    expect(client.user.id).toBe(fake.applicationId);
    expect(client.guilds.cache.get(guildId)?.channels.cache.has(channelId)).toBe(true);
    expect(client.guilds.cache.get(guildId)?.members.me?.permissions.has("AttachFiles")).toBe(true);
    expect(fake.requests[0]).toMatchObject({
      method: "GET",
      path: "/gateway/bot",
      authorized: true,
    });
  });

  it("reports the application's owner, or its team", async () => {
    const application = await client.application.fetch();
    expect(application.owner?.id).toBe(OWNER_ID);

    const teamFake = createFakeDiscord({ team: { ownerId: OWNER_ID, memberIds: [MEMBER.id] } });
    await teamFake.start();
    try {
      const rest = new REST({ api: teamFake.apiUrl }).setToken(teamFake.botToken);
      expect(await rest.get(Routes.currentApplication())).toMatchObject({
        team: {
          owner_user_id: OWNER_ID,
          members: [{ user: { id: OWNER_ID } }, { user: { id: MEMBER.id } }],
        },
      });
      const unauthorized = new REST({ api: teamFake.apiUrl }).setToken("wrong");
      expect((await apiError(unauthorized.get(Routes.user("@me")))).status).toBe(401);
    } finally {
      await teamFake.close();
    }
  });

  it("registers commands and validates them like Discord", async () => {
    await client.application.commands.set(
      [
        {
          name: "animate",
          description: "Image to video",
          options: [
            {
              type: ApplicationCommandOptionType.Attachment,
              name: "image",
              description: "Image",
              required: true,
            },
            {
              type: ApplicationCommandOptionType.String,
              name: "prompt",
              description: "Prompt",
              required: true,
            },
            { type: ApplicationCommandOptionType.Number, name: "duration", description: "Seconds" },
          ],
        },
        {
          name: "credits",
          description: "The server's credits",
          options: [
            {
              type: ApplicationCommandOptionType.Subcommand,
              name: "add",
              description: "Top up",
              options: [
                {
                  type: ApplicationCommandOptionType.Integer,
                  name: "amount",
                  description: "Credits",
                  required: true,
                },
              ],
            },
          ],
        },
      ],
      guildId,
    );
    expect(fake.registrations).toEqual([
      expect.objectContaining({ guildId, names: ["animate", "credits"] }),
    ]);
    expect(fake.commands(guildId)[0]?.id).toMatch(/^\d{19}$/);

    const tooLong = client.application.commands.set([
      { name: "video", description: "x".repeat(101) },
    ]);
    const error = await apiError(tooLong);
    expect([error.status, error.code]).toEqual([400, 50035]);
  });

  it("delivers a slash command with options, permissions and attachment", async () => {
    const { interaction } = await command({
      name: "animate",
      user: MEMBER,
      memberPermissions: String(PermissionFlagsBits.ManageGuild),
      options: {
        prompt: "a cat surfing",
        duration: 8,
        image: {
          filename: "cat.png",
          contentType: "image/png",
          size: 2048,
          width: 640,
          height: 480,
        },
      },
    });
    expect(interaction.commandName).toBe("animate");
    expect(interaction.inCachedGuild()).toBe(true);
    expect(interaction.user.id).toBe(MEMBER.id);
    expect(interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)).toBe(true);
    expect(interaction.options.getString("prompt")).toBe("a cat surfing");
    expect(interaction.options.getNumber("duration")).toBe(8);
    expect(interaction.options.getAttachment("image")).toMatchObject({
      name: "cat.png",
      contentType: "image/png",
      size: 2048,
      width: 640,
    });
    expect(interaction.attachmentSizeLimit).toBe(10 * 1024 * 1024);
    await interaction.reply({ content: "Not now", flags: MessageFlags.Ephemeral });
  });

  it("delivers subcommands typed from the registered command", async () => {
    const { interaction } = await command({
      name: "credits",
      subcommand: "add",
      options: { amount: 500 },
    });
    expect(interaction.options.getSubcommand()).toBe("add");
    expect(interaction.options.getInteger("amount")).toBe(500);
    await interaction.reply({ content: "Added", allowedMentions: { parse: [] } });
  });

  it("delivers commands used in the bot's DMs without guild or member", async () => {
    const { interaction, token } = await command({ name: "video", user: BOB, inGuild: false });
    expect(interaction.inGuild()).toBe(false);
    expect(interaction.member).toBeNull();
    expect(interaction.context).toBe(InteractionContextType.BotDM);
    await interaction.reply({ content: "Servers only", flags: MessageFlags.Ephemeral });
    expect(fake.originalMessage(token)?.channelId).toBe(interaction.channelId);
  });

  it("lets the first follow-up after a deferral replace the loading message", async () => {
    const { interaction, token } = await command({ name: "video" });
    const deferred = await interaction.deferReply({
      flags: MessageFlags.Ephemeral,
      withResponse: true,
    });
    expect(deferred.interaction.responseMessageLoading).toBe(true);
    const followUp = await interaction.followUp({
      content: "Done",
      allowedMentions: { parse: [] },
    });
    expect(followUp.id).toBe(deferred.interaction.responseMessageId);
    expect(fake.originalMessage(token)).toMatchObject({
      content: "Done",
      flags: MessageFlags.Ephemeral,
    });
  });

  it("acknowledges once, edits with a file, and refuses a second ack and an expired token", async () => {
    const { interaction, token } = await command({ name: "video", user: MEMBER });
    const response = await interaction.reply({ content: "Generating…", withResponse: true });
    const original = fake.originalMessage(token);
    expect(response.resource?.message?.id).toBe(original?.id);
    expect(fake.interaction(token).ack).toMatchObject({
      type: InteractionResponseType.ChannelMessageWithSource,
      ephemeral: false,
    });
    expect(fake.interaction(token).ack?.latencyMs).toBeLessThan(1000);

    const video = Buffer.alloc(1024, 7);
    await interaction.editReply({
      content: "Done",
      files: [{ attachment: video, name: "video.mp4" }],
    });
    expect(fake.originalMessage(token)).toMatchObject({
      content: "Done",
      edits: 1,
      attachments: [{ name: "video.mp4", size: 1024 }],
    });
    expect(fake.requests.at(-1)?.files[0]?.bytes?.equals(video)).toBe(true);

    const secondAck = client.rest.post(Routes.interactionCallback(interaction.id, token), {
      body: { type: InteractionResponseType.ChannelMessageWithSource, data: { content: "again" } },
      auth: false,
    });
    expect((await apiError(secondAck)).code).toBe(40060);

    fake.expireToken(token);
    const late = await apiError(interaction.editReply("too late"));
    expect([late.status, late.code]).toEqual([401, 50027]);
  });

  it("ends the token tokenLifetimeMs after the interaction was created", async () => {
    const { interaction } = await command({ name: "video" });
    await interaction.reply({ content: "Generating…", allowedMentions: { parse: [] } });
    await sleep(TOKEN_LIFETIME_MS - (Date.now() - interaction.createdTimestamp) + 50);
    const error = await apiError(interaction.editReply("done"));
    expect([error.status, error.code]).toEqual([401, 50027]);
  });

  it("answers Unknown interaction after the ack deadline", async () => {
    const { interaction } = await command({ name: "video", createdAt: Date.now() - 3_500 });
    const error = await apiError(interaction.reply("late"));
    expect([error.status, error.code]).toEqual([404, 10062]);
  });

  it("rejects files over the interaction's upload limit and messages over Discord's limits", async () => {
    const { interaction } = await command({ name: "video", attachmentSizeLimit: 4096 });
    await interaction.deferReply();
    const big = interaction.editReply({
      files: [{ attachment: Buffer.alloc(4097), name: "big.mp4" }],
    });
    const error = await apiError(big);
    expect([error.status, error.code]).toEqual([413, 40005]);
    const long = await apiError(interaction.editReply("x".repeat(2001)));
    expect([long.status, long.code]).toEqual([400, 50035]);
    expect(long.rawError).toMatchObject({
      errors: { content: { _errors: [{ code: "BASE_TYPE_MAX_LENGTH" }] } },
    });
  });

  it("sends follow-ups that ping only the allowed member, and DMs", async () => {
    const { interaction, token } = await command({ name: "video", user: MEMBER });
    await interaction.reply({ content: "Generating…", allowedMentions: { parse: [] } });
    const followUp = await interaction.followUp({
      content: `<@${MEMBER.id}> your video is ready (@everyone <@${OWNER_ID}>)`,
      allowedMentions: { users: [MEMBER.id] },
    });
    expect(fake.interaction(token).followUpIds).toEqual([followUp.id]);
    expect(fake.message(followUp.id)?.pings).toEqual({
      everyone: false,
      users: [MEMBER.id],
      roles: [],
    });

    await client.users.send(MEMBER.id, {
      content: "Here is your video",
      allowedMentions: { parse: [] },
    });
    expect(fake.directMessagesTo(MEMBER.id).map((m) => m.content)).toEqual(["Here is your video"]);
    fake.setPermissions({ denyDirectMessage: true });
    expect((await apiError(client.users.send(MEMBER.id, "again"))).code).toBe(50007);
    fake.setPermissions({ denyDirectMessage: false });
  });

  it("denies bot-token channel edits and posts when toggled", async () => {
    const channel = client.channels.cache.get(channelId);
    if (!channel?.isSendable()) throw new Error("the default channel is a text channel");
    const posted = await channel.send({ content: "fallback", allowedMentions: { parse: [] } });
    fake.setPermissions({ denyChannelMessageEdit: true, denyChannelPost: true });
    const edit = await apiError(posted.edit("edited"));
    expect([edit.status, edit.code]).toEqual([403, 50013]);
    expect((await apiError(channel.send("again"))).code).toBe(50013);
    fake.setPermissions({ denyChannelMessageEdit: false, denyChannelPost: false });
    await posted.edit("edited");
    expect(fake.message(posted.id)?.content).toBe("edited");
  });

  it("injects faults that discord.js retries", async () => {
    const channel = client.channels.cache.get(channelId);
    if (!channel?.isSendable()) throw new Error("the default channel is a text channel");
    fake.injectFault({ method: "POST", path: /^\/channels\/\d+\/messages$/, status: 502 });
    const sent = await channel.send({ content: "retried", allowedMentions: { parse: [] } });
    expect(fake.requests.slice(-2).map((request) => request.status)).toEqual([502, 200]);
    expect(fake.messagesIn(channelId).filter((m) => m.content === "retried")).toHaveLength(1);
    expect(fake.message(sent.id)?.source).toBe("channel");
  });

  it("delivers button clicks on the fake's messages", async () => {
    const { interaction, token } = await command({ name: "video", user: MEMBER });
    await interaction.reply({
      content: "Video",
      components: [
        {
          type: ComponentType.ActionRow,
          components: [
            {
              type: ComponentType.Button,
              style: ButtonStyle.Danger,
              customId: "delete:1",
              label: "Delete",
            },
          ],
        },
      ],
    });
    const messageId = fake.originalMessage(token)?.id ?? "";
    const received = nextInteraction();
    fake.dispatchButton({ customId: "delete:1", messageId, user: MEMBER });
    const click = await received;
    if (!click.isButton()) throw new Error("expected a button interaction");
    expect(click.customId).toBe("delete:1");
    expect(click.message.id).toBe(messageId);
    await click.update({ content: "Deleted", components: [] });
    expect(fake.message(messageId)).toMatchObject({ content: "Deleted", components: [] });
  });

  it("resumes after a dropped connection and replays missed events", async () => {
    fake.dropConnection();
    await fake.waitFor(() => !fake.isConnected());
    const received = nextInteraction();
    fake.dispatchCommand({ name: "video" });
    await fake.waitFor(() => fake.gatewayStats().resumes === 1);
    expect((await received).isChatInputCommand()).toBe(true);
    expect(fake.gatewayStats().identifies).toBe(1);
  });

  it("speaks zlib-stream when a client asks for it", async () => {
    const socket = new WebSocket(`${fake.gatewayUrl}?v=10&encoding=json&compress=zlib-stream`);
    const [frame] = await new Promise<[Buffer]>((resolve) =>
      socket.once("message", (data: Buffer) => resolve([data])),
    );
    socket.close();
    expect(frame.subarray(-4)).toEqual(Buffer.from([0, 0, 0xff, 0xff]));
    expect(
      JSON.parse(inflateSync(frame, { finishFlush: constants.Z_SYNC_FLUSH }).toString()),
    ).toMatchObject({ op: 10 });
  });

  it("closes cleanly and never failed internally", async () => {
    await client.destroy();
    await fake.waitFor(() => !fake.isConnected());
    expect(fake.internalErrors).toEqual([]);
  });
});

describe("fake Discord's REST connections", () => {
  it.each([
    ["Node's 5 seconds by default", undefined, "timeout=5"],
    ["as long as asked", 60_000, "timeout=60"],
  ])("stay open when idle for %s", async (_name, keepAliveMs, hint) => {
    const fake = createFakeDiscord({ keepAliveMs });
    await fake.start();
    try {
      const response = await fetch(`${fake.apiUrl}/v10/gateway/bot`, {
        headers: { authorization: `Bot ${fake.botToken}` },
      });
      await response.arrayBuffer();
      expect(response.status).toBe(200);
      expect(response.headers.get("keep-alive")).toBe(hint);
    } finally {
      await fake.close();
    }
  });
});
