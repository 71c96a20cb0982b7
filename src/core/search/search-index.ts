/**
 * Full-text search without a server: the articles made into a compact index of
 * small script files under `search/`, which the search page (`templates/search.hbs`
 * + `templates/assets/search.js`) loads on demand with `<script src>` — so it works
 * on any static host and opened from disk, where `fetch` is refused.
 *
 *   search/index.js      the table: `window.vistkaSearchIndex = {…}`: every article's
 *                        id and length (in the site's order), shard prefixes and versions
 *   search/s/<hex>.js    one shard of the terms, sorted; term → posting list
 *   search/d/<id>.js     one article: headline, path, date, source and text for snippets
 *
 * A first search loads the table, the shard of each query word and the articles
 * of the first page of results, never the whole index.
 *
 * A posting is an article id and the term's count in it (headline words count
 * three times, source and tags twice); the browser turns counts and lengths into
 * BM25 scores. An article's id comes from its slug (ids.ts), not its place, so
 * adding, deleting, re-dating or editing an article changes its own file, the
 * shards of the words it has or had, and the table, and nothing else.
 *
 * `SearchIndex` keeps the index between builds and patches it: in memory (watch),
 * or through a `Store` (saved.ts) from which a new process restores it, reading
 * only the parts an update touches. Either way it gives exactly the files a fresh
 * index of the same articles gives. The parts: documents.ts (an article as a
 * document), ids.ts, postings.ts (the encodings), shards.ts and shard-set.ts (terms
 * into shard files, and patching them), saved.ts (the stored form).
 *
 * Pure: no I/O.
 */

import { shortHash } from "../shared/hash.js";
import { jsonForScript } from "../shared/html.js";
import type { OutputFile } from "../shared/output.js";
import type { Store } from "../shared/store.js";
import {
  type Analysis,
  analyse,
  docContent,
  docKey,
  readTerms,
  type SearchArticle,
  slugOf,
  type TermList,
  termList,
  termMap,
  writeTerms,
} from "./documents.js";
import { assignIds, idSlot, idWidth } from "./ids.js";
import { encodeId, entry } from "./postings.js";
import {
  docStoreKey,
  HEAD_KEY,
  readHead,
  SearchStoreError,
  seal,
  shardStoreKey,
  unseal,
  writeHead,
} from "./saved.js";
import { SEARCH_DIR, ShardSet } from "./shard-set.js";
import { SHARD_TARGET, shardName } from "./shards.js";

export type { SearchArticle } from "./documents.js";
export {
  ALPHABET,
  decodePostings,
  encodeLength,
  encodeNumber,
  encodePostings,
  LENGTH_RATIO,
  patchPostings,
} from "./postings.js";
export { SearchStoreError } from "./saved.js";
export { SEARCH_DIR } from "./shard-set.js";
export { shardByPrefix, shardName } from "./shards.js";

/** Where the index lives under the site root. */
/** Edits to more articles than this (or a quarter of them) at once make the index afresh. */
const PATCH_LIMIT = 64;

export interface SearchIndexOptions {
  /** The shard size in characters (smaller in tests, to have many shards). */
  shardTarget?: number;
  /**
   * What the index keeps for the next update: `"memory"` (watch) everything patching
   * needs; `"store"` (a build) that until `save()`, then only the head, the rest read
   * back from the store when an update needs it; `"none"` (searchFiles) nothing.
   */
  keep?: "memory" | "store" | "none";
  /** The fewest characters of an id (3: 262,144 ids); tests make it 1 to have collisions. */
  idWidth?: number;
}

/** One article in the index. */
interface Doc {
  slug: string;
  /** What it was made from (docKey). */
  key: string;
  /** Its first-choice id (idSlot round 0), kept for assignIds; -1 until needed. */
  home: number;
  id: number;
  /** Its id and length as the table writes them. */
  code: string;
  /** Its length, as the one character written to the table. */
  lengthCode: string;
  /** Hash of its record: with the id, its file's signature and part of the table's version. */
  recordSig: string;
  /** Its terms and counts; null while they are only in the store. */
  terms: TermList | null;
  /** Its `d/<id>.js`; null until `files()` is given its article. */
  file: OutputFile | null;
  /** The key its terms are saved under in the store; null when they are not saved there. */
  saved: string | null;
}

/**
 * The search index of a site, kept between builds. `files(articles)` gives the index
 * of `articles`; called again, it makes again only the documents whose key changed.
 * Ids and files depend on the set of articles; their order (the site's, newest first)
 * is the table's order, which breaks ties in ranking.
 */
export class SearchIndex {
  private readonly target: number;
  private readonly keep: "memory" | "store" | "none";
  private readonly leastWidth: number;
  private built = false;
  private width = 0;
  private docs = new Map<string, Doc>();
  /** The documents by id, ascending: the order of their files. */
  private order: Doc[] = [];
  /** A sum over the documents' ids and record hashes: part of the table's version. */
  private docsSum = 0;
  private shardSet: ShardSet;
  private table: OutputFile | null = null;
  /**
   * The store the parts not in memory are read from, and what it holds: shard name → sig
   * (documents: Doc.saved), and the slugs of saved documents since deleted.
   */
  private store: Store | null = null;
  private savedShards = new Map<string, string>();
  private dropped = new Set<string>();

  constructor(options: SearchIndexOptions = {}) {
    this.target = options.shardTarget ?? SHARD_TARGET;
    this.keep = options.keep ?? "memory";
    this.leastWidth = options.idWidth ?? 3;
    this.shardSet = this.newShardSet();
  }

  private newShardSet(): ShardSet {
    return new ShardSet(this.target, (key) => this.store?.get(key));
  }

  files(articles: readonly SearchArticle[]): OutputFile[] {
    const incoming = new Map<string, SearchArticle>();
    for (const a of articles) {
      const slug = slugOf(a);
      if (incoming.has(slug)) throw new Error(`search: two articles at ${a.view.path}`);
      incoming.set(slug, a);
    }
    if (!this.built) this.rebuild(incoming);
    else {
      try {
        if (!this.update(incoming)) this.rebuild(incoming);
      } catch (e) {
        if (!(e instanceof SearchStoreError)) throw e;
        // What the store holds is not to be trusted: made afresh, and all written at the next save.
        for (const k of this.savedShards.keys()) this.savedShards.set(k, "");
        for (const d of this.order) d.saved = d.saved === null ? null : "";
        this.rebuild(incoming);
      }
    }
    this.writeTable(incoming);
    const out: OutputFile[] = [this.table as OutputFile];
    for (const s of this.shardSet.shards) out.push(s.file);
    for (const d of this.order) out.push(d.file as OutputFile);
    if (this.keep === "none") this.forget();
    return out;
  }

  /**
   * Write to `store` what changed since the last save or restore (under keys starting
   * `search/`), so that `restore` continues from here. With `keep: "store"`, the
   * parts written are then let go of, and read back when an update needs them.
   */
  save(store: Store): void {
    if (!this.built) throw new Error("search: no index to save (keep: none, or no files() yet)");
    if (store !== this.store) {
      // Another store: it holds nothing of ours, so all is written, read first from the old one.
      if (this.store !== null) this.loadAll();
      this.store = store;
      this.savedShards = new Map();
      this.dropped.clear();
      for (const d of this.order) d.saved = null;
    }
    const shards = new Map<string, string>();
    for (const s of this.shardSet.shards) {
      const name = shardName(s.key);
      shards.set(name, s.sig);
      if (this.savedShards.get(name) !== s.sig) store.set(shardStoreKey(name), s.body as string);
    }
    for (const name of this.savedShards.keys()) {
      if (!shards.has(name)) store.delete(shardStoreKey(name));
    }
    for (const slug of this.dropped) if (!this.docs.has(slug)) store.delete(docStoreKey(slug));
    this.dropped.clear();
    for (const d of this.order) {
      if (d.saved !== d.key) {
        const key = docStoreKey(d.slug);
        store.set(key, seal(key, `${d.key}\n${writeTerms(d.terms as TermList)}`));
        d.saved = d.key;
      }
    }
    // The head last: a save cut short leaves parts the old head does not match, never the reverse.
    store.set(
      HEAD_KEY,
      writeHead({
        target: this.target,
        width: this.width,
        docs: this.order,
        shards: this.shardSet.shards,
      }),
    );
    this.savedShards = shards;
    if (this.keep === "store") this.unload();
  }

  /**
   * The index saved in `store`, with only its head read; null when there is none,
   * or it is damaged or made with other options (the caller makes the index afresh).
   */
  static restore(store: Store, options: SearchIndexOptions = {}): SearchIndex | null {
    const index = new SearchIndex(options);
    const head = readHead(store.get(HEAD_KEY));
    if (head === null || head.target !== index.target) return null;
    const width = idWidth(head.docs.length, index.leastWidth);
    if (head.width !== width) return null;
    for (const d of head.docs) {
      const doc: Doc = {
        slug: d.slug,
        key: d.key,
        home: -1,
        id: d.id,
        code: encodeId(d.id, width) + d.lengthCode,
        lengthCode: d.lengthCode,
        recordSig: d.recordSig,
        terms: null,
        file: null,
        saved: d.key,
      };
      if (index.docs.has(d.slug)) return null;
      index.docs.set(d.slug, doc);
      index.order.push(doc);
      index.docsSum = (index.docsSum + docHash(doc)) >>> 0;
    }
    index.shardSet.restore(head.shards);
    for (const s of head.shards) index.savedShards.set(shardName(s.key), s.sig);
    index.width = width;
    index.store = store;
    index.built = true;
    return index;
  }

  // -------------------------------------------------------------------------
  // A fresh index.

  private rebuild(incoming: Map<string, SearchArticle>): void {
    // What the store holds of the documents so far: kept where the slug stays, else deleted at the next save.
    const saved = new Map<string, string | null>();
    for (const d of this.order) {
      if (d.saved === null) continue;
      if (incoming.has(d.slug)) saved.set(d.slug, d.saved);
      else this.dropped.add(d.slug);
    }
    this.width = idWidth(incoming.size, this.leastWidth);
    const space = 64 ** this.width;
    const homes = new Map<string, number>();
    for (const slug of incoming.keys()) homes.set(slug, idSlot(slug, 0, space));
    const ids = assignIds(incoming.keys(), space, (s) => homes.get(s) as number);
    const slugs = [...incoming.keys()].sort(
      (a, b) => (ids.get(a) as number) - (ids.get(b) as number),
    );
    this.docs = new Map();
    this.order = [];
    this.docsSum = 0;
    // term → [id, count, id, count, …]: documents in id order, so ids ascend.
    const postings = new Map<string, number[]>();
    for (const slug of slugs) {
      const article = incoming.get(slug) as SearchArticle;
      const id = ids.get(slug) as number;
      const a = analyse(article);
      for (const [term, count] of a.terms) {
        const p = postings.get(term);
        if (p) p.push(id, count);
        else postings.set(term, [id, count]);
      }
      const doc = this.newDoc(slug, homes.get(slug) as number, id, article, a);
      doc.saved = saved.get(slug) ?? null;
      this.docs.set(slug, doc);
      this.order.push(doc);
      this.docsSum = (this.docsSum + docHash(doc)) >>> 0;
    }
    const entries = new Map<string, string>();
    for (const [term, p] of postings) entries.set(term, entry(term, p));
    postings.clear();
    this.shardSet.build(entries);
    this.built = true;
  }

  private newDoc(slug: string, home: number, id: number, article: SearchArticle, a: Analysis): Doc {
    return {
      slug,
      // A one-off index is never updated: no key needed.
      key: this.keep === "none" ? "" : docKey(article),
      home,
      id,
      code: encodeId(id, this.width) + a.lengthCode,
      lengthCode: a.lengthCode,
      recordSig: a.recordSig,
      terms: this.keep === "none" ? null : termList(a.terms),
      file: new DocFile(id, article, a.recordSig),
      saved: null,
    };
  }

  /** Keep nothing: the next files() makes the index afresh. */
  private forget(): void {
    this.built = false;
    this.docs = new Map();
    this.order = [];
    this.shardSet = this.newShardSet();
  }

  /** Let go of what the store holds (saved), keeping the head. */
  private unload(): void {
    this.shardSet.unload();
    for (const d of this.order) d.terms = null;
  }

  private writeTable(incoming: Map<string, SearchArticle>): void {
    const codes: string[] = [];
    for (const slug of incoming.keys()) codes.push((this.docs.get(slug) as Doc).code);
    const docs = codes.join("");
    const shards = this.shardSet.shards.map((s): [string, string] => [s.key, s.sig.slice(0, 6)]);
    const version = shortHash(
      `${shards.map((s) => s[1]).join(",")}\0${docs}\0${this.docsSum}`,
    ).slice(0, 8);
    const table = { version, count: incoming.size, width: this.width, docs, shards };
    const content = `window.vistkaSearchIndex=${jsonForScript(table)};\n`;
    if (this.table?.content !== content) this.table = { path: `${SEARCH_DIR}/index.js`, content };
  }

  // -------------------------------------------------------------------------
  // An update: only the documents whose key changed, and the shards of their terms.

  /** Patch the index to `incoming`; false when it is better made afresh. */
  private update(incoming: Map<string, SearchArticle>): boolean {
    const edited: [string, SearchArticle, Doc | undefined][] = [];
    let stayed = 0;
    for (const [slug, a] of incoming) {
      const doc = this.docs.get(slug);
      if (doc) stayed++;
      if (!doc || doc.key !== docKey(a)) edited.push([slug, a, doc]);
      else if (doc.file === null) doc.file = new DocFile(doc.id, a, doc.recordSig);
    }
    const gone: Doc[] = [];
    if (stayed < this.docs.size) {
      for (const [slug, doc] of this.docs) if (!incoming.has(slug)) gone.push(doc);
    }
    if (gone.length + edited.length === 0) return true;
    if (gone.length + edited.length > Math.max(PATCH_LIMIT, incoming.size / 4)) return false;

    // The ids of the new set: only a collision moves an article that stayed.
    let ids: Map<string, number> | null = null;
    if (gone.length > 0 || edited.some(([, , d]) => !d)) {
      if (idWidth(incoming.size, this.leastWidth) !== this.width) return false;
      const space = 64 ** this.width;
      const home = (s: string) => {
        const doc = this.docs.get(s);
        if (!doc) return idSlot(s, 0, space);
        if (doc.home < 0) doc.home = idSlot(s, 0, space);
        return doc.home;
      };
      ids = assignIds(incoming.keys(), space, home);
    }
    const editedDocs = new Set(edited.map(([, , d]) => d));
    const moved: [Doc, number][] = [];
    if (ids) {
      for (const [slug, id] of ids) {
        const doc = this.docs.get(slug);
        if (doc && doc.id !== id && !editedDocs.has(doc)) moved.push([doc, id]);
      }
    }

    // Postings to change: removals first, so that an id taken over is set by its new article.
    const removals: [string, number][] = [];
    const additions: [string, number, number][] = [];
    const removeAll = (terms: Map<string, number>, id: number) => {
      for (const t of terms.keys()) removals.push([t, id]);
    };
    const addAll = (terms: Map<string, number>, id: number) => {
      for (const [t, n] of terms) additions.push([t, id, n]);
    };
    for (const doc of gone) removeAll(this.termsOf(doc), doc.id);
    for (const [doc, id] of moved) {
      const terms = this.termsOf(doc);
      removeAll(terms, doc.id);
      addAll(terms, id);
    }
    const made: [string, SearchArticle, Doc | undefined, Analysis, number][] = [];
    for (const [slug, article, doc] of edited) {
      const a = analyse(article);
      const id = ids?.get(slug) ?? (doc as Doc).id;
      made.push([slug, article, doc, a, id]);
      if (!doc) addAll(a.terms, id);
      else if (doc.id !== id) {
        removeAll(this.termsOf(doc), doc.id);
        addAll(a.terms, id);
      } else {
        const old = this.termsOf(doc);
        for (const [t, n] of old) {
          const now = a.terms.get(t);
          if (now === undefined) removals.push([t, id]);
          else if (now !== n) additions.push([t, id, now]);
        }
        for (const [t, n] of a.terms) if (!old.has(t)) additions.push([t, id, n]);
      }
    }
    const changes = new Map<string, Map<number, number>>();
    const change = (t: string, id: number, n: number) => {
      const m = changes.get(t);
      if (m) m.set(id, n);
      else changes.set(t, new Map([[id, n]]));
    };
    for (const [t, id] of removals) change(t, id, 0);
    for (const [t, id, n] of additions) change(t, id, n);

    // The documents.
    const out = new Set<Doc>([...gone, ...moved.map(([d]) => d)]);
    for (const [, , doc] of made) if (doc) out.add(doc);
    for (const doc of out) this.docsSum = (this.docsSum - docHash(doc)) >>> 0;
    this.order = this.order.filter((d) => !out.has(d));
    const into: Doc[] = [];
    for (const doc of gone) {
      this.docs.delete(doc.slug);
      if (doc.saved !== null) this.dropped.add(doc.slug);
    }
    for (const [doc, id] of moved) {
      doc.id = id;
      doc.code = encodeId(id, this.width) + doc.lengthCode;
      doc.file = new DocFile(id, incoming.get(doc.slug) as SearchArticle, doc.recordSig);
      into.push(doc);
    }
    for (const [slug, article, doc, a, id] of made) {
      const home = doc && doc.home >= 0 ? doc.home : idSlot(slug, 0, 64 ** this.width);
      const next = this.newDoc(slug, home, id, article, a);
      next.saved = doc?.saved ?? null;
      this.docs.set(slug, next);
      into.push(next);
    }
    for (const doc of into) {
      this.docsSum = (this.docsSum + docHash(doc)) >>> 0;
      const at = lowerBoundBy(this.order, (d) => d.id < doc.id);
      this.order.splice(at, 0, doc);
    }

    this.shardSet.patch(changes);
    return true;
  }

  /** A document's terms and counts, read from the store when they are not in memory. */
  private termsOf(doc: Doc): Map<string, number> {
    if (doc.terms === null) {
      const key = docStoreKey(doc.slug);
      const payload = unseal(key, this.store?.get(key));
      const cut = payload?.indexOf("\n") ?? -1;
      if (payload == null || cut < 0 || payload.slice(0, cut) !== doc.key) {
        throw new SearchStoreError(`search: the stored terms of ${doc.slug} are missing or wrong`);
      }
      const terms = readTerms(payload.slice(cut + 1));
      if (terms === null)
        throw new SearchStoreError(`search: the terms of ${doc.slug} do not read`);
      doc.terms = terms;
    }
    return termMap(doc.terms);
  }

  private loadAll(): void {
    this.shardSet.loadAll();
    for (const d of this.order) if (d.terms === null) this.termsOf(d);
  }
}

/** The index of `articles` (in the site's order, newest first) as files under `search/`. */
export function searchFiles(articles: readonly SearchArticle[]): OutputFile[] {
  return new SearchIndex({ keep: "none" }).files(articles);
}

/** A number from a document's id and record hash (summed into the table's version). */
function docHash(doc: Doc): number {
  return (Number.parseInt(doc.recordSig.slice(0, 8), 16) ^ Math.imul(doc.id + 1, 0x9e3779b1)) >>> 0;
}

/**
 * An article's file. Its text is made when it is read, not kept: ten thousand of
 * them would hold a second copy of every article's text for the whole build, and
 * the pipeline reads only the files whose signature changed.
 */
class DocFile implements OutputFile {
  readonly path: string;
  readonly sig: string;
  constructor(
    private readonly id: number,
    private readonly article: SearchArticle,
    recordSig: string,
  ) {
    this.path = `${SEARCH_DIR}/d/${id}.js`;
    this.sig = `${id}.${recordSig}`;
  }

  get content(): string {
    return docContent(this.id, this.article);
  }
}

function lowerBoundBy<T>(items: readonly T[], before: (item: T) => boolean): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(items[mid] as T)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
