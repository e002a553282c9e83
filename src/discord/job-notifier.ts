import type { Clock } from "../lib/clock.js";
import type { JobNotifier } from "../services/jobs/notifier.js";
import { failureText } from "./failure-text.js";
import { generatingMessage } from "./job-messages.js";
import { type JobMessenger, type LocalizedMessage, UploadTooLargeError } from "./job-messenger.js";
import {
  deliveredAsLinkMessage,
  deliveredWithFileMessage,
  failedMessage,
  readyPing,
} from "./job-result-messages.js";

/**
 * The job services' notifier port, told in Discord messages through the route chain. Each
 * message is rendered by the messenger for its route: the server's language where the server
 * sees it, the member's in a DM.
 */
export function createJobNotifier(
  messenger: JobMessenger,
  clock: Clock,
  balanceOf: (guildId: string) => Promise<number | null> = async () => null,
): JobNotifier {
  const view = async (guildId: string) => ({ now: clock.now(), balance: await balanceOf(guildId) });
  return {
    async progress(job) {
      const now = clock.now();
      await messenger.show(job, (t) => generatingMessage(job, now, t), { editOnly: true });
    },

    failed(job, failure, refunded) {
      return messenger.show(job, (t) =>
        failedMessage(job, failureText(failure, t), refunded, failure.code, t),
      );
    },

    async video(job, file) {
      const files = [{ name: file.name, data: file.data }];
      const shownAt = await view(job.guildId);
      try {
        const body: LocalizedMessage = (t) =>
          deliveredWithFileMessage(job, shownAt, file.compressed, t);
        return { kind: "shown", ...(await messenger.show(job, body, { files })) };
      } catch (error) {
        if (error instanceof UploadTooLargeError) return { kind: "too-large" };
        throw error;
      }
    },

    async link(job, url, reason) {
      const shownAt = await view(job.guildId);
      return messenger.show(job, (t) => deliveredAsLinkMessage(job, shownAt, url, reason, t));
    },

    ready: (job, ending) => messenger.ping(job, (t) => readyPing(job, ending, t)),
  };
}
