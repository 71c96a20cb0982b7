/**
 * Each source's, tag's and author's own feed in the pipeline's keyed stages: signed by what
 * it is made from, so an unchanged one is known without reading its articles' texts (a later
 * build, a watch rebuild), and an edit re-signs exactly the feeds whose articles it changed.
 */
import { describe, expect, it } from "vitest";
import { type Article, parseArticle } from "../../src/core/article/parse.js";
import { formatProblem } from "../../src/core/shared/errors.js";
import type { OutputFile } from "../../src/core/shared/output.js";
import type { SiteArticle, SiteModel, SiteOptions } from "../../src/core/site/model.js";
import { siteArticle } from "../../src/core/site/views.js";
import { buildSiteModel, SiteStages } from "../../src/pipeline/site-model.js";

const OPTIONS: SiteOptions = {
  lang: "uk",
  timeZone: "Europe/Kyiv",
  baseUrl: "https://example.org/news/",
  codeSig: "code-1",
};

function article(slug: string, day: number, tag: string, body = "Текст."): Article {
  const text = `Новина ${slug}\n\nДжерело: Рада\nДата: ${day}.11.2026 10:00\nАвтор: Ірина Коваль\nТеги: ${tag}\n\n${body}\n`;
  const r = parseArticle(text, `articles/${slug}.txt`);
  if (!r.ok) throw new Error(r.problems.map(formatProblem).join("; "));
  return r.article;
}

/** The articles as a later build takes them: new views, and a log of whose text is read. */
function input(articles: Article[], reads: string[], options = OPTIONS): SiteArticle[] {
  return articles.map((a) => ({
    ...siteArticle(a, options),
    text: () => {
      reads.push(a.slug);
      return a;
    },
  }));
}

function termFeeds(model: SiteModel): Map<string, OutputFile> {
  return new Map(
    model.files.filter((f) => /^(sources|tags|authors)\//.test(f.path)).map((f) => [f.path, f]),
  );
}

function build(articles: SiteArticle[], options = OPTIONS): SiteModel {
  const r = buildSiteModel(articles, options, new SiteStages());
  if (!r.ok) throw new Error("the site did not build");
  return r.model;
}

// Sixty articles, so most of them are past the site feed's newest 50 and read only for a term's.
const ARTICLES = Array.from({ length: 60 }, (_, i) =>
  article(`a${i}`, (i % 28) + 1, i < 30 ? "місто" : "культура"),
);

describe("a source's, tag's or author's feed", () => {
  it("is known by its signature in a later build, without its articles' texts", () => {
    const first = termFeeds(build(input(ARTICLES, [])));
    expect([...first.keys()].sort()).toEqual([
      "authors/iryna-koval/feed.xml",
      "sources/rada/feed.xml",
      "tags/kultura/feed.xml",
      "tags/misto/feed.xml",
    ]);
    const reads: string[] = [];
    const again = termFeeds(build(input(ARTICLES, reads)));
    const readForSiteFeed = new Set(reads);
    for (const [path, file] of again) expect(file.sig, path).toBe(first.get(path)?.sig);
    expect(new Set(reads)).toEqual(readForSiteFeed);
    // Made only when read: then its articles' texts are read, and it is the same feed.
    const tag = again.get("tags/misto/feed.xml") as OutputFile;
    expect(tag.content).toBe(first.get("tags/misto/feed.xml")?.content);
    expect(reads.length).toBeGreaterThan(readForSiteFeed.size);
  });

  it("is signed anew when one of its articles changes, and only then", () => {
    const before = termFeeds(build(input(ARTICLES, [])));
    const edited = ARTICLES.map((a) =>
      a.slug === "a55" ? article("a55", 28, "культура", "Новий текст.") : a,
    );
    const after = termFeeds(build(input(edited, [])));
    const changed = [...after].filter(([path, f]) => before.get(path)?.sig !== f.sig);
    // a55 (28 November) is among the newest of culture, of the source and of the author.
    expect(changed.map(([path]) => path).sort()).toEqual([
      "authors/iryna-koval/feed.xml",
      "sources/rada/feed.xml",
      "tags/kultura/feed.xml",
    ]);
    expect(after.get("tags/kultura/feed.xml")?.content).toContain("Новий текст.");
  });

  it("is signed anew by a new vistka, whose feeds may be written differently", () => {
    const before = termFeeds(build(input(ARTICLES, [])));
    const options = { ...OPTIONS, codeSig: "code-2" };
    const after = termFeeds(build(input(ARTICLES, [], options), options));
    for (const [path, file] of after) expect(file.sig, path).not.toBe(before.get(path)?.sig);
  });

  it("is kept from the last build by watch's stages, and a term gone takes its feed with it", () => {
    const stages = new SiteStages();
    const model = (articles: Article[]) => {
      const r = buildSiteModel(input(articles, []), OPTIONS, stages);
      if (!r.ok) throw new Error("the site did not build");
      return termFeeds(r.model);
    };
    const first = model(ARTICLES);
    const second = model(ARTICLES);
    for (const [path, file] of second) expect(file, path).toBe(first.get(path));
    const cityOnly = model(ARTICLES.slice(0, 30));
    expect(cityOnly.has("tags/kultura/feed.xml")).toBe(false);
    expect(cityOnly.get("tags/misto/feed.xml")).toBe(first.get("tags/misto/feed.xml"));
  });
});
