/**
 * Search documents prepared with each article's view (as the reading threads make them,
 * pipeline/read-article.ts): the site's search files are the ones made from the texts,
 * and the site stage lets go of every prepared document once the index took it (kept,
 * each would hold a second copy of its article's terms for the rest of the build or watch).
 */
import { describe, expect, it } from "vitest";
import { articleText } from "../../bench/generate.js";
import { parseArticle } from "../../src/core/article/parse.js";
import { prepareDocument } from "../../src/core/search/search-index.js";
import type { SiteArticle, SiteOptions } from "../../src/core/site/model.js";
import { articleView, searchArticle, siteArticleOf } from "../../src/core/site/views.js";
import { buildSiteModel } from "../../src/pipeline/site-model.js";

const OPTIONS: SiteOptions = {
  lang: "uk",
  timeZone: "Europe/Kyiv",
  baseUrl: "https://example.org/news/",
  codeSig: "code-1",
};

/** The bench's articles as the site takes them, with their search documents prepared or not. */
function articles(prepared: boolean): SiteArticle[] {
  return Array.from({ length: 60 }, (_, i) => {
    const r = parseArticle(articleText(i, 3), `articles/a${i}.txt`);
    if (!r.ok) throw new Error(r.problems[0]?.message);
    const view = articleView(r.article, OPTIONS);
    if (!prepared) return siteArticleOf(r.article, view);
    // Cloned, as a thread posts it.
    const doc = structuredClone(prepareDocument(searchArticle(siteArticleOf(r.article, view))));
    const { record: _record, ...search } = doc;
    return siteArticleOf(r.article, view, search);
  });
}

/** The search files of a site model, path → content. */
function searchFiles(input: SiteArticle[]): Map<string, string> {
  const built = buildSiteModel(input, OPTIONS);
  if (!built.ok) throw new Error(built.problems[0]?.message);
  const files = built.model.files.filter((f) => f.path.startsWith("search/"));
  return new Map(files.map((f) => [f.path, String(f.content)]));
}

describe("prepared search documents", () => {
  it("give the search files made from the texts, and are let go of once taken", () => {
    const plain = searchFiles(articles(false));
    const input = articles(true);
    expect(input.every((a) => a.search !== undefined)).toBe(true);
    const prepared = searchFiles(input);
    expect(plain.size).toBeGreaterThan(60);
    expect([...prepared.keys()]).toEqual([...plain.keys()]);
    for (const [file, content] of plain) expect(prepared.get(file), file).toBe(content);
    expect(input.filter((a) => a.search !== undefined)).toEqual([]);
  });
});
