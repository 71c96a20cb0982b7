import { describe, expect, it } from "vitest";
import { type Article, parseArticle } from "../../src/core/article/parse.js";
import { formatProblem } from "../../src/core/shared/errors.js";
import type { SiteArticle, SiteModel, SiteOptions } from "../../src/core/site/model.js";
import { futureWarnings } from "../../src/core/site/site.js";
import { articleHtml, siteArticle } from "../../src/core/site/views.js";
import { buildSite } from "../../src/pipeline/site-model.js";

const UK: SiteOptions = { lang: "uk", timeZone: "Europe/Kyiv" };

function article(slug: string, date: string | null, extra: Partial<Article> = {}): Article {
  return {
    file: `articles/${slug}.txt`,
    headline: `Новина ${slug}`,
    source: null,
    date,
    author: null,
    tags: [],
    slug,
    draft: false,
    body: [`Текст ${slug}.`],
    background: [],
    related: [],
    updated: null,
    corrections: [],
    warnings: [],
    ...extra,
  };
}

function model(articles: Article[], options: SiteOptions = UK): SiteModel {
  const r = buildSite(articles, options);
  if (!r.ok) throw new Error(r.problems.map(formatProblem).join("; "));
  return r.model;
}

const slugs = (m: SiteModel) => m.articles.map((a) => a.slug);

describe("order", () => {
  it("lists the newest first", () => {
    const m = model([
      article("b", "2023-11-24"),
      article("a", "2023-11-25T10:00:00"),
      article("c", "2023-11-25"),
      article("d", "2022-01-01"),
    ]);
    expect(slugs(m)).toEqual(["a", "c", "b", "d"]);
  });

  it("compares instants, not strings: offsets count", () => {
    // 09:00 UTC is 11:00 in Kyiv, later than 10:30 Kyiv time.
    const m = model([
      article("kyiv", "2023-11-25T10:30:00"),
      article("utc", "2023-11-25T09:00:00+00:00"),
      article("ny", "2023-11-24T20:00:00-05:00"),
    ]);
    expect(slugs(m)).toEqual(["utc", "kyiv", "ny"]);
  });

  it("puts undated articles last, ordered by slug", () => {
    const m = model([
      article("zeta", null),
      article("old", "2001-01-01"),
      article("alpha", null),
      article("new", "2024-01-01"),
    ]);
    expect(slugs(m)).toEqual(["new", "old", "alpha", "zeta"]);
  });

  it("breaks ties by slug, whatever the input order", () => {
    const input = [
      article("v", "2023-11-24T12:00:00"),
      article("b", "2023-11-24T10:00:00+00:00"),
      article("a", "2023-11-24T12:00:00"),
    ];
    expect(slugs(model(input))).toEqual(["a", "b", "v"]);
    expect(slugs(model([...input].reverse()))).toEqual(["a", "b", "v"]);
  });
});

describe("slug checks", () => {
  it("a slug collision is an error naming both files", () => {
    const r = buildSite(
      [
        article("zustrich", "2023-11-24", { file: "articles/2023-11-24-zustrich.txt" }),
        article("zustrich", "2023-11-25", { file: "articles/old/Зустріч.txt" }),
      ],
      UK,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toHaveLength(1);
    const text = formatProblem(r.problems[0] as never);
    expect(text).toContain("articles/2023-11-24-zustrich.txt");
    expect(text).toContain("articles/old/Зустріч.txt");
    expect(text).toContain("zustrich");
  });

  it("reports every collision and reserved name at once", () => {
    const r = buildSite(
      [
        article("x", null),
        article("x", null),
        article("y", null),
        article("y", null),
        article("rss", null),
      ],
      UK,
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toHaveLength(3);
  });

  it("a reserved slug (a file named assets.txt) is an error", () => {
    const parsed = parseArticle("Заголовок\n\nТекст.", "articles/assets.txt");
    if (!parsed.ok) throw new Error("parse failed");
    expect(parsed.article.slug).toBe("assets");
    const r = buildSite([parsed.article], UK);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0]?.file).toBe("articles/assets.txt");
    expect(r.problems[0]?.message).toMatch(/reserved/);
  });

  it.each(["index", "404", "assets", "tags", "authors", "feed"])("reserves %s", (slug) => {
    expect(buildSite([article(slug, null)], UK).ok).toBe(false);
  });
});

describe("pages", () => {
  const m = model([
    article("persha", "2023-11-24T10:00:00+02:00", { headline: "Перша новина" }),
    article("druha", "2023-11-23"),
  ]);

  it("has an index at the root with every article", () => {
    const index = m.pages.filter((p) => p.kind === "index" && p.path === "index.html");
    expect(index).toHaveLength(1);
    expect(index[0]?.root).toBe("");
    expect(index[0]?.articles?.map((a) => a.slug)).toEqual(["persha", "druha"]);
    expect(index[0]?.title).toBe(m.site.title);
  });

  it("has one page per article at <slug>/index.html, rooted at ../", () => {
    const pages = m.pages.filter((p) => p.kind === "article");
    expect(pages.map((p) => p.path)).toEqual(["persha/index.html", "druha/index.html"]);
    for (const p of pages) {
      expect(p.root).toBe("../");
      expect(p.article?.path).toBe(p.path);
    }
    expect(pages[0]?.title).toContain("Перша новина");
    expect(pages[0]?.title).toContain(m.site.title);
  });

  it("every page path is relative and distinct", () => {
    const paths = m.pages.map((p) => p.path);
    expect(new Set(paths).size).toBe(paths.length);
    for (const p of paths) expect(p).toMatch(/^(?![/\\])(?!.*\.\.)[^\\]*\.html$/);
  });

  it("uses the Ukrainian strings table and site defaults", () => {
    expect(m.site.lang).toBe("uk");
    expect(m.site.strings.source).toBe("Джерело");
    expect(buildSite([], { ...UK, title: "Міська газета" }).ok).toBe(true);
    const titled = model([], { ...UK, title: "Міська газета" });
    expect(titled.site.title).toBe("Міська газета");
  });
});

describe("drafts", () => {
  it("leaves drafts out unless asked, so their slugs cannot collide", () => {
    const input = [article("x", null), article("x", null, { draft: true, file: "d.txt" })];
    expect(slugs(model(input))).toEqual(["x"]);
    expect(buildSite(input, { ...UK, drafts: true }).ok).toBe(false);
  });
});

describe("future dates", () => {
  // Without the site (an up-to-date build), the warnings are buildSite's: drafts, undated and
  // past articles left out, the same time zone, newest first and ties by slug.
  const input = [
    article("b", "2026-12-10T09:00:00"),
    article("old", "2026-11-01T09:00:00"),
    article("a", "2026-12-10T09:00:00"),
    article("undated", null),
    article("c", "2026-12-31T23:30:00"),
    article("draft", "2027-01-05", { draft: true }),
    article("late", "2026-12-03T23:30:00"),
  ];
  // 2026-12-03T22:00Z is 2026-12-04 00:00 in Kyiv: "late" is past there, future in UTC.
  const now = Date.parse("2026-12-03T22:00:00Z");

  it("warns of the same articles in the same order as a build", () => {
    for (const options of [
      { ...UK, now },
      { ...UK, now, drafts: true },
      { ...UK, timeZone: "UTC", now },
    ]) {
      const built = model(input, options).warnings;
      expect(futureWarnings(siteArticles(input, options), options)).toEqual(built);
    }
    expect(futureWarnings(siteArticles(input, UK), { ...UK, now }).map((w) => w.file)).toEqual([
      "articles/c.txt",
      "articles/a.txt",
      "articles/b.txt",
    ]);
    const utc = { ...UK, timeZone: "UTC", now, drafts: true };
    expect(futureWarnings(siteArticles(input, utc), utc)).toHaveLength(5);
  });
});

/** The articles as the site takes them, their views made with `options`. */
function siteArticles(input: Article[], options: SiteOptions): SiteArticle[] {
  return input.map((a) => siteArticle(a, options));
}

describe("article views", () => {
  it("writes the date in Ukrainian long form and keeps the datetime", () => {
    const [a] = model([article("x", "2023-11-24T10:00:00+02:00")]).articles;
    expect(a?.dateText).toBe("24 листопада 2023, 10:00");
    expect(a?.datetime).toBe("2023-11-24T10:00:00+02:00");
    const [b] = model([article("y", "2024-01-01")]).articles;
    expect(b?.dateText).toBe("1 січня 2024");
  });

  it("writes an English date for lang en", () => {
    const [a] = model([article("x", "2023-11-24")], {
      lang: "en",
      timeZone: "Europe/Kyiv",
    }).articles;
    expect(a?.dateText).toBe("24 November 2023");
  });

  it("has no date text when undated", () => {
    const [a] = model([article("x", null)]).articles;
    expect(a?.dateText).toBeNull();
    expect(a?.datetime).toBeNull();
  });

  it("summarizes the first paragraph as plain text, trimmed at a word", () => {
    const long = `**Важливо:** ${"слово ".repeat(60)}кінець`;
    const [a] = model([article("x", null, { body: [long, "Другий."] })]).articles;
    expect(a?.summary.length).toBeLessThanOrEqual(200);
    expect(a?.summary.startsWith("Важливо: слово")).toBe(true);
    expect(a?.summary.endsWith("…")).toBe(true);
    expect(a?.summary).not.toMatch(/[*<]/);
  });

  it("keeps a short summary whole", () => {
    const [a] = model([article("x", null, { body: ["Коротко і *ясно*."] })]).articles;
    expect(a?.summary).toBe("Коротко і ясно.");
  });

  it("renders the text as safe inline HTML", () => {
    const input = article("x", null, {
      headline: "Заголовок з <b>тегом</b>",
      body: ["Перший <script>x</script>.", "*Другий*."],
      background: ["[Довідка](javascript:alert(1))"],
      related: ["Бриф https://example.org"],
    });
    const m = model([input]);
    const page = m.pages.find((p) => p.kind === "article");
    expect(page?.text?.()).toBe(input);
    const a = { ...m.articles[0], ...articleHtml(input) };
    expect(a?.bodyHtml).toEqual(["Перший &lt;script&gt;x&lt;/script&gt;.", "<em>Другий</em>."]);
    expect(a?.backgroundHtml).toEqual(["Довідка"]);
    expect(a?.relatedHtml[0]).toContain('<a href="https://example.org">');
    expect(a?.headline).toBe("Заголовок з <b>тегом</b>");
  });
});

describe("sources and tags: one page per name, whatever is invisible or past the cut", () => {
  const STEM = "Міністерство розвитку громад територій та інфраструктури України ";
  const ROADS = `${STEM}департамент автомобільних доріг`;
  const RAIL = `${STEM}департамент залізничного транспорту`;

  /** An article parsed from text, with the given source and tags header values. */
  function parsed(slug: string, source: string, tags: string): Article {
    const text = `Новина ${slug}\n\nДжерело: ${source}\nДата: 2024-03-0${slug.length % 9}\nТеги: ${tags}\n\nТекст.\n`;
    const r = parseArticle(text, `articles/${slug}.txt`);
    if (!r.ok) throw new Error(r.problems.map(formatProblem).join("; "));
    return r.article;
  }

  const terms = (m: SiteModel, dir: "sources" | "tags") =>
    m.pages.find((p) => p.kind === "terms" && p.path === `${dir}/index.html`)?.terms ?? [];

  it("gives two long sources that differ only past the slug's cut a page each, titled by each", () => {
    const m = model([parsed("a", ROADS, "x"), parsed("bb", RAIL, "x")]);
    const sources = terms(m, "sources");
    expect(sources.map((t) => t.name).sort()).toEqual([ROADS, RAIL].sort());
    expect(new Set(sources.map((t) => t.path)).size).toBe(2);
    for (const t of sources) {
      const page = m.pages.find((p) => p.path === t.path);
      expect(page?.heading).toContain(t.name);
      expect(page?.articles).toHaveLength(1);
    }
  });

  it("gives long tags the same pages whatever the order of the files", () => {
    const input = [parsed("a", "Редакція", `${ROADS}, ${RAIL}`), parsed("bb", "Редакція", RAIL)];
    const paths = (m: SiteModel) => terms(m, "tags").map((t) => `${t.name} ${t.path} ${t.count}`);
    expect(paths(model(input))).toEqual(paths(model([...input].reverse())));
    expect(terms(model(input), "tags")).toHaveLength(2);
  });

  it("makes one term of names that differ only by invisible characters, shown without them", () => {
    const m = model([
      parsed("a", "Міська рада", "Транспорт"),
      parsed("bb", "Мі\u00adська\u200b рада", "Тран\u200bспорт"),
      parsed("ccc", "Міська\u2060 рада", "Транс\u00adпорт"),
    ]);
    expect(terms(m, "sources").map((t) => [t.name, t.count])).toEqual([["Міська рада", 3]]);
    expect(terms(m, "tags").map((t) => [t.name, t.count])).toEqual([["Транспорт", 3]]);
  });
});
