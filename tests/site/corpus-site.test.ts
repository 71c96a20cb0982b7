/**
 * A whole site built from the shared Ukrainian corpus (read in place, never
 * copied) with a sub-path baseUrl: pages 1..n, source pages, valid feeds and
 * sitemap, every page valid HTML with links that resolve. Skipped, visibly,
 * where the corpus is not present.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseFeed } from "@rowanmanning/feed-parser";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prettyPath } from "../../src/core/shared/paths.js";
import {
  all,
  brokenLinks,
  CORPUS_UK,
  HAS_CORPUS,
  htmlPages,
  listFiles,
  loadHtml,
  type RunResult,
  removeTempDirs,
  STACK_FRAME,
  tempDir,
  validationErrors,
  vistka,
} from "../support/index.js";
import { BASE_PATH, BASE_URL, ISO_WITH_OFFSET } from "./helpers.js";

const CORPUS = CORPUS_UK;
const present = HAS_CORPUS;
if (!present)
  console.warn(`corpus-site.test.ts: ${CORPUS} not found, skipping the corpus site tests`);

const PAGE_SIZE = 20;

let dist = "";
let run: RunResult = { code: -1, stdout: "", stderr: "" };
/** Articles published, from the build summary. */
let published = 0;

describe.skipIf(!present)("a site built from the Ukrainian corpus", () => {
  beforeAll(async () => {
    const dir = await tempDir("corpus");
    dist = path.join(dir, "dist");
    run = await vistka(["build", "--in", CORPUS, "--out", dist, "--base-url", BASE_URL], dir);
    published = Number(/Built (\d+) articles?/.exec(run.stdout)?.[1] ?? "0");
  }, 120_000);
  afterAll(removeTempDirs);

  it("builds with exit 0 and no stack trace", () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(STACK_FRAME);
    expect(published).toBeGreaterThan(PAGE_SIZE);
  });

  it("has index pages 1..n holding every article exactly once", async () => {
    const n = Math.ceil(published / PAGE_SIZE);
    expect(existsSync(path.join(dist, "index.html"))).toBe(true);
    for (let k = 2; k <= n; k++)
      expect(existsSync(path.join(dist, "page", String(k), "index.html")), `page ${k}`).toBe(true);
    expect(existsSync(path.join(dist, "page", String(n + 1)))).toBe(false);
    const seen: string[] = [];
    for (let k = 1; k <= n; k++) {
      const root = await loadHtml(path.join(dist, k === 1 ? "index.html" : `page/${k}/index.html`));
      const hrefs = all(root, ".lead-title a, .teaser-title a").map((a) =>
        String(a.getAttributeValue("href")),
      );
      expect(hrefs.length, `page ${k}`).toBe(k < n ? PAGE_SIZE : published - PAGE_SIZE * (n - 1));
      seen.push(...hrefs.map((h) => h.replace(/^(\.\.\/)*/, "")));
    }
    expect(new Set(seen).size).toBe(published);
  });

  it("has source pages, each listing at least one article", async () => {
    const files = await listFiles(dist);
    const sourcePages = files.filter((f) => /^sources\/[a-z0-9-]+\/index\.html$/.test(f));
    expect(sourcePages.length).toBeGreaterThan(1);
    for (const rel of sourcePages) {
      const root = await loadHtml(path.join(dist, rel));
      expect(all(root, ".teaser").length, rel).toBeGreaterThan(0);
    }
    // sources/index.html links to every one of them.
    const index = await loadHtml(path.join(dist, "sources", "index.html"));
    const listed = all(index, "main a").map((a) =>
      path.posix.join("sources", String(a.getAttributeValue("href"))),
    );
    expect([...listed].sort()).toEqual(sourcePages);
  });

  it("has Atom and RSS feeds with the newest 50 articles, newest first, under /news/", async () => {
    for (const file of ["feed.xml", "rss.xml"]) {
      const feed = parseFeed(await readFile(path.join(dist, file), "utf8"));
      expect(feed.items.length, file).toBe(Math.min(50, published));
      const times = feed.items.map((i) => i.published?.getTime() ?? Number.NaN);
      for (const t of times) expect(Number.isFinite(t), file).toBe(true);
      for (let i = 1; i < times.length; i++)
        expect(times[i - 1] as number, file).toBeGreaterThanOrEqual(times[i] as number);
      for (const item of feed.items) {
        expect(item.url?.startsWith(BASE_URL), `${file} ${item.url}`).toBe(true);
        expect(item.title, file).toBeTruthy();
        expect(item.content, file).toBeTruthy();
        // The corpus names no authors: Atom's entries have the feed's (the site), RSS none,
        // and never the source taken for one.
        expect(item.authors.length, file).toBe(file === "feed.xml" ? 1 : 0);
      }
    }
  });

  it("has a JSON Feed 1.1 agreeing with the Atom feed", async () => {
    const json = JSON.parse(await readFile(path.join(dist, "feed.json"), "utf8")) as {
      version: string;
      items: { url: string; date_published: string }[];
    };
    expect(json.version).toBe("https://jsonfeed.org/version/1.1");
    const atom = parseFeed(await readFile(path.join(dist, "feed.xml"), "utf8"));
    expect(json.items.map((i) => i.url)).toEqual(atom.items.map((i) => i.url));
    for (const item of json.items) expect(item.date_published).toMatch(ISO_WITH_OFFSET);
  });

  it("has a sitemap listing every page but 404.html exactly once", async () => {
    const xml = await readFile(path.join(dist, "sitemap.xml"), "utf8");
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ isArray: (n) => n === "url", parseTagValue: false }).parse(xml) as {
      urlset: { url: { loc: string; lastmod?: string }[] };
    };
    const locs = doc.urlset.url.map((u) => u.loc);
    expect(new Set(locs).size).toBe(locs.length);
    const pages = (await htmlPages(dist)).filter((p) => p !== "404.html");
    expect([...locs].sort()).toEqual(pages.map((p) => BASE_URL + prettyPath(p)).sort());
    for (const u of doc.urlset.url)
      if (u.lastmod !== undefined) expect(u.lastmod, u.loc).toMatch(ISO_WITH_OFFSET);
    const news = await readFile(path.join(dist, "news-sitemap.xml"), "utf8");
    expect(XMLValidator.validate(news)).toBe(true);
    expect(await readFile(path.join(dist, "robots.txt"), "utf8")).toContain(
      `Sitemap: ${BASE_URL}sitemap.xml`,
    );
  });

  it("every internal link and asset reference resolves", async () => {
    expect(await brokenLinks(dist, BASE_PATH)).toEqual([]);
  });

  it("every page passes html-validate with zero errors", async () => {
    const errors = await validationErrors(dist);
    expect(errors.slice(0, 20), `${errors.length} errors`).toEqual([]);
  }, 120_000);
});
