import { createRequire } from "node:module";

/**
 * Loads drizzle-orm's CommonJS build. Its package.json lists every one of its files in `exports`
 * (175 KB), and the ESM loader of Node 22 and 24 copies and parses that map again for each of the
 * hundreds of files an `import` pulls in: on Node 24, 0.9 s of start-up and enough short-lived
 * garbage that V8 grows the young generation to its 128 MiB maximum before the bot has answered
 * anything (RSS ~280 MiB at "Ready" against ~110 MiB this way). `require` reads the map once.
 * Only this folder loads drizzle's values; everywhere else imports them from here (Biome's
 * noRestrictedImports holds the line), and drizzle's types are imported as types.
 */
export const requireDrizzle = createRequire(import.meta.url);
