import { type APIEmbedImage, type APIMessage, type EmbedAssetData, Message } from "discord.js";
import { UserError } from "../../domain/user-error.js";
import { refuse } from "../../i18n/refusal.js";
import { type AttachmentInfo, checkImageAttachment } from "../image-attachment.js";
import type { FoundImage } from "../types.js";

/** What a message offers to animate: its attachments, and embedded images (through Discord's proxy). */
interface MessageImages {
  readonly attachments: readonly AttachmentInfo[];
  readonly embedImages: readonly FoundImage[];
}

const imageText = {
  none: () => refuse("refusals.noImage"),
} as const;

const EMBED_IMAGE = /\.(png|jpe?g|webp)$/i;

function hostedOn(url: string, origins: readonly string[]): boolean {
  try {
    return origins.includes(new URL(url).origin);
  } catch {
    return false;
  }
}

/** The reason an attachment can't be animated, or null when it can. */
function problemWith(attachment: AttachmentInfo, origins: readonly string[]): UserError | null {
  try {
    checkImageAttachment(attachment, origins);
    return null;
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
}

/**
 * The first usable image: an attachment passing exactly /animate's checks (Discord's CDN, type,
 * dimensions, size), else an embedded PNG, JPEG or WebP as Discord's media proxy serves it (so
 * Seedance is never pointed at an arbitrary host). Otherwise the reason, for the member.
 */
export function pickImage(
  images: MessageImages,
  origins: readonly string[],
): FoundImage | { refusal: UserError } {
  const usable = images.attachments.find((a) => problemWith(a, origins) === null);
  if (usable) return { url: usable.url, width: usable.width, height: usable.height };
  const embedded = images.embedImages.find(
    (image) => hostedOn(image.url, origins) && EMBED_IMAGE.test(new URL(image.url).pathname),
  );
  if (embedded) return embedded;
  const first = images.attachments[0];
  return { refusal: (first ? problemWith(first, origins) : null) ?? imageText.none() };
}

type EmbedImage = Pick<EmbedAssetData, "proxyURL" | "width" | "height"> | null | undefined;
type RawEmbedImage = APIEmbedImage | null | undefined;

const proxied = (image: EmbedImage): FoundImage[] =>
  image?.proxyURL
    ? [{ url: image.proxyURL, width: image.width ?? null, height: image.height ?? null }]
    : [];

const proxiedRaw = (image: RawEmbedImage): FoundImage[] =>
  image?.proxy_url
    ? [{ url: image.proxy_url, width: image.width ?? null, height: image.height ?? null }]
    : [];

/** Attachments and embedded images of the target message, cached or raw. */
export function imagesOf(message: Message | APIMessage): MessageImages {
  if (message instanceof Message) {
    return {
      attachments: [...message.attachments.values()].map((a) => ({
        url: a.url,
        name: a.name,
        contentType: a.contentType,
        size: a.size,
        width: a.width,
        height: a.height,
      })),
      embedImages: message.embeds.flatMap((embed) => proxied(embed.image ?? embed.thumbnail)),
    };
  }
  return {
    attachments: message.attachments.map((a) => ({
      url: a.url,
      name: a.filename,
      contentType: a.content_type ?? null,
      size: a.size,
      width: a.width ?? null,
      height: a.height ?? null,
    })),
    embedImages: message.embeds.flatMap((embed) => proxiedRaw(embed.image ?? embed.thumbnail)),
  };
}
