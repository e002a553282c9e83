import { commandCatalogs } from "./resources.js";

/** The parts of a command's JSON that carry words: descriptions, options, choices. */
interface Described {
  name: string;
  description?: string;
  options?: readonly Described[];
  choices?: readonly { name: string; value: string | number; name_localizations?: unknown }[];
}

/** `{ ko: …, … }` for one path, from every language that has a text for it. */
function localizations(path: string): Record<string, string> | undefined {
  const found: Record<string, string> = {};
  for (const { locales, texts } of Object.values(commandCatalogs)) {
    const text = texts[path];
    if (text !== undefined) for (const locale of locales) found[locale] = text;
  }
  return Object.keys(found).length > 0 ? found : undefined;
}

function localizeNode(node: Described, path: string): Described {
  const description = node.description ? localizations(path) : undefined;
  return {
    ...node,
    ...(description ? { description_localizations: description } : {}),
    ...(node.options
      ? { options: node.options.map((option) => localizeNode(option, `${path}/${option.name}`)) }
      : {}),
    ...(node.choices
      ? {
          choices: node.choices.map((choice) => {
            const names = localizations(`${path}/${choice.value}`);
            return names ? { ...choice, name_localizations: names } : choice;
          }),
        }
      : {}),
  };
}

/**
 * A command definition with every description and choice name in each language we have
 * (names stay English: they are the public interface). Texts are keyed by the option's path:
 * `credits/add/amount`, `video/aspect_ratio/16:9`. The registration hash covers the result.
 */
export function localizeCommand<T extends { readonly name: string }>(data: T): T {
  // discord.js types each option kind apart; all that matters here is the shared word fields.
  return localizeNode(data as unknown as Described, data.name) as unknown as T;
}
