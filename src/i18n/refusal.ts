import { UserError } from "../domain/user-error.js";
import { type MessageKey, type Translator, translator } from "./index.js";

/**
 * A value in a refusal that depends on the reader's language (an amount of credits, a number),
 * rendered when the refusal is translated.
 */
export type Localized = (t: Translator) => string;
export type RefusalParams = Readonly<Record<string, string | number | Localized>>;

/** Renders a refusal's params in one language. */
function renderParams(t: Translator, params: RefusalParams | undefined) {
  return Object.fromEntries(
    Object.entries(params ?? {}).map(([name, value]) => [
      name,
      typeof value === "function" ? value(t) : value,
    ]),
  );
}

/** A refusal in the reader's language; its message is the English text. */
export function refuse(key: MessageKey, params?: RefusalParams): UserError {
  return new UserError(...refusalArgs(key, params));
}

function inEnglish(key: MessageKey, params: RefusalParams | undefined): string {
  const english = translator("en");
  return String(english(key, renderParams(english, params)));
}

/** The words of a refusal for one reader: translated when it has a key, else its own text. */
export function refusalFor(error: UserError, t: Translator): string {
  if (error.key === undefined) return error.message;
  return String(t(error.key as MessageKey, renderParams(t, error.params as RefusalParams)));
}

/** `super(...refusalArgs(key, params))` for a refusal class of its own (it adds fields). */
export function refusalArgs(
  key: MessageKey,
  params?: RefusalParams,
): [() => string, MessageKey, RefusalParams | undefined] {
  return [() => inEnglish(key, params), key, params];
}

/** A value outside an option's choices (a crafted payload): the refusal names them. */
export const invalidOption = (option: string, choices: readonly (string | number)[]) =>
  refuse("refusals.invalidOption", { option, choices: choices.join(", ") });

/** An amount of credits, in the reader's words. */
export const creditsParam =
  (amount: number): Localized =>
  (t) =>
    String(t("common.credits", { count: amount }));
