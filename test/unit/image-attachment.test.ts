import { describe, expect, it } from "vitest";
import { type AttachmentInfo, checkImageAttachment } from "../../src/commands/image-attachment.js";
import { UserError } from "../../src/domain/user-error.js";

const ORIGINS = [
  "https://cdn.discordapp.com",
  "https://media.discordapp.net",
  "http://127.0.0.1:8123",
];
const PNG: AttachmentInfo = {
  name: "cat.png",
  url: "https://cdn.discordapp.com/attachments/1/2/cat.png",
  contentType: "image/png",
  size: 200_000,
  width: 1024,
  height: 768,
};

const refusal = (image: Partial<AttachmentInfo>) => {
  try {
    checkImageAttachment({ ...PNG, ...image }, ORIGINS);
  } catch (error) {
    if (error instanceof UserError) return error.message;
    throw error;
  }
  return null;
};

describe("checkImageAttachment", () => {
  it.each([
    PNG.url,
    "https://media.discordapp.net/attachments/1/2/cat.png?width=10",
    "http://127.0.0.1:8123/attachments/1/2/cat.png",
  ])("accepts an image at %s", (url) => {
    expect(refusal({ url })).toBeNull();
  });

  it.each([
    "https://evil.example/cat.png",
    "http://cdn.discordapp.com/attachments/1/2/cat.png",
    "https://cdn.discordapp.com.evil.example/cat.png",
    "http://127.0.0.1:9999/cat.png",
    "http://169.254.169.254/latest/meta-data",
    "not a url",
  ])("refuses an image at %s", (url) => {
    expect(refusal({ url })).toMatch(/only animate images uploaded to Discord/);
  });

  it.each([
    ["no width", { width: null }],
    ["no height", { height: null }],
    ["a zero width", { width: 0 }],
    ["a fractional height", { height: 10.5 }],
  ])("refuses an image type with %s: Discord couldn't decode it", (_, image) => {
    expect(refusal(image)).toMatch(/couldn't read `cat.png` as an image/);
  });

  it("refuses a type that isn't an image, and a file over 10 MB", () => {
    expect(refusal({ contentType: "text/html" })).toMatch(/isn't a PNG, JPEG or WebP/);
    expect(refusal({ contentType: null })).toMatch(/isn't a PNG, JPEG or WebP/);
    expect(refusal({ size: 11 * 1024 * 1024 })).toMatch(/11\.0 MB/);
  });
});
