import { runFfmpeg } from "./ffmpeg.js";

/** What an encode plan needs to know about the input. */
export interface VideoProbe {
  readonly durationSeconds: number;
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  readonly hasAudio: boolean;
}

export type ProbeResult =
  | { readonly kind: "probed"; readonly probe: VideoProbe }
  | { readonly kind: "unavailable" }
  | { readonly kind: "failed"; readonly reason: string };

// Seedance renders at 24 fps; a stream that doesn't say is planned as if it did.
const defaultFps = 24;

/**
 * Reads `ffmpeg -i`'s report of an input. ffmpeg exits non-zero here ("At least one output file
 * must be specified"), so the report is judged by what it says, not the exit code. Only the
 * `Input #0` section counts, so an output section can't be mistaken for the input.
 */
export function parseProbe(report: string): VideoProbe | null {
  const input = report.split(/^Output #/m)[0] ?? "";
  const duration = /^\s*Duration:\s*(\d+):(\d{2}):(\d{2}(?:\.\d+)?)/m.exec(input);
  const video = /^\s*Stream #\d+:\d+\S*: Video: (.*)$/m.exec(input)?.[1];
  if (!duration || video === undefined) return null;
  const [hours, minutes, seconds] = duration.slice(1, 4).map(Number) as [number, number, number];
  const durationSeconds = hours * 3600 + minutes * 60 + seconds;
  // "…, 1280x720 [SAR 1:1 DAR 16:9], …": a size follows a comma; codec tags like 0x31637661 don't.
  const size = /,\s(\d{2,5})x(\d{2,5})(?=[\s,]|$)/.exec(video);
  if (!size || !(durationSeconds > 0)) return null;
  const fps = Number(/,\s(\d+(?:\.\d+)?) fps/.exec(video)?.[1] ?? defaultFps);
  return {
    durationSeconds,
    width: Number(size[1]),
    height: Number(size[2]),
    fps: fps > 0 ? fps : defaultFps,
    hasAudio: /^\s*Stream #\d+:\d+\S*: Audio: /m.test(input),
  };
}

/** Probes a file with the same ffmpeg binary that will encode it (no ffprobe needed). */
export async function probeVideo(
  command: string,
  path: string,
  timeoutMs: number,
): Promise<ProbeResult> {
  const run = await runFfmpeg(command, ["-hide_banner", "-nostdin", "-i", path], timeoutMs);
  if (run.kind === "missing") return { kind: "unavailable" };
  if (run.kind === "timed_out") return { kind: "failed", reason: "ffmpeg probe timed out" };
  const probe = parseProbe(run.output);
  return probe ? { kind: "probed", probe } : { kind: "failed", reason: "ffmpeg can't read it" };
}
