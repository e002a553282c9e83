import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = resolve(import.meta.dirname, "../../src");

/** Every module under src/ with what it imports: src-relative paths, or package names. */
function importGraph(): Map<string, string[]> {
  const files = readdirSync(SRC, { recursive: true, encoding: "utf8" }).filter((file) =>
    file.endsWith(".ts"),
  );
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(join(SRC, file), "utf8");
    const specifiers = [
      ...text.matchAll(/(?:^|\n)\s*(?:import|export)[^"']*?from\s+["']([^"']+)["']/g),
    ]
      .map((match) => match[1] ?? "")
      .map((spec) =>
        spec.startsWith(".")
          ? relative(SRC, resolve(dirname(join(SRC, file)), spec)).replace(/\.js$/, ".ts")
          : spec,
      );
    graph.set(file, specifiers);
  }
  return graph;
}

const graph = importGraph();

function importsOf(folder: string) {
  return [...graph]
    .filter(([file]) => file.startsWith(folder))
    .flatMap(([file, imports]) => imports.map((target) => ({ file, target })));
}

const isDiscord = (target: string) =>
  target.startsWith("discord/") || target === "discord.js" || target.startsWith("@discordjs/");

describe("architecture", () => {
  it("reads the import graph", () => {
    expect(graph.size).toBeGreaterThan(50);
    expect(graph.get("app.ts")).toContain("services/jobs/pipeline.ts");
  });

  it("keeps services free of Discord: they talk to members through the notifier port", () => {
    expect(importsOf("services/").filter(({ target }) => isDiscord(target))).toEqual([]);
  });

  it("keeps the database layer below the services", () => {
    expect(importsOf("db/").filter(({ target }) => target.startsWith("services/"))).toEqual([]);
  });

  it("keeps the domain words and helpers on the ground floor", () => {
    const upward = [...importsOf("domain/"), ...importsOf("lib/")].filter(
      ({ target }) => target.includes("/") && !/^(domain|lib)\//.test(target),
    );
    expect(upward.filter(({ target }) => !target.startsWith("node:"))).toEqual([]);
  });

  it("has no import cycles", () => {
    const cycles: string[] = [];
    const state = new Map<string, "visiting" | "done">();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === "done") return;
      if (state.get(file) === "visiting") {
        cycles.push([...path.slice(path.indexOf(file)), file].join(" → "));
        return;
      }
      state.set(file, "visiting");
      for (const target of graph.get(file) ?? []) {
        if (graph.has(target)) visit(target, [...path, file]);
      }
      state.set(file, "done");
    };
    for (const file of graph.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
