import { setImmediate as nextTurn, setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import type { Job } from "../../src/db/schema.js";
import { createSubmitQueue } from "../../src/services/jobs/submit-queue.js";

const job = (id: string) => ({ id, messageId: `message-${id}` }) as Job;

/** A queue whose record and start calls are written down, in order. */
function recordingQueue(options: { failRecord?: boolean; maxWaitMs?: number } = {}) {
  const events: string[] = [];
  const queue = createSubmitQueue({
    async record(batch) {
      if (options.failRecord) throw new Error("disk full");
      events.push(`record ${batch.map((item) => item.id).join(",")}`);
    },
    start: (item, recorded) => events.push(`start ${item.id}${recorded ? "" : " (unrecorded)"}`),
    maxWaitMs: options.maxWaitMs ?? 10_000,
  });
  return { queue, events };
}

/** A reply (or a reservation's commit) that lands when the test says so. */
function pendingReply() {
  let land: () => void = () => undefined;
  const reply = new Promise<string>((resolve) => {
    land = () => resolve("reply-id");
  });
  return { reply: () => reply, land };
}

describe("submit queue", () => {
  it("holds submits while replies are on their way, then starts them after one commit", async () => {
    const { queue, events } = recordingQueue();
    const first = pendingReply();
    const second = pendingReply();
    const replies = [queue.whileAnswering(first.reply), queue.whileAnswering(second.reply)];
    first.land();
    await replies[0];
    queue.submit(job("a"));
    await nextTurn();
    expect(events).toEqual([]);

    second.land();
    await replies[1];
    queue.submit(job("b"));
    await nextTurn();
    expect(events).toEqual(["record a,b", "start a", "start b"]);
  });

  it("holds submits while another member's reservation is still committing", async () => {
    const { queue, events } = recordingQueue();
    const reservation = pendingReply();
    const first = queue.whileAnswering(async () => queue.submit(job("a")));
    const second = queue.whileAnswering(async () => {
      await reservation.reply();
      queue.submit(job("b"));
    });
    await first;
    await nextTurn();
    expect(events).toEqual([]);

    reservation.land();
    await second;
    await nextTurn();
    expect(events).toEqual(["record a,b", "start a", "start b"]);
  });

  it("starts a submit on the next turn when no reply is on its way", async () => {
    const { queue, events } = recordingQueue();
    queue.submit(job("a"));
    expect(events).toEqual([]);
    await nextTurn();
    expect(events).toEqual(["record a", "start a"]);
  });

  it("does not hold a submit longer than the deadline while replies keep coming", async () => {
    const { queue, events } = recordingQueue({ maxWaitMs: 20 });
    void queue.whileAnswering(pendingReply().reply);
    queue.submit(job("a"));
    await sleep(40);
    expect(events).toEqual(["record a", "start a"]);
  });

  it("lets each submit store its own first attempt when the batch write fails", async () => {
    const { queue, events } = recordingQueue({ failRecord: true });
    queue.submit(job("a"));
    queue.submit(job("b"));
    await nextTurn();
    expect(events).toEqual(["start a (unrecorded)", "start b (unrecorded)"]);
  });

  it("starts what waits at once when flushed for shutdown", async () => {
    const { queue, events } = recordingQueue();
    void queue.whileAnswering(pendingReply().reply);
    queue.submit(job("a"));
    await queue.flush();
    expect(events).toEqual(["record a", "start a"]);
  });

  it("passes a failed reply's error on and still counts it as landed", async () => {
    const { queue, events } = recordingQueue();
    await expect(queue.whileAnswering(() => Promise.reject(new Error("no reply")))).rejects.toThrow(
      "no reply",
    );
    queue.submit(job("a"));
    await nextTurn();
    expect(events).toEqual(["record a", "start a"]);
  });
});
