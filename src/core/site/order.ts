/**
 * Which articles the site shows and in what order, and the warnings of those dated in the
 * future: what a build that finds its site up to date still needs of its articles (it
 * loads no more: see keys.ts). Pure.
 */
import { futureWarning } from "../article/future.js";
import type { Article } from "../article/parse.js";
import type { Problem } from "../shared/errors.js";
import type { SiteArticle, SiteOptions } from "./model.js";

/** Whether the site shows the article: a draft only when drafts are asked for. */
export function isShown(a: Pick<Article, "draft">, options: Pick<SiteOptions, "drafts">): boolean {
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
 * The warnings buildPages gives for articles dated after `now`, in the same order, without
 * making the site (a build that finds its output already up to date still gives them).
 */
export function futureWarnings(
  input: readonly Pick<SiteArticle, "file" | "slug" | "draft" | "date" | "instant">[],
  options: Pick<SiteOptions, "drafts" | "now">,
): Problem[] {
  const future: { a: (typeof input)[number]; t: number; slug: string }[] = [];
  for (const a of input) {
    const t = a.instant;
    if (!isShown(a, options) || t === null) continue;
    if (options.now !== undefined && t > options.now) future.push({ a, t, slug: a.slug });
  }
  future.sort(bySiteOrder);
  return future.map(({ a, t }) => futureWarning(a, t, options.now) as Problem);
}
