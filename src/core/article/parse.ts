/**
 * Clean text (from decode.ts) → an Article, or the problems that stop it.
 * The format is positional: headline, header lines, body paragraphs, a run of
 * background bullets, then related briefs. See docs/format.md.
 */

import {
  dateFromFileName,
  instantOf,
  isoWithOffset,
  parseDate,
  whyNotADate,
} from "../shared/dates.js";
import type { Problem } from "../shared/errors.js";
import { RESERVED_SLUGS } from "../shared/paths.js";
import { fallbackSlug, slugify } from "../shared/slug.js";
import { balanceBidi, withoutFormatCharacters } from "../shared/unicode.js";
import { type HeaderKey, headerBlockWarnings, matchHeader, NO, TIME_ONLY, YES } from "./headers.js";
import { type ArticlePhoto, parsePhoto } from "./photos.js";
import {
  BULLET,
  type SourceLine,
  type SplitInfo,
  type SplitMode,
  splitParts,
} from "./split/split.js";

/** The parser's view of one article; `vistka inspect --json` prints exactly this. */
export interface Article {
  /** The file as the user named it (relative path). */
  file: string;
  headline: string;
  source: string | null;
  /** Normalized ISO 8601 (see dates.ts), or null when undated. */
  date: string | null;
  author: string | null;
  tags: string[];
  slug: string;
  draft: boolean;
  body: string[];
  background: string[];
  related: string[];
  /** When the story was last changed (`Оновлено:`), normalized like `date`; null when never. */
  updated: string | null;
  /** What was corrected, one `Виправлення:` line each, in the order written. */
  corrections: string[];
  warnings: Problem[];
  /** Photos from `Фото:` lines, the lead first (optional: articles made by hand may have none). */
  photos?: ArticlePhoto[];
  /** `Головне: так`: the front page's lead story when it is the newest so marked there. */
  featured?: boolean;
  /**
   * Where the briefs begin and why: the method, the line, and the signals weighed (split.ts).
   * parseArticle always sets it; optional so that articles made by hand need not invent one.
   */
  split?: SplitInfo;
}

/** Parser options. */
export interface ParseOptions {
  /** `auto` (default) finds the briefs in files without bullets; `positional` does not. */
  split?: SplitMode;
  /** Compute every signal of the automatic split even where a quick bound settles it (inspect). */
  explain?: boolean;
  /** Warn when the article has no source header (check.ts turns it on unless the config says not). */
  warnNoSource?: boolean;
  /** The site's time zone, to tell whether an update comes before the publication (default UTC). */
  timeZone?: string;
}

export type ParseResult = { ok: true; article: Article } | { ok: false; problems: Problem[] };

export { matchHeader } from "./headers.js";

/**
 * A bullet mark run into its text (`-Text`, `•Text`): meant as a bullet, read as a paragraph.
 * Not `*`, which opens Markdown emphasis, nor a dash before a digit (`-5 °C`).
 */
const UNSPACED_BULLET = /^[-•][\p{L}«"“]/u;

/** True for a background bullet line (after trimming). */
export function isBullet(line: string): boolean {
  return BULLET.test(line);
}

/**
 * Parse one article. `file` is the path shown in problems; its base name gives date and slug.
 * Where the body ends and the briefs begin is split.ts's decision (`options.split`).
 */
export function parseArticle(text: string, file: string, options: ParseOptions = {}): ParseResult {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  // Trim each line: stray spaces, tabs and NBSPs at either end carry no meaning. A bidi
  // control left open would reverse whatever vistka puts after the line's text (` — Вістка`
  // after a headline in <title>): only balanced ones are kept.
  const lines = text.split("\n").map((l) => balanceBidi(l).trim());

  let i = 0;
  while (i < lines.length && lines[i] === "") i++;
  if (i === lines.length) {
    return fail(
      file,
      1,
      "empty file: no headline and no text",
      "write the headline on the first line",
    );
  }
  const headline = lines[i] as string;
  if (matchHeader(headline)) {
    return fail(
      file,
      i + 1,
      "no headline: the first line is a header",
      "put the headline on the first line, then a blank line",
    );
  }
  i++;

  const headers: Partial<Record<HeaderKey, { value: string; line: number }>> = {};
  // The one header that may repeat: a story can be corrected more than once.
  const corrections: { value: string; line: number }[] = [];
  const photos: ArticlePhoto[] = [];
  for (; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === "") continue;
    const h = matchHeader(line);
    if (!h) {
      for (const w of headerBlockWarnings(lines, i, file)) warnings.push(w);
      break;
    }
    if (h.key === "correction") {
      corrections.push({ value: h.value, line: i + 1 });
      continue;
    }
    if (h.key === "photo") {
      // The one header that repeats: one line per photo, the lead first.
      const got = parsePhoto(h.value, file, i + 1);
      if ("problem" in got) problems.push(got.problem);
      else photos.push(got.photo);
      continue;
    }
    if (headers[h.key]) {
      // A repeated label is text, not a header: keep it as the first paragraph rather than drop it.
      warnings.push({ file, line: i + 1, message: `a second "${h.label}" line starts the body` });
      break;
    }
    headers[h.key] = { value: h.value, line: i + 1 };
  }

  const content: SourceLine[] = [];
  for (; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === "") continue;
    content.push({ text: line, line: i + 1 });
    if (UNSPACED_BULLET.test(line)) warnings.push(unspacedBullet(file, i + 1, line));
  }
  const { body, background, related, split, ignoredMarkers } = splitParts(
    headline,
    headers.source?.value || null,
    content,
    options.split ?? "auto",
    options.explain === true,
  );
  for (const line of ignoredMarkers)
    warnings.push({ file, line, message: "second briefs marker ignored" });

  const base = baseName(file);
  let date: string | null = null;
  if (headers.date) {
    date = headerDate(headers.date, file, problems);
  } else {
    date = dateFromFileName(base);
    if (date === null) {
      warnings.push({
        file,
        message: "undated article",
        hint: "add a Date: header or a YYYY-MM-DD- file-name prefix",
      });
    }
  }

  const zone = options.timeZone ?? "UTC";
  const updated = headers.updated ? updateDate(headers.updated, date, zone, file, problems) : null;
  // A date-only update is a day: it is early only when that day is before the publication's.
  const updatedTooEarly =
    updated !== null &&
    date !== null &&
    (updated.length === 10
      ? updated < isoWithOffset(instantOf(date, zone), zone).slice(0, 10)
      : instantOf(updated, zone) < instantOf(date, zone));
  if (updatedTooEarly) {
    // A warning, not an error: the story is still worth publishing, only the update is wrong.
    warnings.push({
      file,
      line: headers.updated?.line,
      message: `the update "${headers.updated?.value}" is before the publication (${date}), so it is left out`,
      hint: "correct the Оновлено: (Updated:) date and time, or remove the line",
    });
  }

  let slug: string;
  if (headers.slug) {
    slug = slugify(headers.slug.value);
    if (slug === "") {
      problems.push({
        file,
        line: headers.slug.line,
        message: "the Slug header has no letters or digits",
        hint: "use Latin letters, digits and hyphens",
      });
    } else if (RESERVED_SLUGS.has(slug)) {
      // Said here, where the line is known; a file name that makes one is the site's to say.
      problems.push({
        file,
        line: headers.slug.line,
        message: `the slug "${slug}" is reserved for the site's own pages`,
        hint: "choose another Slug",
      });
    }
  } else {
    const stem = base.replace(/^\d{4}-\d{2}-\d{2}(?:[-_. ]+|$)/, "");
    slug = slugify(stem) || slugify(headline) || fallbackSlug(base);
  }

  let draft = false;
  if (headers.draft) {
    const v = headers.draft.value.toLowerCase();
    if (YES.has(v)) draft = true;
    else if (!NO.has(v)) {
      problems.push({
        file,
        line: headers.draft.line,
        message: `unclear draft value "${headers.draft.value}"`,
        hint: "write так or ні (yes or no)",
      });
    }
  }

  // A lead-story line is one only with a yes or a no (headers.ts): anything else is text.
  const featured = headers.featured !== undefined && YES.has(headers.featured.value.toLowerCase());

  // A draft is being written: what it still lacks (a source, an author, its text) is not worth
  // a warning on every build until its Чернетка line goes.
  const unfinished = draft ? [] : warnings;
  for (const key of ["source", "author"] as const) {
    const h = headers[key];
    if (h && h.value === "")
      unfinished.push({ file, line: h.line, message: `empty ${key} header` });
  }
  for (const c of corrections)
    if (c.value === "") unfinished.push({ file, line: c.line, message: "empty correction header" });
  if (options.warnNoSource && !headers.source) {
    unfinished.push({
      file,
      message: "no source: the article is published without one",
      hint: 'add a line "Джерело: …" under the headline, or set "warnings": {"noSource": false} in vistka.config.json',
    });
  }
  if (body.length === 0) unfinished.push({ file, message: "the article has no body text" });

  if (problems.length > 0) return { ok: false, problems };
  // Names are compared, grouped and shown: an invisible character would make a twin of one.
  const tags = headers.tags
    ? uniq(
        headers.tags.value
          .split(",")
          .map((t) => withoutFormatCharacters(t).trim())
          .filter(Boolean),
      )
    : [];
  const name = (key: "source" | "author") =>
    withoutFormatCharacters(headers[key]?.value ?? "").trim() || null;
  return {
    ok: true,
    article: {
      file,
      headline,
      source: name("source"),
      date,
      author: name("author"),
      tags,
      slug,
      draft,
      body,
      background,
      related,
      updated: updatedTooEarly ? null : updated,
      corrections: corrections.map((c) => c.value).filter(Boolean),
      warnings,
      photos,
      featured,
      split,
    },
  };
}

/**
 * The normalized `Оновлено:` date: a date as `Дата:` takes it, or a time alone (`12:40`) on
 * the publication's day in the site's time zone; null with a problem when it is neither.
 */
function updateDate(
  h: { value: string; line: number },
  date: string | null,
  zone: string,
  file: string,
  problems: Problem[],
): string | null {
  const time = TIME_ONLY.exec(h.value);
  if (time === null) return headerDate(h, file, problems);
  if (date === null) {
    problems.push({
      file,
      line: h.line,
      message: `the update "${h.value}" is a time without a day, and the article has no date`,
      hint: "write the day too (27.11.2026 12:40), or add a Дата: line",
    });
    return null;
  }
  const day = isoWithOffset(instantOf(date, zone), zone).slice(0, 10);
  const updated = parseDate(`${day}T${(time[1] as string).padStart(2, "0")}:${time[2]}`);
  if (updated === null) {
    problems.push({
      file,
      line: h.line,
      message: `no such time "${h.value}"`,
      hint: "write the time as 12:40 (hours 0–23, minutes 0–59)",
    });
  }
  return updated;
}

/**
 * The normalized date of a date-like header (`Дата:`, `Оновлено:`), or null with a problem
 * naming its line: why it is no date, or the forms vistka reads.
 */
function headerDate(
  h: { value: string; line: number },
  file: string,
  problems: Problem[],
): string | null {
  const date = parseDate(h.value);
  if (date !== null) return date;
  const why = whyNotADate(h.value);
  problems.push({
    file,
    line: h.line,
    message: why ? `no such date "${h.value}": ${why}` : `malformed date "${h.value}"`,
    hint: why
      ? "correct the day, month or time"
      : "use 2026-11-27, 27.11.2026, 27.11.2026 10:15, 2026-11-27T10:15 or 27 листопада 2026",
  });
  return null;
}

/** The warning for a line whose bullet mark runs into its text (`-Text`). */
function unspacedBullet(file: string, line: number, text: string): Problem {
  const mark = text[0] === "-" ? "hyphen" : "bullet";
  const start = text.length > 20 ? `${text.slice(0, 19)}…` : text;
  return {
    file,
    line,
    message: `"${start}" has no space after the ${mark}, so it is not a bullet: it is published as a paragraph, ${mark} and all`,
    hint: `put a space after the ${mark} ("${text[0]} ${text.slice(1, 12)}…") to make it a background bullet`,
  };
}

function fail(file: string, line: number | undefined, message: string, hint: string): ParseResult {
  return {
    ok: false,
    problems: [line === undefined ? { file, message, hint } : { file, line, message, hint }],
  };
}

/** The file name without folders and without its extension. */
function baseName(file: string): string {
  const name = file.slice(Math.max(file.lastIndexOf("/"), file.lastIndexOf("\\")) + 1);
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(0, dot) : name;
}

function uniq(values: string[]): string[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const k = v.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
