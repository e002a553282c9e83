import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { detectFfmpeg } from "../../src/services/delivery/ffmpeg.js";
import {
  createVideoFitter,
  type VideoFitterOptions,
} from "../../src/services/delivery/fit-video.js";
import { checkMp4 } from "../../src/services/delivery/mp4.js";
import { probeVideo } from "../../src/services/delivery/probe.js";
import { decodesCleanly, makeClip, processesMentioning, testFfmpeg } from "../helpers/ffmpeg.js";

const KiB = 1024;
let work: string;
let scratch: string; // the fitters' tmpDir: empty again after every fit
let large: Buffer; // 8 s, 1280x720, with sound, well over 512 KiB
let small: Buffer; // 3 s, 640x360, silent

const fitter = (overrides: Partial<VideoFitterOptions> = {}) =>
  createVideoFitter({
    ffmpegPath: testFfmpeg,
    maxConcurrent: 2,
    timeoutMs: 30_000,
    tmpDir: scratch,
    ...overrides,
  });

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "fit-video-test-"));
  scratch = mkdtempSync(join(work, "scratch-"));
  await Promise.all([
    makeClip(join(work, "large.mp4"), { seconds: 8, size: "1280x720", audio: true }),
    makeClip(join(work, "small.mp4"), { seconds: 3, size: "640x360", audio: false }),
  ]);
  large = readFileSync(join(work, "large.mp4"));
  small = readFileSync(join(work, "small.mp4"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("createVideoFitter", () => {
  it("brings a 720p clip under 512 KiB as a readable MP4 of the same length", async () => {
    expect(large.length).toBeGreaterThan(512 * KiB);
    const result = await fitter().fit(large, 512 * KiB);
    if (result.kind !== "fitted") throw new Error(`not fitted: ${JSON.stringify(result)}`);
    expect(result.bytes).toBeLessThanOrEqual(512 * KiB);
    expect(result.data.length).toBe(result.bytes);
    expect(result.scaledTo).toBe("480p");
    expect(checkMp4(result.data)).toEqual({ ok: true });

    const out = join(work, "fitted.mp4");
    writeFileSync(out, result.data);
    expect(await decodesCleanly(out)).toBe(true);
    const [before, after] = await Promise.all([
      probeVideo(testFfmpeg, join(work, "large.mp4"), 10_000),
      probeVideo(testFfmpeg, out, 10_000),
    ]);
    if (before.kind !== "probed" || after.kind !== "probed") throw new Error("probe failed");
    expect(Math.abs(after.probe.durationSeconds - before.probe.durationSeconds)).toBeLessThan(0.2);
    expect(after.probe).toMatchObject({ height: 480, hasAudio: true });
    expect(readdirSync(scratch)).toEqual([]);
  });

  it("keeps the size when the bitrate allows, and says nothing was scaled", async () => {
    const result = await fitter().fit(small, 100 * KiB);
    expect(result).toMatchObject({ kind: "fitted" });
    expect(result).not.toHaveProperty("scaledTo");
  });

  it("is unavailable when FFMPEG_PATH points nowhere", async () => {
    const result = await fitter({ ffmpegPath: join(work, "no-such-ffmpeg") }).fit(large, 512 * KiB);
    expect(result).toEqual({ kind: "unavailable" });
    expect(readdirSync(scratch)).toEqual([]);
  });

  it("gives up on a video that can't fit even at 360p, without encoding", async () => {
    expect(await fitter().fit(large, 40 * KiB)).toEqual({ kind: "too_large" });
  });

  it("fails a file ffmpeg can't read", async () => {
    const page = Buffer.from("<!DOCTYPE html><html><body>Not found</body></html>");
    expect(await fitter().fit(page, 512 * KiB)).toEqual({
      kind: "failed",
      reason: "ffmpeg can't read it",
    });
  });

  it("kills ffmpeg when it runs past the timeout, and cleans up", async () => {
    const result = await fitter({ timeoutMs: 300 }).fit(large, 512 * KiB);
    expect(result).toMatchObject({ kind: "failed", reason: expect.stringMatching(/timed out/) });
    expect(processesMentioning(scratch)).toEqual([]);
    expect(readdirSync(scratch)).toEqual([]);
  });

  it("runs at most maxConcurrent encodes at once", async () => {
    const one = fitter({ maxConcurrent: 1 });
    let peak = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, processesMentioning(scratch).length);
    }, 10);
    const results = await Promise.all([one.fit(small, 64 * KiB), one.fit(small, 64 * KiB)]);
    clearInterval(sampler);
    expect(results.map((result) => result.kind)).toEqual(["fitted", "fitted"]);
    expect(peak).toBe(1);
  });
});

describe("detectFfmpeg", () => {
  it("returns the version when ffmpeg runs, and null when there is none", async () => {
    expect(await detectFfmpeg(testFfmpeg)).toMatch(/^\S*\d+\.\d+/);
    expect(await detectFfmpeg(join(tmpdir(), "no-such-ffmpeg"))).toBeNull();
  });
});
