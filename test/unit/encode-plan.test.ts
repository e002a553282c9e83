import { describe, expect, it } from "vitest";
import {
  type EncodePlan,
  encodeArgs,
  planEncode,
} from "../../src/services/delivery/encode-plan.js";
import { parseProbe, type VideoProbe } from "../../src/services/delivery/probe.js";

// What ffmpeg 5.1 prints for `ffmpeg -hide_banner -i clip.mp4` (a Seedance-like 720p clip).
const report = `Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'input.mp4':
  Metadata:
    major_brand     : isom
    compatible_brands: isomiso2avc1mp41
  Duration: 00:00:12.04, start: 0.000000, bitrate: 5523 kb/s
  Stream #0:0[0x1](und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(tv, bt709, progressive), 1280x720 [SAR 1:1 DAR 16:9], 5391 kb/s, 24 fps, 24 tbr, 12288 tbn (default)
    Metadata:
      handler_name    : VideoHandler
  Stream #0:1[0x2](und): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, stereo, fltp, 128 kb/s (default)
At least one output file must be specified
`;

const probe720: VideoProbe = {
  durationSeconds: 12.04,
  width: 1280,
  height: 720,
  fps: 24,
  hasAudio: true,
};
const KiB = 1024;
const MiB = 1024 * KiB;

describe("parseProbe", () => {
  it("reads duration, size, frame rate and sound", () => {
    expect(parseProbe(report)).toEqual(probe720);
  });

  it.each([
    ["a portrait video", report.replace("1280x720", "720x1280"), { width: 720, height: 1280 }],
    ["a silent video", report.replace(/^.*Audio:.*$/m, ""), { hasAudio: false }],
    ["a fractional frame rate", report.replace("24 fps", "23.98 fps"), { fps: 23.98 }],
    ["no frame rate", report.replace("24 fps, ", ""), { fps: 24 }],
    ["hours", report.replace("00:00:12.04", "01:02:03.5"), { durationSeconds: 3723.5 }],
  ])("handles %s", (_name, text, expected) => {
    expect(parseProbe(text)).toMatchObject(expected);
  });

  it.each([
    ["an unknown duration", report.replace(/Duration: [^,]+/, "Duration: N/A")],
    ["a zero duration", report.replace("00:00:12.04", "00:00:00.00")],
    ["no video stream", report.replace(/^.*Video:.*$/m, "")],
    ["an HTML page", "<html>input.mp4: Invalid data found when processing input</html>"],
    ["nothing", ""],
    [
      "an output section only",
      `Output #0, mp4, to 'x.mp4':\n${report.split("\n").slice(4).join("\n")}`,
    ],
  ])("refuses %s", (_name, text) => {
    expect(parseProbe(text)).toBeNull();
  });
});

describe("planEncode", () => {
  it.each([
    [
      "10 MiB keeps 720p, with the most audio",
      probe720,
      10 * MiB,
      { shortSide: null, audioKbps: 96 },
    ],
    ["2 MiB still keeps 720p", probe720, 2 * MiB, { shortSide: null }],
    ["1 MiB steps down to 480p", probe720, 1 * MiB, { shortSide: 480, audioKbps: 64 }],
    ["300 KiB steps down to 360p", probe720, 300 * KiB, { shortSide: 360, audioKbps: 32 }],
    [
      "a silent video spends it all on picture",
      { ...probe720, hasAudio: false },
      MiB,
      { audioKbps: null },
    ],
    [
      "a 480p source keeps 480p",
      { ...probe720, width: 854, height: 480 },
      MiB,
      { shortSide: null },
    ],
  ] as const)("%s", (_name, probe, limit, expected) => {
    expect(planEncode(probe, limit)).toMatchObject(expected);
  });

  it("budgets under the limit, with headroom for the container", () => {
    const plan = planEncode(probe720, 10 * MiB);
    if (plan === null) throw new Error("no plan");
    const plannedBytes = ((plan.videoKbps + (plan.audioKbps ?? 0)) * 1000 * 12.04) / 8;
    expect(plannedBytes).toBeLessThan(10 * MiB * 0.93);
    expect(plannedBytes).toBeGreaterThan(10 * MiB * 0.85);
  });

  it("asks for less, and steps down, when told the last try came out too big", () => {
    const first = planEncode(probe720, 2 * MiB);
    const second = planEncode(probe720, 2 * MiB, 0.5);
    expect(second?.videoKbps).toBeLessThan((first?.videoKbps ?? 0) * 0.55);
    expect(second?.shortSide).toBe(480);
  });

  it.each([40 * KiB, 10 * KiB, 1])("refuses a %i-byte limit for 12 s of video", (limit) => {
    expect(planEncode(probe720, limit)).toBeNull();
  });
});

describe("encodeArgs", () => {
  const plan: EncodePlan = { videoKbps: 500, audioKbps: 48, shortSide: 480 };
  const argsFor = (probe: VideoProbe, p = plan) =>
    encodeArgs("in.mp4", "out.mp4", p, probe, "veryfast").join(" ");

  it("makes an H.264 + AAC MP4 that plays while it downloads", () => {
    const args = argsFor(probe720);
    expect(args).toContain("-c:v libx264 -preset veryfast -pix_fmt yuv420p -b:v 500k");
    expect(args).toContain("-c:a aac -b:a 48k");
    expect(args).toContain("-movflags +faststart -f mp4 out.mp4");
  });

  it("scales the short side, landscape or portrait", () => {
    expect(argsFor(probe720)).toContain("-vf scale=-2:480");
    expect(argsFor({ ...probe720, width: 720, height: 1280 })).toContain("-vf scale=480:-2");
    expect(argsFor(probe720, { ...plan, shortSide: null })).not.toContain("-vf");
  });

  it("drops the audio track when there is none to keep", () => {
    expect(argsFor(probe720, { ...plan, audioKbps: null })).toContain("-an");
  });
});
