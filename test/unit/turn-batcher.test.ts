import { describe, expect, it } from "vitest";
import { createTurnBatcher, type Settled } from "../../src/lib/turn-batcher.js";

describe("turn batcher", () => {
  it("hands one turn's items to one run, settling each in order", async () => {
    const batches: number[][] = [];
    const double = createTurnBatcher(async (items: readonly number[]) => {
      batches.push([...items]);
      return items.map(
        (n): Settled<number> => (n < 0 ? { ok: false, error: n } : { ok: true, value: 2 * n }),
      );
    });
    const first = await Promise.allSettled([double(1), double(-1), double(3)]);
    const second = await double(5);
    expect(first).toEqual([
      { status: "fulfilled", value: 2 },
      { status: "rejected", reason: -1 },
      { status: "fulfilled", value: 6 },
    ]);
    expect(second).toBe(10);
    expect(batches).toEqual([[1, -1, 3], [5]]);
  });

  it("rejects the whole batch when run throws, and each item run forgot to settle", async () => {
    const failing = createTurnBatcher((): Settled<number>[] => {
      throw new Error("disk full");
    });
    const results = await Promise.allSettled([failing(1), failing(2)]);
    expect(results.map((r) => r.status === "rejected" && (r.reason as Error).message)).toEqual([
      "disk full",
      "disk full",
    ]);
    const short = createTurnBatcher((): Settled<number>[] => [{ ok: true, value: 1 }]);
    const [kept, forgotten] = await Promise.allSettled([short(1), short(2)]);
    expect(kept).toEqual({ status: "fulfilled", value: 1 });
    expect(forgotten.status).toBe("rejected");
  });

  it("sends a batch that reaches the limit at once, and starts the next with the turn's rest", async () => {
    const batches: number[][] = [];
    const echo = createTurnBatcher((items: readonly number[]) => {
      batches.push([...items]);
      return items.map((n): Settled<number> => ({ ok: true, value: n }));
    }, 2);
    const first = echo(1);
    const second = echo(2);
    expect(batches).toEqual([[1, 2]]);
    const rest = [echo(3), echo(4), echo(5)];
    expect(batches).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(await Promise.all([first, second, ...rest])).toEqual([1, 2, 3, 4, 5]);
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
  });
});
