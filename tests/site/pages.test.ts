/**
 * The HTML pages of a built site: pagination, source and tag pages with
 * counts, 404, languages and dates, metadata (canonical, Open Graph, JSON-LD),
 * drafts, and, for every page, valid HTML and links that resolve.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { HtmlElement } from "html-validate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ArticleSpec,
  all,
  articleText,
  attr,
  brokenLinks,
  htmlPages,
  linkRel,
  loadHtml,
  metaProperty,
  one,
  removeTempDirs,
  tempDir,
  text,
  validationErrors,
  vistka,
  writeFiles,
} from "../support/index.js";
import { BASE_PATH, BASE_URL } from "./helpers.js";

const SITE_TITLE = "Міський вісник";
const RADA = "Міська рада";
const FIL = "Обласна філармонія";
const INST = "Інститут фізики";
const SCRIPT_HEADLINE = "Як </script><script>alert(2)</script> ламає сторінки";
const LONG_FIRST =
  "Обласна філармонія оголосила програму літнього сезону, до якої увійшли дванадцять концертів " +
  "під відкритим небом, три вечори камерної музики в органній залі та великий фестиваль молодих " +
  "виконавців, що триватиме цілий тиждень наприкінці серпня.";

/** Twelve articles, newest first; counts per source 6/2/1 (+3 without), per tag 11/5/2/1. */
const ARTICLES: (ArticleSpec & { slug: string })[] = [
  {
    slug: "lito-v-parku",
    headline: "Літо в парку відкрили концертом",
    date: "2026-07-01T10:00",
    source: RADA,
    author: "Олена Коваль",
    tags: ["культура", "місто"],
    body: ["У міському парку розпочався літній сезон."],
  },
  {
    slug: "skver",
    headline: "Сквер біля ринку оновлять до осені",
    date: "2026-06-21T09:30",
    source: RADA,
    tags: ["культура", "місто"],
    body: ["Роботи в сквері почнуться наступного тижня."],
  },
  {
    slug: "skrypt",
    headline: SCRIPT_HEADLINE,
    date: "2026-06-20T18:45",
    source: RADA,
    tags: ["культура", "місто"],
    body: ["Заголовок цієї новини перевіряє екранування."],
  },
  {
    slug: "koncert",
    headline: "Філармонія оголосила літній сезон",
    date: "2026-06-19T12:00",
    source: FIL,
    tags: ["культура", "погода"],
    body: [LONG_FIRST, "Квитки вже у продажу."],
  },
  {
    slug: "doshch",
    headline: "Дощ переніс вуличний фестиваль",
    date: "2026-06-18T07:15",
    tags: ["культура", "погода"],
    body: ["Організатори перенесли фестиваль на неділю."],
  },
  {
    slug: "biblioteka",
    headline: "Бібліотека працюватиме до півночі",
    date: "2026-06-17T16:20",
    source: RADA,
    author: "Петро Сидоренко",
    tags: ["культура", "місто"],
    body: ["Читальна зала змінює графік роботи."],
  },
  {
    slug: "muzei",
    headline: "Музей покаже нові знахідки археологів",
    date: "2026-06-16T11:05",
    source: RADA,
    tags: ["культура"],
    body: ["Виставка відкриється в суботу."],
  },
  {
    slug: "laboratoriia",
    headline: "Фізики відкрили лабораторію для школярів",
    date: "2026-06-15T14:40",
    source: INST,
    tags: ["культура", "спорт"],
    body: ["Школярі зможуть ставити досліди щосуботи."],
  },
  {
    slug: "festyval",
    headline: "Фестиваль вуличної їжі зібрав тисячі гостей",
    date: "2026-06-14T10:10",
    tags: ["культура"],
    body: ["Фестиваль тривав два дні."],
  },
  {
    slug: "teatr",
    headline: "Театр повертає на сцену давню виставу",
    date: "2026-06-13T19:00",
    source: RADA,
    tags: ["культура", "місто"],
    body: ["Прем’єра відбудеться у четвер."],
  },
  {
    slug: "vystava",
    headline: "Виставка дитячих малюнків у ратуші",
    date: "2026-06-12T13:25",
    tags: ["культура"],
    body: ["Малюнки намалювали учні трьох шкіл."],
  },
  {
    slug: "zyma",
    headline: "Зимовий концерт органної музики",
    date: "24 листопада 2023",
    source: FIL,
    body: ["Концерт відбувся в органній залі."],
  },
];
const SLUGS = ARTICLES.map((a) => a.slug);
const bySource = (name: string) => ARTICLES.filter((a) => a.source === name).map((a) => a.slug);
const byTag = (name: string) => ARTICLES.filter((a) => a.tags?.includes(name)).map((a) => a.slug);

/** Site A: Ukrainian, baseUrl with a sub-path. Site B: English, London, no baseUrl. */
let uk = "";
let en = "";

beforeAll(async () => {
  const dir = await tempDir("pages");
  const files: Record<string, string> = {};
  // Files are named so their order says nothing about the dates.
  ARTICLES.forEach((a, i) => {
    files[`articles/${String.fromCharCode(97 + ((i * 5) % 12))}-${a.slug}.txt`] = articleText(a);
  });
  await writeFiles(dir, files);
  const [a, b] = await Promise.all([
    vistka(
      [
        "build",
        "--quiet",
        "--out",
        "uk",
        "--page-size",
        "5",
        "--base-url",
        BASE_URL,
        "--title",
        SITE_TITLE,
      ],
      dir,
    ),
    vistka(
      [
        "build",
        "--quiet",
        "--out",
        "en",
        "--page-size",
        "5",
        "--lang",
        "en",
        "--time-zone",
        "Europe/London",
      ],
      dir,
    ),
  ]);
  expect(a.code, a.stderr).toBe(0);
  expect(b.code, b.stderr).toBe(0);
  uk = path.join(dir, "uk");
  en = path.join(dir, "en");
});
afterAll(removeTempDirs);

const page = (dist: string, rel: string) => loadHtml(path.join(dist, rel));
/** Where a relative href on page `from` leads, as a path from the site root. */
const resolveFrom = (from: string, href: string) =>
  path.posix.normalize(path.posix.join(path.posix.dirname(from), href));
/** The article slugs of a list page's teasers (the front page's lead story first), in order. */
const teaserSlugs = (root: HtmlElement) =>
  all(root, ".lead-title a, .teaser-title a").map((a) =>
    (attr(a, "href") ?? "").replace(/^(\.\.\/)*/, "").replace(/\/index\.html$/, ""),
  );

/**
 * The pagination contract of a list at `base` (`""`, `sources/x/`) with `slugs`
 * in order: pages of 5, prev/next as both <a rel> and <link rel>, relative.
 */
async function checkPaginated(dist: string, base: string, slugs: string[]): Promise<void> {
  const total = Math.ceil(slugs.length / 5);
  const pathOf = (n: number) => (n === 1 ? `${base}index.html` : `${base}page/${n}/index.html`);
  for (let n = 1; n <= total; n++) {
    const rel = pathOf(n);
    const root = await page(dist, rel);
    expect(teaserSlugs(root), rel).toEqual(slugs.slice((n - 1) * 5, n * 5));
    const expectations: [string, string | null][] = [
      ["prev", n > 1 ? pathOf(n - 1) : null],
      ["next", n < total ? pathOf(n + 1) : null],
    ];
    for (const [rel2, target] of expectations) {
      const link = linkRel(root, rel2);
      const anchors = all(root, `a[rel="${rel2}"]`).map((a) => attr(a, "href"));
      if (target === null) {
        expect(link, `${rel} <link rel=${rel2}>`).toBeNull();
        expect(anchors, `${rel} <a rel=${rel2}>`).toEqual([]);
      } else {
        expect(link, `${rel} <link rel=${rel2}>`).not.toBeNull();
        expect(link).not.toMatch(/^(\/|[a-z]+:)/i);
        expect(resolveFrom(rel, link as string)).toBe(target);
        expect(anchors).toEqual([link]);
      }
    }
  }
  expect(existsSync(path.join(dist, base, "page", String(total + 1)))).toBe(false);
  expect(existsSync(path.join(dist, base, "page", "1"))).toBe(false);
}

describe("pagination", () => {
  it("splits the index into pages of --page-size, newest first", async () => {
    expect(existsSync(path.join(uk, "index.html"))).toBe(true);
    expect(existsSync(path.join(uk, "page", "2", "index.html"))).toBe(true);
    expect(existsSync(path.join(uk, "page", "3", "index.html"))).toBe(true);
    expect(existsSync(path.join(uk, "page", "4"))).toBe(false);
    await checkPaginated(uk, "", SLUGS);
  });

  it("paginates source pages the same way, at transliterated slugs", async () => {
    await checkPaginated(uk, "sources/miska-rada/", bySource(RADA));
    await checkPaginated(uk, "sources/oblasna-filarmoniia/", bySource(FIL));
    await checkPaginated(uk, "sources/instytut-fizyky/", bySource(INST));
  });

  it("paginates tag pages the same way", async () => {
    await checkPaginated(uk, "tags/kultura/", byTag("культура"));
    await checkPaginated(uk, "tags/misto/", byTag("місто"));
    await checkPaginated(uk, "tags/sport/", byTag("спорт"));
  });

  it("gives each list page its own title and canonical URL", async () => {
    const p1 = await page(uk, "index.html");
    const p2 = await page(uk, "page/2/index.html");
    expect(text(one(p1, "title"))).toBe(SITE_TITLE);
    expect(text(one(p2, "title"))).toContain("2");
    expect(text(one(p2, "title"))).toContain(SITE_TITLE);
    expect(linkRel(p1, "canonical")).toBe(BASE_URL);
    expect(linkRel(p2, "canonical")).toBe(`${BASE_URL}page/2/`);
    const src = await page(uk, "sources/miska-rada/index.html");
    expect(text(one(src, "h1"))).toContain(RADA);
    expect(linkRel(src, "canonical")).toBe(`${BASE_URL}sources/miska-rada/`);
  });
});

describe("sources and tags", () => {
  async function termCounts(dist: string, rel: string): Promise<[string, string, string][]> {
    const root = await page(dist, rel);
    return all(root, "main li").map((li) => {
      const a = one(li, "a");
      return [text(a), resolveFrom(rel, attr(a, "href") ?? ""), text(one(li, ".count"))];
    });
  }

  it("sources/index.html lists every source with a Ukrainian count form", async () => {
    expect(await termCounts(uk, "sources/index.html")).toEqual([
      [INST, "sources/instytut-fizyky/index.html", "1 стаття"],
      [RADA, "sources/miska-rada/index.html", "6 статей"],
      [FIL, "sources/oblasna-filarmoniia/index.html", "2 статті"],
    ]);
  });

  it("tags/index.html lists every tag with a Ukrainian count form", async () => {
    expect(await termCounts(uk, "tags/index.html")).toEqual([
      ["культура", "tags/kultura/index.html", "11 статей"],
      ["місто", "tags/misto/index.html", "5 статей"],
      ["погода", "tags/pohoda/index.html", "2 статті"],
      ["спорт", "tags/sport/index.html", "1 стаття"],
    ]);
  });

  it("with --lang en the counts are English", async () => {
    const sources = await termCounts(en, "sources/index.html");
    expect(sources.map((t) => t[2])).toEqual(["1 article", "6 articles", "2 articles"]);
    const tags = await termCounts(en, "tags/index.html");
    expect(tags.map((t) => t[2])).toEqual(["11 articles", "5 articles", "2 articles", "1 article"]);
  });

  it("an article's source line links to its source page", async () => {
    const rel = "biblioteka/index.html";
    const a = one(await page(uk, rel), ".article-header .source a");
    expect(text(a)).toBe(RADA);
    expect(resolveFrom(rel, attr(a, "href") ?? "")).toBe("sources/miska-rada/index.html");
  });

  it("an article without a source has no source line", async () => {
    expect(all(await page(uk, "doshch/index.html"), ".article-header .source")).toEqual([]);
  });

  it("an article's tags link to their tag pages", async () => {
    const rel = "koncert/index.html";
    const links = all(await page(uk, rel), ".tags a").map((a) =>
      resolveFrom(rel, attr(a, "href") ?? ""),
    );
    expect(links).toEqual(["tags/kultura/index.html", "tags/pohoda/index.html"]);
  });
});

describe("404.html", () => {
  it("exists in the site's look", async () => {
    const root = await page(uk, "404.html");
    expect(text(one(root, ".site-title"))).toBe(SITE_TITLE);
    expect(all(root, ".site-nav a").length).toBeGreaterThan(0);
    expect(text(one(root, "h1"))).toBe("Сторінку не знайдено");
    expect(all(root, 'link[rel="stylesheet"]').map((l) => attr(l, "href"))).toEqual([
      `${BASE_PATH}assets/style.css`,
    ]);
  });

  it("with a baseUrl links from the base path, so it works at any depth", async () => {
    const root = await page(uk, "404.html");
    const hrefs = all(root, "[href]").map((el) => attr(el, "href") ?? "");
    const internal = hrefs.filter((h) => !h.startsWith("#") && !/^https?:/.test(h));
    expect(internal.length).toBeGreaterThan(0);
    for (const h of internal) expect(h.startsWith(BASE_PATH), h).toBe(true);
  });

  it("without a baseUrl links from the host's root, so it works at any depth there too", async () => {
    const root = await page(en, "404.html");
    expect(text(one(root, "h1"))).toBe("Page not found");
    expect(all(root, 'link[rel="stylesheet"]').map((l) => attr(l, "href"))).toEqual([
      "/assets/style.css",
    ]);
    const hrefs = all(root, "[href]").map((el) => attr(el, "href") ?? "");
    const internal = hrefs.filter((h) => !h.startsWith("#") && !/^https?:/.test(h));
    expect(internal.length).toBeGreaterThan(0);
    for (const h of internal) expect(h.startsWith("/"), h).toBe(true);
  });
});

describe("language and dates", () => {
  it("<html lang> follows the site language on every page", async () => {
    for (const [dist, lang] of [
      [uk, "uk"],
      [en, "en"],
    ] as const) {
      for (const rel of await htmlPages(dist)) {
        expect(one(await page(dist, rel), "html").getAttributeValue("lang"), rel).toBe(lang);
      }
    }
  });

  it("shows long dates in Ukrainian and in English, with the time when the date has one", async () => {
    const dateOf = async (dist: string, slug: string) =>
      text(one(await page(dist, `${slug}/index.html`), ".article-header time"));
    expect(await dateOf(uk, "lito-v-parku")).toBe("1 липня 2026, 10:00");
    expect(await dateOf(uk, "zyma")).toBe("24 листопада 2023");
    expect(await dateOf(en, "lito-v-parku")).toBe("1 July 2026, 10:00");
    expect(await dateOf(en, "zyma")).toBe("24 November 2023");
  });

  it("uses the English interface strings with --lang en", async () => {
    const root = await page(en, "index.html");
    expect(text(one(root, "h1"))).toBe("Latest news");
    expect(text(one(root, ".skip-link"))).toBe("Skip to content");
    expect(text(one(root, 'a[rel="next"]'))).toContain("Next page");
  });
});

interface JsonLd {
  "@context": string;
  "@type": string;
  headline: string;
  description?: string;
  datePublished?: string;
  inLanguage: string;
  author?: { "@type": string; name: string; url?: string };
  sourceOrganization?: { "@type": string; name: string };
  publisher?: { "@type": string; name: string };
  mainEntityOfPage?: { "@type": string; "@id": string };
}

/** The JSON-LD block as the browser sees it: up to the first `</script`, whatever the JSON says. */
async function jsonLdOf(dist: string, slug: string): Promise<JsonLd> {
  const html = await readFile(path.join(dist, slug, "index.html"), "utf8");
  const m = /<script type="application\/ld\+json">([\s\S]*?)<\/script/i.exec(html);
  expect(m, "no JSON-LD block").not.toBeNull();
  return JSON.parse((m as RegExpExecArray)[1] as string) as JsonLd;
}

describe("metadata", () => {
  it("JSON-LD of an article: NewsArticle with headline, date in Kyiv time, author, language, page", async () => {
    const ld = await jsonLdOf(uk, "lito-v-parku");
    expect(ld["@context"]).toBe("https://schema.org");
    expect(ld["@type"]).toBe("NewsArticle");
    expect(ld.headline).toBe("Літо в парку відкрили концертом");
    expect(ld.datePublished).toBe("2026-07-01T10:00:00+03:00");
    expect(ld.author).toEqual({
      "@type": "Person",
      name: "Олена Коваль",
      url: `${BASE_URL}authors/olena-koval/`,
    });
    expect(ld.publisher?.name).toBe(SITE_TITLE);
    expect(ld.inLanguage).toBe("uk");
    expect(ld.mainEntityOfPage?.["@id"]).toBe(`${BASE_URL}lito-v-parku/`);
  });

  it("JSON-LD takes no author from the source: it is the sourceOrganization; winter offset", async () => {
    const ld = await jsonLdOf(uk, "zyma");
    expect(ld.author).toBeUndefined();
    expect(ld.sourceOrganization).toEqual({ "@type": "Organization", name: FIL });
    expect(ld.datePublished).toBe("2023-11-24T00:00:00+02:00");
  });

  it("JSON-LD has a publisher when there is neither author nor source", async () => {
    const ld = await jsonLdOf(uk, "vystava");
    expect(ld.publisher).toEqual({ "@type": "Organization", name: SITE_TITLE });
  });

  it("JSON-LD follows the configured time zone, and gives the article's own language", async () => {
    const summer = await jsonLdOf(en, "lito-v-parku");
    expect(summer.datePublished).toBe("2026-07-01T10:00:00+01:00");
    // A Ukrainian article on a site with the English interface is still in Ukrainian.
    expect(summer.inLanguage).toBe("uk");
    expect((await jsonLdOf(en, "zyma")).datePublished).toBe("2023-11-24T00:00:00+00:00");
  });

  it("a headline with </script> does not end the JSON-LD script", async () => {
    const html = await readFile(path.join(uk, "skrypt", "index.html"), "utf8");
    expect(html.match(/<\/script/gi)).toHaveLength(1);
    expect((await jsonLdOf(uk, "skrypt")).headline).toBe(SCRIPT_HEADLINE);
    const root = await page(uk, "skrypt/index.html");
    expect(text(one(root, "h1"))).toBe(SCRIPT_HEADLINE);
    expect(all(root, "script")).toHaveLength(1);
  });

  it("canonical link and og:url are absolute under the /news/ sub-path", async () => {
    for (const [rel, url] of [
      ["lito-v-parku/index.html", `${BASE_URL}lito-v-parku/`],
      ["sources/miska-rada/page/2/index.html", `${BASE_URL}sources/miska-rada/page/2/`],
      ["tags/index.html", `${BASE_URL}tags/`],
    ]) {
      const root = await page(uk, rel as string);
      expect(linkRel(root, "canonical"), rel).toBe(url);
      expect(metaProperty(root, "og:url"), rel).toBe(url);
    }
  });

  it("an article has its title, Open Graph data and a description cut at a word", async () => {
    const root = await page(uk, "koncert/index.html");
    expect(text(one(root, "title"))).toBe(`Філармонія оголосила літній сезон — ${SITE_TITLE}`);
    expect(metaProperty(root, "og:type")).toBe("article");
    expect(metaProperty(root, "og:title")).toBe("Філармонія оголосила літній сезон");
    expect(metaProperty(root, "article:published_time")).toBe("2026-06-19T12:00:00+03:00");
    const meta = all(root, "meta").find((m) => attr(m, "name") === "description");
    const description = attr(meta as HtmlElement, "content") ?? "";
    expect(description.length).toBeLessThanOrEqual(200);
    expect(description.endsWith("…")).toBe(true);
    const kept = description.slice(0, -1);
    expect(LONG_FIRST.startsWith(kept)).toBe(true);
    // Cut between words: no word is split by the cut.
    expect(LONG_FIRST[kept.length]).toMatch(/^[\s,.;:]$/);
    expect(kept).toMatch(/\p{L}$/u);
  });

  it("every page has its own title", async () => {
    const titles = new Map<string, string>();
    for (const rel of await htmlPages(uk)) {
      const t = text(one(await page(uk, rel), "title"));
      expect(titles.get(t), `${rel} repeats the title of ${titles.get(t)}`).toBeUndefined();
      titles.set(t, rel);
    }
  });
});

describe("every page", () => {
  it("of the sub-path site: internal links and assets resolve", async () => {
    expect(await brokenLinks(uk, BASE_PATH)).toEqual([]);
  });

  it("of the site without baseUrl: internal links and assets resolve", async () => {
    expect(await brokenLinks(en, "/")).toEqual([]);
  });

  it("passes html-validate with zero errors", async () => {
    expect(await validationErrors(uk)).toEqual([]);
    expect(await validationErrors(en)).toEqual([]);
  });
});

describe("drafts and future dates", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await tempDir("drafts");
    await writeFiles(dir, {
      "articles/zvychaina.txt": articleText({
        headline: "Звичайна новина",
        date: "2026-03-02T08:00",
        body: ["Текст."],
      }),
      "articles/chernetka.txt": articleText({
        headline: "Ще не готова",
        date: "2026-03-03T08:00",
        draft: true,
        body: ["Текст чернетки."],
      }),
      "articles/draft-en.txt": "Not ready yet\n\nDate: 2026-03-04\nDraft: yes\n\nDraft text.\n",
      "articles/maibutnia.txt": articleText({
        headline: "Новина з майбутнього",
        source: "Редакція",
        date: "2099-01-01T09:00",
        body: ["Запланована публікація."],
      }),
    });
  });

  it("leaves drafts out and publishes future articles with a warning", async () => {
    const r = await vistka(["build", "--out", "plain"], dir);
    expect(r.code, r.stderr).toBe(0);
    const out = path.join(dir, "plain");
    expect(existsSync(path.join(out, "zvychaina", "index.html"))).toBe(true);
    expect(existsSync(path.join(out, "chernetka"))).toBe(false);
    expect(existsSync(path.join(out, "draft-en"))).toBe(false);
    expect(await readFile(path.join(out, "index.html"), "utf8")).not.toContain("Ще не готова");
    expect(existsSync(path.join(out, "maibutnia", "index.html"))).toBe(true);
    const warnings = r.stderr.split("\n").filter((l) => l.includes("maibutnia"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^warning: .*future/);
  });

  it("includes drafts with --drafts", async () => {
    const r = await vistka(["build", "--quiet", "--drafts", "--out", "drafts"], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(path.join(dir, "drafts", "chernetka", "index.html"))).toBe(true);
    expect(existsSync(path.join(dir, "drafts", "draft-en", "index.html"))).toBe(true);
  });
});
