import type { FakeDiscordOptions } from "../fakes/fake-discord.js";
import { ADMIN, type Harness, MANAGE_GUILD } from "./harness.js";

export const EPHEMERAL = 1 << 6;
export const asAdmin = { user: ADMIN, memberPermissions: MANAGE_GUILD };

/** A server with two channels and two extra roles, and a second server for crafted ids. */
export const TWO_SERVERS: FakeDiscordOptions = {
  guilds: [
    {
      name: "Test Server",
      channels: [{ name: "general" }, { name: "videos" }],
      roles: [{ name: "Creators" }, { name: "Some Integration", managed: true }],
    },
    { name: "Other Server", channels: [{ name: "elsewhere" }], roles: [{ name: "Strangers" }] },
  ],
};

export function places(harness: Harness) {
  const [home, other] = harness.discord.guilds;
  if (!home || !other) throw new Error("expected two servers");
  const id = (list: { id: string; name: string }[], name: string) =>
    list.find((item) => item.name === name)?.id ?? "";
  return {
    general: id(home.channels, "general"),
    videos: id(home.channels, "videos"),
    elsewhere: id(other.channels, "elsewhere"),
    creators: id(home.roles, "Creators"),
    integration: id(home.roles, "Some Integration"),
    strangers: id(other.roles, "Strangers"),
  };
}

/** Runs one /settings subcommand as an admin and returns the ephemeral answer's text. */
export async function settings(
  harness: Harness,
  subcommand: string,
  options: Record<string, string | number | boolean> = {},
): Promise<string> {
  const reply = await harness.replyTo("settings", { subcommand, options, ...asAdmin });
  if ((reply.flags & EPHEMERAL) === 0) throw new Error("a /settings answer was public");
  return reply.content;
}

/** The number of generate requests Seedance has seen, to prove nothing was submitted. */
export const generateCount = (harness: Harness) =>
  harness.seedance.requests.filter((request) => request.path === "/v1/generate").length;

export const lastGenerate = (harness: Harness) =>
  harness.seedance.requests.filter((request) => request.path === "/v1/generate").at(-1)?.body;
