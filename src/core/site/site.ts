/**
 * Articles → the site's pages: every page with its output path and the data its
 * template receives (the files that are not pages, feeds, sitemaps and the search
 * index, are the outputs' and search's, joined by pipeline/site-model.ts). Pure: the
 * whole site is checked here (slug collisions, reserved names) before anything is written.
 */
import { futureWarning } from "../article/check.js";
import type { Article } from "../article/parse.js";
import { SEARCH_DIR } from "../search/search-index.js";
import type { Problem } from "../shared/errors.js";
import { signature } from "../shared/hash.js";
import { prettyPath, RESERVED_SLUGS, rootFor, sitePath, termFeedPath } from "../shared/paths.js";
import { fill, formatCount, LOCALES, STRINGS } from "../shared/strings.js";
import type {
  ArticleKeys,
  ArticleView,
  Page,
  SiteArticle,
  SiteInfo,
  SiteModel,
  SiteOptions,
  TermView,
} from "./model.js";
import { paginate } from "./paginate.js";
import { groupByTerm, termSlug } from "./taxonomy.js";

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
  input: readonly SiteArticle[],
  options: Pick<SiteOptions, "drafts" | "now">,
): Problem[] {
  const future: { a: SiteArticle; t: number; slug: string }[] = [];
  for (const a of input) {
    const t = a.instant;
    if (!isShown(a, options) || t === null) continue;
    if (options.now !== undefined && t > options.now) future.push({ a, t, slug: a.slug });
  }
  future.sort(bySiteOrder);
  return future.map(({ a, t }) => futureWarning(a, t, options.now) as Problem);
}

/** The site's pages and what the other stages need to go on from them. */
export interface SitePages {
  /** The model with its pages; `files` still empty. */
  model: SiteModel;
  /** The shown articles in the site's order (the model's `articles` are their views). */
  ordered: SiteArticle[];
  /** The list pages made (or reused), to hand to the next build (watch keeps it). */
  lists: SiteLists;
}

/**
 * Every page but the articles' own: the paginated lists, the term pages and their
 * indexes, search and 404. They depend only on what `key` says, so a build whose
 * key is the last one's reuses them (a body-only edit, an edit of an article's text).
 */
export interface SiteLists {
  /** Everything the list pages show (see listsKey). */
  key: string;
  /** Which articles are on which page, and where (see listsKey): not what their teasers say. */
  placesKey: string;
  /** The front page and its pages. */
  index: Page[];
  /** Term pages and indexes, the search page and 404.html, in their order. */
  rest: Page[];
  /**
   * Each source's, tag's and author's feed (with a baseUrl): its page and the slugs of its
   * articles in the site's order. Slugs, not views: the feeds take each article's newest view.
   */
  termFeeds: TermFeedPlan[];
  /** The site's settings the pages were made with (see listsKey). */
  settings: string;
  /**
   * Each article's teaserSig when the pages were made, in the site's order (the same order
   * while `placesKey` holds): which pages an edit changes.
   */
  teasers: string[];
  /** The list pages (by position in index then rest) that show each article, made when needed. */
  pagesOf?: Map<string, number[]>;
  /** Each article's own page, by the article, made with these settings (reused while they hold). */
  articlePages: WeakMap<SiteArticle, Page>;
  /**
   * Set on lists restored from the build cache (restoreLists): their pages name their
   * articles by slug, and read the views of the build that reuses them when first asked.
   */
  restored?: { viewOf: (slug: string) => ArticleView };
  /**
   * The keys of the articles these lists were last found current for, in the site's order
   * (kept in memory by watch): when a rebuild's articles have the very same keys objects,
   * its lists key is this one's without hashing ten thousand places again.
   */
  seen?: readonly ArticleKeys[];
  /** Each article's position in the site's order, by slug (made when first needed). */
  positions?: Map<string, number>;
}

/** What a source's, tag's or author's feed is made from (pipeline/site-model.ts makes it). */
export interface TermFeedPlan {
  /** The term's first page (`tags/<slug>/index.html`). */
  page: string;
  heading: string;
  slugs: string[];
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
  const ordered = (previous && inLastOrder(published, previous)) ?? bySiteOrderOf(published);
  const now = options.now;
  if (now !== undefined) {
    for (const a of ordered) {
      if (a.instant === null || a.instant <= now) continue;
      const future = futureWarning(a, a.instant, now);
      if (future) warnings.push(future);
    }
  }

  const settings = JSON.stringify([site, options.pageSize ?? 20]);
  const known = keysAfterEdit(previous, ordered, settings);
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
  lists.seen = ordered.map((a) => a.keys);
  if (positions && lists.placesKey === keys.placesKey) lists.positions = positions;
  const pages: Page[] = [...lists.index];
  for (const article of ordered) {
    let page = lists.articlePages.get(article);
    if (!page) {
      page = lazyArticlePage(article, site);
      lists.articlePages.set(article, page);
    }
    pages.push(page);
  }
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
  return { ok: true, pages: { model, ordered, lists } };
}

/** The articles in the site's order. */
function bySiteOrderOf(articles: readonly SiteArticle[]): SiteArticle[] {
  const sorted = articles.map((a) => ({ a, t: a.instant, slug: a.slug }));
  sorted.sort(bySiteOrder);
  return sorted.map(({ a }) => a);
}

/**
 * The articles in the order of the last lists' front page (every shown article, in the
 * site's order) when they are the same articles and that is still the site's order (an
 * edit rarely moves one): a pass instead of a sort. Null when it is not.
 */
function inLastOrder(articles: readonly SiteArticle[], last: SiteLists): SiteArticle[] | null {
  const positions = (last.positions ??= positionsOf(last));
  if (positions.size !== articles.length) return null;
  const order = new Array<SiteArticle>(articles.length);
  for (const a of articles) {
    const i = positions.get(a.slug);
    if (i === undefined || order[i] !== undefined) return null;
    order[i] = a;
  }
  for (let i = 1; i < order.length; i++) {
    const x = order[i - 1] as SiteArticle;
    const y = order[i] as SiteArticle;
    if (bySiteOrder({ t: x.instant, slug: x.slug }, { t: y.instant, slug: y.slug }) >= 0)
      return null;
  }
  return order;
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
): { key: string; placesKey: string; settings: string } | null {
  const seen = previous?.seen;
  if (!previous || !seen || seen.length !== ordered.length || previous.settings !== settings)
    return null;
  let changed = "";
  for (let i = 0; i < seen.length; i++) {
    const was = seen[i] as ArticleKeys;
    const now = (ordered[i] as SiteArticle).keys;
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
 * The last list pages with the articles in the same places but some teasers changed (an
 * edit of a headline or a first paragraph): only the pages showing a changed teaser are
 * made again, with their new signature; the others read no view.
 */
function withTeasers(
  last: SiteLists,
  key: string,
  ordered: readonly SiteArticle[],
  bySlug: (slug: string) => SiteArticle,
): SiteLists {
  // The teasers as the new pages show them (the last lists' stay as they were: lists are
  // values). An article whose keys are the very ones seen is not looked at.
  const teasers = last.teasers.slice();
  const changed: string[] = [];
  const seen = last.seen;
  const aligned = seen?.length === ordered.length;
  for (let i = 0; i < ordered.length; i++) {
    const a = ordered[i] as SiteArticle;
    if ((aligned && seen[i] === a.keys) || teasers[i] === a.keys.teaserSig) continue;
    teasers[i] = a.keys.teaserSig;
    changed.push(a.slug);
  }
  const pages = [...last.index, ...last.rest];
  const pagesOf = last.pagesOf ?? pagesByArticle(pages);
  for (const slug of changed) {
    for (const i of pagesOf.get(slug) ?? []) {
      const page = pages[i] as Page;
      const slugs = page.slugs as string[];
      const sig = listPageSig(page, (s) => bySlug(s).keys.teaserSig);
      if (sig === page.sig) continue;
      const articles = slugs.map((s) => bySlug(s).view);
      const { lead, others } = leadOf(page, articles);
      pages[i] = { ...plainPage(page), articles, ...(lead ? { lead, others } : {}), sig };
    }
  }
  const n = last.index.length;
  return { ...last, key, index: pages.slice(0, n), rest: pages.slice(n), teasers, pagesOf };
}

/** Each article's list pages (positions in `pages`), by its slug. */
function pagesByArticle(pages: readonly Page[]): Map<string, number[]> {
  const pagesOf = new Map<string, number[]>();
  pages.forEach((page, i) => {
    for (const slug of page.slugs ?? []) {
      const list = pagesOf.get(slug);
      if (list) list.push(i);
      else pagesOf.set(slug, [i]);
    }
  });
  return pagesOf;
}

/** The front page's lead story and the others (see makeLists), for a page that has one. */
function leadOf(page: Page, articles: ArticleView[]): Pick<Page, "lead" | "others"> {
  if (page.leadSlug === undefined) return {};
  const lead = articles.find((a) => a.slug === page.leadSlug);
  return { lead, others: articles.filter((a) => a !== lead) };
}

/** A page's own data without the views of its articles (what the build cache keeps of it). */
function plainPage(page: Page): Page {
  const plain: Record<string, unknown> = {};
  // Field by field, the views' fields left unread: on restored pages they are getters.
  for (const field of Object.keys(page) as (keyof Page)[]) {
    if (!VIEW_FIELDS.has(field)) plain[field] = page[field];
  }
  return plain as unknown as Page;
}
const VIEW_FIELDS = new Set<keyof Page>(["articles", "lead", "others", "article", "text"]);

/** The list pages as the build cache keeps them: every page's data, its articles by slug. */
export interface StoredLists {
  key: string;
  placesKey: string;
  settings: string;
  /** How many of `pages` are the front page's. */
  index: number;
  pages: Page[];
  termFeeds: TermFeedPlan[];
  /** SiteLists' `teasers`. */
  teasers: string[];
}

export function storeLists(lists: SiteLists): StoredLists {
  const { key, placesKey, settings, termFeeds } = lists;
  const pages = [...lists.index, ...lists.rest].map(plainPage);
  const { teasers } = lists;
  return { key, placesKey, settings, index: lists.index.length, pages, termFeeds, teasers };
}

/**
 * Lists from the build cache. A page's articles (named by slug) are this build's views,
 * read when the page is made: a build that writes none of them reads no view for them.
 */
export function restoreLists(stored: StoredLists): SiteLists {
  const restored = {
    viewOf: (_slug: string): ArticleView => {
      throw new Error("restored lists used before buildPages");
    },
  };
  const pages = stored.pages.map((page) => withViews(page, (slug) => restored.viewOf(slug)));
  return {
    key: stored.key,
    placesKey: stored.placesKey,
    settings: stored.settings,
    termFeeds: stored.termFeeds,
    teasers: stored.teasers,
    articlePages: new WeakMap(),
    index: pages.slice(0, stored.index),
    rest: pages.slice(stored.index),
    restored,
  };
}

/**
 * A list page (its articles named by `slugs`, its lead by `leadSlug`) whose `articles`, `lead`
 * and `others` are the views `viewOf` gives, read when first asked for: a page that is not
 * made anew reads none.
 */
function withViews(page: Page, viewOf: (slug: string) => ArticleView): Page {
  const slugs = page.slugs;
  if (slugs === undefined) return page;
  let articles: ArticleView[] | undefined;
  const views = () => {
    articles ??= slugs.map(viewOf);
    return articles;
  };
  const lazy = { ...page };
  Object.defineProperty(lazy, "articles", { get: views, enumerable: true });
  if (page.leadSlug !== undefined) {
    Object.defineProperty(lazy, "lead", {
      get: () => leadOf(page, views()).lead,
      enumerable: true,
    });
    Object.defineProperty(lazy, "others", {
      get: () => leadOf(page, views()).others,
      enumerable: true,
    });
  }
  return lazy;
}

/** An article's page, its view read only when the page is written (or its data asked for). */
function lazyArticlePage(a: SiteArticle, site: SiteInfo): Page {
  let page: Page | undefined;
  const whole = () => {
    page ??= articlePage(a.view, a.text, site);
    return page;
  };
  // Own getters (Handlebars reads own properties only), in a literal: ten thousand are made.
  return {
    kind: "article",
    path: `${a.slug}/index.html`,
    sig: a.keys.sig,
    get root() {
      return whole().root;
    },
    get title() {
      return whole().title;
    },
    get heading() {
      return whole().heading;
    },
    get description() {
      return whole().description;
    },
    get canonical() {
      return whole().canonical;
    },
    get article() {
      return whole().article;
    },
    text: a.text,
  };
}

/** The list pages of `articles` (see SiteLists). */
function makeLists(
  keys: { key: string; placesKey: string; settings: string },
  articles: readonly SiteArticle[],
  site: SiteInfo,
  options: SiteOptions,
  bySlug: (slug: string) => SiteArticle,
  previous?: SiteLists,
): SiteLists {
  const teasers = articles.map((a) => a.keys.teaserSig);
  // Made of the articles' keys: a page's views are read when it is made (withViews).
  const viewOf = (slug: string) => bySlug(slug).view;
  // Articles' own pages depend on the settings and their view alone: kept while those hold.
  const articlePages =
    previous?.settings === keys.settings ? previous.articlePages : new WeakMap<SiteArticle, Page>();
  const { lang, strings, baseUrl } = site;
  const abs = (path: string) => (baseUrl === null ? null : baseUrl + prettyPath(path));
  const pages: Page[] = [];
  const listPages = (
    items: readonly SiteArticle[],
    base: string,
    heading: (n: number) => string,
    description: string,
    feed?: string,
  ) => {
    for (const slice of paginate(items, options.pageSize ?? 20, base)) {
      const h = heading(slice.number);
      // The front page leads with one story, large: the newest marked `Головне: так` among
      // its first page's, else the newest. The others keep their order below it.
      const front = base === "" && slice.number === 1 && slice.items.length > 0;
      const lead = front ? (slice.items.find((a) => a.keys.featured) ?? slice.items[0]) : undefined;
      const page: Page = {
        kind: base === "" ? "index" : "list",
        slugs: slice.items.map((a) => a.slug),
        ...(lead ? { leadSlug: lead.slug } : {}),
        path: slice.path,
        root: rootFor(slice.path),
        title: base === "" && slice.number === 1 ? site.title : `${h} — ${site.title}`,
        heading: h,
        description,
        canonical: abs(slice.path),
        ...(feed === undefined ? {} : { feed }),
        sig: "",
        pagination: {
          number: slice.number,
          total: slice.total,
          label: fill(strings.pageN, { n: slice.number }),
          prev: slice.prev,
          next: slice.next,
        },
      };
      page.sig = listPageSig(page, (slug) => bySlug(slug).keys.teaserSig);
      pages.push(withViews(page, viewOf));
    }
  };
  const withPage = (title: string, n: number) =>
    n === 1 ? title : `${title}, ${fill(strings.pageN, { n }).toLowerCase()}`;

  listPages(articles, "", (n) => withPage(strings.latestNews, n), site.description);
  const index = pages.splice(0);
  const taxonomies = [
    {
      dir: "sources",
      names: (a: SiteArticle) => (a.keys.source === null ? [] : [a.keys.source]),
      title: strings.sourceTitle,
      all: strings.allSources,
    },
    {
      dir: "tags",
      names: (a: SiteArticle) => a.keys.tags,
      title: strings.tagTitle,
      all: strings.allTags,
    },
    {
      dir: "authors",
      names: (a: SiteArticle) => (a.keys.author === null ? [] : [a.keys.author]),
      title: strings.authorTitle,
      all: strings.allAuthors,
    },
  ];
  // A name's slug, as the views link it (termLink), made once per name.
  const links = new Map<string, { name: string; slug: string }>();
  const linkOf = (name: string) => {
    let link = links.get(name);
    if (!link) {
      link = { name, slug: termSlug(name) };
      links.set(name, link);
    }
    return link;
  };
  const termFeeds: TermFeedPlan[] = [];
  for (const tax of taxonomies) {
    const terms = groupByTerm(articles, (a) => tax.names(a).map(linkOf), LOCALES[lang].intl);
    const views: TermView[] = [];
    for (const term of terms) {
      const base = `${tax.dir}/${term.slug}/`;
      const heading = fill(tax.title, { name: term.name });
      const feed = baseUrl === null ? undefined : termFeedPath(`${base}index.html`);
      listPages(
        term.items,
        base,
        (n) => withPage(heading, n),
        `${heading}: ${formatCount(term.items.length, strings.articles, lang)}`,
        feed,
      );
      if (feed !== undefined)
        termFeeds.push({
          page: `${base}index.html`,
          heading,
          slugs: term.items.map((a) => a.slug),
        });
      views.push({
        name: term.name,
        slug: term.slug,
        path: `${base}index.html`,
        count: term.items.length,
        countText: formatCount(term.items.length, strings.articles, lang),
      });
    }
    const path = `${tax.dir}/index.html`;
    pages.push({
      kind: "terms",
      path,
      root: rootFor(path),
      title: `${tax.all} — ${site.title}`,
      heading: tax.all,
      description: `${tax.all}: ${site.title}`,
      canonical: abs(path),
      terms: views,
      sig: signature(views.map((v) => `${v.name}\0${v.path}\0${v.count}`).join("\n")),
    });
  }
  // The search page; its index is among the files below (search.ts).
  const searchPath = `${SEARCH_DIR}/index.html`;
  pages.push({
    kind: "search",
    path: searchPath,
    root: rootFor(searchPath),
    title: `${strings.search} — ${site.title}`,
    heading: strings.search,
    description: strings.searchDescription,
    canonical: abs(searchPath),
    sig: "",
  });
  // 404.html is served for any missing address, at any depth: relative links would break,
  // so it links from the site's path on its host (the baseUrl's path, `/` without one).
  pages.push({
    kind: "notFound",
    path: "404.html",
    root: sitePath(baseUrl),
    title: `${strings.notFoundTitle} — ${site.title}`,
    heading: strings.notFoundTitle,
    description: strings.notFoundText,
    canonical: null,
    sig: "",
  });
  return { ...keys, index, rest: pages, articlePages, termFeeds, teasers };
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

/**
 * A list page's signature: its heading, its place among its pages, and what it shows of each
 * article (`teaserSig` gives an article's by its slug).
 */
export function listPageSig(page: Page, teaserSig: (slug: string) => string): string {
  const n = page.pagination;
  let teasers = (page.slugs ?? []).map(teaserSig).join(",");
  if (page.leadSlug !== undefined) teasers = `${page.leadSlug}+${teasers}`;
  return signature(`${page.heading}\0${page.description}\0${n?.number}/${n?.total}\0${teasers}`);
}
