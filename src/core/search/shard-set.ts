/**
 * Search, the shards of an index as they are patched: each term in the shard of its
 * beginning, laid out exactly as shardByPrefix lays out all terms, so that a patched
 * index is a fresh one. A shard's entries may stay in the store (restored, or let go
 * of after a save) until a patch needs them.
 *
 * Pure: no I/O.
 */

import { shortHash } from "../shared/hash.js";
import { jsonForScript } from "../shared/html.js";
import type { OutputFile } from "../shared/output.js";
import { digitAt, patchPostings, sortedIndex } from "./postings.js";
import { type HeadShard, SearchStoreError, shardStoreKey } from "./saved.js";
import { mustSplit, shardByPrefix, shardName, splitsOf } from "./shards.js";

/** Where the index lives under the site root. */
export const SEARCH_DIR = "search";

/** A shard file and the terms it holds. */
export interface Shard {
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

/** The shards of an index, in file order, with what laying them out needs. */
export class ShardSet {
  /** The shards in file order, and by key. */
  shards: Shard[] = [];
  private leaves = new Map<string, Shard>();
  /** The prefixes that were split, with the size and number of terms under each. */
  private splits = new Map<string, Split>();
  /** During a patch: entries of new terms with no shard yet. */
  private pending = new Map<string, string>();

  /** `stored(key)`: a value of the store the unloaded shards are in. */
  constructor(
    private readonly target: number,
    private readonly stored: (key: string) => string | undefined,
  ) {}

  /** Lay out every shard of `entries` (term → entry), a new index. */
  build(entries: Map<string, string>): void {
    const terms = [...entries.keys()].sort();
    this.splits = new Map();
    this.leaves = new Map();
    this.pending = new Map();
    this.shards = this.makeShards(terms, "", entries, new Map(), new Set(), new Set());
  }

  /** The shards a head lists, their entries left in the store. */
  restore(heads: readonly HeadShard[]): void {
    for (const h of heads) {
      const shard: Shard = { ...h, entries: null, terms: null, body: null, file: emptyFile() };
      shard.file = this.storedFile(shard);
      this.shards.push(shard);
      this.leaves.set(h.key, shard);
    }
    this.splits = splitsOf(heads);
  }

  /** Let go of every shard's entries (they are in the store). */
  unload(): void {
    for (const s of this.shards) {
      s.entries = null;
      s.terms = null;
      s.body = null;
    }
  }

  loadAll(): void {
    for (const s of this.shards) this.load(s);
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
  fill(shard: Shard): void {
    const entries = shard.entries as Map<string, string>;
    const body = `{${(shard.terms as string[]).map((t) => entries.get(t)).join(",")}}`;
    const name = shardName(shard.key);
    shard.body = body;
    shard.sig = shortHash(body);
    shard.count = entries.size;
    shard.file = { path: shardPath(name), content: shardContent(name, body), sig: shard.sig };
  }

  /** Load a shard's entries from the store, checked against its signature, size and count. */
  load(shard: Shard): void {
    if (shard.entries !== null) return;
    const body = this.readBody(shard);
    const read = plainEntries(body, shard.key);
    if (read === null || read.size !== shard.size || read.terms.length !== shard.count) {
      throw damaged(shard);
    }
    shard.entries = read.entries;
    shard.terms = read.terms;
    shard.body = body;
  }

  /** A shard's body as stored, checked against its signature (`sig`: the one it had when asked). */
  private readBody(shard: Shard, sig = shard.sig): string {
    const body = this.stored(shardStoreKey(shardName(shard.key)));
    if (body === undefined || shortHash(body) !== sig) throw damaged(shard);
    return body;
  }

  /**
   * A restored shard's file: its text read from the store when it is asked for. It
   * stays the file of this version of the shard: once the shard is patched (a new
   * file), it reads the store, which still holds this version until the next save.
   */
  storedFile(shard: Shard): OutputFile {
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

  /**
   * Apply `changes` (term → id → count, 0 to remove) to the entries, then to the shards:
   * each touched term into its shard; where the shards as laid out no longer fit
   * (a term needs a new shard, a shard grew too big or emptied, a split prefix shrank
   * enough to be one shard), that prefix's shards are laid out anew.
   */
  patch(changes: Map<string, Map<number, number>>): void {
    const touched = new Set(changes.keys());
    const dirty = new Set<Shard>();
    const relayout = new Set<string>();
    for (const [term, byId] of changes) {
      const shard = this.leafOf(term);
      if (shard) this.load(shard);
      const before = shard?.entries?.get(term);
      const changes = [...byId].sort((x, y) => x[0] - y[0]);
      // The posting list patched where it changes, not decoded and written again whole.
      const at = before === undefined ? 0 : before.lastIndexOf(':"') + 2;
      const p =
        before === undefined
          ? patchPostings("", changes)
          : patchPostings(before, changes, at, before.length - 1);
      if (p === null) throw new SearchStoreError(`search: the postings of ${term} do not fit`);
      const after =
        p === ""
          ? undefined
          : before === undefined
            ? `${jsonForScript(term)}:"${p}"`
            : `${before.slice(0, at)}${p}"`;
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

/**
 * The entries of a shard's body as fill() writes it, cut out of the body rather than
 * parsed and written again (a new process reads a few hundred shards for one new
 * article); null when the body is not such a list of terms in order, under `key`, with
 * posting lists of alphabet characters. Terms are letters, digits and marks (terms.ts),
 * which JSON writes as they are: a body with an escape is not one fill() wrote.
 */
function plainEntries(
  body: string,
  key: string,
): { terms: string[]; entries: Map<string, string>; size: number } | null {
  if (body.charAt(0) !== "{" || body.charAt(body.length - 1) !== "}" || ESCAPED.test(body)) {
    return null;
  }
  const terms: string[] = [];
  const entries = new Map<string, string>();
  let size = 0;
  let at = 1;
  if (body.length === 2) return { terms, entries, size };
  for (;;) {
    if (body.charAt(at) !== '"') return null;
    const close = body.indexOf('":"', at + 1);
    if (close < 0) return null;
    const term = body.slice(at + 1, close);
    const end = body.indexOf('"', close + 3);
    if (end < 0 || term === "" || term.includes('"') || !term.startsWith(key)) return null;
    for (let k = close + 3; k < end; k++) if (digitAt(body, k) < 0) return null;
    const last = terms.at(-1);
    if (last !== undefined && !(last < term)) return null;
    const entry = body.slice(at, end + 1);
    terms.push(term);
    entries.set(term, entry);
    size += entry.length;
    at = end + 2;
    if (body.charAt(end + 1) === "}") return at === body.length ? { terms, entries, size } : null;
    if (body.charAt(end + 1) !== ",") return null;
  }
}
/** Characters jsonForScript writes escaped, or an escape: in no body fill() writes. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: JSON escapes them; a raw one is a body fill() did not write.
const ESCAPED = /[\\<>&\u2028\u2029\u0000-\u001f]/;

function shardPath(name: string): string {
  return `${SEARCH_DIR}/s/${name}.js`;
}

function shardContent(name: string, body: string): string {
  return `vistkaSearch.shard(${JSON.stringify(name)},${body});\n`;
}

function emptyFile(): OutputFile {
  return { path: "", content: "" };
}

function damaged(shard: { key: string }): SearchStoreError {
  return new SearchStoreError(
    `search: the stored shard ${shardName(shard.key)} is missing or wrong`,
  );
}

function sameTerms(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
