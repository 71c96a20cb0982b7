/**
 * The language of an article's text, as far as its letters tell: a site in one language
 * may carry articles in another (a Ukrainian site with English wire copy), and a page must
 * say so (WCAG 2.2, 3.1.2 Language of Parts), or a screen reader reads English with
 * Ukrainian sounds. Pure.
 */

/** The languages vistka tells apart: those it has interface strings and labels for. */
export type TextLanguage = "uk" | "en" | "ru";

/** Fewer letters than this say nothing sure about a language. */
const MIN_LETTERS = 20;
/** How many characters are looked at: the headline and the start of the body say enough. */
export const LANGUAGE_SAMPLE = 600;

/** For each character of the Cyrillic block (U+0400–U+04FF): 1 Ukrainian-only letter, 2 Russian-only. */
const CYRILLIC = new Uint8Array(0x100);
for (const l of "іїєґІЇЄҐ") CYRILLIC[l.charCodeAt(0) - 0x400] = 1;
for (const l of "ыэъёЫЭЪЁ") CYRILLIC[l.charCodeAt(0) - 0x400] = 2;

/**
 * Latin letters → `en` (the one Latin-script language vistka has strings for); Cyrillic →
 * `uk`, unless the text has Russian-only letters (ы э ъ ё) and no Ukrainian-only ones
 * (і ї є ґ) → `ru`. One script must have at least twice the letters of the other (a
 * Ukrainian text quoting "Wassermann Agency" stays Ukrainian); otherwise, or with too few
 * letters, null: unknown.
 */
export function textLanguage(text: string): TextLanguage | null {
  let latin = 0;
  let cyrillic = 0;
  let ukrainian = 0;
  let russian = 0;
  const end = Math.min(text.length, LANGUAGE_SAMPLE);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) latin++;
    else if (c >= 0x400 && c <= 0x4ff) {
      cyrillic++;
      const kind = CYRILLIC[c - 0x400];
      if (kind === 1) ukrainian++;
      else if (kind === 2) russian++;
    }
  }
  if (latin + cyrillic < MIN_LETTERS) return null;
  if (latin >= 2 * cyrillic) return "en";
  if (cyrillic < 2 * latin) return null;
  return russian > 0 && ukrainian === 0 ? "ru" : "uk";
}
