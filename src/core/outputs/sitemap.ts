/**
 * sitemap.xml (every page), news-sitemap.xml (Google News: the last two days)
 * and robots.txt. A sitemap holds at most 50,000 URLs, so larger sites get a
 * sitemap index pointing to numbered parts.
 */
import type { OutputFile } from "../shared/output.js";
import { escapeXml } from "../shared/xml.js";

export interface SitemapUrl {
  /** Absolute URL. */
  loc: string;
  /** ISO 8601 with offset, when known. */
  lastmod?: string;
  /** The entry's XML, once made. */
  line?: string;
}

export interface NewsItem {
  loc: string;
  title: string;
  published: string;
}

const SITEMAP_LIMIT = 50_000;
/** Google News reads at most 1,000 URLs from one news sitemap. */
const NEWS_LIMIT = 1_000;
const SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9";

/** `sitemap.xml`, plus `sitemap-N.xml` parts when there are more URLs than one file may hold. */
export function sitemapFiles(
  baseUrl: string,
  urls: SitemapUrl[],
  limit = SITEMAP_LIMIT,
): OutputFile[] {
  if (urls.length <= limit) return [{ path: "sitemap.xml", content: urlset(urls) }];
  const files: OutputFile[] = [];
  const index = ['<?xml version="1.0" encoding="UTF-8"?>', `<sitemapindex xmlns="${SITEMAP_NS}">`];
  for (let i = 0; i * limit < urls.length; i++) {
    const part = urls.slice(i * limit, (i + 1) * limit);
    const name = `sitemap-${i + 1}.xml`;
    files.push({ path: name, content: urlset(part) });
    const newest = part.reduce<string | undefined>(
      (m, u) => (u.lastmod && (!m || u.lastmod > m) ? u.lastmod : m),
      undefined,
    );
    index.push(
      `  <sitemap><loc>${escapeXml(baseUrl + name)}</loc>${newest ? `<lastmod>${newest}</lastmod>` : ""}</sitemap>`,
    );
  }
  index.push("</sitemapindex>", "");
  files.unshift({ path: "sitemap.xml", content: index.join("\n") });
  return files;
}

/** The paths of the files sitemapFiles makes of `count` URLs. */
export function sitemapPaths(count: number, limit = SITEMAP_LIMIT): string[] {
  const paths = ["sitemap.xml"];
  if (count > limit) for (let i = 0; i * limit < count; i++) paths.push(`sitemap-${i + 1}.xml`);
  return paths;
}

function urlset(urls: SitemapUrl[]): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<urlset xmlns="${SITEMAP_NS}">`];
  for (const u of urls) {
    // The line is kept on the entry: watch rebuilds the sitemap from mostly the same entries.
    u.line ??= `  <url><loc>${escapeXml(u.loc)}</loc>${u.lastmod ? `<lastmod>${u.lastmod}</lastmod>` : ""}</url>`;
    out.push(u.line);
  }
  out.push("</urlset>", "");
  return out.join("\n");
}

/** Google News sitemap for `items` (already chosen: the last two days), newest first. */
export function newsSitemap(
  publication: { name: string; lang: string },
  items: NewsItem[],
): string {
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<urlset xmlns="${SITEMAP_NS}" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">`,
  ];
  for (const item of items.slice(0, NEWS_LIMIT)) {
    out.push(
      "  <url>",
      `    <loc>${escapeXml(item.loc)}</loc>`,
      "    <news:news>",
      "      <news:publication>",
      `        <news:name>${escapeXml(publication.name)}</news:name>`,
      `        <news:language>${escapeXml(publication.lang)}</news:language>`,
      "      </news:publication>",
      `      <news:publication_date>${item.published}</news:publication_date>`,
      `      <news:title>${escapeXml(item.title)}</news:title>`,
      "    </news:news>",
      "  </url>",
    );
  }
  out.push("</urlset>", "");
  return out.join("\n");
}

/** robots.txt allowing everything, and naming the sitemap when the site has one. */
export function robotsTxt(sitemapUrl: string | null): string {
  return `User-agent: *\nAllow: /\n${sitemapUrl ? `\nSitemap: ${sitemapUrl}\n` : ""}`;
}
