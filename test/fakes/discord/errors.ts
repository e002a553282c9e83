/** A JSON error as Discord sends it: `{ message, code }`, plus `errors` for form-body problems. */
export interface DiscordErrorBody {
  message: string;
  code: number;
  errors?: FormErrors;
}

/** Discord's nested form-error tree: `{ embeds: { 0: { title: { _errors: [...] } } } }`. */
export interface FormErrors {
  [key: string]: FormErrors | { code: string; message: string }[];
}

/** Thrown by route handlers; the REST server turns it into the HTTP response. */
export class FakeApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: FormErrors,
  ) {
    super(message);
    this.name = "FakeApiError";
  }

  toBody(): DiscordErrorBody {
    return this.errors === undefined
      ? { message: this.message, code: this.code }
      : { message: this.message, code: this.code, errors: this.errors };
  }
}

/** The errors the fake produces, with Discord's exact statuses, codes and messages. */
export const discordErrors = {
  unauthorized: () => new FakeApiError(401, 0, "401: Unauthorized"),
  notFound: () => new FakeApiError(404, 0, "404: Not Found"),
  methodNotAllowed: () => new FakeApiError(405, 0, "405: Method Not Allowed"),
  unknownChannel: () => new FakeApiError(404, 10003, "Unknown Channel"),
  unknownGuild: () => new FakeApiError(404, 10004, "Unknown Guild"),
  unknownMessage: () => new FakeApiError(404, 10008, "Unknown Message"),
  unknownUser: () => new FakeApiError(404, 10013, "Unknown User"),
  unknownWebhook: () => new FakeApiError(404, 10015, "Unknown Webhook"),
  unknownInteraction: () => new FakeApiError(404, 10062, "Unknown interaction"),
  entityTooLarge: () => new FakeApiError(413, 40005, "Request entity too large"),
  alreadyAcknowledged: () =>
    new FakeApiError(400, 40060, "Interaction has already been acknowledged."),
  missingAccess: () => new FakeApiError(403, 50001, "Missing Access"),
  emptyMessage: () => new FakeApiError(400, 50006, "Cannot send an empty message"),
  cannotDmUser: () => new FakeApiError(403, 50007, "Cannot send messages to this user"),
  missingPermissions: () => new FakeApiError(403, 50013, "Missing Permissions"),
  invalidWebhookToken: () => new FakeApiError(401, 50027, "Invalid Webhook Token"),
  invalidRecipient: () => new FakeApiError(400, 50033, "Invalid Recipient(s)"),
  invalidFormBody: (errors: FormErrors) =>
    new FakeApiError(400, 50035, "Invalid Form Body", errors),
  invalidJson: () => new FakeApiError(400, 50109, "The request body contains invalid JSON."),
} as const;
