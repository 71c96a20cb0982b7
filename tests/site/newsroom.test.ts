/**
 * A newsroom's site (issue 18): the time of publication, updates and corrections on the
 * page, in the feeds, the JSON-LD and the sitemap; authors' pages; and each source's, tag's
 * and author's own Atom feed, read back with a feed-reading library.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseFeed } from "@rowanmanning/feed-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  all,
  articleText,
  attr,
  listFiles,
  loadHtml,
  one,
  removeTempDirs,
  tempDir,
  text,
  validationErrors,
  vistka,
  writeFiles,
} from "../support/index.js";
import { BASE_URL } from "./helpers.js";

const AUTHOR = "Ірина Коваль";
const AUTHOR_DIR = "authors/iryna-koval";
const TAG = "транспорт";
const TAG_DIR = "tags/transport";
/** 22 articles in the tag, one a day from 1 November 2026 at 08:00 (Kyiv winter time, +02:00). */
const COUNT = 22;

function makeFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < COUNT; i++) {
    const day = String(i + 1).padStart(2, "0");
    files[`articles/2026-11-${day}-novyna-${day}.txt`] = articleText({
      headline: `Новина ${day} про транспорт`,
      source: "Міська рада",
      date: `${day}.11.2026 08:00`,
      // Three articles by the author: two list pages of two.
      ...(i % 10 === 0 ? { author: AUTHOR } : {}),
      tags: [TAG],
      body: [`Текст новини ${day}.`],
    });
  }
  files["articles/2026-11-24-mist.txt"] = articleText({
    headline: "Мер відкрив міст",
    source: "Міська рада",
    date: "24.11.2026 10:15",
    updated: "24.11.2026 12:40",
    author: AUTHOR,
    corrections: [
      "У першій версії міст було названо *Північним*.",
      "Уточнено ім'я мера <script>alert(1)</script>.",
    ],
    tags: ["місто"],
    body: ["Мер відкрив міст через річку."],
  });
  files["articles/2026-11-25-bez-chasu.txt"] = articleText({
    headline: "Новина без часу",
    date: "2026-11-25",
    updated: "2027-01-10",
    body: ["Дата без часу."],
  });
  return files;
}

let dir: string;
let dist: string;
let noBase: string;
beforeAll(async () => {
  dir = await tempDir("newsroom");
  await writeFiles(dir, makeFiles());
  const args = ["build", "--quiet", "--page-size", "2"];
  const [withBase, without] = await Promise.all([
    vistka([...args, "--base-url", BASE_URL, "--out", "dist"], dir),
    vistka([...args, "--out", "dist-local"], dir),
  ]);
  expect(withBase.code, withBase.stderr).toBe(0);
  expect(without.code, without.stderr).toBe(0);
  dist = path.join(dir, "dist");
  noBase = path.join(dir, "dist-local");
});
afterAll(removeTempDirs);

const page = (rel: string, root = dist) => loadHtml(path.join(root, rel));
const read = (rel: string) => readFile(path.join(dist, rel), "utf8");

describe("an article's page", () => {
  it("shows the time of publication and of the update, with the offset in datetime", async () => {
    const meta = one(await page("mist/index.html"), ".article-header .meta");
    const [published, updated] = all(meta, "time");
    expect(text(published)).toBe("24 листопада 2026, 10:15");
    expect(attr(published as never, "datetime")).toBe("2026-11-24T10:15:00+02:00");
    expect(text(one(meta, ".updated"))).toBe("Оновлено 24 листопада, 12:40");
    expect(attr(updated as never, "datetime")).toBe("2026-11-24T12:40:00+02:00");
  });

  it("shows a date without a time as the date alone, and an update in another year with it", async () => {
    const meta = one(await page("bez-chasu/index.html"), ".article-header .meta");
    const [published, updated] = all(meta, "time");
    expect(text(published)).toBe("25 листопада 2026");
    expect(attr(published as never, "datetime")).toBe("2026-11-25");
    expect(text(updated)).toBe("10 січня 2027");
    expect(attr(updated as never, "datetime")).toBe("2027-01-10");
  });

  it("ends with a note of the corrections, headed, as text and inline Markdown", async () => {
    const note = one(await page("mist/index.html"), "article .corrections");
    expect(attr(note, "role")).toBe("note");
    expect(text(one(note, "h2"))).toBe("Виправлення");
    const lines = all(note, "p");
    expect(lines.map(text)).toEqual([
      "У першій версії міст було названо Північним.",
      "Уточнено ім'я мера <script>alert(1)</script>.",
    ]);
    expect(all(note, "em")).toHaveLength(1);
    expect(all(note, "script")).toHaveLength(0);
  });

  it("links the author to their page, on the page and in the teasers", async () => {
    const link = one(await page("mist/index.html"), ".article-header .author a");
    expect(text(link)).toBe(AUTHOR);
    expect(attr(link, "href")).toBe(`../${AUTHOR_DIR}/index.html`);
    const teaser = all(await page("index.html"), ".teaser").find((t) =>
      text(t).includes("Мер відкрив міст"),
    );
    expect(attr(one(teaser as never, "a.author"), "href")).toBe(`${AUTHOR_DIR}/index.html`);
  });

  it("has a valid page (html-validate) on every page of the site", async () => {
    expect(await validationErrors(dist)).toEqual([]);
  });
});

describe("authors' pages", () => {
  it("list the author's articles, newest first, paginated and counted", async () => {
    const first = await page(`${AUTHOR_DIR}/index.html`);
    expect(text(one(first, "h1"))).toBe(`Автор: ${AUTHOR}`);
    expect(all(first, ".teaser-title").map(text)).toEqual([
      "Мер відкрив міст",
      "Новина 21 про транспорт",
    ]);
    const second = await page(`${AUTHOR_DIR}/page/2/index.html`);
    expect(all(second, ".teaser-title").map(text)).toEqual([
      "Новина 11 про транспорт",
      "Новина 01 про транспорт",
    ]);
    const index = await page("authors/index.html");
    const item = one(index, ".terms li");
    expect(attr(one(item, "a"), "href")).toBe(`../${AUTHOR_DIR}/index.html`);
    expect(text(one(item, ".count"))).toBe("4 статті");
  });

  it("are in the site's navigation and sitemap", async () => {
    const nav = all(await page("index.html"), ".site-nav a").map((a) => attr(a, "href"));
    expect(nav).toContain("authors/index.html");
    const sitemap = await read("sitemap.xml");
    expect(sitemap).toContain(`<loc>${BASE_URL}${AUTHOR_DIR}/</loc>`);
    expect(sitemap).toContain(`<loc>${BASE_URL}authors/</loc>`);
  });
});

describe("the site's feeds, JSON-LD and sitemap", () => {
  it("Atom: the update is <updated>, the author the Автор, the corrections end the content", async () => {
    const raw = await read("feed.xml");
    const feed = parseFeed(raw);
    const item = feed.items.find((i) => i.url === `${BASE_URL}mist/`);
    expect(item?.updated?.toISOString()).toBe("2026-11-24T10:40:00.000Z");
    expect(item?.published?.toISOString()).toBe("2026-11-24T08:15:00.000Z");
    expect(item?.authors.map((a) => [a.name, a.url])).toEqual([
      [AUTHOR, `${BASE_URL}${AUTHOR_DIR}/`],
    ]);
    expect(item?.content).toContain("<h2>Виправлення</h2>");
    expect(item?.content).toContain("названо <em>Північним</em>");
    // The correction's <script> is text in the HTML, escaped once more in the XML.
    expect(raw).toContain("&amp;lt;script&amp;gt;alert(1)");
    expect(raw).not.toContain("&lt;script&gt;");
    // The feed was last updated when its newest entry was: the update in January.
    expect(feed.updated?.toISOString()).toBe("2027-01-09T22:00:00.000Z");
  });

  it("RSS: the corrections are in content:encoded, the author is dc:creator", async () => {
    const item = parseFeed(await read("rss.xml")).items.find((i) => i.url === `${BASE_URL}mist/`);
    expect(item?.content).toContain("У першій версії міст було названо");
    expect(item?.authors.map((a) => a.name)).toEqual([AUTHOR]);
  });

  it("JSON Feed: date_modified, the author with their page, the corrections in content_html", async () => {
    const feed = JSON.parse(await read("feed.json")) as {
      items: {
        url: string;
        date_modified?: string;
        authors?: unknown;
        content_html: string;
      }[];
    };
    const item = feed.items.find((i) => i.url === `${BASE_URL}mist/`);
    expect(item?.date_modified).toBe("2026-11-24T12:40:00+02:00");
    expect(item?.authors).toEqual([{ name: AUTHOR, url: `${BASE_URL}${AUTHOR_DIR}/` }]);
    expect(item?.content_html).toContain("Уточнено ім&#39;я мера");
    const plain = feed.items.find((i) => i.url === `${BASE_URL}novyna-02/`);
    expect(plain?.date_modified).toBeUndefined();
    expect(plain?.authors).toBeUndefined();
  });

  it("JSON-LD: dateModified is the update, the author a Person with their page", async () => {
    const html = await read("mist/index.html");
    const json = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)?.[1];
    const ld = JSON.parse(json as string) as Record<string, unknown>;
    expect(ld.datePublished).toBe("2026-11-24T10:15:00+02:00");
    expect(ld.dateModified).toBe("2026-11-24T12:40:00+02:00");
    expect(ld.author).toEqual({
      "@type": "Person",
      name: AUTHOR,
      url: `${BASE_URL}${AUTHOR_DIR}/`,
    });
    expect(ld.sourceOrganization).toEqual({ "@type": "Organization", name: "Міська рада" });
    expect(html).toContain(
      '<meta property="article:modified_time" content="2026-11-24T12:40:00+02:00">',
    );
  });

  it("the sitemap dates an updated article by its update", async () => {
    const sitemap = await read("sitemap.xml");
    expect(sitemap).toContain(
      `<url><loc>${BASE_URL}mist/</loc><lastmod>2026-11-24T12:40:00+02:00</lastmod></url>`,
    );
    expect(sitemap).toContain(
      `<url><loc>${BASE_URL}novyna-02/</loc><lastmod>2026-11-02T08:00:00+02:00</lastmod></url>`,
    );
  });
});

describe("each source's, tag's and author's own feed", () => {
  it("is valid Atom of the newest 20, newest first, about that page", async () => {
    const feed = parseFeed(await read(`${TAG_DIR}/feed.xml`));
    expect(feed.title).toBe(`Новини з тегом «${TAG}» — Вістка`);
    expect(feed.url).toBe(`${BASE_URL}${TAG_DIR}/`);
    expect(feed.self).toBe(`${BASE_URL}${TAG_DIR}/feed.xml`);
    const expected = Array.from({ length: 20 }, (_, n) => {
      const day = String(COUNT - n).padStart(2, "0");
      return `${BASE_URL}novyna-${day}/`;
    });
    expect(feed.items.map((i) => i.url)).toEqual(expected);
  });

  it("of an author carries their articles with the update and the corrections", async () => {
    const feed = parseFeed(await read(`${AUTHOR_DIR}/feed.xml`));
    expect(feed.items.map((i) => i.url)).toEqual(
      ["mist", "novyna-21", "novyna-11", "novyna-01"].map((s) => `${BASE_URL}${s}/`),
    );
    expect(feed.items[0]?.updated?.toISOString()).toBe("2026-11-24T10:40:00.000Z");
    expect(feed.items[0]?.content).toContain("Виправлення");
    const source = parseFeed(await read("sources/miska-rada/feed.xml"));
    expect(source.items).toHaveLength(20);
  });

  it("is linked from the head of every one of that term's pages, and visibly", async () => {
    for (const rel of [`${AUTHOR_DIR}/index.html`, `${AUTHOR_DIR}/page/2/index.html`]) {
      const doc = await page(rel);
      const links = all(doc, 'link[rel="alternate"][type="application/atom+xml"]').map((l) =>
        attr(l, "href"),
      );
      const back = rel.includes("/page/") ? "../../../../" : "../../";
      expect(links, rel).toContain(`${back}${AUTHOR_DIR}/feed.xml`);
      expect(attr(one(doc, ".page-feed a"), "href"), rel).toBe(`${back}${AUTHOR_DIR}/feed.xml`);
    }
    // Other pages link the site's feed alone.
    const front = all(
      await page("index.html"),
      'link[rel="alternate"][type="application/atom+xml"]',
    );
    expect(front.map((l) => attr(l, "href"))).toEqual(["feed.xml"]);
  });

  it("exists only with a baseUrl", async () => {
    const files = await listFiles(noBase);
    expect(files.filter((f) => f.endsWith("feed.xml"))).toEqual([]);
    expect(files).toContain(`${AUTHOR_DIR}/index.html`);
    const doc = await page(`${AUTHOR_DIR}/index.html`, noBase);
    expect(all(doc, 'link[rel="alternate"]')).toHaveLength(0);
    expect(all(doc, ".page-feed")).toHaveLength(0);
  });

  it("is the same bytes when the site is built again", async () => {
    const again = await vistka(
      [
        "build",
        "--quiet",
        "--page-size",
        "2",
        "--base-url",
        BASE_URL,
        "--out",
        "dist-again",
        "--no-cache",
      ],
      dir,
    );
    expect(again.code, again.stderr).toBe(0);
    for (const rel of [`${TAG_DIR}/feed.xml`, `${AUTHOR_DIR}/feed.xml`, "feed.xml"]) {
      const twice = await readFile(path.join(dir, "dist-again", rel), "utf8");
      expect(twice, rel).toBe(await read(rel));
    }
  });
});

describe("the new headers' problems, and inspect", () => {
  const build = async (files: Record<string, string>) => {
    const root = await tempDir("newsroom-problems");
    await writeFiles(root, files);
    return { root, run: await vistka(["build", "--out", "dist", "--no-cache"], root) };
  };

  it("an Оновлено that is no date stops the build with file:line and the forms, no stack", async () => {
    const { run } = await build({
      "articles/a.txt": "Заголовок\n\nДата: 24.11.2026 10:15\nОновлено: після обіду\n\nТекст.\n",
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('articles/a.txt:4: malformed date "після обіду"');
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it("an update before the publication is a warning naming the line; the site is built without it", async () => {
    const { root, run } = await build({
      "articles/a.txt":
        "Заголовок\n\nДжерело: Рада\nДата: 24.11.2026 10:15\nОновлено: 9:00\n\nТекст.\n",
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(
      'articles/a.txt:5: the update "9:00" is before the publication (2026-11-24T10:15:00), so it is left out',
    );
    expect(all(await loadHtml(path.join(root, "dist/a/index.html")), ".updated")).toHaveLength(0);
  });

  it("the slug authors is the site's own", async () => {
    const { run } = await build({ "articles/a.txt": "Заголовок\n\nSlug: authors\n\nТекст.\n" });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('articles/a.txt:3: the slug "authors" is reserved');
  });

  it("inspect shows the update and each correction", async () => {
    const root = await tempDir("newsroom-inspect");
    await writeFiles(root, {
      "a.txt":
        "Заголовок\n\nДата: 24.11.2026 10:15\nUpdated: 12:40\nCorrection: Перше.\nВиправлення: Друге.\n\nТекст.\n",
    });
    const run = await vistka(["inspect", "a.txt"], root);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("updated:    2026-11-24T12:40:00\n");
    expect(run.stdout).toContain("correction: Перше.\ncorrection: Друге.\n");
    const json = JSON.parse((await vistka(["inspect", "a.txt", "--json"], root)).stdout);
    expect([json.updated, json.corrections]).toEqual(["2026-11-24T12:40:00", ["Перше.", "Друге."]]);
  });
});
