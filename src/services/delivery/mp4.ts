// Checks that downloaded bytes are a whole MP4 before they are uploaded as one: a CDN that answers
// with an HTML error page, or a connection that drops halfway, must not become an attachment.

export type Mp4Check = { readonly ok: true } | { readonly ok: false; readonly reason: string };

const headerBytes = 8;
// ftyp = size + "ftyp" + major brand + minor version, then 4-byte compatible brands.
const minFtypBytes = 16;
// Real ftyp boxes list a handful of brands; anything far larger is not a file-type box.
const maxFtypBytes = 256;

const typeAt = (bytes: Uint8Array, offset: number) =>
  String.fromCharCode(...bytes.subarray(offset, offset + 4));

const view = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

// Brands are four printable ASCII characters ("isom", "mp42", "M4V ", "qt  ").
const isBrand = (bytes: Uint8Array, offset: number) =>
  bytes.subarray(offset, offset + 4).every((byte) => byte >= 0x20 && byte <= 0x7e);

/** Whether the bytes start with an ISO-BMFF `ftyp` box of plausible size and major brand. */
export function isMp4(bytes: Uint8Array): boolean {
  if (bytes.byteLength < minFtypBytes) return false;
  const size = view(bytes).getUint32(0);
  return (
    typeAt(bytes, 4) === "ftyp" &&
    size >= minFtypBytes &&
    size <= maxFtypBytes &&
    size % 4 === 0 &&
    size <= bytes.byteLength &&
    isBrand(bytes, 8)
  );
}

/** The size of the top-level box at `offset`, or null when its header is unreadable. */
function boxSize(bytes: Uint8Array, offset: number): number | null {
  if (offset + headerBytes > bytes.byteLength) return null;
  const size = view(bytes).getUint32(offset);
  if (size === 0) return bytes.byteLength - offset; // "extends to the end of the file"
  if (size !== 1) return size >= headerBytes ? size : null;
  if (offset + 16 > bytes.byteLength) return null; // 64-bit size follows the type
  const large = view(bytes).getBigUint64(offset + 8);
  return large >= 16n && large <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(large) : null;
}

/**
 * An MP4 check strong enough to catch truncation without a Content-Length: the top-level boxes
 * must tile the file exactly (a cut-off file ends inside its last box) and include a `moov`.
 */
export function checkMp4(bytes: Uint8Array): Mp4Check {
  if (!isMp4(bytes)) return { ok: false, reason: "not an MP4 (no ftyp box)" };
  let offset = 0;
  let hasMovie = false;
  while (offset < bytes.byteLength) {
    const size = boxSize(bytes, offset);
    if (size === null) return { ok: false, reason: `unreadable MP4 box at byte ${offset}` };
    if (offset + size > bytes.byteLength) return { ok: false, reason: "truncated MP4" };
    hasMovie ||= typeAt(bytes, offset + 4) === "moov";
    offset += size;
  }
  return hasMovie ? { ok: true } : { ok: false, reason: "MP4 without a moov box" };
}

/**
 * Whether `received` bytes agree with a Content-Length header. A missing or malformed header
 * proves nothing either way, so it passes; the box walk above still catches truncation.
 */
export function matchesContentLength(received: number, header: string | null): boolean {
  if (header === null || !/^\d+$/.test(header.trim())) return true;
  return Number(header.trim()) === received;
}
