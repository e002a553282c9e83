import {
  type APIApplicationCommandOption,
  ApplicationCommandOptionType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";

const { Subcommand, SubcommandGroup } = ApplicationCommandOptionType;

const named = (options: readonly APIApplicationCommandOption[], type: number, name: string) =>
  options.find((option) => option.type === type && option.name === name);

/**
 * True when the command defines exactly the group and subcommand the interaction names.
 * discord.js reads `/credits anything balance` as `balance`, so a crafted payload could
 * otherwise reach a subcommand under a group (or a command shape) we never registered.
 */
export function definesInvocation(
  data: RESTPostAPIChatInputApplicationCommandsJSONBody,
  group: string | null,
  subcommand: string | null,
): boolean {
  const options = data.options ?? [];
  if (group !== null) {
    const found = named(options, SubcommandGroup, group);
    const inGroup = found && "options" in found ? (found.options ?? []) : [];
    return subcommand !== null && named(inGroup, Subcommand, subcommand) !== undefined;
  }
  if (subcommand !== null) return named(options, Subcommand, subcommand) !== undefined;
  return !options.some((option) => option.type === Subcommand || option.type === SubcommandGroup);
}
