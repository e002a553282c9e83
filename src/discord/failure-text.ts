import type { MessageKey, Translator } from "../i18n/index.js";
import type { JobFailure } from "../services/jobs/job-store.js";
import type { SeedanceErrorCode } from "../services/seedance/errors.js";
import { classifyFailure, type SeedanceFailure } from "../services/seedance/failure-texts.js";

/** Failures the bot itself decides, next to Seedance's codes. */
type BotFailureCode = "JOB_TIMEOUT" | "INTERRUPTED" | "REPLY_FAILED";

// The one place a failure becomes words for a Discord member; `Record` makes tsc insist that a
// new code gets a message.
const failureKeys: Record<SeedanceErrorCode | BotFailureCode, MessageKey> = {
  INVALID_PROMPT: "failures.INVALID_PROMPT",
  INVALID_ASPECT_RATIO: "failures.INVALID_ASPECT_RATIO",
  INVALID_RESOLUTION: "failures.INVALID_RESOLUTION",
  INVALID_DURATION: "failures.INVALID_DURATION",
  TOO_MANY_IMAGES: "failures.TOO_MANY_IMAGES",
  BAD_REQUEST: "failures.BAD_REQUEST",
  INVALID_API_KEY: "failures.INVALID_API_KEY",
  INSUFFICIENT_CREDITS: "failures.INSUFFICIENT_CREDITS",
  TASK_NOT_FOUND: "failures.TASK_NOT_FOUND",
  RATE_LIMITED: "failures.RATE_LIMITED",
  INTERNAL_ERROR: "failures.INTERNAL_ERROR",
  SERVICE_UNAVAILABLE: "failures.SERVICE_UNAVAILABLE",
  NETWORK: "failures.NETWORK",
  TIMEOUT: "failures.TIMEOUT",
  BAD_RESPONSE: "failures.BAD_RESPONSE",
  JOB_TIMEOUT: "failures.JOB_TIMEOUT",
  INTERRUPTED: "failures.INTERRUPTED",
  REPLY_FAILED: "failures.REPLY_FAILED",
};

/** The bot owner's problems (bad key, empty Seedance account): members can't fix them. */
export function isOperatorFailure(code: string | null): boolean {
  return code === "INVALID_API_KEY" || code === "INSUFFICIENT_CREDITS";
}

/**
 * A sentence for a task Seedance reported as failed, by what its `error_message` means: the
 * input or output filter, a real person, the sound… Seedance's own text (cleaned of request
 * ids) is quoted only when it matches nothing we know.
 */
export function failedTaskMessage(errorMessage: string | null, t: Translator): string {
  const failure: SeedanceFailure = classifyFailure(errorMessage);
  switch (failure.kind) {
    case "other":
      return failure.detail === null
        ? t("failures.task.none")
        : t("failures.task.other", { detail: failure.detail });
    case "input_moderated":
      return t(
        failure.input === null
          ? "failures.task.input_moderated"
          : `failures.task.input_moderated_${failure.input}`,
      );
    default:
      return t(`failures.task.${failure.kind}`);
  }
}

/** What went wrong, in words a member understands. */
export function failureText(failure: JobFailure, t: Translator): string {
  if (failure.code === "TASK_FAILED") return failedTaskMessage(failure.detail ?? null, t);
  const key = failureKeys[failure.code as keyof typeof failureKeys];
  return key ? t(key) : t("failures.unknown");
}
