import { type ChildProcess, fork } from "node:child_process";

export interface Outcome {
  reserved: number;
  refused: number;
}

function startWorker(worker: string, args: string[]): Promise<ChildProcess> {
  const child = fork(worker, args, { execArgv: ["--import", "tsx"] });
  return new Promise((resolve, reject) => {
    child.once("message", () => resolve(child));
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`worker exited early with ${code}`)));
  });
}

/**
 * Starts one worker process per argument list, releases them together once all are ready, and
 * collects what each managed to reserve (the protocol of test/helpers/*reserve-worker.ts).
 */
export async function race(worker: string, workers: string[][]): Promise<Outcome[]> {
  const children = await Promise.all(workers.map((args) => startWorker(worker, args)));
  const outcomes = children.map(
    (child) =>
      new Promise<Outcome>((resolve, reject) => {
        child.removeAllListeners("exit");
        child.once("message", (outcome) => resolve(outcome as Outcome));
        child.once("exit", (code) => code !== 0 && reject(new Error(`worker failed: ${code}`)));
      }),
  );
  for (const child of children) child.send("go");
  return Promise.all(outcomes);
}

export const total = (outcomes: Outcome[], key: keyof Outcome) =>
  outcomes.reduce((sum, outcome) => sum + outcome[key], 0);
