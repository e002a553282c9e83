import i18next, { type ParseKeys, type TFunction } from "i18next";
import { catalogs, type Language } from "./resources.js";

export type { Language } from "./resources.js";

/** A translation function fixed to one language, with keys checked against the English catalog. */
export type Translator = TFunction<"translation">;
export type MessageKey = ParseKeys<"translation">;

const instance = i18next.createInstance();
// Resources are bundled, so initialisation is synchronous; Discord isn't HTML, so no escaping.
void instance.init({
  initAsync: false,
  resources: Object.fromEntries(
    Object.entries(catalogs).map(([language, catalog]) => [language, { translation: catalog }]),
  ),
  fallbackLng: "en",
  supportedLngs: Object.keys(catalogs),
  interpolation: { escapeValue: false },
  returnNull: false,
  // Keys name aspect ratios (`common.shape.16:9`): a colon is not a namespace here.
  nsSeparator: false,
  showSupportNotice: false,
});

/** Our language for a Discord locale (`ko`, `en-US`, `en-GB`…); one we don't speak is English. */
export function languageOf(locale: string | null | undefined): Language {
  const base = (locale ?? "").toLowerCase().split("-")[0] ?? "";
  return Object.hasOwn(catalogs, base) ? (base as Language) : "en";
}

/** Rendered strings a translator keeps (a bound: interpolated values such as prompts vary). */
const MEMO_SIZE = 1_000;

/**
 * The memo key for a lookup whose options are all plain values (`{ count: 28 }`), or null when
 * one isn't (a nested object, a function): only then is the rendered text a function of the
 * key and the values alone.
 */
function memoKeyOf(key: string, options: object): string | null {
  let memoKey = key;
  for (const [name, value] of Object.entries(options)) {
    const kind = typeof value;
    if (kind !== "string" && kind !== "number" && kind !== "boolean") return null;
    memoKey += `\u0000${name}\u0001${String(value)}`;
  }
  return memoKey;
}

/**
 * The translator for one language. i18next's `getFixedT` copies every i18next option into a new
 * object on each call, and a reply renders dozens of strings: in a burst of commands it was the
 * bot's largest allocator. So each call goes to `t` with the language; and since the catalogs
 * are bundled and never change, a string rendered once from the same key and values (a refusal's
 * "28 credits", a progress line) is rendered from memory the next time.
 */
function fixedTranslator(language: Language): Translator {
  // The keys were checked where `Translator` was called; here they are plain strings.
  const lookUp = instance.t.bind(instance) as (key: string | string[], options: object) => string;
  const rendered = new Map<string, string>();
  const translate = (key: string | string[], options: object = {}): string => {
    const memoKey = typeof key === "string" ? memoKeyOf(key, options) : null;
    if (memoKey === null) return lookUp(key, { ...options, lng: language });
    let text = rendered.get(memoKey);
    if (text === undefined) {
      text = lookUp(key, { ...options, lng: language });
      if (rendered.size >= MEMO_SIZE) rendered.clear();
      rendered.set(memoKey, text);
    }
    return text;
  };
  // TFunction's overloads type the keys and options; at run time it is this function.
  return translate as unknown as Translator;
}

const translators = Object.fromEntries(
  Object.keys(catalogs).map((language) => [language, fixedTranslator(language as Language)]),
) as Record<Language, Translator>;

export function translator(locale: string | null | undefined): Translator {
  return translators[languageOf(locale)];
}

/** The words for an amount of credits, the same in every message of a language. */
export function credits(t: Translator, amount: number): string {
  return t("common.credits", { count: amount });
}

export interface PublicLocaleSources {
  /** `/settings language`: `auto` follows Discord. */
  readonly setting: string | null | undefined;
  readonly guildLocale: string | null | undefined;
  readonly memberLocale: string | null | undefined;
}

/**
 * The locale of messages everyone in the server sees: the server's chosen language, else the
 * server's Discord language, else the member's, else English.
 */
export function publicLocaleOf(sources: PublicLocaleSources): string {
  if (sources.setting && sources.setting !== "auto") return sources.setting;
  return sources.guildLocale || sources.memberLocale || "en";
}
