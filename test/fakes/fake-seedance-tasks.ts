// The fake's model of Seedance's tasks. A task's state is derived from the clock when asked, so a
// thousand running tasks cost a thousand small objects and no timers.

type Resolution = "480p" | "720p";
type Duration = "4" | "8" | "12";

// From seedance-api.md, kept apart from the bot's own pricing so a mistake there is caught here.
const priceTable: Record<Resolution, Record<Duration, [silent: number, withAudio: number]>> = {
  "480p": { "4": [8, 14], "8": [14, 28], "12": [19, 38] },
  "720p": { "4": [14, 28], "8": [28, 56], "12": [42, 84] },
};

export function fakePrice(resolution: Resolution, duration: Duration, audio: boolean): number {
  const [silent, withAudio] = priceTable[resolution][duration];
  return audio ? withAudio : silent;
}

/** A generate body after validation, with the API's documented defaults filled in. */
export interface WireRequest {
  prompt: string;
  aspect_ratio: string;
  resolution: Resolution;
  duration: Duration;
  generate_audio: boolean;
  fixed_lens: boolean;
  image_urls: string[];
  callback_url: string | null;
}

export type Validation =
  | { ok: true; request: WireRequest }
  | { ok: false; code: string; message: string };

const aspectRatios = new Set<unknown>(["1:1", "16:9", "9:16", "4:3", "3:4", "21:9", "9:21"]);
const resolutions = new Set<unknown>(["480p", "720p"]);
const durations = new Set<unknown>(["4", "8", "12"]); // strings only, as the API documents

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isOptional = (value: unknown, test: (value: unknown) => boolean) =>
  value === undefined || test(value);
const isBoolean = (value: unknown) => typeof value === "boolean";
const isStringArray = (value: unknown) =>
  Array.isArray(value) && value.every((item) => typeof item === "string");

function refusal(body: Record<string, unknown>): { code: string; message: string } | null {
  const { prompt } = body;
  if (typeof prompt !== "string" || prompt.trim() === "" || prompt.length > 2000) {
    return { code: "INVALID_PROMPT", message: "prompt is required, at most 2000 characters" };
  }
  if (!isOptional(body.aspect_ratio, (v) => aspectRatios.has(v))) {
    return { code: "INVALID_ASPECT_RATIO", message: "aspect ratio not supported" };
  }
  if (!isOptional(body.resolution, (v) => resolutions.has(v))) {
    return { code: "INVALID_RESOLUTION", message: "resolution must be 480p or 720p" };
  }
  if (!isOptional(body.duration, (v) => durations.has(v))) {
    return { code: "INVALID_DURATION", message: "duration must be 4, 8 or 12" };
  }
  if (!isOptional(body.image_urls, isStringArray)) {
    return { code: "INVALID_PARAMETERS", message: "image_urls must be an array of strings" };
  }
  if (Array.isArray(body.image_urls) && body.image_urls.length > 1) {
    return { code: "TOO_MANY_IMAGES", message: "at most one image url" };
  }
  const flagsValid =
    isOptional(body.generate_audio, isBoolean) && isOptional(body.fixed_lens, isBoolean);
  if (!flagsValid || !isOptional(body.callback_url, (v) => typeof v === "string")) {
    return { code: "INVALID_PARAMETERS", message: "invalid parameter type" };
  }
  return null;
}

export function validateGenerateBody(body: unknown): Validation {
  if (!isRecord(body))
    return { ok: false, code: "INVALID_PARAMETERS", message: "body must be JSON" };
  const refused = refusal(body);
  if (refused !== null) return { ok: false, ...refused };
  // The casts are safe: `refusal` checked each field's type above.
  return {
    ok: true,
    request: {
      prompt: body.prompt as string,
      aspect_ratio: (body.aspect_ratio as string | undefined) ?? "1:1",
      resolution: (body.resolution as Resolution | undefined) ?? "720p",
      duration: (body.duration as Duration | undefined) ?? "8",
      generate_audio: (body.generate_audio as boolean | undefined) ?? false,
      fixed_lens: (body.fixed_lens as boolean | undefined) ?? false,
      image_urls: (body.image_urls as string[] | undefined) ?? [],
      callback_url: (body.callback_url as string | undefined) ?? null,
    },
  };
}

/** How the next task behaves; anything left out takes the fake's defaults. */
export interface TaskScript {
  outcome?: "success" | "failed";
  durationMs?: number;
  /**
   * generate answers this long after creating the task, as a slow front end would: a task that
   * finishes sooner calls back before the bot has Seedance's answer.
   */
  answerDelayMs?: number;
  errorMessage?: string | null;
  /** Reported on success; defaults to the price. */
  consumedCredits?: number;
  /** SUCCESS with an empty `response` array. */
  emptyResponse?: boolean;
  /** Status word once finished; defaults to SUCCESS or FAILED by outcome (try CANCELLED, TIMEOUT…). */
  finalStatus?: string;
  /** Status word while running; defaults to IN_PROGRESS (try QUEUED, or something unknown). */
  runningStatus?: string;
  /**
   * Served as the video instead of the generated MP4: real MP4 bytes from the test, or a string
   * such as an HTML error page. Its content type defaults to video/mp4 for bytes, else text/html.
   */
  videoBody?: Buffer | string;
  videoContentType?: string;
  /** The video URL answers with this many 302s (each to the next hop) before the video. */
  videoRedirects?: number;
}

export interface FakeTask {
  id: string;
  request: WireRequest;
  price: number;
  createdAt: number;
  finishAt: number;
  outcome: "success" | "failed";
  runningStatus: string;
  finalStatus: string;
  consumedCredits: number;
  errorMessage: string | null;
  emptyResponse: boolean;
  /** Forgotten tasks answer 404 TASK_NOT_FOUND, as a task Seedance lost would. */
  forgotten: boolean;
  /** A scripted video body (see TaskScript), or null for the generated MP4. */
  video: { body: Buffer; contentType: string } | null;
  videoRedirects: number;
}

export function createTask(
  id: string,
  request: WireRequest,
  script: TaskScript,
  defaultDurationMs: number,
  now: number,
): FakeTask {
  const price = fakePrice(request.resolution, request.duration, request.generate_audio);
  const outcome = script.outcome ?? "success";
  return {
    id,
    request,
    price,
    createdAt: now,
    finishAt: now + (script.durationMs ?? defaultDurationMs),
    outcome,
    runningStatus: script.runningStatus ?? "IN_PROGRESS",
    finalStatus: script.finalStatus ?? (outcome === "success" ? "SUCCESS" : "FAILED"),
    consumedCredits: script.consumedCredits ?? price,
    errorMessage: script.errorMessage ?? (outcome === "failed" ? "Video generation failed" : null),
    emptyResponse: script.emptyResponse ?? false,
    forgotten: false,
    video: scriptedVideo(script),
    videoRedirects: script.videoRedirects ?? 0,
  };
}

function scriptedVideo(script: TaskScript): FakeTask["video"] {
  const body = script.videoBody;
  if (body === undefined) return null;
  const contentType =
    script.videoContentType ?? (Buffer.isBuffer(body) ? "video/mp4" : "text/html");
  return { body: Buffer.isBuffer(body) ? body : Buffer.from(body, "utf8"), contentType };
}

export const isFinished = (task: FakeTask, now: number) => now >= task.finishAt;

export const hasVideo = (task: FakeTask, now: number) =>
  isFinished(task, now) && task.outcome === "success" && !task.emptyResponse;

/** What the task costs the account right now: the price while running, nothing if it failed. */
export function chargedCredits(task: FakeTask, now: number): number {
  if (!isFinished(task, now)) return task.price;
  return task.outcome === "success" ? task.consumedCredits : 0;
}

export function statusWord(task: FakeTask, now: number): string {
  return isFinished(task, now) ? task.finalStatus : task.runningStatus;
}

export function statusData(task: FakeTask, videoUrl: string, now: number) {
  const finished = isFinished(task, now);
  const { prompt, aspect_ratio, resolution, duration } = task.request;
  return {
    task_id: task.id,
    status: statusWord(task, now),
    consumed_credits: finished ? chargedCredits(task, now) : null,
    created_at: new Date(task.createdAt).toISOString(),
    request: { prompt, aspect_ratio, resolution, duration },
    response: hasVideo(task, now) ? [videoUrl] : [],
    error_message: finished && task.outcome === "failed" ? task.errorMessage : null,
  };
}
