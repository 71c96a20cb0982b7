/**
 * The articles' photos in a build: each file checked and read (src/io/photo-files.ts),
 * processed once (src/io/images.ts), and handed to the site model as data (the views'
 * images, core/site/views.ts withImages) and to publishing as files under `photos/`.
 *
 * A photo's work is kept under a key of its bytes and the settings: in memory for
 * `watch`, and in the build cache's `images/<key>/` folder for the next `vistka build`
 * (every size's file and an index.json with their pixels, lengths and CRC-32), so an
 * unchanged photo is never encoded twice. What the cache gives is checked: a size whose
 * file is missing or has another length is made again, and one whose bytes do not match
 * their CRC-32 when published stops the build with a line saying to build again. What
 * a build no longer uses is removed from the folder after it (prune). The signature of
 * each photo's bytes is kept in the cache too, with the file's stat, so a build reads a
 * photo again only when its stat changed (or changed within 2 s of its reading).
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
import { photoPath } from "../core/article/photos.js";
import { type Problem, UserError } from "../core/shared/errors.js";
import { shortHash, signature } from "../core/shared/hash.js";
import type { OutputFile } from "../core/shared/output.js";
import { slugify } from "../core/shared/slug.js";
import type { ImageVariant, ImageView, SiteArticle } from "../core/site/model.js";
import { withImages } from "../core/site/views.js";
import {
  type EncodedSize,
  IMAGE_SETTINGS,
  type ImageEncoder,
  ImageError,
  SHARE_WIDTH,
  sharpEncoder,
  whyNotAPhoto,
  widthsFor,
} from "../io/images.js";
import { readPhoto, statPhoto } from "../io/photo-files.js";
import type { StatKey } from "../io/sources.js";
import type { CacheStore } from "./cache.js";

/** A file changed this close to its reading may change again unseen by its stat (as git). */
const RACY_MS = 2000;
/** The cache's value with each photo's stat and bytes' signature. */
const DIGESTS = "photos/digests";
type StoredDigest = [file: string, stat: StatKey, readAt: number, digest: string];

/** One encoded size as kept: its pixels, and its bytes or where they lie. */
interface StoredSize {
  format: EncodedSize["format"];
  width: number;
  height: number;
  length: number;
  crc: number;
}

/** A processed photo: its sizes, their bytes in memory (no cache) or in the cache folder. */
interface Processed {
  key: string;
  sizes: StoredSize[];
  bytes: (size: StoredSize) => Uint8Array;
}

/** An article (by its path under the articles folder) with photos. */
export interface PhotoUse {
  rel: string;
  article: SiteArticle;
}

export class PhotoStage {
  /** By photo path (under the articles folder): the stat it was read with and its bytes' signature. */
  private readonly digests = new Map<
    string,
    { stat: StatKey; readAt: number; digest: string } | { stat: StatKey | null; why: string }
  >();
  /** Processed photos by key, kept by watch between rebuilds. */
  private readonly processed = new Map<string, Processed>();
  private readonly wrapped = new WeakMap<SiteArticle, { view: object; article: SiteArticle }>();
  /** The keys the last apply used (prune keeps only these). */
  private used = new Set<string>();
  /** The digests changed since they were read from the cache. */
  private digestsChanged = false;
  private version: Promise<string> | undefined;
  private readonly cacheDir: string | undefined;

  constructor(
    private readonly inDir: string,
    /** The build cache; undefined with --no-cache (photos kept in memory only). */
    private readonly cache: CacheStore | undefined,
    /** The cache holds the last build's work of these settings: its digests are trusted. */
    reuse: boolean,
    private readonly encoder: ImageEncoder = sharpEncoder,
  ) {
    this.cacheDir = cache?.dir;
    if (cache && reuse) this.loadDigests(cache);
  }

  /**
   * Check that every photo of `uses` can be read; its bytes' signature by path, for the
   * build's fingerprint (photo paths in order), and a problem per photo that cannot.
   */
  check(uses: readonly PhotoUse[]): { digests: [string, string][]; problems: Problem[] } {
    const problems: Problem[] = [];
    const seen = new Map<string, string>();
    for (const { rel, article } of uses) {
      for (const [i, src] of article.photos.entries()) {
        const file = photoPath(rel, src);
        const got = this.digestOf(file);
        if ("why" in got) {
          const line = article.view.photos[i]?.line;
          problems.push(photoProblem(article.file, line, src, got.why));
        } else seen.set(file, got.digest);
      }
    }
    const digests = [...seen].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    if (this.cache && this.digestsChanged) {
      const stored: StoredDigest[] = [];
      for (const [file, got] of this.digests) {
        if ("digest" in got && seen.has(file))
          stored.push([file, got.stat, got.readAt, got.digest]);
      }
      this.cache.set(DIGESTS, JSON.stringify(stored));
      this.digestsChanged = false;
    }
    return { digests, problems };
  }

  /** The digests the last build left in the cache (ignored when they do not read back). */
  private loadDigests(cache: CacheStore): void {
    const text = cache.get(DIGESTS);
    if (text === undefined) return;
    try {
      const stored = JSON.parse(text) as StoredDigest[];
      for (const [file, stat, readAt, digest] of stored) {
        if (
          typeof file === "string" &&
          Array.isArray(stat) &&
          stat.length === 4 &&
          stat.every(Number.isFinite) &&
          typeof readAt === "number" &&
          typeof digest === "string"
        )
          this.digests.set(file, { stat, readAt, digest });
      }
    } catch {}
  }

  /**
   * Remove from the cache folder the photos the last apply did not use (replaced or
   * deleted ones), and folders a killed build left half-written. Only after a build of
   * the whole site, which uses every photo the site has.
   */
  prune(): void {
    if (this.cacheDir === undefined) return;
    const dir = path.join(this.cacheDir, "images");
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (this.used.has(name)) continue;
      // Another process's folder being written is left alone for an hour.
      if (name.endsWith(".tmp") && !name.endsWith(`.${process.pid}.tmp`)) {
        try {
          if (statSync(path.join(dir, name)).mtimeMs > Date.now() - 3600_000) continue;
        } catch {}
      }
      rmSync(path.join(dir, name), { recursive: true, force: true });
    }
  }

  /**
   * Process the photos of `uses` (after check): the articles with their views' images,
   * the files under `photos/`, and a problem for each photo that is not one vistka takes.
   */
  async apply(uses: readonly PhotoUse[]): Promise<{
    articles: Map<SiteArticle, SiteArticle>;
    files: OutputFile[];
    problems: Problem[];
  }> {
    const articles = new Map<SiteArticle, SiteArticle>();
    const files = new Map<string, OutputFile>();
    const problems: Problem[] = [];
    this.used = new Set();
    for (const { rel, article } of uses) {
      const images: (ImageView | null)[] = [];
      for (const [i, src] of article.photos.entries()) {
        const file = photoPath(rel, src);
        const got = this.digests.get(file);
        const line = article.view.photos[i]?.line;
        let image: ImageView | null = null;
        if (got && "digest" in got) {
          try {
            const processed = await this.process(file, got.digest);
            this.used.add(processed.key);
            image = imageView(processed, stemOf(src));
            for (const f of outputFiles(processed, image)) files.set(f.path, f);
          } catch (error) {
            if (!(error instanceof ImageError)) throw error;
            // The reason says what to do: the path was right.
            problems.push({
              ...photoProblem(article.file, line, src, error.message),
              hint: undefined,
            });
          }
        }
        images.push(image);
      }
      articles.set(article, this.withImages(article, images));
    }
    return { articles, files: [...files.values()], problems };
  }

  /** The article with its view's images: the same object for the same view and images. */
  private withImages(article: SiteArticle, images: (ImageView | null)[]): SiteArticle {
    const view = withImages(article.view, images);
    const known = this.wrapped.get(article);
    if (known?.view === view) return known.article;
    const next: SiteArticle = {
      file: article.file,
      slug: article.slug,
      draft: article.draft,
      date: article.date,
      instant: article.instant,
      photos: article.photos,
      view,
      text: article.text,
    };
    this.wrapped.set(article, { view, article: next });
    return next;
  }

  /** The signature of a photo's bytes, read again only when its stat says it may have changed. */
  private digestOf(file: string): { digest: string } | { why: string } {
    const full = path.join(this.inDir, ...file.split("/"));
    const stat = statPhoto(full);
    const known = this.digests.get(file);
    if (known && "digest" in known && stat !== null && sameStat(known.stat, stat)) {
      if (Math.max(stat[1], stat[2]) < known.readAt - RACY_MS) return known;
    }
    const readAt = Date.now();
    const read = readPhoto(this.inDir, file);
    const got =
      "why" in read
        ? { stat, why: read.why }
        : { stat: stat ?? [0, 0, 0, 0], readAt, digest: signature(read.bytes) };
    this.digests.set(file, got);
    this.digestsChanged = true;
    return got;
  }

  /** sharp's and libvips' versions (loading sharp the first time). */
  encoderVersion(): Promise<string> {
    this.version ??= this.encoder.version();
    return this.version;
  }

  /** The photo's sizes: from memory, from the cache folder, or encoded (and kept in both). */
  private async process(file: string, digest: string): Promise<Processed> {
    // The encoder's version too: another libvips may make other bytes of the same photo.
    const key = signature(`${digest}\0${IMAGE_SETTINGS}\0${await this.encoderVersion()}`);
    const known = this.processed.get(key) ?? this.fromDisk(key);
    if (known) {
      this.processed.set(key, known);
      return known;
    }
    const read = readPhoto(this.inDir, file);
    if ("why" in read) throw new ImageError(read.why);
    if (signature(read.bytes) !== digest)
      throw new ImageError("changed while the site was being built (build again)");
    const probe = await this.encoder.probe(read.bytes);
    const why = whyNotAPhoto(probe);
    if (why !== null) throw new ImageError(why);
    const encoded = await this.encoder.encode(read.bytes, widthsFor(probe.width));
    const processed = this.toDisk(key, encoded) ?? inMemory(key, encoded);
    this.processed.set(key, processed);
    return processed;
  }

  private folderOf(key: string): string | undefined {
    return this.cacheDir === undefined ? undefined : path.join(this.cacheDir, "images", key);
  }

  /** The cached sizes of `key`, when every file is there with its recorded length. */
  private fromDisk(key: string): Processed | undefined {
    const dir = this.folderOf(key);
    if (dir === undefined) return undefined;
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

  /** Keep `encoded` in the cache folder (written aside, then renamed in); undefined without one. */
  private toDisk(key: string, encoded: EncodedSize[]): Processed | undefined {
    const dir = this.folderOf(key);
    if (dir === undefined) return undefined;
    const sizes = encoded.map(stored);
    const tmp = `${dir}.${process.pid}.tmp`;
    try {
      rmSync(tmp, { recursive: true, force: true });
      mkdirSync(tmp, { recursive: true });
      for (const [i, e] of encoded.entries())
        writeFileSync(path.join(tmp, sizeName(sizes[i] as StoredSize)), e.bytes);
      writeFileSync(path.join(tmp, "index.json"), JSON.stringify(sizes));
      rmSync(dir, { recursive: true, force: true });
      renameSync(tmp, dir);
    } catch {
      // A cache that cannot be written costs time, not the build.
      rmSync(tmp, { recursive: true, force: true });
      return undefined;
    }
    // Kept in memory too for this build: the bytes are at hand.
    return inMemory(key, encoded);
  }
}

function inMemory(key: string, encoded: EncodedSize[]): Processed {
  const bytes = new Map<string, Uint8Array>();
  for (const e of encoded) bytes.set(sizeName(stored(e)), e.bytes);
  return { key, sizes: encoded.map(stored), bytes: (s) => bytes.get(sizeName(s)) as Uint8Array };
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

function sizeName(s: Pick<StoredSize, "format" | "width">): string {
  return `${s.width}.${s.format === "jpeg" ? "jpg" : "webp"}`;
}

/** The site's view of a processed photo; `stem` names its files (`photos/tram-…-960.jpg`). */
function imageView(p: Processed, stem: string): ImageView {
  const hash = shortHash(p.key);
  const variant = (s: StoredSize): ImageVariant => ({
    path: `photos/${stem}-${hash}-${sizeName(s)}`,
    width: s.width,
    height: s.height,
  });
  const webp = p.sizes.filter((s) => s.format === "webp").map(variant);
  const jpeg = p.sizes.filter((s) => s.format === "jpeg").map(variant);
  const largest = jpeg[jpeg.length - 1] as ImageVariant;
  const share = [...jpeg].reverse().find((v) => v.width <= SHARE_WIDTH) ?? largest;
  return {
    width: largest.width,
    height: largest.height,
    webp,
    jpeg,
    share,
    sig: `${p.key}.${stem}`,
  };
}

/** The files of a processed photo, their bytes read only when publishing needs them. */
function outputFiles(p: Processed, image: ImageView): OutputFile[] {
  const variants = [...image.webp, ...image.jpeg];
  const sizes = [
    ...p.sizes.filter((s) => s.format === "webp"),
    ...p.sizes.filter((s) => s.format === "jpeg"),
  ];
  return variants.map((v, i) => {
    const size = sizes[i] as StoredSize;
    return {
      path: v.path,
      sig: `${p.key}.${sizeName(size)}`,
      get content() {
        return p.bytes(size);
      },
    };
  });
}

/** A photo's name for its files: its file name as a slug (`Трамвай.jpg` → `tramvai`). */
function stemOf(src: string): string {
  const name = src.slice(src.lastIndexOf("/") + 1).replace(/\.[^.]*$/, "");
  return slugify(name).slice(0, 40).replace(/-+$/, "") || "photo";
}

function sameStat(a: StatKey, b: StatKey): boolean {
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3];
}

function photoProblem(file: string, line: number | undefined, src: string, why: string): Problem {
  const problem: Problem = {
    file,
    message: `the photo "${src}" ${why}`,
    hint: "check the path on the Фото line: it is relative to the article's folder",
  };
  if (line !== undefined) problem.line = line;
  return problem;
}
