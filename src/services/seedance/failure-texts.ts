// What a failed task's `error_message` means, from one table. The texts are ByteDance's (Volcengine
// Ark / BytePlus ModelArk), which resellers such as seedanceapi.org pass through, sometimes with
// the error code in front and "Request id: …" behind. Sources:
// - Ark's error-code table (codes and English texts, e.g. InputTextSensitiveContentDetected: "The
//   request failed because the input text may contain sensitive information."; the
//   .PrivacyInformation variants: "…the input image may contain real person."), as mirrored by
//   public Ark clients on GitHub;
// - "The request failed because the output video may be related to copyright restrictions."
//   (OutputVideoSensitiveContentDetected.PolicyViolation) and the same for output audio, as reported
//   in public Seedance 2.0 integrations;
// - "Timeout while downloading url: https://… Request id: 0217…" (an image URL Ark couldn't fetch);
// - blog.segmind.com, "Seedance 2.0 Error Guide" (4,367 calls): output video and output audio
//   moderation very common, input image "real person", input text, copyright, timeouts.

/** What the bot records when Seedance reports success without a video URL (status.ts). */
export const NO_VIDEO_MESSAGE = "Seedance reported success but returned no video.";

export type SeedanceFailure =
  /** The prompt (`text`) or the image was refused by the input filter; null: not said which. */
  | { readonly kind: "input_moderated"; readonly input: "text" | "image" | null }
  /** The image looks like a real person's photo, which Seedance refuses. */
  | { readonly kind: "real_person" }
  /** The finished video was refused by the output filter. */
  | { readonly kind: "output_moderated" }
  /** The generated sound was refused; the same request without audio usually works. */
  | { readonly kind: "output_audio_moderated" }
  /** The video looked like copyrighted characters or brands. */
  | { readonly kind: "copyright" }
  /** A content filter refused it, without saying at which end. */
  | { readonly kind: "moderated" }
  /** Seedance couldn't download or use the image. */
  | { readonly kind: "image_unusable" }
  | { readonly kind: "timeout" }
  /** An error on Seedance's side; trying again later may work. */
  | { readonly kind: "service_error" }
  /** Seedance said it was done but sent no video. */
  | { readonly kind: "no_video" }
  /** Anything else: the cleaned, shortened text, or null when nothing readable was left. */
  | { readonly kind: "other"; readonly detail: string | null };

type KnownKind = Exclude<SeedanceFailure, { kind: "other" }>;

// First match wins, so the specific rows (real person, audio, copyright) come before the
// general ones, and an image download timeout before plain timeouts.
const table: readonly (readonly [RegExp, KnownKind])[] = [
  [/PrivacyInformation|may contain (?:a )?real (?:person|people|human)/i, { kind: "real_person" }],
  [
    /OutputAudio(?:SensitiveContentDetected|RiskDetection)|output audio (?:may|includes)/i,
    { kind: "output_audio_moderated" },
  ],
  [/copyright/i, { kind: "copyright" }],
  [
    /Output(?:Video|Image)?(?:SensitiveContentDetected|RiskDetection)|output (?:video |image )?(?:may contain|includes) sensitive/i,
    { kind: "output_moderated" },
  ],
  [
    /InputText(?:SensitiveContentDetected|RiskDetection)|input text (?:may|includes)|^\s*SensitiveContentDetected\b/i,
    { kind: "input_moderated", input: "text" },
  ],
  [
    /Input(?:Image|Video)(?:SensitiveContentDetected|RiskDetection)|input (?:image|video)\b[^.]*(?:may (?:contain sensitive|violate)|includes sensitive)/i,
    { kind: "input_moderated", input: "image" },
  ],
  [
    /SensitiveContent|sensitive (?:content|information)|content (?:policy|moderation)|moderation|safety (?:check|filter|system)/i,
    { kind: "moderated" },
  ],
  [
    /downloading url|InvalidImageURL|image_url\b.*(?:not valid|invalid)|OversizeImage|not an image|(?:download|fetch|load|decode)\w* (?:the )?(?:input )?image|image[^.]*(?:invalid|not valid|not supported|unsupported|too (?:large|small|big))/i,
    { kind: "image_unusable" },
  ],
  [/timed? ?out|timeout|stale request|took too long/i, { kind: "timeout" }],
  [
    /InternalServiceError|internal (?:server |service )?error|ServerOverloaded|service (?:is )?(?:unavailable|overloaded|busy)/i,
    { kind: "service_error" },
  ],
];

/** Sorts a task's `error_message` into what the member should hear. Pure. */
export function classifyFailure(errorMessage: string | null): SeedanceFailure {
  const text = errorMessage ?? "";
  if (text === NO_VIDEO_MESSAGE) return { kind: "no_video" };
  const known = table.find(([pattern]) => pattern.test(text))?.[1];
  return known ?? { kind: "other", detail: cleanFailureText(text) };
}

const stackLine = /^\s*(?:at\s.+|Traceback \(most recent call last\):|File ".+", line \d+.*)$/;

const noise: readonly RegExp[] = [
  /[([]?\b(?:ARK)?request[ _-]?id\b["']?\s*[:=：]?\s*["']?(?=[\w-]*\d)[\w-]+["']?[)\]]?/gi,
  /\b(?:url=)?https?:\/\/\S+/gi,
  /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, // UUIDs
  /\b(?=[0-9a-f]*\d)[0-9a-f]{16,}\b/gi, // long hex ids and hashes
  /\bcgt-\d{14}-\w+\b/gi, // Ark task ids
];

/**
 * Upstream text fit to show a member: no request or task ids, URLs or stack traces, one line,
 * at most `maxChars` (cut at a word boundary). Null when nothing readable is left.
 */
export function cleanFailureText(text: string, maxChars = 120): string | null {
  const lines = text.split(/\r?\n/);
  const stackStart = lines.findIndex((line) => stackLine.test(line));
  let cleaned = (stackStart === -1 ? lines : lines.slice(0, stackStart)).join(" ");
  for (const pattern of noise) cleaned = cleaned.replace(pattern, " ");
  cleaned = cleaned
    .replace(/\(\s*\)|\[\s*\]/g, " ")
    .replace(/\s+([.,;:])/g, "$1")
    .replace(/\s+/g, " ")
    .replace(/^[\s.,;:-]+|[\s,;:-]+$/g, "");
  if (!/\p{L}/u.test(cleaned)) return null;
  return shortenAtWord(cleaned, maxChars);
}

function shortenAtWord(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const cut = text.slice(0, maxChars - 1);
  // A cut right before a space already ends on a whole word.
  const space = text[maxChars - 1] === " " ? cut.length : cut.lastIndexOf(" ");
  const head = space > maxChars / 2 ? cut.slice(0, space) : cut;
  return `${head.replace(/[\s.,;:-]+$/, "")}…`;
}
