import { escapeMarkdown } from "discord.js";

/** Cuts at the last space before `max` (never inside a word unless it is one long word). */
export function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, Math.max(0, max - 1));
  const space = cut.lastIndexOf(" ");
  const head = space > max / 2 ? cut.slice(0, space) : cut;
  return `${head.trimEnd()}…`;
}

/**
 * A prompt as typed, markdown escaped so `*x*` shows the stars, within `max` characters once
 * escaped; shortened at a word boundary only when the limit forces it.
 */
export function shownPrompt(prompt: string, max: number): string {
  let raw = prompt;
  let escaped = escapeMarkdown(raw);
  while (escaped.length > max && raw.length > 1) {
    raw = cutAtWord(prompt, Math.max(1, raw.length - (escaped.length - max) - 1));
    escaped = escapeMarkdown(raw);
  }
  return escaped;
}
