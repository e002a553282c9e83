import { DiscordAPIError, RESTJSONErrorCodes } from "discord.js";
import type { Job } from "../db/schema.js";
import { generatingMessage } from "../discord/job-messages.js";
import { translator } from "../i18n/index.js";
import type { Clock } from "../lib/clock.js";
import { ReplyNotShown } from "../services/jobs/pipeline.js";
import type { JobInteraction } from "./server-rules.js";

/** Discord's answer proves it refused the reply: a 4xx other than "already acknowledged". */
function certainlyRefused(error: unknown): boolean {
  return (
    error instanceof DiscordAPIError &&
    error.status >= 400 &&
    error.status < 500 &&
    error.code !== RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged
  );
}

/**
 * The job's public "Generating…" reply; resolves with its message id. When sending it failed
 * in a way that doesn't prove Discord refused it (a 5xx, a timeout, "already acknowledged"),
 * the reply may be showing: ask Discord for it and carry on if it is there.
 */
export async function replyGenerating(
  interaction: JobInteraction,
  job: Job,
  clock: Clock,
): Promise<string | null> {
  try {
    const response = await interaction.reply({
      embeds: generatingMessage(job, clock.now(), translator(job.publicLocale)).embeds,
      allowedMentions: { parse: [] },
      withResponse: true,
    });
    return response.resource?.message?.id ?? null;
  } catch (error) {
    if (certainlyRefused(error))
      throw new ReplyNotShown("Discord refused the reply", { cause: error });
    return confirmShown(interaction, error);
  }
}

async function confirmShown(interaction: JobInteraction, replyError: unknown): Promise<string> {
  try {
    return (await interaction.fetchReply()).id;
  } catch (fetchError) {
    if (certainlyRefused(fetchError)) {
      throw new ReplyNotShown("The reply is not showing", { cause: replyError });
    }
    throw replyError;
  }
}
