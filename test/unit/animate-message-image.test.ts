import { describe, expect, it } from "vitest";
import { imageText, pickImage } from "../../src/commands/animate-message/image.js";

const attachment = (
  overrides: Partial<Parameters<typeof pickImage>[0]["attachments"][0]> = {},
) => ({
  url: "https://cdn.discordapp.com/attachments/1/2/cat.png",
  name: "cat.png",
  contentType: "image/png",
  size: 1_000,
  width: 1080,
  height: 1920,
  ...overrides,
});

describe("pickImage", () => {
  it("takes the first PNG, JPEG or WebP attachment up to 10 MB, with its URL and size", () => {
    const gif = attachment({ name: "a.gif", contentType: "image/gif" });
    expect(pickImage({ attachments: [gif, attachment()], embedImages: [] })).toEqual({
      url: "https://cdn.discordapp.com/attachments/1/2/cat.png",
      width: 1080,
      height: 1920,
    });
  });

  it("falls back to an embedded image with an image extension", () => {
    const embedded = { url: "https://example.com/photo.JPG?x=1", width: 800, height: 600 };
    const gif = { url: "https://example.com/anim.gif", width: 1, height: 1 };
    expect(pickImage({ attachments: [], embedImages: [gif, embedded] })).toEqual(embedded);
  });

  it("explains why a message's image can't be used", () => {
    const big = attachment({ size: 11 * 1024 * 1024 });
    expect(pickImage({ attachments: [big], embedImages: [] })).toEqual({
      refusal: imageText.tooLarge("cat.png", 11 * 1024 * 1024),
    });
    const pdf = attachment({ name: "doc.pdf", contentType: "application/pdf" });
    expect(pickImage({ attachments: [pdf], embedImages: [] })).toEqual({
      refusal: imageText.wrongType("doc.pdf"),
    });
    expect(pickImage({ attachments: [], embedImages: [] })).toEqual({ refusal: imageText.none });
  });
});
