/**
 * The files of a site that are not pages: Atom, RSS and JSON feeds of the
 * newest articles, the sitemaps, the Google News sitemap and robots.txt.
 */

import type { OutputFile } from "../shared/output.js";
import { prettyPath, termFeedPath } from "../shared/paths.js";
import type { ArticleView, Page, SiteInfo } from "../site/model.js";
import {
  atomFeed,
  type FeedEntry,
  type FeedInfo,
  feedUpdated,
  jsonFeed,
  rssFeed,
} from "./feeds.js";
import { newsSitemap, robotsTxt, type SitemapUrl, sitemapFiles, sitemapPaths } from "./sitemap.js";

/** The site's feeds carry the newest 50. */
export const FEED_SIZE = 50;
/** A source's, tag's or author's own feed is shorter: the newest 20. */
export const TERM_FEED_SIZE = 20;
// Made once per article (its keys object lives across watch rebuilds), with its URL's line.
const sitemapEntries = new WeakMap<object, { baseUrl: string; url: SitemapUrl }>();

function sitemapUrl(loc: string, lastmod: string | null): SitemapUrl {
  return lastmod ? { loc, lastmod } : { loc };
}
const NEWS_WINDOW_MS = 2 * 24 * 3600 * 1000;

export interface SyndicationInput {
  site: SiteInfo;
  /** Newest first. */
  articles: ArticleView[];
  /** The full text of an article as HTML, for feed readers. */
  contentHtml: (article: ArticleView) => string;
  /** Instant of each dated article. */
  instantOf: (article: ArticleView) => number | null;
  /** The build's reference time for the news sitemap; default: the newest article. */
  referenceTime?: number;
  generator: { name: string; version: string };
}

/** The paths of the files sitemapFilesOf makes for a site of `urls` pages (all but 404.html). */
export function sitemapFilePaths(site: SiteInfo, urls: number): string[] {
  return site.baseUrl === null ? ["robots.txt"] : [...sitemapPaths(urls), "robots.txt"];
}

/** A page as the sitemap lists it. */
export interface SitemapPage {
  kind: Page["kind"];
  path: string;
  /** When it last changed: an article's update or publication, a list's newest article's. */
  lastmod: string | null;
  /** What the entry is made from (an article's keys), to make it once across watch rebuilds. */
  owner?: object;
}

/** The sitemaps of every page and robots.txt; without a baseUrl only robots.txt. */
export function sitemapFilesOf(site: SiteInfo, pages: readonly SitemapPage[]): OutputFile[] {
  const baseUrl = site.baseUrl;
  if (baseUrl === null) return [{ path: "robots.txt", content: robotsTxt(null) }];
  const files: OutputFile[] = [];
  const urls: SitemapUrl[] = [];
  for (const p of pages) {
    if (p.kind === "notFound") continue;
    const known = p.owner && sitemapEntries.get(p.owner);
    let url = known?.baseUrl === baseUrl ? known.url : undefined;
    if (!url) {
      url = sitemapUrl(baseUrl + prettyPath(p.path), p.lastmod);
      if (p.owner) sitemapEntries.set(p.owner, { baseUrl, url });
    }
    urls.push(url);
  }
  files.push(...sitemapFiles(baseUrl, urls));
  files.push({ path: "robots.txt", content: robotsTxt(`${baseUrl}sitemap.xml`) });
  return files;
}

/** The articles the feeds carry: the newest dated ones (`size` of them, 50 for the site's). */
export function feedArticles(articles: readonly ArticleView[], size = FEED_SIZE): ArticleView[] {
  const out: ArticleView[] = [];
  for (const a of articles) {
    if (out.length === size) break;
    if (a.published !== null) out.push(a);
  }
  return out;
}

/**
 * The articles the news sitemap lists: those of the two days up to the reference time
 * (default: the newest article's), in their order; `articles` are newest first, undated last.
 */
export function newsArticles<T>(
  articles: readonly T[],
  instantOf: (article: T) => number | null,
  referenceTime?: number,
): T[] {
  let ref = referenceTime;
  const recent: T[] = [];
  for (const a of articles) {
    const t = instantOf(a);
    if (t === null) continue;
    ref ??= t;
    // Newest first: the rest are older still.
    if (t < ref - NEWS_WINDOW_MS) break;
    if (t <= ref) recent.push(a);
  }
  return recent;
}

/** The Google News sitemap: the articles of the two days up to the reference time. */
export function newsSitemapFile(
  input: Pick<SyndicationInput, "site" | "articles" | "instantOf" | "referenceTime">,
): OutputFile {
  const { site } = input;
  const recent = newsArticles(input.articles, input.instantOf, input.referenceTime);
  return {
    path: "news-sitemap.xml",
    content: newsSitemap(
      { name: site.title, lang: site.lang },
      recent.map((a) => ({
        loc: a.canonical as string,
        title: a.headline,
        published: a.published as string,
      })),
    ),
  };
}

/** The Atom, RSS and JSON feeds of the newest articles (none without a baseUrl). */
export function feedFiles(
  input: Pick<SyndicationInput, "site" | "articles" | "contentHtml" | "generator">,
): OutputFile[] {
  const { site } = input;
  const baseUrl = site.baseUrl;
  if (baseUrl === null) return [];
  const entries = feedArticles(input.articles).map((a) => feedEntry(a, baseUrl, input.contentHtml));
  const info: FeedInfo = {
    title: site.title,
    description: site.description,
    lang: site.lang,
    home: baseUrl,
    updated: feedUpdated(entries),
    publisher: site.title,
    atomUrl: `${baseUrl}feed.xml`,
    rssUrl: `${baseUrl}rss.xml`,
    jsonUrl: `${baseUrl}feed.json`,
    generator: input.generator,
  };
  return [
    { path: "feed.xml", content: atomFeed(info, entries) },
    { path: "rss.xml", content: rssFeed(info, entries) },
    { path: "feed.json", content: jsonFeed(info, entries) },
  ];
}

/**
 * One article as a feed entry. The author is the article's `Автор:` alone: a source is the
 * publisher's business (JSON-LD `sourceOrganization`), never passed off as the writer.
 */
export function feedEntry(
  a: ArticleView,
  baseUrl: string,
  contentHtml: (article: ArticleView) => string,
): FeedEntry {
  return {
    title: a.headline,
    url: a.canonical as string,
    published: a.published as string,
    updated: a.updated,
    author: a.author && { name: a.author.name, url: baseUrl + prettyPath(a.author.path) },
    summary: a.summary,
    contentHtml: contentHtml(a),
    tags: a.tags.map((t) => t.name),
    lang: a.lang,
  };
}

/** A source's, tag's or author's page and the articles it lists, newest first. */
export interface TermFeedInput {
  /** The term page's path from the site root (`sources/<slug>/index.html`). */
  page: string;
  /** The page's heading (`Новини джерела «…»`), the feed's title before the site's. */
  heading: string;
  articles: readonly ArticleView[];
}

/** The feed of a source's, tag's or author's page: `<dir>/<slug>/feed.xml`, the newest 20. */
export function termFeedFile(
  input: Pick<SyndicationInput, "site" | "contentHtml" | "generator">,
  term: TermFeedInput,
): OutputFile {
  const { site } = input;
  const baseUrl = site.baseUrl as string;
  const entries = feedArticles(term.articles, TERM_FEED_SIZE).map((a) =>
    feedEntry(a, baseUrl, input.contentHtml),
  );
  const path = termFeedPath(term.page);
  return {
    path,
    content: atomFeed(
      {
        title: `${term.heading} — ${site.title}`,
        description: site.description,
        lang: site.lang,
        home: baseUrl + prettyPath(term.page),
        updated: feedUpdated(entries),
        publisher: site.title,
        atomUrl: baseUrl + path,
        generator: input.generator,
      },
      entries,
    ),
  };
}
