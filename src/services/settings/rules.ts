import type { GuildLanguage } from "../../db/schema.js";
import { nearestAspectRatio } from "../../domain/aspect-ratio.js";
import type { AspectRatio, Duration, Resolution } from "../../domain/video-settings.js";

/** A server's defaults for /video and /animate; null means "use the built-in default". */
export interface ServerDefaults {
  readonly resolution: Resolution | null;
  readonly duration: Duration | null;
  readonly aspectRatio: AspectRatio | null;
  readonly audio: boolean | null;
  readonly fixedLens: boolean | null;
}

export interface GuildSettings {
  readonly defaults: ServerDefaults;
  /** Channels where members may generate; empty means everywhere. */
  readonly channelIds: readonly string[];
  readonly roleId: string | null;
  readonly confirmAbove: number | null;
  readonly maxCost: number | null;
  readonly language: GuildLanguage;
}

export const NO_DEFAULTS: ServerDefaults = {
  resolution: null,
  duration: null,
  aspectRatio: null,
  audio: null,
  fixedLens: null,
};

/** A server that never changed anything. */
export const DEFAULT_SETTINGS: GuildSettings = {
  defaults: NO_DEFAULTS,
  channelIds: [],
  roleId: null,
  confirmAbove: null,
  maxCost: null,
  language: "auto",
};

/** What the bot used before servers had settings (DESIGN §2). */
export const BUILT_IN = {
  resolution: "720p",
  duration: 8,
  aspectRatio: "16:9",
  audio: false,
  fixedLens: false,
} as const satisfies { [K in keyof ServerDefaults]: NonNullable<ServerDefaults[K]> };

/** The options a member typed; a missing one is undefined. */
export type MemberChoice = { readonly [K in keyof ServerDefaults]?: ServerDefaults[K] & {} };

export type EffectiveOptions = {
  readonly [K in keyof ServerDefaults]: NonNullable<ServerDefaults[K]>;
};

/**
 * The member's choice, else the server's default, else the built-in one. An image without a
 * chosen ratio and without a server default follows the image's own shape.
 */
export function effectiveOptions(
  choice: MemberChoice,
  server: ServerDefaults,
  image: { readonly width: number; readonly height: number } | null = null,
): EffectiveOptions {
  const shape = image && image.width > 0 && image.height > 0 ? image : null;
  return {
    resolution: choice.resolution ?? server.resolution ?? BUILT_IN.resolution,
    duration: choice.duration ?? server.duration ?? BUILT_IN.duration,
    aspectRatio:
      choice.aspectRatio ??
      server.aspectRatio ??
      (shape ? nearestAspectRatio(shape.width, shape.height) : BUILT_IN.aspectRatio),
    audio: choice.audio ?? server.audio ?? BUILT_IN.audio,
    fixedLens: choice.fixedLens ?? server.fixedLens ?? BUILT_IN.fixedLens,
  };
}

/** Where and by whom a job is asked for, and what it costs. */
export interface GenerationRequest {
  readonly channelId: string;
  /** The parent channel of a thread, so allowing a channel allows its threads. */
  readonly parentChannelId: string | null;
  readonly roleIds: readonly string[];
  readonly price: number;
}

export type GenerationRefusal =
  | { readonly kind: "channel"; readonly channelIds: readonly string[] }
  | { readonly kind: "role"; readonly roleId: string }
  | { readonly kind: "max_cost"; readonly price: number; readonly maxCost: number };

/** The first server rule a job breaks, or null. Pure: checked before any credit is reserved. */
export function generationRefusal(
  settings: GuildSettings,
  request: GenerationRequest,
): GenerationRefusal | null {
  const { channelIds, roleId, maxCost } = settings;
  const inAllowedChannel =
    channelIds.length === 0 ||
    channelIds.includes(request.channelId) ||
    (request.parentChannelId !== null && channelIds.includes(request.parentChannelId));
  if (!inAllowedChannel) return { kind: "channel", channelIds };
  if (roleId !== null && !request.roleIds.includes(roleId)) return { kind: "role", roleId };
  if (maxCost !== null && request.price > maxCost) {
    return { kind: "max_cost", price: request.price, maxCost };
  }
  return null;
}

/** Jobs costing more than the server's threshold ask the member first. */
export function needsConfirmation(settings: GuildSettings, price: number): boolean {
  return settings.confirmAbove !== null && price > settings.confirmAbove;
}
