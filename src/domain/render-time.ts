/**
 * How long Seedance usually takes, by resolution and clip length, for the progress bar. These
 * are estimates from observed runs, not a promise: the bar stops short of full until Seedance
 * reports the video ready.
 */
const TYPICAL_SECONDS: Readonly<Record<string, Readonly<Record<number, number>>>> = {
  "480p": { 4: 45, 8: 70, 12: 95 },
  "720p": { 4: 60, 8: 100, 12: 140 },
};

const FALLBACK_SECONDS = 120;

export function typicalRenderMs(resolution: string, duration: number): number {
  return (TYPICAL_SECONDS[resolution]?.[duration] ?? FALLBACK_SECONDS) * 1000;
}
