import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSemaphore } from "../../lib/semaphore.js";
import { encodeArgs, planEncode } from "./encode-plan.js";
import { runFfmpeg } from "./ffmpeg.js";
import { checkMp4 } from "./mp4.js";
import { probeVideo, type VideoProbe } from "./probe.js";

/**
 * - `fitted`: an H.264/AAC MP4 of `bytes` ≤ the limit; `scaledTo` says when it was made smaller
 *   than the source (the message can say so).
 * - `unavailable`: no ffmpeg at the configured path: send the link.
 * - `too_large`: even the smallest step can't fit, or the result still didn't: send the link.
 * - `failed`: ffmpeg crashed, timed out or couldn't read the input: send the link.
 */
export type FitResult =
  | {
      readonly kind: "fitted";
      readonly data: Buffer;
      readonly bytes: number;
      readonly scaledTo?: `${number}p`;
    }
  | { readonly kind: "unavailable" }
  | { readonly kind: "too_large" }
  | { readonly kind: "failed"; readonly reason: string };

export interface VideoFitterOptions {
  /** `ffmpegCommand(config.ffmpegPath)`: FFMPEG_PATH, or `ffmpeg` on PATH. */
  readonly ffmpegPath: string;
  /** Encodes at once; each takes a core or two and up to a few hundred MB. */
  readonly maxConcurrent: number;
  /** For each ffmpeg run (the probe, and every encode); the child is killed after it. */
  readonly timeoutMs: number;
  /** x264 preset; default `veryfast`, quick on a small server at a modest cost in size. */
  readonly preset?: string;
  /** Where the temporary files go; default the system's temp dir. */
  readonly tmpDir?: string;
}

// A second encode with a smaller budget when the first overshoots; more rarely helps.
const maxEncodes = 2;

export type VideoFitter = ReturnType<typeof createVideoFitter>;

/** Re-encodes videos to fit an upload limit, at most `maxConcurrent` at a time. */
export function createVideoFitter(options: VideoFitterOptions) {
  const slots = createSemaphore(options.maxConcurrent);
  const preset = options.preset ?? "veryfast";

  async function encodeToFit(dir: string, probe: VideoProbe, limitBytes: number) {
    let budgetScale = 1;
    for (let attempt = 1; attempt <= maxEncodes; attempt++) {
      const plan = planEncode(probe, limitBytes, budgetScale);
      if (plan === null) return { kind: "too_large" } as const;
      const output = join(dir, `fitted-${attempt}.mp4`);
      const args = encodeArgs(join(dir, "input.mp4"), output, plan, probe, preset);
      const run = await runFfmpeg(options.ffmpegPath, args, options.timeoutMs);
      if (run.kind === "missing") return { kind: "unavailable" } as const;
      if (run.kind === "timed_out") {
        return {
          kind: "failed",
          reason: `ffmpeg timed out after ${options.timeoutMs} ms`,
        } as const;
      }
      if (run.code !== 0)
        return { kind: "failed", reason: exitReason(run.code, run.output) } as const;
      const bytes = (await stat(output)).size;
      if (bytes <= limitBytes) return verified(await readFile(output), plan.shortSide);
      // Overshot: ask for proportionally less, with a margin, and try once more.
      budgetScale *= (limitBytes / bytes) * 0.9;
    }
    return { kind: "too_large" } as const;
  }

  async function fitInTempDir(video: Buffer, limitBytes: number): Promise<FitResult> {
    const dir = await mkdtemp(join(options.tmpDir ?? tmpdir(), "seedance-fit-"));
    try {
      const input = join(dir, "input.mp4");
      await writeFile(input, video);
      const probed = await probeVideo(options.ffmpegPath, input, options.timeoutMs);
      if (probed.kind !== "probed") return probed;
      return await encodeToFit(dir, probed.probe, limitBytes);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  return {
    /** A version of `video` no larger than `limitBytes`, or why there is none. Never throws. */
    async fit(video: Buffer, limitBytes: number): Promise<FitResult> {
      return slots.run(async () => {
        try {
          return await fitInTempDir(video, limitBytes);
        } catch (error) {
          // Disk full, temp dir unwritable…: the caller falls back to the link either way.
          return { kind: "failed", reason: error instanceof Error ? error.message : String(error) };
        }
      });
    },
  };
}

function verified(data: Buffer, shortSide: number | null): FitResult {
  const check = checkMp4(data);
  if (!check.ok) return { kind: "failed", reason: `ffmpeg wrote ${check.reason}` };
  const fitted = { kind: "fitted", data, bytes: data.length } as const;
  return shortSide === null ? fitted : { ...fitted, scaledTo: `${shortSide}p` };
}

/** ffmpeg's last line says what went wrong; the rest is noise, and could be long. */
function exitReason(code: number, output: string): string {
  const last = output.trim().split("\n").at(-1)?.trim().slice(0, 200);
  return `ffmpeg exited with code ${code}${last ? `: ${last}` : ""}`;
}
