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
  if (!(error instanceof InsufficientCreditsError)) return text;
  return `${text}\n-# ${t(adminsCanTopUp ? "refusals.topUpAdmins" : "refusals.topUpOwner")}`;
}
