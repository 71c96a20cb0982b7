/**
 * Search, one article as a document of the index: its key (what it is made
 * from, without reading its text), its terms counted, its length and its record
 * (the `d/<id>.js` file the results page shows it from).
 *
 * Pure: no I/O.
 */

import { shortHash } from "../shared/hash.js";
import { jsonStringForScript, plainText, truncateAtWord } from "../shared/html.js";
import { ALPHABET, digit, encodeLength, MAX_COUNT } from "./postings.js";
import { TermCounter } from "./term-counter.js";

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
  /**
   * A signature of everything the document is made from (the view's fields above and
   * the paragraphs), without spaces or line breaks, when the caller has one at hand: the
   * same sig for the same slug promises the same document. The index then keys the
   * document by it instead of hashing the fields itself (docKey), which a new process
   * would do for every article.
   */
  readonly sig?: string;
  /** The view's `path`, when the caller has it without the view (which may be read lazily). */
  readonly path?: string;
  /**
   * The document made beforehand (prepareDocument, perhaps on another thread) from this
   * very article: the index then takes its terms, length and record from it, and never
   * calls `paragraphs` nor analyses the text. It reads `view` only for the path when
   * `path` is not given (and an error naming two articles at one path).
   */
  readonly prepared?: PreparedDocument;
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

/** The key of an article without a sig, made once per article object (the pipeline keeps unchanged ones). */
const keys = new WeakMap<SearchArticle, string>();

/** The article's slug: its path without `/index.html`, the name its document is kept by. */
export function slugOf(article: SearchArticle): string {
  const path = article.path ?? article.view.path;
  return path.endsWith(INDEX_HTML) ? path.slice(0, -INDEX_HTML.length) : path;
}
const INDEX_HTML = "/index.html";

/** Whether the article's slug is `slug` (slugOf without making the string). */
export function hasSlug(article: SearchArticle, slug: string): boolean {
  const path = article.path ?? article.view.path;
  return path.length === slug.length + INDEX_HTML.length
    ? path.startsWith(slug) && path.endsWith(INDEX_HTML)
    : path === slug && !path.endsWith(INDEX_HTML);
}

/**
 * What the document is made from: its sig when the caller gives one (see SearchArticle),
 * else a hash of the fields. The same key, the same document. A change detector for one
 * article against its own last version, computed for every article of every update: a
 * fast 64-bit hash, not a cryptographic one.
 */
export function docKey(article: SearchArticle): string {
  const { sig } = article;
  if (sig !== undefined && sig !== "" && !/\s/.test(sig)) return sig;
  if (article.prepared !== undefined) return article.prepared.key;
  let key = keys.get(article);
  if (key === undefined) {
    const { view } = article;
    const h = new Hash64();
    h.add(ANALYSIS);
    h.add(article.textSig);
    h.add(view.headline);
    h.add(view.path);
    h.add(view.datetime);
    h.add(view.dateText);
    h.add(view.source?.name ?? null);
    h.add(view.lang ?? null);
    for (const tag of view.tags) h.add(tag.name);
    key = h.digest();
    keys.set(article, key);
  }
  return key;
}

/**
 * 64 bits of hash as 16 hex digits, fed string by string (each with its length, so
 * parts cannot run into each other; null apart from ""): two FNV-style 32-bit lanes
 * with different primes, finished with murmur3's mixing.
 */
export class Hash64 {
  private a = 0x811c9dc5 | 0;
  private b = 0x2545f491 | 0;

  add(text: string | null): void {
    let a = this.a;
    let b = this.b;
    const n = text === null ? -1 : text.length;
    for (let i = 0; i < n; i++) {
      const c = (text as string).charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
    }
    this.a = Math.imul(a ^ n, 0x01000193);
    this.b = Math.imul(b ^ n, 0x5bd1e995);
  }

  digest(): string {
    return hex32(fmix(this.a ^ Math.imul(this.b, 0x9e3779b1))) + hex32(fmix(this.b + this.a));
  }
}

function fmix(h: number): number {
  let x = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
/** Eight hex digits, by table: Number#toString(16) is most of the time of a short key. */
function hex32(n: number): string {
  return (
    (HEX[n >>> 24] as string) +
    (HEX[(n >>> 16) & 255] as string) +
    (HEX[(n >>> 8) & 255] as string) +
    (HEX[n & 255] as string)
  );
}

/**
 * All the index makes of an article, as plain data that can be posted between threads
 * (structured clone: strings and typed arrays): given as `SearchArticle.prepared`, the
 * index uses it instead of reading and analysing the article's text.
 */
export interface PreparedDocument {
  /** docKey(article): the key the index keeps the document by. */
  key: string;
  /** Its terms with their field-weighted counts, in the order first met. */
  terms: TermList;
  /** Its length in words, as the one character the table holds. */
  lengthCode: string;
  /** shortHash(record). */
  recordSig: string;
  /**
   * Its record's JSON: its file `d/<id>.js` is `vistkaSearch.doc(<id>,<record>);`. Left out
   * by a caller that keeps the article's text anyway (the record, a second copy of it, is
   * then made again from the paragraphs when its file is written).
   */
  record?: string;
}

/** Everything the index makes of an article, made once (pure: any thread can make it). */
export function prepareDocument(article: SearchArticle): PreparedDocument {
  const text = article.paragraphs().map(plainText);
  const counted = countTerms(article.view, text);
  const json = record(article.view, text);
  return { key: docKey(article), ...counted, recordSig: shortHash(json), record: json };
}

/** What the index needs of a document when it is made: its terms, length and record signature. */
export type Analysis = Pick<PreparedDocument, "terms" | "lengthCode" | "recordSig">;

/**
 * The article's document as the index takes it: prepared by the caller, else analysed
 * here. The record made for its signature is then let go of (a DocFile makes it again
 * when read): ten thousand records kept until written are a second copy of every text.
 */
export function analyse(article: SearchArticle): Analysis {
  if (article.prepared !== undefined) return article.prepared;
  const text = article.paragraphs().map(plainText);
  const counted = countTerms(article.view, text);
  return { ...counted, recordSig: shortHash(record(article.view, text)) };
}

/** One counter for every document: its table of words is what makes counting fast. */
const counter = new TermCounter();

/** The document's terms with their field-weighted counts, and its length code. */
function countTerms(
  view: SearchArticle["view"],
  text: readonly string[],
): Pick<PreparedDocument, "terms" | "lengthCode"> {
  counter.add(view.headline, FIELD_WEIGHT.headline);
  if (view.source) counter.add(view.source.name, FIELD_WEIGHT.source);
  for (const tag of view.tags) counter.add(tag.name, FIELD_WEIGHT.tags);
  for (const p of text) counter.add(p, FIELD_WEIGHT.body);
  const { terms, counts, words } = counter.take(MAX_COUNT);
  return { terms: { terms, counts }, lengthCode: encodeLength(words) };
}

/**
 * The article's record as JSON: what a result shows, and the text for its snippet. Written
 * field by field, the very text jsonForScript gives of the object (its keys need no escape):
 * its string scan is a third of the time of JSON.stringify's and a test of the result.
 */
function record(view: SearchArticle["view"], text: readonly string[]): string {
  let json = field("h", view.headline) + field("u", view.path);
  json += field("t", view.datetime) + field("d", view.dateText);
  json += field("s", view.source?.name ?? null);
  json += field("b", truncateAtWord(text.join("\n"), SNIPPET_TEXT_LIMIT));
  // Only where it differs from the site's: the result is marked with it, like a teaser.
  if (view.lang) json += field("l", view.lang);
  return `{${json.slice(1)}}`;
}

/** `,"key":value` as JSON.stringify writes a field of an object (none when undefined), script-safe. */
function field(key: string, value: string | null | undefined): string {
  if (value === undefined) return "";
  return `,"${key}":${value === null ? "null" : jsonStringForScript(value)}`;
}

/** The text of an article's file `d/<id>.js`. */
export function docContent(id: number, article: SearchArticle): string {
  const json =
    article.prepared?.record ?? record(article.view, article.paragraphs().map(plainText));
  return `vistkaSearch.doc(${id},${json});\n`;
}

/**
 * A document's terms and counts as an index keeps them: the term strings (shared with
 * every other document that has them) and a byte per count. A tenth of the memory of a
 * Map, a third of that of the text the store keeps (writeTerms).
 */
export interface TermList {
  terms: readonly string[];
  counts: Uint8Array;
}

export function termMap(list: TermList): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i < list.terms.length; i++) {
    out.set(list.terms[i] as string, list.counts[i] as number);
  }
  return out;
}

/** Terms and counts as kept in the store: the count's character, then the term; space-separated. */
export function writeTerms(list: TermList): string {
  const items: string[] = [];
  for (let i = 0; i < list.terms.length; i++) {
    items.push(ALPHABET.charAt(list.counts[i] as number) + (list.terms[i] as string));
  }
  return items.join(" ");
}

/** The terms written by writeTerms, or null when the text is not such a list. */
export function readTerms(text: string): TermList | null {
  const terms: string[] = [];
  const counts: number[] = [];
  const seen = new Set<string>();
  if (text !== "") {
    for (const item of text.split(" ")) {
      const n = digit(item.charAt(0));
      const term = item.slice(1);
      if (n < 1 || n > MAX_COUNT || term === "" || seen.has(term)) return null;
      seen.add(term);
      terms.push(term);
      counts.push(n);
    }
  }
  return { terms, counts: Uint8Array.from(counts) };
}
