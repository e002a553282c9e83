import { describe, expect, it } from "vitest";
import { UserError } from "../../../src/domain/user-error.js";
import { languageOf, publicLocaleOf, translator } from "../../../src/i18n/index.js";
import { refusalFor, refuse } from "../../../src/i18n/refusal.js";
import { catalogs } from "../../../src/i18n/resources.js";
import { InsufficientCreditsError } from "../../../src/services/credits/refusals.js";
import { englishIn } from "../../helpers/korean.js";

type Tree = { readonly [key: string]: string | Tree };

/** Every leaf as `path → text`, plural forms (`_one`, `_other`) folded into one key. */
function leaves(tree: Tree, prefix = ""): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const [key, value] of Object.entries(tree)) {
    const path = `${prefix}${key.replace(/_(zero|one|two|few|many|other)$/, "")}`;
    if (typeof value === "string") found.set(path, [...(found.get(path) ?? []), value]);
    else for (const [inner, texts] of leaves(value, `${path}.`)) found.set(inner, texts);
  }
  return found;
}

const variables = (texts: string[]) =>
  [...new Set(texts.flatMap((text) => [...text.matchAll(/{{\s*(\w+)/g)].map((m) => m[1])))].sort();

const english = leaves(catalogs.en);

describe("the catalogs", () => {
  for (const [language, catalog] of Object.entries(catalogs)) {
    const texts = leaves(catalog);
    it(`${language} has exactly the English keys`, () => {
      expect([...texts.keys()].sort()).toEqual([...english.keys()].sort());
    });
    it(`${language} uses the same {{variables}} in every message`, () => {
      for (const [key, values] of texts) {
        expect({ key, vars: variables(values) }).toEqual({
          key,
          vars: variables(english.get(key) ?? []),
        });
      }
    });
  }

  it("has no English sentence in a Korean message", () => {
    for (const [key, values] of leaves(catalogs.ko)) {
      for (const value of values)
        expect({ key, value, match: englishIn(value) }).toEqual({ key, value, match: undefined });
    }
  });
});

describe("choosing a language", () => {
  it("maps Discord's locales, and falls back to English", () => {
    expect(languageOf("ko")).toBe("ko");
    expect(languageOf("en-US")).toBe("en");
    expect(languageOf("en-GB")).toBe("en");
    expect(languageOf("fr")).toBe("en");
    expect(languageOf(undefined)).toBe("en");
  });

  it("speaks in public as the server chose, else the server's locale, else the member's", () => {
    expect(publicLocaleOf({ setting: "ko", guildLocale: "en-US", memberLocale: "en-US" })).toBe(
      "ko",
    );
    expect(publicLocaleOf({ setting: "auto", guildLocale: "ko", memberLocale: "en-US" })).toBe(
      "ko",
    );
    expect(publicLocaleOf({ setting: "auto", guildLocale: null, memberLocale: "ko" })).toBe("ko");
    expect(publicLocaleOf({ setting: null, guildLocale: null, memberLocale: null })).toBe("en");
  });

  it("formats numbers and plurals for the language", () => {
    expect(translator("en")("common.credits", { count: 1 })).toBe("1 credit");
    expect(translator("en")("common.credits", { count: 1600 })).toBe("1,600 credits");
    expect(translator("ko")("common.credits", { count: 1600 })).toBe("1,600크레딧");
    expect(translator("ko")("common.seconds", { count: 8 })).toBe("8초");
  });
});

describe("a translator", () => {
  it("renders from memory exactly what it rendered first, for every value", () => {
    const t = translator("en");
    for (let round = 0; round < 3; round++) {
      // More distinct values than it keeps, so the memo also empties and fills again.
      for (let count = 0; count < 1_500; count += 1) {
        expect(t("common.credits", { count })).toBe(
          count === 1 ? "1 credit" : `${count.toLocaleString("en-US")} credits`,
        );
      }
    }
    expect(translator("ko")("common.credits", { count: 1 })).toBe("1크레딧");
  });

  it("tells apart values that would join into the same text", () => {
    const t = translator("en");
    const a = t("refusals.invalidOption", { option: "a", choices: "b" });
    const b = t("refusals.invalidOption", { option: "ab", choices: "" });
    expect(a).not.toBe(b);
    expect(a).toContain("a");
  });

  it("passes options that are not plain values through to i18next", () => {
    const t = translator("en");
    const plural = t("common.credits", { count: 2, postProcess: [] as string[] });
    expect(plural).toBe("2 credits");
  });
});

describe("a refusal", () => {
  it("renders its English message only when read, and shows it in the member's language", () => {
    const error = new InsufficientCreditsError(28, 0);
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toBe(
      "This video costs **28 credits**, but the server only has **0 credits**.",
    );
    expect(String(error.stack).split("\n")[0]).toBe(`InsufficientCreditsError: ${error.message}`);
    expect(refusalFor(error, translator("ko"))).toContain("28크레딧");
    expect(refuse("refusals.guildOnly").message).toBe(translator("en")("refusals.guildOnly"));
  });
});
