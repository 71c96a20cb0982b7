/**
 * Everything a build needs to make something: parse, view, the site model, the search
 * index, render. The builder loads this module only when a build has something to make
 * (a file to read, a site to render): one that finds its site up to date, which a
 * newsroom's cron job mostly does, loads none of it (about a third of vistka's code, and
 * marked).
 */
export { checkArticleFile } from "../core/article/check.js";
export { RenderMemo, renderPage, renderSite } from "../core/render/render.js";
export { SearchIndex, SearchStoreError } from "../core/search/search-index.js";
export { indexListPages, storeLists } from "../core/site/lists.js";
export { articleView, siteArticleOf } from "../core/site/views.js";
export { readArticle } from "./read-article.js";
export { readAll, readThreads } from "./read-workers.js";
export { buildSiteModel, SiteStages } from "./site-model.js";
export { LISTS, readLists } from "./stored-lists.js";
