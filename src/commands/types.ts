import type {
  ButtonInteraction,
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import type { Logger } from "pino";
import type { Clock } from "../services/clock.js";
import type { JobPipeline } from "../services/job-pipeline.js";
import type { JobStore } from "../services/job-store.js";
import type { Ledger } from "../services/ledger.js";
import type { Owners } from "../services/owners.js";
import type { ReservationBatcher } from "../services/reservation-batcher.js";

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
  /** Where /animate images may be hosted (Discord's CDN), as URL origins. */
  readonly attachmentOrigins: readonly string[];
}

export type GuildCommandInteraction = ChatInputCommandInteraction<"cached" | "raw">;
export type GuildButtonInteraction = ButtonInteraction<"cached" | "raw">;

export type ButtonHandler = (
  interaction: GuildButtonInteraction,
  argument: string,
  deps: CommandDeps,
) => Promise<void>;

export interface Command {
  readonly data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  /** Commands are guild-only; the router refuses anything else before calling this. */
  execute(interaction: GuildCommandInteraction, deps: CommandDeps): Promise<void>;
  /** Button handlers by action, for custom ids `<command name>:<action>:<argument>`. */
  readonly buttons?: Readonly<Record<string, ButtonHandler>>;
}

export function defineCommand(command: Command): Command {
  return command;
}
