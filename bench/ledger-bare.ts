import { deepStrictEqual } from "node:assert/strict";
import { randomUUID } from "node:crypto";
import type Database from "better-sqlite3";
import { fillPlaceholders } from "../src/db/drizzle/core.js";
import type { LedgerStatements } from "../src/services/credits/ledger-statements.js";
import type { JobStatements } from "../src/services/jobs/job-statements.js";
import type { ConcurrencyLimits, JobReservation } from "../src/services/jobs/job-store.js";

type Statement = LedgerStatements[keyof LedgerStatements] | JobStatements[keyof JobStatements];

/**
 * The reservation written by hand against better-sqlite3: the very SQL drizzle generates (read
 * from the prepared queries, so the two can't drift apart), prepared once, positional
 * parameters, one `BEGIN IMMEDIATE` transaction function built once. It is the floor the
 * ledger's reservation is measured against (DESIGN §9: at most 2× this).
 */
export function prepareBareReservation(
  sqlite: Database.Database,
  ledgerStatements: LedgerStatements,
  jobStatements: JobStatements,
  limits: ConcurrencyLimits,
) {
  const statements = { ...ledgerStatements, ...jobStatements };
  const prepare = (statement: Statement) => sqlite.prepare(statement.getQuery().sql);
  // Column aliases differ from drizzle's mapped names; reading by position keeps the SQL identical.
  const guild = prepare(statements.guild).raw();
  const activeJobs = prepare(statements.activeJobs).raw();
  const spentSince = prepare(statements.spentSince).raw();
  const insertJob = prepare(statements.insertJob);
  const ensureGuild = prepare(statements.ensureGuild);
  const insertEntry = prepare(statements.insertEntry);
  const addToBalance = prepare(statements.addToBalance).raw();

  const jobParams = (r: JobReservation, id: string, now: number) => [
    id,
    r.guildId,
    r.channelId,
    r.userId,
    r.kind,
    r.prompt,
    r.aspectRatio,
    r.resolution,
    r.duration,
    r.audio ? 1 : 0,
    r.fixedLens ? 1 : 0,
    r.imageUrl,
    r.price,
    "reserved",
    r.applicationId,
    r.interactionToken,
    r.tokenExpiresAt,
    r.uploadLimitBytes,
    0, // submit_attempts
    0, // poll_count
    0, // delivery_attempts
    0, // notice_pending
    now, // created_at
    r.memberLocale,
    r.publicLocale,
    now, // updated_at
  ];

  const reserve = sqlite.transaction((r: JobReservation, id: string, now: number) => {
    const [balance, dailyLimit] = (guild.get(r.guildId) as [number, number | null] | undefined) ?? [
      0,
      null,
    ];
    if (balance < r.price) throw new Error("insufficient credits");
    const [inGuild, ofMember] = activeJobs.get(r.userId, "reserved", "submitted", r.guildId) as [
      number,
      number,
    ];
    if (ofMember >= limits.activeJobsPerUser || inGuild >= limits.activeJobsPerGuild) {
      throw new Error("too many active jobs");
    }
    if (dailyLimit !== null) {
      const [spent] = spentSince.get(r.guildId, r.userId, now - (now % 86_400_000)) as [number];
      if (spent + r.price > dailyLimit) throw new Error("daily limit");
    }
    const job = insertJob.get(...jobParams(r, id, now));
    ensureGuild.run(r.guildId, 0, now);
    insertEntry.run(r.guildId, -r.price, "charge", id, r.userId, null, now);
    if (!addToBalance.get(-r.price, r.guildId)) throw new Error("guild vanished");
    return job;
  });

  /** Proves the hand-written parameter lists bind exactly what drizzle would bind. */
  function checkParameters(sample: JobReservation): void {
    const id = "check";
    const now = 1;
    const named = { ...sample, id, now };
    deepStrictEqual(
      jobParams(sample, id, now),
      fillPlaceholders(params(statements.insertJob), named),
    );
    deepStrictEqual(
      [sample.userId, "reserved", "submitted", sample.guildId],
      fillPlaceholders(params(statements.activeJobs), named),
    );
    deepStrictEqual(
      [sample.guildId, 0, now],
      fillPlaceholders(params(statements.ensureGuild), named),
    );
    const entry = { guildId: sample.guildId, delta: -sample.price, kind: "charge", jobId: id };
    deepStrictEqual(
      [sample.guildId, -sample.price, "charge", id, sample.userId, null, now],
      fillPlaceholders(params(statements.insertEntry), {
        ...entry,
        actorId: sample.userId,
        reason: null,
        now,
      }),
    );
    deepStrictEqual(
      [-sample.price, sample.guildId],
      fillPlaceholders(params(statements.addToBalance), {
        guildId: sample.guildId,
        delta: -sample.price,
      }),
    );
  }

  return {
    checkParameters,
    reserve: (r: JobReservation): unknown => reserve.immediate(r, randomUUID(), Date.now()),
  };
}

function params(statement: Statement): unknown[] {
  return statement.getQuery().params;
}
