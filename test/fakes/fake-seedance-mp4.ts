import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

// A structurally valid MP4: ftyp + moov (with a one-second mvhd) + mdat padded with zeros up to
// the requested size. Enough for anything that sniffs or measures the file; not a playable video.

function box(type: string, payload: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + payload.length, 0);
  header.write(type, 4, "latin1");
  return Buffer.concat([header, payload]);
}

function fileTypeBox(): Buffer {
  const payload = Buffer.alloc(20);
  payload.write("isom", 0, "latin1");
  payload.writeUInt32BE(0x200, 4);
  payload.write("isomiso2mp41", 8, "latin1");
  return box("ftyp", payload);
}

function movieHeaderBox(): Buffer {
  const payload = Buffer.alloc(100); // version 0 mvhd, all times zero unless set below
  payload.writeUInt32BE(1000, 12); // timescale: 1000 units a second
  payload.writeUInt32BE(1000, 16); // duration: one second
  payload.writeUInt32BE(0x00010000, 20); // rate 1.0
  payload.writeUInt16BE(0x0100, 24); // volume 1.0
  const identityMatrix = [0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000];
  identityMatrix.forEach((value, index) => {
    payload.writeUInt32BE(value, 36 + index * 4);
  });
  payload.writeUInt32BE(1, 96); // next track id
  return box("mvhd", payload);
}

const headBoxes = Buffer.concat([fileTypeBox(), box("moov", movieHeaderBox())]);

/** The smallest file this produces: ftyp + moov + an empty mdat. */
export const minimumMp4Bytes = headBoxes.length + 8;

// Shared by every download, so a thousand concurrent videos cost one chunk of memory.
const zeroChunk = Buffer.alloc(64 * 1024);

/** Everything before the mdat payload; the payload itself is zeros. */
function mp4Header(totalBytes: number): Buffer {
  const size = mp4Size(totalBytes);
  const mdatHeader = Buffer.alloc(8);
  mdatHeader.writeUInt32BE(size - headBoxes.length, 0);
  mdatHeader.write("mdat", 4, "latin1");
  return Buffer.concat([headBoxes, mdatHeader]);
}

function* mp4Chunks(totalBytes: number): Generator<Buffer> {
  const header = mp4Header(totalBytes);
  yield header;
  let remaining = mp4Size(totalBytes) - header.length;
  while (remaining > 0) {
    const length = Math.min(remaining, zeroChunk.length);
    yield zeroChunk.subarray(0, length);
    remaining -= length;
  }
}

/** The same file in one buffer, for tests that serve it themselves. */
export function mp4Bytes(totalBytes: number): Buffer {
  return Buffer.concat([...mp4Chunks(totalBytes)]);
}

function mp4Size(totalBytes: number): number {
  return Math.max(totalBytes, minimumMp4Bytes);
}

const isPrematureClose = (error: unknown) =>
  error instanceof Error && "code" in error && error.code === "ERR_STREAM_PREMATURE_CLOSE";

/** Answers GET (streamed, with backpressure) or HEAD for a video of `totalBytes`. */
export async function sendMp4(
  request: IncomingMessage,
  response: ServerResponse,
  totalBytes: number,
): Promise<void> {
  response.writeHead(200, { "content-type": "video/mp4", "content-length": mp4Size(totalBytes) });
  if (request.method === "HEAD") {
    response.end();
    return;
  }
  try {
    await pipeline(Readable.from(mp4Chunks(totalBytes), { objectMode: false }), response);
  } catch (error) {
    // A client that stops reading (the bot's size cap, a timeout) is a normal way to end.
    if (!isPrematureClose(error)) throw error;
  }
}
