/** One item's result in a batch: its value, or why it failed. */
export type Settled<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: unknown };

interface Pending<I, T> {
  readonly item: I;
  resolve(value: T): void;
  reject(error: unknown): void;
}

/**
 * Collects what arrives in one turn of the event loop and hands it to `run` together: a group
 * commit for whatever `run` writes. `run` settles each item, in order; if it throws, every item
 * of its batch is rejected with that error. The wait is one turn, never the network. A batch
 * that reaches `maxItems` goes at once, and the turn's later items start the next one.
 */
export function createTurnBatcher<I, T>(
  run: (items: readonly I[]) => readonly Settled<T>[] | Promise<readonly Settled<T>[]>,
  maxItems = Number.POSITIVE_INFINITY,
): (item: I) => Promise<T> {
  let pending: Pending<I, T>[] = [];

  async function flush(): Promise<void> {
    const batch = pending;
    // A batch that went at `maxItems` leaves its turn's flush nothing, or the next batch's start.
    if (batch.length === 0) return;
    pending = [];
    let outcomes: readonly Settled<T>[];
    try {
      outcomes = await run(batch.map((entry) => entry.item));
    } catch (error) {
      for (const entry of batch) entry.reject(error);
      return;
    }
    batch.forEach((entry, index) => {
      const outcome = outcomes[index];
      if (outcome?.ok) entry.resolve(outcome.value);
      else entry.reject(outcome ? outcome.error : new Error("The batch settled too few items"));
    });
  }

  return (item) =>
    new Promise((resolve, reject) => {
      pending.push({ item, resolve, reject });
      if (pending.length === 1) setImmediate(() => void flush());
      else if (pending.length >= maxItems) void flush();
    });
}
