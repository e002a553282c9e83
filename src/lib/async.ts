/** The same methods, each returning a promise: the one shape every store offers the services. */
export type Async<T> = {
  readonly [K in keyof T]: T[K] extends (...args: infer A) => infer R
    ? (...args: A) => Promise<Awaited<R>>
    : T[K];
};

/**
 * A synchronous store seen through its async interface. Each call still runs at once, in the
 * caller's turn of the event loop (a SQLite write is committed before the call returns); only
 * its result, or its error, arrives as a promise.
 */
export function asynchronous<T extends object>(target: T): Async<T> {
  const wrapped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(target)) {
    wrapped[name] =
      typeof value === "function"
        ? (...args: unknown[]) => {
            try {
              return Promise.resolve(value.apply(target, args));
            } catch (error) {
              return Promise.reject(error);
            }
          }
        : value;
  }
  return wrapped as Async<T>;
}
