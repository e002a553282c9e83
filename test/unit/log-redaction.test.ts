import { DiscordAPIError } from "discord.js";
import { describe, expect, it } from "vitest";
import { MAX_LINE_BYTES, redactUrl } from "../../src/log-redaction.js";
import { createLogger } from "../../src/logger.js";

const TOKEN = "aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OTA6c2VjcmV0LXRva2Vu";
const WEBHOOK_URL = `https://discord.com/api/v10/webhooks/123456789012345678/${TOKEN}/messages/@original`;

function capture() {
  const lines: string[] = [];
  const logger = createLogger({ logLevel: "debug" }, { write: (line: string) => lines.push(line) });
  const parsed = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines, parsed };
}

function uploadError(): DiscordAPIError {
  const video = Buffer.alloc(200_000, 7);
  return new DiscordAPIError(
    { code: 50035, message: "Invalid Form Body" },
    50035,
    400,
    "PATCH",
    WEBHOOK_URL,
    {
      files: [{ name: "video.mp4", data: video, contentType: "video/mp4" }],
      body: { content: "x" },
    },
  );
}

describe("redactUrl", () => {
  it.each([
    [
      WEBHOOK_URL,
      "https://discord.com/api/v10/webhooks/123456789012345678/[redacted]/messages/@original",
    ],
    [`/interactions/1/${TOKEN}/callback`, "/interactions/1/[redacted]/callback"],
    ["/channels/1/messages/2", "/channels/1/messages/2"],
    ["postgres://bot:s3cr%40t@db:5432/bot", "postgres://bot:[redacted]@db:5432/bot"],
    [
      'connect to "postgresql://:pw@10.0.0.5/bot?ssl=true" failed',
      'connect to "postgresql://:[redacted]@10.0.0.5/bot?ssl=true" failed',
    ],
    ["postgres://bot@db/bot", "postgres://bot@db/bot"],
    [
      "postgres://db/bot?user=bot&password=pw&ssl=1",
      "postgres://db/bot?user=bot&password=[redacted]&ssl=1",
    ],
    ["https://cdn.example.com/a:b@c", "https://cdn.example.com/a:b@c"],
  ])("turns %s into %s", (url, clean) => {
    expect(redactUrl(url)).toBe(clean);
  });
});

describe("the logger's redaction", () => {
  it("logs a Discord upload error by its kind, code and file names, without token or bytes", () => {
    const { logger, lines, parsed } = capture();
    logger.warn({ err: uploadError(), jobId: "j1" }, "Delivery failed");
    expect(lines[0]).not.toContain(TOKEN);
    expect(Buffer.byteLength(lines[0] ?? "")).toBeLessThan(MAX_LINE_BYTES);
    const [line] = parsed();
    expect(line).toMatchObject({
      jobId: "j1",
      err: {
        type: "DiscordAPIError",
        code: 50035,
        status: 400,
        url: expect.stringContaining("/webhooks/123456789012345678/[redacted]/messages"),
        requestBody: { files: [{ name: "video.mp4", bytes: 200_000 }], json: { content: "x" } },
      },
    });
  });

  it("replaces bare buffers and typed arrays by their size", () => {
    const { logger, parsed } = capture();
    logger.info({ body: Buffer.alloc(5_000), view: new Uint8Array(10) }, "bytes");
    expect(parsed()[0]).toMatchObject({ body: "[5000 bytes]", view: "[10 bytes]" });
  });

  it("blanks authorization headers and tokens wherever they are", () => {
    const { logger, lines } = capture();
    logger.info(
      {
        request: { headers: { Authorization: "Bot secret-bot-token" } },
        nested: { a: { token: "t0k" } },
      },
      "request",
    );
    expect(lines[0]).not.toContain("secret-bot-token");
    expect(lines[0]).not.toContain("t0k");
  });

  it("blanks a bot token or bearer key standing alone, as a raw header list holds it", () => {
    const { logger, lines } = capture();
    const rawHeaders = ["Authorization", "Bot secret-bot-token-0123456789", "Content-Type", "x"];
    logger.warn({ rawHeaders, note: "sent Bearer sk-seedance-0123456789abcdef" }, "request");
    expect(lines[0]).not.toContain("secret-bot-token");
    expect(lines[0]).not.toContain("sk-seedance");
    expect(lines[0]).toContain("Bot [redacted]");
  });

  it("never logs the database password, as a setting, in the config or inside an error", () => {
    const { logger, lines } = capture();
    const url = "postgres://bot:pg-secret-password@db.internal:5432/bot";
    logger.info({ databaseUrl: url, config: { databaseUrl: url } }, "config");
    logger.error({ err: new Error(`could not connect to ${url}`), target: url }, "failed");
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).not.toContain("pg-secret-password");
    expect(lines[1]).toContain("postgres://bot:[redacted]@db.internal:5432/bot");
  });

  it("keeps every line under 8 KB, however much is logged", () => {
    const { logger, lines, parsed } = capture();
    const many = Object.fromEntries(
      Array.from({ length: 200 }, (_, i) => [`k${i}`, "v".repeat(900)]),
    );
    logger.error({ long: "x".repeat(50_000), many, list: Array(1_000).fill("y") }, "huge");
    for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThan(MAX_LINE_BYTES);
    expect(parsed()[0]).toMatchObject({ level: 50, msg: "huge" });
  });
});
