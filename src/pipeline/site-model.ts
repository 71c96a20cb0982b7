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
  feedArticles,
  feedFiles,
  newsSitemapFile,
  type SyndicationInput,
  sitemapFilesOf,
  TERM_FEED_SIZE,
  type TermFeedInput,
  termFeedFile,
} from "../core/outputs/syndication.js";
import { SearchIndex } from "../core/search/search-index.js";
import { signature } from "../core/shared/hash.js";
import type { OutputFile } from "../core/shared/output.js";
import { termFeedPath } from "../core/shared/paths.js";
import type { ArticleView, SiteArticle, SiteOptions, SiteResult } from "../core/site/model.js";
import { buildPages, type SiteLists, type TermFeedPlan } from "../core/site/site.js";
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
  ) {}

  /** The files of stage `name` for `key`: the last ones when the key is the same. */
  cached(name: string, key: string, make: () => OutputFile[]): OutputFile[] {
    const last = this.files.get(name);
    if (last?.key === key) return last.files;
    const files = make();
    this.files.set(name, { key, files });
    return files;
  }

  /**
   * The feeds of the term pages in `plans`. Each is signed by what it is made from (its newest
   * articles' signatures, the settings, vistka's code), so an unchanged one is known without
   * being made: its articles' texts are not read again, by watch nor by a later build.
   */
  termFeedFiles(
    plans: readonly TermFeedPlan[],
    settings: string,
    current: ReadonlyMap<string, ArticleView>,
    make: (term: TermFeedInput) => OutputFile,
  ): OutputFile[] {
    const last = this.termFeeds;
    this.termFeeds = new Map();
    const files: OutputFile[] = [];
    for (const plan of plans) {
      const articles: ArticleView[] = [];
      for (const slug of plan.slugs) {
        const view = current.get(slug);
        if (view && !view.draft && view.published !== null) articles.push(view);
        if (articles.length === TERM_FEED_SIZE) break;
      }
      let key = `${settings}\0${plan.page}\0${plan.heading}`;
      for (const a of articles) key += `\0${a.sig}.${a.teaserSig}.${a.updated ?? ""}`;
      const path = termFeedPath(plan.page);
      const known = last.get(path);
      const file =
        known?.key === key
          ? known.file
          : lazyFile(path, signature(key), () =>
              make({ page: plan.page, heading: plan.heading, articles }),
            );
      this.termFeeds.set(path, { key, file });
      files.push(file);
    }
    return files;
  }
}

/** A file of a known signature whose content is made when first read. */
function lazyFile(path: string, sig: string, make: () => OutputFile): OutputFile {
  let content: OutputFile["content"] | undefined;
  return {
    path,
    sig,
    get content() {
      content ??= make().content;
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
  const { model, byView, lists } = built.pages;
  stages.lists = lists;
  const of = (view: object) => byView.get(view as SiteArticle["view"]) as SiteArticle;
  // Drafts (shown by a --drafts build for a look before publishing) are not announced: no
  // feed, sitemap or search index has them.
  const hasDrafts = model.articles.some((a) => a.draft);
  const published = hasDrafts ? model.articles.filter((a) => !a.draft) : model.articles;
  const syndication: SyndicationInput = {
    site: model.site,
    articles: published,
    pages: hasDrafts ? model.pages.filter((p) => !p.article?.draft) : model.pages,
    contentHtml: (view) => feedHtml(of(view).text(), model.site.strings),
    instantOf: (view) => view.instant,
    referenceTime: options.referenceTime,
    generator: options.generator ?? { name: "vistka", version: "0" },
  };
  // The feeds carry the newest articles whole; the sitemaps list every page with its date,
  // which the list pages' places cover.
  const feedKey = signature(
    JSON.stringify([
      model.site,
      syndication.generator,
      feedArticles(published).map((a) => `${a.sig}.${a.teaserSig}.${a.updated ?? ""}`),
    ]),
  );
  // Each source's, tag's and author's own feed: its newest published articles, as they are now.
  const bySlug = new Map(published.map((a) => [a.slug, a]));
  const termFeedSettings = signature(
    JSON.stringify([model.site, syndication.generator, options.codeSig ?? null]),
  );
  const files = [
    ...stages.cached("feeds", feedKey, () => feedFiles(syndication)),
    ...stages.termFeedFiles(lists.termFeeds, termFeedSettings, bySlug, (term) =>
      termFeedFile(syndication, term),
    ),
    ...stages.cached("sitemaps", lists.placesKey, () => sitemapFilesOf(syndication)),
  ];
  // The news sitemap: the recent articles' headlines, a small file made every time.
  if (model.site.baseUrl !== null) files.push(newsSitemapFile(syndication));
  for (const file of stages.search.files(published.map((view) => searchArticle(of(view))))) {
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
