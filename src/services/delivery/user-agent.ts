import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The nearest package.json above this file: the same from src/ (tsx) and dist/ (built). */
function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) return "unknown";
    dir = parent;
  }
  const parsed: unknown = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const version = (parsed as { version?: unknown }).version;
  return typeof version === "string" ? version : "unknown";
}

/** Sent with every video download, so a CDN's operator can tell who is fetching. */
export const botUserAgent = `SeedanceDiscordBot/${packageVersion()}`;
