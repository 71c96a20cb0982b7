/**
 * Search, part one: words into terms. The index made of them is
 * search-index.ts; the browser's side is templates/assets/search.js.
 *
 * Words are made into terms by `terms()`, which the browser repeats exactly
 * (tests/search/index.test.ts holds the two to the same output): lowercase,
 * apostrophes (' ’ ʼ) dropped, ґ read as г, stress marks and Latin accents
 * dropped, and a light stemmer — Ukrainian endings stripped (`Японія`,
 * `Японії`, `Японією` → `япін`), the last vowel of a closed syllable folded
 * (`Львів`/`Львова`, `рік`/`року`, `школа`/`шкіл`), English plurals and
 * -ing/-ed. A word whose ending may also be part of its stem (`Харків`,
 * `програм`) gives two terms, and a query matches either.
 *
 * Pure: no I/O.
 */

// ---------------------------------------------------------------------------
// Text analysis. Mirrored in templates/assets/search.js: change both together.

/**
 * A word: letters, digits and combining marks, with apostrophes inside it (`пам'ять`).
 * The browser splits text with this; `forEachWord` gives the same words faster.
 */
export const WORD = /[\p{L}\p{N}\p{M}]+(?:['’ʼ`‘][\p{L}\p{M}]+)*/gu;
const APOSTROPHES = /['’ʼ`‘]/g;
const MARKS = /\p{M}/gu;
const LATIN_ACCENTED = /[\u00c0-\u024f]/g;
const CYRILLIC_WORD = /^[\u0430-\u044f\u0454\u0456\u0457]+$/;
const LATIN_WORD = /^[a-z]+$/;
const VOWELS = "аеєиіїоуюя";
/** Vowels that alternate in a closed last syllable (рік/року, Львів/Львова, Київ/Києва). */
const FOLDED = "оеєії";

/** Words too common to find anything by; neither indexed nor searched. */
export const STOP_WORDS = new Set(
  (
    "і й та а але в у на з із зі зо до від по за що як це не ні чи для про при під над же ж би б " +
    "вже ще так бо або є щоб його її їх він вона вони воно ми ви я ти цей ця ці той те ті який яка " +
    "яке які також було був була були буде " +
    "the a an and or of to in on at for by with is are was were be been as it its this that from " +
    "but not has have had"
  ).split(" "),
);

/** Ukrainian inflectional endings, longest first. */
const UK_ENDINGS = [
  "ього",
  "ьому",
  "іями",
  "ією",
  "іях",
  "іям",
  "ого",
  "ому",
  "ими",
  "іми",
  "ями",
  "ами",
  "ові",
  "еві",
  "єві",
  "ою",
  "ею",
  "єю",
  "ій",
  "ий",
  "ої",
  "ім",
  "им",
  "их",
  "іх",
  "ях",
  "ах",
  "ам",
  "ям",
  "ом",
  "ем",
  "єм",
  "ів",
  "їв",
  "ей",
  "ая",
  "яя",
  "ую",
  "юю",
  "ії",
  "ія",
  "ію",
  "ья",
  "ью",
  "ьо",
  "а",
  "я",
  "у",
  "ю",
  "е",
  "є",
  "о",
  "і",
  "ї",
  "и",
  "ь",
  "й",
];
/**
 * Endings that may instead belong to the stem: `Харків` (not a plural in -ів),
 * `програм`/`програми` (not -ам, -ами), `успіх`, `Андрій`, `музей`. Such a word also keeps
 * its stem with the ending: without the final `й`, or for `-ові`, `-ами` without the last letter.
 */
const STEM_OR_ENDING = new Set([
  "ами",
  "ями",
  "ам",
  "ям",
  "ем",
  "єм",
  "ом",
  "ах",
  "ях",
  "іх",
  "ів",
  "їв",
  "ей",
  "ій",
  "ові",
  "еві",
  "єві",
]);

/** A word as it is compared: lowercase, without apostrophes, stress marks or Latin accents; ґ as г. */
export function normalizeWord(word: string): string {
  let w = word.normalize("NFC").toLowerCase().replace(APOSTROPHES, "");
  w = w.replace(LATIN_ACCENTED, (c) => c.normalize("NFD").charAt(0));
  return w.replace(MARKS, "").replace(/ґ/g, "г");
}

/** The terms one word stands for: none for a stop word or a single letter, usually one, at most two. */
export function wordTerms(word: string): string[] {
  const w = normalizeWord(word);
  if (w.length < 2 ? !/^\d$/.test(w) : STOP_WORDS.has(w)) return [];
  if (CYRILLIC_WORD.test(w)) return ukrainianStems(w);
  if (LATIN_WORD.test(w)) return [englishStem(w)];
  return [w];
}

function ukrainianStems(w: string): string[] {
  if (w.length <= 2) return [w];
  let s = w;
  if (s.length >= 5 && (s.endsWith("ся") || s.endsWith("сь"))) s = s.slice(0, -2);
  let ending = "";
  for (const e of UK_ENDINGS) {
    if (s.length - e.length >= 2 && s.endsWith(e)) {
      ending = e;
      break;
    }
  }
  if (!STEM_OR_ENDING.has(ending)) return [canonical(s.slice(0, s.length - ending.length))];
  const whole = canonical(ending.length === 3 || ending.endsWith("й") ? s.slice(0, -1) : s);
  const base = s.slice(0, s.length - ending.length);
  if (base.length < 3) return [whole];
  const stripped = canonical(base);
  return stripped === whole ? [stripped] : [stripped, whole];
}

/** A doubled final consonant made single, and the last vowel before final consonants folded to і. */
function canonical(stem: string): string {
  let s = stem;
  const n = s.length;
  if (n >= 4 && s[n - 1] === s[n - 2] && !VOWELS.includes(s[n - 1] as string)) s = s.slice(0, -1);
  if (s.length < 3) return s;
  let i = s.length - 1;
  while (i >= 0 && !VOWELS.includes(s[i] as string)) i--;
  if (i >= 0 && i < s.length - 1 && FOLDED.includes(s[i] as string)) {
    s = `${s.slice(0, i)}і${s.slice(i + 1)}`;
  }
  return s;
}

function englishStem(w: string): string {
  if (w.length <= 3) return w;
  if (w.endsWith("ies") && w.length > 4) return `${w.slice(0, -3)}y`;
  if (w.endsWith("sses")) return w.slice(0, -2);
  if (w.endsWith("ing") && w.length > 5) return undouble(w.slice(0, -3));
  if (w.endsWith("ed") && w.length > 4) return undouble(w.slice(0, -2));
  if (w.endsWith("s") && !/(?:ss|us|is)$/.test(w)) return w.slice(0, -1);
  return w;
}

function undouble(w: string): string {
  const n = w.length;
  return n >= 3 && w[n - 1] === w[n - 2] && !"aeiouls".includes(w[n - 1] as string)
    ? w.slice(0, -1)
    : w;
}

/**
 * Call `fn` with every word of `text`, exactly the matches of `WORD` (the
 * browser uses the regular expression itself), but several times faster: a
 * character-class table instead of Unicode property matching, which is most
 * of the time an index of ten thousand articles takes.
 */
export function forEachWord(text: string, fn: (word: string) => void): void {
  scanWords(text, (start, end) => fn(text.slice(start, end)));
}

/**
 * forEachWord without making the words: `fn(start, end, hash)` for each, `hash` being
 * the FNV-1a hash of its UTF-16 code units, taken as they are scanned (TermCounter finds a word met
 * before by it and its characters, without making a string of it).
 */
export function scanWords(
  text: string,
  fn: (start: number, end: number, hash: number) => void,
): void {
  const n = text.length;
  let i = 0;
  // The code unit at `i` and its class: each character is read once.
  let code = 0;
  let c = OTHER;
  if (n > 0) {
    code = text.charCodeAt(0);
    c = classOf(text, 0, code);
  }
  while (i < n) {
    if (c !== LETTER && c !== DIGIT && c !== ASTRAL_LETTER && c !== ASTRAL_DIGIT) {
      i += c === ASTRAL_OTHER ? 2 : 1;
      if (i < n) {
        code = text.charCodeAt(i);
        c = classOf(text, i, code);
      }
      continue;
    }
    const start = i;
    let h = HASH_SEED;
    // After an apostrophe, letters only (a digit starts the next word): `пам'ять`, `обʼєкт'ом`.
    let lettersOnly = false;
    for (;;) {
      h = Math.imul(h ^ code, HASH_PRIME);
      i++;
      if (c === ASTRAL_LETTER || c === ASTRAL_DIGIT)
        h = Math.imul(h ^ text.charCodeAt(i++), HASH_PRIME);
      if (i >= n) break;
      code = text.charCodeAt(i);
      c = classOf(text, i, code);
      if (c === LETTER || c === ASTRAL_LETTER) continue;
      if (!lettersOnly && (c === DIGIT || c === ASTRAL_DIGIT)) continue;
      // An apostrophe goes on the word only when a letter follows it.
      if (c !== APOSTROPHE || i + 1 >= n) break;
      const next = text.charCodeAt(i + 1);
      const d = classOf(text, i + 1, next);
      if (d !== LETTER && d !== ASTRAL_LETTER) break;
      h = Math.imul(h ^ code, HASH_PRIME);
      i++;
      code = next;
      c = d;
      lettersOnly = true;
    }
    fn(start, i, h);
  }
}

/** The class of `code`, the code unit at `i`: the table for most, classAt() for surrogates. */
function classOf(text: string, i: number, code: number): number {
  if (code >= 0xd800 && code <= 0xdfff) return classAt(text, i);
  const known = bmpClasses[code] as number;
  return known === UNKNOWN ? classifyCode(code) : known;
}

/** FNV-1a over UTF-16 code units: scanWords' hash of a word. */
const HASH_SEED = 0x811c9dc5 | 0;
const HASH_PRIME = 0x01000193;

const OTHER = 0;
/** A letter or combining mark. */
const LETTER = 1;
/** A number that is not a letter (`\p{N}`). */
const DIGIT = 2;
const APOSTROPHE = 3;
/** The same, for a character outside the BMP (a surrogate pair: two code units). */
const ASTRAL_LETTER = 4;
const ASTRAL_DIGIT = 5;
const ASTRAL_OTHER = 6;

/** Not classified yet. */
const UNKNOWN = 255;
/**
 * The class of each BMP character, filled in as characters are met: a text uses a few
 * hundred of them, and classifying all 65,536 at once took a new process 10 ms.
 */
const bmpClasses = new Uint8Array(0x10000).fill(UNKNOWN);

function classifyCode(code: number): number {
  const c = classify(String.fromCharCode(code));
  bmpClasses[code] = c;
  return c;
}

function classify(ch: string): number {
  if (/[\p{L}\p{M}]/u.test(ch)) return LETTER;
  if (/\p{N}/u.test(ch)) return DIGIT;
  return /['’`‘]/.test(ch) ? APOSTROPHE : OTHER;
}

/** The class of a surrogate at `i`: a pair's character, or OTHER for a lone one (as in the regex). */
function classAt(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code <= 0xdbff && i + 1 < text.length) {
    const low = text.charCodeAt(i + 1);
    if (low >= 0xdc00 && low <= 0xdfff) {
      const c = classify(text.slice(i, i + 2));
      return c === LETTER ? ASTRAL_LETTER : c === DIGIT ? ASTRAL_DIGIT : ASTRAL_OTHER;
    }
  }
  return OTHER;
}
