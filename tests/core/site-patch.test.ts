/**
 * The site model patched after an edit (SiteMemo, what `vistka watch` keeps) is
 * the model a fresh build of the same articles makes; edits that move an article
 * (date, source, tags, slug, a new or deleted file) build it anew.
 */
import { describe, expect, it } from "vitest";
import type { Article } from "../../src/core/article/parse.js";
import { formatProblem } from "../../src/core/shared/errors.js";
import type { SiteModel, SiteOptions } from "../../src/core/site/model.js";
import { buildSite } from "../../src/pipeline/site-model.js";
import { SiteMemo } from "../../src/pipeline/site-patch.js";

const OPTIONS: SiteOptions = {
  lang: "uk",
  timeZone: "Europe/Kyiv",
  pageSize: 4,
  baseUrl: "https://example.org/news/",
  generator: { name: "vistka", version: "test" },
};

function article(i: number, extra: Partial<Article> = {}): Article {
  return {
    file: `articles/a${i}.txt`,
    headline: `Новина номер ${i}`,
    source: `Джерело ${i % 3}`,
    date: `2026-11-${String(1 + (i % 28)).padStart(2, "0")}T${String(i % 24).padStart(2, "0")}:00:00`,
    author: null,
    tags: i % 2 ? ["місто"] : ["освіта", "наука"],
    slug: `novyna-${i}`,
    draft: false,
    body: [`Перший абзац новини ${i}.`, `Другий абзац, слово${i}.`],
    background: [],
    related: [],
    warnings: [],
    ...extra,
  };
}

function built(articles: Article[], memo?: SiteMemo): SiteModel {
  const r = buildSite(articles, OPTIONS, memo);
  if (!r.ok) throw new Error(r.problems.map(formatProblem).join("; "));
  return r.model;
}

/** What the model makes: every page's data and every file, and its warnings. */
function output(m: SiteModel) {
  return {
    warnings: m.warnings,
    pages: m.pages.map((p) => ({ ...p, source: p.source?.file })),
    files: m.files.map((f) => [f.path, f.content]),
    articles: m.articles,
    sig: m.sig,
  };
}

const START = Array.from({ length: 30 }, (_, i) => article(i));

/** Edit article `i` of START in a memo'd site; the patched model and the previous one. */
function edit(i: number, change: Partial<Article>) {
  const memo = new SiteMemo();
  const before = built(START, memo);
  const next = [...START];
  next[i] = { ...(START[i] as Article), ...change };
  return { before, after: built(next, memo), fresh: built(next) };
}

/** How many pages the two models share as the very same objects (patched, not rebuilt). */
const shared = (a: SiteModel, b: SiteModel) => {
  const old = new Set(a.pages);
  return b.pages.filter((p) => old.has(p)).length;
};

describe("the site model after an edit", () => {
  const patched: [string, Partial<Article>][] = [
    ["a later paragraph", { body: ["Перший абзац новини 27.", "Зовсім інший другий абзац."] }],
    ["the first paragraph (the teaser)", { body: ["Новий перший абзац.", "Другий."] }],
    ["the headline", { headline: "Зовсім новий заголовок" }],
    ["the author", { author: "Олена Пчілка" }],
    ["the background and the briefs", { background: ["Тло."], related: ["Коротко."] }],
  ];
  for (const [what, change] of patched) {
    it(`${what}: patched, and the same as a fresh build`, () => {
      // The newest article: in the feeds and the news sitemap too.
      const { before, after, fresh } = edit(27, change);
      expect(output(after)).toEqual(output(fresh));
      // Patched: all but the article's own page and the list pages it is on are kept as they were.
      expect(shared(before, after)).toBeGreaterThan(before.pages.length - 8);
    });
  }

  const rebuilt: [string, Partial<Article>][] = [
    ["the date", { date: "2026-10-01T09:00:00" }],
    ["the source", { source: "Інше джерело" }],
    ["the tags", { tags: ["спорт"] }],
    ["the slug", { slug: "inshyi-slug" }],
    ["a draft", { draft: true }],
  ];
  for (const [what, change] of rebuilt) {
    it(`${what}: built anew, the same as a fresh build`, () => {
      const { before, after, fresh } = edit(7, change);
      expect(output(after)).toEqual(output(fresh));
      expect(shared(before, after)).toBe(0);
    });
  }

  it("a series of edits, some moving articles, stays equal to fresh builds", () => {
    const memo = new SiteMemo();
    let articles = [...START];
    built(articles, memo);
    const changes: [number, Partial<Article>][] = [
      [3, { body: ["Раз."] }],
      [3, { body: ["Два.", "Три."] }],
      [10, { headline: "Інший заголовок" }],
      [12, { date: "2025-01-01" }],
      [3, { body: ["Чотири."] }],
      [20, { tags: [] }],
      [20, { body: ["П'ять."] }],
      [0, { author: "Автор" }],
    ];
    for (const [i, change] of changes) {
      articles = [...articles];
      articles[i] = { ...(articles[i] as Article), ...change };
      expect(output(built(articles, memo))).toEqual(output(built(articles)));
    }
    // A file gone and one new.
    articles = [...articles.slice(1), article(99)];
    expect(output(built(articles, memo))).toEqual(output(built(articles)));
  });

  it("a memo used with other options keeps nothing made with the old ones", () => {
    const memo = new SiteMemo();
    built(START, memo);
    const other: SiteOptions = { ...OPTIONS, baseUrl: "https://other.example/", timeZone: "UTC" };
    const r = buildSite(START, other, memo);
    const fresh = buildSite(START, other);
    if (!r.ok || !fresh.ok) throw new Error("the site did not build");
    expect(output(r.model)).toEqual(output(fresh.model));
    expect(r.model.articles[0]?.canonical).toMatch(/^https:\/\/other\.example\//);
  });

  it("warns of articles dated in the future as a fresh build does, after the clock moved on", () => {
    const memo = new SiteMemo();
    const at = (iso: string) => ({ ...OPTIONS, now: Date.parse(iso) });
    const first = buildSite(START, at("2026-11-20T00:00:00Z"), memo);
    if (!first.ok) throw new Error("the site did not build");
    expect(first.model.warnings.length).toBeGreaterThan(3);
    const next = [...START];
    next[27] = { ...(START[27] as Article), body: ["Новий текст."] };
    const later = at("2026-11-25T00:00:00Z");
    const patched = buildSite(next, later, memo);
    const fresh = buildSite(next, later);
    if (!patched.ok || !fresh.ok) throw new Error("the site did not build");
    expect(patched.model.warnings).toEqual(fresh.model.warnings);
    expect(patched.model.warnings.length).toBeLessThan(first.model.warnings.length);
  });
});
