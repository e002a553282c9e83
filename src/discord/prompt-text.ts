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
  const fits = (length: number) => escapeMarkdown(cutAtWord(prompt, length)).length <= max;
  if (fits(prompt.length)) return escapeMarkdown(prompt);
  // Escaping lengthens the text unevenly, so search for the longest raw cut that fits.
  let low = 1;
  let high = prompt.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(middle)) low = middle;
    else high = middle - 1;
  }
  return escapeMarkdown(cutAtWord(prompt, low));
}
