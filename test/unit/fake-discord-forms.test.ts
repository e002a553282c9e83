import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  Client,
  ComponentType,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  type Interaction,
  InteractionResponseType,
  REST,
  Routes,
  TextInputStyle,
} from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFakeDiscord, type FakeDiscord } from "../fakes/fake-discord.js";

const prompt = {
  type: ComponentType.Label,
  label: "Prompt",
  component: {
    type: ComponentType.TextInput,
    custom_id: "prompt",
    style: TextInputStyle.Paragraph,
  },
};
const size = {
  type: ComponentType.Label,
  label: "Size",
  component: {
    type: ComponentType.StringSelect,
    custom_id: "size",
    required: false,
    options: [
      { label: "Small", value: "s" },
      { label: "Large", value: "l" },
    ],
  },
};

async function rejection(promise: Promise<unknown>): Promise<DiscordAPIError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  if (!(error instanceof DiscordAPIError)) throw new Error("expected a Discord error");
  return error;
}

/** The fake's message menus, modals and resolved options, checked like Discord checks them. */
describe("fake Discord: menus, modals and resolved options", () => {
  let fake: FakeDiscord;
  let rest: REST;
  let client: Client;
  const received = () =>
    new Promise<Interaction>((resolve) => client.once(Events.InteractionCreate, resolve));

  beforeAll(async () => {
    fake = createFakeDiscord({
      guilds: [{ name: "Home", channels: [{ name: "general" }], roles: [{ name: "Crew" }] }],
    });
    await fake.start();
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
    const ready = new Promise((resolve) => client.once(Events.ClientReady, resolve));
    await client.login(fake.botToken);
    await ready;
    rest = new REST({ api: fake.apiUrl }).setToken(fake.botToken);
    await rest.put(Routes.applicationCommands(fake.applicationId), {
      body: [
        { type: ApplicationCommandType.Message, name: "Animate with Seedance" },
        {
          name: "pick",
          description: "Pick things",
          options: [
            { type: ApplicationCommandOptionType.Channel, name: "where", description: "A channel" },
            { type: ApplicationCommandOptionType.Role, name: "who", description: "A role" },
          ],
        },
      ],
    });
  });
  afterAll(async () => {
    await client.destroy();
    await fake.close();
  });

  const answer = (interactionId: string, token: string, data: unknown) =>
    rest.post(Routes.interactionCallback(interactionId, token), {
      body: { type: InteractionResponseType.Modal, data },
      auth: false,
    });

  it("sends a message command with its target in resolved.messages", async () => {
    const arrived = received();
    const posted = fake.postMemberMessage({
      attachments: [{ filename: "a.png", contentType: "image/png", size: 10, width: 4, height: 3 }],
    });
    const { payload } = fake.dispatchMessageCommand({
      name: "Animate with Seedance",
      messageId: posted.id,
    });
    expect(payload.data).toMatchObject({
      type: ApplicationCommandType.Message,
      target_id: posted.id,
    });
    expect(payload.data.resolved.messages[posted.id]?.attachments[0]).toMatchObject({ width: 4 });
    const interaction = await arrived;
    if (!interaction.isMessageContextMenuCommand()) throw new Error("expected a message command");
    expect(interaction.targetMessage.attachments.first()?.height).toBe(3);
  });

  it("resolves channel and role options", () => {
    const [guild] = fake.guilds;
    const channel = guild?.channels[0]?.id ?? "";
    const role = guild?.roles[0]?.id ?? "";
    const { payload } = fake.dispatchCommand({
      name: "pick",
      options: { where: channel, who: role },
    });
    expect(payload.data.resolved?.channels?.[channel]).toMatchObject({ name: "general" });
    expect(payload.data.resolved?.roles?.[role]).toMatchObject({ name: "Crew" });
  });

  it("refuses malformed modals with Invalid Form Body", async () => {
    for (const data of [
      { custom_id: "m", title: "x".repeat(46), components: [prompt] },
      { custom_id: "m", title: "Form", components: [] },
      {
        custom_id: "m",
        title: "Form",
        components: [{ ...prompt, component: { ...prompt.component, label: "No" } }],
      },
      { custom_id: "m", title: "Form", components: [prompt, prompt] },
    ]) {
      const { interactionId, token } = fake.dispatchCommand({ name: "pick" });
      expect((await rejection(answer(interactionId, token, data))).code).toBe(50035);
    }
  });

  it("submits a shown modal with its values, and refuses what a client couldn't send", async () => {
    const { interactionId, token } = fake.dispatchCommand({ name: "pick" });
    await answer(interactionId, token, {
      custom_id: "form:1",
      title: "Form",
      components: [prompt, size],
    });
    expect(() => fake.dispatchModalSubmit({ token, values: { size: ["s"] } })).toThrow(/prompt/);
    expect(() =>
      fake.dispatchModalSubmit({ token, values: { prompt: "hi", size: ["xl"] } }),
    ).toThrow(/size/);
    expect(() => fake.dispatchModalSubmit({ token, values: { prompt: "hi", other: "x" } })).toThrow(
      /no input/,
    );
    const arrived = received();
    const submitted = fake.dispatchModalSubmit({ token, values: { prompt: "hi" } });
    const interaction = await arrived;
    if (!interaction.isModalSubmit()) throw new Error("expected a modal submit");
    expect(interaction.fields.getTextInputValue("prompt")).toBe("hi");
    expect(interaction.fields.getStringSelectValues("size")).toEqual([]);
    expect(submitted.payload.data).toEqual({
      custom_id: "form:1",
      components: [
        {
          type: ComponentType.Label,
          component: { type: ComponentType.TextInput, custom_id: "prompt", value: "hi" },
        },
        {
          type: ComponentType.Label,
          component: { type: ComponentType.StringSelect, custom_id: "size", values: [] },
        },
      ],
    });
    const again = answer(submitted.payload.id, submitted.token, {
      custom_id: "m",
      title: "T",
      components: [prompt],
    });
    expect((await rejection(again)).code).toBe(50035);
  });

  it("knows a guild's roles and no other", async () => {
    const [guild] = fake.guilds;
    const role = guild?.roles[0]?.id ?? "";
    expect(await rest.get(Routes.guildRole(guild?.id ?? "", role))).toMatchObject({ name: "Crew" });
    const unknown = await rejection(rest.get(Routes.guildRole(guild?.id ?? "", "123")));
    expect(unknown.code).toBe(10011);
  });
});
