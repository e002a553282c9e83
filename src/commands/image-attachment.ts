import { refuse } from "../i18n/refusal.js";

const IMAGE_TYPES = new Set(["image/png", "image/jpeg", "image/webp"]);
const IMAGE_MAX_BYTES = 10 * 1024 * 1024;

/** What Discord tells us about an attachment; the bytes themselves are only read by Seedance. */
export interface AttachmentInfo {
  readonly name: string;
  readonly url: string;
  readonly contentType: string | null;
  readonly size: number;
  readonly width: number | null;
  readonly height: number | null;
}

const isDimension = (value: number | null) =>
  value !== null && Number.isSafeInteger(value) && value > 0;

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * Checks an /animate image from its metadata, before anything is charged. Seedance downloads the
 * URL, so it must be Discord's own CDN (a crafted payload could point anywhere, such as an
 * internal address); and both the type and the dimensions must say image, because Discord only
 * measures files it could decode as one.
 */
export function checkImageAttachment(
  image: AttachmentInfo,
  allowedOrigins: readonly string[],
): AttachmentInfo {
  const origin = originOf(image.url);
  if (origin === null || !allowedOrigins.includes(origin)) {
    throw refuse("refusals.imageNotDiscord");
  }
  const type = image.contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
  if (!IMAGE_TYPES.has(type)) {
    throw refuse("refusals.imageType", { name: image.name });
  }
  if (!isDimension(image.width) || !isDimension(image.height)) {
    throw refuse("refusals.imageUnreadable", { name: image.name });
  }
  if (image.size > IMAGE_MAX_BYTES) {
    const megabytes = (image.size / 1024 / 1024).toFixed(1);
    throw refuse("refusals.imageTooLarge", { megabytes });
  }
  return image;
}
