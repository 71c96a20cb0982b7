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
 * document, which a caller may prepare beforehand, on another thread), terms.ts and
 * term-counter.ts (words into terms, counted), ids.ts, invert.ts (a fresh index's
 * posting lists), postings.ts (the encodings), shards.ts and shard-set.ts (terms into
 * shard files, and patching them), saved.ts (the stored form).
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
  hasSlug,
  readTerms,
  type SearchArticle,
  slugOf,
  type TermList,
  termMap,
  writeTerms,
} from "./documents.js";
import { assignIds, claimedOnTheWay, idSlot, idWidth } from "./ids.js";
import { invert } from "./invert.js";
import { encodeId } from "./postings.js";
import {
  docBucketKey,
  docStoreKey,
  HEAD_KEY,
  type HeadColumns,
  type HeadLines,
  patchHeadLines,
  readDocBucket,
  readHead,
  SearchStoreError,
  SIG,
  seal,
  shardStoreKey,
  unseal,
  writeHead,
} from "./saved.js";
import { SEARCH_DIR, type Shard, ShardSet } from "./shard-set.js";
import { SHARD_TARGET, shardName } from "./shards.js";

export type { PreparedDocument, SearchArticle } from "./documents.js";
export { prepareDocument } from "./documents.js";
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
/** Additions and deletions found by walking the last articles and the new in order, at most. */
const NEARBY_LIMIT = 8;

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
  /** The article it was last given: the same object again is the same document, unread. */
  input: SearchArticle | null;
  /** Scratch: its position in id order, while a head is written. */
  at: number;
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
  /** The documents by slug; made from `order` when first needed (a restore makes none). */
  private docsBySlug: Map<string, Doc> | null = new Map();
  /** The documents by id, ascending: the order of their files. */
  private order: Doc[] = [];
  /** The views and articles of the last filesOfViews(). */
  private lastViews: { views: readonly object[]; articles: readonly SearchArticle[] } | null = null;
  /** A restored head's documents (saved.ts), until the first files() makes them. */
  private pending: Pending | null = null;
  /** With keep "store": the documents whose terms are in memory, some perhaps gone since. */
  private loaded: Doc[] = [];
  /** The documents in the order of the last `files()`: the table's. */
  private places: Doc[] = [];
  /** The files of the last `files()`; null when a document's or the table's file changed since. */
  private out: OutputFile[] | null = null;
  /** The documents' files in id order; null when to be made again. */
  private docFiles: OutputFile[] | null = null;
  /** Whether the head differs from the one last saved or restored. */
  private headChanged = true;
  /** The head's lines that only documents coming, going or moving change; null when they did. */
  private headLines: HeadLines | null = null;
  /** A sum over the documents' ids and record hashes: part of the table's version. */
  private docsSum = 0;
  private shardSet: ShardSet;
  private table: OutputFile | null = null;
  /** The table's `docs`: every document's code in the places' order; null when to be made again. */
  private tableCodes: string | null = null;
  /**
   * The store the parts not in memory are read from, and what it holds: shard name → sig
   * (documents: Doc.saved), and the slugs of saved documents since deleted.
   */
  private store: Store | null = null;
  private savedShards = new Map<string, string>();
  private dropped = new Set<string>();
  /** The buckets of documents' terms read from the store (or written to it) this run. */
  private readonly docBuckets = new Map<string, Record<string, string> | null>();

  constructor(options: SearchIndexOptions = {}) {
    this.target = options.shardTarget ?? SHARD_TARGET;
    this.keep = options.keep ?? "memory";
    this.leastWidth = options.idWidth ?? 3;
    this.shardSet = this.newShardSet();
  }

  private newShardSet(): ShardSet {
    return new ShardSet(this.target, (key) => this.store?.get(key));
  }

  /**
   * files() of the articles of `views` (in the site's order), `articleOf(view)` asked only
   * for a view that is not the one at its place last time: a caller whose unchanged
   * articles keep their view objects (watch) makes no article object per rebuild. The
   * article made for a view is used for as long as the same view object comes again.
   */
  filesOfViews<V extends object>(
    views: readonly V[],
    articleOf: (view: V) => SearchArticle,
  ): OutputFile[] {
    const last = this.lastViews;
    const articles: SearchArticle[] = new Array(views.length);
    for (let i = 0; i < views.length; i++) {
      const view = views[i] as V;
      articles[i] =
        last !== null && last.views[i] === view
          ? (last.articles[i] as SearchArticle)
          : articleOf(view);
    }
    const files = this.files(articles);
    this.lastViews = this.keep === "none" ? null : { views: [...views], articles };
    return files;
  }

  files(articles: readonly SearchArticle[]): OutputFile[] {
    let incoming: Map<string, SearchArticle> | null = null;
    const all = () => {
      incoming ??= incomingOf(articles);
      return incoming;
    };
    if (!this.built) this.rebuild(all());
    else {
      try {
        // Most updates leave every article at its place: one pass, no map of ten thousand slugs.
        const edited = this.pending ? this.adopt(articles) : this.editedInPlace(articles);
        const patched =
          edited === null ? this.updateNearby(articles) : this.updateInPlace(articles, edited);
        if (!patched) {
          if (!this.update(all())) this.rebuild(all());
          this.out = null;
          this.docFiles = null;
          this.tableCodes = null;
          this.headLines = null;
        }
      } catch (e) {
        if (!(e instanceof SearchStoreError)) throw e;
        // What the store holds is not to be trusted: made afresh, and all written at the next save.
        for (const k of this.savedShards.keys()) this.savedShards.set(k, "");
        for (const d of this.order) d.saved = d.saved === null ? null : "";
        this.rebuild(all());
      }
    }
    if (this.out === null) {
      this.writeTable();
      if (this.docFiles === null) {
        this.docFiles = [];
        for (const d of this.order) this.docFiles.push(d.file as OutputFile);
      }
      const shardFiles: OutputFile[] = [];
      for (const s of this.shardSet.shards) shardFiles.push(s.file);
      this.out = [this.table as OutputFile].concat(shardFiles, this.docFiles);
      this.headChanged = true;
    }
    const out = this.out;
    if (this.keep === "none") this.forget();
    return out.slice();
  }

  /** The documents by slug. */
  private get docs(): Map<string, Doc> {
    if (this.docsBySlug === null) {
      const docs = new Map<string, Doc>();
      for (const d of this.order) docs.set(d.slug, d);
      // A restored head is not checked for slugs twice (that would be a map of every slug).
      if (docs.size !== this.order.length) {
        throw new SearchStoreError("search: the stored index has a slug twice");
      }
      this.docsBySlug = docs;
    }
    return this.docsBySlug;
  }

  /**
   * The places of `articles` whose document changed, when every article is at the place
   * of the last files() with the same slug; else null. Articles unchanged are taken on.
   */
  private editedInPlace(articles: readonly SearchArticle[]): number[] | null {
    const places = this.places;
    if (places.length !== articles.length) return null;
    const edited: number[] = [];
    for (let i = 0; i < articles.length; i++) {
      const a = articles[i] as SearchArticle;
      const doc = places[i] as Doc;
      if (doc.input === a) continue;
      if (!hasSlug(a, doc.slug)) return null;
      if (doc.key !== docKey(a)) {
        edited.push(i);
        continue;
      }
      doc.input = a;
      if (doc.file === null) {
        doc.file = new DocFile(doc.id, a, doc.recordSig);
        this.out = null;
        this.docFiles = null;
      }
    }
    return edited;
  }

  /**
   * Make the documents of a restored head, each compared with the article at its place
   * as it is made: editedInPlace and a restore's making in one pass.
   */
  private adopt(articles: readonly SearchArticle[]): number[] | null {
    const { docs, order: placeOf } = this.pending as Pending;
    this.pending = null;
    const n = docs.slugs.length;
    const order: Doc[] = new Array(n);
    const places: Doc[] = new Array(n);
    const files: OutputFile[] = new Array(n);
    let edited: number[] | null = articles.length === n ? [] : null;
    for (let i = 0; i < n; i++) {
      const k = placeOf[i] as number;
      const key = docs.keys[k] as string;
      const doc: Doc = {
        slug: docs.slugs[k] as string,
        key,
        home: -1,
        id: docs.ids[k] as number,
        lengthCode: docs.lengths.charAt(k),
        recordSig: docs.sigs.slice(k * SIG, (k + 1) * SIG),
        terms: null,
        file: null,
        saved: key,
        input: null,
        at: k,
      };
      order[k] = doc;
      places[i] = doc;
      if (edited === null) continue;
      const a = articles[i] as SearchArticle;
      if (!hasSlug(a, doc.slug)) edited = null;
      else if (docKey(a) !== key) edited.push(i);
      else {
        doc.input = a;
        doc.file = new DocFile(doc.id, a, doc.recordSig);
        files[k] = doc.file;
      }
    }
    this.order = order;
    this.places = places;
    // The edited documents' files are set as they are made again (apply).
    this.docFiles = edited === null ? null : files;
    return edited;
  }

  /** The documents of a restored head, when no files() made them yet (save without one). */
  private made(): void {
    if (this.pending !== null) this.adopt([]);
  }

  /**
   * Patch the index to `articles` when they are the last update's with a few added or
   * deleted (and some edited), found by walking both in order, and no other article's
   * id changes with them (ids.ts): no map of every slug, no new ids for all. False
   * when the update is better done the general way.
   */
  private updateNearby(articles: readonly SearchArticle[]): boolean {
    const places = this.places;
    const next: Doc[] = new Array(articles.length);
    const edited: Edited[] = [];
    const at: number[] = [];
    const gone: Doc[] = [];
    let added = 0;
    for (let i = 0, j = 0; i < articles.length || j < places.length; ) {
      const a = articles[i];
      const doc = places[j];
      if (a !== undefined && doc !== undefined && (doc.input === a || hasSlug(a, doc.slug))) {
        if (doc.input !== a && doc.key !== docKey(a)) {
          edited.push([doc.slug, a, doc]);
          at.push(i);
        } else if (doc.input !== a) {
          doc.input = a;
          doc.file ??= new DocFile(doc.id, a, doc.recordSig);
        }
        next[i++] = doc;
        j++;
      } else if (
        a !== undefined &&
        (doc === undefined || hasSlug(articles[i + 1] ?? a, doc.slug))
      ) {
        edited.push([slugOf(a), a, undefined]);
        at.push(i++);
        added++;
      } else if (
        doc !== undefined &&
        (a === undefined || hasSlug(a, (places[j + 1] ?? doc).slug))
      ) {
        gone.push(doc);
        j++;
      } else return false;
      if (added + gone.length > NEARBY_LIMIT) return false;
    }
    if (edited.length + gone.length > Math.max(PATCH_LIMIT, articles.length / 4)) return false;
    const ids = this.nearbyIds(
      edited.filter(([, , d]) => d === undefined).map(([slug]) => slug),
      gone,
      articles.length,
    );
    if (ids === null) return false;
    const made = this.apply(edited, gone, [], ids, () => {
      throw new Error("search: no article moved");
    });
    for (const [k, i] of at.entries()) next[i] = made[k] as Doc;
    this.places = next;
    this.out = null;
    this.tableCodes = null;
    return true;
  }

  /**
   * The ids of the articles `added`, when adding them and deleting `gone` moves no other
   * article's id: each added slug's first slot is free (no id is ever there unless it is
   * someone's first choice), and no other slug claimed a gone one's slot on its way
   * (claimedOnTheWay). Null otherwise, or when the width of ids changes.
   */
  private nearbyIds(
    added: readonly string[],
    gone: readonly Doc[],
    count: number,
  ): Map<string, number> | null {
    if (idWidth(count, this.leastWidth) !== this.width) return null;
    const space = 64 ** this.width;
    if (gone.length > 0) {
      const leaving = new Set(gone);
      for (const d of this.order) {
        if (d.home < 0) d.home = idSlot(d.slug, 0, space);
        if (d.home === d.id || leaving.has(d)) continue;
        for (const g of gone) if (claimedOnTheWay(d.slug, d.id, space, g.id)) return null;
      }
    }
    const freed = new Set(gone.map((g) => g.id));
    const ids = new Map<string, number>();
    const taken = new Set<number>();
    for (const slug of added) {
      const home = idSlot(slug, 0, space);
      const at = lowerBoundBy(this.order, (d) => d.id < home);
      const holder = this.order[at];
      if (taken.has(home) || (holder?.id === home && !freed.has(home))) return null;
      taken.add(home);
      ids.set(slug, home);
    }
    return ids;
  }

  /** Patch the documents at the places `edited`, the rest staying; false when better done otherwise. */
  private updateInPlace(articles: readonly SearchArticle[], edited: number[]): boolean {
    if (edited.length === 0) return true;
    if (edited.length > Math.max(PATCH_LIMIT, articles.length / 4)) return false;
    const made = this.apply(
      edited.map((i) => {
        const doc = this.places[i] as Doc;
        return [doc.slug, articles[i] as SearchArticle, doc];
      }),
      [],
      [],
      null,
      () => {
        throw new Error("search: no article moved");
      },
    );
    for (const [k, i] of edited.entries()) {
      const doc = made[k] as Doc;
      if (doc.lengthCode !== (this.places[i] as Doc).lengthCode) this.tableCodes = null;
      this.places[i] = doc;
    }
    this.out = null;
    return true;
  }

  /**
   * Write to `store` what changed since the last save or restore (under keys starting
   * `search/`), so that `restore` continues from here. With `keep: "store"`, the
   * parts written are then let go of, and read back when an update needs them.
   */
  save(store: Store): void {
    if (!this.built) throw new Error("search: no index to save (keep: none, or no files() yet)");
    this.made();
    // Into another store, every document is written, into buckets of its own.
    const switched = store !== this.store;
    if (switched) {
      // Another store: it holds nothing of ours, so all is written, read first from the old one.
      if (this.store !== null) this.loadAll();
      this.store = store;
      this.docBuckets.clear();
      this.savedShards = new Map();
      this.dropped.clear();
      for (const d of this.order) d.saved = null;
      this.headChanged = true;
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
    // The documents' terms, by bucket: only the buckets of documents that changed are written,
    // each made and written before the next (all at once, a first build's were 50 MB of
    // garbage at its very end, its peak of memory).
    const touched = new Map<string, { gone: string[]; changed: Doc[] }>();
    const changesOf = (slug: string) => {
      const key = docBucketKey(slug);
      let changes = touched.get(key);
      if (changes === undefined) {
        changes = { gone: [], changed: [] };
        touched.set(key, changes);
      }
      return changes;
    };
    for (const slug of this.dropped) if (!this.docs.has(slug)) changesOf(slug).gone.push(slug);
    this.dropped.clear();
    for (const d of this.order) if (d.saved !== d.key) changesOf(d.slug).changed.push(d);
    for (const [key, { gone, changed }] of touched) {
      const docs = switched ? {} : { ...(this.docBucket(key) ?? {}) };
      for (const slug of gone) delete docs[slug];
      for (const d of changed) {
        const payload = `${d.key}\n${writeTerms(d.terms as TermList)}`;
        docs[d.slug] = seal(docStoreKey(d.slug), payload);
        d.saved = d.key;
      }
      if (Object.keys(docs).length === 0) store.delete(key);
      else store.set(key, JSON.stringify(docs));
      // Kept for the next save of this process; with "store" all goes at once below (unload).
      if (this.keep !== "store") this.docBuckets.set(key, docs);
    }
    // The head last: a save cut short leaves parts the old head does not match, never the reverse.
    if (this.headChanged) {
      if (this.headLines === null) for (const [i, d] of this.order.entries()) d.at = i;
      const head = {
        target: this.target,
        width: this.width,
        table: this.tableCodes as string,
        sum: this.docsSum,
        docs: this.order,
        order: this.headLines === null ? this.places.map((d) => d.at) : [],
        shards: this.shardSet.shards,
      };
      const written = writeHead(head, this.headLines);
      store.set(HEAD_KEY, written.value);
      this.headLines = written.lines;
      this.headChanged = false;
    }
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
    const { width, docs } = head;
    if (width !== idWidth(docs.slugs.length, index.leastWidth)) return null;
    // The documents are made by the first files(), in the same pass that compares them.
    index.pending = { docs, order: head.order };
    index.tableCodes = head.table;
    index.headLines = head.lines;
    index.docsBySlug = null;
    index.docsSum = head.sum;
    index.shardSet.restore(head.shards);
    for (const s of head.shards) index.savedShards.set(shardName(s.key), s.sig);
    index.width = width;
    index.store = store;
    index.built = true;
    index.headChanged = false;
    return index;
  }

  // -------------------------------------------------------------------------
  // A fresh index.

  private rebuild(incoming: Map<string, SearchArticle>): void {
    this.tableCodes = null;
    this.headLines = null;
    this.docFiles = null;
    this.out = null;
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
    const docs = new Map<string, Doc>();
    this.order = [];
    this.docsSum = 0;
    const idList: number[] = [];
    const lists: TermList[] = [];
    for (const slug of slugs) {
      const article = incoming.get(slug) as SearchArticle;
      const id = ids.get(slug) as number;
      const a = analyse(article);
      idList.push(id);
      lists.push(a.terms);
      const doc = this.newDoc(slug, homes.get(slug) as number, id, article, a);
      doc.saved = saved.get(slug) ?? null;
      docs.set(slug, doc);
      this.order.push(doc);
      this.docsSum = (this.docsSum + docHash(doc)) >>> 0;
    }
    // Kept documents' terms share the entries' strings: one copy of each term, not one per document.
    const { entries, shared } = invert(idList, lists, this.keep !== "none");
    if (shared !== null) for (const [k, doc] of this.order.entries()) doc.terms = shared[k] ?? null;
    this.shardSet.build(entries);
    this.docsBySlug = docs;
    this.places = [];
    for (const slug of incoming.keys()) this.places.push(docs.get(slug) as Doc);
    this.built = true;
  }

  private newDoc(slug: string, home: number, id: number, article: SearchArticle, a: Analysis): Doc {
    const doc: Doc = {
      slug,
      // A one-off index is never updated: no key needed.
      key: this.keep === "none" ? "" : docKey(article),
      home,
      id,
      lengthCode: a.lengthCode,
      recordSig: a.recordSig,
      terms: this.keep === "none" ? null : a.terms,
      file: new DocFile(id, article, a.recordSig),
      saved: null,
      input: article,
      at: 0,
    };
    if (this.keep === "store") this.loaded.push(doc);
    return doc;
  }

  /** Keep nothing: the next files() makes the index afresh. */
  private forget(): void {
    this.built = false;
    this.docsBySlug = new Map();
    this.order = [];
    this.places = [];
    this.out = null;
    this.docFiles = null;
    this.tableCodes = null;
    this.headLines = null;
    this.shardSet = this.newShardSet();
  }

  /** Let go of what the store holds (saved), keeping the head. */
  private unload(): void {
    this.shardSet.unload();
    this.docBuckets.clear();
    for (const d of this.loaded) d.terms = null;
    this.loaded = [];
  }

  /**
   * The table, written as jsonForScript writes it, from parts kept between updates: the
   * documents' codes (alphabet characters, nothing to escape) and each shard's entry.
   */
  private writeTable(): void {
    if (this.tableCodes === null) {
      const codes: string[] = [];
      for (const d of this.places) codes.push(encodeId(d.id, this.width) + d.lengthCode);
      this.tableCodes = codes.join("");
    }
    const docs = this.tableCodes;
    const versions: string[] = [];
    const entries: string[] = [];
    for (const s of this.shardSet.shards) {
      versions.push(s.sig.slice(0, 6));
      entries.push(tableEntry(s));
    }
    const version = shortHash(`${versions.join(",")}\0${docs}\0${this.docsSum}`).slice(0, 8);
    const table = `{"version":"${version}","count":${this.places.length},"width":${this.width},"docs":"${docs}","shards":[${entries.join(",")}]}`;
    const content = `window.vistkaSearchIndex=${table};\n`;
    if (this.table?.content !== content) this.table = { path: `${SEARCH_DIR}/index.js`, content };
  }

  // -------------------------------------------------------------------------
  // An update: only the documents whose key changed, and the shards of their terms.

  /** Patch the index to `incoming`; false when it is better made afresh. */
  private update(incoming: Map<string, SearchArticle>): boolean {
    const edited: Edited[] = [];
    let stayed = 0;
    for (const [slug, a] of incoming) {
      const doc = this.docs.get(slug);
      if (doc) stayed++;
      if (!doc || doc.key !== docKey(a)) edited.push([slug, a, doc]);
      else {
        doc.input = a;
        if (doc.file === null) doc.file = new DocFile(doc.id, a, doc.recordSig);
      }
    }
    const gone: Doc[] = [];
    if (stayed < this.docs.size) {
      for (const [slug, doc] of this.docs) if (!incoming.has(slug)) gone.push(doc);
    }
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
    const moved: [Doc, number][] = [];
    if (ids) {
      const editedDocs = new Set(edited.map(([, , d]) => d));
      for (const [slug, id] of ids) {
        const doc = this.docs.get(slug);
        if (doc && doc.id !== id && !editedDocs.has(doc)) moved.push([doc, id]);
      }
    }
    if (gone.length + edited.length > 0) {
      this.apply(edited, gone, moved, ids, (slug) => incoming.get(slug) as SearchArticle);
    }
    this.places = [];
    for (const slug of incoming.keys()) this.places.push(this.docs.get(slug) as Doc);
    return true;
  }

  /**
   * Patch the index: the documents `edited` made again (new ones added, with their id
   * in `ids`), those `gone` removed, those `moved` given their new id. Gives the
   * documents made, in the order of `edited`.
   */
  private apply(
    edited: readonly Edited[],
    gone: readonly Doc[],
    moved: readonly (readonly [Doc, number])[],
    ids: ReadonlyMap<string, number> | null,
    articleOf: (slug: string) => SearchArticle,
  ): Doc[] {
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
      const terms = termMap(a.terms);
      const id = ids?.get(slug) ?? (doc as Doc).id;
      made.push([slug, article, doc, a, id]);
      if (!doc) addAll(terms, id);
      else if (doc.id !== id) {
        removeAll(this.termsOf(doc), doc.id);
        addAll(terms, id);
      } else {
        const old = this.termsOf(doc);
        for (const [t, n] of old) {
          const now = terms.get(t);
          if (now === undefined) removals.push([t, id]);
          else if (now !== n) additions.push([t, id, now]);
        }
        for (const [t, n] of terms) if (!old.has(t)) additions.push([t, id, n]);
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

    // The documents: one made again with its id takes its place; the others leave and enter by id.
    const leaving = new Set<Doc>([...gone, ...moved.map(([d]) => d)]);
    for (const [, , doc, , id] of made) if (doc && doc.id !== id) leaving.add(doc);
    for (const doc of leaving) this.docsSum = (this.docsSum - docHash(doc)) >>> 0;
    if (leaving.size > 0) this.order = this.order.filter((d) => !leaving.has(d));
    const into: Doc[] = [];
    for (const doc of gone) {
      this.docsBySlug?.delete(doc.slug);
      if (doc.saved !== null) this.dropped.add(doc.slug);
    }
    for (const [doc, id] of moved) {
      const article = articleOf(doc.slug);
      doc.id = id;
      doc.file = new DocFile(id, article, doc.recordSig);
      doc.input = article;
      into.push(doc);
    }
    const fresh: Doc[] = [];
    for (const [slug, article, doc, a, id] of made) {
      const home = doc && doc.home >= 0 ? doc.home : idSlot(slug, 0, 64 ** this.width);
      const next = this.newDoc(slug, home, id, article, a);
      next.saved = doc?.saved ?? null;
      this.docsBySlug?.set(slug, next);
      fresh.push(next);
      if (doc && doc.id === id) {
        this.docsSum = (this.docsSum - docHash(doc) + docHash(next)) >>> 0;
        const at = lowerBoundBy(this.order, (d) => d.id < id);
        this.order[at] = next;
        if (this.docFiles !== null) this.docFiles[at] = next.file as OutputFile;
        if (this.headLines !== null) patchHeadLines(this.headLines, at, next);
      } else into.push(next);
    }
    if (leaving.size > 0 || into.length > 0) {
      this.docFiles = null;
      this.headLines = null;
    }
    for (const doc of into) {
      this.docsSum = (this.docsSum + docHash(doc)) >>> 0;
      const at = lowerBoundBy(this.order, (d) => d.id < doc.id);
      this.order.splice(at, 0, doc);
    }

    this.shardSet.patch(changes);
    return fresh;
  }

  /** A bucket of documents' terms from the store (read once), null when it is not there or damaged. */
  private docBucket(key: string): Record<string, string> | null {
    const known = this.docBuckets.get(key);
    if (known !== undefined) return known;
    const docs = readDocBucket(this.store?.get(key));
    this.docBuckets.set(key, docs);
    return docs;
  }

  /** A document's terms and counts, read from the store when they are not in memory. */
  private termsOf(doc: Doc): Map<string, number> {
    if (doc.terms === null) {
      const sealed = this.docBucket(docBucketKey(doc.slug))?.[doc.slug];
      const payload = unseal(docStoreKey(doc.slug), sealed);
      const cut = payload?.indexOf("\n") ?? -1;
      if (payload == null || cut < 0 || payload.slice(0, cut) !== doc.key) {
        throw new SearchStoreError(`search: the stored terms of ${doc.slug} are missing or wrong`);
      }
      const terms = readTerms(payload.slice(cut + 1));
      if (terms === null)
        throw new SearchStoreError(`search: the terms of ${doc.slug} do not read`);
      doc.terms = terms;
      if (this.keep === "store") this.loaded.push(doc);
    }
    return termMap(doc.terms);
  }

  private loadAll(): void {
    this.shardSet.loadAll();
    for (const d of this.order) if (d.terms === null) this.termsOf(d);
  }
}

/** A shard's entry in the table, `["prefix","version"]`, remembered by the shard while its sig stays. */
function tableEntry(shard: Shard): string {
  const known = tableEntries.get(shard);
  if (known !== undefined && known.sig === shard.sig) return known.entry;
  const entry = jsonForScript([shard.key, shard.sig.slice(0, 6)]);
  tableEntries.set(shard, { sig: shard.sig, entry });
  return entry;
}
const tableEntries = new WeakMap<Shard, { sig: string; entry: string }>();

interface Pending {
  docs: HeadColumns;
  order: readonly number[];
}

/** An article to make a document of: its slug, and its document so far (none when new). */
type Edited = readonly [string, SearchArticle, Doc | undefined];

/** The slugs of `articles` with the articles (throwing when two have the same). */
function incomingOf(articles: readonly SearchArticle[]): Map<string, SearchArticle> {
  const incoming = new Map<string, SearchArticle>();
  for (const a of articles) {
    const slug = slugOf(a);
    if (incoming.has(slug)) throw new Error(`search: two articles at ${a.view.path}`);
    incoming.set(slug, a);
  }
  return incoming;
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
