import type { UserError } from "../domain/user-error.js";
import { refuse } from "../i18n/refusal.js";
import type { TooManyActiveJobsError } from "../services/credits/refusals.js";
import { messageLink } from "./jobs.js";
import type { CommandDeps } from "./types.js";

/** The member's cap refusal, linking the jobs that hold their slots (or `/jobs`). */
export async function runningJobsRefusal(
  error: TooManyActiveJobsError,
  member: { guildId: string; user: { id: string } },
  deps: CommandDeps,
): Promise<UserError> {
  const links = (await deps.jobs.activeFor(member.guildId, member.user.id))
    .map(messageLink)
    .filter((link): link is string => link !== null);
  const running = links.length > 0 ? links.join(" ") : "`/jobs`";
  return refuse("refusals.tooManyMemberRunning", { count: error.limit, running });
}
