import type { Logger } from "pino";
import { type MessageKey, translator } from "../../i18n/index.js";
import type { Clock } from "../../lib/clock.js";
import type { SeedanceError, SeedanceErrorCode } from "../seedance/errors.js";

/** The Seedance answers only the operator can fix: a bad key (401) and an empty account (402). */
export type OperatorProblem = Extract<
  SeedanceErrorCode,
  "INVALID_API_KEY" | "INSUFFICIENT_CREDITS"
>;

// The owner's locale isn't known (no interaction comes with a DM), so the catalog's default.
const ownerMessages: Record<OperatorProblem, MessageKey> = {
  INVALID_API_KEY: "replies.operator.INVALID_API_KEY",
  INSUFFICIENT_CREDITS: "replies.operator.INSUFFICIENT_CREDITS",
};

function isOperatorProblem(code: SeedanceErrorCode): code is OperatorProblem {
  return Object.hasOwn(ownerMessages, code);
}

/**
 * Stored de-duplication of alerts, shared by every process on the database: true for the one
 * caller that may send `key` now, none having sent it within the last `windowMs`.
 */
export interface AlertClaims {
  claimAlert(key: string, windowMs: number): Promise<boolean>;
}

export interface OperatorAlertsOptions {
  readonly logger: Logger;
  readonly clock: Clock;
  readonly claims: AlertClaims;
  readonly notifyOwner: (userId: string, text: string) => Promise<void>;
  /** Read at alert time: the application's owners are only known after login. */
  readonly ownerIds: () => readonly string[];
  readonly minIntervalMs?: number;
}

interface Incident {
  loggedAt: number;
  /** Reports since the error was last logged; shown in the next log line. */
  repeats: number;
}

/**
 * Tells the operator, without flooding anyone, that Seedance needs them (DESIGN §6).
 *
 * An incident is one problem code from its first report until `resolved()` is called (Seedance
 * accepted a request again) or `minIntervalMs` passes. Each incident logs one error; further
 * reports within it are only counted. A problem still there after the interval starts a new
 * incident, so it is logged again as a reminder.
 *
 * Owner DMs follow their own clock: at most one per code per interval, even across incidents,
 * so a problem that flaps (fails, recovers, fails) does not DM the owners every few minutes. That
 * clock is stored (`claims`): processes sharing a database, each seeing the same 402, DM once.
 */
export function createOperatorAlerts(options: OperatorAlertsOptions) {
  const { logger, clock } = options;
  const minIntervalMs = options.minIntervalMs ?? 3_600_000;
  const incidents = new Map<OperatorProblem, Incident>();
  const sending = new Set<Promise<void>>();

  async function dmOwners(code: OperatorProblem, owners: readonly string[]): Promise<void> {
    const t = translator(null);
    const text = `${t(ownerMessages[code])} ${t("replies.operator.repeat")}`;
    await Promise.all(
      owners.map((userId) =>
        options
          .notifyOwner(userId, text)
          .catch((error: unknown) =>
            logger.error({ err: error, code, userId }, "Could not DM a bot owner about Seedance"),
          ),
      ),
    );
  }

  /** DMs the owners unless this code was sent (by any process) within the interval. */
  async function alertOwners(code: OperatorProblem): Promise<void> {
    const owners = options.ownerIds();
    if (owners.length === 0) {
      logger.warn({ code }, "No bot owner to tell about the Seedance problem; set BOT_OWNER_IDS");
      return;
    }
    let claimed: boolean;
    try {
      claimed = await options.claims.claimAlert(`owner-dm:${code}`, minIntervalMs);
    } catch (error) {
      // Unsure whether another process sent it; the next incident asks again.
      logger.error({ err: error, code }, "Could not claim the owners' DM about Seedance");
      return;
    }
    if (claimed) await dmOwners(code, owners);
  }

  return {
    /** Call with every Seedance error; only 401 and 402 are the operator's business. */
    report(error: SeedanceError): void {
      const { code } = error;
      if (!isOperatorProblem(code)) return;
      const now = clock.now();
      const incident = incidents.get(code);
      if (incident && now - incident.loggedAt < minIntervalMs) {
        incident.repeats++;
        return;
      }
      incidents.set(code, { loggedAt: now, repeats: 0 });
      logger.error(
        { code, httpStatus: error.httpStatus, repeatsSinceLastLog: incident?.repeats ?? 0 },
        code === "INVALID_API_KEY"
          ? "Seedance refused the API key: fix SEEDANCE_API_KEY"
          : "Seedance account is out of credits: top it up",
      );
      const alerted = alertOwners(code).finally(() => sending.delete(alerted));
      sending.add(alerted);
    },

    /** Seedance accepted a request: the problem (one code, or every one) is over. */
    resolved(code?: OperatorProblem): void {
      for (const [open, incident] of incidents) {
        if (code !== undefined && open !== code) continue;
        incidents.delete(open);
        logger.info(
          { code: open, repeatsSinceLastLog: incident.repeats },
          "Seedance problem resolved",
        );
      }
    },

    /** Waits for DMs under way, so shutdown doesn't cut them off mid-request. */
    async idle(): Promise<void> {
      await Promise.all(sending);
    },
  };
}
