import { type APIMessage, Message } from "discord.js";
import { IMAGE_MAX_BYTES, IMAGE_TYPES } from "../animate.js";
import type { FoundImage } from "../types.js";

/** An image found on a message: the URL Seedance will fetch, and its size when known. */

interface AttachmentLike {
  readonly url: string;
  readonly name: string;
  readonly contentType: string | null;
  readonly size: number;
  readonly width: number | null;
  readonly height: number | null;
}

interface MessageImages {
  readonly attachments: readonly AttachmentLike[];
  readonly embedImages: readonly FoundImage[];
}

export const imageText = {
  none: "That message has no image I can animate. Use **Animate with Seedance** on a message with a PNG, JPEG or WebP image (up to 10 MB), or use `/animate`.",
  wrongType: (name: string) =>
    `\`${name}\` isn't a PNG, JPEG or WebP image, so I can't animate it. Try a message with one of those formats.`,
  tooLarge: (name: string, size: number) =>
    `\`${name}\` is ${(size / 1024 / 1024).toFixed(1)} MB; the limit is 10 MB. Try a smaller image.`,
} as const;

const typeOf = (contentType: string | null) =>
  contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
const EMBED_IMAGE = /\.(png|jpe?g|webp)$/i;

/**
 * The first usable image: an attachment checked like /animate's (type and size, from what
 * Discord reports), else an embedded PNG, JPEG or WebP. Otherwise the reason, for the member.
 */
export function pickImage(images: MessageImages): FoundImage | { refusal: string } {
  const usable = images.attachments.find(
    (a) => IMAGE_TYPES.has(typeOf(a.contentType)) && a.size <= IMAGE_MAX_BYTES,
  );
  if (usable) return { url: usable.url, width: usable.width, height: usable.height };
  const embedded = images.embedImages.find((image) =>
    EMBED_IMAGE.test(new URL(image.url).pathname),
  );
  if (embedded) return embedded;
  const first = images.attachments[0];
  if (!first) return { refusal: imageText.none };
  return IMAGE_TYPES.has(typeOf(first.contentType))
    ? { refusal: imageText.tooLarge(first.name, first.size) }
    : { refusal: imageText.wrongType(first.name) };
}

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
      embedImages: message.embeds.flatMap((embed) => {
        const image = embed.image ?? embed.thumbnail;
        return image
          ? [{ url: image.url, width: image.width ?? null, height: image.height ?? null }]
          : [];
      }),
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
    embedImages: message.embeds.flatMap((embed) => {
      const image = embed.image ?? embed.thumbnail;
      return image
        ? [{ url: image.url, width: image.width ?? null, height: image.height ?? null }]
        : [];
    }),
  };
}
