/**
 * The list pages as the build cache keeps them (pipeline/stored-lists.ts): a later build
 * whose articles kept their places takes them from the cache, makes only the pages that
 * show a changed teaser, and reads no other article's view; the pages are the ones a build
 * without the cache makes.
 */
import { describe, expect, it } from "vitest";
import { type Article, parseArticle } from "../../src/core/article/parse.js";
import { type CompiledTemplates, renderSite } from "../../src/core/render/render.js";
import { formatProblem } from "../../src/core/shared/errors.js";
import { type SiteLists, storeLists } from "../../src/core/site/lists.js";
import type { SiteArticle, SiteModel, SiteOptions } from "../../src/core/site/model.js";
import { buildPages } from "../../src/core/site/site.js";
import { siteArticle } from "../../src/core/site/views.js";
import { loadTemplates } from "../../src/io/templates.js";
import { buildSiteModel, SiteStages } from "../../src/pipeline/site-model.js";
import { readLists } from "../../src/pipeline/stored-lists.js";

const OPTIONS: SiteOptions = {
  lang: "uk",
  timeZone: "Europe/Kyiv",
  baseUrl: "https://example.org/news/",
  pageSize: 5,
  codeSig: "code-1",
};

interface Spec {
  slug: string;
  day: number;
  headline?: string;
  body?: string;
  featured?: boolean;
}

function article({ slug, day, headline, body, featured }: Spec): Article {
  const tag = day % 2 === 0 ? "місто" : "культура";
  const lead = featured ? "Головне: так\n" : "";
  const text = `${headline ?? `Новина ${slug}`}\n\nДжерело: Рада\nДата: ${day}.11.2026 10:00\n${lead}Теги: ${tag}\n\n${body ?? "Перший абзац."}\n`;
  const r = parseArticle(text, `articles/${slug}.txt`);
  if (!r.ok) throw new Error(r.problems.map(formatProblem).join("; "));
  return r.article;
}

const SPECS: Spec[] = Array.from({ length: 23 }, (_, i) => ({ slug: `a${i}`, day: i + 1 }));

/** The articles as a build takes them, each view read logged in `reads`. */
function input(specs: Spec[], reads: string[] = []): SiteArticle[] {
  return specs.map((spec) => {
    const a = siteArticle(article(spec), OPTIONS);
    const view = a.view;
    return {
      ...a,
      get view() {
        reads.push(a.slug);
        return view;
      },
    };
  });
}

function model(articles: SiteArticle[], stages = new SiteStages()): SiteModel {
  const r = buildSiteModel(articles, OPTIONS, stages);
  if (!r.ok) throw new Error("the site did not build");
  return r.model;
}

/** The lists through the cache's form and back. */
function throughCache(lists: SiteLists | undefined): SiteLists {
  const restored = readLists(JSON.stringify(storeLists(lists as SiteLists)));
  if (restored === null) throw new Error("stored lists do not read back");
  return restored;
}

/** Every file of the site, made whole (nothing known), path → content. */
function files(m: SiteModel, templates: CompiledTemplates): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of renderSite(m, templates, [])) out.set(f.path, String(f.content));
  return out;
}

/** The articles with `changes` applied by slug. */
function edited(changes: Record<string, Partial<Spec>>): Spec[] {
  return SPECS.map((s) => ({ ...s, ...changes[s.slug] }));
}

describe("the list pages from the build cache", () => {
  it.each([
    ["from the cache", throughCache],
    ["kept in memory (watch)", (lists: SiteLists | undefined) => lists as SiteLists],
  ])(
    "make the site a build without them makes, after edits that keep the places (%s)",
    async (_how, keep) => {
      const { templates } = await loadTemplates();
      const first = new SiteStages();
      const articles = input(SPECS);
      model(articles, first);
      // A headline (its teaser on list pages), a first paragraph and a body-only change;
      // the other articles are the very same (as watch keeps them).
      const next = input(
        edited({
          a22: { headline: "Нова назва" },
          a3: { body: "Інший перший абзац." },
          a10: { body: "Перший абзац.\n\nДругий абзац." },
        }),
      ).map((a, i) => (["a22", "a3", "a10"].includes(a.slug) ? a : (articles[i] as SiteArticle)));
      const later = model(next, new SiteStages(undefined, keep(first.lists)));
      const clean = model(input(edited({})).map((a, i) => next[i] ?? a));
      expect(files(later, templates)).toEqual(files(clean, templates));
      expect(later.pages.map((p) => p.sig)).toEqual(clean.pages.map((p) => p.sig));
      // And again with nothing changed since: the same pages.
      const again = model(next, new SiteStages(undefined, keep(first.lists)));
      expect(again.pages.map((p) => p.sig)).toEqual(clean.pages.map((p) => p.sig));
    },
  );

  it("after a first edit from the cache, a second edit of another teaser still remakes its pages", async () => {
    const { templates } = await loadTemplates();
    const first = new SiteStages();
    const articles = input(SPECS);
    model(articles, first);
    // A fresh process: the lists from the cache, one teaser edited (its pages found without
    // an index of every article's pages), then, in the same stages, another one edited.
    const stages = new SiteStages(undefined, throughCache(first.lists));
    const once = edited({ a4: { headline: "Перша зміна" } });
    model(input(once), stages);
    const twice = once.map((s) => (s.slug === "a17" ? { ...s, headline: "Друга зміна" } : s));
    const later = model(input(twice), stages);
    const clean = model(input(twice));
    expect(files(later, templates)).toEqual(files(clean, templates));
    // The signatures too: a page kept with its old one would not be written again.
    expect(later.pages.map((p) => p.sig)).toEqual(clean.pages.map((p) => p.sig));
    expect([...files(later, templates).values()].join("\n")).toContain("Друга зміна");
  });

  it("read only the views of the articles on the pages an edited teaser is on", () => {
    const first = new SiteStages();
    model(input(SPECS), first);
    const lists = throughCache(first.lists);
    const reads: string[] = [];
    // a2 is on the front page's 5th page and on its tag's and source's pages.
    const r = buildPages(input(edited({ a2: { headline: "Нова назва" } }), reads), OPTIONS, lists);
    if (!r.ok) throw new Error("the site did not build");
    expect(reads).toContain("a2");
    const shown = new Set(reads);
    // The pages that show a2: the front page's last (a0–a2), the tag's last, the source's last.
    expect(shown.size).toBeLessThanOrEqual(3 + 5 + 5);
    expect(shown.size).toBeLessThan(SPECS.length);
  });

  it("read no view when nothing a list shows changed", () => {
    const first = new SiteStages();
    model(input(SPECS), first);
    const reads: string[] = [];
    const r = buildPages(
      input(edited({ a7: { body: "Перший абзац.\n\nДругий." } }), reads),
      OPTIONS,
      throughCache(first.lists),
    );
    expect(r.ok).toBe(true);
    expect(reads).toEqual([]);
  });

  it("are made again from the articles' keys alone when an article is added", async () => {
    const { templates } = await loadTemplates();
    const first = new SiteStages();
    model(input(SPECS), first);
    const reads: string[] = [];
    const next = [...SPECS, { slug: "b1", day: 12 }];
    const r = buildPages(input(next, reads), OPTIONS, throughCache(first.lists));
    if (!r.ok) throw new Error("the site did not build");
    // No view read to make the lists: each page reads its own when it is made.
    expect(reads).toEqual([]);
    const page = r.pages.model.pages.find((p) => p.path === "index.html");
    expect(page?.articles?.map((a) => a.slug)).toEqual(["a22", "a21", "a20", "a19", "a18"]);
    expect(reads.sort()).toEqual(["a18", "a19", "a20", "a21", "a22"]);
    expect(files(model(input(next), new SiteStages(undefined, first.lists)), templates)).toEqual(
      files(model(input(next)), templates),
    );
  });

  it("lead the front page with a story newly marked as the lead", async () => {
    const { templates } = await loadTemplates();
    const first = new SiteStages();
    model(input(SPECS), first);
    const next = edited({ a20: { featured: true } });
    for (const previous of [first.lists, throughCache(first.lists)]) {
      const later = model(input(next), new SiteStages(undefined, previous));
      const front = later.pages.find((p) => p.path === "index.html");
      expect(front?.lead?.slug).toBe("a20");
      expect(files(later, templates)).toEqual(files(model(input(next)), templates));
    }
  });

  it("are not taken from a value that is not what storeLists wrote", () => {
    const first = new SiteStages();
    model(input(SPECS), first);
    const good = JSON.stringify(storeLists(first.lists as SiteLists));
    expect(readLists(good)).not.toBeNull();
    expect(readLists(good.slice(0, -10))).toBeNull();
    expect(good).toContain('"kind":"index"');
    expect(readLists(good.replace('"kind":"index"', '"kind":"nope"'))).toBeNull();
    expect(readLists(JSON.stringify({ ...JSON.parse(good), teasers: [["a1"]] }))).toBeNull();
    expect(readLists("[]")).toBeNull();
  });
});
