import type {
  ButtonInteraction,
  ChatInputCommandInteraction,
  MessageContextMenuCommandInteraction,
  ModalSubmitInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from "discord.js";
import type { Logger } from "pino";
import type { JobSettings } from "../domain/video-settings.js";
import type { Clock } from "../lib/clock.js";
import type { PendingJobs } from "../lib/pending-jobs.js";
import type { JobPipeline } from "../services/jobs/pipeline.js";
import type { Owners } from "../services/ops/owners.js";
import type { JobStorePort, LedgerPort, SettingsPort } from "../services/storage/storage.js";

/** An image found by Animate with Seedance, waiting for the member's prompt. */
export interface FoundImage {
  readonly url: string;
  readonly width: number | null;
  readonly height: number | null;
}

/** A job waiting for its member's "Generate", and the question's token to edit it away. */
export interface ConfirmableJob {
  readonly settings: JobSettings;
  readonly applicationId: string;
  readonly questionToken: string;
}

/** What a command handler may use; built once in app.ts and passed to every handler. */
export interface CommandDeps {
  readonly ledger: LedgerPort;
  /** Reads jobs (for `/jobs` and buttons); every change to one goes through the pipeline. */
  readonly jobs: Pick<JobStorePort, "get" | "activeFor" | "recentlyFinishedFor">;
  readonly pipeline: Pick<JobPipeline, "start">;
  readonly owners: Owners;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly adminsCanTopUp: boolean;
  readonly settings: SettingsPort;
  /** Jobs waiting for their member's "Generate" (`/settings confirm_above`). */
  readonly pendingJobs: PendingJobs<ConfirmableJob>;
  /** Images found by Animate with Seedance, waiting for the member's prompt. */
  readonly pendingImages: PendingJobs<FoundImage>;
  /** Where /animate images may be hosted (Discord's CDN), as URL origins. */
  readonly attachmentOrigins: readonly string[];
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
