/**
 * A refusal caused by what the user asked for; nothing was changed. It is shown (ephemerally)
 * in the member's language: the interaction router translates `key` with `params`. Its
 * `message`, the English text for logs and tests, is rendered only when something reads it:
 * a busy server refuses hundreds of commands a second, and nobody reads their messages.
 */
export class UserError extends Error {
  #english: string | (() => string);

  constructor(
    english: string | (() => string),
    readonly key?: string,
    readonly params?: Readonly<Record<string, unknown>>,
  ) {
    super();
    this.#english = english;
    this.name = new.target.name;
  }

  override get message(): string {
    if (typeof this.#english === "function") this.#english = this.#english();
    return this.#english;
  }
}
