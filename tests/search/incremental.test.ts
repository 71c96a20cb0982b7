/**
 * The search index patched after edits (what `vistka watch` does) gives exactly
 * the files a fresh index of the same articles gives, and rewrites only what the
 * edit touched. Small shards, so that edits split, merge, add and empty shards.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type SearchArticle, SearchIndex } from "../../src/core/search/search-index.js";
import type { OutputFile } from "../../src/core/shared/output.js";

/** Made-up words: a few common ones, many rare ones, numbers, and words that are prefixes of others. */
const WORDS = [
  ..."рада уряд місто школа лікар лікарня лікарні міст мости мостик".split(" "),
  ..."а б ва ве ві вітер віче вічність 1 2 12 120 2026 ab abc abcd".split(" "),
  ...Array.from({ length: 60 }, (_, i) => `слово${i.toString(36)}`),
  ...Array.from({ length: 30 }, (_, i) => `${"бвгдж"[i % 5]}${"аеиоу"[(i * 3) % 5]}рт${i}`),
];

function doc(id: number, words: number[]): SearchArticle {
  const text = words.map((w) => WORDS[w % WORDS.length]).join(" ");
  return {
    // A new view object per version: the index tells articles apart by their view.
    view: {
      path: `a${id}/index.html`,
      headline: `Новина ${id}`,
      source: null,
      tags: [],
      datetime: null,
      dateText: null,
    },
    paragraphs: () => (text === "" ? [] : [text]),
  };
}

const same = (a: OutputFile[], b: OutputFile[]) =>
  a.map((f) => [f.path, f.content, f.sig ?? null]).join("\n") ===
  b.map((f) => [f.path, f.content, f.sig ?? null]).join("\n");

const words = fc.array(fc.nat(WORDS.length - 1), { maxLength: 40 });

describe("the search index after edits", () => {
  it("is the index a fresh build makes, whatever the edits (shards split, merge, appear, empty)", () => {
    fc.assert(
      fc.property(
        fc.array(words, { minLength: 1, maxLength: 25 }),
        fc.array(fc.tuple(fc.nat(), words, fc.boolean()), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 60, max: 600 }),
        (initial, edits, target) => {
          let articles = initial.map((w, i) => doc(i, w));
          const index = new SearchIndex(target);
          index.files(articles);
          for (const [at, text, grow] of edits) {
            articles = [...articles];
            // Mostly edits in place; now and then an article more (a rebuild, not a patch).
            if (grow && at % 7 === 0) articles.unshift(doc(articles.length, text));
            else articles[at % articles.length] = doc(at % articles.length, text);
            const patched = index.files(articles);
            const fresh = new SearchIndex(target).files(articles);
            if (!same(patched, fresh)) return false;
            // The one-off index of a build (kept nothing for patching) makes the same files.
            if (!same(patched, new SearchIndex(target, false).files(articles))) return false;
          }
          return true;
        },
      ),
      { numRuns: Number(process.env.VISTKA_PROPERTY_RUNS ?? 400) },
    );
  });

  it("an edit rewrites only its own record and the shards of the words it changed", () => {
    const articles = Array.from({ length: 200 }, (_, i) =>
      doc(
        i,
        Array.from({ length: 30 }, (_, k) => (i * 7 + k * 13) % WORDS.length),
      ),
    );
    const index = new SearchIndex(400);
    const before = index.files(articles);
    // Article 5 (id 194: ids count from the oldest) gets one more word it already had.
    const edited = [...articles];
    const text = Array.from({ length: 30 }, (_, k) => (5 * 7 + k * 13) % WORDS.length);
    edited[5] = doc(5, [...text, text[0] as number]);
    const after = index.files(edited);
    expect(same(after, new SearchIndex(400).files(edited))).toBe(true);
    const shards = (files: OutputFile[]) => files.filter((f) => f.path.startsWith("search/s/"));
    expect(shards(before).length).toBeGreaterThan(10);
    const rewritten = after.filter((f, i) => f !== before[i]).map((f) => f.path);
    // The table, the article's record, and the one shard of the repeated word.
    expect(rewritten).toContain("search/index.js");
    expect(rewritten).toContain("search/d/194.js");
    expect(rewritten.filter((p) => p.startsWith("search/s/"))).toHaveLength(1);
    expect(rewritten).toHaveLength(3);
  });
});
