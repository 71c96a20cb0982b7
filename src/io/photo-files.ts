/**
 * Reading a photo an article names: only a regular file inside the articles folder, on
 * real paths (a symlink may lead anywhere, so where it leads is what is checked), and
 * the disk cache of processed photos (src/pipeline/photos.ts keeps its index).
 */
import { lstatSync, readFileSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { isInside } from "./guard.js";
import { type StatKey, statSource } from "./sources.js";

/** A photo file larger than this is refused before it is read. */
export const MAX_PHOTO_BYTES = 200 * 1024 * 1024;

/** The stat of the file a photo path leads to, or null when there is none. */
export const statPhoto = (full: string): StatKey | null => statSource(full, true);

/**
 * The bytes of the photo at `rel` under `inDir`, or why it cannot be used (the part of a
 * sentence after the photo's name).
 */
export function readPhoto(inDir: string, rel: string): { bytes: Uint8Array } | { why: string } {
  const full = path.join(inDir, ...rel.split("/"));
  try {
    lstatSync(full);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      why:
        code === "ENOENT" || code === "ENOTDIR"
          ? "is not there"
          : `cannot be read (${code ?? "unknown error"})`,
    };
  }
  let real: string;
  try {
    real = realpathSync(full);
  } catch {
    return { why: "is a link that leads nowhere" };
  }
  if (!isInside(realpathSync(inDir), real))
    return { why: "leads outside the articles folder (a link), and photos must be inside it" };
  const stat = statSync(real);
  if (!stat.isFile()) return { why: "is not a file" };
  if (stat.size > MAX_PHOTO_BYTES)
    return { why: `is ${Math.round(stat.size / 2 ** 20)} MB, more than the 200 MB vistka takes` };
  try {
    return { bytes: readFileSync(real) };
  } catch (error) {
    return { why: `cannot be read (${(error as NodeJS.ErrnoException).code ?? "unknown error"})` };
  }
}
