import {
  InteractionContextType,
  MessageFlags,
  SlashCommandBuilder,
  type SlashCommandSubcommandBuilder,
} from "discord.js";
import { z } from "zod";
import { requireAdmin, requireTopUpRight } from "../discord/permissions.js";
import { MAX_TOP_UP } from "../domain/credits.js";
import { UserError } from "../domain/user-error.js";
import { formatCredits } from "../lib/format.js";
import type { AdminChange } from "../services/credits/ledger.js";
import { historyButtons, historyEmbed } from "./credits-history.js";
import { type CommandDeps, defineCommand, type GuildCommandInteraction } from "./types.js";

const REASON_MAX = 200;

/** `add` and `remove` take the same options: an amount and a reason for the history. */
function withAmountAndReason(sub: SlashCommandSubcommandBuilder, amountDescription: string) {
  return sub
    .addIntegerOption((o) =>
      o
        .setName("amount")
        .setDescription(amountDescription)
        .setRequired(true)
        .setMinValue(1)
        .setMaxValue(MAX_TOP_UP),
    )
    .addStringOption((o) =>
      o.setName("reason").setDescription("Shown in the history").setMaxLength(REASON_MAX),
    );
}

const data = new SlashCommandBuilder()
  .setName("credits")
  .setDescription("This server's video credits")
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((sub) =>
    sub.setName("balance").setDescription("The server's balance and what you have spent today"),
  )
  .addSubcommand((sub) =>
    withAmountAndReason(
      sub.setName("add").setDescription("Top up the server (bot owner, or admins when allowed)"),
      "Credits to add",
    ),
  )
  .addSubcommand((sub) =>
    withAmountAndReason(
      sub.setName("remove").setDescription("Take credits back (admins)"),
      "Credits to remove",
    ),
  )
  .addSubcommand((sub) =>
    sub
      .setName("history")
      .setDescription("Every credit movement, newest first (admins)")
      .addIntegerOption((o) => o.setName("page").setDescription("Page number").setMinValue(1)),
  )
  .addSubcommand((sub) =>
    sub
      .setName("limit")
      .setDescription("Cap what each member may spend per day (admins)")
      .addIntegerOption((o) =>
        o
          .setName("amount")
          .setDescription("Credits per member per day; 0 removes the cap")
          .setRequired(true)
          .setMinValue(0)
          .setMaxValue(MAX_TOP_UP),
      ),
  )
  .toJSON();

const amountSchema = z
  .number({ error: "The amount must be a whole number." })
  .int("The amount must be a whole number.");
const reasonSchema = z.string().trim().max(REASON_MAX).optional();

function readAmount(interaction: GuildCommandInteraction, name = "amount"): number {
  const result = amountSchema.safeParse(interaction.options.get(name)?.value);
  if (!result.success) throw new UserError(result.error.issues[0]?.message ?? "Invalid amount.");
  return result.data;
}

function readReason(interaction: GuildCommandInteraction): string | null {
  const result = reasonSchema.safeParse(interaction.options.get("reason")?.value ?? undefined);
  if (!result.success) throw new UserError(`Keep the reason to ${REASON_MAX} characters.`);
  return result.data || null;
}

const ephemeral = { flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } } as const;

/** A top-up or removal as the admin asked for it, naming them for the history. */
function readChange(interaction: GuildCommandInteraction): AdminChange {
  return {
    guildId: interaction.guildId,
    amount: readAmount(interaction),
    actorId: interaction.user.id,
    reason: readReason(interaction),
  };
}

const changed = (what: string, balance: number) => ({
  content: `${what} The server now has **${formatCredits(balance)}**.`,
  ...ephemeral,
});

type Subcommand = (interaction: GuildCommandInteraction, deps: CommandDeps) => Promise<unknown>;

const subcommands = new Map<string, Subcommand>(
  Object.entries({
    async balance(interaction, { ledger }) {
      const { guildId } = interaction;
      const limit = ledger.dailyLimit(guildId);
      const spent = ledger.spentToday(guildId, interaction.user.id);
      const lines = [
        `This server has **${formatCredits(ledger.balance(guildId))}**.`,
        `You have spent ${formatCredits(spent)} today.`,
        limit === null
          ? "There is no daily limit per member."
          : `Daily limit per member: ${formatCredits(limit)}.`,
      ];
      return interaction.reply({ content: lines.join("\n"), ...ephemeral });
    },

    async add(interaction, { ledger, owners, adminsCanTopUp }) {
      requireTopUpRight(interaction, owners, adminsCanTopUp);
      const change = readChange(interaction);
      const balance = ledger.topUp(change);
      return interaction.reply(changed(`Added ${formatCredits(change.amount)}.`, balance));
    },

    async remove(interaction, { ledger, owners }) {
      requireAdmin(interaction, owners);
      const change = readChange(interaction);
      const balance = ledger.remove(change);
      return interaction.reply(changed(`Removed ${formatCredits(change.amount)}.`, balance));
    },

    async history(interaction, { ledger, owners }) {
      requireAdmin(interaction, owners);
      const requested = interaction.options.get("page")?.value;
      const history = ledger.history(
        interaction.guildId,
        typeof requested === "number" ? requested : 1,
      );
      return interaction.reply({
        embeds: [historyEmbed(history, ledger.balance(interaction.guildId))],
        components: historyButtons(history),
        ...ephemeral,
      });
    },

    async limit(interaction, { ledger, owners }) {
      requireAdmin(interaction, owners);
      const amount = readAmount(interaction);
      if (amount < 0 || amount > MAX_TOP_UP) {
        throw new UserError(`The limit must be from 0 (no limit) to ${formatCredits(MAX_TOP_UP)}.`);
      }
      ledger.setDailyLimit(interaction.guildId, amount === 0 ? null : amount);
      return interaction.reply({
        content:
          amount === 0
            ? "Removed the daily limit: members can spend any amount per day."
            : `Each member may now spend up to ${formatCredits(amount)} per day (resets at midnight UTC).`,
        ...ephemeral,
      });
    },
  } satisfies Record<string, Subcommand>),
);

export const creditsCommand = defineCommand({
  data,
  async execute(interaction, deps) {
    const name = interaction.options.getSubcommand(false) ?? "";
    const run = subcommands.get(name);
    if (!run) throw new UserError("That subcommand doesn't exist. Try `/credits balance`.");
    await run(interaction, deps);
  },
  buttons: {
    async history(interaction, argument, { ledger, owners }) {
      requireAdmin(interaction, owners);
      const history = ledger.history(interaction.guildId, Number(argument) || 1);
      await interaction.update({
        embeds: [historyEmbed(history, ledger.balance(interaction.guildId))],
        components: historyButtons(history),
        allowedMentions: { parse: [] },
      });
    },
  },
});
