import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  callbackSecret,
  callbackUrl,
  createCallbackSigner,
} from "../../src/http/callback-signature.js";

const JOB = "0b6f1d2e-3c4a-4b5c-8d6e-7f8091a2b3c4";
const OTHER_JOB = "9d8c7b6a-5f4e-4d3c-8b2a-190817263544";
const signer = createCallbackSigner(callbackSecret("discord-token", "seedance-key"));

describe("callback signatures", () => {
  it("verifies its own signature, in URL-safe form", () => {
    const signature = signer.sign(JOB);
    expect(signature).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(signer.verify(JOB, signature)).toBe(true);
  });

  it("refuses a tampered signature", () => {
    const signature = signer.sign(JOB);
    const flipped = `${signature.startsWith("A") ? "B" : "A"}${signature.slice(1)}`;
    expect(signer.verify(JOB, flipped)).toBe(false);
  });

  it("refuses another job's signature", () => {
    expect(signer.verify(JOB, signer.sign(OTHER_JOB))).toBe(false);
  });

  it("refuses signatures of the wrong length, empty included, without throwing", () => {
    const signature = signer.sign(JOB);
    expect(signer.verify(JOB, signature.slice(0, -1))).toBe(false);
    expect(signer.verify(JOB, `${signature}A`)).toBe(false);
    expect(signer.verify(JOB, "")).toBe(false);
    expect(signer.verify(JOB, "é".repeat(43))).toBe(false);
  });

  it("changes when either secret changes, so rotating one invalidates old URLs", () => {
    const signature = signer.sign(JOB);
    const newToken = createCallbackSigner(callbackSecret("discord-token-2", "seedance-key"));
    const newKey = createCallbackSigner(callbackSecret("discord-token", "seedance-key-2"));
    expect(newToken.verify(JOB, signature)).toBe(false);
    expect(newKey.verify(JOB, signature)).toBe(false);
  });

  it("keeps the two secrets apart: moving characters between them changes the key", () => {
    const split = createCallbackSigner(callbackSecret("ab", "c"));
    const moved = createCallbackSigner(callbackSecret("a", "bc"));
    expect(moved.verify(JOB, split.sign(JOB))).toBe(false);
  });

  it("is not a bare HMAC keyed with the secret itself", () => {
    const secret = callbackSecret("discord-token", "seedance-key");
    const naive = createHmac("sha256", secret).update(JOB).digest("base64url");
    expect(signer.sign(JOB)).not.toBe(naive);
  });

  it("refuses an empty secret", () => {
    expect(() => createCallbackSigner("")).toThrow(TypeError);
  });
});

describe("callbackUrl", () => {
  it("builds <PUBLIC_URL>/seedance/callback/<jobId>?sig=<sig>", () => {
    const url = callbackUrl("https://bot.example.com", JOB, signer);
    expect(url).toBe(`https://bot.example.com/seedance/callback/${JOB}?sig=${signer.sign(JOB)}`);
  });

  it("keeps a path prefix, with or without a trailing slash", () => {
    const expected = `https://example.com/bot/seedance/callback/${JOB}?sig=${signer.sign(JOB)}`;
    expect(callbackUrl("https://example.com/bot", JOB, signer)).toBe(expected);
    expect(callbackUrl("https://example.com/bot/", JOB, signer)).toBe(expected);
  });
});
