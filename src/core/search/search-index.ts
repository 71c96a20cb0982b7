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
 * index of the same articles gives.
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
  writeTerms,
} from "./documents.js";
import { assignIds, idSlot, idWidth } from "./ids.js";
import { encodeId, entry, entryPostings, setPosting, sortedIndex } from "./postings.js";
import {
  docStoreKey,
  HEAD_KEY,
  readHead,
  seal,
  shardStoreKey,
  unseal,
  writeHead,
} from "./saved.js";
import { mustSplit, SHARD_TARGET, shardByPrefix, shardName, splitsOf } from "./shards.js";

export type { SearchArticle } from "./documents.js";
export {
  ALPHABET,
  decodePostings,
  encodeLength,
  encodeNumber,
  LENGTH_RATIO,
} from "./postings.js";
export { shardByPrefix, shardName } from "./shards.js";

/** Where the index lives under the site root. */
export const SEARCH_DIR = "search";
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

/** The stored index is missing a part, or a part does not match the rest: it cannot be used. */
export class SearchStoreError extends Error {}

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
  /** Its terms and counts (writeTerms); null while they are only in the store. */
  terms: string | null;
  /** Its `d/<id>.js`; null until `files()` is given its article. */
  file: OutputFile | null;
  /** The key its terms are saved under in the store; null when they are not saved there. */
  saved: string | null;
}

/** A shard file and the terms it holds. */
interface Shard {
  /** The beginning all its terms share (`""` for a single shard). */
  key: string;
  /** Characters of its entries, and their number. */
  size: number;
  count: number;
  /** Hash of its body; its first six characters are its version. */
  sig: string;
  /** Term → entry (`"term":"postings"`), its terms sorted, and its body; null while only in the store. */
  entries: Map<string, string> | null;
  terms: string[] | null;
  body: string | null;
  file: OutputFile;
}

/** A prefix whose terms were split into shards by their next letter. */
interface Split {
  size: number;
  count: number;
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
  /** The shards in file order, and by key. */
  private shards: Shard[] = [];
  private leaves = new Map<string, Shard>();
  /** The prefixes that were split, with the size and number of terms under each. */
  private splits = new Map<string, Split>();
  /** During an update: entries of new terms with no shard yet. */
  private pending = new Map<string, string>();
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
    for (const s of this.shards) out.push(s.file);
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
    for (const s of this.shards) {
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
        store.set(key, seal(key, `${d.key}\n${d.terms as string}`));
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
        shards: this.shards,
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
    for (const s of head.shards) {
      const shard: Shard = { ...s, entries: null, terms: null, body: null, file: emptyFile() };
      shard.file = index.storedShardFile(shard);
      index.shards.push(shard);
      index.leaves.set(s.key, shard);
      index.savedShards.set(shardName(s.key), s.sig);
    }
    index.splits = splitsOf(head.shards);
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
    const terms = [...entries.keys()].sort();
    this.splits = new Map();
    this.leaves = new Map();
    this.pending = new Map();
    this.shards = this.makeShards(terms, "", entries, new Map(), new Set(), new Set());
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
      terms: this.keep === "none" ? null : writeTerms(a.terms),
      file: new DocFile(id, article, a.recordSig),
      saved: null,
    };
  }

  /** Keep nothing: the next files() makes the index afresh. */
  private forget(): void {
    this.built = false;
    this.docs = new Map();
    this.order = [];
    this.shards = [];
    this.leaves = new Map();
    this.splits = new Map();
  }

  /** Let go of what the store holds (saved), keeping the head. */
  private unload(): void {
    for (const s of this.shards) {
      s.entries = null;
      s.terms = null;
      s.body = null;
    }
    for (const d of this.order) d.terms = null;
  }

  /**
   * The shards of `terms` (all starting with `prefix`), recording the prefixes split;
   * a shard of `reusable` with the same terms, none `touched` and itself not `changed`,
   * keeps its file.
   */
  private makeShards(
    terms: string[],
    prefix: string,
    entries: Map<string, string>,
    reusable: Map<string, Shard>,
    touched: Set<string>,
    changed: Set<Shard>,
  ): Shard[] {
    const sizeOf = (t: string) => (entries.get(t) as string).length;
    const out: Shard[] = [];
    const onSplit = (p: string, size: number, count: number) => this.splits.set(p, { size, count });
    for (const [key, ts] of shardByPrefix(terms, sizeOf, prefix, onSplit, this.target)) {
      let shard = reusable.get(key);
      if (
        !shard ||
        changed.has(shard) ||
        !sameTerms(shard.terms as string[], ts) ||
        ts.some((t) => touched.has(t))
      ) {
        let size = 0;
        for (const t of ts) size += sizeOf(t);
        // A shard's list may be `terms` itself (one shard): it gets its own copy, as shards are patched.
        const own = ts === terms ? [...ts] : ts;
        const mine = new Map<string, string>();
        for (const t of own) mine.set(t, entries.get(t) as string);
        const made: Shard = {
          key,
          size,
          count: own.length,
          sig: "",
          entries: mine,
          terms: own,
          body: null,
          file: emptyFile(),
        };
        this.fill(made);
        shard = made;
      }
      out.push(shard);
      this.leaves.set(key, shard);
    }
    return out;
  }

  /** (Re)make a shard's file from its terms' entries. */
  private fill(shard: Shard): void {
    const entries = shard.entries as Map<string, string>;
    const body = `{${(shard.terms as string[]).map((t) => entries.get(t)).join(",")}}`;
    const name = shardName(shard.key);
    shard.body = body;
    shard.sig = shortHash(body);
    shard.count = entries.size;
    shard.file = { path: shardPath(name), content: shardContent(name, body), sig: shard.sig };
  }

  private writeTable(incoming: Map<string, SearchArticle>): void {
    const codes: string[] = [];
    for (const slug of incoming.keys()) codes.push((this.docs.get(slug) as Doc).code);
    const docs = codes.join("");
    const shards = this.shards.map((s): [string, string] => [s.key, s.sig.slice(0, 6)]);
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

    this.patchShards(changes);
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
      doc.terms = payload.slice(cut + 1);
    }
    const terms = readTerms(doc.terms);
    if (terms === null) throw new SearchStoreError(`search: the terms of ${doc.slug} do not read`);
    return terms;
  }

  /** Load a shard's entries from the store, checked against its signature, size and count. */
  private load(shard: Shard): void {
    if (shard.entries !== null) return;
    const body = this.readBody(shard);
    let data: unknown;
    try {
      data = JSON.parse(body);
    } catch {
      data = null;
    }
    if (typeof data !== "object" || data === null || Array.isArray(data)) throw damaged(shard);
    const terms = Object.keys(data).sort();
    const entries = new Map<string, string>();
    let size = 0;
    for (const t of terms) {
      const p = (data as Record<string, unknown>)[t];
      if (typeof p !== "string" || !t.startsWith(shard.key)) throw damaged(shard);
      const e = `${jsonForScript(t)}:"${p}"`;
      size += e.length;
      entries.set(t, e);
    }
    if (size !== shard.size || terms.length !== shard.count) throw damaged(shard);
    if (`{${terms.map((t) => entries.get(t)).join(",")}}` !== body) throw damaged(shard);
    shard.entries = entries;
    shard.terms = terms;
    shard.body = body;
  }

  /** A shard's body as stored, checked against its signature (`sig`: the one it had when asked). */
  private readBody(shard: Shard, sig = shard.sig): string {
    const body = this.store?.get(shardStoreKey(shardName(shard.key)));
    if (body === undefined || shortHash(body) !== sig) throw damaged(shard);
    return body;
  }

  /**
   * A restored shard's file: its text read from the store when it is asked for. It
   * stays the file of this version of the shard: once the shard is patched (a new
   * file), it reads the store, which still holds this version until the next save.
   */
  private storedShardFile(shard: Shard): OutputFile {
    const name = shardName(shard.key);
    const { sig } = shard;
    const read = () =>
      shard.sig === sig && shard.body !== null ? shard.body : this.readBody(shard, sig);
    return {
      path: shardPath(name),
      get content() {
        return shardContent(name, read());
      },
      sig,
    };
  }

  private loadAll(): void {
    for (const s of this.shards) this.load(s);
    for (const d of this.order) if (d.terms === null) this.termsOf(d);
  }

  /**
   * Apply `changes` (term → id → count, 0 to remove) to the entries, then to the shards:
   * each touched term into its shard; where the shards as laid out no longer fit
   * (a term needs a new shard, a shard grew too big or emptied, a split prefix shrank
   * enough to be one shard), that prefix's shards are laid out anew.
   */
  private patchShards(changes: Map<string, Map<number, number>>): void {
    const touched = new Set(changes.keys());
    const dirty = new Set<Shard>();
    const relayout = new Set<string>();
    for (const [term, byId] of changes) {
      const shard = this.leafOf(term);
      if (shard) this.load(shard);
      const before = shard?.entries?.get(term);
      const p = before === undefined ? [] : entryPostings(before);
      if (p === null) throw damaged(shard as Shard);
      for (const [id, n] of byId) {
        if (!setPosting(p, id, n)) {
          throw new SearchStoreError(`search: no posting of ${term} to remove`);
        }
      }
      const after = p.length === 0 ? undefined : entry(term, p);
      const delta = (after?.length ?? 0) - (before?.length ?? 0);
      const adds =
        before === undefined ? (after === undefined ? 0 : 1) : after === undefined ? -1 : 0;
      let deepest = -1;
      for (let k = 0; k <= term.length; k++) {
        const split = this.splits.get(term.slice(0, k));
        if (split) {
          split.size += delta;
          split.count += adds;
          deepest = k;
        }
      }
      if (shard === null) {
        if (after === undefined) continue;
        // A new term under a split prefix with no shard for it: its group starts one.
        this.pending.set(term, after);
        relayout.add(
          deepest < 0 || deepest === term.length
            ? term.slice(0, Math.max(deepest, 0))
            : term.slice(0, deepest + 1),
        );
        continue;
      }
      const entries = shard.entries as Map<string, string>;
      const terms = shard.terms as string[];
      if (after === undefined) entries.delete(term);
      else entries.set(term, after);
      if (adds === 1) terms.splice(sortedIndex(terms, term), 0, term);
      if (adds === -1) terms.splice(sortedIndex(terms, term), 1);
      shard.size += delta;
      shard.count += adds;
      dirty.add(shard);
    }
    for (const [prefix, s] of this.splits) {
      if (!mustSplit(prefix, s.size, s.count, this.target)) relayout.add(prefix);
    }
    for (const shard of dirty) {
      const fits =
        this.splits.has(shard.key) || !mustSplit(shard.key, shard.size, shard.count, this.target);
      if (shard.count === 0 || !fits) relayout.add(shard.key);
    }
    // Outermost first: a prefix inside one already laid out is done with it.
    const done: string[] = [];
    for (const prefix of [...relayout].sort((x, y) => x.length - y.length)) {
      if (done.some((d) => prefix.startsWith(d))) continue;
      this.layOutUnder(prefix, touched, dirty);
      done.push(prefix);
    }
    if (this.pending.size > 0) throw new Error("search: a new term found no shard");
    for (const shard of dirty) if (this.leaves.get(shard.key) === shard) this.fill(shard);
  }

  /** Lay out anew the shards of the terms starting with `prefix`, as shardByPrefix would. */
  private layOutUnder(prefix: string, touched: Set<string>, changed: Set<Shard>): void {
    for (const key of [...this.splits.keys()]) if (key.startsWith(prefix)) this.splits.delete(key);
    // Shards are in the order of their keys (a prefix's own shard before its children's),
    // so the shards under `prefix` are taken out and the new ones go where the keys say.
    const old: Shard[] = [];
    const kept: Shard[] = [];
    for (const shard of this.shards) (shard.key.startsWith(prefix) ? old : kept).push(shard);
    const entries = new Map<string, string>();
    for (const s of old) {
      this.load(s);
      this.leaves.delete(s.key);
      for (const [t, e] of s.entries as Map<string, string>) entries.set(t, e);
    }
    for (const [t, e] of this.pending) {
      if (t.startsWith(prefix)) {
        entries.set(t, e);
        this.pending.delete(t);
      }
    }
    let at = kept.findIndex((s) => s.key > prefix);
    if (at < 0) at = kept.length;
    const reusable = new Map(old.map((s) => [s.key, s]));
    const terms = [...entries.keys()].sort();
    const fresh = this.makeShards(terms, prefix, entries, reusable, touched, changed);
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

function shardPath(name: string): string {
  return `${SEARCH_DIR}/s/${name}.js`;
}

function shardContent(name: string, body: string): string {
  return `vistkaSearch.shard(${JSON.stringify(name)},${body});\n`;
}

function emptyFile(): OutputFile {
  return { path: "", content: "" };
}

function damaged(shard: Shard): SearchStoreError {
  return new SearchStoreError(
    `search: the stored shard ${shardName(shard.key)} is missing or wrong`,
  );
}

function sameTerms(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
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
