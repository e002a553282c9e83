/**
 * A refusal caused by what the user asked for. Its message is written for the user and is shown
 * as is (ephemerally); nothing was changed.
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
