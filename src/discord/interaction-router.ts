import { randomUUID } from "node:crypto";
import {
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  DiscordAPIError,
  type Interaction,
  type MessageContextMenuCommandInteraction,
  MessageFlags,
  type ModalSubmitInteraction,
  RESTJSONErrorCodes,
} from "discord.js";
import type {
  ButtonHandler,
  Command,
  CommandDeps,
  MessageCommand,
  ModalHandler,
  SlashCommand,
} from "../commands/types.js";
import { UserError } from "../domain/user-error.js";
import { type MessageKey, type Translator, translator } from "../i18n/index.js";
import { refuse } from "../i18n/refusal.js";
import type { Metrics } from "../services/ops/metrics.js";
import { definesInvocation } from "./command-shape.js";
import { parseCustomId } from "./custom-ids.js";
import { refusalComponents, refusalText } from "./refusal-text.js";

export interface RouterOptions {
  readonly commands: readonly Command[];
  readonly buttonScopes: ReadonlyMap<string, Readonly<Record<string, ButtonHandler>>>;
  readonly modalScopes: ReadonlyMap<string, Readonly<Record<string, ModalHandler>>>;
  readonly deps: CommandDeps;
  readonly metrics: Metrics;
  /** Whether interactions are handled now; otherwise they get a refusal that changes nothing. */
  readonly readiness: () => Readiness;
}

/** Starting up or shutting down; or the database file is gone, and the bot is about to exit. */
export type Readiness = "ready" | "restarting" | "database-lost";

const NOT_READY: Record<Exclude<Readiness, "ready">, MessageKey> = {
  restarting: "refusals.restarting",
  "database-lost": "refusals.databaseLost",
};

const DISCORD_LINES = new Map<number, MessageKey>([
  [RESTJSONErrorCodes.MissingPermissions, "refusals.missingPermissions"],
  [RESTJSONErrorCodes.MissingAccess, "refusals.missingAccess"],
  [RESTJSONErrorCodes.RequestEntityTooLarge, "refusals.tooLarge"],
]);

/**
 * The one error boundary for interactions: user mistakes are shown as they are, Discord errors
 * become a friendly line, and anything else is logged with a short id the user can quote.
 */
export function createInteractionRouter(options: RouterOptions) {
  const { deps, metrics } = options;
  const slash = new Map<string, SlashCommand>();
  const onMessage = new Map<string, MessageCommand>();
  for (const command of options.commands) {
    if ("execute" in command) slash.set(command.data.name, command);
    else onMessage.set(command.data.name, command);
  }
  const outdated = () => refuse("refusals.outdatedCommand");

  async function runCommand(interaction: ChatInputCommandInteraction): Promise<void> {
    if (!interaction.inGuild()) throw refuse("refusals.guildOnly");
    const command = slash.get(interaction.commandName);
    if (!command) throw outdated();
    const { options: given } = interaction;
    if (
      !definesInvocation(command.data, given.getSubcommandGroup(false), given.getSubcommand(false))
    ) {
      throw refuse("refusals.outdatedSubcommand");
    }
    await command.execute(interaction, deps);
  }

  async function runMessageCommand(interaction: MessageContextMenuCommandInteraction) {
    if (!interaction.inGuild()) throw refuse("refusals.guildOnly");
    const command = onMessage.get(interaction.commandName);
    if (!command) throw outdated();
    await command.executeOnMessage(interaction, deps);
  }

  /** Both kinds of custom id (`<scope>:<action>:<argument>`) find their handler the same way. */
  function handlerFor<H>(
    scopes: ReadonlyMap<string, Readonly<Record<string, H>>>,
    id: string,
    what: "button" | "form",
  ): { handler: H; argument: string } {
    const parsed = parseCustomId(id);
    const handlers = parsed ? scopes.get(parsed.scope) : undefined;
    const handler =
      parsed && handlers && Object.hasOwn(handlers, parsed.action)
        ? handlers[parsed.action]
        : undefined;
    if (!parsed || !handler) {
      throw refuse(what === "button" ? "refusals.staleButton" : "refusals.staleForm");
    }
    return { handler, argument: parsed.argument };
  }

  async function runModal(interaction: ModalSubmitInteraction): Promise<void> {
    if (!interaction.inGuild()) throw refuse("refusals.guildOnly");
    const { handler, argument } = handlerFor(options.modalScopes, interaction.customId, "form");
    await handler(interaction, argument, deps);
  }

  async function runButton(interaction: ButtonInteraction): Promise<void> {
    if (!interaction.inGuild()) throw refuse("refusals.guildOnly");
    const { handler, argument } = handlerFor(options.buttonScopes, interaction.customId, "button");
    await handler(interaction, argument, deps);
  }

  function describe(error: unknown, t: Translator, context: Record<string, unknown>): string {
    if (error instanceof UserError) return refusalText(error, t, deps.adminsCanTopUp);
    if (error instanceof DiscordAPIError) {
      metrics.discordErrors.inc({ code: String(error.code) });
      const line = typeof error.code === "number" ? DISCORD_LINES.get(error.code) : undefined;
      deps.logger.warn({ err: error, ...context }, "Discord refused a request");
      if (line) return t(line);
    }
    const errorId = randomUUID().slice(0, 8);
    deps.logger.error({ err: error, errorId, ...context }, "Interaction failed");
    return t("refusals.unexpected", { errorId });
  }

  async function report(interaction: Interaction, error: unknown): Promise<void> {
    if (!interaction.isRepliable()) return;
    const context = {
      interactionId: interaction.id,
      guildId: interaction.guildId,
      userId: interaction.user.id,
    };
    // Only the member sees it, so it is in their language.
    const t = translator(interaction.locale);
    const body = {
      content: describe(error, t, context),
      components: refusalComponents(error, t),
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    } as const;
    try {
      if (interaction.replied || interaction.deferred) await interaction.followUp(body);
      else await interaction.reply(body);
    } catch (replyError) {
      deps.logger.warn({ err: replyError, ...context }, "Could not report an error to the user");
    }
  }

  return async function route(interaction: Interaction): Promise<void> {
    try {
      const readiness = options.readiness();
      if (readiness !== "ready") throw refuse(NOT_READY[readiness]);
      if (interaction.isChatInputCommand()) await runCommand(interaction);
      else if (interaction.isButton()) await runButton(interaction);
      else if (interaction.isMessageContextMenuCommand()) await runMessageCommand(interaction);
      else if (interaction.isModalSubmit()) await runModal(interaction);
    } catch (error) {
      await report(interaction, error);
    }
  };
}
