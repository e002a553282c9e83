import { describe, expect, it } from "vitest";
import { commands } from "../../../src/commands/index.js";
import { commandCatalogs } from "../../../src/i18n/resources.js";

interface Node {
  name: string;
  description?: string;
  description_localizations?: Record<string, string>;
  options?: Node[];
  choices?: { name: string; value: string | number; name_localizations?: Record<string, string> }[];
}

/** Every worded part of every command: `[path, English, Korean]`. */
function texts(node: Node, path: string, out: [string, string, string | undefined][] = []) {
  if (node.description) out.push([path, node.description, node.description_localizations?.ko]);
  for (const choice of node.choices ?? []) {
    out.push([`${path}/${choice.value}`, choice.name, choice.name_localizations?.ko]);
  }
  for (const option of node.options ?? []) texts(option, `${path}/${option.name}`, out);
  return out;
}

const all = commands.flatMap((command) => texts(command.data as Node, command.data.name));

/** Discord's count: names, descriptions and choice names and values, in one locale. */
function size(node: Node, locale: "en" | "ko"): number {
  const own =
    node.name.length +
    ((locale === "ko" ? node.description_localizations?.ko : undefined) ?? node.description ?? "")
      .length;
  const choices = (node.choices ?? []).reduce(
    (sum, c) =>
      sum +
      (locale === "ko" ? (c.name_localizations?.ko ?? c.name) : c.name).length +
      String(c.value).length,
    0,
  );
  return own + choices + (node.options ?? []).reduce((sum, o) => sum + size(o, locale), 0);
}

describe("command localizations", () => {
  it("gives every description and choice a Korean text within Discord's limits", () => {
    for (const [path, english, korean] of all) {
      expect({ path, has: typeof korean === "string" }).toEqual({ path, has: true });
      expect(korean?.length ?? 0).toBeLessThanOrEqual(100);
      expect(english.length).toBeLessThanOrEqual(100);
    }
  });

  it("keeps no Korean text for an option that no longer exists", () => {
    const paths = new Set(all.map(([path]) => path));
    expect(Object.keys(commandCatalogs.ko.texts).filter((path) => !paths.has(path))).toEqual([]);
  });

  it("states the same prices in both languages", () => {
    const numbers = (text: string) => text.match(/\d+/g)?.sort() ?? [];
    for (const [path, english, korean] of all) {
      expect({ path, numbers: numbers(korean ?? "") }).toEqual({ path, numbers: numbers(english) });
    }
  });

  it("keeps every command within 8,000 characters in each language", () => {
    for (const command of commands) {
      expect(size(command.data as Node, "en")).toBeLessThanOrEqual(8000);
      expect(size(command.data as Node, "ko")).toBeLessThanOrEqual(8000);
    }
  });
});
