/**
 * The site model after an edit, without building it anew. `vistka watch` keeps a
 * `SiteMemo`; when the only change since the last model is articles edited in a
 * way that moves nothing (the text, the headline, the author: not the date, the
 * slug, the source or the tags), the last model is patched: the article's page,
 * its teaser in the list pages it is on, the feeds, the news sitemap and the
 * search index. Anything else (a new, deleted or renamed file, another date,
 * source or tag, other options) builds the whole model again. Either way the model is the
 * one a fresh build of the same articles makes: tests/watch holds the two equal.
 * Pure.
 */

import type { Article } from "../core/article/parse.js";
import { feedArticles, feedFiles, newsSitemapFile } from "../core/outputs/syndication.js";
import { type SearchArticle, SearchIndex } from "../core/search/search-index.js";
import type { Problem } from "../core/shared/errors.js";
import type { OutputFile } from "../core/shared/output.js";
import type { ArticleView, Page, SiteModel, SiteOptions } from "../core/site/model.js";
import { articlePage, futureWarning, isShown, listPageSig } from "../core/site/site.js";
import { articleView, feedHtml, searchArticle } from "../core/site/views.js";

/** Edits to more articles than this at once build the model anew. */
const PATCH_LIMIT = 16;

/** What the last build made, kept for the next one. */
interface LastBuild {
  input: readonly Article[];
  model: SiteModel;
  byView: Map<ArticleView, Article>;
  /** Where each article's view sits in list pages: [the page, index in its list]. */
  slots: Map<ArticleView, [Page, number][]>;
  searchInput: SearchArticle[];
  /** Index of the first search file in model.files. */
  searchStart: number;
}

/** What one `buildSite` call leaves for the next (watch keeps one for its lifetime). */
export class SiteMemo {
  /** Views of articles: an unchanged article is not made into a view again. */
  views = new WeakMap<Article, ArticleView>();
  search = new SearchIndex();
  last: LastBuild | null = null;
  /** The options that shape the model (not the clock) of what is kept. */
  private key: string | null = null;

  /** Keep nothing made with other options: views, index and model all depend on them. */
  use(options: SiteOptions): void {
    const key = optionsKey(options);
    if (key === this.key) return;
    this.key = key;
    this.views = new WeakMap();
    this.search = new SearchIndex();
    this.last = null;
  }

  remember(
    input: readonly Article[],
    model: SiteModel,
    parts: Pick<LastBuild, "byView" | "slots" | "searchInput" | "searchStart">,
  ): void {
    this.last = { input, model, ...parts };
  }
}

/** The model for `input` made from the last one, or null when it must be built anew. */
export function patchSite(
  memo: SiteMemo,
  input: readonly Article[],
  options: SiteOptions,
): SiteModel | null {
  memo.use(options);
  const last = memo.last;
  if (!last || last.input.length !== input.length) return null;
  const edits: [ArticleView, ArticleView, Article][] = [];
  for (let i = 0; i < input.length; i++) {
    const next = input[i] as Article;
    const old = last.input[i] as Article;
    if (next === old) continue;
    if (next.file !== old.file || edits.length === PATCH_LIMIT) return null;
    if (isShown(old, options) !== isShown(next, options)) return null;
    if (!isShown(next, options)) continue;
    const before = memo.views.get(old);
    if (!before) return null;
    const after = articleView(next, options, memo.views);
    if (!samePlaces(before, after)) return null;
    edits.push([before, after, next]);
  }
  if (edits.length === 0) {
    memo.last = { ...last, input };
    return last.model;
  }

  const model = last.model;
  const articles = [...model.articles];
  const pages = [...model.pages];
  const files: OutputFile[] = [...model.files];
  for (const [before, after, article] of edits) {
    articles[articles.indexOf(before)] = after;
    pages[pages.findIndex((p) => p.article === before)] = articlePage(after, article, model.site);
    // The list pages showing it: the same places, perhaps another teaser (a new first paragraph).
    const slots = last.slots.get(before) ?? [];
    for (const [page, i] of slots) {
      (page.articles as ArticleView[])[i] = after;
      if (after.teaserSig !== before.teaserSig) page.sig = listPageSig(page);
    }
    last.slots.delete(before);
    last.slots.set(after, slots);
    last.byView.delete(before);
    last.byView.set(after, article);
    const s = last.searchInput.findIndex((x) => x.view === before);
    last.searchInput[s] = searchArticle(after, article);
  }
  // The feeds carry the newest articles' text; the news sitemap the recent ones' headlines.
  const feeds: OutputFile[] = [];
  const carried = new Set(feedArticles(articles));
  if (edits.some(([, after]) => carried.has(after))) {
    feeds.push(
      ...feedFiles({
        site: model.site,
        articles,
        contentHtml: (view) => feedHtml(last.byView.get(view) as Article, model.site.strings),
        generator: options.generator ?? { name: "vistka", version: "0" },
      }),
    );
  }
  if (model.site.baseUrl !== null && edits.some(([b, a]) => b.headline !== a.headline)) {
    feeds.push(
      newsSitemapFile({
        site: model.site,
        articles,
        instantOf: (view) => view.instant,
        referenceTime: options.referenceTime,
      }),
    );
  }
  for (const feed of feeds) files[files.findIndex((f) => f.path === feed.path)] = feed;
  // Not splice(…, ...files): a site of 100,000 articles has more search files than a call takes arguments.
  files.length = last.searchStart;
  for (const file of memo.search.files(last.searchInput)) files.push(file);
  const next: SiteModel = {
    ...model,
    articles,
    pages,
    files,
    warnings: viewsFutureWarnings(articles, last.byView, options.now),
  };
  memo.last = { ...last, input, model: next };
  return next;
}

/** The warnings of the articles dated after `now`, in the site's order, as a fresh build gives them. */
function viewsFutureWarnings(
  articles: readonly ArticleView[],
  byView: Map<ArticleView, Article>,
  now?: number,
): Problem[] {
  const out: Problem[] = [];
  if (now === undefined) return out;
  for (const view of articles) {
    if (view.instant === null || view.instant <= now) continue;
    const warning = futureWarning(byView.get(view) as Article, view.instant, now);
    if (warning) out.push(warning);
  }
  return out;
}

/**
 * Whether the two views have the same places: the same page, the same place in
 * every list (the date orders them), the same sources and tags, the same sitemap entry.
 */
function samePlaces(a: ArticleView, b: ArticleView): boolean {
  return (
    a.slug === b.slug &&
    a.instant === b.instant &&
    a.published === b.published &&
    a.source?.name === b.source?.name &&
    a.tags.map((t) => t.name).join("\0") === b.tags.map((t) => t.name).join("\0")
  );
}

function optionsKey(o: SiteOptions): string {
  return JSON.stringify([
    o.title,
    o.description,
    o.lang,
    o.timeZone,
    o.pageSize,
    o.baseUrl,
    o.drafts === true,
    o.referenceTime,
    o.generator,
  ]);
}
