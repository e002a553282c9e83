import pino from "pino";
import { describe, expect, it } from "vitest";
import { createReadiness } from "../../src/readiness.js";

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("readiness", () => {
  it("looks at the database once per event-loop turn, and sees a lost file on the next", async () => {
    let looks = 0;
    let problem: string | null = null;
    const fatal: Error[] = [];
    const readiness = createReadiness(
      {
        problem: () => {
          looks += 1;
          return problem;
        },
      },
      pino({ level: "silent" }),
      (error) => fatal.push(error),
    );
    readiness.open();
    try {
      // A burst: two hundred commands handled in one turn.
      const states = Array.from({ length: 200 }, () => readiness.state());
      expect(new Set(states)).toEqual(new Set(["ready"]));
      expect(looks).toBe(1);

      problem = "the database file bot.db is gone";
      await nextTurn();
      expect(readiness.state()).toBe("database-lost");
      expect(readiness.state()).toBe("database-lost");
      expect(looks).toBe(2);
      expect(fatal.map((error) => error.message)).toEqual([problem]);
    } finally {
      readiness.close();
    }
  });
});
