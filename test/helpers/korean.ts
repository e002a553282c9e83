import { ANIMATE_MESSAGE_NAME } from "../../src/commands/animate-message/index.js";

// Three ASCII words in a row are English; `720p`, `/credits add` or an env name are not.
const englishRun = /[A-Za-z]+(?: [A-Za-z]+){2,}/;

/**
 * The first English sentence in a Korean text, if any. Names the member types or clicks stay
 * English (code spans and the Apps menu command), and so does what `except` lists (a prompt).
 */
export function englishIn(text: string, except: readonly string[] = []): string | undefined {
  const kept = [...except, ANIMATE_MESSAGE_NAME].reduce(
    (rest, name) => rest.replaceAll(name, ""),
    text.replace(/`[^`]*`/g, ""),
  );
  return englishRun.exec(kept)?.[0];
}
