/**
 * The site's order as watch keeps it between rebuilds (buildPages: the last order reused
 * when each article is the very one given last time or one in the same place): every
 * rebuild of a sequence of edits must order the articles as a build from nothing does,
 * with each edited article's newest version in its place.
 */
import { expect, it } from "vitest";
import { type Article, parseArticle } from "../../src/core/article/parse.js";
import { formatProblem } from "../../src/core/shared/errors.js";
import type { SiteArticle, SiteModel, SiteOptions } from "../../src/core/site/model.js";
import { siteArticle } from "../../src/core/site/views.js";
import { buildSiteModel, SiteStages } from "../../src/pipeline/site-model.js";

const OPTIONS: SiteOptions = { lang: "uk", timeZone: "Europe/Kyiv", pageSize: 4 };

function article(slug: string, date: string | null, headline = `Новина ${slug}`): SiteArticle {
  const dated = date === null ? "" : `Дата: ${date}\n`;
  const text = `${headline}\n\nДжерело: Рада\n${dated}Теги: місто\n\nТекст ${slug}.\n`;
  const r = parseArticle(text, `articles/${slug}.txt`);
  if (!r.ok) throw new Error(r.problems.map(formatProblem).join("; "));
  return siteArticle(r.article as Article, OPTIONS);
}

function build(input: SiteArticle[], stages: SiteStages): SiteModel {
  const r = buildSiteModel(input, OPTIONS, stages);
  if (!r.ok) throw new Error("the site did not build");
  return r.model;
}

/** What the order shows: the articles in order, each list page's slugs, every page's heading. */
function shown(model: SiteModel) {
  return {
    articles: model.articles.map((v) => `${v.slug}: ${v.headline}`),
    lists: model.pages.filter((p) => p.slugs).map((p) => `${p.path} ${p.slugs?.join(",")}`),
    // Every page with its heading: an article's own page is its newest version's.
    pages: model.pages.map((p) => `${p.path} ${p.heading ?? ""}`),
  };
}

it("orders every rebuild of a sequence of edits as a build from nothing does", () => {
  // Ties in time (ordered by slug), an undated one (last), in files' order unlike the site's.
  const dates = ["2024-03-01 10:00", "2024-03-05 09:00", "2024-03-01 10:00", null, "2024-02-11"];
  let input = Array.from({ length: 15 }, (_, i) =>
    article(`n${String(i).padStart(2, "0")}`, dates[i % dates.length] ?? null),
  );
  const stages = new SiteStages();
  build(input, stages);
  const edits: ((articles: SiteArticle[]) => SiteArticle[])[] = [
    // Nothing changed: the same objects.
    (a) => a,
    // A headline edit: a new object in the same place.
    (a) => a.map((x, i) => (i === 7 ? article("n07", "2024-03-01 10:00", "Нова назва") : x)),
    // Two at once, one of them undated.
    (a) =>
      a.map((x, i) =>
        i === 3
          ? article("n03", null, "Без дати")
          : i === 12
            ? article("n12", "2024-03-01 10:00", "Інша")
            : x,
      ),
    // A new date moves one (the first edit's headline stays).
    (a) => a.map((x, i) => (i === 2 ? article("n02", "2024-04-01") : x)),
    (a) => a.map((x, i) => (i === 7 ? article("n07", "2024-03-05 09:00", "Нова назва") : x)),
    // Another slug in a file's place (a renamed file).
    (a) => a.map((x, i) => (i === 5 ? article("n05b", "2024-01-01") : x)),
    // Back to a tie broken by slug.
    (a) => a.map((x, i) => (i === 2 ? article("n02", "2024-03-01 10:00", "Знову") : x)),
    // One fewer, one more.
    (a) => a.slice(1),
    (a) => [...a, article("n99", "2024-03-05 09:00")],
  ];
  for (const [step, edit] of edits.entries()) {
    input = edit(input);
    const kept = build(input, stages);
    expect(shown(kept), `step ${step}`).toEqual(shown(build(input, new SiteStages())));
  }
  expect(shown(build(input, stages)).articles).toContain("n07: Нова назва");
});
