/**
 * The whole site model: the site's pages (core/site), then the files that are not
 * pages, made from them: feeds, sitemaps and robots.txt (core/outputs) and the
 * search index (core/search). One algorithm for every build: a one-off build, a
 * build that reuses the last one's work and a watch rebuild all come through here;
 * only the search index keeps state between them (it updates what changed). Pure.
 */
import type { Article } from "../core/article/parse.js";
import { syndicationFiles } from "../core/outputs/syndication.js";
import { SearchIndex } from "../core/search/search-index.js";
import type { SiteArticle, SiteOptions, SiteResult } from "../core/site/model.js";
import { buildPages } from "../core/site/site.js";
import { feedHtml, searchArticle, siteArticle } from "../core/site/views.js";

/**
 * Build the site model of `input`; fails with every collision and reserved name found.
 * `search`: the index to update (kept between builds); without it, a one-off index.
 */
export function buildSiteModel(
  input: readonly SiteArticle[],
  options: SiteOptions,
  search: SearchIndex = new SearchIndex(undefined, false),
): SiteResult {
  const built = buildPages(input, options);
  if (!built.ok) return built;
  const { model, byView } = built.pages;
  const of = (view: object) => byView.get(view as SiteArticle["view"]) as SiteArticle;
  const files = syndicationFiles({
    site: model.site,
    articles: model.articles,
    pages: model.pages,
    contentHtml: (view) => feedHtml(of(view).text(), model.site.strings),
    instantOf: (view) => view.instant,
    referenceTime: options.referenceTime,
    generator: options.generator ?? { name: "vistka", version: "0" },
  });
  for (const file of search.files(model.articles.map((view) => searchArticle(of(view))))) {
    files.push(file);
  }
  return { ok: true, model: { ...model, files } };
}

/** The site model of parsed articles, made in one go (tests, and anything without a pipeline). */
export function buildSite(input: readonly Article[], options: SiteOptions): SiteResult {
  return buildSiteModel(
    input.map((a) => siteArticle(a, options)),
    options,
  );
}
