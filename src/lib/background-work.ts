import type { Logger } from "pino";

/**
 * Work started without waiting for it (a submit, a delivery), tracked so that shutdown can wait
 * for it and so that nothing it throws goes unlogged.
 */
export function createBackgroundWork(logger: Logger) {
  const inFlight = new Set<Promise<unknown>>();

  return {
    run(work: Promise<unknown>): void {
      const tracked = work.catch((error) =>
        logger.error({ err: error }, "Background job work failed"),
      );
      inFlight.add(tracked);
      void tracked.finally(() => inFlight.delete(tracked));
    },

    async idle(): Promise<void> {
      await Promise.allSettled([...inFlight]);
    },
  };
}
