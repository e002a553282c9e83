/**
 * A refusal caused by what the user asked for. Its message is written for the user and is shown
 * as is (ephemerally); nothing was changed. A refusal with a `key` is shown in the member's
 * language instead: the interaction router translates the key with `params` (the message is
 * then the English text, for logs and tests).
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly key?: string,
    readonly params?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
