import { describe, expect, it } from "vitest";
import { pickImage } from "../../src/commands/animate-message/image.js";

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

const ORIGINS = ["https://cdn.discordapp.com", "https://media.discordapp.net"];

describe("pickImage", () => {
  it("takes the first PNG, JPEG or WebP attachment up to 10 MB, with its URL and size", () => {
    const gif = attachment({ name: "a.gif", contentType: "image/gif" });
    expect(pickImage({ attachments: [gif, attachment()], embedImages: [] }, ORIGINS)).toEqual({
      url: "https://cdn.discordapp.com/attachments/1/2/cat.png",
      width: 1080,
      height: 1920,
    });
  });

  it("falls back to an embedded image with an image extension, as Discord's proxy serves it", () => {
    const proxy = "https://media.discordapp.net/external/abc/https/example.com";
    const embedded = { url: `${proxy}/photo.JPG?x=1`, width: 800, height: 600 };
    const gif = { url: `${proxy}/anim.gif`, width: 1, height: 1 };
    expect(pickImage({ attachments: [], embedImages: [gif, embedded] }, ORIGINS)).toEqual(embedded);
  });

  it("never points Seedance at a host that isn't Discord's", () => {
    const elsewhere = { url: "https://example.com/photo.jpg", width: 800, height: 600 };
    const offCdn = attachment({ url: "http://10.0.0.1/cat.png" });
    expect(pickImage({ attachments: [offCdn], embedImages: [elsewhere] }, ORIGINS)).toEqual({
      refusal: expect.objectContaining({
        message: expect.stringMatching(/only animate images uploaded to Discord/),
      }),
    });
  });

  it("explains why a message's image can't be used", () => {
    const big = attachment({ size: 11 * 1024 * 1024 });
    expect(pickImage({ attachments: [big], embedImages: [] }, ORIGINS)).toEqual({
      refusal: expect.objectContaining({
        message: expect.stringMatching(/11\.0 MB; the limit is 10 MB/),
      }),
    });
    const pdf = attachment({ name: "doc.pdf", contentType: "application/pdf" });
    expect(pickImage({ attachments: [pdf], embedImages: [] }, ORIGINS)).toEqual({
      refusal: expect.objectContaining({
        message: expect.stringMatching(/`doc.pdf` isn't a PNG, JPEG or WebP image/),
      }),
    });
    expect(pickImage({ attachments: [], embedImages: [] }, ORIGINS)).toEqual({
      refusal: expect.objectContaining({ key: "refusals.noImage" }),
    });
  });
});
