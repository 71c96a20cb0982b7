/**
 * Text → a safe path segment: lowercase ASCII letters, digits and single
 * hyphens, never empty, never `.`/`..`, never a Windows device name, capped in
 * length. Cyrillic follows Ukraine's official 2010 transliteration table
 * (Cabinet of Ministers resolution No. 55), so `Умєров` → `umierov`.
 */

import { withoutAnyFormatCharacters } from "./unicode.js";

const MAX_SLUG = 80;

// Ukrainian letters; the first form is used at the start of a word, the second elsewhere.
const UK: Record<string, string | [string, string]> = {
  а: "a",
  б: "b",
  в: "v",
  г: "h",
  ґ: "g",
  д: "d",
  е: "e",
  є: ["ye", "ie"],
  ж: "zh",
  з: "z",
  и: "y",
  і: "i",
  ї: ["yi", "i"],
  й: ["y", "i"],
  к: "k",
  л: "l",
  м: "m",
  н: "n",
  о: "o",
  п: "p",
  р: "r",
  с: "s",
  т: "t",
  у: "u",
  ф: "f",
  х: "kh",
  ц: "ts",
  ч: "ch",
  ш: "sh",
  щ: "shch",
  ь: "",
  ю: ["yu", "iu"],
  я: ["ya", "ia"],
  // Russian letters that Ukrainian lacks (headlines and sources are sometimes Russian).
  ы: "y",
  э: "e",
  ё: ["yo", "io"],
  ъ: "",
};
// Apostrophes inside a word are dropped and do not start a new word (`Знам'янка` → `znamianka`).
const APOSTROPHES = new Set(["'", "’", "ʼ", "`", "‘"]);
// Latin letters that NFKD does not take apart.
const LATIN: Record<string, string> = {
  ł: "l",
  ø: "o",
  æ: "ae",
  œ: "oe",
  ß: "ss",
  đ: "d",
  ı: "i",
  þ: "th",
  ð: "d",
};
const WINDOWS_DEVICES = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/;

/** Transliterate Cyrillic to Latin (lowercase) with the official Ukrainian table. */
export function transliterate(text: string): string {
  const s = text.toLowerCase();
  let out = "";
  let prevIsLetter = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    if (ch === "з" && s[i + 1] === "г") {
      // `зг` is `zgh`, so that it is not read as `ж`.
      out += "zgh";
      i++;
      prevIsLetter = true;
      continue;
    }
    const mapped = UK[ch];
    if (mapped !== undefined) {
      out += typeof mapped === "string" ? mapped : mapped[prevIsLetter ? 1 : 0];
      prevIsLetter = true;
    } else if (APOSTROPHES.has(ch)) {
      // inside a word: keeps prevIsLetter as it is
    } else {
      out += LATIN[ch] ?? ch;
      prevIsLetter = /\p{L}/u.test(ch);
    }
  }
  return out;
}

/**
 * A slug for `text`, or "" when nothing usable is left (the caller picks a fallback).
 * The result is always a single safe path segment. The text is composed (NFC) and its
 * invisible format characters dropped first, so `Край` typed or saved decomposed, or a name
 * with a soft hyphen, gives the slug it looks like it should.
 */
export function slugify(text: string): string {
  return capped(uncut(text));
}

/**
 * A slug for a source or tag name that no other name shares unless the two differ only in
 * case, spacing or punctuation (`Міська рада`, `міська рада.`), or "" when nothing usable is
 * left. Where the slug cannot carry the whole name (cut at 80 characters, or letters with no
 * Latin form dropped) a short hash of the whole name ends it, so two long names that differ
 * only past the cut get pages of their own. It depends on the name alone: the same whatever
 * other names or files the site has, and whatever their order.
 */
export function distinctSlug(name: string): string {
  const slug = uncut(name);
  if (slug === "") return "";
  // The name as compared: letters and digits of any script, the rest a hyphen.
  const whole = latinized(name)
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "");
  if (whole === slug && slug.length <= MAX_SLUG) return capped(slug);
  const suffix = `-${fnv1a(whole).toString(36)}`;
  return `${cut(slug, MAX_SLUG - suffix.length)}${suffix}`;
}

/** Composed, invisible characters dropped, transliterated, marks taken off: lowercase. */
function latinized(text: string): string {
  const clean = withoutAnyFormatCharacters(text.normalize("NFC"));
  return transliterate(clean).normalize("NFKD").replace(/\p{M}/gu, "");
}

/** The slug of `text` before it is capped. */
function uncut(text: string): string {
  return latinized(text)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** A slug cut to at most MAX_SLUG characters and never a Windows device name. */
function capped(slug: string): string {
  const short = cut(slug, MAX_SLUG);
  return WINDOWS_DEVICES.test(short) ? `${short}-1` : short;
}

/** A slug cut to at most `max` characters, at a hyphen when one is in the second half. */
function cut(slug: string, max: number): string {
  if (slug.length <= max) return slug;
  const head = slug.slice(0, max);
  const lastHyphen = head.lastIndexOf("-");
  return (lastHyphen > max / 2 ? head.slice(0, lastHyphen) : head).replace(/-+$/, "");
}

/** A short stable name for text that yields no slug (e.g. only emoji or CJK). */
export function fallbackSlug(text: string): string {
  // Collisions are caught by the site model.
  return `n-${fnv1a(text).toString(36)}`;
}

/** FNV-1a, 32 bits: deterministic and dependency-free. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
