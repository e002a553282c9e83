import type { FakeDiscordState } from "./state.js";

/**
 * Resolves with the probe's first truthy result, checking now and after every change the fake
 * records (a request answered, a gateway event) — no polling. The timeout error lists the last
 * requests, which is usually what explains why the awaited thing never happened.
 */
export function waitFor<T>(
  state: FakeDiscordState,
  probe: () => T | null | undefined | false,
  timeoutMs: number,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let stop = () => {};
    const check = (): boolean => {
      let value: T | null | undefined | false;
      try {
        value = probe();
      } catch (error) {
        stop();
        reject(error);
        return true;
      }
      if (value === null || value === undefined || value === false) return false;
      stop();
      resolve(value);
      return true;
    };
    if (check()) return;
    const unsubscribe = state.onChange(check);
    const timer = setTimeout(() => {
      unsubscribe();
      const recent = state.requests
        .slice(-8)
        .map((r) => `${r.method} ${r.path} → ${r.status}${r.errorCode ? ` (${r.errorCode})` : ""}`);
      reject(
        new Error(
          `fake Discord: nothing matched within ${timeoutMs} ms. Last requests:\n  ${recent.join("\n  ") || "(none)"}`,
        ),
      );
    }, timeoutMs);
    stop = () => {
      unsubscribe();
      clearTimeout(timer);
    };
  });
}
