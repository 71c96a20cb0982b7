/**
 * The search index kept between builds: patched in memory (watch) or restored
 * from a store (a new process), it gives exactly the files a fresh index of the
 * same articles gives, and rewrites only the files whose bytes change. Small
 * shards, so that edits split, merge, add and empty shards; tiny id spaces, so
 * that ids collide and move.
 */
import fc from "fast-check";
import { describe, expect, it, onTestFinished } from "vitest";
import { DOC_BUCKETS, docBucketKey } from "../../src/core/search/saved.js";
import {
  type SearchArticle,
  SearchIndex,
  type SearchIndexOptions,
  SearchStoreError,
} from "../../src/core/search/search-index.js";
import { jsonForScript } from "../../src/core/shared/html.js";
import type { OutputFile } from "../../src/core/shared/output.js";
import type { Store } from "../../src/core/shared/store.js";

/** Made-up words: a few common ones, many rare ones, numbers, and words that are prefixes of others. */
const WORDS = [
  ..."рада уряд місто школа лікар лікарня лікарні міст мости мостик".split(" "),
  ..."а б ва ве ві вітер віче вічність 1 2 12 120 2026 ab abc abcd".split(" "),
  ...Array.from({ length: 60 }, (_, i) => `слово${i.toString(36)}`),
  ...Array.from({ length: 30 }, (_, i) => `${"бвгдж"[i % 5]}${"аеиоу"[(i * 3) % 5]}рт${i}`),
];

/** How many times articles' paragraphs were read. */
let reads = 0;
/** Whether article() gives the caller's signature (SearchArticle.sig). */
let withSig = false;

interface Spec {
  slug: string;
  words: number[];
  headline?: string;
  day?: number;
}

function article({ slug, words, headline, day }: Spec): SearchArticle {
  const text = words.map((w) => WORDS[w % WORDS.length]).join(" ");
  const date = day === undefined ? null : `2026-01-${String(1 + (day % 28)).padStart(2, "0")}`;
  return {
    // The caller's signature of the whole document, when it gives one (the pipeline does).
    ...(withSig
      ? { sig: `${slug}|${headline ?? ""}|${date ?? ""}|${text}`.replace(/\s/g, "_") }
      : {}),
    view: {
      path: `${slug}/index.html`,
      headline: headline ?? `Новина ${slug}`,
      source: null,
      tags: [],
      datetime: date,
      dateText: date,
    },
    textSig: text,
    paragraphs: () => {
      reads++;
      return text === "" ? [] : [text];
    },
  };
}

const text = (f: OutputFile) =>
  typeof f.content === "string" ? f.content : Buffer.from(f.content).toString("utf8");
const same = (a: OutputFile[], b: OutputFile[]) =>
  a.map((f) => [f.path, text(f), f.sig ?? null].join("\0")).join("\n") ===
  b.map((f) => [f.path, text(f), f.sig ?? null].join("\0")).join("\n");

/** What the pipeline writes: files whose signature (or, without one, content) changed, and files gone. */
function written(before: OutputFile[], after: OutputFile[]): string[] {
  const old = new Map(before.map((f) => [f.path, f.sig ?? text(f)]));
  const now = new Set(after.map((f) => f.path));
  return [
    ...after.filter((f) => old.get(f.path) !== (f.sig ?? text(f))).map((f) => f.path),
    ...before.filter((f) => !now.has(f.path)).map((f) => `-${f.path}`),
  ].sort();
}

/** The files whose bytes differ (or that came or went). */
function changedBytes(before: OutputFile[], after: OutputFile[]): string[] {
  const old = new Map(before.map((f) => [f.path, text(f)]));
  const now = new Set(after.map((f) => f.path));
  return [
    ...after.filter((f) => old.get(f.path) !== text(f)).map((f) => f.path),
    ...before.filter((f) => !now.has(f.path)).map((f) => `-${f.path}`),
  ].sort();
}

/** A Map as the store, counting reads. */
class MapStore implements Store {
  readonly map = new Map<string, string>();
  gets = 0;
  sets: string[] = [];
  get(key: string) {
    this.gets++;
    return this.map.get(key);
  }
  set(key: string, value: string) {
    this.sets.push(key);
    this.map.set(key, value);
  }
  delete(key: string) {
    this.map.delete(key);
  }
}

/** The edits a newsroom makes, one article at a time. */
type Edit =
  | { kind: "add"; words: number[] }
  | { kind: "delete" | "redate" | "rename" | "headline"; at: number }
  | { kind: "text"; at: number; words: number[] };

const words = fc.array(fc.nat(WORDS.length - 1), { maxLength: 40 });
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant("add" as const), words }),
  fc.record({ kind: fc.constantFrom("delete", "redate", "rename", "headline"), at: fc.nat() }),
  fc.record({ kind: fc.constant("text" as const), at: fc.nat(), words }),
);

let serial = 0;
/** The specs after `e` (the site's order is kept newest first by day, then slug). */
function apply(specs: Spec[], e: Edit): Spec[] {
  const next = [...specs];
  if (e.kind === "add") next.push({ slug: `n${serial++}`, words: e.words, day: serial });
  else if (next.length > 0) {
    const at = e.at % next.length;
    const s = next[at] as Spec;
    if (e.kind === "delete") next.splice(at, 1);
    if (e.kind === "redate") next[at] = { ...s, day: (s.day ?? 0) + 3 };
    if (e.kind === "rename") next[at] = { ...s, slug: `r${serial++}` };
    if (e.kind === "headline") next[at] = { ...s, headline: `Заголовок ${serial++}` };
    if (e.kind === "text") next[at] = { ...s, words: e.words };
  }
  return next.sort((a, b) => (b.day ?? 0) - (a.day ?? 0) || (a.slug < b.slug ? -1 : 1));
}

describe("the search index after edits", () => {
  it("is the index a fresh build makes, in memory or restored from a store, writing only what changed", () => {
    onTestFinished(() => {
      withSig = false;
    });
    fc.assert(
      fc.property(
        fc.array(words, { minLength: 1, maxLength: 25 }),
        fc.array(edit, { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 60, max: 600 }),
        fc.constantFrom(1, 2, 3),
        fc.boolean(),
        (initial, edits, target, idWidth, sig) => {
          withSig = sig;
          const options: SearchIndexOptions = { shardTarget: target, idWidth };
          // As the pipeline does, an article unchanged is the same object again (watch).
          const objects = new WeakMap<Spec, SearchArticle>();
          const kept = (s: Spec) => {
            let a = objects.get(s);
            if (a === undefined) {
              a = article(s);
              objects.set(s, a);
            }
            return a;
          };
          let specs: Spec[] = initial.map((w, i) => ({ slug: `a${i}`, words: w, day: i }));
          specs.reverse();
          const memory = new SearchIndex(options);
          const store = new MapStore();
          let before = memory.files(specs.map(kept));
          memory.save(store);
          for (const e of edits) {
            specs = apply(specs, e);
            const articles = specs.map(article);
            const fresh = new SearchIndex(options).files(articles);
            const patched = memory.files(specs.map(kept));
            if (!same(patched, fresh)) return false;
            if (written(before, patched).join() !== changedBytes(before, fresh).join())
              return false;
            // A new process: the last save restored, then the same update.
            const restored = SearchIndex.restore(store, { ...options, keep: "store" });
            if (restored === null) return false;
            const again = restored.files(articles);
            if (!same(again, fresh)) return false;
            restored.save(store);
            // One-off builds make the same files.
            if (!same(fresh, new SearchIndex({ ...options, keep: "none" }).files(articles))) {
              return false;
            }
            before = fresh;
          }
          return true;
        },
      ),
      { numRuns: Number(process.env.VISTKA_PROPERTY_RUNS ?? 200) },
    );
  });

  describe("on 300 articles, each edit rewrites its own file, the shards of its words and the table", () => {
    const specs: Spec[] = Array.from({ length: 300 }, (_, i) => ({
      slug: `a${String(i).padStart(3, "0")}`,
      words: Array.from({ length: 30 }, (_, k) => (i * 7 + k * 13) % WORDS.length),
      day: 300 - i,
    }));
    const edits: [string, (s: Spec[]) => Spec[]][] = [
      ["add", (s) => [{ slug: "new", words: [1, 2, 3, 50, 51], day: 999 }, ...s]],
      ["delete", (s) => s.filter((x) => x.slug !== "a005")],
      ["re-date", (s) => s.map((x) => (x.slug === "a005" ? { ...x, day: 1 } : x))],
      ["rename", (s) => s.map((x) => (x.slug === "a005" ? { ...x, slug: "a005-new" } : x))],
      [
        "edit of the text",
        (s) => s.map((x) => (x.slug === "a005" ? { ...x, words: [...x.words, 40, 41] } : x)),
      ],
      [
        "edit of the headline",
        (s) => s.map((x) => (x.slug === "a005" ? { ...x, headline: "Інший заголовок" } : x)),
      ],
    ];
    for (const [name, change] of edits) {
      it(name, () => {
        const index = new SearchIndex({ shardTarget: 400 });
        const before = index.files(specs.map(article));
        const next = change(specs).map(article);
        reads = 0;
        const after = index.files(next);
        expect(reads).toBe(name === "delete" ? 0 : 1);
        expect(same(after, new SearchIndex({ shardTarget: 400 }).files(next))).toBe(true);
        const w = written(before, after);
        expect(w).toEqual(changedBytes(before, after));
        expect(w).toContain("search/index.js");
        // One article's file at most written and one gone: no other article's file.
        expect(w.filter((p) => p.startsWith("search/d/")).length).toBe(name === "delete" ? 0 : 1);
        const gone = name === "delete" || name === "rename" ? 1 : 0;
        expect(w.filter((p) => p.startsWith("-search/d/")).length).toBe(gone);
        const shards = before.filter((f) => f.path.startsWith("search/s/")).length;
        expect(shards).toBeGreaterThan(50);
        expect(w.filter((p) => p.includes("search/s/")).length).toBeLessThan(shards / 3);
      });
    }
  });
});

describe("the search index given the articles of the last update", () => {
  const specs: Spec[] = Array.from({ length: 200 }, (_, i) => ({
    slug: `a${String(i).padStart(3, "0")}`,
    words: [i % 7, (i * 3) % 11, 40 + (i % 13)],
    day: 200 - i,
  }));

  it("looks at nothing of an article given again as the same object", () => {
    let looks = 0;
    const watched = specs.map((s) => {
      const a = article(s);
      return {
        get view() {
          looks++;
          return a.view;
        },
        textSig: a.textSig,
        paragraphs: a.paragraphs,
      };
    });
    const index = new SearchIndex({ shardTarget: 300 });
    index.files(watched);
    const next = [...watched];
    next[10] = article({ ...(specs[10] as Spec), words: [1, 2, 3] });
    looks = 0;
    reads = 0;
    const files = index.files(next);
    expect(looks).toBe(0);
    expect(reads).toBe(1);
    expect(same(files, new SearchIndex({ shardTarget: 300 }).files(next))).toBe(true);
  });

  it("from views, asks for the article of a view only when it is not the one at its place last time", () => {
    const views = new Map(specs.map((s) => [s, article(s)]));
    const asked: string[] = [];
    const articleOf = (spec: Spec) => {
      asked.push(spec.slug);
      return views.get(spec) ?? article(spec);
    };
    const index = new SearchIndex({ shardTarget: 300 });
    index.filesOfViews(specs, articleOf);
    expect(asked.length).toBe(specs.length);
    const next = specs.map((s) => (s.slug === "a010" ? { ...s, words: [7, 8, 9] } : s));
    asked.length = 0;
    const files = index.filesOfViews(next, articleOf);
    expect(asked).toEqual(["a010"]);
    expect(same(files, new SearchIndex({ shardTarget: 300 }).files(next.map(article)))).toBe(true);
  });

  it("keys a document by the caller's sig when there is one: the same sig is not read again", () => {
    const signed = (s: Spec, sig: string) => ({ ...article(s), sig });
    const index = new SearchIndex({ shardTarget: 300 });
    index.files(specs.map((s) => signed(s, `sig-${s.slug}`)));
    const edited = specs.map((s) => ({ ...s, words: [...s.words, 5] }));
    reads = 0;
    index.files(edited.map((s) => signed(s, `sig-${s.slug}`)));
    expect(reads).toBe(0);
    index.files(edited.map((s) => signed(s, s.slug === "a003" ? "new" : `sig-${s.slug}`)));
    expect(reads).toBe(1);
  });

  it("writes the table as the JSON of its fields", () => {
    const index = new SearchIndex({ shardTarget: 300 });
    index.files(specs.map(article));
    const next = specs.map((s) => (s.slug === "a007" ? { ...s, words: [50, 51, 52, 53] } : s));
    const table = text(index.files(next.map(article))[0] as OutputFile);
    const json = table.slice("window.vistkaSearchIndex=".length, -";\n".length);
    expect(Object.keys(JSON.parse(json))).toEqual(["version", "count", "width", "docs", "shards"]);
    expect(table).toBe(`window.vistkaSearchIndex=${jsonForScript(JSON.parse(json))};\n`);
  });
});

describe("the search index through a store", () => {
  const specs: Spec[] = Array.from({ length: 1000 }, (_, i) => ({
    slug: `a${String(i).padStart(4, "0")}`,
    words: Array.from({ length: 30 }, (_, k) => (i * 7 + k * 13 + (i % 11) * k) % WORDS.length),
    day: 1000 - i,
  }));
  const options = { shardTarget: 300 };
  const edited = specs.map((s) =>
    s.slug === "a0100" ? { ...s, words: [...s.words, 3, 70, 71] } : s,
  );

  function saved(): MapStore {
    const store = new MapStore();
    const index = new SearchIndex({ ...options, keep: "store" });
    index.files(specs.map(article));
    index.save(store);
    return store;
  }

  it("restores into a new index that reads only what the edit touches", () => {
    const store = saved();
    // The documents' terms in buckets (docBucketKey), every document in one.
    const buckets = [...store.map].filter(([k]) => k.startsWith("search/d/"));
    const docs = buckets.reduce((n, [, v]) => n + Object.keys(JSON.parse(v)).length, 0);
    const shards = [...store.map.keys()].filter((k) => k.startsWith("search/s/")).length;
    expect(docs).toBe(1000);
    expect(buckets.length).toBeLessThanOrEqual(DOC_BUCKETS);
    expect(shards).toBeGreaterThan(100);
    store.gets = 0;
    const index = SearchIndex.restore(store, options);
    if (!index) throw new Error("not restored");
    reads = 0;
    const articles = edited.map(article);
    const files = index.files(articles);
    expect(reads).toBe(1);
    // The head, the edited article's terms, and the shards of the words it added.
    expect(store.gets).toBeLessThanOrEqual(6);
    expect(store.gets).toBeLessThan((buckets.length + shards) / 50);
    const fresh = new SearchIndex(options).files(articles);
    expect(same(files, fresh)).toBe(true);
    // Saved again, only what changed is written.
    store.sets = [];
    index.save(store);
    const sets = store.sets;
    expect(sets.filter((k) => k.startsWith("search/d/"))).toEqual([docBucketKey("a0100")]);
    expect(sets.filter((k) => k.startsWith("search/s/")).length).toBeLessThanOrEqual(4);
  });

  it("a deleted article's terms leave its bucket; the bucket's other documents stay as saved", () => {
    const store = saved();
    const key = docBucketKey("a0100");
    const before = JSON.parse(store.map.get(key) as string) as Record<string, string>;
    expect(Object.keys(before)).toContain("a0100");
    const index = SearchIndex.restore(store, options);
    if (!index) throw new Error("not restored");
    const left = specs.filter((s) => s.slug !== "a0100").map(article);
    index.files(left);
    store.sets = [];
    index.save(store);
    // Only the deleted article's bucket among the documents' values is written again.
    expect(store.sets.filter((k) => k.startsWith("search/d/"))).toEqual([key]);
    const { a0100: _gone, ...others } = before;
    expect(JSON.parse(store.map.get(key) as string)).toEqual(others);
    // And a new process restored from it makes the fresh index of the articles left.
    const again = SearchIndex.restore(store, options);
    if (!again) throw new Error("not restored");
    expect(same(again.files(left), new SearchIndex(options).files(left))).toBe(true);
  });

  it("a build that saves lets go of what it saved, reads it back when updated, and old files keep their text", () => {
    const store = new MapStore();
    const index = new SearchIndex({ ...options, keep: "store" });
    const before = index.files(specs.map(article));
    const beforeText = before.map(text);
    index.save(store);
    store.gets = 0;
    reads = 0;
    const articles = edited.map(article);
    const after = index.files(articles);
    expect(reads).toBe(1);
    // Let go of at save: the edited article's terms and its shards come from the store.
    expect(store.gets).toBeGreaterThan(1);
    expect(same(after, new SearchIndex(options).files(articles))).toBe(true);
    // The files handed out before the update still read as they were.
    expect(before.map(text)).toEqual(beforeText);
    // And the same from a restored index, whose shard files read the store lazily.
    const restored = SearchIndex.restore(store, options) as SearchIndex;
    const old = restored.files(specs.map(article));
    restored.files(articles);
    expect(old.map(text)).toEqual(beforeText);
  });

  it("ids and files do not depend on the order of the articles; the table lists them in it", () => {
    const articles = specs.map(article);
    const shuffled = [...articles].sort((a, b) =>
      a.view.headline.slice(-2) < b.view.headline.slice(-2) ? -1 : 1,
    );
    const a = new SearchIndex(options).files(articles);
    const b = new SearchIndex(options).files(shuffled);
    expect(a.map((f) => f.path)).toEqual(b.map((f) => f.path));
    expect(same(a.slice(1), b.slice(1))).toBe(true);
    expect(text(a[0] as OutputFile)).not.toBe(text(b[0] as OutputFile));
    // Patched into the other order, the index is the fresh one of that order.
    const index = new SearchIndex(options);
    index.files(articles);
    expect(same(index.files(shuffled), b)).toBe(true);
  });

  it("restores nothing from an empty store, or with other options", () => {
    expect(SearchIndex.restore(new MapStore())).toBeNull();
    expect(SearchIndex.restore(saved(), { shardTarget: 301 })).toBeNull();
  });

  /** Ways to damage a value. */
  const damages: [string, (v: string) => string | undefined][] = [
    [
      "a character flipped",
      (v) =>
        v.slice(0, v.length >> 1) + flip(v.charAt(v.length >> 1)) + v.slice((v.length >> 1) + 1),
    ],
    ["a character flipped at the start", (v) => flip(v.charAt(0)) + v.slice(1)],
    ["cut short", (v) => v.slice(0, v.length - 7)],
    ["deleted", () => undefined],
    ["emptied", () => ""],
  ];
  function flip(c: string): string {
    return c === "a" ? "b" : "a";
  }

  it("never gives wrong files from a damaged store: restore refuses it, or the update finds it out", () => {
    const clean = saved();
    const articles = edited.map(article);
    const fresh = new SearchIndex(options).files(articles);
    const freshText = new Map(fresh.map((f) => [f.path, text(f)]));
    // The values the edit reads, and one it does not.
    const index = SearchIndex.restore(clean, options) as SearchIndex;
    const probe = new MapStore();
    for (const [k, v] of clean.map) probe.map.set(k, v);
    const read = new Set<string>();
    const spy: Store = {
      get: (k) => {
        read.add(k);
        return probe.get(k);
      },
      set: () => {},
      delete: () => {},
    };
    (SearchIndex.restore(spy, options) as SearchIndex).files(articles);
    const untouched = [...clean.map.keys()].find((k) => k.startsWith("search/s/") && !read.has(k));
    const keys = [...read, untouched as string];
    expect(keys).toContain("search/head");
    expect(keys).toContain(docBucketKey("a0100"));
    expect(index).not.toBeNull();
    let refused = 0;
    let rebuilt = 0;
    for (const key of keys) {
      for (const [how, damage] of damages) {
        const store = new MapStore();
        for (const [k, v] of clean.map) store.map.set(k, v);
        const value = damage(clean.map.get(key) as string);
        if (value === undefined) store.map.delete(key);
        else store.map.set(key, value);
        const restored = SearchIndex.restore(store, options);
        if (restored === null) {
          refused++;
          continue;
        }
        reads = 0;
        const files = restored.files(articles);
        const remade = reads > 1;
        if (remade) rebuilt++;
        expect(
          files.map((f) => f.path),
          `${key} ${how}`,
        ).toEqual(fresh.map((f) => f.path));
        for (const f of files) {
          let content: string | null = null;
          try {
            content = text(f);
          } catch (e) {
            // Only a damaged shard the update did not need, asked for later.
            expect(e, `${key} ${how}`).toBeInstanceOf(SearchStoreError);
            expect(f.path).toBe(`search/s/${key.slice("search/s/".length)}.js`);
          }
          if (content !== null)
            expect(content, `${key} ${how}: ${f.path}`).toBe(freshText.get(f.path));
          expect(f.sig, f.path).toBe(fresh.find((g) => g.path === f.path)?.sig);
        }
        // After a rebuild the next save repairs the store: a new restore reads clean values.
        restored.save(store);
        const again = SearchIndex.restore(store, options);
        if (remade) expect(same((again as SearchIndex).files(articles), fresh)).toBe(true);
      }
    }
    expect(refused).toBeGreaterThanOrEqual(damages.length);
    expect(rebuilt).toBeGreaterThan(0);
  });
});
