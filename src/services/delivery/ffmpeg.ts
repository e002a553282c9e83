import { spawn } from "node:child_process";
import type { Logger } from "pino";

/**
 * How one ffmpeg run ended. `missing` means no runnable ffmpeg at that path (the bot then works
 * without it); `timed_out` means it was killed, and had exited, before this resolved.
 */
export type FfmpegRun =
  | { readonly kind: "exited"; readonly code: number; readonly output: string }
  | { readonly kind: "missing" }
  | { readonly kind: "timed_out" };

// ffmpeg prints a line per problem; a broken input can print thousands. Keep the start (where
// the probe's stream list is) and drop the rest rather than hold it all.
const maxOutputChars = 64 * 1024;

/** `FFMPEG_PATH` when set, else `ffmpeg` as found on PATH. */
export const ffmpegCommand = (configured: string | undefined) => configured ?? "ffmpeg";

/** Runs ffmpeg as a child process (never on the event loop), killing it after `timeoutMs`. */
export function runFfmpeg(
  command: string,
  args: readonly string[],
  timeoutMs: number,
): Promise<FfmpegRun> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let timedOut = false;
    let settled = false;
    const finish = (run: FfmpegRun) => {
      clearTimeout(timer);
      if (!settled) resolve(run);
      settled = true;
    };
    const collect = (chunk: Buffer) => {
      if (output.length < maxOutputChars) output += chunk.toString("utf8");
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("error", (error: NodeJS.ErrnoException) => {
      // ENOENT / EACCES: nothing runnable there, so no process to wait for.
      if (error.code === "ENOENT" || error.code === "EACCES") finish({ kind: "missing" });
    });
    // "close" comes once the process has exited and its pipes are drained.
    child.on("close", (code) => {
      finish(timedOut ? { kind: "timed_out" } : { kind: "exited", code: code ?? -1, output });
    });
  });
}

/**
 * The ffmpeg version at `command` (e.g. "5.1.9-0+deb12u1"), or null when there is none that
 * runs. Meant to be called once at start-up, so the log says whether videos can be compressed.
 */
export async function detectFfmpeg(command: string, timeoutMs = 10_000): Promise<string | null> {
  const run = await runFfmpeg(command, ["-hide_banner", "-version"], timeoutMs);
  if (run.kind !== "exited" || run.code !== 0) return null;
  return /^ffmpeg version (\S+)/m.exec(run.output)?.[1] ?? null;
}

/** Says once, at start-up, whether large videos can be compressed to fit. */
export async function logFfmpegAvailability(command: string, logger: Logger): Promise<void> {
  const version = await detectFfmpeg(command);
  if (version) {
    logger.info({ ffmpeg: command, version }, "ffmpeg found: large videos are compressed to fit");
  } else {
    logger.warn(
      { ffmpeg: command },
      "ffmpeg not found: videos over the upload limit are sent as links",
    );
  }
}
