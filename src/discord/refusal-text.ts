import { CheaperOffer } from "../commands/cheaper.js";
import type { UserError } from "../domain/user-error.js";
import type { Translator } from "../i18n/index.js";
import { refusalFor } from "../i18n/refusal.js";
import { InsufficientCreditsError } from "../services/credits/refusals.js";

/**
 * A refusal in the reader's words. Not enough credits also says who can actually top up on
 * this bot: only the owners, or server admins too when ADMINS_CAN_TOP_UP is on.
 */
export function refusalText(error: UserError, t: Translator, adminsCanTopUp: boolean): string {
  const text = refusalFor(error, t);
  const credits = error instanceof CheaperOffer ? error.refusal : error;
  if (!(credits instanceof InsufficientCreditsError)) return text;
  const cheaper = error instanceof CheaperOffer ? `\n${error.render(t).line}` : "";
  return `${text}${cheaper}\n-# ${t(adminsCanTopUp ? "refusals.topUpAdmins" : "refusals.topUpOwner")}`;
}

/** The buttons a refusal offers (a cheaper job that fits), if any. */
export function refusalComponents(error: unknown, t: Translator) {
  return error instanceof CheaperOffer ? error.render(t).components : [];
}
