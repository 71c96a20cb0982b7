/**
 * The files of a site that are not pages: Atom, RSS and JSON feeds of the
 * newest articles, the sitemaps, the Google News sitemap and robots.txt.
 */

import type { OutputFile } from "../shared/output.js";
import { prettyPath } from "../shared/paths.js";
import type { ArticleView, Page, SiteInfo } from "../site/model.js";
import { atomFeed, type FeedEntry, type FeedInfo, jsonFeed, rssFeed } from "./feeds.js";
import { newsSitemap, robotsTxt, type SitemapUrl, sitemapFiles } from "./sitemap.js";

const FEED_SIZE = 50;
const sitemapEntries = new WeakMap<ArticleView, SitemapUrl>();

function sitemapUrl(loc: string, lastmod: string | null): SitemapUrl {
  return lastmod ? { loc, lastmod } : { loc };
}
const NEWS_WINDOW_MS = 2 * 24 * 3600 * 1000;

export interface SyndicationInput {
  site: SiteInfo;
  /** Newest first. */
  articles: ArticleView[];
  pages: Page[];
  /** The full text of an article as HTML, for feed readers. */
  contentHtml: (article: ArticleView) => string;
  /** Instant of each dated article. */
  instantOf: (article: ArticleView) => number | null;
  /** The build's reference time for the news sitemap; default: the newest article. */
  referenceTime?: number;
  generator: { name: string; version: string };
}

/** The sitemaps of every page and robots.txt; without a baseUrl only robots.txt. */
export function sitemapFilesOf(input: SyndicationInput): OutputFile[] {
  const { site } = input;
  const baseUrl = site.baseUrl;
  if (baseUrl === null) return [{ path: "robots.txt", content: robotsTxt(null) }];
  const files: OutputFile[] = [];
  const urls: SitemapUrl[] = [];
  for (const p of input.pages) {
    if (p.kind === "notFound") continue;
    if (p.article) {
      // Article views live across watch rebuilds, so their sitemap entries do too.
      let url = sitemapEntries.get(p.article);
      if (!url) {
        url = sitemapUrl(baseUrl + prettyPath(p.path), p.article.published);
        sitemapEntries.set(p.article, url);
      }
      urls.push(url);
    } else urls.push(sitemapUrl(baseUrl + prettyPath(p.path), newestPublished(p.articles ?? [])));
  }
  files.push(...sitemapFiles(baseUrl, urls));
  files.push({ path: "robots.txt", content: robotsTxt(`${baseUrl}sitemap.xml`) });
  return files;
}

/** The articles the feeds carry: the newest dated ones. */
export function feedArticles(articles: readonly ArticleView[]): ArticleView[] {
  const out: ArticleView[] = [];
  for (const a of articles) {
    if (out.length === FEED_SIZE) break;
    if (a.published !== null) out.push(a);
  }
  return out;
}

/** The Google News sitemap: the articles of the two days up to the reference time. */
export function newsSitemapFile(
  input: Pick<SyndicationInput, "site" | "articles" | "instantOf" | "referenceTime">,
): OutputFile {
  const { site } = input;
  const dated = input.articles.filter((a) => input.instantOf(a) !== null);
  const ref = input.referenceTime ?? (dated[0] ? (input.instantOf(dated[0]) as number) : 0);
  const recent = dated.filter((a) => {
    const t = input.instantOf(a) as number;
    return t <= ref && t >= ref - NEWS_WINDOW_MS;
  });
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
  const entries: FeedEntry[] = feedArticles(input.articles).map((a) => ({
    title: a.headline,
    url: a.canonical as string,
    published: a.published as string,
    author: a.author ?? a.source?.name ?? site.title,
    summary: a.summary,
    contentHtml: input.contentHtml(a),
    tags: a.tags.map((t) => t.name),
    lang: a.lang,
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
    generator: input.generator,
  };
  return [
    { path: "feed.xml", content: atomFeed(info, entries) },
    { path: "rss.xml", content: rssFeed(info, entries) },
    { path: "feed.json", content: jsonFeed(info, entries) },
  ];
}

function newestPublished(articles: ArticleView[]): string | null {
  // Lists are sorted newest first, so the first dated one is the newest.
  return articles.find((a) => a.published !== null)?.published ?? null;
}
