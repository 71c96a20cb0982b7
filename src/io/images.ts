/**
 * Photos → the sizes a page offers (sharp, which brings its own libvips): each photo
 * turned upright by its EXIF orientation, its metadata (EXIF, GPS, XMP, ICC) left
 * behind, and encoded at 480, 960 and 1600 px wide and at its own width up to 2400 px,
 * never larger than it is, in WebP and in JPEG for browsers without WebP.
 *
 * Memory is bounded: the photo is decoded once, shrunk on load (a JPEG is decoded at a
 * fraction of its size where it can be) and read sequentially, down to at most 2400 px
 * as raw pixels (about 17 MB), from which every size is made; photos are processed one at
 * a time, and libvips keeps no cache of operations. The same bytes give the same files.
 */
import { availableParallelism } from "node:os";
import type { Sharp, SharpOptions } from "sharp";

/** The widths offered, besides the photo's own (up to MAX_WIDTH). */
export const WIDTHS = [480, 960, 1600] as const;
export const MAX_WIDTH = 2400;
/** Larger photos are refused: 150 megapixels is more than any newsroom camera makes. */
export const MAX_PIXELS = 150_000_000;
/** The width shared with other sites (og:image, JSON-LD). */
export const SHARE_WIDTH = 1600;
/** Everything that shapes the files: a change makes every photo anew (the cache's key). */
export const IMAGE_SETTINGS = JSON.stringify({
  v: 1,
  widths: WIDTHS,
  max: MAX_WIDTH,
  jpeg: { quality: 80, mozjpeg: true },
  webp: { quality: 78, effort: 4 },
  flatten: "#ffffff",
});

/** The formats a photo may come in, as sharp names them. */
const PHOTO_FORMATS = new Set(["jpeg", "png", "webp", "gif", "avif", "heif", "tiff"]);

export type ImageFormat = "webp" | "jpeg";

/** What a photo is, before any work: its format and its pixels once turned upright. */
export interface ImageProbe {
  format: string;
  width: number;
  height: number;
}

/** One encoded size of a photo. */
export interface EncodedSize {
  format: ImageFormat;
  width: number;
  height: number;
  bytes: Uint8Array;
}

/** The work on photos, injectable so that tests can count what is encoded. */
export interface ImageEncoder {
  /** What makes the bytes (sharp's and libvips' versions): part of every photo's key. */
  version(): Promise<string>;
  probe(bytes: Uint8Array): Promise<ImageProbe>;
  /** Every size of `widths` in WebP and JPEG, in that order per width. */
  encode(bytes: Uint8Array, widths: readonly number[]): Promise<EncodedSize[]>;
}

/** Why a photo cannot be used (said as `file:line` on its header). */
export class ImageError extends Error {}

/** The widths to make of a photo `width` px wide: never wider than it is. */
export function widthsFor(width: number): number[] {
  const top = Math.min(width, MAX_WIDTH);
  const widths: number[] = WIDTHS.filter((w) => w < top);
  widths.push(top);
  return widths;
}

/** Check that `probe` is a photo vistka takes; the reason when it is not. */
export function whyNotAPhoto(probe: ImageProbe): string | null {
  if (probe.format === "svg")
    return "is an SVG, which vistka refuses: an SVG is a program as much as a picture and can carry scripts and outside requests (export it as a JPEG or PNG)";
  if (!PHOTO_FORMATS.has(probe.format))
    return `is a ${probe.format} file, not a photo (use a JPEG, PNG, WebP, AVIF, GIF or TIFF)`;
  if (probe.width * probe.height > MAX_PIXELS)
    return `has ${Math.round((probe.width * probe.height) / 1e6)} megapixels, more than the ${MAX_PIXELS / 1e6} vistka takes (make it smaller)`;
  return null;
}

let loaded: Promise<typeof import("sharp").default> | undefined;
/** sharp, loaded when the first photo needs it (a site without photos never loads it). */
function sharpModule(): Promise<typeof import("sharp").default> {
  loaded ??= import("sharp").then(({ default: sharp }) => {
    // Operations are not cached between photos: memory stays that of the photo at hand. At
    // most four libvips threads: each holds a band of pixels, and more gain little for one photo.
    sharp.cache(false);
    sharp.concurrency(Math.min(availableParallelism(), 4));
    return sharp;
  });
  return loaded;
}

const INPUT: SharpOptions = {
  limitInputPixels: MAX_PIXELS,
  sequentialRead: true,
  failOn: "error",
};

/** The encoder vistka uses: sharp. */
export const sharpEncoder: ImageEncoder = {
  async version() {
    const { versions } = await sharpModule();
    return `sharp ${versions.sharp} libvips ${versions.vips}`;
  },

  async probe(bytes) {
    const sharp = await sharpModule();
    let meta: Awaited<ReturnType<Sharp["metadata"]>>;
    try {
      meta = await sharp(bytes, { ...INPUT, limitInputPixels: false }).metadata();
    } catch (error) {
      throw new ImageError(`is not a picture vistka can read (${firstLine(error)})`);
    }
    // Orientations 5–8 turn the photo on its side.
    const sideways = (meta.orientation ?? 1) >= 5;
    const width = meta.width ?? 0;
    const height = meta.height ?? 0;
    return {
      format: meta.format,
      width: sideways ? height : width,
      height: sideways ? width : height,
    };
  },

  async encode(bytes, widths) {
    const sharp = await sharpModule();
    const top = Math.max(...widths);
    try {
      // Decoded once: upright, flattened onto white (a JPEG has no transparency), in sRGB,
      // at the largest width, as raw pixels that carry no metadata at all.
      const { data, info } = await sharp(bytes, INPUT)
        .rotate()
        .flatten({ background: "#ffffff" })
        .resize({ width: top, withoutEnlargement: true })
        .toColourspace("srgb")
        .raw()
        .toBuffer({ resolveWithObject: true });
      const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
      const sizes: EncodedSize[] = [];
      for (const width of widths) {
        for (const format of ["webp", "jpeg"] as const) {
          let pipeline = sharp(data, raw);
          if (width < info.width) pipeline = pipeline.resize({ width });
          pipeline =
            format === "webp"
              ? pipeline.webp({ quality: 78, effort: 4 })
              : pipeline.jpeg({ quality: 80, mozjpeg: true });
          const out = await pipeline.toBuffer({ resolveWithObject: true });
          sizes.push({ format, width: out.info.width, height: out.info.height, bytes: out.data });
        }
      }
      return sizes;
    } catch (error) {
      throw new ImageError(`cannot be decoded (${firstLine(error)})`);
    }
  },
};

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0] as string;
}
