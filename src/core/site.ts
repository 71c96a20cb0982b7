/**
 * Articles → the site model: every page with its output path and the data its
 * template receives. Pure: the whole site is checked here (slug collisions,
 * reserved names) before anything is written.
 */
import { instantOf } from "./dates.js";
import type { Problem } from "./errors.js";
import { inlineHtml, plainText, truncateAtWord } from "./html.js";
import type { Article } from "./parse.js";
import { formatLongDate, type Lang, STRINGS, type UiStrings } from "./strings.js";

export interface SiteOptions {
  title?: string;
  description?: string;
  lang: Lang;
  /** IANA zone in which dates without an offset are read, e.g. `Europe/Kyiv`. */
  timeZone: string;
}

/** What templates see as `site`. */
export interface SiteInfo {
  title: string;
  description: string;
  lang: Lang;
  strings: UiStrings;
}

/** One article as templates see it: text already made safe HTML where it is markup. */
export interface ArticleView {
  slug: string;
  /** Output path relative to the site root. */
  path: string;
  /** Plain text: a headline is never markup (it also sits inside links and titles). */
  headline: string;
  source: string | null;
  author: string | null;
  tags: string[];
  /** `datetime` attribute value, or null when undated. */
  datetime: string | null;
  /** The date as readers see it, in the site's language. */
  dateText: string | null;
  /** The first paragraph as plain text, trimmed at a word. */
  summary: string;
  leadHtml: string;
  bodyHtml: string[];
  backgroundHtml: string[];
  relatedHtml: string[];
}

export type PageKind = "index" | "article";

export interface Page {
  kind: PageKind;
  /** Output path relative to the site root, always ending in `index.html` or `.html`. */
  path: string;
  title: string;
  description: string;
  /** Relative prefix from this page to the site root (`""` or `../`), so links work from any sub-path. */
  root: string;
  article?: ArticleView;
  articles?: ArticleView[];
}

export interface SiteModel {
  site: SiteInfo;
  articles: ArticleView[];
  pages: Page[];
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
]);

const SUMMARY_LENGTH = 200;

export type SiteResult = { ok: true; model: SiteModel } | { ok: false; problems: Problem[] };

/** Build the site model; fails with every collision and reserved name found. */
export function buildSite(input: Article[], options: SiteOptions): SiteResult {
  const problems = checkSlugs(input);
  if (problems.length > 0) return { ok: false, problems };

  const strings = STRINGS[options.lang];
  const site: SiteInfo = {
    title: options.title ?? strings.siteTitle,
    description: options.description ?? strings.siteDescription,
    lang: options.lang,
    strings,
  };
  const keyed = input.map((a) => ({
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
  const articles = keyed.map(({ a }) => toView(a, options.lang));

  const pages: Page[] = [
    {
      kind: "index",
      path: "index.html",
      title: site.title,
      description: site.description,
      root: "",
      articles,
    },
  ];
  for (const article of articles) {
    pages.push({
      kind: "article",
      path: article.path,
      title: `${article.headline} — ${site.title}`,
      description: article.summary,
      root: "../",
      article,
    });
  }
  return { ok: true, model: { site, articles, pages } };
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

function toView(a: Article, lang: Lang): ArticleView {
  const first = a.body[0] ?? a.background[0] ?? "";
  const ymd = a.date?.slice(0, 10) ?? null;
  return {
    slug: a.slug,
    path: `${a.slug}/index.html`,
    headline: plainText(a.headline),
    source: a.source,
    author: a.author,
    tags: a.tags,
    datetime: a.date,
    dateText: ymd === null ? null : formatLongDate(ymd, lang),
    summary: truncateAtWord(plainText(first), SUMMARY_LENGTH),
    leadHtml: inlineHtml(first),
    bodyHtml: a.body.map(inlineHtml),
    backgroundHtml: a.background.map(inlineHtml),
    relatedHtml: a.related.map(inlineHtml),
  };
}
