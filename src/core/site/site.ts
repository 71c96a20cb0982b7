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
  ArticleView,
  Page,
  SiteArticle,
  SiteInfo,
  SiteModel,
  SiteOptions,
  TermView,
} from "./model.js";
import { paginate } from "./paginate.js";
import { groupByTerm } from "./taxonomy.js";

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
  /** The article each view was made from. */
  byView: Map<ArticleView, SiteArticle>;
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
  /** Each article's own page, by its view, made with these settings (reused while they hold). */
  articlePages: WeakMap<ArticleView, Page>;
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
  const problems = checkSlugs(published);
  if (problems.length > 0) return { ok: false, problems };

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

  const byView = new Map<ArticleView, SiteArticle>();
  const views = published.map((a) => ({ a, view: a.view, t: a.view.instant, slug: a.slug }));
  views.sort(bySiteOrder);
  const articles = views.map(({ a, view, t }) => {
    byView.set(view, a);
    if (t !== null) {
      const future = futureWarning(a, t, options.now);
      if (future) warnings.push(future);
    }
    return view;
  });

  const keys = listsKey(articles, site, options);
  const lists =
    previous?.key === keys.key
      ? previous
      : previous?.placesKey === keys.placesKey
        ? withTeasers(previous, keys.key, articles)
        : makeLists(keys, articles, site, options, previous);
  const pages: Page[] = [...lists.index];
  for (const article of articles) {
    let page = lists.articlePages.get(article);
    if (!page) {
      page = articlePage(article, (byView.get(article) as SiteArticle).text, site);
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
  const model: SiteModel = { site, articles, pages, files: [], warnings, notes, sig };
  return { ok: true, pages: { model, byView, lists } };
}

/**
 * What the list pages depend on, as two signatures: `placesKey`, the site's settings and
 * each shown article's place (its slug, date, source and tags, in the site's order), and
 * `key`, that and what each teaser says.
 */
function listsKey(
  articles: readonly ArticleView[],
  site: SiteInfo,
  options: SiteOptions,
): { key: string; placesKey: string; settings: string } {
  const settings = JSON.stringify([site, options.pageSize ?? 20]);
  const places: string[] = [settings];
  const teasers: string[] = [];
  for (const a of articles) {
    let place = placeOf.get(a);
    if (place === undefined) {
      // A draft's place: a --drafts build keeps it out of the sitemaps.
      place = `${a.slug}\0${a.published}\0${a.source?.name ?? ""}\0${a.draft ? "d" : ""}`;
      // The author's pages list it; the sitemaps date its page by its update.
      place += `\0${a.author?.name ?? ""}\0${a.updated ?? ""}`;
      for (const t of a.tags) place += `\0${t.name}`;
      placeOf.set(a, place);
    }
    places.push(place);
    teasers.push(a.teaserSig);
  }
  const placesKey = signature(places.join("\n"));
  return { settings, placesKey, key: signature(`${placesKey}\n${teasers.join("\n")}`) };
}
/** An article's place in the lists, as listsKey writes it (views are immutable values). */
const placeOf = new WeakMap<ArticleView, string>();

/**
 * The last list pages with the articles in the same places but some teasers changed (an
 * edit of a headline or a first paragraph): only the pages showing a changed teaser are
 * made again, with their new signature.
 */
function withTeasers(last: SiteLists, key: string, articles: readonly ArticleView[]): SiteLists {
  const bySlug = new Map<string, ArticleView>();
  for (const a of articles) bySlug.set(a.slug, a);
  const refresh = (page: Page): Page => {
    const items = page.articles;
    const lead = page.lead;
    if (!items?.some((a) => bySlug.get(a.slug) !== a)) return page;
    const fresh: Page = { ...page, articles: items?.map((a) => bySlug.get(a.slug) ?? a) };
    if (lead) fresh.lead = bySlug.get(lead.slug) ?? lead;
    if (page.others) fresh.others = page.others.map((a) => bySlug.get(a.slug) ?? a);
    fresh.sig = listPageSig(fresh);
    return fresh;
  };
  return { ...last, key, index: last.index.map(refresh), rest: last.rest.map(refresh) };
}

/** The list pages of `articles` (see SiteLists). */
function makeLists(
  keys: { key: string; placesKey: string; settings: string },
  articles: ArticleView[],
  site: SiteInfo,
  options: SiteOptions,
  previous: SiteLists | undefined,
): SiteLists {
  // Articles' own pages depend on the settings and their view alone: kept while those hold.
  const articlePages =
    previous?.settings === keys.settings ? previous.articlePages : new WeakMap<ArticleView, Page>();
  const { lang, strings, baseUrl } = site;
  const abs = (path: string) => (baseUrl === null ? null : baseUrl + prettyPath(path));
  const pages: Page[] = [];
  const listPages = (
    items: ArticleView[],
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
      const lead = front ? (slice.items.find((a) => a.featured) ?? slice.items[0]) : undefined;
      const page: Page = {
        kind: base === "" ? "index" : "list",
        path: slice.path,
        root: rootFor(slice.path),
        title: base === "" && slice.number === 1 ? site.title : `${h} — ${site.title}`,
        heading: h,
        description,
        canonical: abs(slice.path),
        articles: slice.items,
        ...(feed === undefined ? {} : { feed }),
        ...(lead ? { lead, others: slice.items.filter((a) => a !== lead) } : {}),
        sig: "",
        pagination: {
          number: slice.number,
          total: slice.total,
          label: fill(strings.pageN, { n: slice.number }),
          prev: slice.prev,
          next: slice.next,
        },
      };
      page.sig = listPageSig(page);
      pages.push(page);
    }
  };
  const withPage = (title: string, n: number) =>
    n === 1 ? title : `${title}, ${fill(strings.pageN, { n }).toLowerCase()}`;

  listPages(articles, "", (n) => withPage(strings.latestNews, n), site.description);
  const index = pages.splice(0);
  const taxonomies = [
    {
      dir: "sources",
      names: (a: ArticleView) => (a.source ? [a.source] : []),
      title: strings.sourceTitle,
      all: strings.allSources,
    },
    {
      dir: "tags",
      names: (a: ArticleView) => a.tags,
      title: strings.tagTitle,
      all: strings.allTags,
    },
    {
      dir: "authors",
      names: (a: ArticleView) => (a.author ? [a.author] : []),
      title: strings.authorTitle,
      all: strings.allAuthors,
    },
  ];
  const termFeeds: TermFeedPlan[] = [];
  for (const tax of taxonomies) {
    const terms = groupByTerm(articles, tax.names, LOCALES[lang].intl);
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
  return { ...keys, index, rest: pages, articlePages, termFeeds };
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

/** A list page's signature: its heading, its place among its pages, and what it shows of each article. */
export function listPageSig(page: Page): string {
  const n = page.pagination;
  let teasers = (page.articles ?? []).map((a) => a.teaserSig).join(",");
  if (page.lead) teasers = `${page.lead.slug}+${teasers}`;
  return signature(`${page.heading}\0${page.description}\0${n?.number}/${n?.total}\0${teasers}`);
}
