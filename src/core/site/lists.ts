/**
 * The site's list pages: the paginated front page, each source's, tag's and author's
 * pages, their indexes, search and 404. Made from the articles' keys (each page names its
 * articles by slug and reads their views only when it is made), brought up to date after
 * a teaser edit, and kept in the build cache in the form `storeLists` gives. Pure.
 */
import { SEARCH_DIR } from "../search/search-index.js";
import { signature } from "../shared/hash.js";
import { prettyPath, rootFor, sitePath, termFeedPath } from "../shared/paths.js";
import { fill, formatCount, LOCALES } from "../shared/strings.js";
import type {
  ArticleKeys,
  ArticleView,
  Page,
  SiteArticle,
  SiteInfo,
  SiteOptions,
  TermView,
} from "./model.js";
import { paginate } from "./paginate.js";
import { groupByTerm, termSlug } from "./taxonomy.js";

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
  /** How the build that made or last reused these lists ordered its articles (watch keeps it). */
  order?: LastOrder;
}

/** The articles a build was given, and the site's order it put them in. */
export interface LastOrder {
  /** The shown articles as given (in their files' order). */
  input: readonly SiteArticle[];
  /** The same in the site's order. */
  ordered: readonly SiteArticle[];
  /** Where each of `input` is in `ordered`. */
  rank: Int32Array;
  /** Each article's own page, in the site's order. */
  pages?: readonly Page[];
}

/** What a source's, tag's or author's feed is made from (pipeline/site-model.ts makes it). */
export interface TermFeedPlan {
  /** The term's first page (`tags/<slug>/index.html`). */
  page: string;
  heading: string;
  slugs: string[];
}

/**
 * The last list pages with the articles in the same places but some teasers changed (an
 * edit of a headline or a first paragraph): only the pages showing a changed teaser are
 * made again, with their new signature; the others read no view.
 */
export function withTeasers(
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
  // The very article the last build had there (see buildPages) has the keys it had.
  const lastOrdered = aligned ? last.order?.ordered : undefined;
  for (let i = 0; i < ordered.length; i++) {
    const a = ordered[i] as SiteArticle;
    if (lastOrdered?.[i] === a) continue;
    if ((aligned && seen[i] === a.keys) || teasers[i] === a.keys.teaserSig) continue;
    teasers[i] = a.keys.teaserSig;
    changed.push(a.slug);
  }
  const pages = [...last.index, ...last.rest];
  // Which pages show each article: the index watch keeps, or made for all when many changed;
  // for a few (a fresh process's edit) one pass finds their pages, with no map of every slug.
  const index = last.pagesOf ?? (changed.length > FEW_CHANGED ? pagesByArticle(pages) : undefined);
  const pagesOf = index ?? pagesByArticle(pages, new Set(changed));
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
  const lists = { ...last, key, index: pages.slice(0, n), rest: pages.slice(n), teasers };
  // Only an index of every article is kept for the next rebuild.
  if (index) lists.pagesOf = index;
  return lists;
}

/** Above this many changed teasers, withTeasers indexes every article's pages at once. */
const FEW_CHANGED = 16;

/**
 * Make the lists' index of which list pages show each article now, not at the first teaser
 * edit (watch does it while it waits for the first save: 10-15 ms at 10,000 articles).
 */
export function indexListPages(lists: SiteLists): void {
  lists.pagesOf ??= pagesByArticle([...lists.index, ...lists.rest]);
}

/** Each article's list pages (positions in `pages`), by its slug; of those in `only`, if given. */
function pagesByArticle(pages: readonly Page[], only?: ReadonlySet<string>): Map<string, number[]> {
  const pagesOf = new Map<string, number[]>();
  pages.forEach((page, i) => {
    for (const slug of page.slugs ?? []) {
      if (only && !only.has(slug)) continue;
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

/** The list pages of `articles` (see SiteLists). */
export function makeLists(
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
