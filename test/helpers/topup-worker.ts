/**
 * Tops up one server forever, reporting each committed balance to the parent, until killed.
 * Usage: node --import tsx topup-worker.ts <db path>
 */
import { openDatabase } from "../../src/db/client.js";
import { systemClock } from "../../src/lib/clock.js";
import { createLedger } from "../../src/services/credits/ledger.js";
import { ADMIN_ID, GUILD_ID } from "./jobs.js";

const [path] = process.argv.slice(2);
if (!path) throw new Error("usage: topup-worker <db path>");
const ledger = createLedger(openDatabase(path), systemClock);

function topUpOnce(): void {
  const balance = ledger.topUp({ guildId: GUILD_ID, amount: 1, actorId: ADMIN_ID });
  process.send?.(balance, () => setImmediate(topUpOnce));
}
topUpOnce();
