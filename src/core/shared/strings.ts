/**
 * Every word the site's interface shows, per language, in one table, so a
 * site in another language swaps the table and nothing else.
 */

export type Lang = "uk" | "en";

/** Plural forms by Intl.PluralRules category; `other` is required. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

export interface UiStrings {
  siteTitle: string;
  siteDescription: string;
  skipToContent: string;
  home: string;
  sections: string;
  backToHome: string;
  latestNews: string;
  source: string;
  sources: string;
  allSources: string;
  author: string;
  tags: string;
  tag: string;
  allTags: string;
  published: string;
  undated: string;
  /** A draft's mark in lists. */
  draft: string;
  /** The banner of a draft's page (shown only in a --drafts build). */
  draftBanner: string;
  background: string;
  related: string;
  poweredBy: string;
  pagination: string;
  previousPage: string;
  nextPage: string;
  /** `{n}` is the page number. */
  pageN: string;
  /** `{name}` is the source's name. */
  sourceTitle: string;
  /** `{name}` is the tag. */
  tagTitle: string;
  notFoundTitle: string;
  notFoundText: string;
  feeds: string;
  /** The search page: header link and heading, form, and what the page says while searching. */
  search: string;
  searchDescription: string;
  searchLabel: string;
  searchButton: string;
  searchNeedsJs: string;
  searching: string;
  /** `{count}` is the number of articles (with `articles` plural forms), `{q}` the query. */
  searchFound: string;
  /** `{q}` is the query. */
  searchNone: string;
  searchMore: string;
  searchError: string;
  articles: PluralForms;
  // Time, updates and corrections; authors; per-page feeds (issue 18).
  /** Before the time of the last update: `Оновлено 25 листопада, 12:40`. */
  updated: string;
  /** The heading of the correction note at the end of an article. */
  corrections: string;
  authors: string;
  allAuthors: string;
  /** `{name}` is the author's name. */
  authorTitle: string;
  /** The visible link to a source's, tag's or author's own Atom feed. */
  pageFeed: string;
  /** Photos (issue 18): before a photo's credit, `Фото: Іван Петренко`. */
  photoCredit: string;
}

export const STRINGS: Record<Lang, UiStrings> = {
  uk: {
    siteTitle: "Вістка",
    siteDescription: "Новини",
    skipToContent: "Перейти до змісту",
    home: "Головна",
    sections: "Розділи",
    backToHome: "На головну",
    latestNews: "Останні новини",
    source: "Джерело",
    sources: "Джерела",
    allSources: "Усі джерела",
    author: "Автор",
    tags: "Теги",
    tag: "Тег",
    allTags: "Усі теги",
    published: "Опубліковано",
    undated: "Без дати",
    draft: "Чернетка",
    draftBanner: "Чернетка: цю статтю не опубліковано. Її немає у стрічках, мапі сайту й пошуку.",
    background: "Довідка",
    related: "Коротко",
    poweredBy: "Зроблено з vistka",
    pagination: "Сторінки",
    previousPage: "Попередня сторінка",
    nextPage: "Наступна сторінка",
    pageN: "Сторінка {n}",
    sourceTitle: "Новини джерела «{name}»",
    tagTitle: "Новини з тегом «{name}»",
    notFoundTitle: "Сторінку не знайдено",
    notFoundText: "Такої сторінки немає: можливо, її перенесли або адресу введено з помилкою.",
    feeds: "Стрічки новин",
    search: "Пошук",
    searchDescription: "Пошук статей за словами із заголовка, тексту, джерела чи тегів.",
    searchLabel: "Слова для пошуку",
    searchButton: "Шукати",
    searchNeedsJs:
      "Пошук працює з увімкненим JavaScript. Без нього статті можна знайти за джерелами й тегами.",
    searching: "Шукаю…",
    searchFound: "За запитом «{q}»: {count}.",
    searchNone: "За запитом «{q}» нічого не знайдено.",
    searchMore: "Показати ще",
    searchError: "Не вдалося завантажити пошуковий індекс. Оновіть сторінку.",
    articles: { one: "{n} стаття", few: "{n} статті", many: "{n} статей", other: "{n} статті" },
    updated: "Оновлено",
    corrections: "Виправлення",
    authors: "Автори",
    allAuthors: "Усі автори",
    authorTitle: "Автор: {name}",
    pageFeed: "Стрічка цієї сторінки (Atom)",
    photoCredit: "Фото",
  },
  en: {
    siteTitle: "Vistka",
    siteDescription: "News",
    skipToContent: "Skip to content",
    home: "Home",
    sections: "Sections",
    backToHome: "Back to the front page",
    latestNews: "Latest news",
    source: "Source",
    sources: "Sources",
    allSources: "All sources",
    author: "Author",
    tags: "Tags",
    tag: "Tag",
    allTags: "All tags",
    published: "Published",
    undated: "Undated",
    draft: "Draft",
    draftBanner:
      "Draft: this article is not published. It is left out of the feeds, the sitemap and search.",
    background: "Background",
    related: "In brief",
    poweredBy: "Made with vistka",
    pagination: "Pages",
    previousPage: "Previous page",
    nextPage: "Next page",
    pageN: "Page {n}",
    sourceTitle: "News from {name}",
    tagTitle: "News tagged “{name}”",
    notFoundTitle: "Page not found",
    notFoundText: "There is no such page: it may have moved, or the address has a typo.",
    feeds: "News feeds",
    search: "Search",
    searchDescription: "Search the articles by words of the headline, text, source or tags.",
    searchLabel: "Search for",
    searchButton: "Search",
    searchNeedsJs:
      "Search needs JavaScript. Without it, find articles through the sources and tags pages.",
    searching: "Searching…",
    searchFound: "{count} found for “{q}”.",
    searchNone: "Nothing found for “{q}”.",
    searchMore: "Show more",
    searchError: "The search index could not be loaded. Reload the page.",
    articles: { one: "{n} article", other: "{n} articles" },
    updated: "Updated",
    corrections: "Corrections",
    authors: "Authors",
    allAuthors: "All authors",
    authorTitle: "Articles by {name}",
    pageFeed: "This page's feed (Atom)",
    photoCredit: "Photo",
  },
};

/** BCP 47 tags for Intl, and Open Graph locales. */
export const LOCALES: Record<Lang, { intl: string; og: string }> = {
  uk: { intl: "uk", og: "uk_UA" },
  en: { intl: "en-GB", og: "en_GB" },
};

const dateFormats = new Map<Lang, Intl.DateTimeFormat>();
const pluralRules = new Map<Lang, Intl.PluralRules>();

/**
 * A calendar date in the language's long form, without Intl's `р.` suffix:
 * `24 листопада 2023`, `24 November 2023`. Takes the local Y-M-D already resolved.
 */
export function formatLongDate(ymd: string, lang: Lang): string {
  const key = `${lang}${ymd}`;
  let text = longDates.get(key);
  if (text === undefined) {
    text = computeLongDate(ymd, lang);
    if (longDates.size > 50_000) longDates.clear();
    longDates.set(key, text);
  }
  return text;
}

const longDates = new Map<string, string>();

function computeLongDate(ymd: string, lang: Lang): string {
  let f = dateFormats.get(lang);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALES[lang].intl, {
      day: "numeric",
      month: "long",
      year: "numeric",
      timeZone: "UTC",
    });
    dateFormats.set(lang, f);
  }
  const [y, m, d] = ymd.split("-").map(Number) as [number, number, number];
  const parts = f.formatToParts(Date.UTC(y, m - 1, d, 12));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("day")} ${get("month")} ${get("year")}`;
}

/**
 * A local date and time as readers see it: `24 листопада 2026, 10:15`, or without the year
 * (`25 листопада, 12:40`) when `withYear` is false; `hhmm` null for a date alone.
 */
export function formatDateTime(
  ymd: string,
  hhmm: string | null,
  lang: Lang,
  withYear = true,
): string {
  let date = formatLongDate(ymd, lang);
  // The year is the long form's last word (`24 листопада 2026`, `24 November 2026`).
  if (!withYear) date = date.slice(0, date.lastIndexOf(" "));
  return hhmm === null ? date : `${date}, ${hhmm}`;
}

/** `1 стаття`, `2 статті`, `5 статей`: the count with the right plural form. */
export function formatCount(n: number, forms: PluralForms, lang: Lang): string {
  let rules = pluralRules.get(lang);
  if (!rules) {
    rules = new Intl.PluralRules(LOCALES[lang].intl);
    pluralRules.set(lang, rules);
  }
  return (forms[rules.select(n)] ?? forms.other).replace("{n}", String(n));
}

/** Fill `{name}` style placeholders. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}
