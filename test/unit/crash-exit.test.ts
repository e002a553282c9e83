import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const CHILD = fileURLToPath(new URL("../fixtures/crashing-app.ts", import.meta.url));
const TSX = import.meta.resolve("tsx");

function runChild(stopMs: string) {
  return new Promise<{ code: number | null; lines: Record<string, unknown>[]; ms: number }>(
    (resolve) => {
      const started = performance.now();
      const child = spawn(process.execPath, ["--import", TSX, CHILD], {
        env: { PATH: process.env.PATH ?? "", STOP_MS: stopMs },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (chunk) => {
        output += String(chunk);
      });
      child.once("exit", (code) => {
        const lines = output
          .split("\n")
          .filter(Boolean)
          .map((line) => JSON.parse(line) as Record<string, unknown>);
        resolve({ code, lines, ms: performance.now() - started });
      });
    },
  );
}

describe("an uncaught exception", () => {
  it("is logged as fatal, stops the app, and exits non-zero", async () => {
    const { code, lines } = await runChild("50");
    expect(code).toBe(1);
    const fatal = lines.find((line) => line.level === 60);
    expect(fatal).toMatchObject({ err: { message: "boom from a timer" } });
    expect(lines.some((line) => line.msg === "stop called")).toBe(true);
  });

  it("exits non-zero within the stop timeout when the app never finishes stopping", async () => {
    const { code, lines, ms } = await runChild("never");
    expect(code).toBe(1);
    expect(lines.some((line) => line.msg === "Stop timed out; exiting anyway")).toBe(true);
    expect(ms).toBeLessThan(10_000);
  });
});
