import { openAsBlob } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Bytes written to a temporary file, readable as a Blob until `dispose()` removes the file. */
export interface SpooledFile {
  /** Read from disk each time it is streamed, so every retry of an upload gets it whole. */
  readonly blob: Blob;
  readonly dispose: () => Promise<void>;
}

/**
 * Writes `data` to a temporary file and opens it as a Blob. An upload made from bytes in memory
 * copies them into a Blob per request, memory V8 doesn't count towards collecting: twenty 8 MiB
 * deliveries once held over 160 MiB until a GC happened to run. A file-backed Blob holds a path.
 */
export async function spoolToDisk(
  data: Uint8Array,
  options: { readonly type: string; readonly dir?: string },
): Promise<SpooledFile> {
  const dir = await mkdtemp(join(options.dir ?? tmpdir(), "seedance-upload-"));
  const dispose = () => rm(dir, { recursive: true, force: true });
  try {
    const path = join(dir, "upload");
    await writeFile(path, data);
    return { blob: await openAsBlob(path, { type: options.type }), dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
