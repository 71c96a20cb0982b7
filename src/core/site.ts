/**
 * Articles → the site model: every page with its output path and the data its
 * template receives, plus feeds, sitemaps and robots.txt. Pure: the whole site
 * is checked here (slug collisions, reserved names) before anything is written.
 */
import { instantOf } from "./dates.js";
import type { Problem } from "./errors.js";
import type { TextLanguage } from "./language.js";
import { paginate, prettyPath, rootFor } from "./paginate.js";
import type { Article } from "./parse.js";
import type { OutputFile } from "./render.js";
import { SEARCH_DIR, searchFiles } from "./search-index.js";
import { signature } from "./signature.js";
import { futureWarning, patchSite, type SiteMemo } from "./site-patch.js";
import { fill, formatCount, type Lang, LOCALES, STRINGS, type UiStrings } from "./strings.js";
import { syndicationFiles } from "./syndication.js";
import { groupByTerm } from "./taxonomy.js";
import { articleView, feedHtml, searchArticle } from "./views.js";

export interface SiteOptions {
  title?: string;
  description?: string;
  lang: Lang;
  /** IANA zone in which dates without an offset are read, e.g. `Europe/Kyiv`. */
  timeZone: string;
  /** Articles per list page (default 20). */
  pageSize?: number;
  /** Absolute site URL ending in `/`; without it there are no feeds, sitemaps or canonical links. */
  baseUrl?: string;
  /** Include articles marked as drafts. */
  drafts?: boolean;
  /** The build's reference time (SOURCE_DATE_EPOCH) for the news sitemap; default: the newest article. */
  referenceTime?: number;
  /** The clock, only to warn about future dates (never used in output). */
  now?: number;
  generator?: { name: string; version: string };
  /**
   * What an earlier call made (watch keeps one across rebuilds): views of unchanged
   * articles are reused, the search index is patched, and an edit that changes no
   * list patches the last model instead of building it anew.
   */
  memo?: SiteMemo;
}

/** What templates see as `site`. */
export interface SiteInfo {
  title: string;
  description: string;
  lang: Lang;
  locale: string;
  strings: UiStrings;
  baseUrl: string | null;
  /** Whether feeds exist (they need baseUrl), for `<link rel="alternate">`. */
  hasFeeds: boolean;
}

export interface LinkView {
  name: string;
  slug: string;
  /** Path from the site root. */
  path: string;
}

/** One article as templates see it: text already made safe HTML where it is markup. */
export interface ArticleView {
  slug: string;
  /** Output path from the site root. */
  path: string;
  /** Plain text: a headline is never markup (it also sits inside links and titles). */
  headline: string;
  source: LinkView | null;
  author: string | null;
  tags: LinkView[];
  /** `datetime` attribute value, or null when undated. */
  datetime: string | null;
  /** ISO 8601 with the site's offset, or null. */
  published: string | null;
  /** The same instant in ms since 1970, for sorting; null when undated. */
  instant: number | null;
  /** The date as readers see it, in the site's language. */
  dateText: string | null;
  /** The first paragraph as plain text, trimmed at a word. */
  summary: string;
  /**
   * The language of the article's text when it is not the site's (an English article on a
   * Ukrainian site), for the `lang` attribute of its headline and text; null when the same
   * or unknown.
   */
  lang: TextLanguage | null;
  canonical: string | null;
  /** Signature of everything the article's page is made from. */
  sig: string;
  /** Signature of what lists show of it (a body-only edit leaves it unchanged). */
  teaserSig: string;
}

/** An article on its own page: the list view plus its text as safe HTML. */
export interface ArticlePageView extends ArticleView {
  bodyHtml: string[];
  backgroundHtml: string[];
  relatedHtml: string[];
}

export type PageKind = "index" | "article" | "list" | "terms" | "notFound" | "search";

export interface PaginationView {
  number: number;
  total: number;
  label: string;
  prev: string | null;
  next: string | null;
}

export interface TermView extends LinkView {
  count: number;
  countText: string;
}

export interface Page {
  kind: PageKind;
  /** Output path from the site root. */
  path: string;
  /** Relative prefix from this page to the site root (`""`, `../`), so links work from any sub-path. */
  root: string;
  title: string;
  /** The page's `h1`. */
  heading: string;
  description: string;
  canonical: string | null;
  article?: ArticleView;
  articles?: ArticleView[];
  pagination?: PaginationView;
  terms?: TermView[];
  /** On article pages: the parsed article, made into HTML only when the page is rendered. */
  source?: Article;
  /** Signature of the page's data (templates and site settings are added by the renderer). */
  sig: string;
}

export interface SiteModel {
  site: SiteInfo;
  articles: ArticleView[];
  pages: Page[];
  /** Files made without templates: feeds, sitemaps, robots.txt. */
  files: OutputFile[];
  /** Signature of the site-wide settings every page depends on. */
  sig: string;
  warnings: Problem[];
  /** Why some output was skipped, said once in the summary. */
  notes: string[];
}

/** Top-level names the site itself uses; an article slug may not take them. */
export const RESERVED_SLUGS = new Set([
  "index",
  "404",
  "assets",
  "page",
  "sources",
  "tags",
  "search",
  "feed",
  "rss",
  "sitemap",
  "robots",
]);

export type SiteResult = { ok: true; model: SiteModel } | { ok: false; problems: Problem[] };

/** Whether the site shows the article: a draft only when drafts are asked for. */
export function isShown(a: Article, options: Pick<SiteOptions, "drafts">): boolean {
  return options.drafts === true || !a.draft;
}

/** The site's order: newest first, undated last, ties by slug so it never depends on the file system. */
export function bySiteOrder(
  x: { t: number | null; slug: string },
  y: { t: number | null; slug: string },
): number {
  if (x.t !== y.t) {
    if (x.t === null) return 1;
    if (y.t === null) return -1;
    return y.t - x.t;
  }
  return x.slug < y.slug ? -1 : x.slug > y.slug ? 1 : 0;
}

/**
 * The warnings buildSite gives for articles dated after `now`, in the same order, without
 * making the site (a build that finds its output already up to date still gives them).
 */
export function futureWarnings(
  input: readonly Article[],
  options: Pick<SiteOptions, "drafts" | "timeZone" | "now">,
): Problem[] {
  const future: { a: Article; t: number; slug: string }[] = [];
  for (const a of input) {
    if (!isShown(a, options) || a.date === null) continue;
    const t = instantOf(a.date, options.timeZone);
    if (options.now !== undefined && t > options.now) future.push({ a, t, slug: a.slug });
  }
  future.sort(bySiteOrder);
  return future.map(({ a, t }) => futureWarning(a, t, options.now) as Problem);
}

/** Build the site model; fails with every collision and reserved name found. */
export function buildSite(input: Article[], options: SiteOptions): SiteResult {
  const memo = options.memo;
  const patched = memo ? patchSite(memo, input, options) : null;
  if (patched) return { ok: true, model: patched };
  const published = options.drafts ? input : input.filter((a) => isShown(a, options));
  const problems = checkSlugs(published);
  if (problems.length > 0) return { ok: false, problems };

  const lang = options.lang;
  const strings = STRINGS[lang];
  const baseUrl = options.baseUrl ?? null;
  const site: SiteInfo = {
    title: options.title ?? strings.siteTitle,
    description: options.description ?? strings.siteDescription,
    lang,
    locale: LOCALES[lang].og,
    strings,
    baseUrl,
    hasFeeds: baseUrl !== null,
  };
  const abs = (path: string) => (baseUrl === null ? null : baseUrl + prettyPath(path));
  const warnings: Problem[] = [];

  const instants = new Map<ArticleView, number>();
  const byView = new Map<ArticleView, Article>();
  const views = published.map((a) => {
    const view = articleView(a, options, memo?.views);
    return { a, view, t: view.instant, slug: a.slug };
  });
  views.sort(bySiteOrder);
  const articles = views.map(({ a, view, t }) => {
    byView.set(view, a);
    if (t !== null) {
      instants.set(view, t);
      const future = futureWarning(a, t, options.now);
      if (future) warnings.push(future);
    }
    return view;
  });

  const pages: Page[] = [];
  // Where each article sits in list pages, for patching them after an edit.
  const slots = memo ? new Map<ArticleView, [Page, number][]>() : null;
  const listPages = (
    items: ArticleView[],
    base: string,
    heading: (n: number) => string,
    description: string,
  ) => {
    for (const slice of paginate(items, options.pageSize ?? 20, base)) {
      const h = heading(slice.number);
      const page: Page = {
        kind: base === "" ? "index" : "list",
        path: slice.path,
        root: rootFor(slice.path),
        title: base === "" && slice.number === 1 ? site.title : `${h} — ${site.title}`,
        heading: h,
        description,
        canonical: abs(slice.path),
        articles: slice.items,
        sig: "",
        pagination: {
          number: slice.number,
          total: slice.total,
          label: fill(strings.pageN, { n: slice.number }),
          prev: slice.prev,
          next: slice.next,
        },
      };
      page.sig = listPageSig(page);
      pages.push(page);
      if (slots) {
        slice.items.forEach((view, i) => {
          const at = slots.get(view);
          if (at) at.push([page, i]);
          else slots.set(view, [[page, i]]);
        });
      }
    }
  };
  const withPage = (title: string, n: number) =>
    n === 1 ? title : `${title}, ${fill(strings.pageN, { n }).toLowerCase()}`;

  listPages(articles, "", (n) => withPage(strings.latestNews, n), site.description);
  for (const article of articles) {
    pages.push(articlePage(article, byView.get(article) as Article, site));
  }
  const taxonomies = [
    {
      dir: "sources",
      names: (a: ArticleView) => (a.source ? [a.source] : []),
      title: strings.sourceTitle,
      all: strings.allSources,
    },
    {
      dir: "tags",
      names: (a: ArticleView) => a.tags,
      title: strings.tagTitle,
      all: strings.allTags,
    },
  ];
  for (const tax of taxonomies) {
    const terms = groupByTerm(articles, tax.names, LOCALES[lang].intl);
    const views: TermView[] = [];
    for (const term of terms) {
      const base = `${tax.dir}/${term.slug}/`;
      const heading = fill(tax.title, { name: term.name });
      listPages(
        term.items,
        base,
        (n) => withPage(heading, n),
        `${heading}: ${formatCount(term.items.length, strings.articles, lang)}`,
      );
      views.push({
        name: term.name,
        slug: term.slug,
        path: `${base}index.html`,
        count: term.items.length,
        countText: formatCount(term.items.length, strings.articles, lang),
      });
    }
    const path = `${tax.dir}/index.html`;
    pages.push({
      kind: "terms",
      path,
      root: rootFor(path),
      title: `${tax.all} — ${site.title}`,
      heading: tax.all,
      description: `${tax.all}: ${site.title}`,
      canonical: abs(path),
      terms: views,
      sig: signature(views.map((v) => `${v.name}\0${v.path}\0${v.count}`).join("\n")),
    });
  }
  // The search page; its index is among the files below (search.ts).
  const searchPath = `${SEARCH_DIR}/index.html`;
  pages.push({
    kind: "search",
    path: searchPath,
    root: rootFor(searchPath),
    title: `${strings.search} — ${site.title}`,
    heading: strings.search,
    description: strings.searchDescription,
    canonical: abs(searchPath),
    sig: "",
  });
  // 404.html is served for any missing address, at any depth: relative links would break,
  // so with a baseUrl it links from the site's root path, and without one from the top level.
  pages.push({
    kind: "notFound",
    path: "404.html",
    root: baseUrl === null ? "" : new URL(baseUrl).pathname,
    title: `${strings.notFoundTitle} — ${site.title}`,
    heading: strings.notFoundTitle,
    description: strings.notFoundText,
    canonical: null,
    sig: "",
  });

  const notes: string[] = [];
  if (baseUrl === null) {
    notes.push(
      "no baseUrl: feeds, sitemaps and canonical links skipped (set baseUrl in vistka.config.json or pass --base-url)",
    );
  }
  const files = syndicationFiles({
    site,
    articles,
    pages,
    contentHtml: (view) => feedHtml(byView.get(view) as Article, strings),
    instantOf: (view) => instants.get(view) ?? null,
    referenceTime: options.referenceTime,
    generator: options.generator ?? { name: "vistka", version: "0" },
  });
  const searchInput = articles.map((view) => searchArticle(view, byView.get(view) as Article));
  const searchStart = files.length;
  for (const file of memo ? memo.search.files(searchInput) : searchFiles(searchInput)) {
    files.push(file);
  }
  const sig = signature(JSON.stringify([site, options.timeZone, options.pageSize ?? 20]));
  const model: SiteModel = { site, articles, pages, files, warnings, notes, sig };
  if (memo && slots) memo.remember(input, model, { byView, slots, searchInput, searchStart });
  return { ok: true, model };
}

function checkSlugs(articles: Article[]): Problem[] {
  const problems: Problem[] = [];
  const bySlug = new Map<string, Article>();
  for (const a of articles) {
    if (RESERVED_SLUGS.has(a.slug)) {
      problems.push({
        file: a.file,
        message: `the slug "${a.slug}" is reserved for the site's own pages`,
        hint: "rename the file or add a Slug: header",
      });
      continue;
    }
    const other = bySlug.get(a.slug);
    if (other) {
      problems.push({
        file: a.file,
        message: `the slug "${a.slug}" is also used by ${other.file}`,
        hint: "rename one of the files or give one a Slug: header",
      });
    } else bySlug.set(a.slug, a);
  }
  return problems;
}

/** The page of one article. */
export function articlePage(article: ArticleView, source: Article, site: SiteInfo): Page {
  return {
    kind: "article",
    path: article.path,
    root: rootFor(article.path),
    title: `${article.headline} — ${site.title}`,
    heading: article.headline,
    description: article.summary,
    canonical: article.canonical,
    article,
    source,
    sig: article.sig,
  };
}

/** A list page's signature: its heading, its place among its pages, and what it shows of each article. */
export function listPageSig(page: Page): string {
  const n = page.pagination;
  const teasers = (page.articles ?? []).map((a) => a.teaserSig).join(",");
  return signature(`${page.heading}\0${page.description}\0${n?.number}/${n?.total}\0${teasers}`);
}
