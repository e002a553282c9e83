/**
 * What Seedance says a task cost is only trusted when it is a plausible whole number: the ledger
 * holds integers, and a fraction, a negative or a wild figure (a bug, a unit change, a hostile
 * proxy) must not reach a settlement. Settling only ever gives back `price - consumed`, so an
 * ignored figure simply means the member keeps paying the reserved price.
 */

/** Seedance may charge more than we reserved, but not this many times more. */
const CONSUMED_PRICE_FACTOR = 10;
/** Past any real task's cost, whatever the price: the same bound as a top-up. */
const CONSUMED_CREDITS_CAP = 1_000_000;

export type ConsumedCredits =
  | { readonly trusted: true; readonly credits: number | null }
  | { readonly trusted: false; readonly reported: number; readonly reason: string };

/** Sorts a reported cost into "use it" (null when none was reported) and "ignore it, and why". */
export function checkConsumedCredits(reported: number | null, price: number): ConsumedCredits {
  if (reported === null) return { trusted: true, credits: null };
  const reject = (reason: string) => ({ trusted: false, reported, reason }) as const;
  if (!Number.isSafeInteger(reported)) return reject("not a whole number");
  if (reported < 0) return reject("negative");
  if (reported > CONSUMED_CREDITS_CAP || reported > price * CONSUMED_PRICE_FACTOR) {
    return reject(`implausible for a job priced ${price}`);
  }
  return { trusted: true, credits: reported };
}
