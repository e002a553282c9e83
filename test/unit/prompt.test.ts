import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { videoOptionsSchema } from "../../src/commands/video-options.js";
import { hasVisibleText, sanitizePrompt } from "../../src/domain/prompt.js";

// biome-ignore lint/suspicious/noControlCharactersInRegex: the property is about control characters
const CONTROL_BUT_NEWLINE = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/;
const INVISIBLES = [" ", "\n", "\t", "\r", "\u0000", "\u001B", "\u007F", "\u0085", "\u00A0"].concat(
  ["\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u3000"],
);

/** Any text, with control and invisible characters mixed in often enough to matter. */
const messyText = fc
  .array(fc.oneof(fc.string({ unit: "grapheme", maxLength: 4 }), fc.constantFrom(...INVISIBLES)))
  .map((parts) => parts.join(""));

describe("sanitizePrompt", () => {
  it.each([
    ["a fox\u0000 in snow", "a fox in snow"],
    ["line one\r\nline two\rline three", "line one\nline two\nline three"],
    ["tab\tseparated", "tab separated"],
    ["\u001B[31mred\u001B[0m", "[31mred[0m"],
    ["  padded  ", "padded"],
    ["emoji 👩\u200D🚀 stays", "emoji 👩\u200D🚀 stays"],
  ])("turns %j into %j", (raw, clean) => {
    expect(sanitizePrompt(raw)).toBe(clean);
  });

  it("leaves no control character but newlines, and is idempotent", () => {
    fc.assert(
      fc.property(messyText, (raw) => {
        const clean = sanitizePrompt(raw);
        expect(clean).not.toMatch(CONTROL_BUT_NEWLINE);
        expect(sanitizePrompt(clean)).toBe(clean);
      }),
    );
  });

  it("keeps text without control characters as it is, apart from the trimmed ends", () => {
    const plain = fc.string({ unit: "grapheme" }).filter((s) => !CONTROL_BUT_NEWLINE.test(s));
    fc.assert(
      fc.property(plain, (raw) => {
        expect(sanitizePrompt(raw)).toBe(raw.trim());
      }),
    );
  });

  it("never changes whether a prompt has visible text", () => {
    fc.assert(
      fc.property(messyText, (raw) => {
        expect(hasVisibleText(sanitizePrompt(raw))).toBe(hasVisibleText(raw));
      }),
    );
  });
});

describe("hasVisibleText", () => {
  it("is false for any mix of whitespace, zero-width and control characters", () => {
    const invisible = fc.array(fc.constantFrom(...INVISIBLES)).map((chars) => chars.join(""));
    fc.assert(
      fc.property(invisible, (text) => {
        expect(hasVisibleText(text)).toBe(false);
      }),
    );
  });

  it("is true as soon as one visible character is there", () => {
    expect(hasVisibleText("\u200B\u0000 x \uFEFF")).toBe(true);
  });
});

describe("the prompt option", () => {
  const parsePrompt = (prompt: string) => videoOptionsSchema.safeParse({ prompt });

  it.each([
    ["zero-width spaces", "\u200B\u200C\u200D\u2060\uFEFF"],
    ["control characters", "\u0000\u0001\u001B"],
    ["a mix with whitespace", " \u200B\n\t\u0000 "],
  ])("refuses a prompt of only %s like an empty one", (_, prompt) => {
    const result = parsePrompt(prompt);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("refusals.promptEmpty");
  });

  it("stores the prompt without its control characters", () => {
    expect(parsePrompt("a fox\u0000 running\u0007").data?.prompt).toBe("a fox running");
  });

  it("measures the length after cleaning", () => {
    expect(parsePrompt(`${"x".repeat(2000)}${"\u0000".repeat(50)}`).success).toBe(true);
    expect(parsePrompt("x".repeat(2001)).error?.issues[0]?.message).toBe("refusals.promptTooLong");
  });
});
