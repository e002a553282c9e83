/**
 * The reservation thread's entry (started by reservation-thread-client.ts): its own connection
 * to the bot's database, the ledger and job store on it, and one group commit per request.
 */
import { parentPort, workerData } from "node:worker_threads";
import pino from "pino";
import { openConnection } from "../../db/client.js";
import { type Clock, systemClock } from "../../lib/clock.js";
import { createLedger } from "../credits/ledger.js";
import { createJobStore } from "../jobs/job-store.js";
import { commitReservations } from "../jobs/reservation-batcher.js";
import { toWireError, toWireOutcome } from "../jobs/reservation-wire.js";
import type {
  ReservationRequest,
  ReservationResponse,
  ReservationThreadData,
} from "./reservation-thread-client.js";

const port = parentPort;
if (!port) throw new Error("reservation-thread.ts runs as a worker thread");
const { path, limits } = workerData as ReservationThreadData;

const database = openConnection(path);
let requestNow = 0;
// Rows and ledger entries carry the main thread's time, sent with each request.
const clock: Clock = { ...systemClock, now: () => requestNow };
const ledger = createLedger(database, clock);
// Reserving logs nothing (only settling a job's cost does, and that stays on the main thread).
const store = createJobStore(database, ledger, clock, limits, pino({ enabled: false }));

port.on("message", (request: ReservationRequest) => {
  if (request.type === "close") {
    database.close();
    port.close();
    return;
  }
  requestNow = request.now;
  let response: ReservationResponse;
  try {
    const outcomes = commitReservations(database, store, request.reservations);
    response = { id: request.id, outcomes: outcomes.map(toWireOutcome) };
  } catch (error) {
    response = { id: request.id, failure: toWireError(error) };
  }
  port.postMessage(response);
});

const ready: ReservationResponse = { ready: true };
port.postMessage(ready);
