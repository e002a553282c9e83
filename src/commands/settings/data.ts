import { ChannelType, InteractionContextType, SlashCommandBuilder } from "discord.js";
import { GUILD_LANGUAGES } from "../../db/schema.js";
import { MAX_TOP_UP } from "../../domain/credits.js";
import { DURATIONS, RESOLUTIONS } from "../../domain/video-settings.js";
import { translator } from "../../i18n/index.js";
import { aspectChoices } from "../video-options.js";

/** Channels a member can run a command in; threads follow their parent. */
const GENERATION_CHANNELS = [
  ChannelType.GuildText,
  ChannelType.GuildAnnouncement,
  ChannelType.GuildVoice,
  ChannelType.GuildForum,
] as const;

/** Command definitions are written in English; ko/commands.json localizes them. */
const english = translator("en");

const choices = <T extends string | number>(values: readonly T[], label = (v: T) => String(v)) =>
  values.map((value) => ({ name: label(value), value }));

export const settingsData = new SlashCommandBuilder()
  .setName("settings")
  .setDescription("How this server uses the bot (admins)")
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((sub) => sub.setName("show").setDescription("This server's current settings"))
  .addSubcommand((sub) =>
    sub
      .setName("defaults")
      .setDescription("What /video and /animate use when a member leaves an option out")
      .addStringOption((o) =>
        o
          .setName("resolution")
          .setDescription("Default picture quality")
          .addChoices(choices(RESOLUTIONS)),
      )
      .addIntegerOption((o) =>
        o
          .setName("duration")
          .setDescription("Default length in seconds")
          .addChoices(choices(DURATIONS, (d) => `${d} s`)),
      )
      .addStringOption((o) =>
        o
          .setName("aspect_ratio")
          .setDescription("Default frame shape (/animate otherwise follows the image)")
          .addChoices(aspectChoices()),
      )
      .addBooleanOption((o) => o.setName("audio").setDescription("AI soundtrack by default"))
      .addBooleanOption((o) => o.setName("fixed_lens").setDescription("Lock the camera by default"))
      .addBooleanOption((o) =>
        o.setName("reset").setDescription("Go back to 720p, 8 s, 16:9, audio and fixed lens off"),
      ),
  )
  .addSubcommand((sub) =>
    sub
      .setName("channels")
      .setDescription("Where members may generate videos (none set: everywhere)")
      .addChannelOption((o) =>
        o
          .setName("add")
          .setDescription("Allow this channel")
          .addChannelTypes(...GENERATION_CHANNELS),
      )
      .addChannelOption((o) =>
        o
          .setName("remove")
          .setDescription("Stop allowing this channel")
          .addChannelTypes(...GENERATION_CHANNELS),
      )
      .addBooleanOption((o) => o.setName("clear").setDescription("Allow every channel again")),
  )
  .addSubcommand((sub) =>
    sub
      .setName("role")
      .setDescription("A role members need to generate videos (none set: everyone)")
      .addRoleOption((o) => o.setName("role").setDescription("The role required"))
      .addBooleanOption((o) => o.setName("clear").setDescription("Let everyone generate again")),
  )
  .addSubcommand((sub) =>
    sub
      .setName("confirm_above")
      .setDescription("Ask members to confirm jobs costing more than this")
      .addIntegerOption((o) =>
        o
          .setName("amount")
          .setDescription("Credits; 0 turns confirmation off")
          .setRequired(true)
          .setMinValue(0)
          .setMaxValue(MAX_TOP_UP),
      ),
  )
  .addSubcommand((sub) =>
    sub
      .setName("max_cost")
      .setDescription("Refuse jobs costing more than this")
      .addIntegerOption((o) =>
        o
          .setName("amount")
          .setDescription("Credits; 0 removes the maximum")
          .setRequired(true)
          .setMinValue(0)
          .setMaxValue(MAX_TOP_UP),
      ),
  )
  .addSubcommand((sub) =>
    sub
      .setName("language")
      .setDescription("The language of the bot's public messages in this server")
      .addStringOption((o) =>
        o
          .setName("language")
          .setDescription("auto follows the server's Discord language")
          .setRequired(true)
          .addChoices(choices(GUILD_LANGUAGES, (l) => english(`settings.languages.${l}`))),
      ),
  )
  .toJSON();
