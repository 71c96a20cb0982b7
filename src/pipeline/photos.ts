/**
 * The articles' photos in a build: each file checked and read (src/io/photo-files.ts),
 * processed once (src/io/images.ts), and handed to the site model as data (the views'
 * images, core/site/views.ts withImages) and to publishing as files under `photos/`.
 *
 * A photo's work is kept under a key of its bytes, the settings and sharp's version: in
 * memory for `watch`, and in the build cache (photo-cache.ts) for the next `vistka build`,
 * so an unchanged photo is never encoded twice; what a build no longer uses leaves the
 * cache after it (prune). The signature of each photo's bytes is kept in the cache too,
 * with the file's stat, so a build reads a photo again only when its stat changed (or
 * changed within 2 s of its reading).
 */
import path from "node:path";
import { photoPath } from "../core/article/photos.js";
import type { Problem } from "../core/shared/errors.js";
import { shortHash, signature } from "../core/shared/hash.js";
import type { OutputFile } from "../core/shared/output.js";
import { slugify } from "../core/shared/slug.js";
import { articleKeys, withImages } from "../core/site/keys.js";
import type { ImageVariant, ImageView, SiteArticle } from "../core/site/model.js";
import {
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
import {
  inMemory,
  type Processed,
  pruneProcessed,
  readProcessed,
  type StoredSize,
  sizeName,
  writeProcessed,
} from "./photo-cache.js";
import { statStillTrusted } from "./source-records.js";

/** The cache's value with each photo's stat and bytes' signature. */
const DIGESTS = "photos/digests";
type StoredDigest = [file: string, stat: StatKey, readAt: number, digest: string];

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
   * deleted ones). Only after a build of the whole site, which uses every photo it has.
   */
  prune(): void {
    if (this.cacheDir !== undefined) pruneProcessed(this.cacheDir, this.used);
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
            problems.push(photoProblem(article.file, line, src, error.message, null));
          }
        }
        images.push(image);
      }
      articles.set(article, this.withImages(article, images));
    }
    // Watch forgets the photos no article shows any more.
    for (const key of this.processed.keys()) if (!this.used.has(key)) this.processed.delete(key);
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
      keys: articleKeys(view),
      view,
      text: article.text,
    };
    this.wrapped.set(article, { view, article: next });
    return next;
  }

  /**
   * The stats the photos `files` (paths under the articles folder) had when their bytes were
   * signed, or null when one of them may have changed unseen since (within the racy window
   * of its reading) or was never signed: what a build's stamp holds of them (input-stamp.ts).
   */
  signedStats(files: readonly string[]): [string, StatKey][] | null {
    const stats: [string, StatKey][] = [];
    for (const file of files) {
      const known = this.digests.get(file);
      if (!known || !("digest" in known)) return null;
      if (!statStillTrusted(known.stat, known.readAt, known.stat)) return null;
      stats.push([file, known.stat]);
    }
    return stats;
  }

  /** The photos' stats now (null for one that cannot be had), as digestOf takes them. */
  statsNow(files: readonly string[]): [string, StatKey | null][] {
    return files.map((file) => [file, statPhoto(this.fullPath(file))]);
  }

  private fullPath(file: string): string {
    return path.join(this.inDir, ...file.split("/"));
  }

  /** The signature of a photo's bytes, read again only when its stat says it may have changed. */
  private digestOf(file: string): { digest: string } | { why: string } {
    const full = this.fullPath(file);
    const stat = statPhoto(full);
    const known = this.digests.get(file);
    if (known && "digest" in known && stat !== null) {
      if (statStillTrusted(known.stat, known.readAt, stat)) return known;
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
    const cached = this.cacheDir === undefined ? undefined : readProcessed(this.cacheDir, key);
    const known = this.processed.get(key) ?? cached;
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
    // Once in the cache, its bytes are read from there when published: watch keeps no
    // photo's bytes in memory. Without a cache they are kept (--no-cache).
    const dir = this.cacheDir;
    const kept = dir !== undefined && writeProcessed(dir, key, encoded);
    const processed = (kept ? readProcessed(dir, key) : undefined) ?? inMemory(key, encoded);
    this.processed.set(key, processed);
    return processed;
  }
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

function photoProblem(
  file: string,
  line: number | undefined,
  src: string,
  why: string,
  hint: string | null = "check the path on the Фото line: it is relative to the article's folder",
): Problem {
  const problem: Problem = { file, message: `the photo "${src}" ${why}` };
  if (line !== undefined) problem.line = line;
  if (hint !== null) problem.hint = hint;
  return problem;
}
