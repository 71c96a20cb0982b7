/**
 * The pipeline with its state, shared by `build` (once) and `watch` (again and
 * again): read → decode → parse → site model → render → publish.
 *
 * Every build is incremental. What each source file gave (its bytes' signature,
 * its article's view, its warnings and problems) is kept with the file's stat, in
 * memory for `watch` and in the build cache (cache.ts) for the next `vistka build`
 * process: a file whose stat is unchanged is not read again, and an unchanged
 * article's text is read again only when one of its files is made anew (its page
 * after a template change, its feed entry, its search document). The site model is
 * then made the same way whatever was reused (site-model.ts), and a page whose
 * signature the output folder already has is not rendered again.
 */
import path from "node:path";
import type { Article } from "../core/article/parse.js";
import type { RenderMemo } from "../core/render/render.js";
import type { SearchIndex } from "../core/search/search-index.js";
import { type Problem, UserError } from "../core/shared/errors.js";
import type { OutputFile } from "../core/shared/output.js";
import type { SiteConfig } from "../core/site/config.js";
import type { SiteLists } from "../core/site/lists.js";
import type { SiteArticle, SiteModel, SiteOptions } from "../core/site/model.js";
import { futureWarnings } from "../core/site/order.js";
import { buildFingerprint, generatorDigest } from "../io/fingerprint.js";
import type { ImageEncoder } from "../io/images.js";
import type { RecordedInput } from "../io/manifest.js";
import { OutputFolder, type PublishStats } from "../io/publish.js";
import {
  isArticleName,
  listSources,
  readSigned,
  SourceGone,
  type StatKey,
  statSource,
} from "../io/sources.js";
import { type LoadedTemplates, loadTemplates } from "../io/templates.js";
import type { CacheStore } from "./cache.js";
import {
  type InputStamp,
  makeStamp,
  readSaid,
  readStamp,
  STAMP,
  STAMP_SAID,
  type StampFacts,
  type StampSaid,
  stampWarnings,
  statFingerprint,
} from "./input-stamp.js";
import { PhotoStage, type PhotoUse } from "./photos.js";
import type { ReadOutcome, ReadSettings } from "./read-article.js";
import type { SiteStages } from "./site-model.js";
import { pathUnder, type SourceRecord, SourceRecords, statStillTrusted } from "./source-records.js";

/** The modules a build needs to make anything (making.ts), once loaded. */
type Making = typeof import("./making.js");
let making: Making | undefined;

/**
 * At most this many files whose stat changed are signed before the parsing modules load, and
 * no more read make the records be laid out anew (scan).
 */
const FEW_STALE = 64;

/** readSigned, null for a file gone since it was listed (reading it again says so). */
function readSignedOrGone(full: string, cwd: string): ReturnType<typeof readSigned> | null {
  try {
    return readSigned(full, cwd);
  } catch (error) {
    if (error instanceof SourceGone) return null;
    throw error;
  }
}

/** Load what making anything needs (once; a build that finds its site up to date does not). */
async function loadMaking(): Promise<Making> {
  making ??= await import("./making.js");
  return making;
}

/** The making modules, which whatever calls this has loaded before (loadMaking). */
function made(): Making {
  if (making === undefined) throw new Error("the making modules were used before loadMaking");
  return making;
}

export interface BuilderOptions {
  cwd: string;
  drafts: boolean;
  force: boolean;
  referenceTime?: number;
  generator: { name: string; version: string };
  /** The build cache to leave this build's work in; none with --no-cache. */
  cache?: CacheStore;
  /** The cache holds the last build's work of these very settings: start from it. */
  reuseCache?: boolean;
  /** What was wrong with the cache (said with the build's warnings; filled as found). */
  cacheWarnings?: Problem[];
  /** Encodes photos (tests count its calls); sharp unless given. */
  imageEncoder?: ImageEncoder;
  /** Threads to read many article files on (`--jobs`); 1 (the default): this thread only. */
  jobs?: number;
  /** Told every few hundred files how far reading and writing have got. */
  progress?: (phase: "read" | "write", done: number, total: number) => void;
}

/**
 * How a rebuild publishes: `build` as `vistka build` does (up-to-date check, the record of
 * its inputs, a swap unless few files change); `watch` file by file, recording nothing.
 */
export type RebuildMode = "build" | "watch";

export interface RebuildResult {
  /** Read and parse problems of the current files, and site problems (collisions). */
  problems: Problem[];
  warnings: Problem[];
  /** The site model; null when the site could not be built, or was already up to date. */
  model: SiteModel | null;
  /** What the site has (from the model, or as recorded when it was up to date). */
  summary: SiteSummary | null;
  /** The output folder was already the build of these very inputs: nothing was made. */
  upToDate: boolean;
  stats: PublishStats | null;
}

/** What a build's summary line says of the site. */
export interface SiteSummary {
  articles: number;
  pages: number;
  notes: string[];
  /** Articles marked as drafts: left out, or with --drafts shown but not announced. */
  drafts: number;
}

/** A stamp that holds, what its build said, and whether it is to be left anew (racyStillSame). */
interface Stamped {
  stamp: InputStamp;
  said: StampSaid;
  renewed: boolean;
}

export class SiteBuilder {
  /** Made (and read from the cache) when first asked for: a build whose stamp holds needs none. */
  private recordsMade: SourceRecords | null = null;
  /** What the last build said (input-stamp.ts), when scan found its stamp holds: nothing changed. */
  private stamped: Stamped | null = null;
  /** The stamp's text as the cache held it (not written again when the same). */
  private stampRead: string | undefined;
  private listWarnings: Problem[] = [];
  private templates: LoadedTemplates | null = null;
  private out: OutputFolder | null = null;
  /** Whether this builder has published yet (watch: its first build looks at the disk). */
  private published = false;
  /** Kept between rebuilds (watch): an edit remakes only what it changes. Made at the first. */
  private stages: SiteStages | null = null;
  readonly siteOptions: SiteOptions;
  /** The articles' photos: checked, processed once, kept between rebuilds (watch). */
  private readonly photos: PhotoStage;
  /** What reading an article file needs (read-article.ts), on this thread or another. */
  private readonly readSettings: ReadSettings;
  /** What the last render signed each page with (watch renders again after every save). */
  private renderMemo: RenderMemo | null = null;

  constructor(
    readonly config: SiteConfig,
    readonly options: BuilderOptions,
  ) {
    this.siteOptions = {
      title: config.title,
      description: config.description,
      lang: config.lang,
      timeZone: config.timeZone,
      pageSize: config.pageSize,
      baseUrl: config.baseUrl,
      drafts: options.drafts,
      referenceTime: options.referenceTime,
      generator: options.generator,
      codeSig: generatorDigest(),
    };
    const { split, warnings, timeZone } = config;
    this.readSettings = {
      cwd: options.cwd,
      check: { split, ...warnings, timeZone },
      site: this.siteOptions,
    };
    this.photos = new PhotoStage(
      config.in,
      options.cache,
      options.reuseCache === true,
      options.imageEncoder,
    );
  }

  private get records(): SourceRecords {
    this.recordsMade ??= new SourceRecords(
      this.config.in,
      this.options.cache,
      (record) => this.loadText(record),
      (article) => made().articleView(article, this.siteOptions),
      this.options.reuseCache === true,
    );
    return this.recordsMade;
  }

  /**
   * Read every article file under the articles folder whose stat says it may have changed:
   * many at once on worker threads (`jobs`), else on this one. `stamp` (a one-off build):
   * first ask the stamp the last build left (input-stamp.ts); when it holds, nothing changed
   * and nothing more is looked at.
   */
  async scan(options: { stamp?: boolean } = {}): Promise<void> {
    const stamp = options.stamp ? this.stampToCheck() : null;
    const { files, warnings } = listSources(this.config.in, this.options.cwd);
    this.listWarnings = warnings;
    const stats = files.map((full) => statSource(full));
    if (stamp && (await this.stampHolds(stamp, files, stats))) return;
    this.records.keepOnly(files);
    let stale: { full: string; stat: StatKey | null }[] = [];
    for (let i = 0; i < files.length; i++) {
      const full = files[i] as string;
      const stat = stats[i] as StatKey | null;
      if (!this.records.isCurrent(full, stat)) stale.push({ full, stat });
    }
    // A few files whose stat changed (touched, or read within the racy window last time) are
    // first read and signed here: when their bytes are the ones recorded, the build goes on
    // without loading the modules that parse (about 50 ms of a build that has nothing to make).
    if (stale.length <= FEW_STALE) stale = stale.filter((s) => !this.sameBytes(s.full, s.stat));
    if (stale.length === 0) return;
    const { readAll, readThreads } = await loadMaking();
    const progress = this.options.progress;
    const skipped = files.length - stale.length;
    const requests = stale.map(({ full }) => [full, this.records.get(full)?.digest] as const);
    const threads = readThreads(requests.length, this.options.jobs ?? 1);
    const outcomes = await readAll(requests, this.readSettings, threads, (n) =>
      progress?.("read", skipped + n, files.length),
    );
    for (let i = 0; i < stale.length; i++) {
      const { full, stat } = stale[i] as (typeof stale)[number];
      this.apply(full, stat, outcomes[i] as ReadOutcome);
    }
    // Many records just made between their articles' texts and views are made anew together
    // (see compact); before any stage holds the articles (watch's first build, or a build).
    // A few read (an edit) leave the rest as the cache laid them out: no copy of every record.
    if (this.stages === null && stale.length > FEW_STALE) this.records.compact();
  }

  /**
   * The last build's stamp (input-stamp.ts) when the output folder still records its
   * fingerprint; which of the folder's files are still there is then looked at on another
   * thread while this one lists the articles.
   */
  private stampToCheck(): { stamp: InputStamp; out: OutputFolder } | null {
    const { cache, reuseCache } = this.options;
    this.stampRead = cache && reuseCache ? cache.get(STAMP) : undefined;
    const stamp = this.stampRead === undefined ? null : readStamp(this.stampRead);
    // A clock set back since cannot tell which articles are still dated in the future.
    if (stamp === null || Date.now() < stamp.at) return null;
    let out: OutputFolder;
    try {
      out = this.out ??= this.openOutput();
    } catch {
      // Said by the build that goes on without the stamp, where it was always said.
      return null;
    }
    if (out.recorded?.fingerprint !== stamp.fingerprint) return null;
    out.checkPresenceAhead();
    return { stamp, out };
  }

  /**
   * Whether the stamp holds for the files listed with their stats: then the output folder is
   * the build of these very inputs, and has every file it lists.
   */
  private async stampHolds(
    { stamp, out }: { stamp: InputStamp; out: OutputFolder },
    files: readonly string[],
    stats: readonly (StatKey | null)[],
  ): Promise<boolean> {
    // A file changed since the stamp was left (an edit) is found without hashing every stat:
    // every stamped file was last changed before it.
    if (stats.some((s) => s === null || Math.max(s[1], s[2]) >= stamp.at)) return false;
    let encoder = "";
    try {
      if (stamp.photos.length > 0) encoder = await this.photos.encoderVersion();
    } catch {
      return false;
    }
    const inDir = this.config.in;
    const listed = files.map((full, i) => [pathUnder(inDir, full), stats[i] ?? null] as const);
    const photos = this.photos.statsNow(stamp.photos);
    const inputs = statFingerprint(listed, photos, encoder, this.signOf);
    if (encoder !== stamp.encoder || inputs !== stamp.inputs) return false;
    const renewed = this.racyStillSame(stamp, listed);
    if (renewed === null) return false;
    await out.presenceChecked();
    if (!out.complete()) return false;
    // What that build said, read only now; the build goes on without it if it does not read back.
    const text = this.options.cache?.get(STAMP_SAID);
    const said = text === undefined ? null : readSaid(text, stamp);
    if (said === null) return false;
    this.stamped = { stamp: renewed, said, renewed: renewed !== stamp };
    return true;
  }

  /**
   * Whether the files the stamp names as racy still have the bytes it signed (each read
   * again): null if one has not; else the stamp to keep, without those now past the racy
   * window (the same stamp when none is).
   */
  private racyStillSame(
    stamp: InputStamp,
    listed: readonly (readonly [string, StatKey | null])[],
  ): InputStamp | null {
    if (stamp.racy.length === 0) return stamp;
    const readAt = Date.now();
    const statOf = new Map(listed);
    const racy: InputStamp["racy"] = [];
    for (const [rel, digest] of stamp.racy) {
      // Only files listed now are read (the stamped stats were theirs).
      const stat = statOf.get(rel);
      if (!stat) return null;
      const read = readSignedOrGone(path.join(this.config.in, rel), this.options.cwd);
      if (read === null || !("digest" in read) || read.digest !== digest) return null;
      if (!statStillTrusted(stat, readAt, stat)) racy.push([rel, digest]);
    }
    return racy.length === stamp.racy.length ? stamp : { ...stamp, racy };
  }

  /**
   * Leave the stamp of this build's inputs in the cache for the next build to ask first;
   * none while a photo, or more than MAX_RACY article files, may have changed unseen (within
   * the racy window of their reading).
   */
  private leaveStamp(facts: StampFacts): void {
    const cache = this.options.cache;
    if (!cache || cache.isDamaged) return;
    const photos = this.photos.signedStats(facts.photos);
    const made = makeStamp(this.records.inOrder(), photos, facts, this.signOf, this.options);
    if (made === null) {
      if (this.stampRead === undefined) return;
      cache.delete(STAMP);
      cache.delete(STAMP_SAID);
      return;
    }
    // What the build said is written again only when it changed (it may be megabytes).
    const last = this.stampRead === undefined ? null : readStamp(this.stampRead);
    if (last?.said !== made.stamp.said) cache.set(STAMP_SAID, made.saidText);
    cache.set(STAMP, JSON.stringify(made.stamp));
  }

  /** Whether `full` has the bytes recorded for it: if so, the record is kept with `stat`. */
  private sameBytes(full: string, stat: StatKey | null): boolean {
    const known = this.records.get(full)?.digest;
    const read = known ? readSignedOrGone(full, this.options.cwd) : null;
    if (!read || !("digest" in read) || read.digest !== known) return false;
    this.apply(full, stat, { kind: "same", file: read.file, digest: known });
    return true;
  }

  /** Re-read changed files (absolute paths); files that are gone are dropped. */
  async update(files: Iterable<string>): Promise<void> {
    await loadMaking();
    for (const file of files) {
      if (!isArticleName(path.basename(file))) continue;
      try {
        this.readFile(file);
      } catch {
        this.records.drop(file);
      }
    }
  }

  /**
   * Get ready for the first save under watch, while nothing happens: a rebuild of what was
   * just built (it writes nothing) makes the indexes an edit looks things up in (positions
   * in the site's order, the manifest's), and compiles the code of a rebuild, which the first
   * build did not run. Without it the first save took two to three times as long as the next.
   */
  async prepareForEdits(): Promise<void> {
    if (!this.published) return;
    let result: RebuildResult;
    try {
      result = await this.rebuild("watch", true);
    } catch (error) {
      // Something changed since (a file of the user's in the way): the save that meets it says it.
      if (error instanceof UserError) return;
      throw error;
    }
    const lists = this.stages?.lists;
    if (lists) made().indexListPages(lists);
    this.warmUp(result.model);
  }

  /**
   * Run once, for nothing, what a save runs and the rebuild above did not: reading and
   * parsing an article file, and rendering an article's page (V8 compiles a function when it
   * is first called; the first save paid for these). Nothing is kept or written.
   */
  private warmUp(model: SiteModel | null): void {
    const templates = this.templates?.templates;
    const page = model?.pages.find((p) => p.kind === "article");
    const record = this.records.inOrder().find((r) => r.good !== undefined);
    if (!model || !templates || !page || !record) return;
    try {
      made().readArticle(path.join(this.config.in, record.rel), this.readSettings);
      made().renderPage(page, model.site, templates);
    } catch {
      // Changed or gone since the build: the save that meets it says so.
    }
  }

  /**
   * Write the output folder's manifest a watch save left for later (watch calls it when the
   * saves pause, and before it stops): until then its journal stands for it.
   */
  writeManifest(): void {
    this.out?.writeManifest();
  }

  /** Forget loaded templates (after a template edit). */
  reloadTemplates(): void {
    this.templates = null;
  }

  /**
   * Build the site model from the newest good version of every file and, when
   * `publishWhenProblems` or there are none, render and publish.
   */
  async rebuild(mode: RebuildMode, publishWhenProblems: boolean): Promise<RebuildResult> {
    const result = await this.rebuildOnce(mode, publishWhenProblems);
    // What was wrong with the cache, found at any point of the build, is said first.
    const cacheWarnings = this.options.cacheWarnings ?? [];
    if (cacheWarnings.length > 0) result.warnings = [...cacheWarnings, ...result.warnings];
    return result;
  }

  private async rebuildOnce(
    mode: RebuildMode,
    publishWhenProblems: boolean,
  ): Promise<RebuildResult> {
    if (mode === "build" && this.stamped !== null) return this.stampedResult(this.stamped);
    const problems: Problem[] = [];
    const warnings = [...this.listWarnings];
    let articles: SiteArticle[] = [];
    const uses: PhotoUse[] = [];
    /** Articles marked as drafts (counted here: another pass would read every article again). */
    let drafts = 0;
    // One pass over ten thousand records, after every save under watch: kept lean.
    for (const r of this.records.inOrder()) {
      if (r.problems.length > 0) for (const p of r.problems) problems.push(p);
      if (r.warnings.length > 0) for (const w of r.warnings) warnings.push(w);
      const good = r.good;
      if (!good) continue;
      articles.push(good);
      if (good.draft) drafts++;
      // A draft's photos are published only with it (--drafts): none of it leaks before.
      if (good.photos.length > 0 && (this.options.drafts || !good.draft))
        uses.push({ rel: r.rel, article: good });
    }
    // A photo's problem names its line from the article's view, which a view the cache no
    // longer reads back makes again from the text: that takes the making modules.
    if (uses.length > 0) await loadMaking();
    // Photos that cannot be read are the article's problems (file:line), found before the
    // up-to-date check, whose fingerprint covers the photos' bytes.
    const photos = this.photos.check(uses);
    for (const p of photos.problems) problems.push(p);
    const now = Date.now();
    // A one-off build of inputs the output folder was already made from has nothing to make:
    // it says what that build said.
    let fingerprint: string | undefined;
    /** What the stamp of this one-off build keeps of it (leaveStamp). */
    let stampFacts: StampFacts | undefined;
    if (mode === "build" && problems.length === 0) {
      // Another sharp or libvips may make other bytes of the same photos.
      const encoder = photos.digests.length > 0 ? await this.photos.encoderVersion() : "";
      fingerprint = this.fingerprint([...photos.digests, ["\0encoder", encoder]]);
      stampFacts = {
        fingerprint,
        photos: photos.digests.map(([file]) => file),
        encoder,
        drafts,
        // The articles' own warnings (the listing's come first).
        warnings: warnings.slice(this.listWarnings.length),
        articles,
        now,
      };
      this.out ??= this.openOutput();
      const recorded = this.out.recorded;
      // Inputs changed: which published files are still there is looked at on another thread
      // while this one makes the site.
      if (recorded?.fingerprint !== fingerprint) this.out.checkPresenceAhead();
      if (recorded?.fingerprint === fingerprint && this.out.complete()) {
        const future = futureWarnings(articles, { drafts: this.options.drafts, now });
        for (const w of future) warnings.push(w);
        this.leaveStamp(stampFacts);
        this.saveCache();
        return this.upToDateResult(warnings, drafts);
      }
    }
    const { SearchIndex, SearchStoreError, SiteStages } = await loadMaking();
    // Each photo processed (or taken from the cache) and handed to its article's view.
    const applied = await this.photos.apply(uses);
    for (const p of applied.problems) problems.push(p);
    if (applied.articles.size > 0) articles = articles.map((a) => applied.articles.get(a) ?? a);
    const photoFiles = applied.files;
    // Watch keeps its stages in memory; a build starts from the cache's search index.
    let stages: SiteStages;
    if (mode === "build") stages = new SiteStages(this.storedSearch(), this.storedLists());
    else {
      this.stages ??= new SiteStages(new SearchIndex({ keep: "memory" }));
      stages = this.stages;
    }
    const got = {
      problems,
      articles,
      drafts,
      now,
      fingerprint,
      publishWhenProblems,
      photoFiles,
      stampFacts,
    };
    try {
      return await this.make(mode, stages, { ...got, warnings: [...warnings] });
    } catch (error) {
      if (!(error instanceof SearchStoreError)) throw error;
      // The stored index does not read back where this build needed it: the cache is not
      // trusted any more, and the index is made from the articles.
      this.options.cache?.markDamaged(error.message);
      const fresh = new SiteStages(new SearchIndex({ keep: mode === "watch" ? "memory" : "none" }));
      if (mode === "watch") this.stages = fresh;
      return await this.make(mode, fresh, { ...got, warnings: [...warnings] });
    }
  }

  /** The last build's search index from the cache (read lazily), else a new one. */
  private storedSearch(): SearchIndex {
    const { SearchIndex } = made();
    const cache = this.options.cache;
    if (!cache) return new SearchIndex({ keep: "none" });
    const restored = this.options.reuseCache ? SearchIndex.restore(cache, { keep: "store" }) : null;
    return restored ?? new SearchIndex({ keep: "store" });
  }

  /** The last build's list pages from the cache (known by path and signature), if any. */
  private storedLists(): SiteLists | undefined {
    const { LISTS, readLists } = made();
    const cache = this.options.cache;
    if (!cache || !this.options.reuseCache) return undefined;
    const text = cache.get(LISTS);
    if (text === undefined) return undefined;
    const lists = readLists(text);
    if (lists === null) cache.markDamaged(`${LISTS} does not read back`);
    return lists ?? undefined;
  }

  /** What a one-off build whose stamp holds says: what the build that left it said. */
  private stampedResult({ stamp, said, renewed }: Stamped): RebuildResult {
    this.stamped = null;
    // Nothing to leave in the cache but the stamp, when files it named racy are no longer;
    // else this closes what reading the stamp opened.
    if (renewed) this.options.cache?.set(STAMP, JSON.stringify(stamp));
    this.options.cache?.flush();
    const warnings = stampWarnings(said, this.options.drafts, Date.now());
    return this.upToDateResult([...this.listWarnings, ...warnings], stamp.drafts);
  }

  /** A one-off build's result when its output folder was already made from its inputs. */
  private upToDateResult(warnings: Problem[], drafts: number): RebuildResult {
    const out = this.out as OutputFolder;
    const { articles, pages, notes } = out.recorded as RecordedInput;
    return {
      problems: [],
      warnings,
      model: null,
      summary: { articles, pages, notes, drafts },
      upToDate: true,
      stats: { written: 0, unchanged: out.fileCount(), removed: 0 },
    };
  }

  /** Make the site model with `stages`, render and publish it. */
  private async make(
    mode: RebuildMode,
    stages: SiteStages,
    got: {
      problems: Problem[];
      warnings: Problem[];
      articles: SiteArticle[];
      drafts: number;
      now: number;
      fingerprint: string | undefined;
      publishWhenProblems: boolean;
      /** The photos' files (photos.ts), published with the pages. */
      photoFiles: OutputFile[];
      stampFacts: StampFacts | undefined;
    },
  ): Promise<RebuildResult> {
    const { problems, warnings, articles, now, fingerprint, publishWhenProblems } = got;
    const { buildSiteModel, renderSite, RenderMemo, LISTS, storeLists } = made();
    const restoredKey = stages.lists?.key;
    const site = buildSiteModel(articles, { ...this.siteOptions, now }, stages);
    const none = { summary: null, upToDate: false, stats: null };
    if (!site.ok) {
      this.saveCache();
      return { ...none, problems: [...problems, ...site.problems], warnings, model: null };
    }
    const { model } = site;
    for (const f of got.photoFiles) model.files.push(f);
    const summary = {
      articles: model.count,
      pages: model.pages.length,
      notes: model.notes,
      drafts: got.drafts,
    };
    // A loop, not push(...): 100,000 warnings are more arguments than a call takes.
    for (const w of model.warnings) warnings.push(w);
    if (problems.length > 0 && !publishWhenProblems) {
      this.saveCache();
      return { ...none, problems, warnings, model, summary };
    }
    const cache = this.options.cache;
    // Compiled templates are taken from the cache (and left there) like the rest of its work.
    this.templates ??= await loadTemplates(
      this.config.templates,
      this.options.cwd,
      cache && !cache.isDamaged ? cache : undefined,
    );
    this.out ??= this.openOutput();
    const { templates, assets } = this.templates;
    // What is on disk is looked at by a build and by watch's first build; later watch rebuilds
    // trust what this process wrote.
    const first = !this.published;
    await this.out.presenceChecked();
    const known = mode === "build" || first ? this.out.known : this.out.knownInMemory();
    const progress = this.options.progress;
    this.renderMemo ??= new RenderMemo();
    const rendered = renderSite(model, templates, assets, known, this.renderMemo);
    const total = model.pages.length + model.files.length + assets.length;
    // A save under watch is not counted: nothing shows it, and it walks every file.
    const files =
      progress && (mode === "build" || first)
        ? counted(rendered, (n) => progress("write", n, total))
        : rendered;
    const input: RecordedInput | undefined =
      fingerprint === undefined
        ? undefined
        : { fingerprint, articles: summary.articles, pages: summary.pages, notes: summary.notes };
    // A save under watch leaves the manifest for writeManifest, when the saves pause.
    const stats =
      mode === "build" || first
        ? this.out.publish(files, input)
        : this.out.publishInPlace(files, { deferManifest: true });
    // Watch leaves its first build's work in the cache, not every save's (the next build reads
    // the files changed since by their stat).
    // A damaged cache is removed at flush: nothing of this build is saved into it.
    if (mode === "build" && cache && !cache.isDamaged) {
      stages.search.save(cache);
      if (stages.lists && stages.lists.key !== restoredKey)
        cache.set(LISTS, JSON.stringify(storeLists(stages.lists)));
      // Photos no article shows any more leave the cache (a build covers every article).
      this.photos.prune();
      if (got.stampFacts) this.leaveStamp(got.stampFacts);
    }
    if (mode === "build" || first) this.saveCache();
    this.published = true;
    return { problems, warnings, model, summary, upToDate: false, stats };
  }

  /** The output folder, opened as this builder publishes (a thread of its own to write with --jobs). */
  private openOutput(): OutputFolder {
    const writeThread = (this.options.jobs ?? 1) > 1;
    return OutputFolder.open(this.config.out, { force: this.options.force, writeThread });
  }

  /** Leave this build's work in the cache for the next one. */
  saveCache(): void {
    const cache = this.options.cache;
    if (!cache) return;
    this.records.save();
    cache.flush();
  }

  /** The fingerprint of what a build of the current files makes (see fingerprint.ts). */
  private fingerprint(photos: readonly [string, string][]): string {
    const sources = this.records.inOrder().map((r) => [r.rel, r.digest] as const);
    // The photos by their path under the articles folder (never a .txt name) and bytes.
    for (const p of photos) sources.push(p);
    return this.fingerprintOf(sources);
  }

  /** fingerprintOf as a function of its own (input-stamp.ts signs with it). */
  private readonly signOf = (sources: [string, string][]): string => this.fingerprintOf(sources);

  /** buildFingerprint of `sources` ([path, signature] in order) with this build's settings. */
  private fingerprintOf(sources: readonly (readonly [string, string])[]): string {
    // The folders' own paths make no difference to the files (their contents do).
    const { in: _in, out: _out, templates, ...settings } = this.config;
    const { drafts, referenceTime, generator } = this.options;
    // The generator's version is written into the feeds.
    return buildFingerprint(sources, { ...settings, drafts, referenceTime, generator }, templates);
  }

  /** Read, decode and parse one file, keeping its last good version if this one is broken. */
  private readFile(full: string, stat = statSource(full)): void {
    const known = this.records.get(full)?.digest;
    this.apply(full, stat, made().readArticle(full, this.readSettings, known));
  }

  /** Keep what reading `full` (with `stat`) gave; a file gone since it was listed is thrown. */
  private apply(full: string, stat: StatKey | null, outcome: ReadOutcome): void {
    const known = this.records.get(full);
    switch (outcome.kind) {
      case "gone":
        throw new SourceGone(outcome.file, outcome.code);
      case "unreadable": {
        const { file, problem } = outcome;
        this.records.set(
          full,
          { file, stat, digest: "", warnings: [], problems: [problem] },
          lastGood(known),
        );
        return;
      }
      case "same":
        // The same bytes as recorded (touched, or copied with a new stat): the same article.
        this.records.touch(full, stat);
        return;
      case "read": {
        const { file, digest, warnings, problems, parsed } = outcome;
        const good = parsed
          ? made().siteArticleOf(parsed.article, parsed.view, parsed.search)
          : lastGood(known);
        this.records.set(full, { file, stat, digest, warnings, problems }, good);
      }
    }
  }

  /**
   * The text of an article the cache knew (its view was reused): read again and checked
   * to be the bytes the view was made from.
   */
  loadText(record: SourceRecord): Article {
    const full = path.join(this.config.in, record.rel);
    const read = readSigned(full, this.options.cwd);
    const article =
      "problem" in read || read.digest !== record.digest
        ? null
        : made().checkArticleFile(read.bytes, read.file, this.readSettings.check).article;
    if (article === null)
      throw new UserError(`${record.file}: changed while the site was being built; build again`, 1);
    return article;
  }
}

/**
 * The last good version of a file whose new bytes are broken, if its text can still be had
 * (watch keeps serving it). One the cache knew only by its view cannot be read again once
 * the file changed: without it, watch publishes the site without that article and says why.
 */
function lastGood(known: SourceRecord | undefined): SiteArticle | undefined {
  const good = known?.good;
  if (!good) return undefined;
  try {
    good.text();
    return good;
  } catch {
    return undefined;
  }
}

/** Pass `items` through, calling `tick` every 500 of them. */
function* counted<T>(items: Iterable<T>, tick: (n: number) => void): Generator<T> {
  let n = 0;
  for (const item of items) {
    yield item;
    if (++n % 500 === 0) tick(n);
  }
}
