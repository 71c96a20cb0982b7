/**
 * Full-text search without a server: the articles made into a compact index of
 * small script files under `search/`, which the search page (`templates/search.hbs`
 * + `templates/assets/search.js`) loads on demand with `<script src>` — so it works
 * on any static host and opened from disk, where `fetch` is refused.
 *
 *   search/index.js      the table: `window.vistkaSearchIndex = {…}`: shard prefixes
 *                        and versions, and every article's length (one character each)
 *   search/s/<hex>.js    one shard of the terms, sorted; term → posting list
 *   search/d/<id>.js     one article: headline, path, date, source and text for snippets
 *
 * A first search loads the table, the shard of each query word and the articles
 * of the first page of results, never the whole index.
 *
 * A posting is an article id and the term's count in it (headline words count
 * three times, source and tags twice); the browser turns counts and lengths into
 * BM25 scores. So a posting depends on its own article alone, and an edit changes
 * only the shards of the words it added or removed: `SearchIndex` keeps the index
 * between `watch` rebuilds and patches it, giving exactly the files a fresh index
 * of the same articles gives.
 *
 * Pure: no I/O.
 */

import { shortHash } from "../shared/hash.js";
import { jsonForScript, plainText, truncateAtWord } from "../shared/html.js";
import type { OutputFile } from "../shared/output.js";
import { cachedTerms, forEachWord } from "./terms.js";

/** What the index needs of an article: its view (as lists show it) and its text. */
export interface SearchArticle {
  view: {
    path: string;
    headline: string;
    source: { name: string } | null;
    tags: readonly { name: string }[];
    datetime: string | null;
    dateText: string | null;
    /** The article's language when it is not the site's (see views.ts). */
    lang?: string | null;
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
/** Counts above this add nothing to a BM25 score worth telling apart. */
const MAX_COUNT = 63;
/** Article lengths are written as one character: the nearest power of this ratio. */
export const LENGTH_RATIO = 1.25;
/** Edits to more articles than this at once rebuild the index instead of patching it. */
const PATCH_LIMIT = 64;

/** One article in the index. */
interface Doc {
  /** The view it was made from: the same view means the same document. */
  view: object;
  /** Distinct terms and their field-weighted counts (at most MAX_COUNT). */
  terms: Map<string, number>;
  /** Its length, as the one character written to the table. */
  lengthCode: string;
  /** The article's record as JSON, for its `d/<id>.js` file. */
  record: string;
  /** Hash of the record: the file's signature, and part of the table's version. */
  recordSig: string;
}

/** A shard file and the terms it holds. */
interface Shard {
  /** The beginning all its terms share (`""` for a single shard). */
  key: string;
  /** Sorted. */
  terms: string[];
  /** Characters of its entries. */
  size: number;
  version: string;
  file: OutputFile;
}

/** A prefix whose terms were split into shards by their next letter. */
interface Split {
  size: number;
  count: number;
}

/** The document of an article: its terms counted, its record for snippets. */
function analyse(article: SearchArticle): Doc {
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
  const record = jsonForScript({
    h: view.headline,
    u: view.path,
    t: view.datetime,
    d: view.dateText,
    s: view.source?.name ?? null,
    b: truncateAtWord(text.join("\n"), SNIPPET_TEXT_LIMIT),
    // Only where it differs from the site's: the result is marked with it, like a teaser.
    ...(view.lang ? { l: view.lang } : {}),
  });
  return { view, terms, lengthCode: encodeLength(length), record, recordSig: shortHash(record) };
}

/** A length in words as one character: the exponent of the nearest power of LENGTH_RATIO. */
export function encodeLength(words: number): string {
  const k = Math.round(Math.log(Math.max(words, 1)) / Math.log(LENGTH_RATIO));
  return ALPHABET.charAt(Math.min(k, ALPHABET.length - 1));
}

/**
 * The search index of a site, kept between rebuilds. `files(articles)` gives the
 * index of `articles` (in the site's order, newest first); called again with a few
 * articles replaced in place (an edit), it patches what those change.
 */
export class SearchIndex {
  /**
   * `shardTarget`: the shard size in characters (smaller in tests, to have many shards).
   * `patchable`: keep what patching needs (term counts, postings); a one-off index
   * (build) lets them go as soon as the files are made, which lowers a build's peak memory.
   */
  constructor(
    private readonly shardTarget = SHARD_TARGET,
    private readonly patchable = true,
  ) {}

  /** By id: ids count from the oldest, so a new article leaves the others' files unchanged. */
  private docs: Doc[] = [];
  private docFiles: OutputFile[] = [];
  /** term → [id, count, id, count, …], ids ascending. */
  private postings = new Map<string, number[]>();
  /** term → its entry in a shard: `"term":"postings"`. */
  private entries = new Map<string, string>();
  /** The shards in file order, and by key. */
  private shards: Shard[] = [];
  private leaves = new Map<string, Shard>();
  /** Every term, sorted. */
  private terms: string[] = [];
  /** The prefixes that were split, with the size and number of terms under each. */
  private splits = new Map<string, Split>();
  private table: OutputFile | null = null;
  /**
   * Documents by view, for as long as this index lives (watch: an article added
   * re-indexes the others from here; build: gone with the index, terms and all).
   */
  private readonly analysed = new WeakMap<object, Doc>();
  /** A sum over the documents' record hashes, kept as they change: part of the table's version. */
  private docsSum = 0;

  files(articles: readonly SearchArticle[]): OutputFile[] {
    const n = articles.length;
    const changed: number[] = [];
    if (this.table !== null && n === this.docs.length) {
      for (let id = 0; id < n && changed.length <= PATCH_LIMIT; id++) {
        if ((articles[n - 1 - id] as SearchArticle).view !== (this.docs[id] as Doc).view) {
          changed.push(id);
        }
      }
    }
    if (
      !this.patchable ||
      this.table === null ||
      n !== this.docs.length ||
      changed.length > PATCH_LIMIT
    ) {
      this.rebuild(articles);
    } else if (changed.length > 0) {
      this.patch(changed.map((id) => [id, this.analyse(articles[n - 1 - id] as SearchArticle)]));
    }
    return [this.table as OutputFile, ...this.shards.map((s) => s.file), ...this.docFiles];
  }

  private analyse(article: SearchArticle): Doc {
    let doc = this.analysed.get(article.view);
    if (!doc) {
      doc = analyse(article);
      this.analysed.set(article.view, doc);
    }
    return doc;
  }

  private rebuild(articles: readonly SearchArticle[]): void {
    const n = articles.length;
    this.docs = [];
    this.docsSum = 0;
    this.docFiles = [];
    this.postings = new Map();
    for (let id = 0; id < n; id++) {
      const article = articles[n - 1 - id] as SearchArticle;
      const doc = this.patchable ? this.analyse(article) : analyse(article);
      this.docsSum = (this.docsSum + docHash(id, doc)) >>> 0;
      this.docFiles.push(docFile(id, doc));
      for (const [term, count] of doc.terms) {
        const p = this.postings.get(term);
        if (p) p.push(id, count);
        else this.postings.set(term, [id, count]);
      }
      this.docs.push(this.patchable ? doc : { ...doc, terms: new Map() });
    }
    this.entries = new Map();
    for (const [term, p] of this.postings) this.entries.set(term, entry(term, p));
    this.terms = [...this.entries.keys()].sort();
    this.layOut();
    if (!this.patchable) {
      this.postings = new Map();
      this.entries = new Map();
      this.terms = [];
    }
  }

  /** Lay out every shard (a new index). */
  private layOut(): void {
    this.splits = new Map();
    this.leaves = new Map();
    this.shards = this.makeShards(this.terms, "", new Map(), new Set(), new Set());
    this.writeTable();
  }

  /**
   * The shards of `terms` (all starting with `prefix`), recording the prefixes split;
   * a shard of `reusable` with the same terms, none `touched` and itself not `changed`,
   * keeps its file.
   */
  private makeShards(
    terms: string[],
    prefix: string,
    reusable: Map<string, Shard>,
    touched: Set<string>,
    changed: Set<Shard>,
  ): Shard[] {
    const sizeOf = (t: string) => (this.entries.get(t) as string).length;
    const out: Shard[] = [];
    const onSplit = (p: string, size: number, count: number) => this.splits.set(p, { size, count });
    for (const [key, ts] of shardByPrefix(terms, sizeOf, prefix, onSplit, this.shardTarget)) {
      let shard = reusable.get(key);
      if (
        !shard ||
        changed.has(shard) ||
        !sameTerms(shard.terms, ts) ||
        ts.some((t) => touched.has(t))
      ) {
        let size = 0;
        for (const t of ts) size += sizeOf(t);
        // A shard's list may be `terms` itself (one shard): it gets its own copy, as shards are patched.
        const own = ts === terms ? [...ts] : ts;
        shard = { key, terms: own, size, version: "", file: { path: "", content: "" } };
        this.fill(shard);
      }
      out.push(shard);
      this.leaves.set(key, shard);
    }
    return out;
  }

  /** Replace the documents of `changed` ids, updating only the postings, shards and files they touch. */
  private patch(changed: [number, Doc][]): void {
    const touched = new Set<string>();
    for (const [id, doc] of changed) {
      const old = this.docs[id] as Doc;
      this.docs[id] = doc;
      this.docsSum = (this.docsSum - docHash(id, old) + docHash(id, doc)) >>> 0;
      this.docFiles[id] = docFile(id, doc);
      for (const [term, count] of old.terms) {
        const now = doc.terms.get(term) ?? 0;
        if (now !== count) {
          setPosting(this.postings, term, id, now);
          touched.add(term);
        }
      }
      for (const [term, count] of doc.terms) {
        if (!old.terms.has(term)) {
          setPosting(this.postings, term, id, count);
          touched.add(term);
        }
      }
    }
    // Each touched term into its entry and its shard; where the shards as laid out
    // no longer fit (a term needs a new shard, a shard grew too big or emptied, a split
    // prefix shrank enough to be one shard), that prefix's shards are laid out anew.
    const dirty = new Set<Shard>();
    const relayout = new Set<string>();
    for (const term of touched) {
      const before = this.entries.get(term);
      const p = this.postings.get(term);
      const after = p === undefined ? undefined : entry(term, p);
      if (after === undefined) this.entries.delete(term);
      else this.entries.set(term, after);
      const delta = (after?.length ?? 0) - (before?.length ?? 0);
      const adds = before === undefined ? 1 : after === undefined ? -1 : 0;
      if (adds === 1) this.terms.splice(sortedIndex(this.terms, term), 0, term);
      if (adds === -1) this.terms.splice(sortedIndex(this.terms, term), 1);
      let deepest = -1;
      for (let k = 0; k <= term.length; k++) {
        const split = this.splits.get(term.slice(0, k));
        if (split) {
          split.size += delta;
          split.count += adds;
          deepest = k;
        }
      }
      const shard = this.leafOf(term);
      if (shard === null) {
        // A new term under a split prefix with no shard for it: its group starts one.
        relayout.add(
          deepest < 0 || deepest === term.length
            ? term.slice(0, Math.max(deepest, 0))
            : term.slice(0, deepest + 1),
        );
        continue;
      }
      if (adds === 1) shard.terms.splice(sortedIndex(shard.terms, term), 0, term);
      if (adds === -1) shard.terms.splice(sortedIndex(shard.terms, term), 1);
      shard.size += delta;
      dirty.add(shard);
    }
    for (const [prefix, s] of this.splits) {
      if (!mustSplit(prefix, s.size, s.count, this.shardTarget)) relayout.add(prefix);
    }
    for (const shard of dirty) {
      const fits =
        this.splits.has(shard.key) ||
        !mustSplit(shard.key, shard.size, shard.terms.length, this.shardTarget);
      if (shard.terms.length === 0 || !fits) relayout.add(shard.key);
    }
    // Outermost first: a prefix inside one already laid out is done with it.
    const done: string[] = [];
    for (const prefix of [...relayout].sort((x, y) => x.length - y.length)) {
      if (done.some((d) => prefix.startsWith(d))) continue;
      this.layOutUnder(prefix, touched, dirty);
      done.push(prefix);
    }
    for (const shard of dirty) if (this.leaves.get(shard.key) === shard) this.fill(shard);
    this.writeTable();
  }

  /** Lay out anew the shards of the terms starting with `prefix`, as shardByPrefix would. */
  private layOutUnder(prefix: string, touched: Set<string>, changed: Set<Shard>): void {
    const lo = sortedIndex(this.terms, prefix);
    let hi = lo;
    while (hi < this.terms.length && (this.terms[hi] as string).startsWith(prefix)) hi++;
    for (const key of [...this.splits.keys()]) if (key.startsWith(prefix)) this.splits.delete(key);
    // Shards are in the order of their keys (a prefix's own shard before its children's),
    // so the shards under `prefix` are taken out and the new ones go where the keys say.
    const old: Shard[] = [];
    const kept: Shard[] = [];
    for (const shard of this.shards) (shard.key.startsWith(prefix) ? old : kept).push(shard);
    for (const s of old) this.leaves.delete(s.key);
    let at = kept.findIndex((s) => s.key > prefix);
    if (at < 0) at = kept.length;
    const reusable = new Map(old.map((s) => [s.key, s]));
    const fresh = this.makeShards(this.terms.slice(lo, hi), prefix, reusable, touched, changed);
    this.shards = [...kept.slice(0, at), ...fresh, ...kept.slice(at)];
  }

  /**
   * The shard an existing or new term belongs in as the shards are laid out now:
   * the one of its longest beginning, unless that prefix was split (the term would
   * start a shard of its own).
   */
  private leafOf(term: string): Shard | null {
    for (let k = term.length; k >= 0; k--) {
      const prefix = term.slice(0, k);
      const shard = this.leaves.get(prefix);
      if (shard) return this.splits.has(prefix) && prefix !== term ? null : shard;
      if (this.splits.has(prefix)) return null;
    }
    return null;
  }

  /** (Re)make a shard's file from its terms' entries. */
  private fill(shard: Shard): void {
    const body = `{${shard.terms.map((t) => this.entries.get(t)).join(",")}}`;
    const name = shardName(shard.key);
    const sig = shortHash(body);
    shard.version = sig.slice(0, 6);
    shard.file = {
      path: `${SEARCH_DIR}/s/${name}.js`,
      content: `vistkaSearch.shard(${JSON.stringify(name)},${body});\n`,
      sig,
    };
  }

  private writeTable(): void {
    const lengths = this.docs.map((d) => d.lengthCode).join("");
    const shards = this.shards.map((s): [string, string] => [s.key, s.version]);
    const version = shortHash(
      `${shards.map((s) => s[1]).join(",")}\0${lengths}\0${this.docsSum}`,
    ).slice(0, 8);
    this.table = {
      path: `${SEARCH_DIR}/index.js`,
      content: `window.vistkaSearchIndex=${jsonForScript({ version, count: this.docs.length, lengths, shards })};\n`,
    };
  }
}

/** The index of `articles` (in the site's order, newest first) as files under `search/`. */
export function searchFiles(articles: readonly SearchArticle[]): OutputFile[] {
  return new SearchIndex(SHARD_TARGET, false).files(articles);
}

/** A number from a document's record hash and its id (summed into the table's version). */
function docHash(id: number, doc: Doc): number {
  return (Number.parseInt(doc.recordSig.slice(0, 8), 16) ^ Math.imul(id + 1, 0x9e3779b1)) >>> 0;
}

/**
 * An article's file. Its text is made when it is read, not kept: ten thousand of
 * them would hold a second copy of every article's text for the whole build, and
 * watch writes only the files whose signature changed.
 */
function docFile(id: number, doc: Doc): OutputFile {
  // Only the record is held, not the document with its term counts.
  const { record } = doc;
  return {
    path: `${SEARCH_DIR}/d/${id}.js`,
    get content() {
      return `vistkaSearch.doc(${id},${record});\n`;
    },
    sig: `${id}.${doc.recordSig}`,
  };
}

function entry(term: string, postings: number[]): string {
  return `${jsonForScript(term)}:"${encodePostings(postings)}"`;
}

/** Set the count of `id` in `term`'s postings; 0 removes it (and the term, when it was the last). */
function setPosting(all: Map<string, number[]>, term: string, id: number, count: number): void {
  const p = all.get(term) ?? [];
  const at = 2 * lowerBound(p.length / 2, (k) => (p[2 * k] as number) < id);
  if (p[at] === id) {
    if (count === 0) p.splice(at, 2);
    else p[at + 1] = count;
  } else if (count !== 0) p.splice(at, 0, id, count);
  if (p.length === 0) all.delete(term);
  else all.set(term, p);
}

function sameTerms(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Where `term` is, or would go, in the sorted `terms`. */
function sortedIndex(terms: string[], term: string): number {
  return lowerBound(terms.length, (k) => (terms[k] as string) < term);
}

/** The first of `n` positions where `before(k)` is false (it is true for a first run of them). */
function lowerBound(n: number, before: (k: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether the terms under `prefix` (`size` characters, `count` terms) are split into several shards. */
function mustSplit(prefix: string, size: number, count: number, target: number): boolean {
  return size > target && count > 1 && prefix.length < SHARD_DEPTH;
}

/**
 * Terms (sorted) into shards by their beginning: all in one while they fit
 * SHARD_TARGET, else one shard per next letter, and so on. A term's shard
 * depends on the term and its neighbours only, so an edit rewrites the shards
 * of the words it touched, not every shard after them. Yields [prefix, terms];
 * a term equal to a prefix that was split stays in that prefix's own shard.
 * `onSplit` is told every prefix that was split, with its size and term count.
 */
export function* shardByPrefix(
  terms: string[],
  sizeOf: (term: string) => number,
  prefix = "",
  onSplit?: (prefix: string, size: number, count: number) => void,
  target = SHARD_TARGET,
): Generator<[string, string[]]> {
  let size = 0;
  for (const t of terms) size += sizeOf(t);
  if (!mustSplit(prefix, size, terms.length, target)) {
    if (terms.length > 0) yield [prefix, terms];
    return;
  }
  onSplit?.(prefix, size, terms.length);
  const depth = prefix.length;
  if (terms[0] === prefix) yield [prefix, [prefix]];
  let group: string[] = [];
  for (const t of terms) {
    if (t.length === depth) continue;
    if (group.length > 0 && (group[0] as string)[depth] !== t[depth]) {
      yield* shardByPrefix(
        group,
        sizeOf,
        (group[0] as string).slice(0, depth + 1),
        onSplit,
        target,
      );
      group = [];
    }
    group.push(t);
  }
  if (group.length > 0)
    yield* shardByPrefix(group, sizeOf, (group[0] as string).slice(0, depth + 1), onSplit, target);
}

/** A shard's file name: its prefix as hex UTF-16 code units (`япі` → `44f-43f-456`), `all` for none. */
export function shardName(prefix: string): string {
  if (prefix === "") return "all";
  return [...prefix].map((c) => (c.codePointAt(0) as number).toString(16)).join("-");
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

/** Encode [id, count, id, count, …] (ids ascending): each id as the gap from the last, less one. */
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

/** Decode a posting list: [article id, count 1–63] pairs, ids ascending. */
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
