/**
 * Search, one article as a document of the index: its key (what it is made
 * from, without reading its text), its terms counted, its length and its record
 * (the `d/<id>.js` file the results page shows it from).
 *
 * Pure: no I/O.
 */

import { shortHash } from "../shared/hash.js";
import { jsonForScript, plainText, truncateAtWord } from "../shared/html.js";
import { ALPHABET, digit, encodeLength, MAX_COUNT } from "./postings.js";
import { cachedTerms, forEachWord } from "./terms.js";

/** What the index needs of an article: its view (as lists show it) and its text. */
export interface SearchArticle {
  readonly view: {
    readonly path: string;
    readonly headline: string;
    readonly source: { readonly name: string } | null;
    readonly tags: readonly { readonly name: string }[];
    readonly datetime: string | null;
    readonly dateText: string | null;
    /** The article's language when it is not the site's (see views.ts). */
    readonly lang?: string | null;
  };
  /**
   * A signature of the paragraphs as written (the pipeline makes it): the same
   * signature promises the same paragraphs, so they are not read again.
   */
  readonly textSig: string;
  /** Paragraphs as written (inline Markdown): body, background, related. */
  paragraphs: () => readonly string[];
}

/**
 * The version of what documents are made of (terms.ts, the weights, the record):
 * part of every key, so a stored index made by other rules is never patched.
 */
export const ANALYSIS = "1";
/** Field weights: a word in the headline counts three times, in the source or a tag twice. */
const FIELD_WEIGHT = { headline: 3, source: 2, tags: 2, body: 1 };
/** Longest text kept for snippets, in characters. */
const SNIPPET_TEXT_LIMIT = 12_000;

/** The article's slug: its path without `/index.html`, the name its document is kept by. */
export function slugOf(article: SearchArticle): string {
  const { path } = article.view;
  return path.endsWith("/index.html") ? path.slice(0, -"/index.html".length) : path;
}

const keys = new WeakMap<SearchArticle, string>();
/** What the document is made from, as a hash: the same key, the same document. */
export function docKey(article: SearchArticle): string {
  let key = keys.get(article);
  if (key === undefined) {
    const { view } = article;
    key = shortHash(
      JSON.stringify([
        ANALYSIS,
        article.textSig,
        view.headline,
        view.path,
        view.datetime,
        view.dateText,
        view.source?.name ?? null,
        view.tags.map((t) => t.name),
        view.lang ?? null,
      ]),
    );
    keys.set(article, key);
  }
  return key;
}

/** An article analysed: its terms with their field-weighted counts, length and record signature. */
export interface Analysis {
  terms: Map<string, number>;
  lengthCode: string;
  recordSig: string;
}

/** Count the article's terms and sign its record (the record itself is made again when written). */
export function analyse(article: SearchArticle): Analysis {
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
  for (const [term, n] of terms) if (n > MAX_COUNT) terms.set(term, MAX_COUNT);
  return { terms, lengthCode: encodeLength(length), recordSig: shortHash(record(article, text)) };
}

/** The article's record as JSON: what a result shows, and the text for its snippet. */
function record(article: SearchArticle, text: readonly string[]): string {
  const { view } = article;
  return jsonForScript({
    h: view.headline,
    u: view.path,
    t: view.datetime,
    d: view.dateText,
    s: view.source?.name ?? null,
    b: truncateAtWord(text.join("\n"), SNIPPET_TEXT_LIMIT),
    // Only where it differs from the site's: the result is marked with it, like a teaser.
    ...(view.lang ? { l: view.lang } : {}),
  });
}

/** The text of an article's file `d/<id>.js`. */
export function docContent(id: number, article: SearchArticle): string {
  return `vistkaSearch.doc(${id},${record(article, article.paragraphs().map(plainText))});\n`;
}

/** Terms and counts as kept in the store: the count's character, then the term; space-separated. */
export function writeTerms(terms: Map<string, number>): string {
  let out = "";
  for (const [term, n] of terms) out += `${out === "" ? "" : " "}${ALPHABET.charAt(n)}${term}`;
  return out;
}

/** The terms written by writeTerms, or null when the text is not such a list. */
export function readTerms(text: string): Map<string, number> | null {
  const terms = new Map<string, number>();
  if (text === "") return terms;
  for (const item of text.split(" ")) {
    const n = digit(item.charAt(0));
    const term = item.slice(1);
    if (n < 1 || n > MAX_COUNT || term === "" || terms.has(term)) return null;
    terms.set(term, n);
  }
  return terms;
}
