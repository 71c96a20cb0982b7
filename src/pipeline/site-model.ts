/**
 * The whole site model: the site's pages (core/site), then the files that are not
 * pages, made from them: feeds, sitemaps and robots.txt (core/outputs) and the
 * search index (core/search). With a `SiteMemo` (watch) an edit that moves nothing
 * patches the last model instead (site-patch.ts). Pure.
 */
import type { Article } from "../core/article/parse.js";
import { syndicationFiles } from "../core/outputs/syndication.js";
import { searchFiles } from "../core/search/search-index.js";
import type { SiteModel, SiteOptions, SiteResult } from "../core/site/model.js";
import { buildPages } from "../core/site/site.js";
import { feedHtml, searchArticle } from "../core/site/views.js";
import { patchSite, type SiteMemo } from "./site-patch.js";

/** Build the site model; fails with every collision and reserved name found. */
export function buildSite(
  input: readonly Article[],
  options: SiteOptions,
  memo?: SiteMemo,
): SiteResult {
  const patched = memo ? patchSite(memo, input, options) : null;
  if (patched) return { ok: true, model: patched };
  const built = buildPages(input, options, memo ? { views: memo.views, slots: true } : {});
  if (!built.ok) return built;
  const { model, byView, slots } = built.pages;
  const files = syndicationFiles({
    site: model.site,
    articles: model.articles,
    pages: model.pages,
    contentHtml: (view) => feedHtml(byView.get(view) as Article, model.site.strings),
    instantOf: (view) => view.instant,
    referenceTime: options.referenceTime,
    generator: options.generator ?? { name: "vistka", version: "0" },
  });
  const searchInput = model.articles.map((view) =>
    searchArticle(view, byView.get(view) as Article),
  );
  const searchStart = files.length;
  for (const file of memo ? memo.search.files(searchInput) : searchFiles(searchInput)) {
    files.push(file);
  }
  const full: SiteModel = { ...model, files };
  if (memo && slots) memo.remember(input, full, { byView, slots, searchInput, searchStart });
  return { ok: true, model: full };
}
