import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BotLaunch } from "./bot-process.js";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const TSC = fileURLToPath(import.meta.resolve("typescript/bin/tsc"));

export interface BuiltBot {
  readonly launch: BotLaunch;
  readonly warnings: string;
  remove(): void;
}

/**
 * Compiles the bot as `npm run build` does, but into a temporary folder, and returns how to run
 * it as `npm start` does (`node dist/main.js`). Production runs compiled JavaScript: under tsx the
 * loader's worker thread adds tens of MiB of RSS and its resolver sits on hot `require` calls,
 * which would be charged to the bot.
 */
export function buildBot(): BuiltBot {
  const root = mkdtempSync(join(tmpdir(), "seedance-bot-build-"));
  const outDir = join(root, "dist");
  const result = spawnSync(
    process.execPath,
    [TSC, "-p", join(REPO, "tsconfig.build.json"), "--outDir", outDir, "--sourceMap", "false"],
    { cwd: REPO, encoding: "utf8" },
  );
  const main = join(outDir, "main.js");
  // tsc emits despite type errors; a half-edited file elsewhere in src/ shouldn't stop a bench.
  if (!existsSync(main)) {
    rmSync(root, { recursive: true, force: true });
    throw new Error(`Building the bot failed:\n${result.stdout}${result.stderr}`);
  }
  // The layout dist/ expects: drizzle/ beside it (migrations), package.json ("type": "module")
  // and node_modules above it.
  symlinkSync(join(REPO, "drizzle"), join(root, "drizzle"));
  symlinkSync(join(REPO, "node_modules"), join(root, "node_modules"));
  copyFileSync(join(REPO, "package.json"), join(root, "package.json"));
  return {
    launch: { label: "node dist/main.js (compiled)", args: [main] },
    warnings: result.status === 0 ? "" : `${result.stdout}${result.stderr}`.trim(),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
