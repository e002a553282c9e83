import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  classifyFailure,
  cleanFailureText,
  NO_VIDEO_MESSAGE,
  type SeedanceFailure,
} from "../../src/services/seedance/failure-texts.js";

const requestId = "Request id: 021747249259246c3357216e17c0b80f370e26caa2c4bb88e9eff";

// Texts as ByteDance's Ark writes them (see the sources in failure-texts.ts), with and without
// the code in front and the request id behind, as resellers pass them on.
const cases: [string, SeedanceFailure][] = [
  [
    "The request failed because the input text may contain sensitive information.",
    { kind: "input_moderated", input: "text" },
  ],
  [
    `InputTextSensitiveContentDetected: The request failed because the input text may contain sensitive information. ${requestId}`,
    { kind: "input_moderated", input: "text" },
  ],
  ["InputTextSensitiveContentDetected", { kind: "input_moderated", input: "text" }],
  [
    "SensitiveContentDetected: The request failed because the input text may contain sensitive information.",
    { kind: "input_moderated", input: "text" },
  ],
  [
    "InputTextSensitiveContentDetected.PolicyViolation The request failed because the input text may violate platform rules.",
    { kind: "input_moderated", input: "text" },
  ],
  [
    "The request failed because the input image may contain sensitive information.",
    { kind: "input_moderated", input: "image" },
  ],
  ["InputImageSensitiveContentDetected", { kind: "input_moderated", input: "image" }],
  [
    "The request could not be processed because the input image includes sensitive content that violates ContentSecurityDetection.",
    { kind: "input_moderated", input: "image" },
  ],
  [
    `InputImageSensitiveContentDetected.PrivacyInformation: The request failed because the input image may contain real person. ${requestId}`,
    { kind: "real_person" },
  ],
  ["Input image may contain real person.", { kind: "real_person" }],
  [
    "The request failed because the output video may contain sensitive information.",
    { kind: "output_moderated" },
  ],
  [
    `OutputVideoSensitiveContentDetected: The request failed because the output video may contain sensitive information. ${requestId}`,
    { kind: "output_moderated" },
  ],
  ["OutputVideoSensitiveContentDetected", { kind: "output_moderated" }],
  [
    "The request failed because the output audio may contain sensitive information.",
    { kind: "output_audio_moderated" },
  ],
  [
    "OutputAudioSensitiveContentDetected.PolicyViolation The request failed because the output audio may be related to copyright restrictions.",
    { kind: "output_audio_moderated" },
  ],
  [
    "OutputVideoSensitiveContentDetected.PolicyViolation The request failed because the output video may be related to copyright restrictions.",
    { kind: "copyright" },
  ],
  ["content rejected by moderation", { kind: "moderated" }],
  ["The content may contain sensitive information", { kind: "moderated" }],
  [
    `Timeout while downloading url: https://cdn.discordapp.com/attachments/1/2/cat.png?ex=abc ${requestId}`,
    { kind: "image_unusable" },
  ],
  [
    "The parameter `content[1].image_url.url` specified in the request is not valid: the specified asset is not an image.",
    { kind: "image_unusable" },
  ],
  ["OversizeImage: the image exceeds 30 MB", { kind: "image_unusable" }],
  ["Failed to download image from the provided URL", { kind: "image_unusable" }],
  ["Task timed out", { kind: "timeout" }],
  ["TIMEOUT", { kind: "timeout" }],
  ["Stale request: the request sat too long in the queue", { kind: "timeout" }],
  [
    `InternalServiceError: The service encountered an unexpected internal error. ${requestId}`,
    { kind: "service_error" },
  ],
  ["ServerOverloaded", { kind: "service_error" }],
  ["Video generation failed", { kind: "other", detail: "Video generation failed" }],
  [`Generation failed. ${requestId}`, { kind: "other", detail: "Generation failed." }],
  ["", { kind: "other", detail: null }],
  // The bot's own note for a success without a video (status.ts), said in the member's words.
  [NO_VIDEO_MESSAGE, { kind: "no_video" }],
];

describe("classifyFailure", () => {
  it.each(cases)("%j", (text, expected) => {
    expect(classifyFailure(text)).toEqual(expected);
  });

  it("treats a missing message as unknown", () => {
    expect(classifyFailure(null)).toEqual({ kind: "other", detail: null });
  });
});

describe("cleanFailureText", () => {
  it.each([
    [`Generation failed (${requestId})`, "Generation failed"],
    ["Render failed, request_id=abc-123-def", "Render failed"],
    ["Upstream said no. ARKRequest ID: 20260606160057ABCDEF", "Upstream said no."],
    ["Could not fetch https://example.com/a/b?token=secret for task", "Could not fetch for task"],
    ["Worker 3f2b1c4d-9a8e-4f7b-8c6d-5e4f3a2b1c0d crashed", "Worker crashed"],
    ["Task cgt-20260606160057-6bbjd failed", "Task failed"],
    ["Blob a1b2c3d4e5f60718293a4b5c6d7e8f90 missing", "Blob missing"],
    [
      "TypeError: Cannot read properties of undefined\n    at render (/srv/app/worker.js:10:5)\n    at main (/srv/app/index.js:3:1)",
      "TypeError: Cannot read properties of undefined",
    ],
    [
      'model crashed\nTraceback (most recent call last):\n  File "/app/run.py", line 3, in <module>',
      "model crashed",
    ],
    ["  lots   of\n\tspace  ", "lots of space"],
    ["the request id is not a number", "the request id is not a number"],
  ])("%j → %j", (text, expected) => {
    expect(cleanFailureText(text)).toBe(expected);
  });

  it.each([requestId, "https://example.com/x", "   ", "0217472492592 --- ()"])(
    "leaves nothing of %j",
    (text) => {
      expect(cleanFailureText(text)).toBeNull();
    },
  );

  it("shortens at a word boundary", () => {
    const long = `The render farm could not finish ${"this very long explanation ".repeat(10)}`;
    const short = cleanFailureText(long, 60);
    expect(short).toBe("The render farm could not finish this very long explanation…");
    expect(short?.length).toBeLessThanOrEqual(60);
  });

  it("cuts a single endless word hard rather than not at all", () => {
    expect(cleanFailureText("x".repeat(300), 50)).toBe(`${"x".repeat(49)}…`);
  });
});

describe("cleanFailureText, for any text", () => {
  const piece = fc.oneof(
    fc.string(),
    fc.constantFrom(
      "Request id: 0217abc123",
      "https://cdn.example.com/v.mp4?sig=1",
      "\n    at x (y.js:1:1)",
    ),
  );
  it("stays within the length and shows no URL or request id", () => {
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 8 }),
        fc.integer({ min: 10, max: 200 }),
        (parts, max) => {
          const cleaned = cleanFailureText(parts.join(" "), max);
          if (cleaned === null) return;
          expect(cleaned.length).toBeLessThanOrEqual(max);
          expect(cleaned).not.toMatch(/https?:\/\/|Request id: 0217|\n/);
        },
      ),
    );
  });
});
