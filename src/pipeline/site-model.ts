/**
 * The whole site model: the site's pages (core/site), then the files that are not
 * pages, made from them: feeds, sitemaps and robots.txt (core/outputs) and the
 * search index (core/search). One algorithm for every build: a one-off build, a
 * build that reuses the last one's work and a watch rebuild all come through here.
 *
 * The stages keep their last result under a key of what it depends on (`SiteStages`,
 * kept warm by watch): the list pages, the feeds, the sitemaps and the search index
 * are made again only when their key changes, so a body-only edit remakes the
 * article's page, and the feeds if it is among the newest. Pure.
 */
import type { Article } from "../core/article/parse.js";
import {
  FEED_SIZE,
  feedFiles,
  newsArticles,
  newsSitemapFile,
  type SitemapPage,
  type SyndicationInput,
  sitemapFilePaths,
  sitemapFilesOf,
  TERM_FEED_SIZE,
  type TermFeedInput,
  termFeedFile,
} from "../core/outputs/syndication.js";
import { SearchIndex } from "../core/search/search-index.js";
import { signature } from "../core/shared/hash.js";
import type { OutputFile } from "../core/shared/output.js";
import { termFeedPath } from "../core/shared/paths.js";
import type { SiteLists, TermFeedPlan } from "../core/site/lists.js";
import type { Page, SiteArticle, SiteOptions, SiteResult } from "../core/site/model.js";
import { buildPages } from "../core/site/site.js";
import { feedHtml, searchArticle, siteArticle } from "../core/site/views.js";

/** The last result of each stage, with its key; a one-off build starts with none. */
export class SiteStages {
  lists: SiteLists | undefined;
  private readonly files = new Map<string, { key: string; files: OutputFile[] }>();
  /** Each source's, tag's and author's feed by its path, with its key: only this build's are kept. */
  private termFeeds = new Map<string, { key: string; file: OutputFile }>();

  constructor(
    /** Kept between builds (watch): an edit updates only what it changes. */
    readonly search: SearchIndex = new SearchIndex({ keep: "none" }),
    /** The last build's lists (from the build cache), if any. */
    lists?: SiteLists,
  ) {
    this.lists = lists;
  }

  /**
   * The files at `paths` of stage `name`, signed by `key`: the last ones when the key is the
   * same, else files whose content `make` gives when first read. A file whose signature the
   * output folder already has is never made, by watch nor by a later build.
   */
  cached(
    name: string,
    key: string,
    paths: readonly string[],
    make: () => OutputFile[],
  ): OutputFile[] {
    const last = this.files.get(name);
    if (last?.key === key) return last.files;
    let made: OutputFile[] | undefined;
    const content = (i: number) => {
      made ??= make();
      const file = made[i];
      // The paths are known before the files are made: a stage that makes others is a bug.
      if (file === undefined || file.path !== paths[i] || made.length !== paths.length)
        throw new Error(`${name}: made ${made.map((f) => f.path)}, expected ${paths}`);
      return file.content;
    };
    const sig = signature(`${name}\0${key}`);
    const files = paths.map((path, i) => lazyFile(path, `${sig}.${i}`, () => content(i)));
    this.files.set(name, { key, files });
    return files;
  }

  /**
   * The feeds of the term pages in `plans`. Each is signed by what it is made from (its newest
   * articles' keys, the settings, vistka's code), so an unchanged one is known without being
   * made: its articles' views and texts are not read again, by watch nor by a later build.
   */
  termFeedFiles(
    plans: readonly TermFeedPlan[],
    settings: string,
    articleOf: (slug: string) => SiteArticle,
    make: (term: TermFeedInput) => OutputFile,
  ): OutputFile[] {
    const last = this.termFeeds;
    this.termFeeds = new Map();
    const files: OutputFile[] = [];
    for (const plan of plans) {
      const articles: SiteArticle[] = [];
      for (const slug of plan.slugs) {
        const a = articleOf(slug);
        if (!a.draft && a.keys.published !== null) articles.push(a);
        if (articles.length === TERM_FEED_SIZE) break;
      }
      let key = `${settings}\0${plan.page}\0${plan.heading}`;
      for (const a of articles) key += `\0${feedKeyOf(a)}`;
      const path = termFeedPath(plan.page);
      const known = last.get(path);
      const file =
        known?.key === key
          ? known.file
          : lazyFile(
              path,
              signature(key),
              () =>
                make({
                  page: plan.page,
                  heading: plan.heading,
                  articles: articles.map((a) => a.view),
                }).content,
            );
      this.termFeeds.set(path, { key, file });
      files.push(file);
    }
    return files;
  }
}

/** What a feed entry is made from, as an article's keys say it. */
function feedKeyOf(a: SiteArticle): string {
  return `${a.keys.sig}.${a.keys.teaserSig}.${a.keys.updated ?? ""}`;
}

/** A file of a known signature whose content is made when first read. */
function lazyFile(path: string, sig: string, make: () => OutputFile["content"]): OutputFile {
  let content: OutputFile["content"] | undefined;
  return {
    path,
    sig,
    get content() {
      content ??= make();
      return content;
    },
  };
}

/** Build the site model of `input`; fails with every collision and reserved name found. */
export function buildSiteModel(
  input: readonly SiteArticle[],
  options: SiteOptions,
  stages: SiteStages = new SiteStages(),
): SiteResult {
  const built = buildPages(input, options, stages.lists);
  if (!built.ok) return built;
  const { model, ordered, lists, articleOf } = built.pages;
  stages.lists = lists;
  // Drafts (shown by a --drafts build for a look before publishing) are not announced: no
  // feed, sitemap or search index has them.
  const drafts = ordered.filter((a) => a.draft);
  const published = drafts.length > 0 ? ordered.filter((a) => !a.draft) : ordered;
  const draftPages = new Set(drafts.map((a) => `${a.slug}/index.html`));
  const pages =
    drafts.length > 0 ? model.pages.filter((p) => !draftPages.has(p.path)) : model.pages;
  const syndication: Omit<SyndicationInput, "articles"> = {
    site: model.site,
    contentHtml: (view) => feedHtml(articleOf(view.slug).text(), model.site.strings),
    instantOf: (view) => view.instant,
    referenceTime: options.referenceTime,
    generator: options.generator ?? { name: "vistka", version: "0" },
  };
  // Each output is given the views of the articles it shows, read only if it is made anew:
  // an unchanged feed or sitemap reads none.
  const withViews = (articles: readonly SiteArticle[]): SyndicationInput => ({
    ...syndication,
    articles: articles.map((a) => a.view),
  });

  // The stages' keys: the site's settings, the generator and vistka's own code (a new vistka
  // makes them anew), and what each is made from.
  const settings = signature(
    JSON.stringify([model.site, syndication.generator, options.codeSig ?? null]),
  );
  // The feeds carry the newest articles whole; the sitemaps list every page with its date,
  // which the list pages' places cover.
  const newest = newestDated(published);
  const feedKey = `${settings}\0${newest.map(feedKeyOf).join("\0")}`;
  const feedPaths = model.site.baseUrl === null ? [] : ["feed.xml", "rss.xml", "feed.json"];
  const sitemapKey = `${settings}\0${lists.placesKey}`;
  // Every page but 404.html is in the sitemap.
  const sitemapPaths = sitemapFilePaths(model.site, pages.length - 1);
  const files = [
    ...stages.cached("feeds", feedKey, feedPaths, () => feedFiles(withViews(newest))),
    ...stages.termFeedFiles(lists.termFeeds, settings, articleOf, (term) =>
      termFeedFile(syndication, term),
    ),
    ...stages.cached("sitemaps", sitemapKey, sitemapPaths, () =>
      sitemapFilesOf(model.site, sitemapPages(pages, ordered)),
    ),
  ];
  // The news sitemap: the recent articles' headlines, a small file made every time.
  if (model.site.baseUrl !== null) {
    const recent = newsArticles(published, (a) => a.instant, options.referenceTime);
    files.push(newsSitemapFile(withViews(recent)));
  }
  // Given the same article objects as last time (watch), the index looks at none of them.
  for (const file of stages.search.filesOfViews(published, searchArticle)) files.push(file);
  // A prepared search document is taken once, by the index just made: kept, it would hold a
  // second copy of every article's terms for the rest of the build (or of watch).
  // (Drafts left out of the site too: their documents are made again if they are published.)
  for (const a of input) if (a.search) a.search = undefined;
  model.files = files;
  return { ok: true, model };
}

/**
 * The pages as the sitemap lists them, dated by their articles' keys (no view read): an
 * article's page by its update or publication, a list by its newest dated article.
 */
function sitemapPages(pages: readonly Page[], shown: readonly SiteArticle[]): SitemapPage[] {
  // Every shown article, drafts too (a --drafts build's lists show them, dated).
  const bySlug = new Map<string, SiteArticle>();
  const articleAt = new Map<string, SiteArticle>();
  for (const a of shown) {
    bySlug.set(a.slug, a);
    articleAt.set(`${a.slug}/index.html`, a);
  }
  return pages.map((p) => {
    const a = p.kind === "article" ? articleAt.get(p.path) : undefined;
    if (a)
      return {
        kind: p.kind,
        path: p.path,
        lastmod: a.keys.updated ?? a.keys.published,
        owner: a.keys,
      };
    let lastmod: string | null = null;
    for (const slug of p.slugs ?? []) {
      lastmod = bySlug.get(slug)?.keys.published ?? null;
      if (lastmod !== null) break;
    }
    return { kind: p.kind, path: p.path, lastmod };
  });
}

/** The articles the site's feeds carry (feedArticles), by their keys. */
function newestDated(articles: readonly SiteArticle[]): SiteArticle[] {
  const out: SiteArticle[] = [];
  for (const a of articles) {
    if (out.length === FEED_SIZE) break;
    if (a.keys.published !== null) out.push(a);
  }
  return out;
}

/** The site model of parsed articles, made in one go (tests, and anything without a pipeline). */
export function buildSite(input: readonly Article[], options: SiteOptions): SiteResult {
  return buildSiteModel(
    input.map((a) => siteArticle(a, options)),
    options,
  );
}
