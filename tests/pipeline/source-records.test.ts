/**
 * SourceRecords.compact: every record and its article object made anew (for memory
 * locality, see its comment) must keep every field, and the same view, text and search
 * document, or a rebuild after it would lose what the records said.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { articleText } from "../../bench/generate.js";
import { parseArticle } from "../../src/core/article/parse.js";
import { prepareDocument } from "../../src/core/search/search-index.js";
import type { SiteArticle, SiteOptions } from "../../src/core/site/model.js";
import { articleView, searchArticle, siteArticleOf } from "../../src/core/site/views.js";
import { SourceRecords } from "../../src/pipeline/source-records.js";

const OPTIONS: SiteOptions = { lang: "uk", timeZone: "Europe/Kyiv", codeSig: "code-1" };
const IN = path.resolve("/tmp/vistka-records-test/articles");

function article(i: number, prepared: boolean): SiteArticle {
  const r = parseArticle(articleText(i, 5), `articles/a${i}.txt`);
  if (!r.ok) throw new Error(r.problems[0]?.message);
  const view = articleView(r.article, OPTIONS);
  if (!prepared) return siteArticleOf(r.article, view);
  const { record: _record, ...search } = prepareDocument(
    searchArticle(siteArticleOf(r.article, view)),
  );
  return siteArticleOf(r.article, view, search);
}

function records(): SourceRecords {
  const never = () => {
    throw new Error("not asked for in this test");
  };
  const rs = new SourceRecords(IN, undefined, never, never, false);
  const problem = { file: "articles/b.txt", line: 3, message: "broken", hint: "fix it" };
  for (let i = 0; i < 12; i++) {
    const full = path.join(IN, `a${String(i).padStart(2, "0")}.txt`);
    // Some with a search document, some with warnings, one broken with its last good version
    // kept, one broken with none.
    const good = i === 11 ? undefined : article(i, i % 2 === 0);
    rs.set(
      full,
      {
        file: `articles/a${i}.txt`,
        stat: [100 + i, 1_000 + i, 2_000 + i, 3_000 + i],
        digest: `digest-${i}`,
        warnings: i % 3 === 0 ? [{ ...problem, message: `warned ${i}` }] : [],
        problems: i >= 10 ? [problem] : [],
      },
      good,
    );
  }
  return rs;
}

describe("SourceRecords.compact", () => {
  it("keeps every record's fields and its article's, the same view, text and search document", () => {
    const rs = records();
    const before = rs.inOrder().slice();
    rs.compact();
    const after = rs.inOrder();
    expect(after.map((r) => r.rel)).toEqual(before.map((r) => r.rel));
    for (let i = 0; i < before.length; i++) {
      const was = before[i];
      const now = after[i];
      if (!was || !now) throw new Error("records lost");
      // New objects (that is the point), with the same own fields and values.
      expect(now).not.toBe(was);
      expect(Object.keys(now).sort()).toEqual(Object.keys(was).sort());
      // Empty lists become the one shared (frozen) empty list; the others are the same.
      for (const key of Object.keys(was) as (keyof typeof was)[]) {
        if (key === "good") continue;
        const value = was[key];
        if (Array.isArray(value) && value.length === 0) expect(now[key]).toEqual([]);
        else expect(now[key]).toBe(value);
      }
      expect(rs.get(path.join(IN, now.rel))).toBe(now);
      if (was.good === undefined) {
        expect(now.good).toBeUndefined();
        continue;
      }
      const good = now.good as SiteArticle;
      expect(good).not.toBe(was.good);
      // Every field the article had, optional ones included, is there with the same value.
      const fields = Object.keys(was.good).filter(
        (k) => was.good?.[k as keyof SiteArticle] !== undefined,
      );
      expect(fields.length).toBeGreaterThan(8);
      for (const key of fields as (keyof SiteArticle)[]) {
        const value = was.good[key];
        if (Array.isArray(value) && value.length === 0) expect(good[key]).toEqual([]);
        else expect(good[key]).toBe(value);
      }
      expect(good.text().headline).toBe(was.good.text().headline);
    }
    // The prepared documents went over too: the search index takes them from the new objects.
    expect(after.filter((r) => r.good?.search !== undefined)).toHaveLength(6);
    // The shared empty list cannot be changed through one record.
    const clean = after.find((r) => r.warnings.length === 0) as (typeof after)[number];
    expect(() => clean.warnings.push(clean.problems[0] as never)).toThrow(TypeError);
  });
});
