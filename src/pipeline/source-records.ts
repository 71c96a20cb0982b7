/**
 * What each article file gave the last time it was read: its stat, its bytes'
 * signature, its warnings and problems, and (when it parsed) its article as the
 * site takes it. Kept in memory by `watch` and in the build cache between
 * `vistka build` processes, in 64 buckets by path so that an edit rewrites one; each
 * bucket's views (a kilobyte each, read only when needed) in 16 parts of their own.
 *
 * A record is trusted without reading the file when the file's size, mtime, ctime
 * and inode are the ones recorded and the file was not changed within two seconds
 * before it was read (a later save in the same clock tick could leave the same
 * stat: such "racy" files are read again, as git does).
 */
import path from "node:path";
import { crc32 } from "node:zlib";
import type { Article } from "../core/article/parse.js";
import type { Problem } from "../core/shared/errors.js";
import { withPlace } from "../core/site/keys.js";
import type { ArticleKeys, ArticleView, SiteArticle } from "../core/site/model.js";
import { isPlainRelative, type StatKey } from "../io/sources.js";
import type { CacheStore } from "./cache.js";

/** How close to its reading a file may have changed and still be trusted by its stat. */
const RACY_MS = 2000;
const BUCKETS = 64;
/**
 * The one empty list of every record without warnings or problems, and of every article
 * without photos (most of them): a pass over ten thousand records then reads one array,
 * not ten thousand scattered in memory. Frozen, as it is shared.
 */
const NONE: never[] = Object.freeze([]) as unknown as never[];
/** `list`, or the shared empty one when it is empty. */
const orNone = <T>(list: T[]): T[] => (list.length === 0 ? NONE : list);
/** Each bucket's views are kept in this many values: a build reading a few views reads little. */
const VIEW_PARTS = 16;

/**
 * Whether a file read at `readAt` with stat `known` is unchanged now that its stat is `now`:
 * the same stat, and no change within RACY_MS of the reading (one then could hide in the
 * stat's resolution, as git's "racy" files). Article files and photos alike.
 */
export function statStillTrusted(known: StatKey, readAt: number, now: StatKey): boolean {
  const [size, mtime, ctime, ino] = now;
  return (
    size === known[0] &&
    mtime === known[1] &&
    ctime === known[2] &&
    ino === known[3] &&
    Math.max(mtime, ctime) < readAt - RACY_MS
  );
}

/** The path of `full` under the articles folder `inDir`, `/`-separated (a record's `rel`). */
export function pathUnder(inDir: string, full: string): string {
  // A path listed under the folder (path.join made it) is the folder, a separator and the
  // rest: cut, without path.relative's two resolves (10,000 files at every build).
  const prefix = inDir.endsWith(path.sep) ? inDir : inDir + path.sep;
  if (full.startsWith(prefix)) {
    const rel = toPosix(full.slice(prefix.length));
    if (isPlainRelative(rel)) return rel;
  }
  return toPosix(path.relative(inDir, full));
}

/** A path of this system with `/` between its parts. */
function toPosix(native: string): string {
  return path.sep === "/" ? native : native.split(path.sep).join("/");
}

export interface SourceRecord {
  /** Path under the articles folder, `/`-separated. */
  rel: string;
  /** The file as the user named it (in warnings and problems). */
  file: string;
  stat: StatKey | null;
  /** When the record was made (ms since 1970), for the racy check. */
  readAt: number;
  /** Signature of the bytes ("" when they could not be read). */
  digest: string;
  warnings: Problem[];
  /** Problems of the newest version; empty when it parsed. */
  problems: Problem[];
  /**
   * The newest version that parsed. While a later save is broken it is the one before,
   * which `watch` keeps serving (a one-off build publishes nothing while there are problems).
   */
  good?: SiteArticle;
}

/**
 * A record as the cache holds it: its head in `sources/<bucket>` (all read at start: a
 * build with nothing changed needs no more), and the views of the bucket's articles in
 * `views/<bucket>`, read when the site model is made.
 */
type Stored = [
  rel: string,
  file: string,
  stat: StatKey | null,
  readAt: number,
  digest: string,
  warnings: Problem[],
  problems: Problem[],
  good:
    | [
        slug: string,
        draft: boolean,
        date: string | null,
        instant: number | null,
        // The photos' files as written: a build checks them without reading views.
        photos: string[],
        keys: StoredKeys,
      ]
    | null,
];

/** An article's keys as stored (its place is made again from them: withPlace). */
type StoredKeys = [
  sig: string,
  teaserSig: string,
  published: string | null,
  updated: string | null,
  source: string | null,
  author: string | null,
  tags: string[],
  featured: boolean,
];

export class SourceRecords {
  private readonly byPath = new Map<string, SourceRecord>();
  private order: SourceRecord[] | null = null;
  /** Buckets whose records changed since the cache was read. */
  private readonly dirty = new Set<number>();
  /** Parts of buckets (viewPartKey) whose views changed since the cache was read. */
  private readonly dirtyViews = new Set<string>();
  private loadedAll = false;

  constructor(
    private readonly inDir: string,
    private readonly cache: CacheStore | undefined,
    /** Reads an unchanged article's text again when something needs it. */
    private readonly loadText: (record: SourceRecord) => Article,
    /** Makes an article's view (when the cached one does not read back). */
    private readonly makeView: (article: Article) => ArticleView,
    reuse: boolean,
  ) {
    if (cache && reuse) this.load(cache);
    if (!this.loadedAll) {
      for (let b = 0; b < BUCKETS; b++) {
        this.dirty.add(b);
        for (let part = 0; part < VIEW_PARTS; part++) this.dirtyViews.add(viewPartKey(b, part));
      }
    }
  }

  get(full: string): SourceRecord | undefined {
    return this.byPath.get(full);
  }

  /** Whether the record of `full` can stand for the file with `stat` without reading it. */
  isCurrent(full: string, stat: StatKey | null): boolean {
    const r = this.byPath.get(full);
    if (!r || r.stat === null || stat === null) return false;
    return statStillTrusted(r.stat, r.readAt, stat);
  }

  /** A new record for `full`; `good` is its article (or the last good one, kept). */
  set(
    full: string,
    record: Omit<SourceRecord, "rel" | "file" | "good" | "readAt"> & { file: string },
    good: SiteArticle | undefined,
  ): void {
    const rel = pathUnder(this.inDir, full);
    const next: SourceRecord = { ...record, rel, readAt: Date.now(), good };
    const known = this.byPath.get(full);
    // Changed in place: the ordered list (kept between rebuilds) holds the same object.
    if (known) Object.assign(known, next);
    else {
      this.byPath.set(full, next);
      this.order = null;
    }
    this.dirty.add(bucketOf(rel));
    this.dirtyViews.add(viewPartOf(rel));
  }

  /**
   * Keep the record of the same bytes read again, with the file's stat now. Worth keeping
   * in the cache only when it lets the next build trust the stat (a build that finds
   * nothing changed then writes nothing).
   */
  touch(full: string, stat: StatKey | null): void {
    const r = this.byPath.get(full);
    if (!r) return;
    const was = this.isCurrent(full, stat);
    r.stat = stat;
    r.readAt = Date.now();
    if (!was && this.isCurrent(full, stat)) this.dirty.add(bucketOf(r.rel));
  }

  drop(full: string): void {
    const r = this.byPath.get(full);
    if (!r) return;
    this.byPath.delete(full);
    this.order = null;
    this.dirty.add(bucketOf(r.rel));
    this.dirtyViews.add(viewPartOf(r.rel));
  }

  /**
   * Make every record and its article object anew, one after another, so that they lie
   * together in memory. After reading thousands of files each record was made between its
   * text, view and search document; a pass over ten thousand scattered records (every
   * rebuild under watch makes several) then took 10-20 ms on this machine, over records
   * made together about 1 ms. Only before any stage holds the articles (their identity is
   * a key of the kept pages).
   */
  compact(): void {
    for (const [full, r] of this.byPath) {
      const g = r.good;
      const good: SiteArticle | undefined =
        g === undefined || g instanceof CachedArticle
          ? g
          : {
              file: g.file,
              slug: g.slug,
              draft: g.draft,
              date: g.date,
              instant: g.instant,
              photos: orNone(g.photos),
              keys: g.keys,
              view: g.view,
              text: g.text,
              search: g.search,
            };
      this.byPath.set(full, {
        rel: r.rel,
        file: r.file,
        stat: r.stat,
        readAt: r.readAt,
        digest: r.digest,
        warnings: orNone(r.warnings),
        problems: orNone(r.problems),
        good,
      });
    }
    this.order = null;
  }

  /** Drop the records of files that are no longer there. */
  keepOnly(files: readonly string[]): void {
    const present = new Set(files);
    for (const full of [...this.byPath.keys()]) if (!present.has(full)) this.drop(full);
  }

  /** The records in path order (the order of a build, so it never depends on the file system). */
  inOrder(): SourceRecord[] {
    if (this.order === null) {
      const paths = [...this.byPath.keys()].sort();
      this.order = paths.map((p) => this.byPath.get(p) as SourceRecord);
    }
    return this.order;
  }

  /** Put the changed buckets, and the changed parts of their views, into the cache. */
  save(): void {
    const cache = this.cache;
    if (!cache || (this.dirty.size === 0 && this.dirtyViews.size === 0)) return;
    const heads = new Map<number, Stored[]>();
    for (const b of this.dirty) heads.set(b, []);
    const views = new Map<string, ArticleView[]>();
    for (const part of this.dirtyViews) views.set(part, []);
    for (const r of this.inOrder()) {
      const crc = crc32(r.rel);
      const head = heads.get(crc % BUCKETS);
      const part = this.dirtyViews.size > 0 ? views.get(viewPartOfCrc(crc)) : undefined;
      // Only the records of what is written are looked at (an edit rewrites one bucket).
      if (!head && !part) continue;
      const stored = toStored(r);
      if (head) head.push(stored);
      // A view is read (from the cache, if it came from there) only when its part is written.
      if (stored[7] !== null) part?.push((r.good as SiteArticle).view);
    }
    for (const [b, list] of heads) cache.set(`sources/${b}`, JSON.stringify(list));
    // One view a line (JSON text has no raw line breaks): each can be parsed alone.
    for (const [part, list] of views)
      cache.set(`views/${part}`, list.map((v) => JSON.stringify(v)).join("\n"));
    this.dirty.clear();
    this.dirtyViews.clear();
  }

  /** Read every bucket's heads; anything that does not read back as written leaves all unused. */
  private load(cache: CacheStore): void {
    const records: SourceRecord[] = [];
    const how: ArticleSource = { loadText: this.loadText, makeView: this.makeView };
    for (let b = 0; b < BUCKETS; b++) {
      const text = cache.get(`sources/${b}`);
      if (text === undefined) {
        if (!cache.isDamaged) cache.markDamaged(`sources/${b} is missing`);
        return;
      }
      let stored: unknown;
      try {
        stored = JSON.parse(text);
      } catch {
        stored = null;
      }
      if (!Array.isArray(stored) || !stored.every(isStored)) {
        cache.markDamaged(`sources/${b} does not read back`);
        return;
      }
      // Each view's line in its part: the heads of the part's records with a view, in order.
      const parts: ViewPart[] = [];
      for (let part = 0; part < VIEW_PARTS; part++)
        parts.push(new ViewPart(cache, viewPartKey(b, part)));
      for (const s of stored as Stored[]) {
        if (s[7] === null) records.push(fromStored(s, null, how));
        else {
          const part = parts[viewPart(s[0])] as ViewPart;
          records.push(fromStored(s, { part, line: part.count++ }, how));
        }
      }
    }
    // The records' paths as path.join makes them, without normalizing each again.
    const prefix = this.inDir.endsWith(path.sep) ? this.inDir : this.inDir + path.sep;
    const plain = path.join(this.inDir, "x") === `${prefix}x`;
    for (const r of records) {
      const full =
        plain && isPlainRelative(r.rel) ? prefix + toNative(r.rel) : path.join(this.inDir, r.rel);
      this.byPath.set(full, r);
    }
    this.loadedAll = true;
  }
}

/** What an article the cache knew needs to be read again: its text, or its view from the text. */
interface ArticleSource {
  loadText: (record: SourceRecord) => Article;
  makeView: (article: Article) => ArticleView;
}

/** The record of a stored head; its article's view read from `at` when first asked for. */
function fromStored(
  s: Stored,
  at: { part: ViewPart; line: number } | null,
  how: ArticleSource,
): SourceRecord {
  const [rel, file, stat, readAt, digest, warnings, problems, good] = s;
  const record: SourceRecord = {
    rel,
    file,
    stat,
    readAt,
    digest,
    warnings: orNone(warnings),
    problems: orNone(problems),
  };
  if (good && at) {
    const [slug, draft, date, instant, photos, keys] = good;
    const facts = { slug, draft, date, instant, photos: orNone(photos) };
    record.good = new CachedArticle(record, facts, keys, at, how);
  }
  return record;
}

/**
 * An article the cache knew, as the site takes it. A class, not an object of closures: a
 * build loads ten thousand of them to find that few changed, and each closure was garbage
 * to collect. Its view is read with its part of the bucket's views (made again from the
 * text if they do not read back), its text from the file, each when first asked for.
 */
class CachedArticle implements SiteArticle {
  readonly file: string;
  readonly slug: string;
  readonly draft: boolean;
  readonly date: string | null;
  readonly instant: number | null;
  readonly photos: string[];
  search?: SiteArticle["search"];
  private placed: ArticleKeys | undefined;
  private known: ArticleView | undefined;
  private article: Article | undefined;
  private textOf: (() => Article) | undefined;

  constructor(
    private readonly record: SourceRecord,
    facts: Pick<SiteArticle, "slug" | "draft" | "date" | "instant" | "photos">,
    private readonly stored: StoredKeys,
    private readonly at: { part: ViewPart; line: number },
    private readonly how: ArticleSource,
  ) {
    this.file = record.file;
    this.slug = facts.slug;
    this.draft = facts.draft;
    this.date = facts.date;
    this.instant = facts.instant;
    this.photos = facts.photos;
  }

  /** Made when first asked for: a build that finds nothing changed asks for none. */
  get keys(): ArticleKeys {
    if (this.placed === undefined) {
      const [sig, teaserSig, published, updated, source, author, tags, featured] = this.stored;
      const k = { sig, teaserSig, published, updated, source, author, tags, featured };
      this.placed = withPlace(this.slug, this.draft, k);
    }
    return this.placed;
  }

  get view(): ArticleView {
    this.known ??= this.at.part.viewAt(this.at.line) ?? this.how.makeView(this.loadText());
    return this.known;
  }

  /** A function of its own, made when first asked for: callers hand it on without this object. */
  get text(): () => Article {
    this.textOf ??= () => this.loadText();
    return this.textOf;
  }

  private loadText(): Article {
    this.article ??= this.how.loadText(this.record);
    return this.article;
  }
}

/**
 * The views of one part of a bucket (`count` of them, in the order of their heads, one JSON
 * text a line), read at the first `viewAt`; each call parses one, so a build that needs a few
 * views parses no more. Null when they do not read back (the cache is then damaged).
 */
class ViewPart {
  /** How many views the part holds: one per head with a view, counted as the heads are read. */
  count = 0;
  private lines: string[] | null | undefined;

  constructor(
    private readonly cache: CacheStore,
    private readonly key: string,
  ) {}

  viewAt(i: number): ArticleView | null {
    if (this.lines === undefined) this.lines = this.read();
    const line = this.lines?.[i];
    if (line === undefined) return null;
    let view: unknown = null;
    try {
      view = JSON.parse(line);
    } catch {}
    return isView(view) ? view : this.damaged();
  }

  private read(): string[] | null {
    const text = this.cache.get(`views/${this.key}`);
    if (text === undefined) return this.damaged();
    const all = text === "" ? [] : text.split("\n");
    return all.length === this.count ? all : this.damaged();
  }

  private damaged(): null {
    if (!this.cache.isDamaged) this.cache.markDamaged(`views/${this.key} does not read back`);
    return null;
  }
}

/** A stored `/`-separated path with this system's separator. */
function toNative(rel: string): string {
  return path.sep === "/" ? rel : rel.split("/").join(path.sep);
}

/** Enough of a view's shape to be sure it was written as one. */
function isView(v: unknown): v is ArticleView {
  const view = v as ArticleView;
  return (
    typeof v === "object" &&
    v !== null &&
    typeof view.slug === "string" &&
    typeof view.path === "string" &&
    typeof view.headline === "string" &&
    typeof view.sig === "string" &&
    typeof view.teaserSig === "string" &&
    Array.isArray(view.tags)
  );
}

function toStored(r: SourceRecord): Stored {
  const g = r.good;
  // The last good version of a broken file is not stored: a one-off build publishes nothing then.
  const good: Stored[7] =
    g && r.problems.length === 0
      ? [g.slug, g.draft, g.date, g.instant, g.photos, storedKeys(g.keys)]
      : null;
  return [r.rel, r.file, r.stat, r.readAt, r.digest, r.warnings, r.problems, good];
}

function storedKeys(k: ArticleKeys): StoredKeys {
  // The place is made again from these when read (withPlace).
  return [k.sig, k.teaserSig, k.published, k.updated, k.source, k.author, k.tags, k.featured];
}

function bucketOf(rel: string): number {
  return crc32(rel) % BUCKETS;
}

/** Which part of its bucket's views a record's view is kept in. */
function viewPart(rel: string): number {
  return Math.floor(crc32(rel) / BUCKETS) % VIEW_PARTS;
}

/** viewPartOf of a path whose CRC-32 is `crc`. */
function viewPartOfCrc(crc: number): string {
  return viewPartKey(crc % BUCKETS, Math.floor(crc / BUCKETS) % VIEW_PARTS);
}

function viewPartKey(bucket: number, part: number): string {
  return `${bucket}.${part}`;
}

function viewPartOf(rel: string): string {
  return viewPartKey(bucketOf(rel), viewPart(rel));
}

/** The shape toStored writes (a damaged or foreign value is refused, never half-used). */
function isStored(v: unknown): v is Stored {
  if (!Array.isArray(v) || v.length !== 8) return false;
  const [rel, file, stat, readAt, digest, warnings, problems, good] = v as unknown[];
  return (
    typeof rel === "string" &&
    typeof file === "string" &&
    (stat === null || (Array.isArray(stat) && stat.length === 4 && stat.every(Number.isFinite))) &&
    typeof readAt === "number" &&
    typeof digest === "string" &&
    Array.isArray(warnings) &&
    Array.isArray(problems) &&
    (good === null ||
      (Array.isArray(good) &&
        good.length === 6 &&
        typeof good[0] === "string" &&
        typeof good[1] === "boolean" &&
        (good[2] === null || typeof good[2] === "string") &&
        (good[3] === null || typeof good[3] === "number") &&
        Array.isArray(good[4]) &&
        good[4].every((p) => typeof p === "string") &&
        isStoredKeys(good[5])))
  );
}

function isStoredKeys(v: unknown): boolean {
  const nullableString = (x: unknown) => x === null || typeof x === "string";
  return (
    Array.isArray(v) &&
    v.length === 8 &&
    typeof v[0] === "string" &&
    typeof v[1] === "string" &&
    nullableString(v[2]) &&
    nullableString(v[3]) &&
    nullableString(v[4]) &&
    nullableString(v[5]) &&
    Array.isArray(v[6]) &&
    v[6].every((t) => typeof t === "string") &&
    typeof v[7] === "boolean"
  );
}
