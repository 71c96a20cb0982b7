/**
 * Site paths: every page lives at `…/index.html` (or a top-level `.html`), and links
 * between pages are relative, so each page knows the prefix that leads back to the root.
 */

/** The relative prefix from a page at `path` back to the site root: `""`, `../`, `../../` … */
export function rootFor(path: string): string {
  let depth = 0;
  for (let i = 0; i < path.length; i++) if (path.charCodeAt(i) === 47) depth++;
  return "../".repeat(depth);
}

/** The public URL path of a page: `a/index.html` → `a/`, `index.html` → ``, `404.html` stays. */
export function prettyPath(path: string): string {
  return path === "index.html" ? "" : path.endsWith("/index.html") ? path.slice(0, -10) : path;
}

/** Top-level names the site itself uses; an article slug may not take them. */
export const RESERVED_SLUGS = new Set([
  "index",
  "404",
  "assets",
  "page",
  "sources",
  "tags",
  "authors",
  "search",
  "feed",
  "rss",
  "sitemap",
  "robots",
]);

/**
 * The URL path the site lives at on its host: the base URL's path (`/news/`), `/` without
 * one. 404.html links from it, being served at any depth; the preview server serves there.
 */
export function sitePath(baseUrl: string | null | undefined): string {
  return baseUrl ? new URL(baseUrl).pathname : "/";
}

/** Where the feed of a source's, tag's or author's page goes: `tags/x/index.html` → `tags/x/feed.xml`. */
export function termFeedPath(page: string): string {
  return page.replace(/index\.html$/, "feed.xml");
}
