/**
 * Processed photos kept for the next build, in the build cache's `images/<key>/` folder:
 * every size's file (`960.webp`, `960.jpg` …) and an `index.json` with their pixels,
 * lengths and CRC-32. A folder is written aside and renamed in, so a killed build leaves
 * none half-written under its key. What it gives is checked: a size whose file is missing
 * or has another length makes the photo be encoded again, and bytes that do not match
 * their CRC-32 when published stop the build with a line saying to build again.
 */
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { crc32 } from "node:zlib";
import { UserError } from "../core/shared/errors.js";
import type { EncodedSize } from "../io/images.js";

/** One encoded size as kept: its format, pixels, length and checksum. */
export interface StoredSize {
  format: EncodedSize["format"];
  width: number;
  height: number;
  length: number;
  crc: number;
}

/** A processed photo: its sizes, and their bytes (from memory or the cache folder). */
export interface Processed {
  key: string;
  sizes: StoredSize[];
  bytes: (size: StoredSize) => Uint8Array;
}

/** A size's file name in the cache folder and the end of its published name. */
export function sizeName(s: Pick<StoredSize, "format" | "width">): string {
  return `${s.width}.${s.format === "jpeg" ? "jpg" : "webp"}`;
}

/** The photo of `key` as encoded in this process, its bytes in memory. */
export function inMemory(key: string, encoded: EncodedSize[]): Processed {
  const bytes = new Map<string, Uint8Array>();
  for (const e of encoded) bytes.set(sizeName(e), e.bytes);
  return { key, sizes: encoded.map(stored), bytes: (s) => bytes.get(sizeName(s)) as Uint8Array };
}

/** The cached sizes of `key` under `cacheDir`, when every file is there with its recorded length. */
export function readProcessed(cacheDir: string, key: string): Processed | undefined {
  const dir = path.join(cacheDir, "images", key);
  try {
    const sizes = JSON.parse(readFileSync(path.join(dir, "index.json"), "utf8")) as StoredSize[];
    if (!Array.isArray(sizes) || sizes.length === 0) return undefined;
    for (const s of sizes)
      if (statSync(path.join(dir, sizeName(s))).size !== s.length) return undefined;
    return { key, sizes, bytes: (s) => readChecked(dir, s) };
  } catch {
    return undefined;
  }
}

/** Keep `encoded` under `cacheDir`; false when it cannot be written (that costs time, not the build). */
export function writeProcessed(cacheDir: string, key: string, encoded: EncodedSize[]): boolean {
  const dir = path.join(cacheDir, "images", key);
  const tmp = `${dir}.${process.pid}.tmp`;
  try {
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    for (const e of encoded) writeFileSync(path.join(tmp, sizeName(e)), e.bytes);
    writeFileSync(path.join(tmp, "index.json"), JSON.stringify(encoded.map(stored)));
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
    return true;
  } catch {
    rmSync(tmp, { recursive: true, force: true });
    return false;
  }
}

/**
 * Remove every processed photo under `cacheDir` but those of `used`, and folders a killed
 * build left half-written (another process's being written are left alone for an hour).
 */
export function pruneProcessed(cacheDir: string, used: ReadonlySet<string>): void {
  const dir = path.join(cacheDir, "images");
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (used.has(name)) continue;
    if (name.endsWith(".tmp") && !name.endsWith(`.${process.pid}.tmp`)) {
      try {
        if (statSync(path.join(dir, name)).mtimeMs > Date.now() - 3600_000) continue;
      } catch {}
    }
    rmSync(path.join(dir, name), { recursive: true, force: true });
  }
}

function stored(e: EncodedSize): StoredSize {
  return {
    format: e.format,
    width: e.width,
    height: e.height,
    length: e.bytes.length,
    crc: crc32(e.bytes),
  };
}

function readChecked(dir: string, size: StoredSize): Uint8Array {
  let bytes: Uint8Array | undefined;
  try {
    bytes = readFileSync(path.join(dir, sizeName(size)));
  } catch {}
  if (bytes === undefined || bytes.length !== size.length || crc32(bytes) !== size.crc) {
    rmSync(dir, { recursive: true, force: true });
    throw new UserError(
      `${dir}: a processed photo in the build cache changed while the site was being built; it was removed, build again`,
      1,
    );
  }
  return bytes;
}
