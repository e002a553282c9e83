import { z } from "zod";
import { NO_VIDEO_MESSAGE } from "./failure-texts.js";

export type TaskState = "running" | "succeeded" | "failed";

export interface TaskStatus {
  taskId: string;
  state: TaskState;
  /** Seedance's own status word, kept for logs and for statuses we don't know yet. */
  rawStatus: string;
  /** What the task really cost; null until Seedance reports it. */
  consumedCredits: number | null;
  videoUrl: string | null;
  errorMessage: string | null;
  /** The prompt Seedance says the task was made from, to match a task to a job. */
  prompt: string | null;
}

// Only `status` is required: the other fields are informative, and an odd value in one of them
// must not turn a finished task into an unreadable response (which would keep it polling). A
// field left out is not an odd value: a running task's answer lacks most of them, and a `.catch`
// that fires builds zod's issues and their messages, which at hundreds of polls a second is
// garbage for nothing.
export const statusResponseSchema = z.object({
  data: z.object({
    status: z.string().trim().min(1),
    // Any number is passed on as reported: the job store decides whether to trust it (and logs).
    consumed_credits: z
      .union([
        z.number(),
        z
          .string()
          .regex(/^-?\d+(\.\d+)?$/)
          .transform(Number),
      ])
      .nullish()
      .catch(null),
    response: z.array(z.unknown()).nullish().catch(null),
    error_message: z.string().nullish().catch(null),
    request: z.object({ prompt: z.string() }).nullish().catch(null),
  }),
});

export type StatusData = z.infer<typeof statusResponseSchema>["data"];

// Only IN_PROGRESS and SUCCESS are documented; the rest are the usual spellings of the same ideas,
// listed so that they are handled on purpose rather than as "unknown".
const runningStatuses = new Set([
  "IN_PROGRESS",
  "PENDING",
  "QUEUED",
  "PROCESSING",
  "RUNNING",
  "SUBMITTED",
  "CREATED",
  "WAITING",
]);
const successStatuses = new Set(["SUCCESS", "SUCCEEDED", "COMPLETED"]);
const failureStatuses = new Set([
  "FAILED",
  "FAILURE",
  "ERROR",
  "CANCELLED",
  "CANCELED",
  "TIMEOUT",
  "TIMED_OUT",
  "EXPIRED",
  "REJECTED",
]);

const videoUrlSchema = z.url({ protocol: /^https?$/ });

function firstVideoUrl(response: unknown[] | null): string | null {
  for (const candidate of response ?? []) {
    const parsed = videoUrlSchema.safeParse(candidate);
    if (parsed.success) return parsed.data;
  }
  return null;
}

/** Normalises a status response; `recognised` is false for a status word we have never seen. */
export function toTaskStatus(
  taskId: string,
  data: StatusData,
): { status: TaskStatus; recognised: boolean } {
  const word = data.status.toUpperCase();
  const base = {
    taskId,
    rawStatus: data.status,
    consumedCredits: data.consumed_credits ?? null,
    prompt: data.request?.prompt ?? null,
  };
  if (successStatuses.has(word)) {
    const videoUrl = firstVideoUrl(data.response ?? null);
    const status: TaskStatus =
      videoUrl === null
        ? { ...base, state: "failed", videoUrl: null, errorMessage: NO_VIDEO_MESSAGE }
        : { ...base, state: "succeeded", videoUrl, errorMessage: null };
    return { status, recognised: true };
  }
  if (failureStatuses.has(word)) {
    const status: TaskStatus = {
      ...base,
      state: "failed",
      videoUrl: null,
      errorMessage: data.error_message ?? null,
    };
    return { status, recognised: true };
  }
  const status: TaskStatus = { ...base, state: "running", videoUrl: null, errorMessage: null };
  return { status, recognised: runningStatuses.has(word) };
}
