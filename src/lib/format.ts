/** Text helpers shared by every renderer, so a number or a time reads the same everywhere. */

/** Discord renders `<t:…:R>` in each reader's own locale and zone ("in 5 hours"). */
export function relativeTime(time: number): string {
  return `<t:${Math.floor(time / 1000)}:R>`;
}

export function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}
