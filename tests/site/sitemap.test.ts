/**
 * sitemap.xml, news-sitemap.xml and robots.txt of a sub-path site, parsed as
 * XML; and what a build without baseUrl leaves out.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prettyPath } from "../../src/core/shared/paths.js";
import {
  articleText,
  htmlPages,
  loadHtml,
  removeTempDirs,
  tempDir,
  vistka,
  writeFiles,
} from "../support/index.js";
import { BASE_URL, ISO_WITH_OFFSET, localStamp } from "./helpers.js";

const SITE_TITLE = "Вечірній тест";
const HOUR = 3600_000;
/** The build's reference time: 10 September 2026, 12:00 in Kyiv (09:00 UTC). */
const REF = Date.UTC(2026, 8, 10, 9, 0);

/** Articles placed around REF; `news` says whether the news sitemap must list it. */
const AROUND_REF = [
  { slug: "za-hodynu", hoursBefore: 1, news: true },
  { slug: "za-dobu", hoursBefore: 24, news: true },
  { slug: "za-47-hodyn", hoursBefore: 47, news: true },
  { slug: "za-49-hodyn", hoursBefore: 49, news: false },
  { slug: "za-tyzhden", hoursBefore: 24 * 7, news: false },
  // After the reference time: not yet news for a build made at REF.
  { slug: "pislia", hoursBefore: -5, news: false },
];

function siteFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  AROUND_REF.forEach((a, i) => {
    files[`articles/${a.slug}.txt`] = articleText({
      headline: `Подія «${a.slug}» & <наслідки>`,
      date: localStamp(REF - a.hoursBefore * HOUR, 3),
      source: i % 2 === 0 ? "Міська рада" : "Обласна лікарня",
      tags: i < 3 ? ["місто"] : ["здоров'я", "місто"],
      body: [`Текст події ${a.slug} для перевірки карти сайту.`],
    });
  });
  files["articles/bez-daty.txt"] = articleText({
    headline: "Довідка без дати",
    source: "Міська рада",
    body: ["Ця сторінка не має дати публікації."],
  });
  return files;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  isArray: (name) => name === "url" || name === "sitemap",
  parseTagValue: false,
});

interface NewsEntry {
  loc: string;
  "news:news": {
    "news:publication": { "news:name": string; "news:language": string };
    "news:publication_date": string;
    "news:title": string;
  };
}

function parseXml<T>(xml: string): T {
  expect(XMLValidator.validate(xml)).toBe(true);
  return parser.parse(xml) as T;
}

let dir = "";
let withEpoch = "";
let withoutEpoch = "";
let noBase = { code: -1, stdout: "", stderr: "" };

beforeAll(async () => {
  dir = await tempDir("sitemap");
  await writeFiles(dir, siteFiles());
  const args = ["build", "--base-url", BASE_URL, "--title", SITE_TITLE, "--page-size", "3"];
  const runs = await Promise.all([
    vistka([...args, "--out", "epoch"], dir, { env: { SOURCE_DATE_EPOCH: String(REF / 1000) } }),
    vistka([...args, "--out", "newest"], dir),
    vistka(["build", "--out", "plain"], dir),
  ]);
  for (const r of runs.slice(0, 2)) expect(r.code, r.stderr).toBe(0);
  withEpoch = path.join(dir, "epoch");
  withoutEpoch = path.join(dir, "newest");
  noBase = runs[2] as typeof noBase;
});
afterAll(removeTempDirs);

describe("sitemap.xml", () => {
  it("lists every page but 404.html exactly once, by its pretty URL", async () => {
    const xml = await readFile(path.join(withEpoch, "sitemap.xml"), "utf8");
    const doc = parseXml<{ urlset: { url: { loc: string }[] } }>(xml);
    const locs = doc.urlset.url.map((u) => u.loc);
    expect(new Set(locs).size).toBe(locs.length);
    const pages = (await htmlPages(withEpoch)).filter((p) => p !== "404.html");
    expect([...locs].sort()).toEqual(pages.map((p) => BASE_URL + prettyPath(p)).sort());
    expect(locs).toContain(BASE_URL);
    expect(locs).toContain(`${BASE_URL}za-dobu/`);
    expect(locs).toContain(`${BASE_URL}page/2/`);
    expect(locs).toContain(`${BASE_URL}sources/miska-rada/`);
    expect(locs).not.toContain(`${BASE_URL}404.html`);
    for (const loc of locs) expect(loc.endsWith("index.html")).toBe(false);
  });

  it("gives pages with dated articles a lastmod: ISO 8601 with offset, their newest date", async () => {
    const xml = await readFile(path.join(withEpoch, "sitemap.xml"), "utf8");
    const doc = parseXml<{ urlset: { url: { loc: string; lastmod?: string }[] } }>(xml);
    const lastmod = new Map(doc.urlset.url.map((u) => [u.loc, u.lastmod]));
    for (const [loc, value] of lastmod)
      if (value !== undefined) expect(value, loc).toMatch(ISO_WITH_OFFSET);
    const newest = `${localStamp(REF + 5 * HOUR, 3)}:00+03:00`;
    expect(lastmod.get(BASE_URL)).toBe(newest);
    expect(lastmod.get(`${BASE_URL}pislia/`)).toBe(newest);
    expect(lastmod.get(`${BASE_URL}za-dobu/`)).toBe(`${localStamp(REF - 24 * HOUR, 3)}:00+03:00`);
    expect(lastmod.get(`${BASE_URL}sources/miska-rada/`)).toMatch(ISO_WITH_OFFSET);
    expect(lastmod.get(`${BASE_URL}tags/misto/`)).toMatch(ISO_WITH_OFFSET);
    // The undated article's own page has no date to give.
    expect(lastmod.get(`${BASE_URL}bez-daty/`)).toBeUndefined();
  });
});

describe("robots.txt", () => {
  it("names the sitemap's absolute URL", async () => {
    const robots = await readFile(path.join(withEpoch, "robots.txt"), "utf8");
    expect(robots).toMatch(/^User-agent: \*$/m);
    expect(robots.match(/^Sitemap: (.*)$/gm)).toEqual([`Sitemap: ${BASE_URL}sitemap.xml`]);
  });
});

describe("news-sitemap.xml", () => {
  async function newsEntries(dist: string): Promise<NewsEntry[]> {
    const xml = await readFile(path.join(dist, "news-sitemap.xml"), "utf8");
    expect(xml).toContain('xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"');
    const doc = parseXml<{ urlset: { url?: NewsEntry[] } | "" }>(xml);
    return typeof doc.urlset === "string" ? [] : (doc.urlset.url ?? []);
  }

  it("with SOURCE_DATE_EPOCH holds exactly the articles of the two days before it", async () => {
    const entries = await newsEntries(withEpoch);
    const expected = AROUND_REF.filter((a) => a.news).map((a) => `${BASE_URL}${a.slug}/`);
    expect(entries.map((e) => e.loc).sort()).toEqual([...expected].sort());
  });

  it("gives each article its publication name and language, date and title", async () => {
    const entries = await newsEntries(withEpoch);
    const entry = entries.find((e) => e.loc === `${BASE_URL}za-dobu/`) as NewsEntry;
    expect(entry).toBeDefined();
    const news = entry["news:news"];
    expect(news["news:publication"]["news:name"]).toBe(SITE_TITLE);
    expect(news["news:publication"]["news:language"]).toBe("uk");
    expect(news["news:publication_date"]).toBe(`${localStamp(REF - 24 * HOUR, 3)}:00+03:00`);
    // Entities decoded by the XML parser: the title comes back as the exact text.
    expect(news["news:title"]).toBe("Подія «za-dobu» & <наслідки>");
  });

  it("without SOURCE_DATE_EPOCH takes the newest article as the reference", async () => {
    const entries = await newsEntries(withoutEpoch);
    // Newest is `pislia` (REF + 5 h): the window reaches back to REF - 43 h.
    const expected = AROUND_REF.filter((a) => a.hoursBefore <= 43).map(
      (a) => `${BASE_URL}${a.slug}/`,
    );
    expect(entries.map((e) => e.loc).sort()).toEqual([...expected].sort());
    expect(entries.map((e) => e.loc)).not.toContain(`${BASE_URL}za-47-hodyn/`);
  });
});

describe("a build without baseUrl", () => {
  it("succeeds", () => {
    expect(noBase.code, noBase.stderr).toBe(0);
  });

  it("writes no feeds and no sitemaps", () => {
    const out = path.join(dir, "plain");
    expect(existsSync(path.join(out, "index.html"))).toBe(true);
    for (const f of ["feed.xml", "rss.xml", "feed.json", "sitemap.xml", "news-sitemap.xml"]) {
      expect(existsSync(path.join(out, f)), f).toBe(false);
    }
  });

  it("still writes robots.txt, without a Sitemap line", async () => {
    const robots = await readFile(path.join(dir, "plain", "robots.txt"), "utf8");
    expect(robots).toMatch(/^User-agent: \*$/m);
    expect(robots).not.toMatch(/sitemap/i);
  });

  it("says once in the summary that they were skipped", () => {
    expect(noBase.stdout.match(/skipped/g)).toHaveLength(1);
    expect(noBase.stdout).toMatch(/baseUrl|--base-url/);
    expect(noBase.stderr).not.toMatch(/skipped/);
  });

  it("announces no feed and no canonical URL in the pages", async () => {
    const index = await loadHtml(path.join(dir, "plain", "index.html"));
    const rels = index.querySelectorAll("link").map((l) => l.getAttributeValue("rel"));
    expect(rels).not.toContain("canonical");
    expect(rels).not.toContain("alternate");
  });
});
