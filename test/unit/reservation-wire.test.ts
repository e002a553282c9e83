import { describe, expect, it } from "vitest";
import { DatabaseBusyError } from "../../src/services/credits/refusals.js";
import { fromWireError, toWireError } from "../../src/services/jobs/reservation-wire.js";

/** What crossing to another thread does to a value: a structured clone. */
const acrossThreads = <T>(value: T): T => structuredClone(value);

describe("reservation errors between threads", () => {
  it("keeps an unexpected error's name, message and SQLite code", () => {
    const error = Object.assign(new Error("disk I/O error"), {
      name: "SqliteError",
      code: "SQLITE_IOERR",
    });
    const rebuilt = fromWireError(acrossThreads(toWireError(error)));
    expect(rebuilt).toBeInstanceOf(Error);
    expect(rebuilt).toMatchObject({
      name: "SqliteError",
      message: "disk I/O error",
      code: "SQLITE_IOERR",
    });
    expect(rebuilt.stack).toBe(error.stack);
  });

  it("turns a thrown non-error into an error that says what it was", () => {
    expect(fromWireError(acrossThreads(toWireError("lost")))).toMatchObject({ message: "lost" });
  });

  it("rebuilds a busy refusal as the refusal the member is shown", () => {
    const rebuilt = fromWireError(acrossThreads(toWireError(new DatabaseBusyError())));
    expect(rebuilt).toBeInstanceOf(DatabaseBusyError);
    expect(rebuilt).toMatchObject({ key: "refusals.databaseBusy" });
  });
});
