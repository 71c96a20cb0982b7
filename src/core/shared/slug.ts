/**
 * Text → a safe path segment: lowercase ASCII letters, digits and single
 * hyphens, never empty, never `.`/`..`, never a Windows device name, capped in
 * length. Cyrillic follows Ukraine's official 2010 transliteration table
 * (Cabinet of Ministers resolution No. 55), so `Умєров` → `umierov`.
 */

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
 * The result is always a single safe path segment.
 */
export function slugify(text: string): string {
  const latin = transliterate(text).normalize("NFKD").replace(/\p{M}/gu, "");
  let slug = latin.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  if (slug.length > MAX_SLUG) {
    const cut = slug.slice(0, MAX_SLUG);
    const lastHyphen = cut.lastIndexOf("-");
    slug = (lastHyphen > MAX_SLUG / 2 ? cut.slice(0, lastHyphen) : cut).replace(/-+$/, "");
  }
  if (WINDOWS_DEVICES.test(slug)) slug = `${slug}-1`;
  return slug;
}

/** A short stable name for text that yields no slug (e.g. only emoji or CJK). */
export function fallbackSlug(text: string): string {
  // FNV-1a: deterministic and dependency-free; collisions are caught by the site model.
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `n-${h.toString(36)}`;
}
