import { describe, expect, it } from "vitest";
import { commands } from "../../src/commands/index.js";
import { definesInvocation } from "../../src/discord/command-shape.js";

const data = (name: string) => {
  const command = commands.find((candidate) => candidate.data.name === name);
  if (!command || !("execute" in command)) throw new Error(`no slash command ${name}`);
  return command.data;
};

describe("definesInvocation", () => {
  it.each(["balance", "add", "remove", "history", "limit"])("accepts /credits %s", (sub) => {
    expect(definesInvocation(data("credits"), null, sub)).toBe(true);
  });

  it("accepts the commands without subcommands as they are", () => {
    for (const name of ["video", "animate", "jobs"]) {
      expect(definesInvocation(data(name), null, null)).toBe(true);
    }
  });

  it.each([
    ["an unknown group", "credits", "admin", "balance"],
    ["a group without its subcommand", "credits", "admin", null],
    ["an unknown subcommand", "credits", null, "steal"],
    ["no subcommand where one is required", "credits", null, null],
    ["a subcommand on a command that has none", "video", null, "free"],
    ["a group on a command that has none", "video", "x", "free"],
  ])("refuses %s", (_, name, group, sub) => {
    expect(definesInvocation(data(name), group, sub)).toBe(false);
  });
});
