import {
  DiscordAPIError,
  type REST,
  RESTJSONErrorCodes,
  type RequestData,
  Routes,
} from "discord.js";
import type { Logger } from "pino";
import type { Job } from "../db/schema.js";
import { type Translator, translator } from "../i18n/index.js";
import type { Clock } from "../lib/clock.js";
import type { NoticeRoute, Shown } from "../services/jobs/notifier.js";
import type { Metrics } from "../services/ops/metrics.js";
import type { JobMessage } from "./job-messages.js";

/** A file to attach; its Blob's type is the part's content type. */
export interface Attachment {
  readonly name: string;
  readonly data: Blob;
}

export interface ShowOptions {
  readonly files?: readonly Attachment[];
  /** Progress updates only edit; they never post a new message. */
  readonly editOnly?: boolean;
}

/** Discord refused the upload as too large (413): the notifier reports it as an outcome. */
export class UploadTooLargeError extends Error {
  constructor() {
    super("Discord refused the upload as too large");
    this.name = "UploadTooLargeError";
  }
}

const TOKEN_GONE = new Set<number>([
  RESTJSONErrorCodes.UnknownWebhook,
  RESTJSONErrorCodes.InvalidWebhookToken,
  RESTJSONErrorCodes.UnknownMessage,
  RESTJSONErrorCodes.UnknownInteraction,
]);
const NOT_ALLOWED = new Set<number>([
  RESTJSONErrorCodes.MissingAccess,
  RESTJSONErrorCodes.MissingPermissions,
  RESTJSONErrorCodes.UnknownMessage,
  RESTJSONErrorCodes.UnknownChannel,
  RESTJSONErrorCodes.CannotSendMessagesToThisUser,
]);

function isDiscordError(error: unknown, codes: Set<number>): boolean {
  return (
    error instanceof DiscordAPIError && typeof error.code === "number" && codes.has(error.code)
  );
}

function isTooLarge(error: unknown): boolean {
  return (
    error instanceof DiscordAPIError &&
    (error.status === 413 || error.code === RESTJSONErrorCodes.RequestEntityTooLarge)
  );
}

/** A message about a job, rendered in the language of wherever it lands. */
export type LocalizedMessage = (t: Translator) => JobMessage;

/**
 * A DM is seen by the member alone, so it speaks their language; every other route shows the
 * job's message in the server, in the server's. A job's message lives in a DM once the DM route
 * posted it (its channel is then not the job's).
 */
function localeOf(job: Job, route: NoticeRoute | "ping"): string {
  const inDm =
    route === "dm" ||
    (route === "ping" && job.messageChannelId !== null && job.messageChannelId !== job.channelId);
  return inDm ? job.memberLocale : job.publicLocale;
}

type Placed = Omit<Shown, "route">;
type Files = readonly Attachment[] | undefined;
type Attempt = (job: Job, body: JobMessage, files: Files) => Promise<Placed>;

/**
 * Shows a job's message wherever Discord still lets us (DESIGN §4): the interaction webhook
 * while its token lives (tracked locally — repeated 401s get the bot's IP banned), then the same
 * message through the bot token, then a new message in the channel, then a DM.
 */
export function createJobMessenger(rest: REST, clock: Clock, logger: Logger, metrics: Metrics) {
  const placed = (result: unknown): Placed => {
    const message = result as { id?: string; channel_id?: string } | null;
    return { messageId: message?.id ?? null, channelId: message?.channel_id ?? null };
  };

  const viaInteraction: Attempt = async (job, body, files) =>
    placed(
      await rest.patch(
        Routes.webhookMessage(job.applicationId, job.interactionToken, "@original"),
        { ...messageRequest(body, files), auth: false },
      ),
    );

  const viaChannelEdit: Attempt = async (job, body, files) =>
    job.messageId
      ? placed(
          await rest.patch(
            Routes.channelMessage(job.channelId, job.messageId),
            messageRequest(body, files),
          ),
        )
      : Promise.reject(new Error("The job has no message to edit"));

  const viaChannelPost: Attempt = async (job, body, files) =>
    placed(
      await rest.post(
        Routes.channelMessages(job.channelId),
        messageRequest(mentioning(job, body), files),
      ),
    );

  const viaDirectMessage: Attempt = async (job, body, files) => {
    const channel = (await rest.post(Routes.userChannels(), {
      body: { recipient_id: job.userId },
    })) as { id: string };
    return placed(await rest.post(Routes.channelMessages(channel.id), messageRequest(body, files)));
  };

  const chain: [NoticeRoute, Attempt, Set<number>][] = [
    ["interaction", viaInteraction, TOKEN_GONE],
    ["channel_edit", viaChannelEdit, NOT_ALLOWED],
    ["channel_post", viaChannelPost, NOT_ALLOWED],
    ["dm", viaDirectMessage, new Set()],
  ];

  function applicable(job: Job, route: NoticeRoute, options: ShowOptions): boolean {
    if (route === "interaction") return clock.now() < job.tokenExpiresAt;
    if (route === "channel_edit") return job.messageId !== null;
    return !options.editOnly;
  }

  async function show(
    job: Job,
    message: LocalizedMessage,
    options: ShowOptions = {},
  ): Promise<Shown> {
    let lastError: unknown = new Error("No way left to reach the member");
    for (const [route, attempt, fallThrough] of chain) {
      if (!applicable(job, route, options)) continue;
      try {
        const body = message(translator(localeOf(job, route)));
        return { route, ...(await attempt(job, body, options.files)) };
      } catch (error) {
        if (isTooLarge(error)) throw new UploadTooLargeError();
        if (error instanceof DiscordAPIError)
          metrics.discordErrors.inc({ code: String(error.code) });
        if (!isDiscordError(error, fallThrough)) throw error;
        logger.info(
          { jobId: job.id, route, code: (error as DiscordAPIError).code },
          "Falling back",
        );
        lastError = error;
      }
    }
    throw lastError;
  }

  /**
   * A short new message that notifies the member (edits never do), as a reply to the job's
   * message so a click jumps there; a follow-up on the interaction when the bot can't post in
   * the channel. Best effort.
   */
  async function ping(job: Job, message: LocalizedMessage): Promise<void> {
    const channel = job.messageChannelId ?? job.channelId;
    const body = message(translator(localeOf(job, "ping")));
    const reply = job.messageId
      ? { message_reference: { message_id: job.messageId, fail_if_not_exists: false } }
      : {};
    try {
      await rest.post(Routes.channelMessages(channel), { body: { ...body, ...reply } });
    } catch (error) {
      if (clock.now() >= job.tokenExpiresAt || !isDiscordError(error, NOT_ALLOWED)) {
        logger.warn({ err: error, jobId: job.id }, "Could not send the ready ping");
        return;
      }
      // A follow-up shows in the server, in the server's language.
      const followUp = message(translator(job.publicLocale));
      await rest
        .post(Routes.webhook(job.applicationId, job.interactionToken), {
          body: followUp,
          auth: false,
        })
        .catch((followUpError: unknown) =>
          logger.warn({ err: followUpError, jobId: job.id }, "Could not send the ready ping"),
        );
    }
  }

  return { show, ping };
}

export type JobMessenger = ReturnType<typeof createJobMessenger>;

/**
 * The request for a message and its files, as Discord's multipart form. Given `files`,
 * @discordjs/rest would copy each one into a new in-memory Blob on every request; a Blob of our
 * own (file-backed, see spoolToDisk) goes out as it is.
 */
function messageRequest(body: object, files: Files): RequestData {
  if (!files?.length) return { body };
  const form = new FormData();
  for (const [index, file] of files.entries()) form.append(`files[${index}]`, file.data, file.name);
  const attachments = files.map((file, id) => ({ id, filename: file.name }));
  form.append("payload_json", JSON.stringify({ ...body, attachments }));
  return { body: form, passThroughBody: true };
}

/** A new message must say whom it is for, and may ping exactly that member. */
function mentioning(job: Job, body: JobMessage) {
  const mention = `<@${job.userId}>`;
  return {
    ...body,
    content: body.content.includes(mention) ? body.content : `${mention} ${body.content}`.trim(),
    allowed_mentions: { parse: [], users: [job.userId] },
  };
}
