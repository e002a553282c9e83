/**
 * Button custom ids (at most 100 characters; job ids are 36). They carry only ids, never data a
 * user could forge into a decision: handlers re-check everything against the database.
 */
export const customId = {
  regenerate: (jobId: string) => `job:regenerate:${jobId}`,
  remove: (jobId: string) => `job:delete:${jobId}`,
  edit: (jobId: string) => `job:edit:${jobId}`,
  /** The Edit prompt… form of a job; its submit starts a new job from that job's settings. */
  editForm: (jobId: string) => `edit:submit:${jobId}`,
  historyPage: (page: number) => `credits:history:${page}`,
};

export interface ParsedCustomId {
  readonly scope: string;
  readonly action: string;
  readonly argument: string;
}

export function parseCustomId(id: string): ParsedCustomId | null {
  const [scope, action, argument, ...rest] = id.split(":");
  if (!scope || !action || argument === undefined || rest.length > 0) return null;
  return { scope, action, argument };
}
