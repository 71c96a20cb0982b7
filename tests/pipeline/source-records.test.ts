/**
 * SourceRecords.compact: every record and its article object made anew (for memory
 * locality, see its comment) must keep every field, and the same view, text and search
 * document, or a rebuild after it would lose what the records said. And the records as the
 * build cache keeps them: each field read back as it was saved, and a value of another
 * shape refused whole.
 */
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { articleText } from "../../bench/generate.js";
import { parseArticle } from "../../src/core/article/parse.js";
import { prepareDocument } from "../../src/core/search/search-index.js";
import type { SiteArticle, SiteOptions } from "../../src/core/site/model.js";
import { articleView, searchArticle, siteArticleOf } from "../../src/core/site/views.js";
import { CacheStore } from "../../src/pipeline/cache.js";
import { type SourceRecord, SourceRecords } from "../../src/pipeline/source-records.js";
import { removeTempDirs, tempDirSync } from "../support/temp.js";

afterAll(removeTempDirs);

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

const never = () => {
  throw new Error("not asked for in this test");
};

function records(cache?: CacheStore): SourceRecords {
  const rs = new SourceRecords(IN, cache, never, never, false);
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
  // One without a stat (it could not be had).
  rs.set(
    path.join(IN, "z.txt"),
    { file: "articles/z.txt", stat: null, digest: "digest-z", warnings: [], problems: [] },
    article(20, false),
  );
  return rs;
}

/** What a record says, its article's facts, keys and view included (for comparing). */
function said(r: SourceRecord | undefined) {
  if (!r) throw new Error("no record");
  const g = r.good;
  const { rel, file, stat, readAt, digest, warnings, problems } = r;
  return {
    record: { rel, file, stat, readAt, digest, warnings, problems },
    good: g && {
      slug: g.slug,
      draft: g.draft,
      date: g.date,
      instant: g.instant,
      photos: g.photos,
      keys: g.keys,
      view: g.view,
    },
  };
}

describe("the records in the build cache", () => {
  const saved = () => {
    const dir = tempDirSync("records-cache");
    const { store } = CacheStore.open(dir, "key-1", IN, Date.now());
    const rs = records(store);
    rs.save();
    store.flush();
    return { dir, rs };
  };

  it("read back with every field as it was saved", () => {
    const { dir, rs } = saved();
    const { store, reused } = CacheStore.open(dir, "key-1", IN, Date.now());
    expect(reused).toBe(true);
    const back = new SourceRecords(IN, store, never, never, true);
    expect(store.isDamaged).toBe(false);
    const all = rs.inOrder();
    expect(back.inOrder().map((r) => r.rel)).toEqual(all.map((r) => r.rel));
    for (const r of all) {
      const full = path.join(IN, r.rel);
      // A broken file's last good version is not kept (a one-off build publishes nothing then).
      const expected = said(r);
      if (r.problems.length > 0) expected.good = undefined;
      expect(said(back.get(full))).toEqual(expected);
      expect(back.isCurrent(full, r.stat)).toBe(r.stat !== null);
    }
    // Tags and warnings made it through (the test's records have some).
    expect(all.some((r) => (r.good?.keys.tags.length ?? 0) > 0)).toBe(true);
    expect(all.some((r) => r.warnings.length > 0)).toBe(true);
  });

  it("a bucket of records of another shape is refused: none is used, and the cache is damaged", () => {
    // A stored record: [rel, file, stat, readAt, digest, warnings, problems, good], good being
    // [slug, draft, date, instant, photos, keys] or null, keys [sig, …, tags, featured].
    type Row = [unknown, unknown, unknown[] | null, ...unknown[]];
    const withGood = (s: Row, change: (good: unknown[]) => unknown[]): Row => {
      const good = s[7] as unknown[] | null;
      return good === null ? s : ([...s.slice(0, 7), change(good)] as unknown as Row);
    };
    for (const change of [
      // A size that is not a number; the stat's numbers not in a list of their own.
      (s: Row): Row => [s[0], s[1], s[2] && ["100", ...s[2].slice(1)], ...s.slice(3)],
      (s: Row): Row => [s[0], s[1], ...(s[2] ?? []), ...s.slice(3)] as Row,
      // A draft mark that is not a boolean; tags that are not strings.
      (s: Row): Row => withGood(s, (g) => [g[0], "no", ...g.slice(2)]),
      (s: Row): Row =>
        withGood(s, (g) => {
          const keys = g[5] as unknown[];
          return [...g.slice(0, 5), [...keys.slice(0, 6), [1], keys[7]]];
        }),
    ]) {
      const { dir } = saved();
      const { store } = CacheStore.open(dir, "key-1", IN, Date.now());
      for (let b = 0; b < 64; b++) {
        const text = store.get(`sources/${b}`);
        if (text === undefined) throw new Error(`sources/${b} missing`);
        store.set(`sources/${b}`, JSON.stringify((JSON.parse(text) as Row[]).map(change)));
      }
      store.flush();
      const again = CacheStore.open(dir, "key-1", IN, Date.now()).store;
      const reasons: string[] = [];
      again.onDamage = (reason) => reasons.push(reason);
      const back = new SourceRecords(IN, again, never, never, true);
      expect(reasons).toEqual([expect.stringMatching(/^sources\/\d+ does not read back$/)]);
      expect(back.inOrder()).toEqual([]);
    }
  });
});

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
