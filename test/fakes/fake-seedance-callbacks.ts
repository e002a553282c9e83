import { type FakeTask, statusWord } from "./fake-seedance-tasks.js";

export interface CallbackDelivery {
  taskId: string;
  url: string;
  /** The bot's answer, or null when the POST failed (see `error`). */
  httpStatus: number | null;
  error: string | null;
  at: number;
}

// setTimeout fires at once for delays past this (with a warning), so longer tasks get no timer.
const maxTimerDelayMs = 2 ** 31 - 1;

/** POSTs `{ task_id, status }` to a task's callback_url when it finishes, as Seedance would. */
export function createCallbackSender(timeoutMs: number) {
  const deliveries: CallbackDelivery[] = [];
  const timers = new Map<string, NodeJS.Timeout>();
  const inFlight = new Set<Promise<void>>();

  async function post(task: FakeTask, url: string): Promise<void> {
    const at = Date.now();
    const record = { taskId: task.id, url, at };
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ task_id: task.id, status: statusWord(task, at) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.arrayBuffer();
      deliveries.push({ ...record, httpStatus: response.status, error: null });
    } catch (error) {
      // A bot that is down or slow is a scenario under test: the outcome is recorded, not thrown.
      deliveries.push({ ...record, httpStatus: null, error: String(error) });
    }
  }

  function cancel(taskId: string): void {
    clearTimeout(timers.get(taskId));
    timers.delete(taskId);
  }

  function schedule(task: FakeTask): void {
    const url = task.request.callback_url;
    if (url === null) return;
    cancel(task.id);
    const delay = Math.max(0, task.finishAt - Date.now());
    if (delay > maxTimerDelayMs) return;
    const timer = setTimeout(() => {
      timers.delete(task.id);
      if (task.forgotten) return;
      // Node's timers can fire a millisecond before Date.now() reaches the deadline: wait again
      // rather than call back saying the task is still running.
      if (Date.now() < task.finishAt) return schedule(task);
      const sending = post(task, url);
      inFlight.add(sending);
      void sending.finally(() => inFlight.delete(sending));
    }, delay);
    timer.unref();
    timers.set(task.id, timer);
  }

  return {
    deliveries: deliveries as readonly CallbackDelivery[],
    schedule,
    cancel,
    async close(): Promise<void> {
      for (const taskId of [...timers.keys()]) cancel(taskId);
      await Promise.all(inFlight);
    },
  };
}
