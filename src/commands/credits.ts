import {
  InteractionContextType,
  MessageFlags,
  SlashCommandBuilder,
  type SlashCommandSubcommandBuilder,
} from "discord.js";
import { z } from "zod";
import { requireAdmin, requireTopUpRight } from "../discord/permissions.js";
import { MAX_TOP_UP } from "../domain/credits.js";
import { credits, translator } from "../i18n/index.js";
import { creditsParam, refuse } from "../i18n/refusal.js";
import { startOfNextUtcDay } from "../lib/clock.js";
import { relativeTime } from "../lib/format.js";
import type { AdminChange } from "../services/credits/ledger.js";
import { balanceText, balanceView } from "./credits-balance.js";
import { historyView } from "./credits-history.js";
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

const amountSchema = z.number().int();
const reasonSchema = z.string().trim().max(REASON_MAX).optional();

function readAmount(interaction: GuildCommandInteraction, name = "amount"): number {
  const result = amountSchema.safeParse(interaction.options.get(name)?.value);
  if (!result.success) throw refuse("refusals.amountWhole");
  return result.data;
}

function readReason(interaction: GuildCommandInteraction): string | null {
  const result = reasonSchema.safeParse(interaction.options.get("reason")?.value ?? undefined);
  if (!result.success) throw refuse("refusals.reasonTooLong", { max: REASON_MAX });
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

const changed = (
  interaction: GuildCommandInteraction,
  key: "replies.credits.added" | "replies.credits.removed",
  amount: number,
  balance: number,
) => {
  const t = translator(interaction.locale);
  return {
    content: t(key, { amount: credits(t, amount), balance: credits(t, balance) }),
    ...ephemeral,
  };
};

type Subcommand = (interaction: GuildCommandInteraction, deps: CommandDeps) => Promise<unknown>;

const subcommands = new Map<string, Subcommand>(
  Object.entries({
    async balance(interaction, deps) {
      const content = balanceText(
        await balanceView(interaction, deps),
        translator(interaction.locale),
      );
      return interaction.reply({ content, ...ephemeral });
    },

    async add(interaction, { ledger, owners, adminsCanTopUp }) {
      requireTopUpRight(interaction, owners, adminsCanTopUp);
      const change = readChange(interaction);
      const balance = await ledger.topUp(change);
      return interaction.reply(
        changed(interaction, "replies.credits.added", change.amount, balance),
      );
    },

    async remove(interaction, { ledger, owners }) {
      requireAdmin(interaction, owners);
      const change = readChange(interaction);
      const balance = await ledger.remove(change);
      return interaction.reply(
        changed(interaction, "replies.credits.removed", change.amount, balance),
      );
    },

    async history(interaction, { ledger, owners }) {
      requireAdmin(interaction, owners);
      const requested = interaction.options.get("page")?.value;
      const history = await ledger.history(
        interaction.guildId,
        typeof requested === "number" ? requested : 1,
      );
      return interaction.reply({
        ...historyView(history, await ledger.balance(interaction.guildId), interaction.locale),
        ...ephemeral,
      });
    },

    async limit(interaction, deps) {
      const { ledger } = deps;
      requireAdmin(interaction, deps.owners);
      const amount = readAmount(interaction);
      if (amount < 0 || amount > MAX_TOP_UP) {
        throw refuse("refusals.limitRange", { max: creditsParam(MAX_TOP_UP) });
      }
      await ledger.setDailyLimit(interaction.guildId, amount === 0 ? null : amount);
      const t = translator(interaction.locale);
      const resetsAt = relativeTime(startOfNextUtcDay(deps.clock.now()));
      return interaction.reply({
        content:
          amount === 0
            ? t("replies.credits.limitRemoved")
            : t("replies.credits.limitSet", { amount: credits(t, amount), resetsAt }),
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
    if (!run) throw refuse("refusals.unknownSubcommand");
    await run(interaction, deps);
  },
  buttons: {
    async history(interaction, argument, { ledger, owners }) {
      requireAdmin(interaction, owners);
      const history = await ledger.history(interaction.guildId, Number(argument) || 1);
      await interaction.update({
        ...historyView(history, await ledger.balance(interaction.guildId), interaction.locale),
        allowedMentions: { parse: [] },
      });
    },
  },
});
