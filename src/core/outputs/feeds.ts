/**
 * Atom 1.0, RSS 2.0 and JSON Feed 1.1 of the newest articles. Written here
 * rather than with a feed package: the one on the registry emits JSON Feed 1.0,
 * marks Atom titles as HTML (so a headline with `<` becomes markup in a reader)
 * and puts names where RSS wants an e-mail address.
 */
import { escapeHtml } from "../shared/html.js";
import { escapeXml } from "../shared/xml.js";

export interface FeedEntry {
  title: string;
  /** Absolute URL of the article page; also its id. */
  url: string;
  /** ISO 8601 with offset. */
  published: string;
  /** When the story was last updated (`Оновлено:`), ISO 8601 with offset; null when never. */
  updated: string | null;
  /** The article's `Автор:` and the absolute URL of their page; null when none is named. */
  author: { name: string; url: string } | null;
  summary: string;
  contentHtml: string;
  tags: string[];
  /** The entry's language when it is not the feed's (an English article in a Ukrainian feed). */
  lang: string | null;
}

export interface FeedInfo {
  title: string;
  description: string;
  lang: string;
  /** Absolute home page URL, ending in `/`. */
  home: string;
  /** ISO 8601 with offset: the newest entry's date, never the clock (builds stay reproducible). */
  updated: string;
  /** Who publishes the feed (the site's title): Atom's feed-level author, for entries without one. */
  publisher: string;
  atomUrl: string;
  rssUrl: string;
  jsonUrl: string;
  generator: { name: string; version: string };
}

/** The Atom feed; `info`'s RSS and JSON addresses are not used (a page's own feed is Atom only). */
export function atomFeed(info: Omit<FeedInfo, "rssUrl" | "jsonUrl">, entries: FeedEntry[]): string {
  const out = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXml(info.lang)}">`,
    `  <title>${escapeXml(info.title)}</title>`,
    `  <subtitle>${escapeXml(info.description)}</subtitle>`,
    `  <id>${escapeXml(info.home)}</id>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(info.home)}"/>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(info.atomUrl)}"/>`,
    `  <updated>${info.updated}</updated>`,
    // Atom wants an author for every entry: an entry without its own has the feed's, the
    // publisher, never a source taken for a writer.
    `  <author><name>${escapeXml(info.publisher)}</name></author>`,
    `  <generator version="${escapeXml(info.generator.version)}">${escapeXml(info.generator.name)}</generator>`,
  ];
  for (const e of entries) {
    out.push(
      e.lang === null ? "  <entry>" : `  <entry xml:lang="${escapeXml(e.lang)}">`,
      `    <title>${escapeXml(e.title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${escapeXml(e.url)}"/>`,
      `    <id>${escapeXml(e.url)}</id>`,
      `    <published>${e.published}</published>`,
      `    <updated>${e.updated ?? e.published}</updated>`,
      ...(e.author === null
        ? []
        : [
            `    <author><name>${escapeXml(e.author.name)}</name><uri>${escapeXml(e.author.url)}</uri></author>`,
          ]),
      ...e.tags.map((t) => `    <category term="${escapeXml(t)}"/>`),
      `    <summary>${escapeXml(e.summary)}</summary>`,
      `    <content type="html">${escapeXml(e.contentHtml)}</content>`,
      "  </entry>",
    );
  }
  out.push("</feed>", "");
  return out.join("\n");
}

export function rssFeed(info: FeedInfo, entries: FeedEntry[]): string {
  const out = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
    "  <channel>",
    `    <title>${escapeXml(info.title)}</title>`,
    `    <link>${escapeXml(info.home)}</link>`,
    `    <description>${escapeXml(escapeHtml(info.description))}</description>`,
    `    <language>${escapeXml(info.lang)}</language>`,
    `    <lastBuildDate>${rfc822(info.updated)}</lastBuildDate>`,
    `    <generator>${escapeXml(`${info.generator.name} ${info.generator.version}`)}</generator>`,
    `    <atom:link href="${escapeXml(info.rssUrl)}" rel="self" type="application/rss+xml"/>`,
  ];
  for (const e of entries) {
    out.push(
      "    <item>",
      `      <title>${escapeXml(e.title)}</title>`,
      `      <link>${escapeXml(e.url)}</link>`,
      `      <guid isPermaLink="true">${escapeXml(e.url)}</guid>`,
      `      <pubDate>${rfc822(e.published)}</pubDate>`,
      // RSS has no field for an update: the Atom and JSON feeds carry it.
      ...(e.author === null ? [] : [`      <dc:creator>${escapeXml(e.author.name)}</dc:creator>`]),
      ...e.tags.map((t) => `      <category>${escapeXml(t)}</category>`),
      // Readers take an RSS description as HTML (RSS 2.0 allows entity-encoded HTML there):
      // the plain-text summary is escaped as HTML first, so `<script>` in it stays text.
      `      <description>${escapeXml(escapeHtml(e.summary))}</description>`,
      `      <content:encoded>${escapeXml(e.contentHtml)}</content:encoded>`,
      "    </item>",
    );
  }
  out.push("  </channel>", "</rss>", "");
  return out.join("\n");
}

export function jsonFeed(info: FeedInfo, entries: FeedEntry[]): string {
  const feed = {
    version: "https://jsonfeed.org/version/1.1",
    title: info.title,
    home_page_url: info.home,
    feed_url: info.jsonUrl,
    description: info.description,
    language: info.lang,
    items: entries.map((e) => ({
      id: e.url,
      url: e.url,
      title: e.title,
      content_html: e.contentHtml,
      summary: e.summary,
      date_published: e.published,
      ...(e.updated === null ? {} : { date_modified: e.updated }),
      ...(e.author === null ? {} : { authors: [{ name: e.author.name, url: e.author.url }] }),
      ...(e.tags.length > 0 ? { tags: e.tags } : {}),
      ...(e.lang === null ? {} : { language: e.lang }),
    })),
  };
  return `${JSON.stringify(feed, null, 2)}\n`;
}

/**
 * The feed's `updated`: the latest of its entries' publications and updates (compared as
 * instants: offsets differ across a daylight-saving change), never the clock.
 */
export function feedUpdated(entries: readonly FeedEntry[]): string {
  let latest = "1970-01-01T00:00:00+00:00";
  let latestMs = 0;
  for (const e of entries) {
    for (const iso of [e.published, e.updated]) {
      if (iso === null) continue;
      const ms = Date.parse(iso);
      if (ms > latestMs) {
        latest = iso;
        latestMs = ms;
      }
    }
  }
  return latest;
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `2023-11-24T10:30:00+02:00` → `Fri, 24 Nov 2023 10:30:00 +0200` (RFC 822, as RSS wants). */
export function rfc822(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2}:\d{2})([+-]\d{2}):(\d{2})$/.exec(iso);
  if (!m) throw new Error(`not an ISO date with offset: ${iso}`);
  const [, y, mo, d, time, oh, om] = m as unknown as string[];
  const weekday =
    DAYS[new Date(Date.UTC(+(y as string), +(mo as string) - 1, +(d as string))).getUTCDay()];
  return `${weekday}, ${d} ${MONTHS[+(mo as string) - 1]} ${y} ${time} ${oh}${om}`;
}
