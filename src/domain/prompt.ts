/**
 * Prompt hygiene, applied before a prompt is priced, stored or sent to Seedance. Slash-command
 * strings are single-line, but a prompt can also come from a modal or a crafted payload, so
 * newlines are kept and every other control character goes: a NUL or an escape sequence has no
 * meaning in a video description and only makes trouble in logs, embeds and Seedance's API.
 */

// C0 controls except \n, DEL, and the C1 range. Tabs are handled first so words stay apart.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/g;
const TAB = /\t/g;
const CARRIAGE_RETURN = /\r\n?/g;
// Characters that show nothing: a prompt made only of these is as empty as a blank one.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const INVISIBLE = /[\s\u0000-\u001F\u007F-\u009F\u200B-\u200D\u2060\uFEFF]/g;

/**
 * Line breaks of any style become \n, tabs become spaces, every other control character (NUL,
 * ESC, C1…) is removed, and the ends are trimmed.
 */
export function sanitizePrompt(raw: string): string {
  return raw.replace(CARRIAGE_RETURN, "\n").replace(TAB, " ").replace(CONTROL, "").trim();
}

/** True when the text has something visible once whitespace, zero-width and controls are gone. */
export function hasVisibleText(text: string): boolean {
  return text.replace(INVISIBLE, "").length > 0;
}
