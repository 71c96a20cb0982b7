/**
 * The site model's types: what the site layer makes of articles and what the
 * outputs and the renderer read. Types only.
 */
import type { Article } from "../article/parse.js";
import type { PreparedDocument } from "../search/search-index.js";
import type { Problem } from "../shared/errors.js";
import type { TextLanguage } from "../shared/language.js";
import type { OutputFile } from "../shared/output.js";
import type { Lang, UiStrings } from "../shared/strings.js";

export interface SiteOptions {
  title?: string;
  description?: string;
  lang: Lang;
  /** IANA zone in which dates without an offset are read, e.g. `Europe/Kyiv`. */
  timeZone: string;
  /** Articles per list page (default 20). */
  pageSize?: number;
  /** Absolute site URL ending in `/`; without it there are no feeds, sitemaps or canonical links. */
  baseUrl?: string;
  /** Include articles marked as drafts. */
  drafts?: boolean;
  /** The build's reference time (SOURCE_DATE_EPOCH) for the news sitemap; default: the newest article. */
  referenceTime?: number;
  /** The clock, only to warn about future dates (never used in output). */
  now?: number;
  generator?: { name: string; version: string };
  /**
   * Signature of vistka's own code, for the outputs whose signature is known before their
   * content (each source's, tag's and author's feed): a new vistka makes them anew.
   */
  codeSig?: string;
}

/** What templates see as `site`. */
export interface SiteInfo {
  title: string;
  description: string;
  lang: Lang;
  locale: string;
  strings: UiStrings;
  baseUrl: string | null;
  /** Whether feeds exist (they need baseUrl), for `<link rel="alternate">`. */
  hasFeeds: boolean;
}

export interface LinkView {
  name: string;
  slug: string;
  /** Path from the site root. */
  path: string;
}

/** One size of a processed photo: its file (path from the site root) and its pixels. */
export interface ImageVariant {
  path: string;
  width: number;
  height: number;
}

/**
 * A processed photo, as the pipeline found it (src/io/images.ts): every size in WebP and
 * JPEG, smallest first, and the size shared with other sites (og:image, JSON-LD).
 */
export interface ImageView {
  /** The largest size's pixels, for `width`/`height` of `<img>`. */
  width: number;
  height: number;
  webp: ImageVariant[];
  jpeg: ImageVariant[];
  /** The JPEG of 1600 px, or the largest when the photo is smaller. */
  share: ImageVariant;
  /** Signature of the photo's bytes and the processing settings. */
  sig: string;
}

/** A photo of an article: what its header line says, and the processed image once found. */
export interface PhotoView {
  /** The file as written on the header line. */
  src: string;
  line: number;
  alt: string;
  caption: string | null;
  credit: string | null;
  /** Null until the pipeline hands the processed image over (views.ts withImages). */
  image: ImageView | null;
}

/** One article as templates see it: text already made safe HTML where it is markup. */
export interface ArticleView {
  slug: string;
  /** Output path from the site root. */
  path: string;
  /** Plain text: a headline is never markup (it also sits inside links and titles). */
  headline: string;
  /**
   * A draft, shown only in a `--drafts` build: marked in lists and on its page (noindex),
   * and kept out of the feeds, the sitemaps and the search index.
   */
  draft: boolean;
  source: LinkView | null;
  /** The `Автор:`, linked to the author's page (`authors/<slug>/`); null when none is named. */
  author: LinkView | null;
  tags: LinkView[];
  /**
   * `datetime` attribute value, or null when undated: the instant with the site's offset when
   * the date has a time, else the calendar date (`2026-11-24`).
   */
  datetime: string | null;
  /** ISO 8601 with the site's offset, or null. */
  published: string | null;
  /** The same instant in ms since 1970, for sorting; null when undated. */
  instant: number | null;
  /**
   * The date as readers see it, in the site's language and time zone, with the time when the
   * date header has one: `24 листопада 2026, 10:15`.
   */
  dateText: string | null;
  /** When the story was last updated (`Оновлено:`), ISO 8601 with the site's offset; null when never. */
  updated: string | null;
  /** The update's `datetime` attribute value (as `datetime`), or null. */
  updatedDatetime: string | null;
  /** The update as readers see it after "Оновлено": `25 листопада, 12:40` (the year when not the publication's). */
  updatedText: string | null;
  /** The first paragraph as plain text, trimmed at a word. */
  summary: string;
  /**
   * The language of the article's text when it is not the site's (an English article on a
   * Ukrainian site), for the `lang` attribute of its headline and text; null when the same
   * or unknown.
   */
  lang: TextLanguage | null;
  canonical: string | null;
  /** Signature of everything the article's page is made from. */
  sig: string;
  /** Photos whose image was found, the lead first (see withImages). */
  photos: PhotoView[];
  /** The lead photo (the first), on its page, in the lists and on the front page. */
  photo: PhotoView | null;
  /** Marked as the lead story (`Головне: так`): the front page leads with the newest such. */
  featured: boolean;
  /** Signature of what lists show of it (a body-only edit leaves it unchanged). */
  teaserSig: string;
}

/** An article on its own page: the list view plus its text as safe HTML. */
export interface ArticlePageView extends ArticleView {
  bodyHtml: string[];
  backgroundHtml: string[];
  relatedHtml: string[];
  /** The `Виправлення:` lines as safe HTML, shown in a note at the end of the article. */
  correctionsHtml: string[];
}

export type PageKind = "index" | "article" | "list" | "terms" | "notFound" | "search";

export interface PaginationView {
  number: number;
  total: number;
  label: string;
  prev: string | null;
  next: string | null;
}

export interface TermView extends LinkView {
  count: number;
  countText: string;
}

export interface Page {
  kind: PageKind;
  /** Output path from the site root. */
  path: string;
  /** Relative prefix from this page to the site root (`""`, `../`), so links work from any sub-path. */
  root: string;
  title: string;
  /** The page's `h1`. */
  heading: string;
  description: string;
  canonical: string | null;
  article?: ArticleView;
  articles?: ArticleView[];
  /**
   * The front page's first page: its lead story, shown large, and the others (`articles` is
   * all of them, in the site's order, as on every list page).
   */
  lead?: ArticleView;
  others?: ArticleView[];
  pagination?: PaginationView;
  terms?: TermView[];
  /** On a source's, tag's or author's pages with a baseUrl: its Atom feed's path from the site root. */
  feed?: string;
  /** On article pages: the parsed article (read again if need be), made into HTML only when the page is rendered. */
  text?: () => Article;
  /** Signature of the page's data (templates and site settings are added by the renderer). */
  sig: string;
  /** On list pages: the slugs of `articles`, and of `lead` (the build cache keeps these, not views). */
  slugs?: string[];
  leadSlug?: string;
}

export interface SiteModel {
  site: SiteInfo;
  /** The shown articles' views, in the site's order (read when first asked for). */
  articles: ArticleView[];
  /** How many articles the site shows (as `articles.length`, without reading a view). */
  count: number;
  pages: Page[];
  /** Files made without templates: feeds, sitemaps, robots.txt. */
  files: OutputFile[];
  /** Signature of the site-wide settings every page depends on. */
  sig: string;
  warnings: Problem[];
  /** Why some output was skipped, said once in the summary. */
  notes: string[];
}

/**
 * One article as the site takes it: what lists, feeds and the search index show of it
 * (its view), and its text on demand: a build that reuses the last build's work reads an
 * unchanged article again only when one of its files is made anew.
 */
export interface SiteArticle {
  /** The file as the user named it (for warnings and problems). */
  file: string;
  slug: string;
  draft: boolean;
  /** As written (normalized ISO 8601), or null when undated. */
  date: string | null;
  /** The date as an instant in the site's time zone (the view's), for warnings without the view. */
  instant: number | null;
  /** Its photos' files as written on their header lines (the view has the rest of them). */
  photos: string[];
  /**
   * What the site's stages key their results by (see ArticleKeys): a build that finds every
   * key unchanged reads no view but those of the articles whose files it makes.
   */
  keys: ArticleKeys;
  view: ArticleView;
  text: () => Article;
  /**
   * Its search document made with its view (on the thread that read it): the search index
   * then neither reads nor analyses its text. Taken once: the pipeline then lets go of it.
   */
  search?: PreparedDocument | undefined;
}

/**
 * The few facts of an article's view the site's stages are keyed by, small enough for the
 * build cache to keep with each source file: the view itself (a kilobyte) is read only when
 * a page, feed or index entry made from it is made anew.
 */
export interface ArticleKeys {
  /** Its place in the lists: slug, date, source, author, tags, draft, update, lead mark (see placeOf). */
  place: string;
  /** The view's `sig`: everything its own page is made from. */
  sig: string;
  /** The view's `teaserSig`: what lists show of it. */
  teaserSig: string;
  /** The view's `published` and `updated`, for the feeds' and sitemaps' keys. */
  published: string | null;
  updated: string | null;
  /** The names of its source, author and tags, and its lead mark: where the lists show it. */
  source: string | null;
  author: string | null;
  tags: string[];
  featured: boolean;
}

export type SiteResult = { ok: true; model: SiteModel } | { ok: false; problems: Problem[] };
