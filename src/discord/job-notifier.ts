import { translator } from "../i18n/index.js";
import type { Clock } from "../lib/clock.js";
import type { JobNotifier } from "../services/jobs/notifier.js";
import { failureText } from "./failure-text.js";
import { generatingMessage } from "./job-messages.js";
import { type JobMessenger, UploadTooLargeError } from "./job-messenger.js";
import {
  deliveredAsLinkMessage,
  deliveredWithFileMessage,
  failedMessage,
  readyPing,
} from "./job-result-messages.js";

/**
 * The job services' notifier port, told in Discord messages through the route chain. Every
 * message about a job is public, so it speaks the job's stored public language.
 */
export function createJobNotifier(
  messenger: JobMessenger,
  clock: Clock,
  balanceOf: (guildId: string) => Promise<number | null> = async () => null,
): JobNotifier {
  return {
    async progress(job) {
      const body = generatingMessage(job, clock.now(), translator(job.publicLocale));
      await messenger.show(job, body, { editOnly: true });
    },

    failed(job, failure, refunded) {
      const t = translator(job.publicLocale);
      return messenger.show(
        job,
        failedMessage(job, failureText(failure, t), refunded, failure.code, t),
      );
    },

    async video(job, file) {
      const files = [{ name: file.name, data: file.data, contentType: "video/mp4" }];
      const view = { now: clock.now(), balance: await balanceOf(job.guildId) };
      try {
        const body = deliveredWithFileMessage(
          job,
          view,
          file.compressed,
          translator(job.publicLocale),
        );
        return { kind: "shown", ...(await messenger.show(job, body, { files })) };
      } catch (error) {
        if (error instanceof UploadTooLargeError) return { kind: "too-large" };
        throw error;
      }
    },

    async link(job, url, reason) {
      const view = { now: clock.now(), balance: await balanceOf(job.guildId) };
      const t = translator(job.publicLocale);
      return messenger.show(job, deliveredAsLinkMessage(job, view, url, reason, t));
    },

    ready: (job, ending) =>
      messenger.ping(job, readyPing(job, ending, translator(job.publicLocale))),
  };
}
