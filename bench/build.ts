import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import type { BotLaunch } from "./bot-process.js";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const TSC = fileURLToPath(import.meta.resolve("typescript/bin/tsc"));

export interface BuiltBot {
  readonly launch: BotLaunch;
  /** The reference bot (bench/reference-bot.ts), compiled beside it. */
  readonly referenceLaunch: BotLaunch;
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
  // The layout dist/ expects: drizzle/ and drizzle-pg/ beside it (migrations), package.json ("type": "module")
  // and node_modules above it.
  symlinkSync(join(REPO, "drizzle"), join(root, "drizzle"));
  symlinkSync(join(REPO, "drizzle-pg"), join(root, "drizzle-pg"));
  symlinkSync(join(REPO, "node_modules"), join(root, "node_modules"));
  copyFileSync(join(REPO, "package.json"), join(root, "package.json"));
  return {
    launch: { label: "node dist/main.js (compiled)", args: [main] },
    referenceLaunch: { label: "reference bot (compiled)", args: [compileReference(root)] },
    warnings: result.status === 0 ? "" : `${result.stdout}${result.stderr}`.trim(),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** The reference imports only discord.js, so a plain transpile is its whole build. */
function compileReference(root: string): string {
  const source = readFileSync(join(REPO, "bench", "reference-bot.ts"), "utf8");
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2023 },
  });
  const file = join(root, "reference-bot.js");
  writeFileSync(file, outputText);
  return file;
}
