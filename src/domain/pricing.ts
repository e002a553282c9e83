import type { Duration, Resolution } from "./video-settings.js";

/** Seedance's price table (API credits), from shared/seedance-api.md. One credit is $0.005. */

interface PriceRow {
  readonly silent: number;
  readonly withAudio: number;
}

const PRICE_TABLE: Readonly<Record<Resolution, Readonly<Record<Duration, PriceRow>>>> = {
  "480p": {
    4: { silent: 8, withAudio: 14 },
    8: { silent: 14, withAudio: 28 },
    12: { silent: 19, withAudio: 38 },
  },
  "720p": {
    4: { silent: 14, withAudio: 28 },
    8: { silent: 28, withAudio: 56 },
    12: { silent: 42, withAudio: 84 },
  },
};

export interface PriceQuery {
  readonly resolution: string;
  readonly duration: number;
  readonly audio: boolean;
}

export class UnknownPriceError extends Error {
  constructor(query: PriceQuery) {
    super(`No Seedance price for ${query.resolution} / ${query.duration} s`);
    this.name = "UnknownPriceError";
  }
}

export function priceOf(query: PriceQuery): number {
  const row = PRICE_TABLE[query.resolution as Resolution]?.[query.duration as Duration];
  if (!row) throw new UnknownPriceError(query);
  return query.audio ? row.withAudio : row.silent;
}
