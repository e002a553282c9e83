import { ApplicationCommandOptionType, ApplicationCommandType } from "discord-api-types/v10";
import { z } from "zod";

/** A command option as the fake keeps it: enough to type dispatched option values. */
export interface CommandOptionDef {
  type: ApplicationCommandOptionType;
  name: string;
  description: string;
  required?: boolean | undefined;
  choices?: { name: string; value: string | number }[] | undefined;
  options?: CommandOptionDef[] | undefined;
}

export interface CommandDef {
  name: string;
  type: ApplicationCommandType;
  description: string;
  options?: CommandOptionDef[] | undefined;
  default_member_permissions?: string | null | undefined;
  [key: string]: unknown;
}

const MAX_COMMAND_CHARS = 8000;

/** Discord's CHAT_INPUT naming rule: 1–32 word characters, lowercase where a case exists. */
const chatInputName = z
  .string()
  .regex(/^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u, "Command name is invalid")
  .refine((name) => name === name.toLowerCase(), "Command name must be lowercase");

const description = z.string().min(1).max(100);

const choice = z.looseObject({
  name: z.string().min(1).max(100),
  value: z.union([z.string().min(1).max(100), z.number()]),
});

const ordered = (options: CommandOptionDef[], ctx: z.RefinementCtx) => {
  const firstOptional = options.findIndex((option) => !option.required);
  if (firstOptional !== -1 && options.slice(firstOptional).some((option) => option.required)) {
    ctx.addIssue({
      code: "custom",
      params: { code: "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID" },
      message: "Required options must be placed before non-required options",
    });
  }
  const names = options.map((option) => option.name);
  if (new Set(names).size !== names.length) {
    ctx.addIssue({
      code: "custom",
      params: { code: "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS" },
      message: "Option names must be unique",
    });
  }
};

const T = ApplicationCommandOptionType;

const valueOption = z.looseObject({
  type: z.literal([
    T.String,
    T.Integer,
    T.Boolean,
    T.User,
    T.Channel,
    T.Role,
    T.Mentionable,
    T.Number,
    T.Attachment,
  ]),
  name: chatInputName,
  description,
  required: z.boolean().optional(),
  choices: z.array(choice).max(25).optional(),
});

const subcommand = z.looseObject({
  type: z.literal(T.Subcommand),
  name: chatInputName,
  description,
  options: z.array(valueOption).max(25).superRefine(ordered).optional(),
});

const group = z.looseObject({
  type: z.literal(T.SubcommandGroup),
  name: chatInputName,
  description,
  options: z.array(subcommand).min(1).max(25).superRefine(ordered),
});

const command: z.ZodType<CommandDef> = z
  .looseObject({
    name: z.string().min(1).max(32),
    type: z.enum(ApplicationCommandType).default(ApplicationCommandType.ChatInput),
    description: z.string().max(100).default(""),
    options: z
      .array(z.discriminatedUnion("type", [group, subcommand, valueOption]))
      .max(25)
      .superRefine(ordered)
      .optional(),
    default_member_permissions: z.string().regex(/^\d+$/).nullable().optional(),
  })
  .superRefine((value, ctx) => {
    if (value.type !== ApplicationCommandType.ChatInput) return;
    if (!chatInputName.safeParse(value.name).success || value.description.length === 0) {
      ctx.addIssue({ code: "custom", message: "Invalid chat input command name or description" });
    }
    if (commandChars(value) > MAX_COMMAND_CHARS) {
      ctx.addIssue({
        code: "custom",
        params: { code: "APPLICATION_COMMAND_TOO_LARGE" },
        message: `Command exceeds maximum size (${MAX_COMMAND_CHARS})`,
      });
    }
  });

/** Bulk overwrite body: at most 100 chat input commands, names unique per type. */
export const commandListSchema = z
  .array(command)
  .max(100)
  .superRefine((commands, ctx) => {
    const keys = commands.map((item) => `${item.type}:${item.name}`);
    if (new Set(keys).size !== keys.length) {
      ctx.addIssue({
        code: "custom",
        params: { code: "APPLICATION_COMMANDS_DUPLICATE_NAME" },
        message: "Application command names must be unique",
      });
    }
  });

function commandChars(item: {
  name: string;
  description: string;
  options?: CommandOptionDef[] | undefined;
}): number {
  const choices = (option: CommandOptionDef) =>
    (option.choices ?? []).reduce((sum, c) => sum + c.name.length + String(c.value).length, 0);
  return (
    item.name.length +
    item.description.length +
    (item.options ?? []).reduce((sum, option) => sum + commandChars(option) + choices(option), 0)
  );
}
