import { stdSerializers } from "pino";

/** Every log line stays under this, so a collector never drops or splits one. */
export const MAX_LINE_BYTES = 8 * 1024;
const MAX_STRING = 1_000;
const MAX_STACK = 2_000;
const MAX_ITEMS = 20;
const MAX_DEPTH = 6;
const SECRET_KEY =
  /^(authorization|token|interactionToken|apiKey|password|secret|databaseUrl|connectionString)$/i;
// Interaction tokens travel in URL paths: webhooks/<app>/<token>, interactions/<id>/<token>.
const TOKEN_IN_PATH = /((?:webhooks|interactions)\/\d+\/)[^/?#\s"]+/g;
// A password in a URL, as DATABASE_URL has it: postgres://bot:<password>@db/bot, or ?password=.
const PASSWORD_IN_URL = /(\b[a-z][a-z\d+.-]*:\/\/[^:/?#\s@"]*:)[^@/?#\s"]*@/gi;
const PASSWORD_IN_QUERY = /([?&]password=)[^&#\s"]*/gi;
// An Authorization value outside an `authorization` key, e.g. in a request's rawHeaders list.
const CREDENTIAL = /\b(Bot|Bearer) [\w.~+/=-]{16,}/g;

// Every pattern above needs one of these characters; most logged strings (ids, codes) have none.
const MAY_HOLD_SECRET = /[/?& ]/;

const withoutUrlSecrets = (text: string) =>
  text
    .replace(TOKEN_IN_PATH, "$1[redacted]")
    .replace(PASSWORD_IN_URL, "$1[redacted]@")
    .replace(PASSWORD_IN_QUERY, "$1[redacted]");

/** A URL with the interaction token or the password taken out. */
export function redactUrl(text: string): string {
  return MAY_HOLD_SECRET.test(text) ? withoutUrlSecrets(text) : text;
}

function shorten(text: string, max: number): string {
  const clean = MAY_HOLD_SECRET.test(text)
    ? withoutUrlSecrets(text).replace(CREDENTIAL, "$1 [redacted]")
    : text;
  return clean.length <= max ? clean : `${clean.slice(0, max)}… [${clean.length - max} more]`;
}

const isBinary = (value: unknown): value is ArrayBufferView | ArrayBuffer =>
  ArrayBuffer.isView(value) || value instanceof ArrayBuffer;

/** A file body (Buffer, Uint8Array, `{ name, data }`) as its name and size, never its bytes. */
function describeFile(value: Record<string, unknown>): Record<string, unknown> | null {
  if (!isBinary(value.data)) return null;
  return { name: value.name ?? null, bytes: value.data.byteLength };
}

function sanitize(value: unknown, depth: number, key = ""): unknown {
  if (typeof value === "string") {
    return SECRET_KEY.test(key)
      ? "[redacted]"
      : shorten(value, key === "stack" ? MAX_STACK : MAX_STRING);
  }
  if (value === null || typeof value !== "object") return value;
  if (SECRET_KEY.test(key)) return "[redacted]";
  if (isBinary(value)) return `[${value.byteLength} bytes]`;
  if (depth >= MAX_DEPTH) return "[nested too deep]";
  if (value instanceof Error) return sanitize(stdSerializers.err(value), depth, key);
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((item) => sanitize(item, depth + 1));
    return value.length > MAX_ITEMS ? [...items, `[${value.length - MAX_ITEMS} more]`] : items;
  }
  const record = value as Record<string, unknown>;
  const file = describeFile(record);
  if (file) return file;
  return Object.fromEntries(
    Object.entries(record).map(([name, child]) => [name, sanitize(child, depth + 1, name)]),
  );
}

/**
 * The one place log objects are cleaned (pino's `formatters.log`): Discord REST errors carry the
 * request URL with the interaction token and the request body with whole videos as bytes.
 */
export function redactLogObject(object: Record<string, unknown>): Record<string, unknown> {
  return sanitize(object, 0) as Record<string, unknown>;
}

/**
 * The last guard (pino's `hooks.streamWrite`): a line still over the cap is replaced by a short
 * one that keeps its level, time and message, and says how long the original was.
 */
export function capLogLine(line: string): string {
  const bytes = Buffer.byteLength(line);
  if (bytes < MAX_LINE_BYTES) return line;
  let head: Record<string, unknown> = {};
  try {
    head = JSON.parse(line) as Record<string, unknown>;
  } catch {
    // A line that isn't JSON keeps only its length.
  }
  const { level, time, pid, msg } = head;
  const msgText = typeof msg === "string" ? shorten(msg, MAX_STRING) : undefined;
  return `${JSON.stringify({ level, time, pid, msg: msgText, truncatedLineBytes: bytes })}\n`;
}
