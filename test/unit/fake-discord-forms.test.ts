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

const withSelect = (changes: Record<string, unknown>) => ({
  ...size,
  component: { ...size.component, ...changes },
});

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
      {
        custom_id: "m",
        title: "Form",
        components: Array.from({ length: 6 }, (_, i) => withSelect({ custom_id: `s${i}` })),
      },
      { custom_id: "m", title: "Form", components: [{ ...size, label: "x".repeat(46) }] },
      { custom_id: "m", title: "Form", components: [{ ...size, description: "x".repeat(101) }] },
      { custom_id: "m", title: "Form", components: [withSelect({ disabled: true })] },
      {
        custom_id: "m",
        title: "Form",
        components: [withSelect({ required: true, min_values: 0 })],
      },
      { custom_id: "m", title: "Form", components: [withSelect({ min_values: 2, max_values: 1 })] },
      { custom_id: "m", title: "Form", components: [withSelect({ custom_id: "x".repeat(101) })] },
      {
        custom_id: "m",
        title: "Form",
        components: [withSelect({ options: [{ label: "x".repeat(101), value: "x" }] })],
      },
      {
        custom_id: "m",
        title: "Form",
        components: [
          withSelect({
            options: Array.from({ length: 26 }, (_, i) => ({ label: `${i}`, value: `${i}` })),
          }),
        ],
      },
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

  it("sends what the member saw for inputs left untouched: pre-filled text, default options", async () => {
    const { interactionId, token } = fake.dispatchCommand({ name: "pick" });
    const filled = { ...prompt, component: { ...prompt.component, value: "as it was" } };
    const chosen = withSelect({
      required: true,
      options: [
        { label: "Small", value: "s" },
        { label: "Large", value: "l", default: true },
      ],
    });
    await answer(interactionId, token, {
      custom_id: "f",
      title: "Form",
      components: [filled, chosen],
    });
    const arrived = received();
    fake.dispatchModalSubmit({ token, values: {} });
    const interaction = await arrived;
    if (!interaction.isModalSubmit()) throw new Error("expected a modal submit");
    expect(interaction.fields.getTextInputValue("prompt")).toBe("as it was");
    expect(interaction.fields.getStringSelectValues("size")).toEqual(["l"]);
    expect(() => fake.dispatchModalSubmit({ token, values: { size: [] } })).toThrow(/size/);
  });

  it("knows a guild's roles and no other", async () => {
    const [guild] = fake.guilds;
    const role = guild?.roles[0]?.id ?? "";
    expect(await rest.get(Routes.guildRole(guild?.id ?? "", role))).toMatchObject({ name: "Crew" });
    const unknown = await rejection(rest.get(Routes.guildRole(guild?.id ?? "", "123")));
    expect(unknown.code).toBe(10011);
  });
});
