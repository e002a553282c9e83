import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { makeClip } from "../helpers/ffmpeg.js";
import { type Harness, startHarness } from "./harness.js";

const LIMIT = 512 * 1024;

/** Issue 15: over-limit videos are compressed to fit, or sent as a link that may expire. */
describe("large and broken videos", () => {
  const folder = mkdtempSync(join(tmpdir(), "seedance-bot-clip-"));
  let clip: Buffer;
  let withFfmpeg: Harness;
  let withoutFfmpeg: Harness;

  beforeAll(async () => {
    const path = join(folder, "clip.mp4");
    await makeClip(path, { seconds: 4, size: "1280x720", audio: true });
    clip = readFileSync(path);
    expect(clip.byteLength).toBeGreaterThan(LIMIT);
    [withFfmpeg, withoutFfmpeg] = await Promise.all([
      startHarness(),
      startHarness({ env: { FFMPEG_PATH: join(folder, "no-ffmpeg-here") } }),
    ]);
    await Promise.all([withFfmpeg.topUp(1_000), withoutFfmpeg.topUp(1_000)]);
  }, 120_000);
  beforeEach(() => {
    withFfmpeg.seedance.resetScripts();
    withoutFfmpeg.seedance.resetScripts();
  });
  afterAll(async () => {
    await Promise.all([withFfmpeg.close(), withoutFfmpeg.close()]);
    rmSync(folder, { recursive: true, force: true });
  });

  async function bigVideo(harness: Harness, body: Buffer = clip) {
    harness.seedance.scriptNextTask({ videoBody: body });
    const { token } = await harness.command("video", {
      options: { prompt: "a red fox trotting through snow" },
      attachmentSizeLimit: LIMIT,
    });
    return harness.finalReply(token, 60_000);
  }

  it("compresses a video over the upload limit and uploads it, saying so", async () => {
    const final = await bigVideo(withFfmpeg);
    expect(final.attachments).toHaveLength(1);
    expect(final.attachments[0]?.name).toBe("a-red-fox-trotting-through-snow.mp4");
    expect(final.attachments[0]?.size).toBeLessThanOrEqual(LIMIT);
    expect(final.content).toMatch(/[Cc]ompressed to fit/);
  });

  it("sends the link, saying it may expire, when ffmpeg is not available", async () => {
    const final = await bigVideo(withoutFfmpeg);
    expect(final.attachments).toHaveLength(0);
    expect(final.content).toMatch(/may expire[\s\S]*\/videos\/.+\.mp4/);
  });
});
