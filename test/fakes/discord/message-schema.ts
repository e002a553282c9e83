import {
  AllowedMentionsTypes,
  type APIActionRowComponent,
  type APIAllowedMentions,
  type APIButtonComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIMessageComponentEmoji,
  type APIStringSelectComponent,
  ButtonStyle,
  ComponentType,
} from "discord-api-types/v10";
import { z } from "zod";

/** The limits Discord enforces on a message, so the bot's rendering is held to them. */
export const MAX_CONTENT = 2000;
const MAX_EMBED_TOTAL = 6000;

const snowflake = z.string().regex(/^\d{17,20}$/, "Value is not snowflake.");

const emoji: z.ZodType<APIMessageComponentEmoji> = z.object({
  id: snowflake.optional(),
  name: z.string().optional(),
  animated: z.boolean().optional(),
});

const media = z.object({
  url: z.string(),
  height: z.number().int().optional(),
  width: z.number().int().optional(),
});

const embed: z.ZodType<APIEmbed> = z.object({
  title: z.string().max(256).optional(),
  description: z.string().max(4096).optional(),
  url: z.string().optional(),
  timestamp: z.string().optional(),
  color: z.number().int().min(0).max(0xffffff).optional(),
  footer: z.object({ text: z.string().max(2048), icon_url: z.string().optional() }).optional(),
  image: media.optional(),
  thumbnail: media.optional(),
  video: media.optional(),
  author: z
    .object({
      name: z.string().max(256),
      url: z.string().optional(),
      icon_url: z.string().optional(),
    })
    .optional(),
  fields: z
    .array(
      z.object({
        name: z.string().min(1).max(256),
        value: z.string().min(1).max(1024),
        inline: z.boolean().optional(),
      }),
    )
    .max(25)
    .optional(),
});

const customId = z.string().min(1).max(100);
const label = z.string().max(80).optional();

const button: z.ZodType<APIButtonComponent> = z.discriminatedUnion("style", [
  z.object({
    type: z.literal(ComponentType.Button),
    style: z.union([
      z.literal(ButtonStyle.Primary),
      z.literal(ButtonStyle.Secondary),
      z.literal(ButtonStyle.Success),
      z.literal(ButtonStyle.Danger),
    ]),
    custom_id: customId,
    label,
    emoji: emoji.optional(),
    disabled: z.boolean().optional(),
    id: z.number().int().optional(),
  }),
  z.object({
    type: z.literal(ComponentType.Button),
    style: z.literal(ButtonStyle.Link),
    url: z.string().max(512),
    label,
    emoji: emoji.optional(),
    disabled: z.boolean().optional(),
    id: z.number().int().optional(),
  }),
  z.object({
    type: z.literal(ComponentType.Button),
    style: z.literal(ButtonStyle.Premium),
    sku_id: snowflake,
    disabled: z.boolean().optional(),
    id: z.number().int().optional(),
  }),
]);

const stringSelect: z.ZodType<APIStringSelectComponent> = z.object({
  type: z.literal(ComponentType.StringSelect),
  custom_id: customId,
  placeholder: z.string().max(150).optional(),
  min_values: z.number().int().min(0).max(25).optional(),
  max_values: z.number().int().min(1).max(25).optional(),
  disabled: z.boolean().optional(),
  id: z.number().int().optional(),
  options: z
    .array(
      z.object({
        label: z.string().min(1).max(100),
        value: z.string().min(1).max(100),
        description: z.string().max(100).optional(),
        emoji: emoji.optional(),
        default: z.boolean().optional(),
      }),
    )
    .min(1)
    .max(25),
});

/** Classic action rows only: the fake rejects Components V2 loudly rather than pretend. */
const actionRow: z.ZodType<APIActionRowComponent<APIComponentInMessageActionRow>> = z.object({
  type: z.literal(ComponentType.ActionRow),
  id: z.number().int().optional(),
  components: z
    .array(z.union([button, stringSelect]))
    .min(1)
    .max(5),
});

const allowedMentions: z.ZodType<APIAllowedMentions> = z
  .object({
    parse: z.array(z.enum(AllowedMentionsTypes)).optional(),
    users: z.array(snowflake).max(100).optional(),
    roles: z.array(snowflake).max(100).optional(),
    replied_user: z.boolean().optional(),
  })
  .superRefine((value, ctx) => {
    const exclusive = [
      [AllowedMentionsTypes.User, value.users],
      [AllowedMentionsTypes.Role, value.roles],
    ] as const;
    for (const [kind, ids] of exclusive) {
      if (value.parse?.includes(kind) && ids !== undefined) {
        ctx.addIssue({
          code: "custom",
          params: { code: "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE" },
          message: `parse:["${kind}"] and ${kind}: [ids...] are mutually exclusive.`,
        });
      }
    }
  });

/** References to uploaded files (`id` = index of `files[n]`) or to attachments to keep. */
const attachmentRef = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  filename: z.string().optional(),
  description: z.string().max(1024).nullish(),
});

/** Fields of a message create or edit body; absent means "unchanged" on an edit. */
export const messageBodySchema = z
  .object({
    content: z.string().max(MAX_CONTENT).nullish(),
    embeds: z.array(embed).max(10).nullish(),
    components: z.array(actionRow).max(5).nullish(),
    allowed_mentions: allowedMentions.nullish(),
    message_reference: z
      .object({ message_id: z.string(), fail_if_not_exists: z.boolean().optional() })
      .nullish(),
    flags: z.number().int().min(0).nullish(),
    attachments: z.array(attachmentRef).max(10).nullish(),
  })
  .superRefine((body, ctx) => {
    const total = (body.embeds ?? []).reduce((sum, item) => sum + embedLength(item), 0);
    if (total > MAX_EMBED_TOTAL) {
      ctx.addIssue({
        code: "custom",
        path: ["embeds"],
        params: { code: "MAX_EMBED_SIZE_EXCEEDED" },
        message: `Embed size exceeds maximum size of ${MAX_EMBED_TOTAL}`,
      });
    }
  });

export type MessageBody = z.output<typeof messageBodySchema>;

function embedLength(item: APIEmbed): number {
  const fields = (item.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0);
  return (
    (item.title?.length ?? 0) +
    (item.description?.length ?? 0) +
    (item.footer?.text.length ?? 0) +
    (item.author?.name.length ?? 0) +
    fields
  );
}
