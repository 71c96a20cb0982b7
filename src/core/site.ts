/**
 * Articles → the site model: every page with its output path and the data its
 * template receives, plus feeds, sitemaps and robots.txt. Pure: the whole site
 * is checked here (slug collisions, reserved names) before anything is written.
 */
import { instantOf, isoWithOffset } from "./dates.js";
import type { Problem } from "./errors.js";
import { atomFeed, type FeedEntry, type FeedInfo, jsonFeed, rssFeed } from "./feeds.js";
import { inlineHtml, plainText, truncateAtWord } from "./html.js";
import { newsArticleJsonLd } from "./meta.js";
import { paginate, prettyPath, rootFor } from "./paginate.js";
import type { Article } from "./parse.js";
import type { OutputFile } from "./render.js";
import { newsSitemap, robotsTxt, type SitemapUrl, sitemapFiles } from "./sitemap.js";
import {
  fill,
  formatCount,
  formatLongDate,
  type Lang,
  LOCALES,
  STRINGS,
  type UiStrings,
} from "./strings.js";
import { groupByTerm, termSlug } from "./taxonomy.js";

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
  /** The date as readers see it, in the site's language. */
  dateText: string | null;
  /** The first paragraph as plain text, trimmed at a word. */
  summary: string;
  bodyHtml: string[];
  backgroundHtml: string[];
  relatedHtml: string[];
  canonical: string | null;
}

export type PageKind = "index" | "article" | "list" | "terms" | "notFound";

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
  /** JSON-LD text, already safe inside `<script>`. */
  jsonLd?: string;
}

export interface SiteModel {
  site: SiteInfo;
  articles: ArticleView[];
  pages: Page[];
  /** Files made without templates: feeds, sitemaps, robots.txt. */
  files: OutputFile[];
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

const SUMMARY_LENGTH = 200;
const FEED_SIZE = 50;
const NEWS_WINDOW_MS = 2 * 24 * 3600 * 1000;

export type SiteResult = { ok: true; model: SiteModel } | { ok: false; problems: Problem[] };

/** Build the site model; fails with every collision and reserved name found. */
export function buildSite(input: Article[], options: SiteOptions): SiteResult {
  const published = options.drafts ? input : input.filter((a) => !a.draft);
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

  const keyed = published.map((a) => ({
    a,
    t: a.date === null ? null : instantOf(a.date, options.timeZone),
  }));
  // Newest first; undated last; ties by slug so the order never depends on the file system.
  keyed.sort((x, y) => {
    if (x.t !== y.t) {
      if (x.t === null) return 1;
      if (y.t === null) return -1;
      return y.t - x.t;
    }
    return x.a.slug < y.a.slug ? -1 : x.a.slug > y.a.slug ? 1 : 0;
  });
  const instants = new Map<ArticleView, number>();
  const articles = keyed.map(({ a, t }) => {
    const view = toView(a, t, options, abs);
    if (t !== null) {
      instants.set(view, t);
      if (options.now !== undefined && t > options.now) {
        warnings.push({
          file: a.file,
          message: `dated in the future (${a.date}); it is published now`,
        });
      }
    }
    return view;
  });

  const pages: Page[] = [];
  const listPages = (
    items: ArticleView[],
    base: string,
    heading: (n: number) => string,
    description: string,
  ) => {
    for (const slice of paginate(items, options.pageSize ?? 20, base)) {
      const h = heading(slice.number);
      pages.push({
        kind: base === "" ? "index" : "list",
        path: slice.path,
        root: rootFor(slice.path),
        title: base === "" && slice.number === 1 ? site.title : `${h} — ${site.title}`,
        heading: h,
        description,
        canonical: abs(slice.path),
        articles: slice.items,
        pagination: {
          number: slice.number,
          total: slice.total,
          label: fill(strings.pageN, { n: slice.number }),
          prev: slice.prev,
          next: slice.next,
        },
      });
    }
  };
  const withPage = (title: string, n: number) =>
    n === 1 ? title : `${title}, ${fill(strings.pageN, { n }).toLowerCase()}`;

  listPages(articles, "", (n) => withPage(strings.latestNews, n), site.description);
  for (const article of articles) {
    pages.push({
      kind: "article",
      path: article.path,
      root: rootFor(article.path),
      title: `${article.headline} — ${site.title}`,
      heading: article.headline,
      description: article.summary,
      canonical: article.canonical,
      article,
      jsonLd: newsArticleJsonLd({
        headline: article.headline,
        description: article.summary,
        published: article.published,
        author: article.author,
        source: article.source?.name ?? null,
        lang,
        siteTitle: site.title,
        canonical: article.canonical,
        tags: article.tags.map((t) => t.name),
      }),
    });
  }
  const taxonomies = [
    {
      dir: "sources",
      names: (a: ArticleView) => (a.source ? [a.source.name] : []),
      title: strings.sourceTitle,
      all: strings.allSources,
    },
    {
      dir: "tags",
      names: (a: ArticleView) => a.tags.map((t) => t.name),
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
    });
  }
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
  });

  const notes: string[] = [];
  const files: OutputFile[] = [];
  if (baseUrl === null) {
    notes.push(
      "no baseUrl: feeds, sitemaps and canonical links skipped (set baseUrl in vistka.config.json or pass --base-url)",
    );
    files.push({ path: "robots.txt", content: robotsTxt(null) });
  } else {
    files.push(...feedFiles(site, baseUrl, articles, options));
    const urls: SitemapUrl[] = pages
      .filter((p) => p.kind !== "notFound")
      .map((p) => {
        const lastmod = p.article ? p.article.published : newestPublished(p.articles ?? []);
        return lastmod
          ? { loc: baseUrl + prettyPath(p.path), lastmod }
          : { loc: baseUrl + prettyPath(p.path) };
      });
    files.push(...sitemapFiles(baseUrl, urls));
    const dated = articles.filter((a) => instants.has(a));
    const ref = options.referenceTime ?? (dated[0] ? (instants.get(dated[0]) as number) : 0);
    const recent = dated.filter((a) => {
      const t = instants.get(a) as number;
      return t <= ref && t >= ref - NEWS_WINDOW_MS;
    });
    files.push({
      path: "news-sitemap.xml",
      content: newsSitemap(
        { name: site.title, lang },
        recent.map((a) => ({
          loc: a.canonical as string,
          title: a.headline,
          published: a.published as string,
        })),
      ),
    });
    files.push({ path: "robots.txt", content: robotsTxt(`${baseUrl}sitemap.xml`) });
  }
  return { ok: true, model: { site, articles, pages, files, warnings, notes } };
}

function feedFiles(
  site: SiteInfo,
  baseUrl: string,
  articles: ArticleView[],
  options: SiteOptions,
): OutputFile[] {
  const entries: FeedEntry[] = articles
    .filter((a) => a.published !== null)
    .slice(0, FEED_SIZE)
    .map((a) => ({
      title: a.headline,
      url: a.canonical as string,
      published: a.published as string,
      author: a.author ?? a.source?.name ?? site.title,
      summary: a.summary,
      contentHtml: articleContentHtml(a, site.strings),
      tags: a.tags.map((t) => t.name),
    }));
  const info: FeedInfo = {
    title: site.title,
    description: site.description,
    lang: site.lang,
    home: baseUrl,
    updated: entries[0]?.published ?? "1970-01-01T00:00:00+00:00",
    atomUrl: `${baseUrl}feed.xml`,
    rssUrl: `${baseUrl}rss.xml`,
    jsonUrl: `${baseUrl}feed.json`,
    generator: options.generator ?? { name: "vistka", version: "0" },
  };
  return [
    { path: "feed.xml", content: atomFeed(info, entries) },
    { path: "rss.xml", content: rssFeed(info, entries) },
    { path: "feed.json", content: jsonFeed(info, entries) },
  ];
}

/** The article's full text as HTML for feed readers: body, then the background list. */
function articleContentHtml(a: ArticleView, strings: UiStrings): string {
  let html = a.bodyHtml.map((p) => `<p>${p}</p>`).join("\n");
  if (a.backgroundHtml.length > 0) {
    html += `\n<h2>${strings.background}</h2>\n<ul>\n${a.backgroundHtml.map((b) => `<li>${b}</li>`).join("\n")}\n</ul>`;
  }
  return html;
}

function newestPublished(articles: ArticleView[]): string | null {
  // Lists are sorted newest first, so the first dated one is the newest.
  return articles.find((a) => a.published !== null)?.published ?? null;
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

function toView(
  a: Article,
  t: number | null,
  options: SiteOptions,
  abs: (p: string) => string | null,
): ArticleView {
  const first = a.body[0] ?? a.background[0] ?? "";
  const published = t === null ? null : isoWithOffset(t, options.timeZone);
  // Readers see the calendar date in the newsroom's time zone, like the published time.
  const ymd = published?.slice(0, 10) ?? null;
  const path = `${a.slug}/index.html`;
  return {
    slug: a.slug,
    path,
    headline: plainText(a.headline),
    source: a.source ? { name: a.source, path: `sources/${termSlug(a.source)}/index.html` } : null,
    author: a.author,
    tags: a.tags.map((name) => ({ name, path: `tags/${termSlug(name)}/index.html` })),
    datetime: a.date,
    published,
    dateText: ymd === null ? null : formatLongDate(ymd, options.lang),
    summary: truncateAtWord(plainText(first), SUMMARY_LENGTH),
    bodyHtml: a.body.map(inlineHtml),
    backgroundHtml: a.background.map(inlineHtml),
    relatedHtml: a.related.map(inlineHtml),
    canonical: abs(path),
  };
}
