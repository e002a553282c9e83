import { desc, eq } from "../../db/drizzle/core.js";
import type { PgExecutor } from "../../db/pg/client.js";
import { jobs, ledgerEntries } from "../../db/pg/schema.js";
import {
  type HistoryPage,
  historyGroups,
  historyLine,
  historyPaging,
  historySelection,
} from "./history.js";

/** A page of a server's history on PostgreSQL, in the SQLite ledger's shape (ledger.ts). */
export async function readPgHistory(
  db: PgExecutor,
  guildId: string,
  page: number,
): Promise<HistoryPage> {
  const grouping = historyGroups(ledgerEntries);
  const [counted] = await db
    .select({ count: grouping.lineCount })
    .from(ledgerEntries)
    .where(eq(ledgerEntries.guildId, guildId));
  const paging = historyPaging(counted?.count ?? 0, page);
  const groups = db.$with("history_groups").as(
    db
      .select(grouping.columns)
      .from(ledgerEntries)
      .where(eq(ledgerEntries.guildId, guildId))
      .groupBy(...grouping.groupBy)
      .orderBy(grouping.newestFirst)
      .limit(paging.limit)
      .offset(paging.offset),
  );
  const rows = await db
    .with(groups)
    .select(historySelection(ledgerEntries, jobs, groups))
    .from(groups)
    .innerJoin(ledgerEntries, eq(ledgerEntries.id, groups.firstId))
    .leftJoin(jobs, eq(jobs.id, ledgerEntries.jobId))
    .orderBy(desc(groups.firstId));
  return { lines: rows.map(historyLine), page: paging.page, pageCount: paging.pageCount };
}
