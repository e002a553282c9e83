import type { StoredMessage } from "../fakes/discord/state.js";

/**
 * Where a job's message stands, as a member would read it: a finished video's content starts
 * with the bold prompt and `— @member`; a failure is a red ❌ embed; anything else is working.
 */
export function jobStatus(
  message: StoredMessage | undefined | null,
): "ready" | "failed" | "working" {
  if (!message) return "working";
  if (message.embeds.length === 0 && /^\*\*[\s\S]+\*\* — <@\d+>/.test(message.content)) {
    return "ready";
  }
  return message.embeds[0]?.title?.startsWith("❌") ? "failed" : "working";
}

/** The message once its job has ended (a video or a failure), else null. */
export const ended = (message: StoredMessage | undefined | null) =>
  message && jobStatus(message) !== "working" ? message : null;

/** The prompt as the finished message's first line shows it (markdown escaped). */
export const shownPrompt = (message: StoredMessage) =>
  /^\*\*([\s\S]+)\*\* — <@\d+>/.exec(message.content)?.[1] ?? null;
