/**
 * One article as pages, lists, feeds and search see it: its view (what lists
 * show, with signatures telling what an edit changed) and its text as safe HTML.
 * Pure; the pipeline keeps each article's view with its source file, so a rebuild
 * makes views only of the articles that changed.
 */

import type { Article } from "../article/parse.js";
import type { PreparedDocument, SearchArticle } from "../search/search-index.js";
import { instantOf, isoWithOffset } from "../shared/dates.js";
import { signature } from "../shared/hash.js";
import { inlineHtml, plainText, truncateAtWord } from "../shared/html.js";
import { LANGUAGE_SAMPLE, textLanguage } from "../shared/language.js";
import { prettyPath } from "../shared/paths.js";
import { formatDateTime, type UiStrings } from "../shared/strings.js";
import { articleKeys } from "./keys.js";
import type { ArticlePageView, ArticleView, LinkView, SiteArticle, SiteOptions } from "./model.js";
import { termSlug } from "./taxonomy.js";

const SUMMARY_LENGTH = 200;

type ArticleHtml = Pick<
  ArticlePageView,
  "bodyHtml" | "backgroundHtml" | "relatedHtml" | "correctionsHtml"
>;
// Only the newest articles' feed HTML is kept (articles are immutable values).
const feedHtmlCache = new WeakMap<Article, { strings: UiStrings; html: string }>();

/** The article's text as safe HTML, paragraph by paragraph. */
export function articleHtml(a: Article): ArticleHtml {
  return {
    bodyHtml: a.body.map(inlineHtml),
    backgroundHtml: a.background.map(inlineHtml),
    relatedHtml: a.related.map(inlineHtml),
    correctionsHtml: a.corrections.map(inlineHtml),
  };
}

/** The HTML of an article for its feed entry, memoized: watch rebuilds the feeds after every save. */
export function feedHtml(a: Article, strings: UiStrings): string {
  const known = feedHtmlCache.get(a);
  if (known?.strings === strings) return known.html;
  const html = articleContentHtml(articleHtml(a), strings);
  feedHtmlCache.set(a, { strings, html });
  return html;
}

/**
 * The article's full text as HTML for feed readers: body, then the background list, then
 * the corrections (a reader who saw the first version learns what changed).
 */
function articleContentHtml(
  a: Pick<ArticlePageView, "bodyHtml" | "backgroundHtml" | "correctionsHtml">,
  strings: UiStrings,
): string {
  let html = a.bodyHtml.map((p) => `<p>${p}</p>`).join("\n");
  if (a.backgroundHtml.length > 0) {
    html += `\n<h2>${strings.background}</h2>\n<ul>\n${a.backgroundHtml.map((b) => `<li>${b}</li>`).join("\n")}\n</ul>`;
  }
  if (a.correctionsHtml.length > 0) {
    html += `\n<h2>${strings.corrections}</h2>\n${a.correctionsHtml.map((c) => `<p>${c}</p>`).join("\n")}`;
  }
  return html;
}

/** An article as the site takes it, its text at hand (the pipeline may load it lazily instead). */
export function siteArticle(a: Article, options: SiteOptions): SiteArticle {
  return siteArticleOf(a, articleView(a, options));
}

/**
 * An article as the site takes it, from its view made already (on another thread, say),
 * and its search document if that was made too.
 */
export function siteArticleOf(
  a: Article,
  view: ArticleView,
  search?: PreparedDocument,
): SiteArticle {
  return {
    ...(search ? { search } : {}),
    file: a.file,
    slug: a.slug,
    draft: a.draft,
    date: a.date,
    instant: view.instant,
    photos: (a.photos ?? []).map((p) => p.src),
    keys: articleKeys(view),
    view,
    text: () => a,
  };
}

/** The view of an article: what lists, feeds and the search index show of it. */
export function articleView(a: Article, options: SiteOptions): ArticleView {
  const t = a.date === null ? null : instantOf(a.date, options.timeZone);
  const first = a.body[0] ?? a.background[0] ?? "";
  const published = t === null ? null : isoWithOffset(t, options.timeZone);
  // Readers see the calendar date and time in the newsroom's time zone, like the published
  // time; a date written without a time is shown (and marked up) as the date alone.
  const ymd = published?.slice(0, 10) ?? null;
  const timed = a.date !== null && a.date.length > 10;
  const update = updateOf(a.updated, ymd, options);
  const path = `${a.slug}/index.html`;
  const view: ArticleView = {
    slug: a.slug,
    path,
    headline: plainText(a.headline),
    draft: a.draft,
    source: a.source ? termLink("sources", a.source) : null,
    author: a.author ? termLink("authors", a.author) : null,
    tags: a.tags.map((name) => termLink("tags", name)),
    datetime: timed ? published : ymd,
    published,
    instant: t,
    dateText:
      ymd === null
        ? null
        : formatDateTime(ymd, timed ? (published as string).slice(11, 16) : null, options.lang),
    ...update,
    summary: truncateAtWord(plainText(first), SUMMARY_LENGTH),
    lang: otherLanguage(a, options),
    canonical: options.baseUrl === undefined ? null : options.baseUrl + prettyPath(path),
    sig: signature(
      JSON.stringify([
        a.headline,
        a.source,
        a.date,
        a.author,
        a.tags,
        a.body,
        a.background,
        a.related,
        a.draft,
        a.updated,
        a.corrections,
        a.photos ?? [],
        a.featured === true,
      ]),
    ),
    teaserSig: "",
    // The photos' images are the pipeline's to find (withImages): until then, none is shown.
    photos: (a.photos ?? []).map((p) => ({ ...p, image: null })),
    photo: null,
    featured: a.featured === true,
  };
  // What a list shows of the article: a body-only edit leaves its list pages alone.
  view.teaserSig = signature(
    JSON.stringify([
      path,
      view.headline,
      view.source,
      view.author,
      view.datetime,
      view.dateText,
      view.summary,
      view.published,
      view.lang,
      view.draft,
      view.featured,
    ]),
  );
  return view;
}

/** The update's instant, `datetime` and reader's text (see ArticleView), all null without one. */
function updateOf(
  updated: string | null,
  publishedYmd: string | null,
  options: SiteOptions,
): Pick<ArticleView, "updated" | "updatedDatetime" | "updatedText"> {
  if (updated === null) return { updated: null, updatedDatetime: null, updatedText: null };
  const iso = isoWithOffset(instantOf(updated, options.timeZone), options.timeZone);
  const timed = updated.length > 10;
  const ymd = iso.slice(0, 10);
  // "Оновлено 25 листопада, 12:40" under a date that already says the year.
  const withYear = publishedYmd === null || publishedYmd.slice(0, 4) !== ymd.slice(0, 4);
  return {
    updated: iso,
    updatedDatetime: timed ? iso : ymd,
    updatedText: formatDateTime(ymd, timed ? iso.slice(11, 16) : null, options.lang, withYear),
  };
}

/** The language of the article's text, when it is known and not the site's. */
function otherLanguage(a: Article, options: SiteOptions): ArticleView["lang"] {
  let sample = a.headline;
  for (const p of a.body) {
    if (sample.length >= LANGUAGE_SAMPLE) break;
    sample += `\n${p}`;
  }
  const lang = textLanguage(sample);
  return lang === null || lang === options.lang ? null : lang;
}

export function termLink(dir: "sources" | "tags" | "authors", name: string): LinkView {
  const slug = termSlug(name);
  return { name, slug, path: `${dir}/${slug}/index.html` };
}

/**
 * What the search index needs of an article; its text is read only if the index asks. Its
 * text signature is the view's: that signs the paragraphs (and a little more, so an author
 * edit re-reads them once).
 */
export function searchArticle(a: SiteArticle): SearchArticle {
  let found = searchArticles.get(a);
  if (!found) {
    found = new SiteSearchArticle(a);
    searchArticles.set(a, found);
  }
  return found;
}
/** One per article: the index remembers what it computed of each (its key) by the object. */
const searchArticles = new WeakMap<SiteArticle, SearchArticle>();

/**
 * An article as the search index takes it. A class: a build makes one per article, and an
 * object literal with getters and a closure of its own was garbage every young-generation
 * collection of a 10,000-article build copied.
 */
class SiteSearchArticle implements SearchArticle {
  readonly textSig: string;
  // The view's sig signs everything its document is made from (documents are keyed by
  // slug, and other settings make another cache and another watch builder).
  readonly sig: string;
  readonly path: string;

  constructor(private readonly a: SiteArticle) {
    this.textSig = a.keys.sig;
    this.sig = a.keys.sig;
    this.path = `${a.slug}/index.html`;
  }

  /**
   * Read only when the index makes the article's entry anew: an unchanged article's view
   * is not loaded from the build cache for the index.
   */
  get view(): SiteArticle["view"] {
    return this.a.view;
  }

  paragraphs(): string[] {
    const { body, background, related } = this.a.text();
    return [...body, ...background, ...related];
  }

  /** Read when the index takes the document: the pipeline lets go of it after (site-model.ts). */
  get prepared(): SiteArticle["search"] {
    return this.a.search;
  }
}
