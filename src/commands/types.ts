import type {
  ButtonInteraction,
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import type { Logger } from "pino";
import type { Clock } from "../lib/clock.js";
import type { Ledger } from "../services/credits/ledger.js";
import type { JobQueries } from "../services/jobs/job-queries.js";
import type { JobPipeline } from "../services/jobs/pipeline.js";
import type { Owners } from "../services/ops/owners.js";

/** What a command handler may use; built once in app.ts and passed to every handler. */
export interface CommandDeps {
  readonly ledger: Ledger;
  /** Reads jobs (for `/jobs` and buttons); every change to one goes through the pipeline. */
  readonly jobs: JobQueries;
  readonly pipeline: Pick<JobPipeline, "start">;
  readonly owners: Owners;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly adminsCanTopUp: boolean;
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
