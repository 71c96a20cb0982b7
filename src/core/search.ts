/**
 * Full-text search without a server: at build time the articles are made into
 * a compact index of small script files under `search/`, which the search page
 * (`templates/search.hbs` + `templates/assets/search.js`) loads on demand with
 * `<script src>` — so it works on any static host and opened from disk, where
 * `fetch` is refused.
 *
 *   search/index.js      the shard table: `window.vistkaSearchIndex = {…}` (small)
 *   search/s/<hash>.js   one shard of the terms, sorted; term → posting list
 *   search/d/<id>.js     one article: headline, path, date, source and text for snippets
 *
 * A first search loads the table, the shard of each query word and the
 * articles of the first page of results, never the whole index.
 *
 * Words are made into terms by `terms()`, which the browser repeats exactly
 * (tests/search/client.test.ts holds the two to the same output): lowercase,
 * apostrophes (' ’ ʼ) dropped, ґ read as г, stress marks and Latin accents
 * dropped, and a light stemmer — Ukrainian endings stripped (`Японія`,
 * `Японії`, `Японією` → `япін`), the last vowel of a closed syllable folded
 * (`Львів`/`Львова`, `рік`/`року`, `школа`/`шкіл`), English plurals and
 * -ing/-ed. A word whose ending may also be part of its stem (`Харків`,
 * `програм`) gives two terms, and a query matches either.
 *
 * Pure: no I/O. Per-article work is remembered by article view, so `watch`
 * analyses only the articles that changed.
 */
import { hash } from "node:crypto";
import { plainText, truncateAtWord } from "./html.js";
import type { OutputFile } from "./render.js";

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

/** Every word of `text` with its terms (words without terms are left out). */
export function textTerms(text: string): string[][] {
  const out: string[][] = [];
  forEachWord(text, (word) => {
    const t = cachedTerms(word);
    if (t.length > 0) out.push(t);
  });
  return out;
}

/**
 * Call `fn` with every word of `text`, exactly the matches of `WORD` (the
 * browser uses the regular expression itself), but several times faster: a
 * character-class table instead of Unicode property matching, which is most
 * of the time an index of ten thousand articles takes.
 */
export function forEachWord(text: string, fn: (word: string) => void): void {
  const table = bmpClasses ?? makeTable();
  const n = text.length;
  // The class of the character at `i`: the table for most, classAt() for surrogates.
  const at = (i: number) => {
    const code = text.charCodeAt(i);
    return code < 0xd800 || code > 0xdfff ? (table[code] as number) : classAt(text, i);
  };
  let i = 0;
  while (i < n) {
    let c = at(i);
    if (c !== LETTER && c !== DIGIT && c !== ASTRAL_LETTER && c !== ASTRAL_DIGIT) {
      i += c === ASTRAL_OTHER ? 2 : 1;
      continue;
    }
    const start = i;
    while (c === LETTER || c === DIGIT || c === ASTRAL_LETTER || c === ASTRAL_DIGIT) {
      i += c === ASTRAL_LETTER || c === ASTRAL_DIGIT ? 2 : 1;
      c = i < n ? at(i) : OTHER;
    }
    // Apostrophe + letters, again and again: `пам'ять`, `обʼєкт'ом`.
    while (c === APOSTROPHE && i + 1 < n) {
      let j = i + 1;
      let d = at(j);
      if (d !== LETTER && d !== ASTRAL_LETTER) break;
      while (d === LETTER || d === ASTRAL_LETTER) {
        j += d === ASTRAL_LETTER ? 2 : 1;
        d = j < n ? at(j) : OTHER;
      }
      i = j;
      c = d;
    }
    fn(text.slice(start, i));
  }
}

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

let bmpClasses: Uint8Array | undefined;

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

function makeTable(): Uint8Array {
  const table = new Uint8Array(0x10000);
  for (let k = 0; k < 0x10000; k++) {
    if (k < 0xd800 || k > 0xdfff) table[k] = classify(String.fromCharCode(k));
  }
  bmpClasses = table;
  return table;
}

const termCache = new Map<string, string[]>();
function cachedTerms(word: string): string[] {
  let t = termCache.get(word);
  if (t === undefined) {
    t = wordTerms(word);
    if (termCache.size > 200_000) termCache.clear();
    termCache.set(word, t);
  }
  return t;
}

// ---------------------------------------------------------------------------
// The index.

/** What the index needs of an article: its view (as lists show it) and its text. */
export interface SearchArticle {
  view: {
    path: string;
    headline: string;
    source: { name: string } | null;
    tags: readonly { name: string }[];
    datetime: string | null;
    dateText: string | null;
  };
  /** Paragraphs as written (inline Markdown): body, background, related. */
  paragraphs: () => readonly string[];
}

/** Where the index lives under the site root. */
export const SEARCH_DIR = "search";
/** Field weights: a word in the headline counts three times, in the source or a tag twice. */
const FIELD_WEIGHT = { headline: 3, source: 2, tags: 2, body: 1 };
/** Longest text kept for snippets, in characters. */
const SNIPPET_TEXT_LIMIT = 12_000;
/** A shard is split by the next letter of its terms once it holds more than this many characters. */
const SHARD_TARGET = 16_000;
/** Longest shard prefix: terms sharing this many letters stay together, however many. */
const SHARD_DEPTH = 10;
/** Posting lists are written with these 64 characters (no escaping needed in JSON or file names). */
export const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
/** BM25 parameters. */
const K1 = 1.2;
const B = 0.75;

interface Analysed {
  /** Distinct terms and their field-weighted counts. */
  terms: Map<string, number>;
  /** Words in the article (its length for BM25). */
  length: number;
  /** The article's record as JSON, for its `d/<id>.js` file. */
  record: string;
  /** Hash of the record, so an unchanged article's file is not hashed again on every rebuild. */
  recordSig: string;
}

const analysed = new WeakMap<object, Analysed>();

function analyse(article: SearchArticle): Analysed {
  const known = analysed.get(article.view);
  if (known) return known;
  const { view } = article;
  const terms = new Map<string, number>();
  let length = 0;
  let weight = 0;
  const count = (word: string) => {
    const t = cachedTerms(word);
    if (t.length === 0) return;
    length++;
    for (const term of t) terms.set(term, (terms.get(term) ?? 0) + weight);
  };
  const add = (text: string, w: number) => {
    weight = w;
    forEachWord(text, count);
  };
  add(view.headline, FIELD_WEIGHT.headline);
  if (view.source) add(view.source.name, FIELD_WEIGHT.source);
  for (const tag of view.tags) add(tag.name, FIELD_WEIGHT.tags);
  const text = article.paragraphs().map(plainText);
  for (const p of text) add(p, FIELD_WEIGHT.body);
  const record = jsonForJs({
    h: view.headline,
    u: view.path,
    t: view.datetime,
    d: view.dateText,
    s: view.source?.name ?? null,
    b: truncateAtWord(text.join("\n"), SNIPPET_TEXT_LIMIT),
  });
  const result = { terms, length: Math.max(length, 1), record, recordSig: shortHash(record) };
  analysed.set(article.view, result);
  return result;
}

/** A whole number in the posting alphabet: base 32, every digit but the last marked by +32. */
export function encodeNumber(n: number): string {
  let out = ALPHABET[n % 32] as string;
  let rest = Math.floor(n / 32);
  while (rest > 0) {
    out = (ALPHABET[32 + (rest % 32)] as string) + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

/** Encode [id, weight, id, weight, …] (ids ascending): each id as the gap from the last, less one. */
function encodePostings(pairs: number[]): string {
  let out = "";
  let last = -1;
  for (let k = 0; k < pairs.length; k += 2) {
    const id = pairs[k] as number;
    const gap = id - last - 1;
    out += gap < 32 ? ALPHABET.charAt(gap) : encodeNumber(gap);
    out += ALPHABET.charAt(pairs[k + 1] as number);
    last = id;
  }
  return out;
}

/** Decode a posting list: [article id, weight 1–63] pairs, ids ascending. */
export function decodePostings(text: string): [number, number][] {
  const out: [number, number][] = [];
  let id = -1;
  let i = 0;
  while (i < text.length) {
    let n = 0;
    let d = ALPHABET.indexOf(text[i++] as string);
    while (d >= 32) {
      n = n * 32 + (d - 32);
      d = ALPHABET.indexOf(text[i++] as string);
    }
    id += n * 32 + d + 1;
    out.push([id, ALPHABET.indexOf(text[i++] as string)]);
  }
  return out;
}

/** JSON that is also a safe JavaScript expression in any context (U+2028/9 and `<` escaped). */
function jsonForJs(value: unknown): string {
  const json = JSON.stringify(value);
  if (!/[<\u2028\u2029]/.test(json)) return json;
  return json
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

const shortHash = (text: string) => hash("sha1", text, "hex").slice(0, 12);

/**
 * The search index of `articles` (in the site's order, newest first) as files
 * under `search/`. Article ids count from the oldest, so a new article leaves
 * the files of the others unchanged.
 */
export function searchFiles(articles: readonly SearchArticle[]): OutputFile[] {
  const n = articles.length;
  const docs = articles.map(analyse);
  let total = 0;
  for (const d of docs) total += d.length;
  const avg = n === 0 ? 1 : total / n;

  // term → [id, weight, id, weight, …] in id order, so gaps are positive.
  const postings = new Map<string, number[]>();
  for (let id = 0; id < n; id++) {
    const doc = docs[n - 1 - id] as Analysed;
    const norm = K1 * (1 - B + (B * doc.length) / avg);
    for (const [term, tf] of doc.terms) {
      const w = (tf * (K1 + 1)) / (tf + norm);
      const q = Math.max(1, Math.min(63, Math.round((w / (K1 + 1)) * 63)));
      const p = postings.get(term);
      if (p) p.push(id, q);
      else postings.set(term, [id, q]);
    }
  }

  const files: OutputFile[] = [];
  // [prefix, version]; the file name is made from the prefix (shardName), in the browser too.
  const shards: [string, string][] = [];
  const entries = new Map<string, string>();
  for (const term of [...postings.keys()].sort()) {
    entries.set(term, `${jsonForJs(term)}:"${encodePostings(postings.get(term) as number[])}"`);
  }
  for (const [key, terms] of shardByPrefix(
    [...entries.keys()],
    (t) => entries.get(t)?.length ?? 0,
  )) {
    const body = `{${terms.map((t) => entries.get(t)).join(",")}}`;
    const name = shardName(key);
    shards.push([key, shortHash(body).slice(0, 6)]);
    files.push({
      path: `${SEARCH_DIR}/s/${name}.js`,
      content: `vistkaSearch.shard(${JSON.stringify(name)},${body});\n`,
    });
  }
  const version = shortHash(
    `${n}\0${shards.map((s) => s[1]).join(",")}\0${docs.map((d) => d.record.length).join(",")}`,
  ).slice(0, 8);
  files.unshift({
    path: `${SEARCH_DIR}/index.js`,
    content: `window.vistkaSearchIndex=${jsonForJs({ version, count: n, shards })};\n`,
  });
  for (let id = 0; id < n; id++) {
    const doc = docs[n - 1 - id] as Analysed;
    files.push({
      path: `${SEARCH_DIR}/d/${id}.js`,
      content: `vistkaSearch.doc(${id},${doc.record});\n`,
      sig: `${id}.${doc.recordSig}`,
    });
  }
  return files;
}

/**
 * Terms (sorted) into shards by their beginning: all in one while they fit
 * SHARD_TARGET, else one shard per next letter, and so on. A term's shard
 * depends on the term and its neighbours only, so an edit rewrites the shards
 * of the words it touched, not every shard after them. Yields [prefix, terms];
 * a term equal to a prefix that was split stays in that prefix's own shard.
 */
export function* shardByPrefix(
  terms: string[],
  sizeOf: (term: string) => number,
  prefix = "",
): Generator<[string, string[]]> {
  let size = 0;
  for (const t of terms) size += sizeOf(t);
  if (size <= SHARD_TARGET || terms.length === 1 || prefix.length >= SHARD_DEPTH) {
    if (terms.length > 0) yield [prefix, terms];
    return;
  }
  const depth = prefix.length;
  if (terms[0] === prefix) yield [prefix, [prefix]];
  let group: string[] = [];
  for (const t of terms) {
    if (t.length === depth) continue;
    if (group.length > 0 && (group[0] as string)[depth] !== t[depth]) {
      yield* shardByPrefix(group, sizeOf, (group[0] as string).slice(0, depth + 1));
      group = [];
    }
    group.push(t);
  }
  if (group.length > 0)
    yield* shardByPrefix(group, sizeOf, (group[0] as string).slice(0, depth + 1));
}

/** A shard's file name: its prefix as hex UTF-16 code units (`япі` → `44f-43f-456`), `all` for none. */
export function shardName(prefix: string): string {
  if (prefix === "") return "all";
  return [...prefix].map((c) => (c.codePointAt(0) as number).toString(16)).join("-");
}
