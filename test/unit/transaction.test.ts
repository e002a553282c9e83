import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { immediateTransaction } from "../../src/db/transaction.js";
import { openTempDatabase, type TempDatabase } from "../helpers/database.js";

describe("immediateTransaction", () => {
  let database: TempDatabase;
  const count = () =>
    (database.sqlite.prepare("SELECT count(*) AS n FROM bot_state").get() as { n: number }).n;
  const insert = (key: string) =>
    database.sqlite.prepare("INSERT INTO bot_state (key, value) VALUES (?, 'x')").run(key);

  beforeEach(() => {
    database = openTempDatabase();
  });
  afterEach(() => database.dispose());

  it("commits synchronous work", () => {
    expect(immediateTransaction(database, () => insert("a").changes)).toBe(1);
    expect(count()).toBe(1);
  });

  it("rolls everything back when the work throws", () => {
    expect(() =>
      immediateTransaction(database, () => {
        insert("a");
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(count()).toBe(0);
  });

  it("refuses an async function before running any of it", async () => {
    let ran = false;
    const work = async () => {
      ran = true;
      await Promise.resolve();
      insert("late");
    };
    expect(() => immediateTransaction(database, work)).toThrow(/cannot run async work/);
    await new Promise((resolve) => setImmediate(resolve));
    expect(ran).toBe(false);
    expect(count()).toBe(0);
  });

  it("refuses and rolls back a plain function that returns a promise", () => {
    expect(() =>
      immediateTransaction(database, () => {
        insert("a");
        return Promise.resolve();
      }),
    ).toThrow(/cannot run async work/);
    expect(count()).toBe(0);
  });

  it("nests as a savepoint inside an outer transaction", () => {
    immediateTransaction(database, () => {
      insert("outer");
      expect(() =>
        immediateTransaction(database, () => {
          insert("inner");
          throw new Error("inner fails");
        }),
      ).toThrow("inner fails");
    });
    expect(count()).toBe(1);
  });
});
