import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "../../../src/services/settings/rules.js";
import {
  createSettingsStore,
  type SettingsStore,
} from "../../../src/services/settings/settings-store.js";
import { ManualClock } from "../../helpers/clock.js";
import { openTempDatabase, type TempDatabase } from "../../helpers/database.js";

const GUILD = "100000000000000001";
const ADMIN = "100000000000000003";

describe("settings store", () => {
  let database: TempDatabase;
  let clock: ManualClock;
  let store: SettingsStore;

  beforeEach(() => {
    database = openTempDatabase();
    clock = new ManualClock();
    store = createSettingsStore(database, clock);
  });
  afterEach(() => database.dispose());

  const audit = () =>
    database.sqlite
      .prepare("SELECT key, old_value, new_value, actor_id FROM settings_audit ORDER BY id")
      .all();

  it("gives a server without a row the built-in settings", () => {
    expect(store.get(GUILD)).toEqual(DEFAULT_SETTINGS);
    expect(store.lastChange(GUILD)).toBeUndefined();
  });

  it("stores a change and audits each setting that changed, old → new", () => {
    store.change(GUILD, ADMIN, { duration: 12, channels: ["7"], max_cost: 50 });
    clock.advance(1_000);
    const after = store.change(GUILD, ADMIN, { duration: 12, language: "ko" });
    expect(after).toMatchObject({ channelIds: ["7"], maxCost: 50, language: "ko" });
    expect(after.defaults.duration).toBe(12);
    expect(store.get(GUILD)).toEqual(after);
    expect(audit()).toEqual([
      { key: "duration", old_value: "null", new_value: "12", actor_id: ADMIN },
      { key: "channels", old_value: "[]", new_value: '["7"]', actor_id: ADMIN },
      { key: "max_cost", old_value: "null", new_value: "50", actor_id: ADMIN },
      { key: "language", old_value: '"auto"', new_value: '"ko"', actor_id: ADMIN },
    ]);
    expect(store.lastChange(GUILD)).toMatchObject({ key: "language", createdAt: clock.now() });
  });

  it("keeps servers apart", () => {
    store.change(GUILD, ADMIN, { role: "42" });
    expect(store.get("100000000000000009")).toEqual(DEFAULT_SETTINGS);
  });

  it("changes nothing, audit included, when the database refuses a value", () => {
    store.change(GUILD, ADMIN, { max_cost: 50 });
    // The schema is the last line of defence: a value that slipped past validation rolls back.
    expect(() => store.change(GUILD, ADMIN, { role: "9", duration: 5 as 4 })).toThrow(
      /CHECK constraint failed/,
    );
    expect(store.get(GUILD)).toMatchObject({ roleId: null, maxCost: 50 });
    expect(audit()).toHaveLength(1);
  });
});
