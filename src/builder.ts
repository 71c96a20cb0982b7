/**
 * The pipeline with its state, shared by `build` (once) and `watch` (again and
 * again): read → decode → parse → site model → render → publish. It keeps the
 * last parse of every file, so a rebuild re-reads only what changed.
 */
import path from "node:path";
import type { SiteConfig } from "./core/config.js";
import { decodeSource } from "./core/decode.js";
import type { Problem } from "./core/errors.js";
import { type Article, parseArticle } from "./core/parse.js";
import { renderSite } from "./core/render.js";
import { buildSite, type SiteModel } from "./core/site.js";
import { SiteMemo } from "./core/site-patch.js";
import { OutputFolder, type PublishStats } from "./io/publish.js";
import { listSources, readSource } from "./io/sources.js";
import { type LoadedTemplates, loadTemplates } from "./io/templates.js";

/** What is known of one source file. */
interface SourceState {
  /** The newest version that parsed; kept while a later save is broken (watch serves it). */
  article?: Article;
  /** Problems of the newest version, empty when it parsed. */
  problems: Problem[];
  warnings: Problem[];
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
  model: SiteModel | null;
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
    const site = buildSite(articles, {
      title: this.config.title,
      description: this.config.description,
      lang: this.config.lang,
      timeZone: this.config.timeZone,
      pageSize: this.config.pageSize,
      baseUrl: this.config.baseUrl,
      drafts: this.options.drafts,
      referenceTime: this.options.referenceTime,
      now: Date.now(),
      generator: this.options.generator,
      memo: this.memo,
    });
    if (!site.ok)
      return { problems: [...problems, ...site.problems], warnings, model: null, stats: null };
    // A loop, not push(...): 100,000 warnings are more arguments than a call takes.
    for (const w of site.model.warnings) warnings.push(w);
    if (problems.length > 0 && !publishWhenProblems)
      return { problems, warnings, model: site.model, stats: null };
    this.templates ??= await loadTemplates(this.config.templates);
    this.out ??= OutputFolder.open(this.config.out, { force: this.options.force });
    const { templates, assets } = this.templates;
    const known = mode === "swap" ? this.out.known : this.out.knownInMemory();
    const progress = this.options.progress;
    const rendered = renderSite(site.model, templates, assets, known);
    const total = site.model.pages.length + site.model.files.length + assets.length;
    const files = progress ? counted(rendered, (n) => progress("write", n, total)) : rendered;
    const stats = mode === "swap" ? this.out.publish(files) : this.out.publishInPlace(files);
    return { problems, warnings, model: site.model, stats };
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
    this.sources.set(
      full,
      parsed.ok
        ? {
            article: parsed.article,
            problems: [],
            warnings: [...decoded.warnings, ...parsed.article.warnings],
          }
        : { article: previous, problems: parsed.problems, warnings: decoded.warnings },
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
