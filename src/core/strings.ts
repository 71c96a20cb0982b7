/**
 * Every word the site's interface shows, per language, in one table, so a
 * site in another language swaps the table and nothing else.
 */

export type Lang = "uk" | "en";

export interface UiStrings {
  siteTitle: string;
  siteDescription: string;
  skipToContent: string;
  home: string;
  backToHome: string;
  latestNews: string;
  source: string;
  author: string;
  tags: string;
  published: string;
  undated: string;
  background: string;
  related: string;
  poweredBy: string;
}

export const STRINGS: Record<Lang, UiStrings> = {
  uk: {
    siteTitle: "Вістка",
    siteDescription: "Новини",
    skipToContent: "Перейти до змісту",
    home: "Головна",
    backToHome: "На головну",
    latestNews: "Останні новини",
    source: "Джерело",
    author: "Автор",
    tags: "Теги",
    published: "Опубліковано",
    undated: "Без дати",
    background: "Довідка",
    related: "Коротко",
    poweredBy: "Зроблено з vistka",
  },
  en: {
    siteTitle: "Vistka",
    siteDescription: "News",
    skipToContent: "Skip to content",
    home: "Home",
    backToHome: "Back to the front page",
    latestNews: "Latest news",
    source: "Source",
    author: "Author",
    tags: "Tags",
    published: "Published",
    undated: "Undated",
    background: "Background",
    related: "In brief",
    poweredBy: "Made with vistka",
  },
};

const LOCALES: Record<Lang, string> = { uk: "uk", en: "en-GB" };
const dateFormats = new Map<Lang, Intl.DateTimeFormat>();

/**
 * A calendar date in the language's long form, without Intl's `р.` suffix:
 * `24 листопада 2023`, `24 November 2023`. Takes the local Y-M-D already resolved.
 */
export function formatLongDate(ymd: string, lang: Lang): string {
  let f = dateFormats.get(lang);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALES[lang], {
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
