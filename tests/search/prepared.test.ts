/**
 * Documents prepared beforehand (prepareDocument, as a worker thread makes them and
 * posts them: structured-cloned): the index takes their terms, length and record
 * from them and never reads the article's text, and its files are, path for path
 * and byte for byte, those it makes from the articles themselves, fresh or patched,
 * in memory or restored from a store. And the term counter the analysis runs on
 * counts what forEachWord and wordTerms give.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { articleText } from "../../bench/generate.js";
import { parseArticle } from "../../src/core/article/parse.js";
import { MAX_COUNT } from "../../src/core/search/postings.js";
import {
  prepareDocument,
  type SearchArticle,
  SearchIndex,
  type SearchIndexOptions,
} from "../../src/core/search/search-index.js";
import { TermCounter } from "../../src/core/search/term-counter.js";
import { forEachWord, wordTerms } from "../../src/core/search/terms.js";
import type { OutputFile } from "../../src/core/shared/output.js";
import type { Store } from "../../src/core/shared/store.js";
import { searchArticle, siteArticle } from "../../src/core/site/views.js";

/** Every file as path, content and signature: what the writer sees. */
const dump = (files: readonly OutputFile[]) =>
  files.map((f) => `${f.path}\0${String(f.content)}\0${f.sig ?? ""}`);

/** How many times a prepared article's view was read: never, when its path is given. */
let viewReads = 0;

/** The article with its document prepared (cloned, as posted from a worker) and its text unreadable. */
function prepared(a: SearchArticle): SearchArticle {
  const document = structuredClone(prepareDocument(a));
  return {
    get view() {
      viewReads++;
      return a.view;
    },
    textSig: a.textSig,
    ...(a.sig === undefined ? {} : { sig: a.sig }),
    path: a.path ?? a.view.path,
    paragraphs: () => {
      throw new Error(`the text of ${a.view.path} was read`);
    },
    prepared: document,
  };
}

/** `a`'s text and view at `path` (field by field: the pipeline's articles keep some on a prototype). */
function atPath(a: SearchArticle, path: string): SearchArticle {
  return {
    view: a.view,
    textSig: a.textSig,
    ...(a.sig === undefined ? {} : { sig: a.sig }),
    path,
    paragraphs: () => a.paragraphs(),
  };
}

/** Articles as the pipeline gives them (views.ts), from the benchmark's generator, with hostile and marked-up text. */
function siteArticles(from: number, count: number): SearchArticle[] {
  const texts = Array.from({ length: count }, (_, i) => articleText(from + i, 3));
  texts.push(
    "Заголовок <script>alert(1)</script> & «лапки» \u2028\n\nДжерело: Джерело & Ко\nДата: 2026-03-01T10:00\nТеги: <b>тег</b>, здоровʼя\n" +
      "Текст з **розміткою**, `кодом`, [посиланням](https://example.org) і </script>.\n" +
      "Пам'ять обʼєкт’ом 😀 café\n",
    "An English headline about flooding\n\nДжерело: Reuters\nДата: 2026-03-02T10:00\n" +
      "The sensors were flooding the river's banks, and the engineers' reports said so.\n",
  );
  return texts.map((text, i) => {
    const parsed = parseArticle(text, `a${String(from + i).padStart(4, "0")}.txt`);
    if (!parsed.ok) throw new Error(parsed.problems[0]?.message);
    return searchArticle(siteArticle(parsed.article, { lang: "uk", timeZone: "Europe/Kyiv" }));
  });
}

describe("an index of prepared documents", () => {
  const articles = siteArticles(0, 400);

  it("is plain data that survives structured cloning", () => {
    const document = prepareDocument(articles[0] as SearchArticle);
    expect(structuredClone(document)).toEqual(document);
    expect(document.terms.counts).toBeInstanceOf(Uint8Array);
    expect(document.terms.terms.length).toBe(document.terms.counts.length);
  });

  it("has every file, path and byte, of the index of the articles, and never reads their text, nor their view given their path", () => {
    const plain = new SearchIndex({ keep: "none" }).files(articles);
    expect(plain.length).toBeGreaterThan(articles.length + 10);
    const given = articles.map(prepared);
    viewReads = 0;
    const fromPrepared = new SearchIndex({ keep: "none" }).files(given);
    expect(dump(fromPrepared)).toEqual(dump(plain));
    expect(viewReads).toBe(0);
    // Kept for updates (watch, and a build that saves) too.
    const kept = new SearchIndex({ keep: "memory" }).files(articles.map(prepared));
    expect(dump(kept)).toEqual(dump(plain));
  });

  it("and after edits, additions and deletions: patched in memory or restored from a store", () => {
    const options: SearchIndexOptions = { shardTarget: 2000 };
    const memory = new SearchIndex(options);
    const store = new MapStore();
    memory.files(articles.map(prepared));
    memory.save(store);
    const [other, added] = siteArticles(1000, 2) as [SearchArticle, SearchArticle];
    const steps: SearchArticle[][] = [
      // An edit: article 5 given another article's text and view at its own path.
      articles.map((a, i) => (i === 5 ? atPath(other, a.path as string) : a)),
      // One added, one deleted.
      [...articles.slice(0, 10), ...articles.slice(11), added],
      // Many at once: the index is made afresh.
      articles.slice(150),
    ];
    for (const step of steps) {
      const fresh = dump(new SearchIndex(options).files(step));
      expect(dump(memory.files(step.map(prepared)))).toEqual(fresh);
      const restored = SearchIndex.restore(store, { ...options, keep: "store" });
      expect(restored).not.toBeNull();
      expect(dump((restored as SearchIndex).files(step.map(prepared)))).toEqual(fresh);
      (restored as SearchIndex).save(store);
    }
  });
});

describe("the term counter", () => {
  it("counts what forEachWord and wordTerms give, document after document, however its table grows or starts afresh", () => {
    const alphabet = [..."аеіоуклмнрстґ'’ʼ -.1😀\u0301", "Київ", "Харків", "the", "і", "sensors"];
    const text = fc.array(fc.constantFrom(...alphabet), { maxLength: 60 }).map((a) => a.join(""));
    const document = fc.array(fc.tuple(text, fc.integer({ min: 1, max: 40 })), { maxLength: 4 });
    fc.assert(
      fc.property(fc.array(document, { minLength: 1, maxLength: 8 }), (documents) => {
        // A tiny table: it grows and is forgotten between documents, as a long build's is.
        const counter = new TermCounter(6, 4);
        for (const fields of documents) {
          const expected = new Map<string, number>();
          let words = 0;
          for (const [t, weight] of fields) {
            counter.add(t, weight);
            forEachWord(t, (w) => {
              const terms = wordTerms(w);
              if (terms.length > 0) words++;
              for (const term of terms) expected.set(term, (expected.get(term) ?? 0) + weight);
            });
          }
          const got = counter.take(MAX_COUNT);
          expect(got.words).toBe(words);
          expect(got.terms).toEqual([...expected.keys()]);
          expect([...got.counts]).toEqual(
            [...expected.values()].map((n) => Math.min(n, MAX_COUNT)),
          );
        }
      }),
      { numRuns: 300 },
    );
  });
});

class MapStore implements Store {
  readonly map = new Map<string, string>();
  get(key: string) {
    return this.map.get(key);
  }
  set(key: string, value: string) {
    this.map.set(key, value);
  }
  delete(key: string) {
    this.map.delete(key);
  }
}
