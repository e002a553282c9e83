import type { Clock } from "../lib/clock.js";
import type { JobNotifier } from "../services/jobs/notifier.js";
import { failureText } from "./failure-text.js";
import {
  deliveredAsLinkMessage,
  deliveredWithFileMessage,
  failedMessage,
  generatingMessage,
  readyPing,
} from "./job-messages.js";
import { type JobMessenger, UploadTooLargeError } from "./job-messenger.js";

/** The job services' notifier port, told in Discord messages through the route chain. */
export function createJobNotifier(messenger: JobMessenger, clock: Clock): JobNotifier {
  return {
    async progress(job) {
      await messenger.show(job, generatingMessage(job, clock.now()), { editOnly: true });
    },

    failed: (job, failure, refunded) =>
      messenger.show(job, failedMessage(job, failureText(failure), refunded)),

    async video(job, file) {
      const files = [{ name: file.name, data: file.data, contentType: "video/mp4" }];
      try {
        const body = deliveredWithFileMessage(job, clock.now(), file.compressed);
        return { kind: "shown", ...(await messenger.show(job, body, { files })) };
      } catch (error) {
        if (error instanceof UploadTooLargeError) return { kind: "too-large" };
        throw error;
      }
    },

    link: (job, url, reason) =>
      messenger.show(job, deliveredAsLinkMessage(job, clock.now(), url, reason)),

    ready: (job, ending) => messenger.ping(job, readyPing(job, ending)),
  };
}
