import type {
  ButtonInteraction,
  ChatInputCommandInteraction,
  MessageContextMenuCommandInteraction,
  ModalSubmitInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from "discord.js";
import type { Logger } from "pino";
import type { Clock } from "../services/clock.js";
import type { JobPipeline } from "../services/job-pipeline.js";
import type { JobStore } from "../services/job-store.js";
import type { Ledger } from "../services/ledger.js";
import type { Owners } from "../services/owners.js";
import type { PendingJobs } from "../services/pending-jobs.js";
import type { ReservationBatcher } from "../services/reservation-batcher.js";
import type { SettingsStore } from "../services/settings/settings-store.js";
import type { FoundImage } from "./animate-message/image.js";
import type { ConfirmableJob } from "./confirm-job.js";

/** What a command handler may use; built once in app.ts and passed to every handler. */
export interface CommandDeps {
  readonly ledger: Ledger;
  /** Reserves credits for a job; reservations in the same event-loop turn share one commit. */
  readonly reservations: ReservationBatcher;
  readonly store: JobStore;
  readonly pipeline: JobPipeline;
  readonly owners: Owners;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly adminsCanTopUp: boolean;
  readonly settings: SettingsStore;
  /** Jobs waiting for their member's "Generate" (`/settings confirm_above`). */
  readonly pendingJobs: PendingJobs<ConfirmableJob>;
  /** Images found by Animate with Seedance, waiting for the member's prompt. */
  readonly pendingImages: PendingJobs<FoundImage>;
}

export type GuildCommandInteraction = ChatInputCommandInteraction<"cached" | "raw">;
export type GuildButtonInteraction = ButtonInteraction<"cached" | "raw">;
export type GuildMessageMenuInteraction = MessageContextMenuCommandInteraction<"cached" | "raw">;
export type GuildModalInteraction = ModalSubmitInteraction<"cached" | "raw">;

export type ButtonHandler = (
  interaction: GuildButtonInteraction,
  argument: string,
  deps: CommandDeps,
) => Promise<void>;

export type ModalHandler = (
  interaction: GuildModalInteraction,
  argument: string,
  deps: CommandDeps,
) => Promise<void>;

interface CommandParts {
  /** Button handlers by action, for custom ids `<command name>:<action>:<argument>`. */
  readonly buttons?: Readonly<Record<string, ButtonHandler>>;
}

export interface SlashCommand extends CommandParts {
  readonly data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  /** Commands are guild-only; the router refuses anything else before calling this. */
  execute(interaction: GuildCommandInteraction, deps: CommandDeps): Promise<void>;
}

/** A message context-menu command (Apps → name), guild-only like the slash commands. */
export interface MessageCommand extends CommandParts {
  readonly data: RESTPostAPIContextMenuApplicationCommandsJSONBody;
  executeOnMessage(interaction: GuildMessageMenuInteraction, deps: CommandDeps): Promise<void>;
}

export type Command = SlashCommand | MessageCommand;

export function defineCommand<T extends Command>(command: T): T {
  return command;
}
