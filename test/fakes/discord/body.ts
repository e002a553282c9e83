import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { discordErrors } from "./errors.js";
import type { RecordedFile } from "./state.js";

/** Bytes of uploads up to this size are kept for assertions; larger ones only by hash. */
const KEEP_BYTES_UP_TO = 64 * 1024;

export interface ParsedBody {
  json: unknown;
  files: RecordedFile[];
}

/**
 * Reads a JSON or multipart/form-data body. discord.js sends multipart whenever a message
 * carries files: the JSON goes in `payload_json` and each file in `files[n]`.
 */
export async function readBody(req: IncomingMessage): Promise<ParsedBody> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  const raw = Buffer.concat(chunks);
  const type = req.headers["content-type"] ?? "";
  if (type.startsWith("multipart/form-data")) return parseMultipart(raw, type);
  if (raw.length === 0) return { json: undefined, files: [] };
  return { json: parseJson(raw.toString("utf8")), files: [] };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Discord's own answer to a malformed body; the parse error itself says nothing more.
    throw discordErrors.invalidJson();
  }
}

async function parseMultipart(raw: Buffer, contentType: string): Promise<ParsedBody> {
  const form = await new Request("http://fake.invalid/", {
    method: "POST",
    headers: { "content-type": contentType },
    body: raw,
  }).formData();
  let json: unknown;
  // Discord also takes JSON fields as plain form fields when there is no payload_json.
  const fields: Record<string, string> = {};
  const files: RecordedFile[] = [];
  for (const [field, value] of form.entries()) {
    if (typeof value === "string") {
      if (field === "payload_json") json = parseJson(value);
      else fields[field] = value;
      continue;
    }
    const bytes = Buffer.from(await value.arrayBuffer());
    files.push({
      field,
      name: value.name,
      contentType: value.type || "application/octet-stream",
      size: bytes.length,
      sha256: createHash("sha256").update(bytes).digest("hex"),
      bytes: bytes.length <= KEEP_BYTES_UP_TO ? bytes : null,
    });
  }
  return { json: json ?? (Object.keys(fields).length > 0 ? fields : undefined), files };
}
