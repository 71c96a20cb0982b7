/**
 * What `vistka new` and `vistka init` write: a new article to fill in, an example article
 * and a starter config. Pure: the caller gives the time and writes the files.
 */
import { isoWithOffset } from "../shared/dates.js";
import { slugify } from "../shared/slug.js";
import type { Lang } from "../shared/strings.js";

/** The header labels a new file is written with, in the site's language. */
const LABELS: Record<
  Lang,
  { source: string; date: string; author: string; tags: string; draft: string }
> = {
  uk: { source: "Джерело", date: "Дата", author: "Автор", tags: "Теги", draft: "Чернетка: так" },
  en: { source: "Source", date: "Date", author: "Author", tags: "Tags", draft: "Draft: yes" },
};

export interface StarterOptions {
  lang: Lang;
  timeZone: string;
}

/** `2026-12-06` and `2026-12-06 22:40`: the date and minute of `now` in the site's time zone. */
function localNow(now: number, timeZone: string): { day: string; minute: string } {
  const iso = isoWithOffset(now, timeZone);
  return { day: iso.slice(0, 10), minute: `${iso.slice(0, 10)} ${iso.slice(11, 16)}` };
}

/** A headline given on the command line, or why it cannot be one. */
export function checkHeadline(
  headline: string,
): { ok: true; value: string } | { ok: false; message: string } {
  const value = headline.trim();
  if (value === "") return { ok: false, message: "the headline is empty" };
  if (/[\r\n]/.test(value)) return { ok: false, message: "the headline must be one line" };
  return { ok: true, value };
}

/**
 * A new article: `YYYY-MM-DD-<slug>.txt` dated now, its headline, and the header lines to fill
 * in (left empty: the build warns about them until they are). It starts as a draft, so a
 * build that runs before it is written does not publish an empty story.
 */
export function newArticle(
  headline: string,
  now: number,
  options: StarterOptions,
): { name: string; text: string } {
  const { day, minute } = localNow(now, options.timeZone);
  const l = LABELS[options.lang];
  const slug = slugify(headline) || "article";
  const text = [
    headline,
    "",
    `${l.source}: `,
    `${l.date}: ${minute}`,
    `${l.author}: `,
    `${l.tags}: `,
    l.draft,
    "",
    "",
  ].join("\n");
  return { name: `${day}-${slug}.txt`, text };
}

/** The example article `vistka init` writes: every part of the format once, in our own words. */
export function exampleArticle(
  now: number,
  options: StarterOptions,
): { name: string; text: string } {
  const { day, minute } = localNow(now, options.timeZone);
  const l = LABELS[options.lang];
  const lines =
    options.lang === "uk"
      ? [
          "Редакція запустила новий сайт новин",
          "",
          `${l.source}: Редакція`,
          `${l.date}: ${minute}`,
          `${l.tags}: редакція, сайт`,
          "",
          "Це перша стаття сайту: заголовок у першому рядку, далі рядки заголовків, потім текст.",
          "Кожен рядок тексту стає окремим абзацом.",
          "",
          "- Рядки з дефісом на початку стають довідкою до новини.",
          "- Формат описано в документації vistka.",
          "",
          "Після довідки йдуть короткі пов'язані новини, по одній у рядку.",
          "",
        ]
      : [
          "The newsroom launches its new news site",
          "",
          `${l.source}: Newsroom`,
          `${l.date}: ${minute}`,
          `${l.tags}: newsroom, site`,
          "",
          "This is the site's first article: the headline on the first line, then the header lines, then the text.",
          "Each line of text becomes a paragraph of its own.",
          "",
          "- Lines that start with a hyphen become the story's background.",
          "- The format is described in vistka's documentation.",
          "",
          "After the background come short related news items, one per line.",
          "",
        ];
  return { name: `${day}-${slugify(lines[0] as string)}.txt`, text: lines.join("\n") };
}

/** A starter `vistka.config.json`: the settings a newsroom sets first. */
export function starterConfig(options: StarterOptions & { title: string }): string {
  const config = {
    title: options.title,
    lang: options.lang,
    timeZone: options.timeZone,
    in: "articles",
    out: "dist",
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}
