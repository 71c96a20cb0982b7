/**
 * Header lines: the known labels, and the near misses an editor makes in them. A line
 * that is not a known header ends the header block and starts the body (docs/format.md),
 * so a typo (`Джрело: …`), a dash for the colon (`Джерело - …`), a missing colon
 * (`Дата 2026-11-26`) or a headline wrapped onto two lines would silently publish the
 * headers as paragraphs: here those are found, to be said as warnings.
 */
import { parseDate } from "../shared/dates.js";
import type { Problem } from "../shared/errors.js";

export type HeaderKey =
  | "source"
  | "date"
  | "author"
  | "tags"
  | "slug"
  | "draft"
  // Time, updates and corrections (issue 18).
  | "updated"
  | "correction"
  // Photos and the front page (issue 18).
  | "photo"
  | "featured";

/** Known header labels, lowercased: Ukrainian, English and Russian. */
const LABELS: Record<string, HeaderKey> = {
  джерело: "source",
  source: "source",
  источник: "source",
  дата: "date",
  date: "date",
  автор: "author",
  author: "author",
  теги: "tags",
  теґи: "tags",
  tags: "tags",
  slug: "slug",
  слаг: "slug",
  чернетка: "draft",
  draft: "draft",
  черновик: "draft",
  // Time, updates and corrections (issue 18): when the story last changed, and what was corrected.
  оновлено: "updated",
  updated: "updated",
  обновлено: "updated",
  виправлення: "correction",
  correction: "correction",
  исправление: "correction",
  // Photos and the front page's lead: a photo line may be repeated, the first is the lead.
  фото: "photo",
  photo: "photo",
  головне: "featured",
  featured: "featured",
  главное: "featured",
};
/** An `Оновлено:` value that is a time alone (`12:40`): the time of the publication's day. */
export const TIME_ONLY = /^(\d{1,2}):(\d{2})$/;
export const YES = new Set(["так", "yes", "true", "1", "да"]);
export const NO = new Set(["ні", "no", "false", "0", "нет"]);

// `[\s\S]*` rather than `.*`: a value may hold U+2028/U+2029, which `.` does not match.
const HEADER = /^([\p{L}][\p{L} ]{0,24}?)\s*:\s*([\s\S]*)$/u;

/** A header line's key and value, or null when the line is not a known header. */
export function matchHeader(line: string): { key: HeaderKey; label: string; value: string } | null {
  const m = HEADER.exec(line);
  if (!m) return null;
  const label = (m[1] as string).trim();
  const key = LABELS[label.toLowerCase()];
  if (!key) return null;
  const value = (m[2] as string).trim();
  // Newsrooms write "Фото: Марія Бондар" or "Головне: …" in a story's first lines: those stay
  // text. A photo line has a "|" or is a picture's file name, a lead-story line says yes or no.
  if (key === "photo" && !PHOTO_VALUE.test(value)) return null;
  if (key === "featured" && !YES.has(value.toLowerCase()) && !NO.has(value.toLowerCase()))
    return null;
  return { key, label, value };
}
// A picture's file name alone (`tram.jpg`), not a site's (`Фото: pexels.com` is a credit).
const PHOTO_VALUE = /\||^\S+\.(?:jpe?g|png|webp|avif|gif|tiff?|heic|heif|svgz?)$/i;

// The shapes of a header gone wrong, each with a one-word label (longer ones are prose).
const COLON = /^(\p{L}[\p{L}'’ʼ]{0,19})\s*:\s*([\s\S]*)$/u;
const DASH = /^(\p{L}{2,20})\s+[-–—]\s+(\S[\s\S]*)$/u;
const SPACE = /^(\p{L}{2,20})\s+(\S[\s\S]*)$/u;

/** A line that looks like a header but is not one: what was written and what was meant. */
interface Miss {
  /** What the line says is wrong, without the consequence. */
  what: string;
  hint: string;
}

/**
 * The header an editor most likely meant by `line`, when it is one gone wrong; null for a
 * known header and for anything that reads as prose. False alarms are kept rare: a label
 * is one word, close to a known one; without a colon (a dash, or nothing) it counts only
 * before a value of that header's kind (a date, a capitalized name, a yes or no), never a
 * sentence such as "Джерело в уряді повідомило…" or "Дата — ключове питання.".
 */
export function headerMiss(line: string): Miss | null {
  if (matchHeader(line)) return null;
  const colon = COLON.exec(line);
  if (colon) {
    const label = colon[1] as string;
    // A known label before a value not of its kind ("Фото: Марія Бондар") is prose.
    if (LABELS[label.toLowerCase()]) return null;
    const meant = nearestLabel(label);
    if (meant === null) return null;
    return { what: `"${label}" is not a header label`, hint: `did you mean ${meant}?` };
  }
  const dash = DASH.exec(line);
  if (dash) {
    const [, label, value] = dash as unknown as [string, string, string];
    const meant = LABELS[label.toLowerCase()] ? capitalized(label) : nearestLabel(label);
    const key = meant === null ? undefined : LABELS[meant.toLowerCase()];
    if (meant === null || key === undefined || !looksLikeValue(key, value)) return null;
    return {
      what: `"${short(line)}" has a dash where a header has a colon`,
      hint: `did you mean "${meant}: ${short(value)}"?`,
    };
  }
  const space = SPACE.exec(line);
  if (space) {
    const [, label, value] = space as unknown as [string, string, string];
    const key = LABELS[label.toLowerCase()];
    if (key === undefined || !looksLikeValue(key, value)) return null;
    return {
      what: `"${short(line)}" has no colon after "${label}"`,
      hint: `did you mean "${capitalized(label)}: ${short(value)}"?`,
    };
  }
  return null;
}

/**
 * Warnings for the header block's end at line index `at` (0-based, into the trimmed
 * `lines`), where a line that is not a header started the body: a near miss there (and in
 * the lines that follow it while they still look like headers), or a known header right
 * after that line, which the body has swallowed (a headline wrapped onto two lines).
 */
export function headerBlockWarnings(lines: readonly string[], at: number, file: string): Problem[] {
  const warnings: Problem[] = [];
  const first = headerMiss(lines[at] as string);
  if (first === null) {
    const next = nextNonEmpty(lines, at + 1);
    const h = next === null ? null : matchHeader(lines[next] as string);
    if (next !== null && h) {
      warnings.push({
        file,
        line: next + 1,
        message: `this "${h.label}" line is published as body text, because line ${at + 1} above it is not a header`,
        hint: `keep the headline on one line and the headers right after it, or move line ${at + 1} below them`,
      });
    }
    return warnings;
  }
  // The header lines the mistake pushed into the body, and any further near misses among them.
  const misses: { index: number; miss: Miss }[] = [{ index: at, miss: first }];
  let swallowed = 0;
  for (let k = nextNonEmpty(lines, at + 1); k !== null; k = nextNonEmpty(lines, k + 1)) {
    const line = lines[k] as string;
    if (matchHeader(line)) swallowed++;
    else {
      const miss = headerMiss(line);
      if (miss === null) break;
      misses.push({ index: k, miss });
    }
  }
  for (const [n, { index, miss }] of misses.entries()) {
    // Said once, on the first: fixing it brings the headers after it back.
    const after =
      n > 0 || swallowed === 0
        ? "this line is published as body text"
        : `this line and the ${swallowed === 1 ? "header line" : `${swallowed} header lines`} after it are published as body text`;
    warnings.push({ file, line: index + 1, message: `${miss.what}, so ${after}`, hint: miss.hint });
  }
  return warnings;
}

function nextNonEmpty(lines: readonly string[], from: number): number | null {
  for (let k = from; k < lines.length; k++) if (lines[k] !== "") return k;
  return null;
}

/** Whether `value` after a known label without a colon is of that header's kind. */
function looksLikeValue(key: HeaderKey, value: string): boolean {
  if (key === "date") return parseDate(value) !== null || /^\d/.test(value);
  // Wire copy opens paragraphs with "Оновлено 13:24 …": only a date or time alone is a header's.
  if (key === "updated") return parseDate(value) !== null || TIME_ONLY.test(value);
  // A correction is a sentence: without its colon it cannot be told from prose.
  if (key === "correction") return false;
  if (key === "draft" || key === "featured")
    return YES.has(value.toLowerCase()) || NO.has(value.toLowerCase());
  if (key === "slug") return /^[\p{L}\d-]+$/u.test(value);
  if (key === "photo") return PHOTO_VALUE.test(value);
  // A name or a list of tags, not a sentence: a few words, no sentence end.
  const words = value.split(/\s+/).length;
  if (words > 5 || /[.!?…:;]$/.test(value)) return false;
  return key === "tags" ? value.includes(",") || words === 1 : /^[\p{Lu}\d«"“]/u.test(value);
}

/**
 * The known label closest to `label` by edit distance (a letter added, dropped, changed
 * or two swapped), in either alphabet: within 1 for labels of up to five letters, 2 for
 * longer ones. Null when none is that close.
 */
export function nearestLabel(label: string): string | null {
  const word = label.toLowerCase();
  if (word.length < 3) return null;
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const known of Object.keys(LABELS)) {
    const limit = known.length <= 5 ? 1 : 2;
    const d = editDistance(word, known);
    if (d <= limit && d < bestDistance) {
      best = known;
      bestDistance = d;
    }
  }
  return best === null ? null : capitalized(best);
}

/** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  const d: number[][] = Array.from({ length: x.length + 1 }, (_, i) =>
    Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      const row = d[i] as number[];
      const above = d[i - 1] as number[];
      row[j] = Math.min(
        (above[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (above[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1])
        row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
    }
  }
  return (d[x.length] as number[])[y.length] as number;
}

function capitalized(label: string): string {
  const lower = label.toLowerCase();
  return `${(lower[0] as string).toUpperCase()}${lower.slice(1)}`;
}

/** A line or value as quoted in a warning: at most 40 characters. */
function short(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
