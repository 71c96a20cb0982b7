/**
 * Authors as the site groups them (site.ts, taxonomy.ts): the same treatment as sources and
 * tags, invisible characters dropped, spellings that differ only in case or spacing on one
 * page under the most used one, names that differ in more on pages of their own.
 */
import { describe, expect, it } from "vitest";
import { type Article, parseArticle } from "../../src/core/article/parse.js";
import { formatProblem } from "../../src/core/shared/errors.js";
import type { Page } from "../../src/core/site/model.js";
import { buildSite } from "../../src/pipeline/site-model.js";

function article(slug: string, author: string | null): Article {
  const header = author === null ? "" : `Автор: ${author}\n`;
  const r = parseArticle(`Новина ${slug}\n\nДата: 2026-11-24\n${header}\nТекст.\n`, `${slug}.txt`);
  if (!r.ok) throw new Error(r.problems.map(formatProblem).join("; "));
  return r.article;
}

function pages(articles: Article[]): Page[] {
  const r = buildSite(articles, { lang: "uk", timeZone: "Europe/Kyiv", pageSize: 2 });
  if (!r.ok) throw new Error(r.problems.map(formatProblem).join("; "));
  return r.model.pages;
}

describe("authors' pages", () => {
  it("drop invisible characters and group spellings under the most used one", () => {
    const all = pages([
      article("a", "Ірина\u00adКоваль".replace("\u00ad", " \u200b")),
      article("b", "Ірина Коваль"),
      article("c", "ірина  коваль"),
      article("d", "Ірина Ковальова"),
      article("e", null),
    ]);
    const index = all.find((p) => p.path === "authors/index.html");
    expect(index?.terms?.map((t) => [t.name, t.path, t.countText])).toEqual([
      ["Ірина Коваль", "authors/iryna-koval/index.html", "3 статті"],
      ["Ірина Ковальова", "authors/iryna-kovalova/index.html", "1 стаття"],
    ]);
    const lists = all.filter((p) => p.path.startsWith("authors/iryna-koval/"));
    expect(lists.map((p) => [p.path, p.articles?.map((a) => a.slug)])).toEqual([
      ["authors/iryna-koval/index.html", ["a", "b"]],
      ["authors/iryna-koval/page/2/index.html", ["c"]],
    ]);
    expect(lists[0]?.heading).toBe("Автор: Ірина Коваль");
  });

  it("names that have no Latin form get slugs of their own", () => {
    const index = pages([article("a", "李明"), article("b", "王芳")]).find(
      (p) => p.path === "authors/index.html",
    );
    const paths = index?.terms?.map((t) => t.path) ?? [];
    expect(paths).toHaveLength(2);
    expect(new Set(paths).size).toBe(2);
  });
});
