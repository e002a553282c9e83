import type { VideoProbe } from "./probe.js";

/** One ffmpeg encode: bitrates in kbit/s, and the short side to scale to (null: keep size). */
export interface EncodePlan {
  readonly videoKbps: number;
  readonly audioKbps: number | null;
  readonly shortSide: number | null;
}

// The MP4 container, the moov index and x264's rate control overshooting a little: aim this
// much under the limit so the first encode usually fits.
const headroom = 0.92;
// Resolution steps tried in order, below the source's own (720p → 480p → 360p).
const steps = [720, 480, 360] as const;
// Bits per pixel per frame below which a step looks worse than the next smaller one would.
const keepBitsPerPixel = 0.03;
// Below this even the smallest step is mush: better to send the link.
const floorBitsPerPixel = 0.008;

const shortSideOf = (probe: VideoProbe) => Math.min(probe.width, probe.height);

/** Pixels per second at a short side, keeping the aspect ratio. */
function pixelRate(probe: VideoProbe, shortSide: number): number {
  const scale = shortSide / shortSideOf(probe);
  return probe.width * scale * probe.height * scale * probe.fps;
}

/** The source's size first, then each step below it. */
function candidates(probe: VideoProbe): number[] {
  const source = shortSideOf(probe);
  return [source, ...steps.filter((step) => step < source)];
}

/**
 * Bitrates and size for a video of `probe` to come out under `limitBytes`, or null when it can't
 * without turning to mush. `budgetScale` < 1 asks for a smaller file after one came out too big.
 */
export function planEncode(
  probe: VideoProbe,
  limitBytes: number,
  budgetScale = 1,
): EncodePlan | null {
  const totalKbps = ((limitBytes * 8) / probe.durationSeconds / 1000) * headroom * budgetScale;
  // A tenth of the budget for sound, within what AAC needs to sound like speech and music.
  const audioKbps = probe.hasAudio ? Math.round(Math.min(96, Math.max(32, totalKbps * 0.1))) : null;
  const videoKbps = Math.floor(totalKbps - (audioKbps ?? 0));
  const sides = candidates(probe);
  const fitting = sides.find(
    (side) => videoKbps * 1000 >= pixelRate(probe, side) * keepBitsPerPixel,
  );
  const smallest = sides[sides.length - 1] ?? shortSideOf(probe);
  const side = fitting ?? smallest;
  if (videoKbps * 1000 < pixelRate(probe, side) * floorBitsPerPixel) return null;
  return { videoKbps, audioKbps, shortSide: side === shortSideOf(probe) ? null : side };
}

/** ffmpeg arguments for one plan: H.264 + AAC in an MP4 that can play while it downloads. */
export function encodeArgs(
  input: string,
  output: string,
  plan: EncodePlan,
  probe: VideoProbe,
  preset: string,
): string[] {
  const v = plan.videoKbps;
  // -2 keeps the aspect ratio with an even size, which yuv420p needs.
  const scale =
    probe.width >= probe.height ? `scale=-2:${plan.shortSide}` : `scale=${plan.shortSide}:-2`;
  return [
    ...["-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-i", input],
    ...["-map", "0:v:0", "-c:v", "libx264", "-preset", preset, "-pix_fmt", "yuv420p"],
    ...["-b:v", `${v}k`, "-maxrate", `${Math.round(v * 1.5)}k`, "-bufsize", `${v * 2}k`],
    ...(plan.shortSide === null ? [] : ["-vf", scale]),
    ...(plan.audioKbps === null
      ? ["-an"]
      : ["-map", "0:a:0", "-c:a", "aac", "-b:a", `${plan.audioKbps}k`]),
    ...["-movflags", "+faststart", "-f", "mp4", output],
  ];
}
