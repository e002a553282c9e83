import { describe, expect, it } from "vitest";
import { checkMp4, isMp4, matchesContentLength } from "../../src/services/delivery/mp4.js";

function box(type: string, payload: Buffer | number): Buffer {
  const body = typeof payload === "number" ? Buffer.alloc(payload) : payload;
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + body.length, 0);
  header.write(type, 4, "latin1");
  return Buffer.concat([header, body]);
}

const ftyp = (brand = "isom") =>
  box("ftyp", Buffer.from(`${brand}\0\0\x02\0isomiso2mp41`, "latin1"));
const movie = Buffer.concat([ftyp(), box("moov", 100), box("mdat", 5_000)]);

describe("isMp4", () => {
  it.each(["isom", "mp42", "M4V ", "qt  ", "avc1"])(
    "accepts an ftyp box with brand %j",
    (brand) => {
      expect(isMp4(Buffer.concat([ftyp(brand), box("mdat", 10)]))).toBe(true);
    },
  );

  it.each([
    ["an HTML error page", Buffer.from("<!DOCTYPE html><html><body>403 Forbidden</body></html>")],
    ["JSON", Buffer.from('{"error":"expired","message":"Signature expired"}')],
    ["an empty body", Buffer.alloc(0)],
    ["a few bytes", Buffer.from("ftyp")],
    ["ftyp with a binary brand", ftyp("\x01\x02\x03\x04")],
    ["a tiny ftyp size", Buffer.concat([Buffer.from([0, 0, 0, 8]), Buffer.from("ftypisom0000")])],
    ["a huge ftyp size", Buffer.concat([Buffer.from([0, 1, 0, 0]), Buffer.from("ftypisom0000")])],
    ["a box other than ftyp first", Buffer.concat([box("moov", 16), ftyp()])],
  ])("rejects %s", (_name, bytes) => {
    expect(isMp4(bytes)).toBe(false);
  });
});

describe("checkMp4", () => {
  it("accepts boxes that tile the file and include a moov", () => {
    expect(checkMp4(movie)).toEqual({ ok: true });
  });

  it("accepts a last box whose size 0 means 'to the end of the file'", () => {
    const open = box("mdat", 40);
    open.writeUInt32BE(0, 0);
    expect(checkMp4(Buffer.concat([ftyp(), box("moov", 20), open]))).toEqual({ ok: true });
  });

  it("accepts a 64-bit box size", () => {
    const large = Buffer.alloc(16 + 30);
    large.writeUInt32BE(1, 0);
    large.write("mdat", 4, "latin1");
    large.writeBigUInt64BE(BigInt(large.length), 8);
    expect(checkMp4(Buffer.concat([ftyp(), box("moov", 20), large]))).toEqual({ ok: true });
  });

  it.each([1, 100, 4_000])("rejects the file cut %i bytes short", (missing) => {
    expect(checkMp4(movie.subarray(0, movie.length - missing))).toEqual({
      ok: false,
      reason: "truncated MP4",
    });
  });

  it("rejects a cut that leaves half a box header", () => {
    const cut = Buffer.concat([ftyp(), box("moov", 20), Buffer.from([0, 0, 1])]);
    expect(checkMp4(cut).ok).toBe(false);
  });

  it("rejects an MP4 without a moov box", () => {
    expect(checkMp4(Buffer.concat([ftyp(), box("mdat", 50)]))).toEqual({
      ok: false,
      reason: "MP4 without a moov box",
    });
  });

  it("rejects an HTML page with a reason", () => {
    expect(checkMp4(Buffer.from("<html>Access Denied</html>"))).toEqual({
      ok: false,
      reason: "not an MP4 (no ftyp box)",
    });
  });
});

describe("matchesContentLength", () => {
  it.each([
    [100, "100", true],
    [100, " 100 ", true],
    [99, "100", false],
    [101, "100", false],
    [100, null, true],
    [100, "abc", true],
  ] as const)("%i bytes against %j → %s", (received, header, expected) => {
    expect(matchesContentLength(received, header)).toBe(expected);
  });
});
