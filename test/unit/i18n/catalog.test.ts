import { describe, expect, it } from "vitest";
import { languageOf, publicLocaleOf, translator } from "../../../src/i18n/index.js";
import { catalogs } from "../../../src/i18n/resources.js";
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
