/**
 * The pipeline with its state, shared by `build` (once) and `watch` (again and
 * again): read → decode → parse → site model → render → publish. It keeps the
 * last parse of every file, so a rebuild re-reads only what changed.
 */
import path from "node:path";
import { decodeSource } from "../core/article/decode.js";
import { type Article, parseArticle } from "../core/article/parse.js";
import { renderSite } from "../core/render/render.js";
import type { Problem } from "../core/shared/errors.js";
import { signature } from "../core/shared/hash.js";
import type { SiteConfig } from "../core/site/config.js";
import type { SiteModel } from "../core/site/model.js";
import { futureWarnings } from "../core/site/site.js";
import { buildFingerprint } from "../io/fingerprint.js";
import type { RecordedInput } from "../io/manifest.js";
import { OutputFolder, type PublishStats } from "../io/publish.js";
import { listSources, readSource } from "../io/sources.js";
import { type LoadedTemplates, loadTemplates } from "../io/templates.js";
import { buildSite } from "./site-model.js";
import { SiteMemo } from "./site-patch.js";

/** What is known of one source file. */
interface SourceState {
  /** The newest version that parsed; kept while a later save is broken (watch serves it). */
  article?: Article;
  /** Problems of the newest version, empty when it parsed. */
  problems: Problem[];
  warnings: Problem[];
  /** The signature of the bytes last read (a one-off build's fingerprint uses it). */
  digest?: string;
}

export interface BuilderOptions {
  cwd: string;
  drafts: boolean;
  force: boolean;
  referenceTime?: number;
  generator: { name: string; version: string };
  /** Rebuilt again and again (watch): keep what makes the next rebuild after an edit fast. */
  incremental?: boolean;
  /** Told every few hundred files how far reading and writing have got. */
  progress?: (phase: "read" | "write", done: number, total: number) => void;
}

export interface RebuildResult {
  /** Read and parse problems of the current files, and site problems (collisions). */
  problems: Problem[];
  warnings: Problem[];
  /** The site model; null when the site could not be built, or was already up to date. */
  model: SiteModel | null;
  /** What the site has (from the model, or as recorded when it was up to date). */
  summary: { articles: number; pages: number; notes: string[] } | null;
  /** The output folder was already the build of these very inputs: nothing was made. */
  upToDate: boolean;
  stats: PublishStats | null;
}

export class SiteBuilder {
  private readonly sources = new Map<string, SourceState>();
  /** The files in path order (kept between rebuilds; reset when a file comes or goes). */
  private order: string[] | null = null;
  private listWarnings: Problem[] = [];
  private templates: LoadedTemplates | null = null;
  private out: OutputFolder | null = null;
  // For watch: what the last site model was made of (views, the search index, the model to patch).
  private readonly memo: SiteMemo | undefined;

  constructor(
    readonly config: SiteConfig,
    readonly options: BuilderOptions,
  ) {
    this.memo = options.incremental ? new SiteMemo() : undefined;
  }

  /** Read every article file under the articles folder. */
  scan(): void {
    const { files, warnings } = listSources(this.config.in, this.options.cwd);
    this.listWarnings = warnings;
    // Files that are gone are dropped; the others are re-read, keeping their last good version.
    const present = new Set(files);
    for (const file of this.sources.keys()) if (!present.has(file)) this.sources.delete(file);
    this.order = null;
    for (let i = 0; i < files.length; i++) {
      this.readFile(files[i] as string);
      if (i % 500 === 499) this.options.progress?.("read", i + 1, files.length);
    }
  }

  /** Re-read changed files (absolute paths); files that are gone are dropped. */
  update(files: Iterable<string>): void {
    for (const file of files) {
      if (!file.endsWith(".txt") || path.basename(file).startsWith(".")) continue;
      try {
        this.readFile(file);
      } catch {
        if (this.sources.delete(file)) this.order = null;
      }
    }
  }

  /** Forget loaded templates (after a template edit). */
  reloadTemplates(): void {
    this.templates = null;
  }

  /** The current problems of all files; empty when the site can be built. */
  problems(): Problem[] {
    const all: Problem[] = [];
    for (const s of this.sources.values()) for (const p of s.problems) all.push(p);
    return all;
  }

  /**
   * Build the site model from the newest good version of every file and, when
   * `publish` allows it, render and publish. `mode` `swap` publishes atomically
   * (build); `inPlace` file by file (watch).
   */
  async rebuild(mode: "swap" | "inPlace", publishWhenProblems: boolean): Promise<RebuildResult> {
    const problems = this.problems();
    const warnings = [...this.listWarnings];
    const articles: Article[] = [];
    this.order ??= [...this.sources.keys()].sort();
    for (const s of this.order) {
      const state = this.sources.get(s) as SourceState;
      for (const w of state.warnings) warnings.push(w);
      if (state.article) articles.push(state.article);
    }
    const now = Date.now();
    // A one-off build (not watch, which needs the model) of inputs the output folder was
    // already made from has nothing to make: it says what that build said.
    let fingerprint: string | undefined;
    if (mode === "swap" && !this.options.incremental && problems.length === 0) {
      fingerprint = this.fingerprint();
      this.out ??= OutputFolder.open(this.config.out, { force: this.options.force });
      const recorded = this.out.recorded;
      if (recorded?.fingerprint === fingerprint && this.out.complete()) {
        const future = futureWarnings(articles, {
          drafts: this.options.drafts,
          timeZone: this.config.timeZone,
          now,
        });
        for (const w of future) warnings.push(w);
        const { articles: count, pages, notes } = recorded;
        const files = this.out.fileCount();
        return {
          problems,
          warnings,
          model: null,
          summary: { articles: count, pages, notes },
          upToDate: true,
          stats: { written: 0, unchanged: files, removed: 0 },
        };
      }
    }
    const site = buildSite(
      articles,
      {
        title: this.config.title,
        description: this.config.description,
        lang: this.config.lang,
        timeZone: this.config.timeZone,
        pageSize: this.config.pageSize,
        baseUrl: this.config.baseUrl,
        drafts: this.options.drafts,
        referenceTime: this.options.referenceTime,
        now,
        generator: this.options.generator,
      },
      this.memo,
    );
    const none = { summary: null, upToDate: false, stats: null };
    if (!site.ok)
      return { ...none, problems: [...problems, ...site.problems], warnings, model: null };
    const { model } = site;
    const summary = {
      articles: model.articles.length,
      pages: model.pages.length,
      notes: model.notes,
    };
    // A loop, not push(...): 100,000 warnings are more arguments than a call takes.
    for (const w of model.warnings) warnings.push(w);
    if (problems.length > 0 && !publishWhenProblems)
      return { ...none, problems, warnings, model, summary };
    this.templates ??= await loadTemplates(this.config.templates);
    this.out ??= OutputFolder.open(this.config.out, { force: this.options.force });
    const { templates, assets } = this.templates;
    const known = mode === "swap" ? this.out.known : this.out.knownInMemory();
    const progress = this.options.progress;
    const rendered = renderSite(site.model, templates, assets, known);
    const total = site.model.pages.length + site.model.files.length + assets.length;
    const files = progress ? counted(rendered, (n) => progress("write", n, total)) : rendered;
    const input: RecordedInput | undefined =
      fingerprint === undefined ? undefined : { fingerprint, ...summary };
    const stats = mode === "swap" ? this.out.publish(files, input) : this.out.publishInPlace(files);
    return { problems, warnings, model, summary, upToDate: false, stats };
  }

  /** The fingerprint of what a build of the current files makes (see fingerprint.ts). */
  private fingerprint(): string {
    const order = this.order ?? [];
    const sources = order.map(
      (full) =>
        [
          path.relative(this.config.in, full),
          (this.sources.get(full) as SourceState).digest ?? "",
        ] as const,
    );
    // The folders' own paths make no difference to the files (their contents do).
    const { in: _in, out: _out, templates, ...settings } = this.config;
    const { drafts, referenceTime } = this.options;
    return buildFingerprint(sources, { ...settings, drafts, referenceTime }, templates);
  }

  private readFile(full: string): void {
    if (!this.sources.has(full)) this.order = null;
    const previous = this.sources.get(full)?.article;
    const read = readSource(full, this.options.cwd);
    if ("problem" in read) {
      this.sources.set(full, { article: previous, problems: [read.problem], warnings: [] });
      return;
    }
    const decoded = decodeSource(read.bytes, read.file);
    if (!decoded.ok) {
      this.sources.set(full, { article: previous, problems: [decoded.problem], warnings: [] });
      return;
    }
    const parsed = parseArticle(decoded.text, read.file, { split: this.config.split });
    const digest = this.options.incremental ? undefined : signature(read.bytes);
    this.sources.set(
      full,
      parsed.ok
        ? {
            article: parsed.article,
            problems: [],
            warnings: [...decoded.warnings, ...parsed.article.warnings],
            digest,
          }
        : { article: previous, problems: parsed.problems, warnings: decoded.warnings, digest },
    );
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
