/**
 * Articles → the site's pages: every page with its output path and the data its
 * template receives (the files that are not pages, feeds, sitemaps and the search
 * index, are the outputs' and search's, joined by pipeline/site-model.ts). Pure: the
 * whole site is checked here (slug collisions, reserved names) before anything is written.
 */
import { futureWarning } from "../article/future.js";
import type { Article } from "../article/parse.js";
import type { Problem } from "../shared/errors.js";
import { signature } from "../shared/hash.js";
import { RESERVED_SLUGS, rootFor } from "../shared/paths.js";
import { LOCALES, STRINGS } from "../shared/strings.js";
import { type LastOrder, makeLists, type SiteLists, withTeasers } from "./lists.js";
import type {
  ArticleKeys,
  ArticleView,
  Page,
  SiteArticle,
  SiteInfo,
  SiteModel,
  SiteOptions,
} from "./model.js";
import { bySiteOrder, futureWarnings, isShown } from "./order.js";

export { bySiteOrder, futureWarnings, isShown };

/** The site's pages and what the other stages need to go on from them. */
export interface SitePages {
  /** The model with its pages; `files` still empty. */
  model: SiteModel;
  /** The shown articles in the site's order (the model's `articles` are their views). */
  ordered: SiteArticle[];
  /** The list pages made (or reused), to hand to the next build (watch keeps it). */
  lists: SiteLists;
  /** The shown article of a slug the site has (positions kept while the places hold). */
  articleOf: (slug: string) => SiteArticle;
}

/** Build the site's pages; fails with every collision and reserved name found. */
export function buildPages(
  input: readonly SiteArticle[],
  options: SiteOptions,
  previous?: SiteLists,
): { ok: true; pages: SitePages } | { ok: false; problems: Problem[] } {
  const published = options.drafts ? input : input.filter((a) => isShown(a, options));

  const lang = options.lang;
  const strings = STRINGS[lang];
  const baseUrl = options.baseUrl ?? null;
  const site: SiteInfo = {
    title: options.title ?? strings.siteTitle,
    description: options.description ?? strings.siteDescription,
    lang,
    locale: LOCALES[lang].og,
    strings,
    baseUrl,
    hasFeeds: baseUrl !== null,
  };
  const warnings: Problem[] = [];

  // Sorted and keyed by what each article's keys say: no view is read for it (see ArticleKeys).
  const sorted =
    (previous && (orderAfterEdit(published, previous) ?? inLastOrder(published, previous))) ??
    bySiteOrderOf(published);
  const ordered = sorted.ordered;
  // The last build's articles in the site's order (watch), when as many: an article at the
  // same position that is the very same object has the same keys and page, which are then
  // taken from the last build's arrays without reading the article (see orderAfterEdit).
  // (With the keys it had at each position: `seen`, kept with the order.)
  const aligned = previous?.order?.ordered.length === ordered.length ? previous : undefined;
  const lastSeen = aligned?.seen;
  const lastOrdered = lastSeen ? aligned?.order?.ordered : undefined;
  const now = options.now;
  if (now !== undefined) {
    for (const a of ordered) {
      if (a.instant === null || a.instant <= now) continue;
      const future = futureWarning(a, a.instant, now);
      if (future) warnings.push(future);
    }
  }

  const settings = JSON.stringify([site, options.pageSize ?? 20]);
  const known = keysAfterEdit(previous, ordered, settings, lastOrdered);
  // Articles in the places of lists that were made have slugs that were checked.
  if (!known) {
    const problems = checkSlugs(published);
    if (problems.length > 0) return { ok: false, problems };
  }
  const keys = known ?? listsKey(ordered, settings);
  // Positions by slug are the last lists' while the places are theirs, else made when a page
  // must be made anew (a watch rebuild of a body edit needs none).
  const samePlaces = previous?.placesKey === keys.placesKey;
  let positions = samePlaces ? previous?.positions : undefined;
  const bySlug = (slug: string): SiteArticle => {
    if (!positions) {
      positions = new Map();
      for (let i = 0; i < ordered.length; i++) positions.set((ordered[i] as SiteArticle).slug, i);
      if (samePlaces && previous) previous.positions = positions;
    }
    const a = ordered[positions.get(slug) ?? -1];
    // The lists were made of these very articles (their places key is this build's).
    if (!a) throw new Error(`list page names an article that is not there: ${slug}`);
    return a;
  };
  // Lists from the cache show this build's views of the articles they name.
  if (previous?.restored) previous.restored.viewOf = (slug) => bySlug(slug).view;
  const lists =
    previous?.key === keys.key
      ? previous
      : samePlaces
        ? withTeasers(previous as SiteLists, keys.key, ordered, bySlug)
        : makeLists(keys, ordered, site, options, bySlug, previous);
  lists.seen = ordered.map((a, i) =>
    lastSeen && lastOrdered?.[i] === a ? (lastSeen[i] as ArticleKeys) : a.keys,
  );
  if (positions && lists.placesKey === keys.placesKey) lists.positions = positions;
  // The last pages are this build's while the settings are (the same map of them).
  const lastPages =
    lists.articlePages === previous?.articlePages ? previous.order?.pages : undefined;
  const articlePages = new Array<Page>(ordered.length);
  for (let i = 0; i < ordered.length; i++) {
    const article = ordered[i] as SiteArticle;
    let page = lastPages && lastOrdered?.[i] === article ? lastPages[i] : undefined;
    page ??= lists.articlePages.get(article);
    if (!page) {
      page = new LazyArticlePage(article, site);
      lists.articlePages.set(article, page);
    }
    articlePages[i] = page;
  }
  lists.order = { input: published, ...sorted, pages: articlePages };
  const pages: Page[] = [...lists.index];
  for (const page of articlePages) pages.push(page);
  for (const page of lists.rest) pages.push(page);

  const notes: string[] = [];
  if (baseUrl === null) {
    notes.push(
      "no baseUrl: feeds, sitemaps and canonical links skipped (set baseUrl in vistka.config.json or pass --base-url)",
    );
  }
  const sig = signature(JSON.stringify([site, options.timeZone, options.pageSize ?? 20]));
  let views: ArticleView[] | undefined;
  const model: SiteModel = {
    site,
    // The views are read when first asked for (a build that makes no list page anew needs none).
    get articles() {
      views ??= ordered.map((a) => a.view);
      return views;
    },
    count: ordered.length,
    pages,
    files: [],
    warnings,
    notes,
    sig,
  };
  return { ok: true, pages: { model, ordered, lists, articleOf: bySlug } };
}

/** Articles in the site's order, and where each of the given ones went (LastOrder). */
type Sorted = Omit<LastOrder, "input"> & { ordered: SiteArticle[] };

/** The articles in the site's order. */
function bySiteOrderOf(articles: readonly SiteArticle[]): Sorted {
  const sorted = articles.map((a, at) => ({ a, t: a.instant, slug: a.slug, at }));
  sorted.sort(bySiteOrder);
  const rank = new Int32Array(articles.length);
  for (let i = 0; i < sorted.length; i++) rank[(sorted[i] as (typeof sorted)[number]).at] = i;
  return { ordered: sorted.map(({ a }) => a), rank };
}

/**
 * The last build's order (watch) when each article is the very one that build was given,
 * or one in the same place (the same slug and time: an edit of its text): only the arrays
 * are compared, and only those articles looked at, not ten thousand scattered in memory.
 * Null when the articles are not the last ones in that sense.
 */
function orderAfterEdit(articles: readonly SiteArticle[], last: SiteLists): Sorted | null {
  const was = last.order;
  if (!was || was.input.length !== articles.length) return null;
  const ordered = was.ordered.slice();
  for (let i = 0; i < articles.length; i++) {
    const a = articles[i] as SiteArticle;
    const o = was.input[i] as SiteArticle;
    if (a === o) continue;
    if (a.slug !== o.slug || a.instant !== o.instant) return null;
    ordered[was.rank[i] as number] = a;
  }
  return { ordered, rank: was.rank };
}

/**
 * The articles in the order of the last lists' front page (every shown article, in the
 * site's order) when they are the same articles and that is still the site's order (an
 * edit rarely moves one): a pass instead of a sort. Null when it is not.
 */
function inLastOrder(articles: readonly SiteArticle[], last: SiteLists): Sorted | null {
  last.positions ??= positionsOf(last);
  const positions = last.positions;
  if (positions.size !== articles.length) return null;
  const order = new Array<SiteArticle>(articles.length);
  const rank = new Int32Array(articles.length);
  for (let at = 0; at < articles.length; at++) {
    const a = articles[at] as SiteArticle;
    const i = positions.get(a.slug);
    if (i === undefined || order[i] !== undefined) return null;
    order[i] = a;
    rank[at] = i;
  }
  for (let i = 1; i < order.length; i++) {
    const x = order[i - 1] as SiteArticle;
    const y = order[i] as SiteArticle;
    if (bySiteOrder({ t: x.instant, slug: x.slug }, { t: y.instant, slug: y.slug }) >= 0)
      return null;
  }
  return { ordered: order, rank };
}

/** Each article's position in the site's order, from the lists' front page. */
function positionsOf(lists: SiteLists): Map<string, number> {
  const positions = new Map<string, number>();
  for (const page of lists.index)
    for (const slug of page.slugs ?? []) positions.set(slug, positions.size);
  return positions;
}

/**
 * The lists keys of `ordered` from those of `previous` (watch), when the articles are in
 * the places `previous` was last found current for: the same keys when the articles have
 * the very same keys objects, else a key chained from the last one and the teasers that
 * changed. Null when a place changed (listsKey then hashes them all). A chained key never
 * equals a key of other lists: at worst, equal lists are made again.
 */
function keysAfterEdit(
  previous: SiteLists | undefined,
  ordered: readonly SiteArticle[],
  settings: string,
  lastOrdered: readonly SiteArticle[] | undefined,
): { key: string; placesKey: string; settings: string } | null {
  const seen = previous?.seen;
  if (!previous || !seen || seen.length !== ordered.length || previous.settings !== settings)
    return null;
  let changed = "";
  for (let i = 0; i < seen.length; i++) {
    const a = ordered[i] as SiteArticle;
    if (lastOrdered?.[i] === a) continue;
    const was = seen[i] as ArticleKeys;
    const now = a.keys;
    if (was === now) continue;
    if (was.place !== now.place) return null;
    if (was.teaserSig !== now.teaserSig) changed += `\0${i}:${now.teaserSig}`;
  }
  const key = changed === "" ? previous.key : signature(`${previous.key}${changed}`);
  return { key, placesKey: previous.placesKey, settings };
}

/**
 * What the list pages depend on, as two signatures: `placesKey`, the site's settings and
 * each shown article's place (its slug, date, source and tags, in the site's order), and
 * `key`, that and what each teaser says. Made from the articles' keys, not their views.
 */
function listsKey(
  articles: readonly SiteArticle[],
  settings: string,
): { key: string; placesKey: string; settings: string } {
  const places: string[] = [settings];
  const teasers: string[] = [];
  for (const a of articles) {
    places.push(a.keys.place);
    teasers.push(a.keys.teaserSig);
  }
  const placesKey = signature(places.join("\n"));
  return { settings, placesKey, key: signature(`${placesKey}\n${teasers.join("\n")}`) };
}

/**
 * An article's page, its view read only when the page is written (or its data asked for).
 * A class with its getters on the prototype: a build makes one per article, and an object
 * literal with getters of its own was seven closures each, 16 MB of a 10,000-article edit
 * build that every young-generation collection copied. Handlebars reads own properties only,
 * so renderPage hands the template the whole page (withOwnFields), never this object.
 */
class LazyArticlePage implements Page {
  readonly kind = "article" as const;
  readonly path: string;
  readonly sig: string;
  private page: Page | undefined;

  constructor(
    private readonly a: SiteArticle,
    private readonly site: SiteInfo,
  ) {
    this.path = `${a.slug}/index.html`;
    this.sig = a.keys.sig;
  }

  get text(): () => Article {
    return this.a.text;
  }
  get root(): string {
    return this.whole().root;
  }
  get title(): string {
    return this.whole().title;
  }
  get heading(): string {
    return this.whole().heading;
  }
  get description(): string {
    return this.whole().description;
  }
  get canonical(): string | null {
    return this.whole().canonical;
  }
  get article(): ArticleView | undefined {
    return this.whole().article;
  }

  /** The page with every field its own (articlePage's object). */
  whole(): Page {
    this.page ??= articlePage(this.a.view, this.a.text, this.site);
    return this.page;
  }
}

/**
 * A page with its fields as its own properties, as Handlebars reads them: the whole page of
 * an article page made lazily (its fields are getters on the prototype), else the page itself.
 */
export function withOwnFields(page: Page): Page {
  return page instanceof LazyArticlePage ? page.whole() : page;
}

function checkSlugs(articles: readonly Pick<Article, "file" | "slug">[]): Problem[] {
  const problems: Problem[] = [];
  const bySlug = new Map<string, Pick<Article, "file" | "slug">>();
  for (const a of articles) {
    if (RESERVED_SLUGS.has(a.slug)) {
      problems.push({
        file: a.file,
        message: `the slug "${a.slug}" is reserved for the site's own pages`,
        hint: "rename the file or add a Slug: header",
      });
      continue;
    }
    const other = bySlug.get(a.slug);
    if (other) {
      problems.push({
        file: a.file,
        message: `the slug "${a.slug}" is also used by ${other.file}`,
        hint: "rename one of the files or give one a Slug: header",
      });
    } else bySlug.set(a.slug, a);
  }
  return problems;
}

/** The page of one article. */
export function articlePage(article: ArticleView, text: () => Article, site: SiteInfo): Page {
  return {
    kind: "article",
    path: article.path,
    root: rootFor(article.path),
    title: `${article.headline} — ${site.title}`,
    heading: article.headline,
    description: article.summary,
    canonical: article.canonical,
    article,
    text,
    sig: article.sig,
  };
}
