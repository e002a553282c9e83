import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runFfmpeg } from "../../src/services/delivery/ffmpeg.js";

/** The ffmpeg the tests use: `.ci/run` installs it from Debian when the machine lacks it. */
export const testFfmpeg = "ffmpeg";

export interface ClipSpec {
  seconds: number;
  size: `${number}x${number}`;
  audio: boolean;
}

/** A test pattern (+ a 440 Hz tone) at a quality high enough to make a large file. */
export async function makeClip(path: string, spec: ClipSpec): Promise<void> {
  const sources = [
    ...["-f", "lavfi", "-i", `testsrc=size=${spec.size}:rate=24`],
    ...(spec.audio ? ["-f", "lavfi", "-i", "sine=frequency=440"] : []),
  ];
  const encode = ["-c:v", "libx264", "-preset", "ultrafast", "-crf", "8", "-pix_fmt", "yuv420p"];
  const args = ["-hide_banner", "-loglevel", "error", "-y", ...sources, "-t", `${spec.seconds}`];
  const run = await runFfmpeg(testFfmpeg, [...args, ...encode, "-c:a", "aac", path], 60_000);
  if (run.kind !== "exited" || run.code !== 0) {
    throw new Error(`Could not make a test clip (is ffmpeg installed?): ${JSON.stringify(run)}`);
  }
}

/** Whether ffmpeg decodes every frame of the file without a single error. */
export async function decodesCleanly(path: string): Promise<boolean> {
  const args = ["-hide_banner", "-nostdin", "-v", "error", "-i", path, "-f", "null", "-"];
  const run = await runFfmpeg(testFfmpeg, args, 60_000);
  return run.kind === "exited" && run.code === 0 && run.output.trim() === "";
}

/** Processes whose command line mentions `fragment` (Linux /proc), e.g. a test's temp dir. */
export function processesMentioning(fragment: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const commandLine = readFileSync(join("/proc", entry, "cmdline"), "utf8");
      if (commandLine.includes(fragment)) pids.push(Number(entry));
    } catch {
      // The process ended between listing and reading: it mentions nothing any more.
    }
  }
  return pids;
}
